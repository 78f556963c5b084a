"""Decision preview: the spread of a thousand futures for each option of an open decision.

Before a table commits an event choice, a Council vote or its national orders, it may ask
what each option tends to lead to. The live game's state (a batch of one) is repeated into
a batch of `futures` games; in each, the option is taken, the rest of the quarter is played
as the live game would play it (the other open choices by the advisor, the Council, the
orders, resolution), and then the rest of the game with the AI (or the seat's policy) on
every seat, through the very turn function `simulate` uses (`play_turns`). The futures
share one random stream per phase and turn, drawn over the batch axis, so every future
draws its own numbers, and every option meets the same futures (common random numbers: a
difference between options is the option's, not luck's).

The live game is never touched: its state, Council session and orders are copied, and the
futures' streams are spawned apart from the game's (`PREVIEW_STREAM`), so a game with
previews and one without are the same game bit for bit. The look is logged (A.Preview) so
the debrief can say it was used; the scenario (`preview: false`) or the teacher
(`play --no-preview`) can switch it off, because knowing the odds changes how a class plays.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from autonomy_game.engine import actions as A
from autonomy_game.engine.blas import one_blas_thread
from autonomy_game.engine.council import CouncilSession, allowed_votes, eligible
from autonomy_game.engine.council_events import event_vote, is_council_vote
from autonomy_game.engine.events import (
    apply_ai_choice,
    apply_choice,
    apply_picks,
    redraw_drawdown_pace,
)
from autonomy_game.engine.expressions import EvalContext
from autonomy_game.engine.game import Game
from autonomy_game.engine.history import EUROPE_INDICATORS
from autonomy_game.engine.indicators import update_indicators
from autonomy_game.engine.lookahead import take_rows
from autonomy_game.engine.orders import Orders
from autonomy_game.engine.policy.base import BatchRun, Policy
from autonomy_game.engine.policy.runner import BatchTracker, play_turns
from autonomy_game.engine.policy.seats import TurnPolicies
from autonomy_game.engine.preview_open import preview_subjects
from autonomy_game.engine.state import OUTCOME_NAMES, OUTCOME_ONGOING, GameState
from autonomy_game.engine.streams import GameSeeds
from autonomy_game.engine.turn import (
    TurnStreams,
    close_council,
    council_phase,
    finish_turn,
    orders_phase,
    turn_streams,
)
from autonomy_game.engine.world import World

PREVIEW_FUTURES = 1000
PREVIEW_STREAM = 0x5EE  # the futures' spawn key: apart from every stream the game draws
VOTE_LABELS = {1: "yes", 0: "abstain", -1: "no", 2: "constructive abstention"}
ORDER_OPTIONS = ("yours", "advisor")  # the seat's orders as they stand, or its advisor's
FALLBACK_INDICATORS = ("deterrence", "cohesion", "adversary_pressure")
StreamsMaker = Callable[[], TurnStreams]


class PreviewError(ValueError):
    """The preview cannot be run now (switched off, nothing to decide, unknown subject)."""


@dataclass(frozen=True)
class Band:
    """An indicator's spread at the end over the futures: 10th, 50th and 90th percentile."""

    p10: float
    median: float
    p90: float


@dataclass
class OptionFutures:
    """What one option led to over the futures."""

    option: str  # the option's id: an event option, yes/no/abstain, yours/advisor
    label: str  # for the screen
    futures: int
    shares: dict[str, float]  # outcome (victory, partial, failure, defeat) -> share
    bands: dict[str, Band]  # key indicator -> spread at each game's end
    objective_rate: float | None  # share of futures where the seat's secret objective is met
    elapsed_s: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {"option": self.option, "label": self.label, "futures": self.futures,
                "shares": self.shares, "objective_rate": self.objective_rate,
                "bands": {k: dataclasses.asdict(v) for k, v in self.bands.items()},
                "elapsed_s": round(self.elapsed_s, 4)}


@dataclass
class Preview:
    """Every option of one decision, side by side."""

    subject: str  # event:ID, vote:ID or orders
    seat: str  # whose secret objective is counted ("" for none)
    turn: int
    futures: int
    options: list[OptionFutures] = field(default_factory=list)

    @property
    def per_option_s(self) -> float:
        return sum(o.elapsed_s for o in self.options) / max(len(self.options), 1)


# -- what can be previewed -------------------------------------------------------------------


def key_indicators(world: World) -> list[str]:
    """The Europe indicators the scenario's goals name (the ones a table steers by), in the
    engine's order; deterrence, cohesion and adversary pressure if the goals name none."""
    goals = world.scenario.goals
    texts = " ".join([goals.victory.when.text, goals.partial.when.text,
                      *(g.when.text for g in goals.defeat)])
    named = [name for name in EUROPE_INDICATORS if name in texts]
    return named or list(FALLBACK_INDICATORS)


def preview_uses(game: Game) -> list[str]:
    """The debrief's account of the decision previews, one sentence each: who looked at
    what and when (from the log's A.Preview actions), or that none was used or allowed."""
    if not game.scenario.preview:
        return ["The scenario switches the decision preview off."]
    uses = game.previews
    if not uses:
        return ["No decision preview was used."]
    names = dict(zip(game.world.codes, game.world.member_names))
    lines = []
    for use in uses:
        kind, _, name = use.subject.partition(":")
        if kind == "event":
            ev = next((e for e in game.world.events if e.id == name), None)
            what = f"the options of '{ev.title if ev else name}'"
        elif kind == "vote":
            init = game.scenario.initiatives.get(name)
            what = f"its vote on {init.name if init else name}"
        else:
            what = "its orders against the advisor's"
        who = names.get(use.seat, "The table") if use.seat else "The table"
        lines.append(f"{game.scenario.quarter_label(use.turn)}: {who} previewed {what}.")
    return lines


# -- the futures -------------------------------------------------------------------------------


def futures_seed(seed: int, turn: int) -> GameSeeds:
    """The futures' streams for a preview asked on `turn` of a game seeded `seed`: keyed
    under PREVIEW_STREAM, so they never coincide with the game's own."""
    return GameSeeds(seed, 0, (PREVIEW_STREAM, turn))


def repeat_rows(state: GameState, futures: int) -> GameState:
    """`futures` private copies of game 0 of `state`."""
    return take_rows(state, np.zeros(1, int), futures)


def _repeat(array: np.ndarray, futures: int) -> np.ndarray:
    return np.repeat(array[:1], futures, axis=0)


def repeat_session(session: CouncilSession, futures: int) -> CouncilSession:
    """A private copy of the Council's session (game 0) for each future; caches cleared."""
    copy = dataclasses.replace(
        session,
        noise=_repeat(session.noise, futures),
        bonus=None if session.bonus is None else _repeat(session.bonus, futures),
        agenda=_repeat(session.agenda, futures),
        human_votes=_repeat(session.human_votes, futures),
        presidency_tabled=(None if session.presidency_tabled is None
                           else _repeat(session.presidency_tabled, futures)),
    )
    copy.invalidate()
    return copy


def repeat_orders(orders: Orders, futures: int) -> Orders:
    """A private copy of the orders (game 0) for each future."""
    return dataclasses.replace(
        orders,
        **{f.name: _repeat(getattr(orders, f.name), futures)
           for f in dataclasses.fields(orders) if isinstance(getattr(orders, f.name), np.ndarray)},
        transfers=list(orders.transfers),
    )


def take_seat_orders(orders: Orders, source: Orders, seat: int) -> None:
    """Replace one seat's orders by `source`'s (same batch): every array has the member axis
    second, but `procure` [B, 2, D, N] has it last."""
    for f in dataclasses.fields(orders):
        mine, theirs = getattr(orders, f.name), getattr(source, f.name)
        if not isinstance(mine, np.ndarray) or not isinstance(theirs, np.ndarray):
            continue
        if f.name == "procure":
            mine[..., seat] = theirs[..., seat]
        else:
            mine[:, seat] = theirs[:, seat]


def play_futures(world: World, state: GameState, seeds: GameSeeds | np.random.SeedSequence,
                 policies: Mapping[int, Policy] | None = None,
                 rest_of_turn: Callable[[GameState, BatchTracker], None] | None = None,
                 indicators_current: bool = False, seed: int = 0) -> BatchRun:
    """Play the batch `state` to the end. `rest_of_turn` (if given) first finishes the turn
    under way, mid-phase; then every later turn is played by `play_turns` with
    `turn_streams(seeds, turn)` and the policies (the AI on every seat without one).
    `indicators_current` as for `play_turn`, for the first turn played here."""
    tracker = BatchTracker(world, state)
    with one_blas_thread(state.batch):
        if rest_of_turn is not None:
            rest_of_turn(state, tracker)
            indicators_current = True  # finish_turn ends by computing them
        play_turns(world, state, seeds, dict(policies or {}), {}, tracker,
                   indicators_current=indicators_current)
    return tracker.batch_run(world, state, seed)


def summarise_futures(world: World, run: BatchRun, option: str, label: str,
                      seat: str | None) -> OptionFutures:
    """Outcome shares, end bands of the key indicators and the seat's objective rate."""
    futures = len(run.outcome)
    counts = np.bincount(run.outcome, minlength=len(OUTCOME_NAMES))
    shares = {name: float(counts[k]) / futures for k, name in enumerate(OUTCOME_NAMES)
              if name != "ongoing"}
    bands = {}
    for name in key_indicators(world):
        p10, median, p90 = np.percentile(run.final[name], [10, 50, 90])
        bands[name] = Band(float(p10), float(median), float(p90))
    rate = None
    if seat and seat in world.objective_codes:
        rate = float(run.objectives[:, world.objective_codes.index(seat)].mean())
    return OptionFutures(option, label, futures, shares, bands, rate)


# -- the options of each kind of decision -------------------------------------------------------


@dataclass
class _Option:
    option: str
    label: str
    # Takes the option in the futures' copy and plays the rest of the quarter.
    rest_of_turn: Callable[[GameState, BatchTracker], None]


def _live_policies(game: Game) -> dict[int, Policy]:
    """The seats' policies in the futures: each policy seat keeps its own, humans are AI."""
    return {n: policy for n, (_, policy) in game._seat_policies.items()}


def _fired(game: Game, futures: int) -> np.ndarray:
    fired = np.zeros((futures, len(game.world.events)), bool)
    fired[:, game.fired] = True
    return fired


def _finish_from_council(game: Game, streams: TurnStreams, session: CouncilSession,
                         state: GameState, tracker: BatchTracker, ongoing: np.ndarray) -> None:
    """Close the Council, the orders (the AI's or the policies' for every seat, with the
    side payments promised) and resolution, as `play_turn` does."""
    world = game.world
    players = TurnPolicies.for_turn(world, state, streams, _live_policies(game))
    passed = close_council(world, state, session) & ongoing[:, None]
    orders, _, _ = orders_phase(world, state, streams, players,
                                list(game._transfers))
    finish_turn(world, state, orders, EvalContext(state, world))
    tracker.after_turn(world, state, _fired(game, state.batch), passed, ongoing)


def _event_options(game: Game, event_id: str, make_streams: StreamsMaker) -> list[_Option]:
    world = game.world
    pending = list(game.pending)
    target = next((p for p in pending if world.events[p.event].id == event_id), None)
    if target is None:
        raise PreviewError(f"no open decision for event '{event_id}'")
    ev = world.events[target.event]
    humans = game.human_mask

    def option(k: int) -> Callable[[GameState, BatchTracker], None]:
        def rest(state: GameState, tracker: BatchTracker) -> None:
            streams = make_streams()
            ctx = EvalContext(state, world)
            ongoing = state.outcome == OUTCOME_ONGOING
            for p in pending:  # in the table's order; the others take the advisor's option
                mask = np.repeat(p.mask[:1], state.batch)
                other = world.events[p.event]
                if p is not target:
                    apply_ai_choice(other, ctx, mask)
                elif is_council_vote(ev):
                    apply_picks(ev, ctx, mask, event_vote(world, ctx, ev, humans, k).picks)
                else:
                    apply_choice(ev, k, ctx, mask)
                update_indicators(world, state)
            players = TurnPolicies.for_turn(world, state, streams, _live_policies(game))
            no_humans = np.zeros(len(world.codes), bool)
            session = council_phase(world, state, streams, players, no_humans)
            _finish_from_council(game, streams, session, state, tracker, ongoing)
        return rest

    return [_Option(c.id, c.label or c.id, option(k)) for k, c in enumerate(ev.choices)]


def _vote_options(game: Game, initiative: str, seat: str,
                  make_streams: StreamsMaker) -> list[_Option]:
    world = game.world
    if initiative not in game.agenda():
        raise PreviewError(f"'{initiative}' is not on the Council's agenda")
    i = world.initiative_ids.index(initiative)
    n = world.codes.index(seat)
    if not eligible(world)[n, i]:
        raise PreviewError(f"{seat} cannot take part in {initiative}")
    live = game.session

    def option(vote: int) -> Callable[[GameState, BatchTracker], None]:
        def rest(state: GameState, tracker: BatchTracker) -> None:
            session = repeat_session(live, state.batch)
            session.human_votes[:, n, i] = vote
            ongoing = state.outcome == OUTCOME_ONGOING
            _finish_from_council(game, make_streams(), session, state, tracker, ongoing)
        return rest

    return [_Option(VOTE_LABELS[v], VOTE_LABELS[v], option(v)) for v in allowed_votes(world, i)]


def _orders_options(game: Game, seat: str) -> list[_Option]:
    world = game.world
    n = world.codes.index(seat)
    live, advisor = game.orders, game.advisor
    if live is None or advisor is None:
        raise PreviewError("no orders are open")

    def option(which: str) -> Callable[[GameState, BatchTracker], None]:
        def rest(state: GameState, tracker: BatchTracker) -> None:
            orders = repeat_orders(live, state.batch)
            if which == "advisor":
                take_seat_orders(orders, repeat_orders(advisor, state.batch), n)
            ongoing = state.outcome == OUTCOME_ONGOING
            finish_turn(world, state, orders, EvalContext(state, world))
            tracker.after_turn(world, state, _fired(game, state.batch),
                               np.zeros((state.batch, len(world.initiative_ids)), bool),
                               ongoing)
        return rest

    labels = {"yours": "your orders", "advisor": "the advisor's orders"}
    return [_Option(w, labels[w], option(w)) for w in ORDER_OPTIONS]


# -- the entry point ---------------------------------------------------------------------------


def run_preview(game: Game, subject: str, seat: str = "", futures: int = PREVIEW_FUTURES,
                record: bool = True, seeds: GameSeeds | np.random.SeedSequence | None = None
                ) -> Preview:
    """Play `futures` futures of each option of the open decision `subject` (see
    `preview_subjects`) and summarise them; `seat` is the seat asking (its secret objective
    is counted; a vote or orders preview needs it). Logs the look in the game (A.Preview)
    unless `record` is False (the screen logs it itself, tools do not). `seeds` replaces the
    futures' own streams (tests compare with `run_policies` on a seed). PreviewError if the
    preview is off or the subject is not open; the live game is left exactly as it was."""
    if not game.preview_allowed:
        raise PreviewError("the decision preview is switched off in this game")
    seeds = seeds if seeds is not None else futures_seed(game.seed, game.state.turn)
    preview = preview_options(game, subject, seat, futures, seeds)
    if record:
        try:
            game.apply(A.Preview(seat, subject, game.turn))
        except A.IllegalAction as error:
            raise PreviewError(str(error)) from None
    return preview


def preview_options(game: Game, subject: str, seat: str, futures: int,
                    seeds: GameSeeds | np.random.SeedSequence,
                    only: tuple[str, ...] | None = None
                    ) -> Preview:
    """The futures of each option of `subject` (or of the options in `only`, in that
    order), whether or not the game allows a preview (the counterfactual uses this after
    the game). Nothing is logged."""
    if futures < 1:
        raise PreviewError("a preview needs at least one future")
    open_now = preview_subjects(game, seat or None)
    if subject not in open_now:
        raise PreviewError(f"'{subject}' is not an open decision now "
                           f"({', '.join(open_now) or 'none'})")
    kind, _, name = subject.partition(":")
    if kind in ("vote", "orders") and seat not in game.humans:
        raise PreviewError(f"a {kind} preview is for a human seat, not '{seat}'")
    turn = game.state.turn

    def make_streams() -> TurnStreams:
        # The rest of this quarter, drawn afresh for each option: every option meets the
        # same futures.
        return turn_streams(seeds, turn)

    if kind == "event":
        options = _event_options(game, name, make_streams)
    elif kind == "vote":
        options = _vote_options(game, name, seat, make_streams)
    else:
        options = _orders_options(game, seat)
    if only is not None:
        by_id = {o.option: o for o in options}
        missing = [o for o in only if o not in by_id]
        if missing:
            raise PreviewError(f"no option {', '.join(missing)} for {subject}")
        options = [by_id[o] for o in only]
    preview = Preview(subject, seat, game.turn, futures)
    for opt in options:
        started = time.perf_counter()
        state = repeat_rows(game.state, futures)
        # Washington's pace is hidden from the table: each future draws its own.
        redraw_drawdown_pace(game.world, state, turn_streams(seeds, 0).events)
        run = play_futures(game.world, state, seeds, _live_policies(game), opt.rest_of_turn)
        summary = summarise_futures(game.world, run, opt.option, opt.label, seat or None)
        summary.elapsed_s = time.perf_counter() - started
        preview.options.append(summary)
    return preview
