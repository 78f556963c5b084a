"""Issue 9's economics: the AI plans with the clock, aid crosses the network shells first,
risks follow what players protect, and the ammunition pledge pays in proportion."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autonomy_game.engine.expressions import EvalContext, compile_statement
from autonomy_game.engine.late_orders import arrives_in_time
from autonomy_game.engine.network import move_aid
from autonomy_game.engine.policy.audit import measure_late_orders
from autonomy_game.engine.state import new_state
from autonomy_game.engine.world import build_world
from tests.support.bundled import bundled_scenario

MAIN_SCENARIOS = ("us-withdrawal", "ammunition-cofunding", "supply-line-crisis")


@pytest.fixture(scope="module")
def supply_world():
    return build_world(bundled_scenario("supply-line-crisis"))


@pytest.mark.parametrize("scenario_id", MAIN_SCENARIOS)
def test_the_advisor_spends_under_two_percent_of_its_order_money_on_late_deliveries(
        scenario_id):
    audit = measure_late_orders(bundled_scenario(scenario_id), 200, seed=5)
    assert audit.money > 0
    assert audit.late_share < 0.02


def test_an_order_arrives_in_time_only_if_its_lead_time_ends_by_the_last_turn(supply_world):
    world = supply_world
    leads = np.stack([world.lead_european, world.lead_foreign])
    for turn in (0, 5, world.turns - 1):
        assert np.array_equal(arrives_in_time(world, turn), turn + leads < world.turns)
    assert not arrives_in_time(world, world.turns - 1).any()  # nothing with a lead arrives


def test_shells_cross_the_network_before_materiel(supply_world):
    state = new_state(supply_world, 1)
    capacity = float(state.corridor_capacity.sum())  # an upper bound of what moves
    shells, materiel = move_aid(supply_world, state, np.array([10.0]),
                                np.array([10 * capacity]), np.array([1.0]))
    assert shells[0] == pytest.approx(10.0)
    assert materiel[0] > 0  # materiel fills what remains
    assert state.aid_backlog[0] == pytest.approx(10.0 + 10 * capacity - shells[0] - materiel[0])


@settings(max_examples=60, deadline=None)
@given(shells=st.floats(0, 200), materiel=st.floats(0, 400), extra=st.floats(0, 400),
       health=st.floats(0.05, 1.0))
def test_more_materiel_never_lowers_the_shells_delivered(shells, materiel, extra, health):
    world = build_world(bundled_scenario("supply-line-crisis"))
    moved = []
    for load in (materiel, materiel + extra):
        state = new_state(world, 1)
        state.hub_health[:] = health  # a damaged network, so capacity binds
        s, _ = move_aid(world, state, np.array([shells]), np.array([load]), np.array([1.0]))
        moved.append(s[0])
    assert moved[1] >= moved[0] - 1e-9


def test_proportional_loading_is_the_players_choice_and_lets_materiel_crowd_out_shells(
        supply_world):
    moved = {}
    for first in (1.0, 0.0):
        state = new_state(supply_world, 1)
        state.hub_health[:] = 0.3
        s, _ = move_aid(supply_world, state, np.array([30.0]), np.array([300.0]),
                        np.array([first]))
        moved[first] = s[0]
    assert moved[0.0] < moved[1.0]


def test_protection_lowers_a_strikes_chance():
    """rzeszow-strike's chance falls with Rzeszów's air defence (`chance_scale`)."""
    from autonomy_game.engine.events import fire_events

    world = build_world(bundled_scenario("supply-line-crisis"))
    strike = next(ev for ev in world.events if ev.id == "rzeszow-strike")
    rze = world.hub_ids.index("RZE")
    rates = {}
    for defence in (0.0, 0.9):
        state = new_state(world, 4000)
        state.turn = strike.first_turn - 1
        state.turn_number[:] = strike.first_turn
        state.hub_protection[:, rze, 0] = defence
        fired, _ = fire_events(world, state, np.random.default_rng(1),
                               np.zeros(len(world.codes), bool), EvalContext(state, world))
        rates[defence] = fired[:, strike.index].mean()
    assert rates[0.0] == pytest.approx(strike.chance, abs=0.02)
    assert rates[0.9] < 0.6 * rates[0.0]


def test_the_adversary_strikes_the_least_protected_hub(supply_world):
    world = supply_world
    state = new_state(world, 2)
    hubs = [world.hub_ids.index(h) for h in ("PMY", "HRU", "DRH")]
    state.hub_protection[0, hubs, 0] = [0.2, 0.8, 0.8]  # game 0: Przemyśl is weakest
    state.hub_protection[1, hubs, 0] = [0.8, 0.8, 0.1]  # game 1: Dorohusk
    statement = compile_statement('strike(least_protected("PMY", "HRU", "DRH"), 0.5)',
                                  world.names)
    statement.execute(EvalContext(state, world))
    assert state.hub_health[0, hubs].tolist() == pytest.approx([0.6, 1.0, 1.0])
    assert state.hub_health[1, hubs].tolist() == pytest.approx([1.0, 1.0, 0.55])


def test_the_ammunition_pledge_pays_in_proportion_to_what_was_delivered():
    world = build_world(bundled_scenario("ammunition-cofunding"))
    deadline = next(ev for ev in world.events if ev.id == "pledge-deadline")
    sent = [0.0, 125.0, 216.0, 240.0, 250.0, 300.0]
    state = new_state(world, len(sent))
    state.variables[:, world.names.variables["pledge"]] = 1.0
    state.aid_sent[:] = 0.0
    state.aid_sent[:, 0] = sent
    before = state.cohesion.copy()
    ctx = EvalContext(state, world)
    for statement in deadline.effects:
        statement.execute(ctx, None)
    change = state.cohesion - before
    assert np.all(np.diff(change) >= -1e-12)  # more delivered never costs more
    # 216k of 250k rounds costs about 14 % of the broken promise, not all of it.
    assert change[2] - change[4] == pytest.approx(-0.13 * (1 - 216 / 250), abs=0.005)
    assert change[4] == pytest.approx(change[5])  # beyond the pace, nothing more
    assert change[0] < change[1] < change[2] < change[3] < change[4]


def test_a_player_sets_the_loading_order_of_its_aid_and_a_share_outside_0_1_is_refused():
    from autonomy_game.engine import actions as A
    from autonomy_game.engine.game import Game, advance_to

    game = Game(bundled_scenario("supply-line-crisis"), 2, ["DE"])
    assert advance_to(game, "orders")
    n = game.world.codes.index("DE")
    assert game.orders.aid_shells_first[0, n] == 1.0  # shells first unless the player says
    assert A.AidPriority("DE", 0.0) in game.legal_actions("DE")
    game.apply(A.AidPriority("DE", 0.0))
    assert game.orders.aid_shells_first[0, n] == 0.0
    with pytest.raises(A.IllegalAction, match="share from 0"):
        game.apply(A.AidPriority("DE", 1.5))
    assert game.orders.aid_shells_first[0, n] == 0.0
