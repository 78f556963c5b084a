"""What a batch of games says about a scenario's design: an author's balance lab.

Everything is read from one `BatchRun` played with probes (the goals' clauses, read in each
game at the turn it ended) and kept as plain records, so `render` prints the same content as
text, JSON or HTML. The shares of a choice's options are observational (the AI chose them in
the games where it did): they say what went with a choice, not what the choice caused; the
`balance` command forces each option on paired seeds for that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from autonomy_game.engine.expressions import ExpressionError, compile_expression
from autonomy_game.engine.policy.base import BatchRun
from autonomy_game.engine.policy.runner import run_policies
from autonomy_game.engine.state import OUTCOME_PARTIAL, OUTCOME_VICTORY
from autonomy_game.engine.world import World, build_world
from autonomy_game.explain.clauses import Judged, judged_items
from autonomy_game.scenario.model import Scenario

FACTOR_COUNT = 3
RARE = 0.02  # features present in fewer (or more than 1 - RARE) of the games are left out


@dataclass
class ClauseShare:
    text: str
    held: float  # share of games where the clause held when the game ended
    false_when_unmet: float | None  # share of the games that missed the item where it was false


@dataclass
class JudgedShare:
    key: str
    text: str
    expression: str
    met: float
    clauses: list[ClauseShare]


@dataclass
class ChoiceShare:
    id: str
    share: float  # of the games where the event fired
    victory: float | None  # victory share among the games where it was taken


@dataclass
class EventShare:
    id: str
    title: str
    fired: float
    first_turns: dict[int, float]  # turn -> share of the games where it fired first then
    victory_fired: float | None
    victory_not_fired: float | None
    choices: list[ChoiceShare]


@dataclass
class Distribution:
    name: str
    mean: float
    p10: float
    p50: float
    p90: float
    nonzero: float


@dataclass
class InitiativeShare:
    id: str
    adopted: float
    median_turn: float | None


@dataclass
class Factor:
    kind: str  # "event", "choice", "indicator", "variable"
    name: str
    explained: float  # McFadden pseudo-R² of victory on this feature alone
    words: str


@dataclass
class Explanation:
    scenario: str
    runs: int
    seed: int
    victory: float
    judged: list[JudgedShare]
    events: list[EventShare]
    variables: list[Distribution]
    indicators: list[Distribution]
    initiatives: list[InitiativeShare]
    factors: list[Factor]
    causes: list[Factor]  # the same, among events and choices only (what happened, not ends)
    warnings: list[str] = field(default_factory=list)


def explain(scenario: Scenario, runs: int, seed: int,
            policies: Mapping[str, object] | None = None,
            world: World | None = None) -> tuple[Explanation, BatchRun]:
    """Play `runs` games with probes on every goal clause and explain them."""
    world = world if world is not None else build_world(scenario)
    items = judged_items(scenario)
    texts: list[str] = []
    for item in items:
        texts += [item.expression, *item.clauses]
    texts = list(dict.fromkeys(texts))
    probes = []
    for text in texts:
        try:
            probes.append(compile_expression(text, world.names))
        except ExpressionError:  # a clause that is not an expression alone: read as 0
            probes.append(compile_expression("0", world.names))
    run = run_policies(scenario, runs, seed, policies, world=world, probes=probes)  # type: ignore[arg-type]
    return analyse(scenario, world, run, items, texts), run


def _share(mask: np.ndarray) -> float:
    return float(np.mean(mask)) if mask.size else float("nan")


def _rate(values: np.ndarray, where: np.ndarray) -> float | None:
    return float(values[where].mean()) if where.any() else None


def analyse(scenario: Scenario, world: World, run: BatchRun, items: list[Judged],
            texts: list[str]) -> Explanation:
    won = run.outcome == OUTCOME_VICTORY
    column = {text: k for k, text in enumerate(texts)}
    probes = run.probes if run.probes is not None else np.zeros((len(won), len(texts)))
    judged = [_judged(item, run, probes, column, scenario) for item in items]
    events = _events(world, run, won)
    variables = _variables(world, run)
    indicators = [_distribution(name, values) for name, values in run.final.items()]
    initiatives = [InitiativeShare(iid, _share(run.adopted[:, i]),
                                   float(np.median(run.adopted_turn[run.adopted[:, i], i]))
                                   if run.adopted[:, i].any() else None)
                   for i, iid in enumerate(world.initiative_ids)]
    factors, causes = _factors(world, run, won, variables)
    explanation = Explanation(scenario.id, len(won), run.seed, _share(won), judged, events,
                              variables, indicators, initiatives, factors, causes)
    explanation.warnings = _warnings(explanation)
    return explanation


def _judged(item: Judged, run: BatchRun, probes: np.ndarray, column: dict[str, int],
            scenario: Scenario) -> JudgedShare:
    if item.key == "victory":
        met = run.outcome == OUTCOME_VICTORY
    elif item.key == "partial":
        met = run.outcome == OUTCOME_PARTIAL
    elif item.key.startswith("defeat:"):
        index = [d.id for d in scenario.goals.defeat].index(item.key.split(":", 1)[1])
        met = run.defeat_reason == index
    else:
        index = list(scenario.objectives).index(item.key.split(":", 1)[1])
        met = run.objectives[:, index]
    unmet = ~met
    clauses = []
    for text in item.clauses:
        held = probes[:, column[text]] != 0.0
        clauses.append(ClauseShare(text, _share(held),
                                   _rate(~held, unmet) if unmet.any() else None))
    return JudgedShare(item.key, item.text, item.expression, _share(met), clauses)


def _events(world: World, run: BatchRun, won: np.ndarray) -> list[EventShare]:
    events = []
    for e, event in enumerate(world.events):
        fired = run.fired[:, e]
        turns: dict[int, float] = {}
        if fired.any():
            values, counts = np.unique(run.fired_turn[fired, e], return_counts=True)
            turns = {int(t): float(c) / int(fired.sum()) for t, c in zip(values, counts,
                                                                         strict=True)}
        choices = []
        for c, option in enumerate(event.choices):
            taken = fired & (run.choice[:, e] == c)
            choices.append(ChoiceShare(option.id, _rate(taken, fired) or 0.0,
                                       _rate(won, taken)))
        events.append(EventShare(event.id, event.title, _share(fired), turns,
                                 _rate(won, fired), _rate(won, ~fired), choices))
    return events


def _distribution(name: str, values: np.ndarray) -> Distribution:
    values = np.asarray(values, float)
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return Distribution(name, float(values.mean()), float(p10), float(p50), float(p90),
                        _share(values != 0.0))


def _variables(world: World, run: BatchRun) -> list[Distribution]:
    if run.variables is None:
        return []
    return [_distribution(f"var.{name}", run.variables[:, index])
            for name, index in sorted(world.names.variables.items(), key=lambda kv: kv[1])
            if index < run.variables.shape[1]]


# -- factors ---------------------------------------------------------------------------------

def _log_likelihood(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))


def pseudo_r2(x: np.ndarray, y: np.ndarray, iterations: int = 30) -> float:
    """McFadden's pseudo-R² of a logistic fit of `y` (0/1) on `x` alone (with intercept):
    the share of the outcome's deviance the feature explains, 0 to 1."""
    y = np.asarray(y, float)
    x = np.asarray(x, float)
    mean = y.mean()
    if mean <= 0.0 or mean >= 1.0 or x.std() == 0.0:
        return 0.0
    z = (x - x.mean()) / x.std()
    design = np.column_stack([np.ones_like(z), z])
    beta = np.zeros(2)
    for _ in range(iterations):  # Newton steps (IRLS), damped by a small ridge
        eta = np.clip(design @ beta, -30, 30)
        p = 1.0 / (1.0 + np.exp(-eta))
        w = p * (1 - p)
        hessian = design.T @ (design * w[:, None]) + 1e-6 * np.eye(2)
        step = np.linalg.solve(hessian, design.T @ (y - p))
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    p = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -30, 30)))
    null = _log_likelihood(y, np.full_like(y, mean))
    return float(max(0.0, 1.0 - _log_likelihood(y, p) / null)) if null < 0 else 0.0


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _factors(world: World, run: BatchRun, won: np.ndarray,
             variables: list[Distribution]) -> tuple[list[Factor], list[Factor]]:
    y = won.astype(float)
    found: list[Factor] = []
    for e, event in enumerate(world.events):
        fired = run.fired[:, e]
        if RARE < fired.mean() < 1 - RARE:
            words = (f"whether {event.id} fired: victory {_pct(_rate(won, fired))} when it "
                     f"fired, {_pct(_rate(won, ~fired))} when it did not")
            found.append(Factor("event", event.id, pseudo_r2(fired, y), words))
        for c, option in enumerate(event.choices):
            taken = fired & (run.choice[:, e] == c)
            other = fired & ~taken
            if len(event.choices) > 1 and taken.mean() > RARE and other.mean() > RARE:
                words = (f"{option.id} at {event.id}: victory {_pct(_rate(won, taken))} when "
                         f"taken, {_pct(_rate(won, other))} with another option")
                found.append(Factor("choice", f"{event.id}={option.id}",
                                    pseudo_r2(taken[fired], y[fired]) * fired.mean(), words))
    continuous = [("indicator", name, values) for name, values in run.final.items()]
    if run.variables is not None:
        continuous += [("variable", f"var.{name}", run.variables[:, i])
                       for name, i in world.names.variables.items()
                       if i < run.variables.shape[1]]
    for kind, name, values in continuous:
        values = np.asarray(values, float)
        if values.std() == 0.0:
            continue
        median = float(np.median(values))
        above = values > median
        if not above.any() or above.all():
            above = values >= median
        words = (f"{name} at the end: victory {_pct(_rate(won, above))} above its median "
                 f"({median:.3g}), {_pct(_rate(won, ~above))} at or below it")
        found.append(Factor(kind, name, pseudo_r2(values, y), words))
    found.sort(key=lambda f: -f.explained)
    causes = [f for f in found if f.kind in ("event", "choice")]
    return found[:FACTOR_COUNT], causes[:FACTOR_COUNT]


def _warnings(explanation: Explanation) -> list[str]:
    """What only play can tell: never-fired events, goals always or never met."""
    runs = explanation.runs
    warnings = [f"event {e.id} never fired in {runs} games" for e in explanation.events
                if e.fired == 0.0]
    for item in explanation.judged:
        if item.key.startswith("defeat:") or item.key == "partial":
            continue  # a defeat that never happens is a scenario's hope, not a mistake
        if item.met == 0.0:
            warnings.append(f"{item.key} was never met in {runs} games")
        elif item.met == 1.0:
            warnings.append(f"{item.key} was met in every one of {runs} games")
    for item in explanation.judged:
        for clause in item.clauses:
            if clause.held in (0.0, 1.0):
                state = "never held" if clause.held == 0.0 else "held in every game"
                warnings.append(f"{item.key}: the clause `{clause.text}` {state}")
    return warnings
