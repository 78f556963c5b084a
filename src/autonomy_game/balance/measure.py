"""A whole balance run: play the cells, then measure everything the targets need.

Two rounds: first the AI baseline and the policy cells, then the cells that depend on the
baseline's games (each choice event's options forced, each event switched off, for the
events that fired in the baseline). Every cell plays the same `seed`: paired games.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from autonomy_game.balance.analysis import (
    ChoiceEffect,
    EventSwing,
    OutcomeShares,
    SplitResult,
    VarianceShares,
    choice_effect,
    event_swing,
    outcome_score,
    outcome_shares,
    split_best,
    variance_shares,
    victory,
)
from autonomy_game.balance.cells import Cell, baseline_cells, policy_cells
from autonomy_game.balance.doctrines import DoctrineInfo
from autonomy_game.balance.run import CellResult, run_cell, run_cells
from autonomy_game.engine.blas import one_blas_thread
from autonomy_game.engine.world import World, build_world
from autonomy_game.scenario.model import Scenario

# A major event, for the splits: fired in at least this share of the baseline's games and at
# most 1 minus it (so both sides of the split hold enough games to compare doctrines).
MAJOR_EVENT_SHARE = 0.10


@dataclass
class Measurements:
    scenario: str
    title: str
    runs: int
    seed: int
    doctrines: list[DoctrineInfo]
    results: dict[str, CellResult]
    shares: dict[str, OutcomeShares]
    variance: VarianceShares | None  # by outcome score
    variance_victory: VarianceShares | None  # the same with victory as 0/1
    sensible: list[str]
    choices: list[ChoiceEffect]
    unfired_choice_events: list[str]
    swings: list[EventSwing]
    splits: list[SplitResult]
    overall_best: str
    late_share: float | None
    late_by_kind: dict[str, float]
    elapsed_s: float = 0.0
    targets: list = field(default_factory=list)

    def victory(self, key: str) -> float:
        return self.shares[key].victory

    def cells_in(self, group: str) -> list[Cell]:
        return [r.cell for r in self.results.values() if r.cell.group == group]


Progress = Callable[[str], None]


def measure(scenario: Scenario, runs: int, seed: int, doctrines: Sequence[DoctrineInfo],
            progress: Progress | None = None, workers: int = 1,
            chunk: int | None = None, cluster: str | None = None) -> Measurements:
    """Play the cells (on `workers` processes or a Dask cluster at `cluster`, each cell in
    chunks of `chunk` games) and measure. The cells are independent, so the result is the
    same wherever they are played."""
    started = time.perf_counter()
    with one_blas_thread(runs):
        world = build_world(scenario)
        results: dict[str, CellResult] = {}

        def play(cells: list[Cell]) -> None:
            done = {}
            played = (run_cells(scenario, cells, runs, seed, world, workers, chunk, cluster)
                      if workers > 1 or cluster is not None else
                      (run_cell(scenario, cell, runs, seed, world, chunk=chunk)
                       for cell in cells))
            for result in played:
                done[result.cell.key] = result
                if progress:
                    progress(f"{result.cell.key}: {result.elapsed_s:.2f} s")
            results.update((cell.key, done[cell.key]) for cell in cells)  # in cell order

        play(policy_cells(world, doctrines))
        play(baseline_cells(world, results["ai"].run.fired))
    m = analyse(world, runs, seed, doctrines, results)
    m.elapsed_s = time.perf_counter() - started
    from autonomy_game.balance.targets import evaluate

    m.targets = evaluate(m)
    return m


def major_event_splits(world: World, fired: np.ndarray) -> dict[str, np.ndarray]:
    """The baseline's games split by each major event: fired / not fired, each a mask [B].

    Splits that hold the very same games are one split (two outcomes of one election event
    are each other's complement), named by every way of saying it, so no split counts twice.
    """
    share = fired.mean(axis=0)
    named: dict[bytes, tuple[list[str], np.ndarray]] = {}
    for ev in world.events:
        if not MAJOR_EVENT_SHARE <= share[ev.index] <= 1.0 - MAJOR_EVENT_SHARE:
            continue
        for name, mask in ((f"{ev.id} fired", fired[:, ev.index]),
                           (f"{ev.id} not fired", ~fired[:, ev.index])):
            key = np.packbits(mask).tobytes()
            named.setdefault(key, ([], mask))[0].append(name)
    return {" = ".join(names): mask for names, mask in named.values()}


def analyse(world: World, runs: int, seed: int, doctrines: Sequence[DoctrineInfo],
            results: dict[str, CellResult]) -> Measurements:
    """Everything the tables and targets need, from the played cells."""
    base = results["ai"].run
    shares = {key: outcome_shares(r.run) for key, r in results.items()}

    sensible = [key for key, r in results.items() if r.cell.sensible]
    variance = variance_victory = None
    if len(sensible) >= 2 and runs >= 2:
        variance = variance_shares(np.stack([outcome_score(results[k].run.outcome)
                                             for k in sensible]))
        variance_victory = variance_shares(np.stack([victory(results[k].run)
                                                     for k in sensible]))

    choices, unfired = [], []
    for ev in world.events:
        if not ev.choices:
            continue
        keys = [f"force:{ev.id}={c.id}" for c in ev.choices]
        if not all(k in results for k in keys):
            unfired.append(ev.id)
            continue
        choices.append(choice_effect(ev.id, ev.index, [c.id for c in ev.choices],
                                     [results[k].run for k in keys], world.objective_codes))

    swings = [event_swing(ev.id, ev.index, base, results[f"off:{ev.id}"].run)
              for ev in world.events if f"off:{ev.id}" in results]

    splits_masks = major_event_splits(world, base.fired)
    doctrine_wins = {r.cell.doctrine or key: victory(r.run) for key, r in results.items()
                     if r.cell.group == "doctrine-one"}
    splits = split_best(doctrine_wins, splits_masks, min_games=1)
    overall = max(doctrine_wins, key=lambda k: doctrine_wins[k].mean()) if doctrine_wins else ""

    audit = next((r.audit for r in results.values() if r.audit is not None), None)
    return Measurements(
        scenario=world.scenario.id, title=world.scenario.title, runs=runs, seed=seed,
        doctrines=list(doctrines), results=results, shares=shares, variance=variance,
        variance_victory=variance_victory, sensible=sensible, choices=choices,
        unfired_choice_events=unfired, swings=swings, splits=splits, overall_best=overall,
        late_share=audit.late_share if audit is not None else None,
        late_by_kind={k: v / audit.money for k, v in audit.by_kind.items()}
        if audit is not None and audit.money > 0 else {},
    )
