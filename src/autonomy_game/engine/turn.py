"""One turn's phases as functions over the batch, shared by `simulate` and the live game.

A turn: events and briefing -> Council (agenda, persuasion, votes) -> national orders ->
resolution -> goal and defeat checks. `play_ai_turn` runs them all for AI-only batches; the
interactive `Game` calls the same functions with human input between them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autonomy_game.engine.ai import ai_orders
from autonomy_game.engine.council import close_session, open_session
from autonomy_game.engine.events import fire_events
from autonomy_game.engine.expressions import EvalContext
from autonomy_game.engine.goals import check_goals
from autonomy_game.engine.indicators import update_indicators
from autonomy_game.engine.resolution import Ledger, resolve
from autonomy_game.engine.state import GameState
from autonomy_game.engine.world import World


@dataclass
class TurnStreams:
    """Separate random streams per phase, spawned from the game's seed each turn.

    Spawning per turn and per phase keeps phases independent: a human's different votes
    cannot change which events fire next quarter.
    """

    events: np.random.Generator
    council: np.random.Generator
    orders: np.random.Generator


def turn_streams(seed_sequence: np.random.SeedSequence, turn: int) -> TurnStreams:
    children = np.random.SeedSequence(
        entropy=seed_sequence.entropy, spawn_key=(*seed_sequence.spawn_key, turn)
    ).spawn(3)
    return TurnStreams(*(np.random.default_rng(c) for c in children))


def begin_turn(world: World, state: GameState, indicators_current: bool = False) -> EvalContext:
    """Open a turn: number it and make the indicators agree with the arrays.

    `indicators_current` skips the refresh when the caller knows nothing has changed since the
    indicators were last computed (at B = 10 000 the refresh costs ~9 ms a turn).
    """
    state.turn_number[:] = state.turn + 1
    if not indicators_current:
        update_indicators(world, state)
    return EvalContext(state, world)


def play_ai_turn(world: World, state: GameState, streams: TurnStreams,
                 indicators_current: bool = False) -> Ledger:
    """A whole turn with AI on every seat, for every game in the batch.

    Pass `indicators_current=True` only when the state is as `new_state` or the previous
    `play_ai_turn` left it (both end by computing the indicators; the goal checks in between
    set outcomes only), as `simulate` does.
    """
    no_humans = np.zeros(len(world.codes), bool)
    ctx = begin_turn(world, state, indicators_current)
    fire_events(world, state, streams.events, no_humans, ctx)
    update_indicators(world, state)
    session = open_session(world, state, streams.council, no_humans)
    close_session(world, state, session)
    orders, _ = ai_orders(world, state, streams.orders)
    ledger = resolve(world, state, orders)
    state.turn += 1
    state.turn_number[:] = state.turn
    check_goals(world, state, ctx)
    return ledger
