"""Statistics over paired batches: outcome shares, variance shares, choice and event effects.

Every cell of a balance run plays the same seeds, so game g of one cell and game g of another
saw the same random draws: differences between cells are measured game by game, not only
between averages. Everything here works on `BatchRun` arrays and knows nothing of how they
were played, so it is tested on synthetic batches with known answers.

The outcome score used wherever games are compared one by one (variance shares, dominance):
victory 1, partial 2/3, failure 1/3, defeat 0. It keeps the outcome's order (a partial result
is better than a failure, a failure than an early defeat) with equal steps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from autonomy_game.engine.policy.base import BatchRun
from autonomy_game.engine.state import (
    OUTCOME_DEFEAT,
    OUTCOME_FAILURE,
    OUTCOME_NAMES,
    OUTCOME_PARTIAL,
    OUTCOME_VICTORY,
)

# Indexed by OUTCOME_*; a game still ongoing (never at the end of a run) scores as a defeat.
OUTCOME_SCORE = np.array([0.0, 1.0, 2.0 / 3.0, 1.0 / 3.0, 0.0])
assert len(OUTCOME_SCORE) == len(OUTCOME_NAMES)
SCORE_NAME = "outcome score (victory 1, partial 2/3, failure 1/3, defeat 0)"


def outcome_score(outcome: np.ndarray) -> np.ndarray:
    """The outcome score of each game: [B] float."""
    return OUTCOME_SCORE[np.asarray(outcome, int)]


def victory(run: BatchRun) -> np.ndarray:
    """1.0 where the game was won, else 0.0: [B]."""
    return (run.outcome == OUTCOME_VICTORY).astype(float)


@dataclass
class OutcomeShares:
    """One cell's row of the policy x outcome table (shares of its games)."""

    victory: float
    partial: float
    failure: float
    defeat: float
    objectives: float  # share of (game, secret objective) pairs met; NaN without objectives
    score: float  # mean outcome score

    def to_json(self) -> dict[str, float | None]:
        return {k: (None if np.isnan(v) else round(float(v), 4)) for k, v in vars(self).items()}


def outcome_shares(run: BatchRun) -> OutcomeShares:
    outcome = np.asarray(run.outcome)
    objectives = np.asarray(run.objectives, bool)
    return OutcomeShares(
        victory=float((outcome == OUTCOME_VICTORY).mean()),
        partial=float((outcome == OUTCOME_PARTIAL).mean()),
        failure=float((outcome == OUTCOME_FAILURE).mean()),
        defeat=float((outcome == OUTCOME_DEFEAT).mean()),
        objectives=float(objectives.mean()) if objectives.size else float("nan"),
        score=float(outcome_score(outcome).mean()),
    )


@dataclass
class VarianceShares:
    """Two-way ANOVA without replication over paired games: policy x seed.

    Each is a sum of squares over the total (eta squared), so the three add up to 1: the
    residual is the policy-by-seed interaction, which one game per cell cannot tell apart
    from noise.
    """

    policy: float
    seed: float
    residual: float
    policies: int
    games: int

    def to_json(self) -> dict[str, float | int]:
        return {"policy": round(self.policy, 4), "seed": round(self.seed, 4),
                "residual": round(self.residual, 4), "policies": self.policies,
                "games": self.games}


def variance_shares(y: np.ndarray) -> VarianceShares:
    """Split the variance of y [P policies, G paired games] into policy, seed and residual.

    SS_policy = G * sum_p (mean_p - mean)^2, SS_seed = P * sum_g (mean_g - mean)^2, the
    residual is the rest of the total sum of squares. With no variance at all every share is 0.
    """
    y = np.asarray(y, float)
    if y.ndim != 2 or y.shape[0] < 2 or y.shape[1] < 2:
        raise ValueError("variance shares need at least two policies and two games")
    p, g = y.shape
    grand = y.mean()
    total = float(((y - grand) ** 2).sum())
    ss_policy = float(g * ((y.mean(axis=1) - grand) ** 2).sum())
    ss_seed = float(p * ((y.mean(axis=0) - grand) ** 2).sum())
    if total <= 1e-12:
        return VarianceShares(0.0, 0.0, 0.0, p, g)
    residual = max(total - ss_policy - ss_seed, 0.0)
    return VarianceShares(ss_policy / total, ss_seed / total, residual / total, p, g)


def dominance_rate(scores: np.ndarray) -> tuple[int, float]:
    """The on-average best option and how often it is at least as good as every other.

    `scores` is [K options, G paired games]. Returns (best option index, share of games in
    which the best option scores at least as much as the best of all options). Ties go to
    the first option, as everywhere else in the game.
    """
    scores = np.asarray(scores, float)
    if scores.ndim != 2 or scores.shape[0] < 1:
        raise ValueError("scores must be [options, games]")
    if scores.shape[1] == 0:
        return 0, float("nan")
    best = int(scores.mean(axis=1).argmax())
    at_least = scores[best] >= scores.max(axis=0) - 1e-12
    return best, float(at_least.mean())


@dataclass
class ChoiceEffect:
    """How much one choice event's options matter, among the games where it fired.

    Measured on cells that differ only in the option forced for this event: before it first
    fires those games are identical, so the fired games are the same in every cell.
    """

    event: str
    options: list[str]
    fired_games: int
    fired_share: float
    victory: list[float]  # per option, among the fired games
    partial: list[float]
    victory_gap: float  # best minus worst option's victory, fired games
    victory_gap_all: float  # the same over all games (diluted by how often it fires)
    largest_effect: float  # the largest gap over victory, partial and each secret objective
    largest_effect_measure: str
    best: str  # the on-average best option by outcome score
    dominance: float  # share of fired games where `best` is at least as good as every other

    def to_json(self) -> dict[str, object]:
        def r(v: float) -> float | None:
            return None if np.isnan(v) else round(float(v), 4)

        return {"event": self.event, "options": self.options, "fired_games": self.fired_games,
                "fired_share": r(self.fired_share),
                "victory": [r(v) for v in self.victory], "partial": [r(v) for v in self.partial],
                "victory_gap": r(self.victory_gap), "victory_gap_all": r(self.victory_gap_all),
                "largest_effect": r(self.largest_effect),
                "largest_effect_measure": self.largest_effect_measure,
                "best": self.best, "dominance": r(self.dominance)}


def _gap(values: Sequence[float]) -> float:
    return float(max(values) - min(values)) if len(values) else float("nan")


def choice_effect(event: str, event_index: int, options: Sequence[str],
                  runs: Sequence[BatchRun], objective_codes: Sequence[str] = ()) -> ChoiceEffect:
    """Compare the cells `runs` (one per option, in option order) for one choice event."""
    if len(runs) != len(options) or not runs:
        raise ValueError("one run per option")
    fired = np.ones(len(runs[0].outcome), bool)
    for run in runs:
        fired &= np.asarray(run.fired[:, event_index], bool)
    count = int(fired.sum())
    nan = float("nan")
    if count == 0:
        return ChoiceEffect(event, list(options), 0, 0.0, [nan] * len(runs), [nan] * len(runs),
                            nan, nan, nan, "", "", nan)
    outcomes = [np.asarray(run.outcome)[fired] for run in runs]
    wins = [float((o == OUTCOME_VICTORY).mean()) for o in outcomes]
    partials = [float((o == OUTCOME_PARTIAL).mean()) for o in outcomes]
    measures = {"victory": _gap(wins), "partial": _gap(partials)}
    k = runs[0].objectives.shape[1] if np.ndim(runs[0].objectives) == 2 else 0
    for j in range(k):
        name = f"objective {objective_codes[j]}" if j < len(objective_codes) else f"objective {j}"
        measures[name] = _gap([float(np.asarray(run.objectives)[fired, j].mean())
                               for run in runs])
    largest = max(measures, key=lambda m: measures[m])
    scores = np.stack([outcome_score(o) for o in outcomes])
    best, rate = dominance_rate(scores)
    all_wins = [float(victory(run).mean()) for run in runs]
    return ChoiceEffect(
        event=event, options=list(options), fired_games=count,
        fired_share=count / len(fired), victory=wins, partial=partials,
        victory_gap=measures["victory"], victory_gap_all=_gap(all_wins),
        largest_effect=measures[largest], largest_effect_measure=largest,
        best=options[best], dominance=rate,
    )


@dataclass
class EventSwing:
    """What one event does to a policy's victory: the cell with the event switched off
    against the cell where it may fire, on the same seeds, over the games where it fired."""

    event: str
    fired_games: int
    fired_share: float
    victory_with: float  # among the games where it fired
    victory_without: float  # the same games, event switched off
    swing: float  # with minus without

    def to_json(self) -> dict[str, object]:
        def r(v: float) -> float | None:
            return None if np.isnan(v) else round(float(v), 4)

        return {"event": self.event, "fired_games": self.fired_games,
                "fired_share": r(self.fired_share), "victory_with": r(self.victory_with),
                "victory_without": r(self.victory_without), "swing": r(self.swing)}


def event_swing(event: str, event_index: int, base: BatchRun, off: BatchRun) -> EventSwing:
    fired = np.asarray(base.fired[:, event_index], bool)
    count = int(fired.sum())
    if count == 0:
        nan = float("nan")
        return EventSwing(event, 0, 0.0, nan, nan, nan)
    with_ = float(victory(base)[fired].mean())
    without = float(victory(off)[fired].mean())
    return EventSwing(event, count, count / len(fired), with_, without, with_ - without)


@dataclass
class SplitResult:
    """Which doctrine wins most in the games of one split (e.g. "us-election fired")."""

    split: str
    games: int
    best: str  # best doctrine within the split
    best_victory: float
    overall_best: str  # best doctrine over all games
    overall_best_victory: float  # the overall best doctrine's victory within the split
    margin: float  # best_victory - overall_best_victory (0 when they are the same)

    def to_json(self) -> dict[str, object]:
        return {"split": self.split, "games": self.games, "best": self.best,
                "best_victory": round(self.best_victory, 4), "overall_best": self.overall_best,
                "overall_best_victory": round(self.overall_best_victory, 4),
                "margin": round(self.margin, 4)}


def split_best(wins: Mapping[str, np.ndarray], splits: Mapping[str, np.ndarray],
               min_games: int = 1) -> list[SplitResult]:
    """For each split (a bool mask over the paired games), the doctrine with the highest
    victory share in it, against the doctrine that is best over all games.

    `wins` maps a doctrine's name to its per-game victory [G] (0/1); splits with fewer than
    `min_games` games are left out.
    """
    if not wins:
        return []
    names = list(wins)
    table = np.stack([np.asarray(wins[n], float) for n in names])  # [P, G]
    overall = int(table.mean(axis=1).argmax())
    results = []
    for split, mask in splits.items():
        mask = np.asarray(mask, bool)
        games = int(mask.sum())
        if games < max(min_games, 1):
            continue
        means = table[:, mask].mean(axis=1)
        best = int(means.argmax())
        results.append(SplitResult(split, games, names[best], float(means[best]),
                                   names[overall], float(means[overall]),
                                   float(means[best] - means[overall])))
    return results
