"""The look-ahead's private copies: gathered lazily, equal to a full copy, never shared.

`option_values` plays each option of an event on a private copy of the games where it
fired; `RowsState` gathers an array only when the look-ahead first reads it. What it reads
must be exactly what `take_rows` copies, and what it writes must never reach the game.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from autonomy_game.engine.lookahead import UNREAD, RowsState, take_rows
from autonomy_game.engine.state import GameState, new_state
from autonomy_game.engine.turn import play_turn, turn_streams
from autonomy_game.engine.world import build_world
from tests.support.bundled import bundled_scenario


def _played(scenario_id: str = "supply-line-crisis", batch: int = 40) -> tuple:
    world = build_world(bundled_scenario(scenario_id))
    state = new_state(world, batch)
    for turn in range(3):
        play_turn(world, state, turn_streams(np.random.SeedSequence(2), turn),
                  indicators_current=turn > 0)
    return world, state


def _arrays(state: GameState) -> list[str]:
    return [f.name for f in dataclasses.fields(state)
            if isinstance(getattr(state, f.name), np.ndarray)]


def test_a_lazy_copy_reads_what_take_rows_copies_for_every_array():
    _, state = _played()
    rows = np.array([3, 0, 17, 39])
    full = take_rows(state, rows, copies=3, skip=UNREAD)
    lazy = RowsState(state, rows, 3, skip=UNREAD)
    assert lazy.batch == full.batch == 12 and lazy.turn == state.turn
    for name in _arrays(state):
        mine, theirs = getattr(lazy, name), getattr(full, name)
        assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs), name


def test_writes_to_a_lazy_copy_never_reach_the_game():
    _, state = _played()
    before = state.copy()
    lazy = RowsState(state, np.arange(state.batch))
    lazy.support[:] = 0.0  # in place after the first read
    lazy.cohesion = np.zeros(lazy.batch)  # rebound
    lazy.threat[:, 0] += 1.0
    for name in _arrays(state):
        assert np.array_equal(getattr(state, name), getattr(before, name)), name


def test_a_lazy_copy_gathers_only_what_is_read():
    _, state = _played()
    lazy = RowsState(state, np.array([1, 2]))
    _ = lazy.support
    gathered = {name for name in _arrays(state) if name in vars(lazy)}
    assert gathered == {"support"}


def test_copies_of_every_game_are_block_copies_equal_to_the_gather():
    """An event that fired in every game: the look-ahead copies by concatenation, and every
    array equals the gathered copy; writes stay private."""
    _, state = _played()
    before = state.copy()
    every = np.arange(state.batch)
    blocks = RowsState(state, every, 3, skip=UNREAD)
    for name in _arrays(state):
        mine = getattr(blocks, name)
        theirs = (getattr(state, name)[:0] if name in UNREAD
                  else getattr(state, name).take(np.tile(every, 3), axis=0))
        assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs), name
    blocks.support[:] = 0.0
    assert np.array_equal(state.support, before.support)
