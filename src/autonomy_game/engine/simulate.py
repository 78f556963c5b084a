"""Monte Carlo: many AI-only games of one scenario as a single batch.

All runs share one `GameState` with B = runs, so a turn costs a fixed number of numpy calls
whatever the number of runs. Final indicators are read at the turn each game ended, so a game
lost early is judged where it was lost.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from autonomy_game.engine.history import EUROPE_INDICATORS, History
from autonomy_game.engine.memory import keep_freed_memory
from autonomy_game.engine.state import (
    OUTCOME_NAMES,
    OUTCOME_ONGOING,
    STATUS_ADOPTED,
    new_state,
)
from autonomy_game.engine.turn import play_ai_turn, turn_streams
from autonomy_game.engine.world import build_world
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
        }


def simulate(scenario: Scenario, runs: int, seed: int) -> SimulationResult:
    if runs < 1:
        raise ValueError("runs must be at least 1")
    started = time.perf_counter()
    keep_freed_memory()
    # The batch's matrix products are many and small: a second BLAS thread only spins
    # (measured on 2 cores: the same wall time or worse, at twice the CPU time).
    with threadpool_limits(limits=1, user_api="blas"):
        return _simulate(scenario, runs, seed, started)


def _simulate(scenario: Scenario, runs: int, seed: int, started: float) -> SimulationResult:
    world = build_world(scenario)
    state = new_state(world, runs)
    history = History(record_members=False)
    history.record(state)
    seeds = np.random.SeedSequence(seed)
    adopted_turn = np.zeros(state.initiative_status.shape, int)
    for turn in range(world.turns):
        # The state is as new_state or the last turn left it: indicators already current.
        play_ai_turn(world, state, turn_streams(seeds, turn), indicators_current=True)
        history.record(state)
        new = (state.initiative_status >= STATUS_ADOPTED) & (adopted_turn == 0)
        adopted_turn[new] = turn + 1
        if not (state.outcome == OUTCOME_ONGOING).any():
            break
    ended_at = np.where(state.ended_turn > 0, state.ended_turn, len(history) - 1)
    rows = np.arange(runs)
    indicators = {}
    for name in EUROPE_INDICATORS:
        final = history.series(name)[ended_at, rows]
        indicators[name] = IndicatorSummary(
            float(final.mean()), float(np.percentile(final, 10)), float(np.percentile(final, 90))
        )
    counts = np.bincount(state.outcome, minlength=len(OUTCOME_NAMES))
    outcomes = {name: int(counts[k]) for k, name in enumerate(OUTCOME_NAMES) if k}
    defeat_ids = [g.id for g in scenario.goals.defeat]
    reasons = np.bincount(state.defeat_reason[state.defeat_reason >= 0],
                          minlength=len(defeat_ids))
    return SimulationResult(
        scenario=scenario.id,
        runs=runs,
        seed=seed,
        outcomes=outcomes,
        win_rate=outcomes["victory"] / runs,
        indicators=indicators,
        defeats={gid: int(reasons[k]) for k, gid in enumerate(defeat_ids)},
        elapsed_s=time.perf_counter() - started,
        adoption={iid: float((adopted_turn[:, k] > 0).mean())
                  for k, iid in enumerate(world.initiative_ids) if world.available[k]},
        adopted_turn=adopted_turn,
    )
