"""The base data's years, keys and flags: base year, GNI key, Cyprus, Unterlüß, U.S. guarantee."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from autonomy_game.engine.alliance import feel_withdrawal, guarantee_shortfall
from autonomy_game.engine.indicators import update_indicators
from autonomy_game.engine.orders import empty_orders
from autonomy_game.engine.resolution import resolve
from autonomy_game.engine.state import new_state
from autonomy_game.engine.world import build_world
from autonomy_game.scenario.errors import ScenarioLoadError
from autonomy_game.scenario.model import DOMAINS
from autonomy_game.scenario.validate import load_scenario

PLAIN = """format: 1
id: base-year-test
title: Base year test
extends: base:eu27
start: {{year: {year}, quarter: 1}}
{extra}
turns: 8
goals:
  victory: {{when: "deterrence >= 0.8", text: Europe holds.}}
  partial: {{when: "deterrence >= 0.5", text: Europe muddles through.}}
"""


def _scenario(tmp_path: Path, year: int = 2027, extra: str = ""):
    path = tmp_path / "scenario.yaml"
    path.write_text(PLAIN.format(year=year, extra=extra), encoding="utf-8")
    return load_scenario(str(path))


def test_base_year_2025_starts_from_natos_2025_estimates(tmp_path, eu27):
    later = _scenario(tmp_path, extra="base_year: 2025")
    assert eu27.base_year == 2024
    assert eu27.states["PL"].defence_pct == pytest.approx(4.07)
    assert later.states["PL"].defence_pct == pytest.approx(4.48)
    assert later.states["LT"].defence_pct == pytest.approx(4.00)
    assert later.states["LV"].defence_pct == pytest.approx(3.73)
    # The figure's source follows the year it comes from.
    assert later.states["PL"].sources["defence_pct"] == "nato_2025_estimates"
    assert eu27.states["PL"].sources["defence_pct"] == "nato_2024_annual_report"


def test_every_nato_ally_spends_at_least_two_percent_from_base_year_2025(tmp_path):
    later = _scenario(tmp_path, extra="base_year: 2025")
    allies = {c: s.defence_pct for c, s in later.states.items() if s.nato}
    assert len(allies) == 23
    assert min(allies.values()) >= 2.0


def test_base_year_changes_the_starting_spending_of_the_engine(tmp_path, eu27_world):
    later = build_world(_scenario(tmp_path, extra="base_year: 2025"))
    es = later.codes.index("ES")
    before = new_state(eu27_world, 1).budget[0, es]
    after = new_state(later, 1).budget[0, es]
    assert after / before == pytest.approx(2.00 / 1.24)


def test_a_base_year_without_figures_is_refused_with_its_position(tmp_path):
    with pytest.raises(ScenarioLoadError) as err:
        _scenario(tmp_path, extra="base_year: 2026")
    assert "scenario.yaml:6:" in str(err.value)
    assert "base_year" in str(err.value)


def test_cyprus_is_outside_nato_but_not_neutral(eu27):
    cyprus = eu27.states["CY"]
    assert not cyprus.nato and not cyprus.neutral
    assert cyprus.sources["neutral"] == "cyprus_nato_status"
    assert {c for c, s in eu27.states.items() if s.neutral} == {"AT", "IE", "MT"}


def test_ireland_contributes_by_its_gni_not_its_inflated_gdp(eu27, eu27_world):
    ie = eu27_world.codes.index("IE")
    assert eu27.states["IE"].gni == pytest.approx(428)
    assert eu27.states["IE"].gdp * eu27_world.contribution_ratio[ie] == pytest.approx(428)
    # States without a separate GNI figure contribute by their GDP.
    it = eu27_world.codes.index("IT")
    assert eu27_world.contribution_ratio[it] == 1.0


def test_polands_gdp_is_no_longer_five_percent_low(eu27):
    assert eu27.states["PL"].gdp == pytest.approx(840)
    assert eu27.states["PL"].sources["gdp"] == "gus_poland_gdp_2024"


def test_unterluess_ramp_adds_german_shell_capacity_year_by_year(tmp_path, eu27_world):
    de = eu27_world.codes.index("DE")
    by_year = {}
    for year in (2024, 2025, 2026, 2027, 2028):
        world = build_world(_scenario(tmp_path, year=year))
        by_year[year] = new_state(world, 1).shell_capacity[0, de]
    base = eu27_world.scenario.states["DE"].shell_capacity
    assert by_year[2024] == pytest.approx(base)
    assert by_year[2025] == pytest.approx(base + 25 / 4)
    assert by_year[2026] == pytest.approx(base + 140 / 4)
    assert by_year[2027] == pytest.approx(base + 350 / 4)
    assert by_year[2028] == pytest.approx(base + 350 / 4)


def test_unterluess_ramp_steps_up_during_play_at_the_turn_of_the_year(tmp_path):
    world = build_world(_scenario(tmp_path, year=2025))  # turn 5 is 2026 Q1
    de = world.codes.index("DE")
    state = new_state(world, 2)
    capacity = [state.shell_capacity[0, de]]
    for _ in range(5):
        orders = empty_orders(2, len(world.codes), len(DOMAINS), state.defence_pct)
        resolve(world, state, orders)
        state.turn += 1
        capacity.append(state.shell_capacity[0, de])
    steps = np.diff(capacity)
    assert steps[:3] == pytest.approx([0, 0, 0])
    assert steps[3] == pytest.approx((140 - 25) / 4)  # into turn 5, the first quarter of 2026
    assert steps[4] == pytest.approx(0)


def test_us_withdrawal_weakens_deterrence_beyond_the_lost_equipment(eu27_world):
    state = new_state(eu27_world, 2)
    state.us_commitment[:] = [1.0, 0.3]
    update_indicators(eu27_world, state)
    shortfall = guarantee_shortfall(eu27_world, state)
    assert shortfall[0] == pytest.approx(0.0)
    assert shortfall[1] > 0.05
    # Without the guarantee term, deterrence would be higher by exactly the shortfall.
    coverage_only = state.deterrence[1] + shortfall[1]
    assert state.deterrence[1] < coverage_only


def test_nuclear_sharing_hosts_make_the_us_guarantee_more_credible(eu27):
    import dataclasses

    states = {c: dataclasses.replace(s, nuclear_sharing=False) for c, s in eu27.states.items()}
    without_hosts = build_world(dataclasses.replace(eu27, states=states))
    with_hosts = build_world(eu27)
    assert int(with_hosts.nuclear_sharing.sum()) == 4  # BE, DE, IT, NL (Türkiye is not in the EU)
    a, b = new_state(with_hosts, 1), new_state(without_hosts, 1)
    for s in (a, b):
        s.us_commitment[:] = 0.4
    assert guarantee_shortfall(without_hosts, b)[0] > guarantee_shortfall(with_hosts, a)[0]


def test_nato_members_feel_a_withdrawal_and_hosts_feel_it_most(eu27_world):
    state = new_state(eu27_world, 1)
    state.threat[:, 0] = 0.5  # the same fear everywhere, so no one is at the ceiling
    before_threat = state.threat[0, 0].copy()
    before_atl = state.atlanticism[0].copy()
    state.us_commitment[:] = 0.6
    feel_withdrawal(eu27_world, state)
    gain = state.threat[0, 0] - before_threat
    idx = eu27_world.codes.index
    assert gain[idx("AT")] == 0.0 and gain[idx("IE")] == 0.0  # neutral, outside NATO
    assert gain[idx("DE")] > gain[idx("PL")] > gain[idx("ES")] > 0.0  # by U.S. troops hosted
    assert state.atlanticism[0, idx("NL")] < before_atl[idx("NL")]
    assert state.atlanticism[0, idx("AT")] == before_atl[idx("AT")]
    # The same loss is felt once.
    again = state.threat[0, 0].copy()
    feel_withdrawal(eu27_world, state)
    assert np.array_equal(state.threat[0, 0], again)
