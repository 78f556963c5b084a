"""The bundled scenario "Ammunition co-funding": its market mechanics (shell prices, co-funded
capacity). What every bundled scenario must offer is in test_scenario_acceptance.py."""

from __future__ import annotations

import numpy as np
import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine.game import Game
from autonomy_game.engine.orders import EUROPEAN
from autonomy_game.scenario.model import DOMAINS
from tests.support.bundled import bundled_scenario, step_to


@pytest.fixture(scope="module")
def scenario():
    return bundled_scenario("ammunition-cofunding")


def test_shell_price_rises_above_base_when_orders_exceed_capacity(scenario):
    game = Game(scenario, seed=3, humans=[])
    base = scenario.ammunition.price
    for _ in range(scenario.turns):
        step_to(game, "orders")
        money = float(game.orders.shells[0, :, EUROPEAN].sum())
        demand = money * 1000.0 / base  # thousand rounds at the base price
        capacity = float(game.state.shell_capacity[0].sum())
        step_to(game, "report")
        if demand > capacity * 1.05:
            assert float(game.state.shell_price[0]) > base
            break
        game.advance()
    else:
        pytest.fail("European orders never exceeded capacity in this game")
    prices = game.history.series("shell_price")[:, 0]
    assert prices.max() > base


def test_co_funded_capacity_produces_only_after_the_lead_time(scenario):
    lead = scenario.ammunition.capacity_lead
    extra = 1.0  # € bn moved from German procurement into shell lines on turn 1
    expected = extra / scenario.ammunition.capacity_cost

    def play(invest: bool) -> list[float]:
        game = Game(scenario, seed=5, humans=["DE"])
        n = game.index("DE")
        step_to(game, "orders")
        if invest:
            own = game.orders.procure[0, :, :, n]  # [origin, domain]
            origin, d = np.unravel_index(np.argmax(own), own.shape)
            amount = float(game.orders.procure[0, origin, d, n])
            assert amount > extra
            game.apply(A.Procure("DE", DOMAINS[d], bool(origin == EUROPEAN), amount - extra))
            game.apply(A.InvestIndustry("DE", float(game.orders.industry[0, n]) + extra))
        capacities = []
        for _ in range(lead + 1):
            step_to(game, "report")
            capacities.append(float(game.state.shell_capacity[0, n]))
            game.advance()
        return capacities

    with_plant, without = play(True), play(False)
    # Turns 1..lead: the money is spent, but no new line produces yet.
    assert with_plant[lead - 1] == pytest.approx(without[lead - 1], abs=0.1 * expected)
    # Turn lead + 1: the line co-funded on turn 1 comes online.
    assert with_plant[lead] - without[lead] >= 0.8 * expected

