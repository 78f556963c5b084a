"""The events phase: scripted and random events fire, apply effects and ask for choices.

All random draws for a turn's events happen in one call, whatever fires, so a human taking
longer over a dialog or choosing differently never shifts the random stream of later turns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autonomy_game.engine.council_events import apply_declarations, event_vote, is_council_vote
from autonomy_game.engine.expressions import EvalContext
from autonomy_game.engine.state import GameState
from autonomy_game.engine.world import CompiledEvent, CompiledLater, World


@dataclass
class PendingChoice:
    """An event whose decider is a human seat: the game waits for `ChooseOption`."""

    event: int
    decider: int  # member index, -1 for the Council


def fire_events(world: World, state: GameState, rng: np.random.Generator,
                human_mask: np.ndarray, ctx: EvalContext) -> tuple[np.ndarray, list[PendingChoice]]:
    """Fire this turn's events. Returns fired [B, E] and the choices humans must make.

    `human_mask` marks human seats; for a Council decision, any human seat makes it the
    humans' choice (the class decides together).
    """
    turn = state.turn + 1
    draws = rng.random((state.batch, len(world.events)))
    fired = np.zeros((state.batch, len(world.events)), bool)
    pending: list[PendingChoice] = []
    ongoing = state.outcome == 0
    run_due_later(world, state, ctx, ongoing)
    for ev in world.events:
        if not ev.first_turn <= turn <= ev.last_turn:
            continue
        eligible = ongoing & (draws[:, ev.index] < ev.chance)
        if ev.once:
            eligible &= ~state.event_fired[:, ev.index]
        if ev.when is not None and eligible.any():
            eligible &= ev.when.truth(ctx)
        if not eligible.any():
            continue
        fired[:, ev.index] = eligible
        state.event_fired[:, ev.index] |= eligible
        for statement in ev.effects:
            statement.execute(ctx, eligible)
        schedule_later(ev.later, state, eligible)
        if not ev.choices:
            continue
        if _human_decides(ev, human_mask):
            pending.append(PendingChoice(ev.index, ev.decider))
        elif is_council_vote(ev):
            apply_picks(ev, ctx, eligible, event_vote(world, ctx, ev).picks)
        else:
            apply_ai_choice(ev, ctx, eligible)
    return fired, pending


def _human_decides(ev: CompiledEvent, human_mask: np.ndarray) -> bool:
    if ev.decider >= 0:
        return bool(human_mask[ev.decider])
    return bool(human_mask.any())


def choice_scores(ev: CompiledEvent, ctx: EvalContext) -> np.ndarray:
    """The AI's score for each option: [B, K]; an option without `ai_score` scores 0."""
    columns = [c.ai_score.evaluate(ctx) if c.ai_score is not None else np.zeros(ctx.batch)
               for c in ev.choices]
    return np.stack(columns, axis=1)


def apply_ai_choice(ev: CompiledEvent, ctx: EvalContext, mask: np.ndarray) -> np.ndarray:
    """Pick the best-scoring option (first on ties) where `mask` is set; returns picks [B]."""
    picks = choice_scores(ev, ctx).argmax(axis=1)
    apply_picks(ev, ctx, mask, picks)
    return picks


def apply_picks(ev: CompiledEvent, ctx: EvalContext, mask: np.ndarray, picks: np.ndarray) -> None:
    """Apply option picks[b] in the games of `mask`."""
    for k, choice in enumerate(ev.choices):
        chosen = mask & (picks == k)
        if chosen.any():
            for statement in choice.effects:
                statement.execute(ctx, chosen)
            schedule_later(choice.later, ctx.state, chosen)
            apply_declarations(choice, ctx.state, chosen)


def apply_choice(ev: CompiledEvent, option: int, ctx: EvalContext) -> None:
    for statement in ev.choices[option].effects:
        statement.execute(ctx, None)
    schedule_later(ev.choices[option].later, ctx.state, None)
    apply_declarations(ev.choices[option], ctx.state, None)


def schedule_later(block: CompiledLater | None, state: GameState,
                   mask: np.ndarray | None) -> None:
    """Set a `later` block going in the games of `mask` (all when None): due `after`
    quarters from the turn being played. One per block and game: happening again before it
    falls due moves it on, it does not queue a second one."""
    if block is None:
        return
    rows = slice(None) if mask is None else mask
    state.later_due[rows, block.index] = state.turn + 1 + block.after


def run_due_later(world: World, state: GameState, ctx: EvalContext,
                  ongoing: np.ndarray) -> None:
    """Run the `later` blocks that fall due this turn, before its events: an order placed
    four quarters ago arrives at the start of the quarter, like the news of the quarter."""
    turn = state.turn + 1
    for block in world.later_blocks:
        due = ongoing & (state.later_due[:, block.index] == turn)
        if not due.any():
            continue
        for statement in block.effects:
            statement.execute(ctx, due)
        state.later_due[due, block.index] = 0
