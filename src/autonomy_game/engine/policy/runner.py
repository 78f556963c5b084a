"""Play a batch of games with a policy per seat and keep what each game did (`BatchRun`).

`simulate` and `balance` read this record. One `GameState` holds all runs (B = runs), so a
turn costs a fixed number of numpy calls whatever the number of runs. Every game is judged at
the turn it ended: a game lost early is read where it was lost (the batch plays on around it).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import numpy as np

from autonomy_game.engine.blas import one_blas_thread
from autonomy_game.engine.expressions import CompiledExpression, EvalContext
from autonomy_game.engine.goals import objectives_met
from autonomy_game.engine.history import EUROPE_INDICATORS
from autonomy_game.engine.memory import keep_freed_memory
from autonomy_game.engine.policy.base import BatchRun, Policy
from autonomy_game.engine.policy.registry import PolicySpecError, seat_policies
from autonomy_game.engine.state import OUTCOME_ONGOING, GameState, new_state
from autonomy_game.engine.streams import GameSeeds
from autonomy_game.engine.turn import play_turn, turn_streams
from autonomy_game.engine.world import World, build_world
from autonomy_game.scenario.model import Scenario


def forced_options(world: World, forced: Mapping[str, str] | None) -> dict[int, int]:
    """Event index -> option index from event ids and option ids (PolicySpecError if unknown)."""
    result: dict[int, int] = {}
    by_id = {ev.id: ev for ev in world.events}
    for event_id, option_id in dict(forced or {}).items():
        ev = by_id.get(event_id)
        if ev is None:
            raise PolicySpecError(f"unknown event '{event_id}'")
        options = [c.id for c in ev.choices]
        if option_id not in options:
            raise PolicySpecError(f"'{option_id}' is not an option of {event_id} "
                                  f"(options: {', '.join(options) or 'none'})")
        result[ev.index] = options.index(option_id)
    return result


DEFAULT_CHUNK = 4096  # games per chunk: ~200 MB of state and temporaries on us-withdrawal

# What `simulate` reads of each game; `run_policies(keep=SUMMARY_FIELDS)` keeps only these
# (the events' and objectives' per-game arrays are dropped chunk by chunk).
SUMMARY_FIELDS = frozenset({"outcome", "ended_turn", "defeat_reason", "adopted",
                            "adopted_turn", "final"})
PER_GAME_FIELDS = frozenset({"outcome", "ended_turn", "defeat_reason", "fired", "fired_turn",
                             "choice", "objectives", "adopted", "adopted_turn", "final",
                             "probes", "variables"})


def chunk_spans(runs: int, chunk: int) -> list[tuple[int, int]]:
    """(first game, games) of each chunk of `runs` games cut every `chunk` games."""
    if chunk < 1:
        raise ValueError("a chunk holds at least one game")
    return [(first, min(chunk, runs - first)) for first in range(0, runs, chunk)]


def balanced_chunk(runs: int, chunk: int, workers: int) -> int:
    """At most `chunk` games, cut so that every worker gets as many chunks of about the same
    size (10 000 games on 2 workers: 4 chunks of 2 500, not 4 096 + 4 096 + 1 808). The
    results do not depend on it; only the wall time does."""
    if workers <= 1:
        return chunk
    count = -(-runs // chunk)
    count = -(-count // workers) * workers
    return max(1, -(-runs // count))


def run_policies(scenario: Scenario, runs: int, seed: int,
                 policies: Mapping[str, str | Policy] | None = None,
                 forced_choices: Mapping[str, str] | None = None,
                 world: World | None = None,
                 probes: Sequence[CompiledExpression] = (),
                 chunk: int = DEFAULT_CHUNK, workers: int = 1,
                 keep: frozenset[str] | None = None, cluster: str | None = None) -> BatchRun:
    """Play `runs` games of `scenario` from `seed`, each seat by its policy (seat code ->
    policy or spec; seats not named are the AI's), with options forced on events (event id
    -> option id) if given. `world` saves building it when the caller has it already.

    The games are played in chunks of `chunk` games (game indices first..first + size - 1,
    each game's random numbers keyed by its index: engine/streams.py), on `workers`
    processes when more than one (engine/workers.py), so the result is bit for bit the same
    whatever the chunk size or the number of workers, and memory is bounded by the chunk.
    `cluster` (a Dask scheduler's address) plays the chunks there instead (engine/cluster.py);
    the policies are then sent by spec or pickled.
    `keep` names the per-game fields to keep (default: all; `SUMMARY_FIELDS` is what
    `simulate` reads); the others are left empty ([B, 0]).

    `probes` (expressions compiled against `world.names`) are read in each game at the turn it
    ended, like the final indicators, into `BatchRun.probes` [B, P]; with probes the scenario
    variables are kept too (`BatchRun.variables`). `simulate --explain` reads both; they cost
    nothing when not asked for."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    started = time.perf_counter()
    world = world if world is not None else build_world(scenario)
    seats = seat_policies(list(world.codes), policies)
    forced = forced_options(world, forced_choices)
    spans = chunk_spans(runs, balanced_chunk(runs, chunk, workers))
    keep = PER_GAME_FIELDS if keep is None else frozenset(keep) | {"outcome"}
    if cluster is not None and not probes:
        from autonomy_game.engine.cluster import run_chunks_on_cluster

        parts = run_chunks_on_cluster(cluster, scenario, seed, dict(policies or {}),
                                      dict(forced_choices or {}), spans, keep)
        run = assemble(world, seed, runs, parts, keep)
    elif workers > 1 and len(spans) > 1 and not probes:
        from autonomy_game.engine.workers import play_chunks_in_processes

        parts = play_chunks_in_processes(scenario, seed, dict(policies or {}),
                                         dict(forced_choices or {}), spans, keep, workers,
                                         world)
        run = assemble(world, seed, runs, parts, keep)
    else:
        keep_freed_memory()
        with one_blas_thread(runs):
            played = ((first, play_chunk(world, seed, first, size,
                                         {n: p for n, (_, p) in seats.items()}, forced,
                                         tuple(probes), keep))
                      for first, size in spans)
            run = played_alone(played) if len(spans) == 1 else assemble(
                world, seed, runs, played, keep)
    run.policies = {world.codes[n]: name for n, (name, _) in sorted(seats.items())}
    run.elapsed_s = time.perf_counter() - started
    return run


def played_alone(parts) -> BatchRun:
    """The one chunk of a run that fits in one chunk, as it is (nothing copied)."""
    (_, run), = list(parts)
    return run


def span_job(world: World, policies: Mapping[str, str | Policy],
             forced: Mapping[str, str]) -> tuple[dict[int, Policy], dict[int, int]]:
    """What a process needs to play chunks (`play_span`) from the policies and forced
    options as sent to it (seat code or event id -> spec or option id): seat index -> the
    policy (the AI on seats not named), event index -> option index."""
    seats = seat_policies(list(world.codes), dict(policies) or None)
    return {n: p for n, (_, p) in seats.items()}, forced_options(world, dict(forced) or None)


def play_span(world: World, seed: int, span: tuple[int, int], policies: dict[int, Policy],
              forced: dict[int, int], keep: frozenset[str]) -> tuple[int, BatchRun]:
    """The chunk `span` (first game, size) played in a worker process or on a cluster, BLAS
    on one thread: (its first game, its games)."""
    first, size = span
    with one_blas_thread(size):
        return first, play_chunk(world, seed, first, size, policies, forced, (), keep)


def play_chunk(world: World, seed: int, first: int, runs: int, policies: dict[int, Policy],
               forced: dict[int, int], probes: tuple[CompiledExpression, ...] = (),
               keep: frozenset[str] = PER_GAME_FIELDS) -> BatchRun:
    """Games `first` .. `first + runs - 1` of `seed`, played as one batch."""
    state = new_state(world, runs)
    tracker = BatchTracker(world, state, probes)
    # The state is as new_state left it: indicators already current.
    play_turns(world, state, GameSeeds(seed, first), policies, forced, tracker,
               indicators_current=True)
    return compact(tracker.batch_run(world, state, seed), keep)


def compact(run: BatchRun, keep: frozenset[str]) -> BatchRun:
    """`run` with the fields not in `keep` emptied ([B, 0]), outcomes as int8 and turn and
    option numbers as int16 (a million games' events then take a fifth of the memory)."""
    runs = len(run.outcome)
    for name in PER_GAME_FIELDS - {"final", "probes", "variables"}:
        value = getattr(run, name)
        if name not in keep:
            setattr(run, name, np.zeros((runs, 0), value.dtype))
        elif name in ("ended_turn", "fired_turn", "choice", "adopted_turn", "defeat_reason"):
            setattr(run, name, value.astype(np.int16))
        elif name == "outcome":
            setattr(run, name, value.astype(np.int8))
    if "final" not in keep:
        run.final = {}
    if "probes" not in keep:
        run.probes = run.variables = None
    return run


def assemble(world: World, seed: int, runs: int, parts, keep: frozenset[str]) -> BatchRun:
    """One `BatchRun` of `runs` games from chunks `(first game, BatchRun)` arriving in any
    order: each chunk's rows are copied into place and the chunk dropped."""
    whole: BatchRun | None = None
    for first, part in parts:
        if whole is None:
            whole = _empty_like(part, runs)
        rows = slice(first, first + len(part.outcome))
        for name in PER_GAME_FIELDS - {"final", "probes", "variables"}:
            getattr(whole, name)[rows] = getattr(part, name)
        for name, values in part.final.items():
            whole.final[name][rows] = values
        if part.probes is not None:
            whole.probes[rows] = part.probes
            whole.variables[rows] = part.variables
    assert whole is not None
    return whole


def _empty_like(part: BatchRun, runs: int) -> BatchRun:
    def like(array: np.ndarray) -> np.ndarray:
        return np.empty((runs, *array.shape[1:]), array.dtype)

    return BatchRun(
        scenario_id=part.scenario_id, seed=part.seed, policies={},
        **{name: like(getattr(part, name))
           for name in PER_GAME_FIELDS - {"final", "probes", "variables"}},
        final={name: like(values) for name, values in part.final.items()},
        probes=None if part.probes is None else like(part.probes),
        variables=None if part.variables is None else like(part.variables),
    )


class BatchTracker:
    """What a batch did, turn by turn: events fired and chosen, adoptions, each game's
    indicators (the Europe-wide ones and the scenario's own) and probes as they stood when it
    ended, and its secret objectives then. `run_policies` and the decision preview
    (engine/preview.py, which plays the rest of a turn itself) share it."""

    def __init__(self, world: World, state: GameState,
                 probes: tuple[CompiledExpression, ...] = ()) -> None:
        runs, events = state.batch, len(world.events)
        self.probed = _Probes(world, state, probes) if probes else None
        self.fired = np.zeros((runs, events), bool)
        self.fired_turn = np.zeros((runs, events), int)
        self.choice = np.full((runs, events), -1, int)
        self.adopted_turn = np.zeros((runs, len(world.initiative_ids)), int)
        self.objectives = np.zeros((runs, len(world.objectives)), bool)
        self.final = {name: getattr(state, name).copy() for name in EUROPE_INDICATORS}
        self.own = {f"indicator.{ident}": k for k, ident in enumerate(world.indicator_ids)}
        self.final |= {name: state.scenario_values[:, k].copy() for name, k in self.own.items()}

    def after_turn(self, world: World, state: GameState, fired: np.ndarray,
                   passed: np.ndarray, live: np.ndarray) -> None:
        """Record a turn just finished (`state.turn` is its number); `live` [B] marks the
        games that were still being played as it opened."""
        turn = state.turn
        if fired.any():
            first = fired & ~self.fired
            self.fired_turn[first] = turn
            self.fired |= fired
        if passed.any():
            self.adopted_turn[passed & (self.adopted_turn == 0)] = turn
        for name in EUROPE_INDICATORS:
            np.copyto(self.final[name], getattr(state, name), where=live)
        for name, k in self.own.items():
            np.copyto(self.final[name], state.scenario_values[:, k], where=live)
        if self.probed is not None:
            self.probed.read(state, live)
        ended = live & (state.outcome != OUTCOME_ONGOING)
        if ended.any() and world.objectives:
            self.objectives[ended] = objectives_met(world, EvalContext(state, world))[ended]

    def batch_run(self, world: World, state: GameState, seed: int) -> BatchRun:
        ended_turn = np.where(state.ended_turn > 0, state.ended_turn, state.turn)
        probed = self.probed
        return BatchRun(
            scenario_id=world.scenario.id,
            seed=seed,
            policies={},
            outcome=state.outcome.copy(),
            ended_turn=ended_turn,
            defeat_reason=state.defeat_reason.copy(),
            fired=self.fired,
            fired_turn=self.fired_turn,
            choice=self.choice,
            objectives=self.objectives,
            adopted=self.adopted_turn > 0,
            adopted_turn=self.adopted_turn,
            final=self.final,
            probes=None if probed is None else probed.values,
            variables=None if probed is None else probed.variables,
        )


def play_turns(world: World, state: GameState, seeds: GameSeeds | np.random.SeedSequence,
               policies: Mapping[int, Policy], forced: Mapping[int, int],
               tracker: BatchTracker, indicators_current: bool = False) -> None:
    """Play every turn from `state.turn` (a turn boundary) to the end of the scenario or of
    the last game. Turn t draws from `turn_streams(seeds, t)`, as the live game does.
    `indicators_current` as for `play_turn`, for the first turn (later ones always are)."""
    for turn in range(state.turn, world.turns):
        if not (state.outcome == OUTCOME_ONGOING).any():
            break
        result = play_turn(world, state, turn_streams(seeds, turn), policies, forced,
                           indicators_current=indicators_current, choices=tracker.choice)
        indicators_current = True  # play_turn ends by computing them
        tracker.after_turn(world, state, result.fired, result.passed, result.ongoing)


class _Probes:
    """Expressions and variables read game by game until each game ends."""

    def __init__(self, world: World, state: GameState, probes: tuple[CompiledExpression, ...]):
        self.world = world
        self.expressions = probes
        self.values = np.zeros((state.batch, len(probes)))
        self.variables = state.variables.copy()
        self.read(state, np.ones(state.batch, bool))

    def read(self, state: GameState, live: np.ndarray) -> None:
        ctx = EvalContext(state, self.world)
        for k, expression in enumerate(self.expressions):
            np.copyto(self.values[:, k], expression.evaluate(ctx), where=live)
        np.copyto(self.variables, state.variables, where=live[:, None])
