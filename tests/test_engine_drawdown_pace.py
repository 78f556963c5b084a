"""Washington's pace is unknown in advance (`us_drawdown_spread`): each game draws its own
background drawdown once, as the first turn opens; without the parameter every game keeps the
scenario's `us_drawdown` and the random streams are untouched."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from autonomy_game.engine.state import new_state
from autonomy_game.engine.turn import play_ai_turn, turn_streams
from autonomy_game.engine.world import build_world
from tests.support.bundled import bundled_scenario


def with_parameters(scenario, **values):
    return dataclasses.replace(scenario, parameters={**scenario.parameters, **values})


def first_turn(scenario, games: int, seed: int):
    world = build_world(scenario)
    state = new_state(world, games)
    play_ai_turn(world, state, turn_streams(np.random.SeedSequence(seed), 0))
    return world, state


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**31), spread=st.floats(0.001, 0.02))
def test_each_game_draws_its_pace_within_the_spread(seed, spread):
    scenario = with_parameters(bundled_scenario("us-withdrawal"), us_drawdown=0.026,
                               us_drawdown_spread=spread)
    _, state = first_turn(scenario, 64, seed)
    assert np.all(state.us_drawdown >= 0.026 - spread - 1e-12)
    assert np.all(state.us_drawdown <= 0.026 + spread + 1e-12)
    assert len(np.unique(state.us_drawdown)) > 1  # games differ


def test_a_pace_is_never_negative_even_when_the_spread_exceeds_the_mean():
    scenario = with_parameters(bundled_scenario("us-withdrawal"), us_drawdown=0.005,
                               us_drawdown_spread=0.02)
    _, state = first_turn(scenario, 200, 3)
    assert np.all(state.us_drawdown >= 0.0)


def test_without_a_spread_every_game_keeps_the_scenarios_drawdown():
    scenario = with_parameters(bundled_scenario("us-withdrawal"), us_drawdown_spread=0.0)
    _, state = first_turn(scenario, 32, 5)
    assert np.all(state.us_drawdown == scenario.parameters["us_drawdown"])


def test_a_faster_pace_leaves_less_us_commitment_in_the_same_game():
    """Same seed, same games: only the drawn pace differs between the games of the batch, and
    where it is faster U.S. commitment ends lower (the scripted steps are the same)."""
    scenario = with_parameters(bundled_scenario("us-withdrawal"), us_drawdown_spread=0.01)
    world = build_world(scenario)
    state = new_state(world, 300)
    seeds = np.random.SeedSequence(11)
    for turn in range(4):
        play_ai_turn(world, state, turn_streams(seeds, turn))
    fast = state.us_drawdown > np.median(state.us_drawdown)
    assert state.us_commitment[fast].mean() < state.us_commitment[~fast].mean()


def test_the_pace_is_part_of_the_seed_so_a_game_replays_exactly():
    scenario = bundled_scenario("us-withdrawal")
    assert scenario.parameters["us_drawdown_spread"] > 0
    _, a = first_turn(scenario, 16, 9)
    _, b = first_turn(scenario, 16, 9)
    _, c = first_turn(scenario, 16, 10)
    assert np.array_equal(a.us_drawdown, b.us_drawdown)
    assert not np.array_equal(a.us_drawdown, c.us_drawdown)


def test_futures_forked_from_a_live_game_do_not_inherit_its_hidden_pace():
    """The decision preview repeats the live game into futures; Washington's pace is hidden
    from the table, so each future draws its own, as a game of the futures' seed would."""
    from autonomy_game.engine.events import redraw_drawdown_pace
    from autonomy_game.engine.preview import repeat_rows

    scenario = bundled_scenario("us-withdrawal")
    world, live = first_turn(scenario, 1, 8)
    futures = repeat_rows(live, 200)
    assert np.all(futures.us_drawdown == live.us_drawdown[0])
    redraw_drawdown_pace(world, futures, turn_streams(np.random.SeedSequence(21), 0).events)
    assert len(np.unique(futures.us_drawdown)) > 100
    _, fresh = first_turn(scenario, 200, 21)
    assert np.array_equal(futures.us_drawdown, fresh.us_drawdown)
