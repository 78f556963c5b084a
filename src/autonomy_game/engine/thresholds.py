"""How far a game stands from each goal and defeat line: the comparisons inside a condition.

A goal such as `deterrence >= 0.725 and cohesion >= 0.5` is a handful of comparisons. Each is
evaluated on its own (left side, right side, whether it holds, by how much), so the report can
say "cohesion 0.43, 0.03 above the split line (< 0.40)" and the end screen can show the values
that decided a goal. Rounding never hides a cause: values are shown with as many decimals as
it takes to tell them apart from the line (`shown`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import numpy as np

from autonomy_game.engine.expressions import EvalContext, ExpressionError, compile_expression
from autonomy_game.engine.state import GameState
from autonomy_game.engine.world import World

SYMBOLS = {ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">", ast.GtE: "≥", ast.Eq: "=", ast.NotEq: "≠"}


@dataclass(frozen=True)
class Comparison:
    """One comparison of a condition, in game 0 of the batch."""

    left: str  # as written: `cohesion`, `var.autonomy_start - 0.02`
    op: str  # <, ≤, >, ≥, =, ≠
    right: str
    value: float  # the left side now
    line: float  # the right side now
    holds: bool

    @property
    def margin(self) -> float:
        """How far the value is from the line (always ≥ 0)."""
        return abs(self.value - self.line)

    def describe(self, defeat: bool = False) -> str:
        """`deterrence 0.712 (needs ≥ 0.725): 0.013 short`, or for a defeat line
        `cohesion 0.43 (defeat at < 0.40): 0.03 clear` / `crossed by 0.02`."""
        value, line = shown(self.value, self.line)
        margin = shown_margin(self.margin)
        name = self.left.replace("_", " ")
        if defeat:
            head = f"{name} {value} (defeat at {self.op} {line})"
            state = f"crossed by {margin}" if self.holds else f"{margin} clear"
        else:
            head = f"{name} {value} (needs {self.op} {line})"
            state = f"met by {margin}" if self.holds else f"{margin} short"
        if self.op in ("=", "≠"):
            state = "holds" if self.holds else "does not hold"
        return f"{head}: {state}"


def _decimals(x: float, most: int = 4) -> int:
    """Decimals needed to write `x` exactly (at most `most`)."""
    for digits in range(most + 1):
        if abs(round(x, digits) - x) < 1e-9:
            return digits
    return most


def shown(value: float, line: float) -> tuple[str, str]:
    """Both numbers with enough decimals that the line reads as written (0.725, not 0.72)
    and the value reads differently from it when they differ: 0.3996 against 0.4 is
    `0.3996` and `0.4000`, never `0.40` and `0.40`."""
    for digits in range(max(2, _decimals(line)), 7):
        a, b = f"{value:.{digits}f}", f"{line:.{digits}f}"
        if a != b or value == line:
            return a, b
    return f"{value:.6f}", f"{line:.6f}"


def shown_margin(margin: float) -> str:
    """A distance with at least one significant digit (0.004, not 0.00)."""
    for digits in range(2, 7):
        text = f"{margin:.{digits}f}"
        if margin == 0 or float(text) != 0:
            return text
    return f"{margin:.6f}"


def comparisons(world: World, state: GameState, text: str) -> list[Comparison]:
    """The comparisons inside a condition (`and`/`or` of comparisons), evaluated in game 0.
    A part that is not a plain comparison is left out; a text that does not parse gives
    nothing (it was validated when the scenario loaded, so this does not happen)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return []
    ctx = EvalContext(state, world)
    result: list[Comparison] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                visit(value)
        elif (isinstance(node, ast.Compare) and len(node.ops) == 1
              and type(node.ops[0]) in SYMBOLS):
            left = ast.get_source_segment(text.strip(), node.left) or ""
            right = ast.get_source_segment(text.strip(), node.comparators[0]) or ""
            try:
                value = float(compile_expression(left, world.names).evaluate(ctx)[0])
                line = float(compile_expression(right, world.names).evaluate(ctx)[0])
            except (ExpressionError, KeyError, ValueError):
                return
            op = SYMBOLS[type(node.ops[0])]
            holds = {"<": value < line, "≤": value <= line, ">": value > line,
                     "≥": value >= line, "=": value == line, "≠": value != line}[op]
            result.append(Comparison(left, op, right, value, line, bool(holds)))

    visit(tree.body)
    return result


@dataclass(frozen=True)
class GoalStanding:
    """A goal or defeat line, whether its condition holds now and the comparisons in it."""

    kind: str  # victory | partial | defeat
    id: str
    text: str
    condition: str
    holds: bool
    parts: list[Comparison]

    def describe(self) -> str:
        return ("; ".join(c.describe(self.kind == "defeat") for c in self.parts)
                or self.condition)


def standings(world: World, state: GameState) -> list[GoalStanding]:
    """Every victory, partial-success and defeat condition of the scenario, evaluated now
    (game 0): whether it holds and the comparisons that decide it."""
    goals = world.scenario.goals
    ctx = EvalContext(state, world)
    rows = [GoalStanding("victory", "victory", goals.victory.text, goals.victory.when.text,
                         bool(world.victory.truth(ctx)[0]),
                         comparisons(world, state, goals.victory.when.text)),
            GoalStanding("partial", "partial", goals.partial.text, goals.partial.when.text,
                         bool(world.partial.truth(ctx)[0]),
                         comparisons(world, state, goals.partial.when.text))]
    for k, goal in enumerate(goals.defeat):
        rows.append(GoalStanding("defeat", goal.id, goal.text, goal.when.text,
                                 bool(world.defeats[k].truth(ctx)[0]),
                                 comparisons(world, state, goal.when.text)))
    return rows


def defeats_holding(world: World, state: GameState) -> list[int]:
    """Indices of every defeat condition that holds now in game 0 (several can at once:
    `defeat_reason` keeps only the first)."""
    ctx = EvalContext(state, world)
    return [k for k, d in enumerate(world.defeats) if bool(d.truth(ctx)[0])]


def deterrence_target_line(world: World, state: GameState) -> str:
    """The deterrence target that drives adversary pressure, and where deterrence stands."""
    p = world.params
    target, now = float(p["deterrence_target"]), float(state.deterrence[0])
    rise = float(p["pressure_gain"]) * (target - now)
    value, line = shown(now, target)
    if now < target:
        return (f"Deterrence {value} is below the target {line} that keeps the adversary in "
                f"check: adversary pressure rises by about {rise:.3f} a quarter until it is "
                "reached.")
    return (f"Deterrence {value} is at or above the target {line}: adversary pressure eases by "
            f"about {-rise:.3f} a quarter.")


def condition_truth(world: World, state: GameState, text: str) -> np.ndarray:
    """A condition's truth over the batch (for tests and tools)."""
    return compile_expression(text, world.names).truth(EvalContext(state, world))
