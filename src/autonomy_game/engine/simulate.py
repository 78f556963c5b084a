"""Monte Carlo: many games of one scenario as a single batch, summarised.

The games are played by `engine.policy.runner.run_policies` (all runs share one `GameState`
with B = runs; the AI on every seat without a policy). Final indicators are read at the turn
each game ended, so a game lost early is judged where it was lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from autonomy_game.engine.history import EUROPE_INDICATORS
from autonomy_game.engine.policy.base import BatchRun, Policy
from autonomy_game.engine.policy.runner import DEFAULT_CHUNK, SUMMARY_FIELDS, run_policies
from autonomy_game.engine.reductions import percentile
from autonomy_game.engine.state import OUTCOME_NAMES
from autonomy_game.engine.world import World
from autonomy_game.scenario.model import Scenario


@dataclass
class IndicatorSummary:
    mean: float
    p10: float
    p90: float


@dataclass
class SimulationResult:
    scenario: str
    runs: int
    seed: int
    outcomes: dict[str, int]
    win_rate: float
    indicators: dict[str, IndicatorSummary]
    defeats: dict[str, int]
    elapsed_s: float
    adoption: dict[str, float] = field(default_factory=dict)  # initiative -> share of games
    adopted_turn: np.ndarray | None = None  # [B, I] turn each was adopted, 0 for never
    policies: dict[str, str] = field(default_factory=dict)  # seat -> policy, non-AI seats
    parameters: dict[str, float] = field(default_factory=dict)  # swept: key -> value

    @property
    def games_per_s(self) -> float:
        return self.runs / self.elapsed_s if self.elapsed_s > 0 else float("inf")

    def to_json(self) -> dict[str, object]:
        return {
            "scenario": self.scenario,
            "runs": self.runs,
            "seed": self.seed,
            "outcomes": self.outcomes,
            "win_rate": self.win_rate,
            "defeats": self.defeats,
            "adoption": self.adoption,
            "indicators": {k: vars(v) for k, v in self.indicators.items()},
            "elapsed_s": round(self.elapsed_s, 4),
            "games_per_s": round(self.games_per_s, 1),
            "policies": dict(self.policies),
            **({"parameters": dict(self.parameters)} if self.parameters else {}),
        }


def simulate(scenario: Scenario, runs: int, seed: int,
             policies: Mapping[str, str | Policy] | None = None,
             forced_choices: Mapping[str, str] | None = None,
             chunk: int = DEFAULT_CHUNK, workers: int = 1,
             cluster: str | None = None, world: World | None = None) -> SimulationResult:
    """Summarise `runs` games played by `run_policies` (the AI on every seat not named), in
    chunks of `chunk` games on `workers` processes or a Dask cluster at `cluster`: the same
    result wherever they are played. `world` saves compiling the scenario twice."""
    run = run_policies(scenario, runs, seed, policies, forced_choices, chunk=chunk,
                       workers=workers, keep=SUMMARY_FIELDS, cluster=cluster, world=world)
    return summarise(scenario, run)


def run_initiatives(scenario: Scenario) -> list[str | None]:
    """The initiative ids in the engine's order, None for those the scenario does not offer
    (their adoption is not reported)."""
    return [iid if iid in scenario.available_initiatives else None
            for iid in scenario.initiatives]


def summarise(scenario: Scenario, run: BatchRun) -> SimulationResult:
    """Outcome counts, win rate, final indicators (mean, p10, p90) and defeat reasons."""
    runs = len(run.outcome)
    indicators = {}
    own = [name for name in run.final if name.startswith("indicator.")]
    for name in (*EUROPE_INDICATORS, *own):
        final = run.final[name]
        indicators[name] = IndicatorSummary(
            float(final.mean()), percentile(final, 10), percentile(final, 90)
        )
    counts = np.bincount(run.outcome, minlength=len(OUTCOME_NAMES))
    outcomes = {name: int(counts[k]) for k, name in enumerate(OUTCOME_NAMES) if k}
    defeat_ids = [g.id for g in scenario.goals.defeat]
    reasons = np.bincount(run.defeat_reason[run.defeat_reason >= 0],
                          minlength=len(defeat_ids))
    return SimulationResult(
        scenario=scenario.id,
        runs=runs,
        seed=run.seed,
        outcomes=outcomes,
        win_rate=outcomes["victory"] / runs,
        indicators=indicators,
        defeats={gid: int(reasons[k]) for k, gid in enumerate(defeat_ids)},
        elapsed_s=run.elapsed_s,
        policies=dict(run.policies),
        adoption={iid: float(run.adopted[:, k].mean())
                  for k, iid in enumerate(run_initiatives(scenario)) if iid is not None},
        adopted_turn=run.adopted_turn,
    )
