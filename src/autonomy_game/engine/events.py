"""The events phase: scripted and random events fire, apply effects and ask for choices.

All random draws for a turn's events happen in one call, whatever fires, so a human taking
longer over a dialog or choosing differently never shifts the random stream of later turns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from autonomy_game.engine.causes import mark, recording
from autonomy_game.engine.council_events import apply_declarations, event_vote, is_council_vote
from autonomy_game.engine.expressions import (
    NARROW_SHARE,
    CompiledExpression,
    EvalContext,
    execute_all,
)
from autonomy_game.engine.state import GameState
from autonomy_game.engine.streams import CounterStream
from autonomy_game.engine.world import OUTSIDE_DECIDER, CompiledEvent, CompiledLater, World

# Who else decides an event: given the event and the games where it fired ([B] bool), the
# option index per game ([B] int, read only inside the mask), or None to leave it to the
# humans or the AI as usual. The turn function builds it from the seats' policies.
Decide = Callable[[CompiledEvent, np.ndarray], "np.ndarray | None"]


@dataclass
class PendingChoice:
    """An event whose decider is a human seat: the game waits for `ChooseOption`.

    `mask` [B] holds the games where the event fired: the choice applies to those only (in a
    batch, the others never saw the event).
    """

    event: int
    decider: int  # member index, -1 for the Council
    mask: np.ndarray = field(default_factory=lambda: np.ones(1, bool))


def draw_drawdown_pace(world: World, state: GameState, rng: CounterStream) -> None:
    """Each game's pace of the U.S. drawdown, drawn once as the first turn opens: uniform in
    `us_drawdown` +/- `us_drawdown_spread` (at least 0). Washington's real intentions are
    unknown when the game starts; the players read them from the quarters that follow.

    Drawn after the events' own numbers, from the same stream, and only when the spread is
    set: scenarios without it keep every draw where it was, and games stay paired across
    policies (the draw does not depend on anything a player did).
    """
    p = world.params
    u = rng.random(state.batch)
    spread = p["us_drawdown_spread"]
    state.us_drawdown = np.maximum(p["us_drawdown"] + spread * (2.0 * u - 1.0), 0.0)


def redraw_drawdown_pace(world: World, state: GameState, first_events: CounterStream) -> None:
    """Give each game of `state` the pace a game seeded like it would draw on its first turn
    (`first_events`: that seed's events stream of turn 1), for futures forked from a live
    game (the decision preview): the live game's own pace is hidden from its players, so
    its futures must not inherit it. Nothing changes when the spread is not set."""
    if world.params["us_drawdown_spread"] <= 0:
        return
    first_events.random((state.batch, len(world.events)))  # the events' own numbers first
    draw_drawdown_pace(world, state, first_events)


def fire_events(world: World, state: GameState, rng: CounterStream,
                human_mask: np.ndarray, ctx: EvalContext, decide: Decide | None = None,
                choices: np.ndarray | None = None) -> tuple[np.ndarray, list[PendingChoice]]:
    """Fire this turn's events. Returns fired [B, E] and the choices humans must make.

    `human_mask` marks human seats; for a Council decision, any human seat makes it the
    humans' choice (the class decides together). `decide` answers first for the events it
    takes (policies, forced options); its picks apply at once, where the AI's would, so the
    events after it see the same state either way. `choices` [B, E] (if given) receives the
    option taken wherever an event with choices fired and was decided here.
    """
    turn = state.turn + 1
    draws = rng.random((state.batch, len(world.events)))
    if turn == 1 and world.params["us_drawdown_spread"] > 0:
        draw_drawdown_pace(world, state, rng)
    fired = np.zeros((state.batch, len(world.events)), bool)
    pending: list[PendingChoice] = []
    ongoing = state.outcome == 0
    run_due_later(world, state, ctx, ongoing)
    for ev in world.events:
        if not ev.first_turn <= turn <= ev.last_turn:
            continue
        chance = ev.chance
        if ev.chance_scale is not None:  # a risk that depends on what players did
            chance = ev.chance * np.clip(ev.chance_scale.evaluate(ctx), 0.0, 1.0)
        eligible = ongoing & (draws[:, ev.index] < chance)
        if ev.once:
            eligible &= ~state.event_fired[:, ev.index]
        if ev.when is not None and eligible.any():
            eligible &= holds(ev.when, ctx, eligible)
        if not eligible.any():
            continue
        fired[:, ev.index] = eligible
        state.event_fired[:, ev.index] |= eligible
        execute_all(ev.effects, ctx, eligible)
        mark(state, event_cause(ev))
        schedule_later(ev.later, state, eligible)
        if not ev.choices:
            continue
        picks = decide(ev, eligible) if decide is not None else None
        if picks is not None:
            apply_picks(ev, ctx, eligible, picks)
        elif ev.decider == OUTSIDE_DECIDER:
            picks = taste_scores(ev, ctx).argmax(axis=1)
            apply_picks(ev, ctx, eligible, picks)
        elif _human_decides(ev, human_mask):
            pending.append(PendingChoice(ev.index, ev.decider, eligible.copy()))
            continue
        elif is_council_vote(ev):
            # The Council votes under the event's rule (engine/council_events.py).
            picks = council_picks(world, ctx, ev, eligible)
            apply_picks(ev, ctx, eligible, picks)
        else:
            picks = apply_ai_choice(ev, ctx, eligible)
        if choices is not None:
            choices[eligible, ev.index] = picks[eligible]
    return fired, pending


def on_fired_games(ctx: EvalContext, mask: np.ndarray,
                   compute: Callable[[EvalContext], np.ndarray]) -> np.ndarray:
    """`compute(ctx)` [B, ...] in the games of `mask` (zero or false outside them).

    Each game's value reads that game alone, so where few games need it (at most
    `NARROW_SHARE` of the batch) it is computed for those alone (`EvalContext.on_rows`), with
    the same result in each; otherwise over the whole batch."""
    if np.count_nonzero(mask) > NARROW_SHARE * len(mask):
        return compute(ctx)
    narrow = ctx.on_rows(mask)
    found = compute(narrow)
    values = np.zeros((len(mask), *found.shape[1:]), found.dtype)
    values[narrow.rows] = found
    return values


def holds(condition: CompiledExpression, ctx: EvalContext, mask: np.ndarray) -> np.ndarray:
    """Where `condition` is true among the games of `mask` (some set): [B], false outside."""
    return on_fired_games(ctx, mask, condition.truth)


def council_picks(world: World, ctx: EvalContext, ev: CompiledEvent,
                  mask: np.ndarray) -> np.ndarray:
    """The option the Council's vote takes in each game of `mask` (0 outside): [B].

    Each game's vote reads that game alone (its members' stakes, its counts under the
    event's rule); the vote reads the state's arrays directly, so narrowed games are put to
    it on a private copy of their rows (`RowsState`)."""
    from autonomy_game.engine.lookahead import RowsState

    def vote(on: EvalContext) -> np.ndarray:
        if on.rows is None:
            return event_vote(world, on, ev).picks
        games = np.arange(len(mask))[on.rows]
        return event_vote(world, EvalContext(RowsState(on.state, games), world), ev).picks

    return on_fired_games(ctx, mask, vote)


def _human_decides(ev: CompiledEvent, human_mask: np.ndarray) -> bool:
    if ev.decider == OUTSIDE_DECIDER:
        return False
    if ev.decider >= 0:
        return bool(human_mask[ev.decider])
    return bool(human_mask.any())


def taste_scores(ev: CompiledEvent, ctx: EvalContext,
                 mask: np.ndarray | None = None) -> np.ndarray:
    """The scenario's `ai_score` for each option: [B, K]; an option without one scores 0.
    With `mask`, in those games (0 elsewhere; `on_fired_games`)."""
    if mask is None or not mask.any():
        return _tastes(ev, ctx)
    return on_fired_games(ctx, mask, lambda on: _tastes(ev, on))


def _tastes(ev: CompiledEvent, ctx: EvalContext) -> np.ndarray:
    columns = [c.ai_score.evaluate(ctx) if c.ai_score is not None else np.zeros(ctx.batch)
               for c in ev.choices]
    return np.stack(columns, axis=1)


def choice_scores(ev: CompiledEvent, ctx: EvalContext,
                  mask: np.ndarray | None = None) -> np.ndarray:
    """The AI's score for each option in the games of `mask` (all when None): [B, K].

    The expected effect on the scenario's goals (a short look-ahead over a batch of futures,
    engine/lookahead.py) decides; the scenario's `ai_score`, weighted lightly, breaks what it
    cannot tell apart and lets each game's situation tip a close call.
    """
    from autonomy_game.engine.lookahead import AI_SCORE_WEIGHT, expected_effects

    rows = np.ones(ctx.batch, bool) if mask is None else mask
    effect = np.round(expected_effects(ctx.world, ctx.state, ev, rows), 6)
    return effect + AI_SCORE_WEIGHT * taste_scores(ev, ctx, mask)


def apply_ai_choice(ev: CompiledEvent, ctx: EvalContext, mask: np.ndarray) -> np.ndarray:
    """Pick the best-scoring option (first on ties) where `mask` is set; returns picks [B]."""
    picks = choice_scores(ev, ctx, mask).argmax(axis=1)
    apply_picks(ev, ctx, mask, picks)
    return picks


def apply_picks(ev: CompiledEvent, ctx: EvalContext, mask: np.ndarray,
                picks: np.ndarray) -> None:
    """Apply option `picks[b]` in each game b of `mask`; a pick outside the options there is
    a ValueError (a policy's bug, never silently another option)."""
    picks = np.asarray(picks)
    if picks.shape != mask.shape:
        raise ValueError(f"{ev.id}: expected one option per game ({mask.shape[0]}), "
                         f"got shape {picks.shape}")
    inside = picks[mask]
    if len(inside) and not ((inside >= 0) & (inside < len(ev.choices))).all():
        raise ValueError(f"{ev.id}: option index out of range 0..{len(ev.choices) - 1}")
    for k, choice in enumerate(ev.choices):
        chosen = mask & (picks == k)
        if chosen.any():
            execute_all(choice.effects, ctx, chosen)
            mark(ctx.state, choice_cause(ev, k))
            schedule_later(choice.later, ctx.state, chosen)
            apply_declarations(choice, ctx.state, chosen)


def apply_choice(ev: CompiledEvent, option: int, ctx: EvalContext,
                 mask: np.ndarray | None = None) -> None:
    """A human's choice: option `option` in the games of `mask` (all when None)."""
    if mask is not None and not mask.any():
        return
    if mask is not None and mask.all():
        mask = None  # the same games, written as whole arrays (as a one-game batch always was)
    execute_all(ev.choices[option].effects, ctx, mask)
    mark(ctx.state, choice_cause(ev, option))
    schedule_later(ev.choices[option].later, ctx.state, mask)
    apply_declarations(ev.choices[option], ctx.state, mask)


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
        execute_all(block.effects, ctx, due)
        if recording(state):
            mark(state, later_cause(world, block))
        state.later_due[due, block.index] = 0


def event_cause(ev: CompiledEvent) -> str:
    """The causal ledger's name for an event's own effects."""
    return f"event: {ev.title}"


def choice_cause(ev: CompiledEvent, option: int) -> str:
    """The causal ledger's name for the effects of an option taken."""
    return f"{ev.title}: chose {ev.choices[option].label}"


def later_cause(world: World, block: CompiledLater) -> str:
    """The causal ledger's name for a `later` block falling due: whose it is."""
    for ev in world.events:
        if ev.later is block:
            return f"{ev.title} (delayed effect)"
        for choice in ev.choices:
            if choice.later is block:
                return f"{ev.title}: {choice.label} (delayed effect)"
    return "delayed effects of earlier decisions"
