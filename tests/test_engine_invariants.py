"""Invariants under random play: nothing negative, shares in [0, 1], money conserved."""

from __future__ import annotations

import contextlib

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autonomy_game.engine import actions as A
from autonomy_game.engine.game import Game
from autonomy_game.engine.resolution import resolve
from autonomy_game.engine.state import GameState, new_state

SHARES = ("support", "fiscal_space", "atlanticism", "cohesion", "deterrence", "autonomy",
          "us_commitment", "adversary_pressure", "ukraine_front", "ukraine_delivered",
          "hub_health", "hub_protection", "corridor_open", "threat", "gap",
          "initiative_progress")
NON_NEGATIVE = ("gdp", "defence_pct", "budget", "capital", "ammunition", "shell_capacity",
                "capability", "capability_foreign", "ordered", "eu_funds", "aid_backlog",
                "corridor_capacity", "corridor_flow", "spent", "on_order")


def assert_invariants(state: GameState) -> None:
    for name in SHARES:
        values = getattr(state, name)
        assert np.all((values >= -1e-12) & (values <= 1 + 1e-12)), name
    for name in NON_NEGATIVE:
        assert np.all(getattr(state, name) >= -1e-9), name
    assert np.all(state.capability_foreign <= state.capability + 1e-9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), picks=st.lists(st.integers(0, 10_000), min_size=5,
                                                       max_size=60))
def test_random_legal_play_keeps_the_state_valid(seed, picks):
    """Play random legal actions for a human seat; the state stays valid throughout."""
    from tests.support.mini_scenario import mini_scenario

    game = Game(mini_scenario(), seed, ["PL", "HU"])
    for pick in picks:
        if game.phase == "ended":
            break
        options = game.legal_actions()
        action = options[pick % len(options)]
        # A coarse-grid amount may exceed what is left; refusing it is legal behaviour.
        with contextlib.suppress(A.IllegalAction):
            game.apply(action)
        assert_invariants(game.state)
        if game.orders is not None:
            for seat in game.humans:
                assert game.order_spending(seat) <= game.discretionary(seat) + 1e-6


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scale=st.floats(0.0, 50.0), seed=st.integers(0, 1000),
       cut=st.floats(0.0, 1.0))
def test_any_orders_are_paid_within_budget(eu27_world, scale, seed, cut):
    """Whatever the orders ask, spending equals what was paid and stays within the budget."""
    from autonomy_game.engine.ai import ai_orders

    world = eu27_world
    state = new_state(world, 8)
    rng = np.random.default_rng(seed)
    for _ in range(3):
        orders, _ = ai_orders(world, state, rng)
        orders.procure *= scale
        orders.shells *= scale
        orders.aid_rounds *= scale  # more rounds than held: only the stock can be sent
        orders.target_pct = orders.target_pct * cut  # deep cuts are clipped to the floor
        ledger = resolve(world, state, orders)
        state.turn += 1
        assert np.allclose(state.spent, ledger.initiatives + ledger.orders + ledger.transfers)
        assert np.all(state.spent <= ledger.discretionary + 1e-9)
        assert_invariants(state)
