"""Goal and defeat checks after each resolution, and secret objectives at the end."""

from __future__ import annotations

import numpy as np

from autonomy_game.engine.expressions import EvalContext
from autonomy_game.engine.state import (
    OUTCOME_DEFEAT,
    OUTCOME_FAILURE,
    OUTCOME_ONGOING,
    OUTCOME_PARTIAL,
    OUTCOME_VICTORY,
    GameState,
)
from autonomy_game.engine.world import World


def check_goals(world: World, state: GameState, ctx: EvalContext) -> np.ndarray:
    """Settle games that end now; returns the rows that ended this turn [B]."""
    ongoing = state.outcome == OUTCOME_ONGOING
    ended = np.zeros(state.batch, bool)
    for k, defeat in enumerate(world.defeats):
        hit = ongoing & ~ended & defeat.truth(ctx)
        state.outcome[hit] = OUTCOME_DEFEAT
        state.defeat_reason[hit] = k
        ended |= hit
    if world.turns > state.turn >= world.victory_from_turn:  # won as soon as it holds
        early = ongoing & ~ended & world.victory.truth(ctx)
        state.outcome[early] = OUTCOME_VICTORY
        ended |= early
    if state.turn >= world.turns:
        rest = ongoing & ~ended
        victory = rest & world.victory.truth(ctx)
        partial = rest & ~victory & world.partial.truth(ctx)
        state.outcome[victory] = OUTCOME_VICTORY
        state.outcome[partial] = OUTCOME_PARTIAL
        state.outcome[rest & ~victory & ~partial] = OUTCOME_FAILURE
        ended |= rest
    state.ended_turn[ended] = state.turn
    return ended


def objectives_met(world: World, ctx: EvalContext) -> np.ndarray:
    """Secret objectives met now: [B, O] in the order of `world.objective_codes`."""
    if not world.objectives:
        return np.zeros((ctx.batch, 0), bool)
    return np.stack([o.truth(ctx) for o in world.objectives], axis=1)
