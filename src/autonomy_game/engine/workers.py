"""Chunks of a Monte Carlo run on several processes (`--workers N`).

Each game's random numbers depend only on its seed and game index (engine/streams.py), so
chunks can be played anywhere and in any order: the parent copies each chunk's rows into
place as it arrives (`runner.assemble`) and the result is the one a single process gives,
bit for bit. Each worker process builds the scenario's world and the seats' policies once
(`_start`), then plays the chunks it is handed; at most two chunks per worker are in flight,
so the parent never holds more than a few chunks' results besides the assembled run.

Processes are started by fork where the platform has it (the world is inherited, nothing to
pickle or compile again: ~10 ms a worker against ~0.5 s with spawn, which imports numpy and
compiles the scenario anew; benchmarks/bench_scale.py measures both).

multiprocessing, concurrent.futures and threadpoolctl are imported only when a pool starts: a
run on one process (`simulate --runs 1`, the interactive game) would pay ~30 ms for them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from autonomy_game.engine.memory import keep_freed_memory
from autonomy_game.engine.policy.base import BatchRun, Policy
from autonomy_game.engine.world import World, build_world
from autonomy_game.scenario.model import Scenario

IN_FLIGHT_PER_WORKER = 2


def default_workers() -> int:
    """The cores this process may run on (the affinity mask where the platform has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def start_method() -> str:
    """fork where available (cheap, nothing re-imported), else spawn."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return "fork" if "fork" in methods else "spawn"


# The worker process's own copy of what every chunk needs (set once by `_start`).
_job: dict[str, Any] = {}


def _start(scenario: Scenario, world: World | None, seed: int,
           policies: Mapping[str, str | Policy], forced: Mapping[str, str],
           keep: frozenset[str]) -> None:
    from autonomy_game.engine.policy.runner import span_job

    world = world if world is not None else build_world(scenario)
    keep_freed_memory()
    players, chosen = span_job(world, policies, forced)
    _job.update(world=world, seed=seed, keep=keep, policies=players, forced=chosen)


def _play(span: tuple[int, int]) -> tuple[int, BatchRun]:
    from autonomy_game.engine.policy.runner import play_span

    return play_span(_job["world"], _job["seed"], span, _job["policies"], _job["forced"],
                     _job["keep"])


def play_chunks_in_processes(scenario: Scenario, seed: int,
                             policies: Mapping[str, str | Policy], forced: Mapping[str, str],
                             spans: list[tuple[int, int]], keep: frozenset[str],
                             workers: int, world: World | None = None,
                             method: str | None = None) -> Iterator[tuple[int, BatchRun]]:
    """(first game, chunk result) for every span, as the workers finish them."""
    method = method or start_method()
    # fork hands the compiled world over as it is; spawn pickles the scenario and compiles it.
    inherited = world if method == "fork" else None
    yield from in_processes(_start, (scenario, inherited, seed, dict(policies), dict(forced),
                                     keep), _play, spans, workers, method)


def in_processes(start: Callable[..., None], start_args: tuple, job: Callable[[Any], Any],
                 items: list, workers: int, method: str | None = None) -> Iterator[Any]:
    """`job(item)` for every item on `workers` processes (each set up once by
    `start(*start_args)`), yielded as they finish; at most `IN_FLIGHT_PER_WORKER` items per
    worker are handed out ahead, so finished results never pile up."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    context = multiprocessing.get_context(method or start_method())
    pending = list(reversed(items))
    count = max(1, min(workers, len(items)))
    with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=start,
                             initargs=start_args) as pool:
        running: set[Future] = set()
        while pending or running:
            while pending and len(running) < count * IN_FLIGHT_PER_WORKER:
                running.add(pool.submit(job, pending.pop()))
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
