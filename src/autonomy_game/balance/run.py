"""Play the cells: each one batch of the same seeds through the policy runner.

Policy specs the registry does not know ("shift:", "votes:", "audit") become the balance
package's own wrappers around the AI; an event switched off is the scenario with that event's
chance set to 0 (the events phase draws every event's number in one call, so switching one
off leaves every other draw where it was: the games stay paired).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass

from autonomy_game.balance.cells import Cell
from autonomy_game.balance.policies import OrderAudit, SpendingShift, VotingOnly
from autonomy_game.engine.blas import one_blas_thread
from autonomy_game.engine.policy.base import BatchRun, Policy
from autonomy_game.engine.world import World
from autonomy_game.scenario.model import Scenario


@dataclass
class CellResult:
    cell: Cell
    run: BatchRun
    elapsed_s: float
    audit: OrderAudit | None = None


def ai_policy() -> Policy:
    """The registry's AI policy object (the inner policy of every wrapper)."""
    from autonomy_game.engine.policy.registry import make_policy

    return make_policy("ai")


def build_policies(cell: Cell) -> tuple[dict[str, str | Policy], OrderAudit | None]:
    """Policy objects for a cell's seats: fresh ones per cell (wrappers keep per-game state)."""
    policies: dict[str, str | Policy] = {}
    audit = None
    for code, spec in cell.seats.items():
        kind, _, arg = spec.partition(":")
        if kind == "shift":
            policies[code] = SpendingShift(ai_policy(), float(arg))
        elif kind == "votes":
            policies[code] = VotingOnly(ai_policy(), arg)
        elif spec == "audit":
            audit = OrderAudit(ai_policy())
            policies[code] = audit
        else:
            policies[code] = spec
    return policies, audit


def without_event(scenario: Scenario, event_id: str) -> Scenario:
    """The scenario with one event's chance set to 0 (it never fires)."""
    events = [dataclasses.replace(e, chance=0.0) if e.id == event_id else e
              for e in scenario.events]
    return dataclasses.replace(scenario, events=events)


def run_cell(scenario: Scenario, cell: Cell, runs: int, seed: int,
             world: World | None = None, chunk: int | None = None) -> CellResult:
    """Play one cell. `world` (the scenario's, compiled) saves compiling it again; a cell
    with an event switched off compiles its own."""
    from autonomy_game.engine.policy.runner import DEFAULT_CHUNK, run_policies

    started = time.perf_counter()
    policies, audit = build_policies(cell)
    if cell.event_off:
        scenario, world = without_event(scenario, cell.event_off), None
    run = run_policies(scenario, runs, seed, policies or None, dict(cell.forced) or None,
                       world=world, chunk=chunk or DEFAULT_CHUNK)
    return CellResult(cell, run, time.perf_counter() - started, audit)


def run_cells(scenario: Scenario, cells: list[Cell], runs: int, seed: int,
              world: World | None = None, workers: int = 1, chunk: int | None = None,
              cluster: str | None = None) -> Iterator[CellResult]:
    """Every cell's result, in the cells' order on one process, as they finish on several
    (`workers` processes, each compiling the scenario once, or a Dask cluster at `cluster`).
    Each cell is played whole by one worker, so the results are those of one process."""
    if cluster is not None:
        from autonomy_game.engine.cluster import run_cells_on_cluster

        yield from run_cells_on_cluster(cluster, scenario, cells, runs, seed, chunk)
        return
    if workers <= 1 or len(cells) <= 1:
        for cell in cells:
            yield run_cell(scenario, cell, runs, seed, world, chunk)
        return
    from autonomy_game.engine.workers import in_processes, start_method

    method = start_method()
    inherited = world if method == "fork" else None
    yield from in_processes(_start_cells, (scenario, inherited, runs, seed, chunk),
                            _play_cell, cells, workers, method)


_cells_job: dict = {}


def _start_cells(scenario: Scenario, world: World | None, runs: int, seed: int,
                 chunk: int | None) -> None:
    from autonomy_game.engine.world import build_world

    _cells_job.update(scenario=scenario, world=world or build_world(scenario), runs=runs,
                      seed=seed, chunk=chunk)


def _play_cell(cell: Cell) -> CellResult:
    job = _cells_job
    with one_blas_thread(job["runs"]):
        return run_cell(job["scenario"], cell, job["runs"], job["seed"], job["world"],
                        job["chunk"])
