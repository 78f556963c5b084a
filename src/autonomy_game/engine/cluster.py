"""Chunks and balance cells on an existing Dask distributed cluster (`--cluster ADDRESS`).

A game's numbers depend only on its seed and game index (engine/streams.py), so a chunk or a
balance cell gives the same result on any machine: the scheduler may send them anywhere and
the parent assembles them (`runner.assemble`) into the very result a local run gives. The
scenario is sent to every worker once (`scatter(broadcast=True)`); each worker compiles it
once and keeps the world for the chunks that follow. The workers need the game installed
(`pip install "autonomy-game[cluster]"`), at the same version as the caller.

Only this module imports dask (`distributed`), and only when `--cluster` is given.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any

from autonomy_game.engine.blas import one_blas_thread
from autonomy_game.engine.policy.base import BatchRun
from autonomy_game.scenario.model import Scenario

CONNECT_TIMEOUT_S = 10
_WORLDS_KEPT = 4


class ClusterError(RuntimeError):
    """The cluster cannot be used (not installed, unreachable): a clear message, no trace."""


def connect(address: str) -> Any:
    """A `distributed.Client` for the scheduler at `address` (ClusterError if impossible)."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install \"autonomy-game[cluster]\" "
                           "(dask and distributed)") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} "
                           f"({error or type(error).__name__})") from None


# The worker's compiled worlds, by the identity of the scattered scenario (kept alive here, so
# an identity is never reused while its world is cached).
_worlds: OrderedDict[int, tuple[Scenario, Any]] = OrderedDict()


def _world(scenario: Scenario) -> Any:
    from autonomy_game.engine.world import build_world

    key = id(scenario)
    if key not in _worlds:
        _worlds[key] = (scenario, build_world(scenario))
        while len(_worlds) > _WORLDS_KEPT:
            _worlds.popitem(last=False)
    _worlds.move_to_end(key)
    return _worlds[key][1]


def _chunk_task(scenario: Scenario, seed: int, policies: Mapping[str, str],
                forced: Mapping[str, str], span: tuple[int, int],
                keep: frozenset[str]) -> tuple[int, BatchRun]:
    from autonomy_game.engine.policy.runner import play_span, span_job

    world = _world(scenario)
    return play_span(world, seed, span, *span_job(world, policies, forced), keep)


def _cell_task(scenario: Scenario, cell: Any, runs: int, seed: int, chunk: int | None) -> Any:
    from autonomy_game.balance.run import run_cell

    with one_blas_thread(runs):
        return run_cell(scenario, cell, runs, seed, _world(scenario), chunk)


def _results(client: Any, futures: list) -> Iterator[Any]:
    from distributed import as_completed

    for future in as_completed(futures):
        try:
            result = future.result()
        except ModuleNotFoundError as error:
            raise ClusterError(f"the cluster's workers cannot import {error.name or 'the game'}:"
                               f" install the game on them (pip install "
                               f"\"autonomy-game[cluster]\")") from None
        future.release()
        yield result


def run_chunks_on_cluster(address: str, scenario: Scenario, seed: int,
                          policies: Mapping[str, Any], forced: Mapping[str, str],
                          spans: list[tuple[int, int]],
                          keep: frozenset[str]) -> Iterator[tuple[int, BatchRun]]:
    """(first game, chunk result) for every span, as the cluster finishes them."""
    with connect(address) as client:
        shared = client.scatter(scenario, broadcast=True)
        futures = [client.submit(_chunk_task, shared, seed, dict(policies), dict(forced), span,
                                 keep, pure=False) for span in spans]
        yield from _results(client, futures)


def run_cells_on_cluster(address: str, scenario: Scenario, cells: list, runs: int, seed: int,
                         chunk: int | None) -> Iterator[Any]:
    """Every balance cell's `CellResult`, as the cluster finishes them."""
    with connect(address) as client:
        shared = client.scatter(scenario, broadcast=True)
        futures = [client.submit(_cell_task, shared, cell, runs, seed, chunk, pure=False)
                   for cell in cells]
        yield from _results(client, futures)
