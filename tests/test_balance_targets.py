"""The balance run's bookkeeping and targets, with the cells' games made up (known answers).

The policy runner is replaced by a function that returns chosen outcomes per cell, so what
each target must say is known exactly; the real runner is exercised in test_cli_balance.
"""

from __future__ import annotations

import numpy as np
import pytest

from autonomy_game.balance import measure as measure_module
from autonomy_game.balance.cells import Cell
from autonomy_game.balance.doctrines import DoctrineInfo
from autonomy_game.balance.report import to_json, to_text
from autonomy_game.balance.run import CellResult
from autonomy_game.engine.policy.base import BatchRun
from autonomy_game.engine.state import OUTCOME_DEFEAT, OUTCOME_VICTORY
from autonomy_game.engine.world import build_world
from autonomy_game.scenario.validate import load_scenario

RUNS = 100
EVENT = "council-decides"  # the tutorial's one choice event: joint_patrol or national_patrols


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario("tutorial")


def fake_cell(world, wins_of):
    """A run_cell stand-in: game g is won when g < wins_of(cell) * RUNS; the choice event
    fires in the even games; secret objectives are never met."""
    e, k = len(world.events), len(world.objective_codes)
    fired = np.zeros((RUNS, e), bool)
    index = next(ev.index for ev in world.events if ev.id == EVENT)

    def run_cell(scenario, cell, runs, seed, world=None, chunk=None):
        assert runs == RUNS and seed == 5
        won = np.arange(runs) < round(wins_of(cell) * runs)
        f = fired.copy()
        if cell.event_off != EVENT:
            f[::2, index] = True
        run = BatchRun(scenario.id, seed, dict(cell.seats),
                       np.where(won, OUTCOME_VICTORY, OUTCOME_DEFEAT), np.full(runs, 5),
                       np.where(won, -1, 0), f, f * 4, np.where(f, 0, -1),
                       np.zeros((runs, k), bool), np.zeros((runs, 0), bool),
                       np.zeros((runs, 0), int))
        return CellResult(cell, run, 0.01)

    return run_cell


DOCTRINES = [
    DoctrineInfo("all-shells", "all-shells.yaml", None, None, "single"),
    DoctrineInfo("tutorial-thoughtful", "t.yaml", "FR", "tutorial", "thoughtful"),
]


def wins(cell: Cell) -> float:
    if cell.key == "ai":
        return 0.5
    if cell.key == "doctrine:all-shells@DE":
        return 0.75  # one seat: above the 70 % cap
    if cell.key == "doctrine:all-shells@all":
        return 0.8  # every seat: exactly at the 80 % cap, which is allowed
    if cell.key == "doctrine:tutorial-thoughtful@FR":
        return 0.66  # AI + 16 pp
    if cell.key == "votes-no@DE":
        return 0.05  # 45 pp below the AI
    if cell.key == f"force:{EVENT}=joint_patrol":
        return 0.5
    if cell.key == f"force:{EVENT}=national_patrols":
        return 0.3
    return 0.5


def run_fake(monkeypatch, tutorial, wins_of=wins):
    world = build_world(tutorial)
    monkeypatch.setattr(measure_module, "run_cell", fake_cell(world, wins_of))
    return measure_module.measure(tutorial, RUNS, 5, DOCTRINES)


def targets_of(m):
    return {t.name: t for t in m.targets}


def test_targets_report_the_made_up_figures(monkeypatch, tutorial):
    t = targets_of(run_fake(monkeypatch, tutorial))
    assert t["ai_baseline_victory"].value == 0.5 and t["ai_baseline_victory"].met
    assert t["single_lever_one_seat_max_victory"].value == 0.75
    assert not t["single_lever_one_seat_max_victory"].met
    assert t["single_lever_every_seat_max_victory"].met
    assert t["thoughtful_minus_ai_victory"].value == pytest.approx(0.16)
    assert t["thoughtful_minus_ai_victory"].met
    assert t["single_seat_voting_max_victory_swing"].value == pytest.approx(0.45)
    assert not t["single_seat_voting_max_victory_swing"].met


def test_choice_gap_is_measured_among_the_games_where_the_event_fired(monkeypatch, tutorial):
    m = run_fake(monkeypatch, tutorial)
    (effect,) = m.choices
    # Wins are games 0..49 vs 0..29; the event fires in even games (50 of them): 25 vs 15.
    assert effect.fired_games == 50
    assert effect.victory == pytest.approx([0.5, 0.3])
    assert effect.best == "joint_patrol" and effect.dominance == 1.0
    t = targets_of(m)
    assert t["choice_max_victory_swing"].value == pytest.approx(0.2)
    assert t["choice_events_with_dilemma_share"].value == 0.0


def test_every_event_that_fired_is_switched_off_once(monkeypatch, tutorial):
    m = run_fake(monkeypatch, tutorial)
    assert [s.event for s in m.swings] == [EVENT]
    assert m.swings[0].swing == 0.0  # the made-up games ignore the event


def test_json_has_targets_with_exactly_the_four_keys(monkeypatch, tutorial):
    out = to_json(run_fake(monkeypatch, tutorial))
    assert out["targets"] and all(set(t) == {"name", "value", "goal", "met"}
                                  for t in out["targets"])
    assert out["all_met"] is False
    keys = {c["key"] for c in out["cells"]}
    assert {"ai", "passive@all", "random@DE", "ai+0.5%gdp", f"force:{EVENT}=joint_patrol",
            f"off:{EVENT}", "doctrine:tutorial-thoughtful@FR"} <= keys
    assert "NO" in to_text(run_fake(monkeypatch, tutorial))


def test_sensible_policies_are_the_ai_its_spending_levels_and_the_thoughtful_doctrine(
        monkeypatch, tutorial):
    m = run_fake(monkeypatch, tutorial)
    assert set(m.sensible) == {"ai", "ai-0.5%gdp", "ai+0.5%gdp",
                               "doctrine:tutorial-thoughtful@FR",
                               "doctrine:tutorial-thoughtful@all"}
    # Made-up games: game g's result does not depend on the policy beyond the first rows.
    assert m.variance is not None and 0.0 <= m.variance.policy <= 1.0
