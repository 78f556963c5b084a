"""Budgets, lead times, money and the phase machinery of the live game."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine.game import Game
from autonomy_game.engine.orders import EUROPEAN, FOREIGN, empty_orders
from autonomy_game.engine.resolution import pct_limits, resolve
from autonomy_game.engine.state import new_state
from autonomy_game.scenario.model import DOMAINS


def _to_orders(game: Game) -> None:
    while game.phase != "orders":
        game.advance()


def test_budget_rise_is_limited_by_fiscal_space(eu27_world):
    state = new_state(eu27_world, 1)
    low, high = pct_limits(eu27_world, state)
    step = high[0] - state.defence_pct[0]
    de, it = eu27_world.codes.index("DE"), eu27_world.codes.index("IT")
    assert state.fiscal_space[0, de] > state.fiscal_space[0, it]
    assert step[de] > step[it]
    assert np.all(low[0] >= 0.2)


def test_player_cannot_set_spending_beyond_the_limit(eu27):
    game = Game(eu27, seed=1, humans=["IT"])
    _to_orders(game)
    _, high = game.budget_limits("IT")
    with pytest.raises(A.IllegalAction, match="can set between"):
        game.apply(A.SetDefencePct("IT", high + 0.5))
    game.apply(A.SetDefencePct("IT", high))
    assert game.orders.target_pct[0, game.index("IT")] == pytest.approx(high)


def test_player_cannot_spend_more_than_the_quarter_allows(eu27):
    game = Game(eu27, seed=1, humans=["EE"])
    _to_orders(game)
    room = game.discretionary("EE")
    with pytest.raises(A.IllegalAction, match="would spend"):
        game.apply(A.Procure("EE", "air_defence", True, room * 3))
    before = game.orders.procure.copy()
    assert np.array_equal(game.orders.procure, before)  # the refused order changed nothing


def test_ai_seat_refuses_human_orders(eu27):
    game = Game(eu27, seed=1, humans=["PL"])
    _to_orders(game)
    with pytest.raises(A.IllegalAction, match="played by the AI"):
        game.apply(A.SetDefencePct("DE", 3.0))


@pytest.mark.parametrize("european", [True, False])
def test_procurement_arrives_after_its_lead_time(eu27_world, european):
    d = DOMAINS.index("air_defence")
    lead = int(eu27_world.lead_european[d] if european else eu27_world.lead_foreign[d])
    # A game long enough for the order to arrive (an order due after the end is never filed).
    world = dataclasses.replace(eu27_world, turns=lead + 2)
    state = new_state(world, 1)
    n = world.codes.index("PL")
    points_bought = 1.0  # well inside the quarter's budget, so nothing is scaled
    history = []
    for turn in range(lead + 2):
        orders = empty_orders(1, len(world.codes), len(DOMAINS), state.defence_pct)
        if turn == 0:
            orders.procure[0, EUROPEAN if european else FOREIGN, d, n] = (
                points_bought * world.cost[d])
        before = state.capability[0, d, n]
        resolve(world, state, orders)
        state.turn += 1
        history.append(state.capability[0, d, n] - before * (1 - world.params["depreciation"]))
    arrivals = np.flatnonzero(np.array(history) > 1e-9)
    assert list(arrivals) == [lead]
    assert history[lead] == pytest.approx(points_bought)


def test_foreign_purchases_raise_atlanticism_and_european_ones_do_not(eu27_world):
    world = eu27_world
    results = {}
    for origin in (EUROPEAN, FOREIGN):
        state = new_state(world, 1)
        orders = empty_orders(1, len(world.codes), len(DOMAINS), state.defence_pct)
        orders.procure[0, origin, DOMAINS.index("air"), world.codes.index("FR")] = 2.0
        resolve(world, state, orders)
        results[origin] = state.atlanticism[0, world.codes.index("FR")]
    assert results[FOREIGN] > results[EUROPEAN]


def test_money_spent_equals_money_allocated_and_never_exceeds_budget(eu27_world):
    from autonomy_game.engine.ai import ai_orders

    world = eu27_world
    state = new_state(world, 50)
    rng = np.random.default_rng(4)
    for _ in range(4):
        orders, _ = ai_orders(world, state, rng)
        orders.procure *= 3.0  # ask for far too much: resolution must scale it down
        ledger = resolve(world, state, orders)
        state.turn += 1
        total = ledger.initiatives + ledger.orders + ledger.transfers
        assert np.allclose(state.spent, total)
        assert np.all(state.spent <= ledger.discretionary + 1e-9)


def test_phases_run_in_order_and_end_the_game(eu27):
    game = Game(eu27, seed=2, humans=["FR"])
    seen = []
    while game.phase != "ended":
        seen.append(game.phase)
        game.advance()
    assert seen[:4] == ["events", "council", "orders", "report"]
    assert game.state.turn == eu27.turns
    assert game.outcome in {"victory", "partial", "failure", "defeat"}
    assert len(game.history) == eu27.turns + 1


def test_persuasion_spends_capital_and_moves_the_target(eu27):
    game = Game(eu27, seed=5, humans=["PL"])
    game.advance()
    iid = next(i for i in game.world.initiative_ids
               if A.Propose("PL", i) in game.legal_actions("PL"))
    game.apply(A.Propose("PL", iid))
    before = {s.state: s.total for s in game.vote_intentions(iid)}
    capital = float(game.state.capital[0, game.index("PL")])
    game.apply(A.Persuade("PL", "HU", iid, 2.0))
    after = {s.state: s.total for s in game.vote_intentions(iid)}
    assert after["HU"] == pytest.approx(before["HU"] + 2.0 * game.world.params[
        "persuasion_effect"], abs=1e-5)
    assert game.state.capital[0, game.index("PL")] == pytest.approx(capital - 2.0)
    with pytest.raises(A.IllegalAction, match="political capital"):
        game.apply(A.Persuade("PL", "HU", iid, 500.0))


def test_a_human_abstention_survives_a_new_proposal(eu27):
    from autonomy_game.engine.council import ABSTAIN

    game = Game(eu27, seed=5, humans=["PL", "DE"])
    game.advance()
    open_ids = [a.initiative for a in game.legal_actions("PL") if isinstance(a, A.Propose)]
    game.apply(A.Propose("PL", open_ids[0]))
    game.apply(A.Vote("PL", open_ids[0], ABSTAIN))
    game.apply(A.Propose("DE", open_ids[1]))
    stance = {s.state: s.vote for s in game.vote_intentions(open_ids[0])}
    assert stance["PL"] == ABSTAIN


def test_discretionary_money_is_known_in_every_phase(eu27):
    game = Game(eu27, seed=1, humans=["FR"])
    seen = set()
    while game.phase != "ended" and len(seen) < 4:
        seen.add(game.phase)
        assert game.discretionary("FR") > 0
        game.advance()


@pytest.mark.parametrize("delivering_games", [(1,), (0, 1, 2, 3)])
def test_delivered_initiative_shares_capability_by_gni_and_protects_participants_hubs(
        eu27_world, delivering_games):
    """ESSI delivers air defence to its participants in proportion to their contribution key
    (GNI: Germany's is 3.5 % above its GDP) and protects
    their hubs against missiles; games that do not deliver this quarter are untouched (both
    when few games deliver and when most of the batch does)."""
    from autonomy_game.engine.industry import joint_factors
    from autonomy_game.engine.resolution import _deliver
    from autonomy_game.engine.state import STATUS_ADOPTED, STATUS_DELIVERED

    world = eu27_world
    state = new_state(world, 5)
    i = world.initiative_ids.index("essi")
    d = DOMAINS.index("air_defence")
    members = [world.codes.index(c) for c in ("DE", "PL", "EE")]
    state.initiative_status[:, i] = STATUS_ADOPTED
    state.initiative_participants_mask[:, i, members] = True
    before = state.copy()
    delivered = np.zeros(state.initiative_status.shape, bool)
    delivered[list(delivering_games), i] = True
    _deliver(world, state, delivered)

    gdp = before.gdp[0, members] * world.contribution_ratio[members]
    for b in range(5):
        gain = state.capability[b, d] - before.capability[b, d]
        protection = state.hub_protection[b] - before.hub_protection[b]
        if b in delivering_games:
            assert state.initiative_status[b, i] == STATUS_DELIVERED
            # Three buyers together get more per euro than one (the scale gain, industry.py).
            scale, _ = joint_factors(world, np.array([3.0]))
            total = world.deliver_capability[i, d] * scale[0]
            assert gain[members] == pytest.approx(total * gdp / gdp.sum())
            assert gain.sum() == pytest.approx(total)
            theirs = np.isin(world.hub_country, members)
            assert theirs.any() and (~theirs).any()
            assert np.allclose(protection[theirs], world.deliver_protection[i])
            assert np.all(protection[~theirs] == 0.0)
        else:
            assert state.initiative_status[b, i] == STATUS_ADOPTED
            assert np.all(gain == 0.0) and np.all(protection == 0.0)


def test_an_order_due_after_the_last_turn_never_arrives_and_is_not_on_order(eu27_world):
    """Orders placed too late to arrive within the game are paid for but never counted as on
    order: they would make a gap look covered that never is (issue 9)."""
    world = eu27_world
    d = DOMAINS.index("air_defence")
    lead = int(world.lead_european[d])
    assert lead >= world.turns  # the whole game is shorter than this lead time
    state = new_state(world, 1)
    n = world.codes.index("PL")
    capability = []
    for _ in range(world.turns):
        orders = empty_orders(1, len(world.codes), len(DOMAINS), state.defence_pct)
        orders.procure[0, EUROPEAN, d, n] = 1.0 * world.cost[d]
        ledger = resolve(world, state, orders)
        assert ledger.orders[0, n] == pytest.approx(world.cost[d])  # the money is spent
        state.turn += 1
        capability.append(float(state.capability[0, d, n]))
    assert all(b <= a for a, b in itertools.pairwise(capability))  # it only wears down
    assert state.on_order[0, d, n] == 0.0


def test_initiatives_receive_what_participants_pay_and_nothing_without_participants(eu27_world):
    """Where every member pays in full an initiative gets what it asked; where a member falls
    short it gets the members' payments; an initiative nobody joined gets nothing."""
    from autonomy_game.engine.shares import gdp_rates, member_bills, paid_per_initiative

    world = eu27_world
    rng = np.random.default_rng(3)
    state = new_state(world, 6)
    mask = state.initiative_participants_mask
    mask[:] = rng.random(mask.shape) < 0.5
    state.initiative_participants_mask[:, 0] = False  # nobody joined initiative 0
    amounts = rng.uniform(0.1, 2.0, state.initiative_status.shape)
    rates = gdp_rates(state, amounts)
    bills = member_bills(state, rates)
    can = np.ones_like(bills)
    can[2, 5] = 0.4  # one member of game 2 pays only 40 % of its bill
    paid = paid_per_initiative(state, amounts, rates, can)
    expected = np.einsum("bin,bn->bi", state.initiative_participants_mask,
                         state.gdp * can) * rates
    assert np.allclose(paid, expected)
    assert np.all(paid[:, 0] == 0.0) and np.all(bills >= 0.0)
    full = np.arange(6) != 2
    assert np.allclose(paid[full][:, 1:], amounts[full][:, 1:])
    # Money is conserved: what members owe equals what initiatives were asked (game by game).
    assert np.allclose(bills.sum(axis=1), amounts[:, 1:].sum(axis=1))


def test_withdrawing_us_enablers_opens_that_gap_alone_and_the_ai_buys_to_fill_it(eu27_world):
    """`us.enablers` lowers U.S. support in one domain: only its gap opens, and the AI's
    procurement turns towards it."""
    from autonomy_game.engine.ai import _procurement_weights
    from autonomy_game.engine.expressions import EvalContext, compile_statement
    from autonomy_game.engine.indicators import update_indicators

    world = eu27_world
    state = new_state(world, 1)
    enablers = DOMAINS.index("enablers")
    gap_before = state.gap.copy()

    def enabler_share() -> float:
        wish = _procurement_weights(world, state)[0]  # [D, N]
        return float(wish[enablers].sum() / wish.sum())

    buy_before = enabler_share()
    compile_statement("us.enablers -= 0.6", world.names).execute(EvalContext(state, world))
    update_indicators(world, state)
    assert state.us_presence[0, enablers] == pytest.approx(0.4)
    assert state.gap[0, enablers] > gap_before[0, enablers]
    others = np.arange(len(DOMAINS)) != enablers
    assert np.array_equal(state.gap[0, others], gap_before[0, others])
    assert enabler_share() > buy_before


def test_unknown_us_domain_is_refused_with_a_suggestion(eu27_world):
    from autonomy_game.engine.expressions import ExpressionError, compile_expression

    with pytest.raises(ExpressionError, match=r"did you mean 'us\.enablers'"):
        compile_expression("us.enabler < 0.5", eu27_world.names)


def test_equipment_handed_over_from_abroad_adds_capability_but_not_autonomy(eu27_world):
    """An effect that raises cap_foreign with cap counts as capability (deterrence) but not
    as European-made (autonomy); the same capability without it counts as European."""
    from autonomy_game.engine.expressions import EvalContext, compile_statement
    from autonomy_game.engine.indicators import update_indicators

    world = eu27_world
    results = {}
    for effects in (["PL.cap.isr += 20"], ["PL.cap.isr += 20", "PL.cap_foreign.isr += 20"]):
        state = new_state(world, 1)
        update_indicators(world, state)
        before = float(state.autonomy[0])
        for text in effects:
            compile_statement(text, world.names).execute(EvalContext(state, world))
        update_indicators(world, state)
        isr = DOMAINS.index("isr")
        results[len(effects)] = (float(state.autonomy[0]) - before, float(state.gap[0, isr]))
    (european_gain, european_gap), (foreign_gain, foreign_gap) = results[1], results[2]
    assert european_gain > 0.0
    assert foreign_gain == pytest.approx(0.0, abs=1e-9)
    assert foreign_gap == pytest.approx(european_gap)  # the same capability either way


def test_a_players_corridor_and_hub_orders_build_capacity_and_protection(eu27):
    """The advisor's money for the seat's own corridors and hubs arrives as editable
    per-corridor and per-hub orders; what the player sets there is what resolution builds."""
    from autonomy_game.scenario.model import PROTECTIONS

    game = Game(eu27, seed=2, humans=["PL"])
    _to_orders(game)
    world, n = game.world, game.index("PL")
    orders = game.orders
    assert orders.corridor is not None and orders.protect is not None
    own_corridor_money = float(game.advisor.corridor[0, n].sum())
    assert own_corridor_money == pytest.approx(float(orders.corridor[0, n].sum()))
    assert np.all(orders.corridor[0, n][world.owned_corridor_share[n] == 0] == 0.0)
    # Move all of PL's corridor money to one corridor and protect one hub against strikes.
    c, h = world.corridor_ids.index("PL_RAIL_N"), world.hub_ids.index("GDN")
    for cid in world.corridor_ids:
        if orders.corridor[0, n, world.corridor_ids.index(cid)] > 0:
            game.apply(A.InvestCorridor("PL", cid, 0.0))
    # Make room: no materiel aid this quarter.
    game.apply(A.AidUkraine("PL", float(orders.aid_rounds[0, n]), 0.0))
    game.apply(A.InvestCorridor("PL", "PL_RAIL_N", 0.3))
    game.apply(A.Protect("PL", "GDN", "air_defence", 0.2))
    capacity = game.state.corridor_capacity.copy()
    protection = game.state.hub_protection.copy()
    # Every member's corridor money, the player's included (all fit their budgets here); the
    # AI seats keep theirs in the compact per-member form, as in a batch.
    everyone = game.orders.corridor_money(world.owned_corridor_share,
                                          np.ones((1, len(world.codes))))[0]
    while game.phase != "report":
        game.advance()
    p = world.params
    built = game.state.corridor_capacity[0] - capacity[0]
    assert game.orders.corridor[0, n, c] == 0.3
    assert built[c] == pytest.approx(everyone[c] / p["corridor_cost"], rel=1e-6)
    gained = game.state.hub_protection[0, h, PROTECTIONS.index("air_defence")] - protection[
        0, h, PROTECTIONS.index("air_defence")]
    assert gained >= 0.2 / (10.0 * p["protection_cost"]) - 1e-9


def test_ai_holds_materiel_back_while_anything_waits_and_rounds_only_while_rounds_wait(
        eu27_world):
    """Shells cross the network first, so materiel waiting at the border holds back new
    materiel but not new rounds; rounds waiting hold back rounds. Either would only queue."""
    from autonomy_game.engine.ai import ai_orders

    world = eu27_world
    kt = world.scenario.ukraine.kt_per_k_rounds
    sent = {}
    for case, backlog, rounds_waiting in (("clear", 0.0, 0.0), ("materiel", 500.0, 0.0),
                                          ("rounds", 500.0, 500.0 / kt)):
        state = new_state(world, 1)
        state.ukraine_delivered[:] = 0.5  # Ukraine is short, so the AI wants to send
        state.aid_backlog[:] = backlog
        state.backlog_rounds[:] = rounds_waiting
        state.aid_flow[:] = 50.0
        orders, _ = ai_orders(world, state, np.random.default_rng(7))
        sent[case] = (orders.aid_rounds.sum(), orders.aid_materiel.sum())
    assert sent["materiel"][1] < 0.6 * sent["clear"][1]
    assert sent["materiel"][0] == pytest.approx(sent["clear"][0])
    assert sent["rounds"][0] < 0.6 * sent["clear"][0]


def test_own_hub_money_favours_hubs_that_more_corridors_pass(eu27_world):
    world = eu27_world
    n = world.codes.index("PL")
    through = world.incidence.sum(axis=0)
    own = np.flatnonzero(world.hub_owner_matrix[n])
    share = world.owned_hub_share[n, own]
    assert share.sum() == pytest.approx(1.0)
    busiest, quietest = own[np.argmax(through[own])], own[np.argmin(through[own])]
    assert through[busiest] > through[quietest]
    assert world.owned_hub_share[n, busiest] > world.owned_hub_share[n, quietest]
