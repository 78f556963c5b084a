"""Europe's defence industry: joint buying's scale gain, defence inflation, the order book that
lengthens European lead times, per-domain foreign backlogs and the explosives bottleneck
(engine/industry.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autonomy_game.engine.industry import MAX_DELAY, expected_delay, order_delay
from autonomy_game.engine.orders import EUROPEAN, empty_orders
from autonomy_game.engine.resolution import _buy_shells, _deliver, _fund_initiatives, resolve
from autonomy_game.engine.state import STATUS_ADOPTED, new_state
from autonomy_game.engine.world import build_world
from autonomy_game.scenario.model import DOMAINS
from tests.support.bundled import bundled_scenario

AIR_DEFENCE = DOMAINS.index("air_defence")


def _essi_points(world, members: list[str]) -> float:
    """Air-defence points ESSI delivers when `members` take part."""
    state = new_state(world, 1)
    i = world.initiative_ids.index("essi")
    state.initiative_status[:, i] = STATUS_ADOPTED
    state.initiative_participants_mask[:, i, [world.codes.index(c) for c in members]] = True
    before = state.capability[0, AIR_DEFENCE].sum()
    delivered = np.zeros(state.initiative_status.shape, bool)
    delivered[:, i] = True
    _deliver(world, state, delivered)
    return float(state.capability[0, AIR_DEFENCE].sum() - before)


def test_joint_procurement_of_eight_costs_less_per_point_than_buying_nationally(eu27_world):
    world = eu27_world
    i = world.initiative_ids.index("essi")
    eight = ["DE", "NL", "BE", "CZ", "SK", "EE", "LV", "LT"]
    joint_per_bn = _essi_points(world, eight) / world.initiative_cost[i]
    national_per_bn = 1.0 / world.cost[AIR_DEFENCE]
    assert joint_per_bn > 1.2 * national_per_bn
    # Alone, the same project buys no more per euro than a national order.
    assert _essi_points(world, ["DE"]) / world.initiative_cost[i] < national_per_bn


def test_scale_gain_grows_with_participants_and_stops_at_eight(eu27_world):
    two = _essi_points(eu27_world, ["DE", "NL"])
    four = _essi_points(eu27_world, ["DE", "NL", "BE", "CZ"])
    eight = _essi_points(eu27_world, ["DE", "NL", "BE", "CZ", "SK", "EE", "LV", "LT"])
    twelve = _essi_points(eu27_world, ["DE", "NL", "BE", "CZ", "SK", "EE", "LV", "LT", "FI",
                                       "SE", "DK", "AT"])
    assert two < four < eight
    assert twelve == pytest.approx(eight, rel=1e-6)


def test_joint_project_with_more_participants_is_delivered_sooner(eu27_world):
    world = eu27_world
    i = world.initiative_ids.index("essi")
    progress = []
    for members in (["DE"], ["DE", "NL", "BE", "CZ", "SK", "EE", "LV", "LT"]):
        state = new_state(world, 1)
        state.initiative_status[:, i] = STATUS_ADOPTED
        state.initiative_participants_mask[:, i, [world.codes.index(c) for c in members]] = True
        _fund_initiatives(world, state, np.full_like(state.gdp, 1e6))
        progress.append(state.initiative_progress[0, i])
    assert progress[0] == pytest.approx(1.0 / world.initiative_lead[i])
    assert progress[1] > 1.1 * progress[0]


def test_european_orders_beyond_capacity_raise_the_price_and_buy_fewer_points(eu27_world):
    world = eu27_world
    cyber = DOMAINS.index("cyber")  # delivered within the plain scenario's eight quarters
    capacity = world.industry_capacity[cyber]
    results = []
    for money in (0.5 * capacity, 3.0 * capacity):
        state = new_state(world, 1)
        orders = empty_orders(1, len(world.codes), len(DOMAINS), state.defence_pct)
        de = world.codes.index("DE")
        orders.procure[0, EUROPEAN, cyber, de] = money
        resolve(world, state, orders)
        results.append((state.on_order[0, cyber, de] / money, state.price_index[0, cyber],
                        state.industry_capacity[0, cyber]))
    (calm_points, calm_price, calm_cap), (hot_points, hot_price, hot_cap) = results
    assert calm_price == 1.0
    assert calm_points == pytest.approx(1 / world.cost[cyber], rel=1e-5)
    assert hot_price == pytest.approx(1 + world.industry_inflation[cyber] * 2.0)
    assert hot_points == pytest.approx(calm_points / hot_price, rel=1e-5)
    assert calm_cap == capacity and hot_cap > capacity  # industry expands with the orders


def test_foreign_is_not_faster_where_the_seller_has_a_backlog(eu27):
    proc = eu27.procurement
    assert proc["air_defence"].lead_foreign > proc["air_defence"].lead_european  # Patriot
    assert proc["air"].lead_foreign > proc["air"].lead_european  # F-35
    assert proc["isr"].lead_foreign < proc["isr"].lead_european  # MQ-9 off the shelf


def test_explosives_bottleneck_caps_shell_output_until_co_funded():
    world = build_world(bundled_scenario("ammunition-cofunding"))
    state = new_state(world, 2)
    # the 2023 lines: the scenario's start data (was a first-turn event multiplying by 0.35)
    lines = state.shell_capacity.sum(axis=1)[0]
    assert state.explosives_capacity[0] < lines * 2  # explosives are the scarcer input
    state.shell_capacity *= 2.0  # lines beyond what the explosives can fill
    money = np.zeros((2, len(world.codes), 2))
    money[:, :, EUROPEAN] = 4.0 * state.gdp / state.gdp.sum(axis=1, keepdims=True)
    capped = _buy_shells(world, state, money)[0].sum()
    # Game 1 co-funds ASAP, which adds powder and explosives plants.
    i = world.initiative_ids.index("asap_production")
    state.initiative_status[1, i] = STATUS_ADOPTED
    state.initiative_participants_mask[1, i, :] = True
    delivered = np.zeros(state.initiative_status.shape, bool)
    delivered[1, i] = True
    _deliver(world, state, delivered)
    assert state.explosives_capacity[1] == state.explosives_capacity[0] + 150
    rounds = _buy_shells(world, state, money)
    assert rounds[0].sum() == pytest.approx(capped)
    assert rounds[1].sum() > 1.2 * rounds[0].sum()


def _arrival_turn(world, backlog_quarters: float, domain: int) -> int | None:
    """The turn at which a small European order placed at turn 0 reaches Germany's
    capability, when the domain's order book already holds `backlog_quarters` of capacity."""
    state = new_state(world, 1)
    de = world.codes.index("DE")
    state.order_backlog[0, domain] = backlog_quarters * state.industry_capacity[0, domain]
    for turn in range(world.turns):
        state.turn = turn
        orders = empty_orders(1, len(world.codes), len(DOMAINS), state.defence_pct)
        if turn == 0:
            orders.procure[0, EUROPEAN, domain, de] = 0.1
        before = state.capability[0, domain, de]
        resolve(world, state, orders)
        if state.capability[0, domain, de] > before * (1 - world.params["depreciation"]) + 1e-6:
            return turn
    return None


def test_an_overloaded_order_book_lengthens_the_european_lead_time(eu27_world):
    """Backlogs lengthen delivery: with one quarter of capacity already queued, a cyber order
    arrives a quarter after its lead time; with none, on time."""
    world = eu27_world
    cyber = DOMAINS.index("cyber")
    lead = int(world.lead_european[cyber])
    assert _arrival_turn(world, 0.0, cyber) == lead
    assert _arrival_turn(world, 1.0, cyber) == lead + 1


def test_an_order_delayed_past_the_last_turn_is_never_on_order(eu27_world):
    """The order book can push a delivery beyond the game's end: it is then not filed, and not
    counted as on order (it would make a gap look covered that never is)."""
    world = eu27_world
    cyber = DOMAINS.index("cyber")
    lead = int(world.lead_european[cyber])
    queued = world.turns - lead  # quarters of book that push arrival to the last turn or later
    assert _arrival_turn(world, float(queued), cyber) is None
    state = new_state(world, 1)
    state.order_backlog[0, cyber] = queued * state.industry_capacity[0, cyber]
    orders = empty_orders(1, len(world.codes), len(DOMAINS), state.defence_pct)
    orders.procure[0, EUROPEAN, cyber, world.codes.index("DE")] = 0.1
    resolve(world, state, orders)
    assert state.on_order[0, cyber].sum() == 0.0


def test_the_order_book_fills_under_sustained_overload_and_drains_when_orders_fall(eu27_world):
    world = eu27_world
    cyber = DOMAINS.index("cyber")
    state = new_state(world, 1)
    de = world.codes.index("DE")
    delays = []
    for turn in range(world.turns):
        state.turn = turn
        orders = empty_orders(1, len(world.codes), len(DOMAINS), state.defence_pct)
        hot = turn < 4
        orders.procure[0, EUROPEAN, cyber, de] = (5.0 if hot else 0.0) * world.industry_capacity[
            cyber]
        resolve(world, state, orders)
        delays.append(int(expected_delay(world, state)[0, cyber]))
    assert max(delays[:4]) >= 1 and delays[:4] == sorted(delays[:4])  # the book grows
    assert delays[-1] < max(delays)  # and drains once the orders stop
    assert max(delays) <= MAX_DELAY


@given(st.floats(0.0, 50.0), st.floats(0.1, 10.0))
def test_order_delay_counts_whole_quarters_of_capacity_queued(backlog, capacity):
    delay = int(order_delay(np.array([[backlog]]), np.array([[capacity]]))[0, 0])
    assert 0 <= delay <= MAX_DELAY
    assert delay == min(MAX_DELAY, int(backlog / capacity + 1e-9))
