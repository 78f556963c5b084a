"""Effects, conditions and Council votes computed for the games where an event fired alone
give the whole batch's result bit for bit.

An event that fires in 5 % of a batch runs its effects, its condition and its Council vote on
those games only (expressions.execute_all, events.holds, events.council_picks). Every value
of a game is computed from that game alone, so the narrowed run must leave every array of
the state exactly as the whole-batch run does: here every statement, condition and Council
event of the four bundled scenarios runs both ways on played games and the states compare
byte for byte. The arithmetic's repair of NaN and infinities and the numbers folded at compile
time are checked against what they replace.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autonomy_game.engine import events as events_module
from autonomy_game.engine import expressions
from autonomy_game.engine.council_events import event_vote, is_council_vote
from autonomy_game.engine.expressions import (
    EvalContext,
    _finite,
    compile_expression,
    execute_all,
)
from autonomy_game.engine.state import GameState, new_state
from autonomy_game.engine.turn import play_turn, turn_streams
from autonomy_game.engine.world import World, build_world
from tests.support.bundled import bundled_scenario

SCENARIOS = ["us-withdrawal", "ammunition-cofunding", "supply-line-crisis", "tutorial"]
VOTING = ["us-withdrawal", "ammunition-cofunding"]  # those that put events to the Council
GAMES = 48


@pytest.fixture(scope="module", params=SCENARIOS)
def played(request) -> tuple[World, GameState]:
    """A scenario's world and 48 AI games after five turns (games that differ)."""
    return _played(request.param)


@pytest.fixture(scope="module", params=VOTING)
def played_voting(request) -> tuple[World, GameState]:
    """The same, for the scenarios with events put to a Council vote."""
    return _played(request.param)


def _played(scenario: str) -> tuple[World, GameState]:
    world = build_world(bundled_scenario(scenario))
    state = new_state(world, GAMES)
    seeds = np.random.SeedSequence(5)
    for turn in range(5):
        play_turn(world, state, turn_streams(seeds, turn), indicators_current=turn > 0)
    return world, state


def _masks() -> dict[str, np.ndarray]:
    """Games an event fired in: scattered few, an adjacent block (a look-ahead's option),
    one game, most games."""
    rng = np.random.default_rng(3)
    scattered = rng.random(GAMES) < 0.2
    block = np.zeros(GAMES, bool)
    block[16:32] = True
    one = np.zeros(GAMES, bool)
    one[GAMES - 1] = True
    return {"scattered": scattered, "block": block, "one": one, "most": ~scattered}


def _same_bits(a: GameState, b: GameState) -> list[str]:
    """The state arrays that differ in any byte."""
    return [f.name for f in dataclasses.fields(a)
            if isinstance(getattr(a, f.name), np.ndarray)
            and getattr(a, f.name).tobytes() != getattr(b, f.name).tobytes()]


def _statement_lists(world: World) -> list[tuple[str, list]]:
    lists = []
    for ev in world.events:
        lists.append((ev.id, ev.effects))
        for choice in ev.choices:
            lists.append((f"{ev.id}/{choice.id}", choice.effects))
            if choice.later is not None:
                lists.append((f"{ev.id}/{choice.id}/later", choice.later.effects))
        if ev.later is not None:
            lists.append((f"{ev.id}/later", ev.later.effects))
    return [(name, effects) for name, effects in lists if effects]


def test_effects_on_the_fired_games_alone_equal_the_whole_batch_bit_for_bit(played,
                                                                            monkeypatch):
    world, state = played
    checked = 0
    for name, effects in _statement_lists(world):
        for kind, mask in _masks().items():
            narrowed, whole = state.copy(), state.copy()
            execute_all(effects, EvalContext(narrowed, world), mask)
            with monkeypatch.context() as m:
                m.setattr(expressions, "NARROW_SHARE", -1.0)  # never narrow
                execute_all(effects, EvalContext(whole, world), mask)
            assert _same_bits(narrowed, whole) == [], (name, kind)
            if _same_bits(narrowed, state):
                checked += 1
    assert checked > 0  # the effects did change something


def test_effects_narrowed_write_nothing_outside_the_fired_games(played):
    world, state = played
    mask = _masks()["scattered"]
    for _, effects in _statement_lists(world):
        after = state.copy()
        execute_all(effects, EvalContext(after, world), mask)
        for f in dataclasses.fields(after):
            value = getattr(after, f.name)
            if isinstance(value, np.ndarray) and value.ndim:
                assert value[~mask].tobytes() == getattr(state, f.name)[~mask].tobytes(), \
                    f.name


def test_conditions_on_the_fired_games_alone_equal_the_whole_batch(played):
    world, state = played
    ctx = EvalContext(state, world)
    conditions = [ev.when for ev in world.events if ev.when is not None]
    conditions += [world.victory, world.partial, *world.defeats]
    for condition in conditions:
        whole = condition.truth(ctx)
        for mask in _masks().values():
            narrowed = events_module.holds(condition, ctx, mask)
            assert ((narrowed & mask) == (whole & mask)).all(), condition.text


def test_council_votes_on_the_fired_games_alone_take_the_whole_batchs_picks(played_voting):
    world, state = played_voting
    ctx = EvalContext(state, world)
    votes = [ev for ev in world.events if is_council_vote(ev)]
    assert votes  # VOTING lists only scenarios with such events
    for ev in votes:
        whole = event_vote(world, ctx, ev).picks
        for mask in _masks().values():
            picks = events_module.council_picks(world, ctx, ev, mask)
            assert (picks[mask] == whole[mask]).all(), ev.id


finite_or_not = hnp.arrays(
    np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=9),
    elements=st.floats(allow_nan=True, allow_infinity=True, width=64))


@settings(max_examples=300, deadline=None)
@given(finite_or_not)
def test_arithmetic_repair_is_nan_to_num_bit_for_bit(values):
    expected = np.nan_to_num(values.copy(), nan=0.0)
    assert _finite(values.copy()).tobytes() == expected.tobytes()


@pytest.mark.parametrize("text, expected", [
    ("0.1 * 3 + cohesion", lambda c: np.float64(0.1) * 3 + c),
    ("cohesion - (1 - 0.6 * (1 - 0.25))", lambda c: c - (1 - 0.6 * (1 - 0.25))),
    ("1 / 0 + cohesion", lambda c: c + 0.0),  # NaN (a division by zero) reads as 0
    ("cohesion * -0.5", lambda c: c * -0.5),
    ("cohesion + " + " * ".join(["1e9"] * 35),  # overflows: infinity reads as the largest
     lambda c: c + np.finfo(float).max),
])
def test_numbers_folded_at_compile_time_equal_the_arithmetic_they_replace(text, expected):
    world = build_world(bundled_scenario("tutorial"))
    state = new_state(world, 5)
    state.cohesion[:] = np.linspace(0.1, 0.9, 5)
    got = compile_expression(text, world.names).evaluate(EvalContext(state, world))
    with np.errstate(over="ignore"):
        assert got.tobytes() == np.asarray(expected(state.cohesion), float).tobytes()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), min_size=GAMES, max_size=GAMES),
       st.floats(-50.0, 50.0, allow_nan=False))
def test_a_write_to_most_games_stores_what_where_did(fired, amount):
    """Whichever way a write goes (every game, the games alone, or most games through the
    state's view with np.copyto), it stores `where(mask, clip(new), old)` in float32."""
    world = build_world(bundled_scenario("us-withdrawal"))
    state = new_state(world, GAMES)
    mask = np.array(fired)
    state.capability[:, 2, :] *= np.linspace(0.5, 1.5, GAMES, dtype=np.float32)[:, None]
    before = state.capability[:, 2, :].copy()
    with_new = before.astype(float) + amount * before.astype(float) / 7.0
    expected = np.where(mask[:, None], np.clip(with_new, 0.0, 1e9), before).astype(np.float32)
    text = f"cap.air_defence += {amount!r} * cap.air_defence / 7"
    statement = expressions.compile_statement(text, world.names)
    statement.execute(EvalContext(state, world), mask)
    assert state.capability[:, 2, :].tobytes() == expected.tobytes()
