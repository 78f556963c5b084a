"""Money for common projects: GNI key, the off-budget EPF, SAFE loans, MFF unanimity and side
payments into a named fund (engine/money.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from autonomy_game.engine.industry import joint_factors
from autonomy_game.engine.money import contribution_key
from autonomy_game.engine.orders import EUROPEAN, FOREIGN, empty_orders
from autonomy_game.engine.resolution import _deliver, _fund_initiatives, resolve
from autonomy_game.engine.state import STATUS_ADOPTED, new_state
from autonomy_game.engine.world import build_world
from autonomy_game.scenario.errors import ScenarioLoadError
from autonomy_game.scenario.model import DOMAINS
from autonomy_game.scenario.validate import load_scenario

SCENARIO = """format: 1
id: money-test
title: Money test
extends: base:eu27
turns: 12
goals:
  victory: {{when: "deterrence >= 0.8", text: Europe holds.}}
  partial: {{when: "deterrence >= 0.5", text: Europe muddles through.}}
{extra}
"""


def _load(tmp_path: Path, extra: str = ""):
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO.format(extra=extra), encoding="utf-8")
    return load_scenario(str(path))


def _adopt_for_all(world, state, ident: str) -> int:
    i = world.initiative_ids.index(ident)
    state.initiative_status[:, i] = STATUS_ADOPTED
    state.initiative_participants_mask[:, i, :] = True
    return i


def _no_orders(world, state):
    return empty_orders(state.batch, len(world.codes), len(DOMAINS), state.defence_pct)


def test_ireland_pays_its_epf_share_by_gni_not_by_its_inflated_gdp(eu27_world):
    world = eu27_world
    state = new_state(world, 1)
    _adopt_for_all(world, state, "epf_ukraine_topup")
    paid, _ = _fund_initiatives(world, state, np.full_like(state.gdp, 1e6))
    ie = world.codes.index("IE")
    key = contribution_key(world, state)[0]
    assert paid[0, ie] / paid[0].sum() == pytest.approx(key[ie] / key.sum())
    by_gdp = state.gdp[0, ie] / state.gdp[0].sum()
    assert paid[0, ie] / paid[0].sum() < 0.85 * by_gdp  # GNI €428 bn against GDP €518 bn


def test_epf_contributions_leave_eu_budget_funds_untouched(eu27_world):
    world = eu27_world
    state = new_state(world, 2)
    state.epf_funds[:] = [0.0, 1.0]
    eu_before = state.eu_funds.copy()
    i = _adopt_for_all(world, state, "epf_ukraine_topup")
    paid, _ = _fund_initiatives(world, state, np.full_like(state.gdp, 1e6))
    assert np.array_equal(state.eu_funds, eu_before)
    _, lead_factor = joint_factors(world, np.array([27.0]))  # all 27 pay: a shorter lead
    quarterly = world.initiative_cost[i] / (world.initiative_lead[i] * lead_factor[0])
    # Game 0: national contributions pay it all; game 1: the Facility's own euro goes first.
    assert paid[0].sum() == pytest.approx(quarterly)
    assert paid[1].sum() == pytest.approx(quarterly - 1.0)
    assert state.epf_funds[1] == 0.0


def test_eu_funded_initiative_draws_on_the_eu_budget_not_the_epf(eu27_world):
    world = eu27_world
    state = new_state(world, 1)
    state.epf_funds[:] = 3.0
    _adopt_for_all(world, state, "asap_production")
    _fund_initiatives(world, state, np.full_like(state.gdp, 1e6))
    assert state.epf_funds[0] == 3.0
    assert state.eu_funds[0] < world.scenario.europe["eu_funds"]


def test_neutral_states_epf_share_buys_non_lethal_aid(eu27_world):
    """Austria, Ireland and Malta pay their EPF share for non-lethal aid only: a top-up paid by
    all delivers less at the front than one paid by the NATO members alone."""
    world = eu27_world
    i = world.initiative_ids.index("epf_ukraine_topup")
    gains = []
    for with_neutrals in (False, True):
        state = new_state(world, 1)
        state.initiative_status[:, i] = STATUS_ADOPTED
        state.initiative_participants_mask[:, i, :] = world.nato | (world.neutral & with_neutrals)
        before = state.ukraine_front.copy()
        delivered = np.zeros(state.initiative_status.shape, bool)
        delivered[:, i] = True
        _deliver(world, state, delivered)
        gains.append(state.ukraine_front[0] - before[0])
    assert gains[0] == pytest.approx(0.03)
    assert 0.015 < gains[1] < gains[0]


SHORT_LOANS = """initiatives:
  safe_loans:
    loans: {draw_quarters: 2, grace_quarters: 3, repay_quarters: 4}
"""


def test_safe_loan_pays_european_orders_and_is_repaid_after_the_grace_period(tmp_path):
    world = build_world(_load(tmp_path, SHORT_LOANS))
    state = new_state(world, 1)
    i = _adopt_for_all(world, state, "safe_loans")
    pl, de = world.codes.index("PL"), world.codes.index("DE")
    delivered = np.zeros(state.initiative_status.shape, bool)
    delivered[:, i] = True
    _deliver(world, state, delivered)
    assert state.loan_credit[0, pl] == pytest.approx(43.7)
    assert state.loan_credit[0, de] == 0.0  # Germany did not ask
    debts, spent = [], []
    for _quarter in range(9):
        orders = _no_orders(world, state)
        # Poland orders far more European air defence than its own money pays for.
        orders.procure[0, EUROPEAN, DOMAINS.index("air_defence"), pl] = 40.0
        ledger = resolve(world, state, orders)
        state.turn += 1
        debts.append(state.loan_debt[0, pl])
        spent.append(ledger.orders[0, pl])
    own_money = state.budget[0, pl] * (1 - world.params["upkeep_share"])
    assert spent[0] > 1.5 * own_money  # the tranche paid for more than the budget allows
    assert debts[1] == pytest.approx(43.7, rel=0.01)  # all drawn in two quarters
    assert debts[2] == pytest.approx(debts[1])  # grace: interest only
    assert debts[-1] == pytest.approx(0.0, abs=1e-9)  # repaid in four quarters after grace
    assert np.all(np.diff(debts[3:]) <= 1e-12)


def test_safe_loan_cannot_buy_foreign_equipment(tmp_path):
    world = build_world(_load(tmp_path, SHORT_LOANS))
    state = new_state(world, 1)
    i = _adopt_for_all(world, state, "safe_loans")
    pl = world.codes.index("PL")
    delivered = np.zeros(state.initiative_status.shape, bool)
    delivered[:, i] = True
    _deliver(world, state, delivered)
    orders = _no_orders(world, state)
    orders.procure[0, FOREIGN, DOMAINS.index("air_defence"), pl] = 2 * state.budget[0, pl]
    ledger = resolve(world, state, orders)
    assert state.loan_debt[0, pl] == 0.0
    assert ledger.orders[0, pl] <= ledger.discretionary[0, pl] + 1e-9
    assert ledger.discretionary[0, pl] == pytest.approx(
        state.budget[0, pl] * (1 - world.params["upkeep_share"]))


def test_mff_top_up_without_unanimity_is_refused_citing_tfeu_312(tmp_path):
    extra = "initiatives:\n  mff_defence_topup: {rule: qmv}\n"
    with pytest.raises(ScenarioLoadError) as err:
        _load(tmp_path, extra)
    message = str(err.value)
    assert "scenario.yaml:" in message or "eu27.yaml:" in message
    assert "TFEU 312(2)" in message and "mff_defence_topup" in message


def test_epf_paid_initiative_must_be_unanimous_teu_31(tmp_path):
    extra = "initiatives:\n  epf_ukraine_topup: {rule: qmv}\n"
    with pytest.raises(ScenarioLoadError, match=r"TEU 31\(1\)"):
        _load(tmp_path, extra)


def test_side_payment_pays_the_targets_share_of_joint_projects_not_its_budget(eu27_world):
    world = eu27_world
    state = new_state(world, 1)
    i = _adopt_for_all(world, state, "epf_ukraine_topup")
    de, hu = world.codes.index("DE"), world.codes.index("HU")
    fiscal_before = state.fiscal_space[0, hu]
    orders = _no_orders(world, state)
    orders.transfers.append((de, hu, 0.05))
    ledger = resolve(world, state, orders)
    assert ledger.transfers[0, de] == pytest.approx(0.05)
    assert state.cofinance_credit[0, hu] == pytest.approx(0.05)
    # Next quarter the account pays Hungary's share of the Peace Facility top-up first.
    state.turn += 1
    state.initiative_status[:, i] = STATUS_ADOPTED
    ledger = resolve(world, state, _no_orders(world, state))
    _, lead_factor = joint_factors(world, np.array([27.0]))
    share = world.initiative_cost[i] / (world.initiative_lead[i] * lead_factor[0]) * (
        contribution_key(world, state)[0, hu] / contribution_key(world, state)[0].sum())
    assert ledger.initiatives[0, hu] == pytest.approx(max(share - 0.05, 0.0), rel=1e-6)
    assert state.fiscal_space[0, hu] <= fiscal_before + 0.011  # only the quarterly drift
