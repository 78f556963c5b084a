"""The AI's expected-effect estimate for event options: a short look-ahead.

A scenario's `ai_score` says what a capital would like; it does not know what an option does
to the game. Issue 9 measured the AI picking the worse option by 24-31 points of victory in
several events. Here each option is played forward on a private copy of the games where the
event fired: its effects are applied, then the AI's own orders (without their random taste, so
each game's estimate depends on that game alone and a single game and a batch agree) are
resolved for a quarter. The state reached is valued by the scenario's goals: how far each
condition of victory is met or missed, and how close each defeat is.

The events and the Council are not played inside the look-ahead: it sees what an option does to
the money, the network, the front and Europe's mood, not the later events it may unlock. So the
scenario's `ai_score` still breaks ties between options that the look-ahead cannot tell apart.
"""

from __future__ import annotations

import ast
import dataclasses
from dataclasses import dataclass

import numpy as np

from autonomy_game.engine.expressions import (
    CompiledExpression,
    EvalContext,
    ExpressionError,
    compile_expression,
)
from autonomy_game.engine.state import GameState
from autonomy_game.engine.world import CompiledEvent, World

HORIZON = 1  # quarters resolved after the option: this one (each more adds its cost again)
AI_SCORE_WEIGHT = 0.01  # the scenario's taste, on the scale of a goal margin
SAMPLE = 48  # futures (games where the event fired) played forward per event and turn
MARGIN_LOW, MARGIN_HIGH = -0.5, 0.2  # a shortfall counts more than a surplus


@dataclass
class Clause:
    """One comparison of a goal, `lhs >= rhs` read as a margin (lhs - rhs) / scale."""

    lhs: CompiledExpression
    rhs: CompiledExpression
    sign: float  # +1 when larger lhs is better (>=, >), -1 when smaller is (<=, <)
    scale: float

    def margin(self, ctx: EvalContext) -> np.ndarray:
        value = self.sign * (self.lhs.evaluate(ctx) - self.rhs.evaluate(ctx)) / self.scale
        return np.clip(value, MARGIN_LOW, MARGIN_HIGH)


@dataclass
class GoalValue:
    """The scenario's goals as margins: victory and partial clauses, and defeat clauses read
    as the distance from defeat."""

    victory: list[Clause]
    partial: list[Clause]
    defeat: list[Clause]

    def value(self, ctx: EvalContext) -> np.ndarray:
        """Higher is better: [B]. Victory is a conjunction, so its weakest clause counts most."""
        total = np.zeros(ctx.batch)
        for clauses, weight in ((self.victory, 1.0), (self.partial, 0.5)):
            if clauses:
                margins = np.stack([c.margin(ctx) for c in clauses])
                total += weight * (margins.min(axis=0) + 0.3 * margins.mean(axis=0))
        for clause in self.defeat:
            total += 2.0 * np.minimum(clause.margin(ctx), 0.1)
        return total


def _clauses(text: str, world: World, avoid: bool) -> list[Clause]:
    """Split `a >= x and b < y ...` into comparisons; `avoid` flips each (a defeat)."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return []
    parts = tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) \
        else [tree]
    source = text.strip()
    clauses = []
    for part in parts:
        if not (isinstance(part, ast.Compare) and len(part.ops) == 1):
            continue
        op = type(part.ops[0])
        if op in (ast.GtE, ast.Gt):
            sign = 1.0
        elif op in (ast.LtE, ast.Lt):
            sign = -1.0
        else:
            continue
        left = ast.get_source_segment(source, part.left)
        right = ast.get_source_segment(source, part.comparators[0])
        if left is None or right is None:
            continue
        try:
            lhs = compile_expression(left, world.names)
            rhs = compile_expression(right, world.names)
        except ExpressionError:
            continue
        scale = 0.5
        if isinstance(part.comparators[0], ast.Constant) and isinstance(
                part.comparators[0].value, (int, float)):
            scale = max(abs(float(part.comparators[0].value)), 0.05)
        clauses.append(Clause(lhs, rhs, -sign if avoid else sign, scale))
    return clauses


def goal_value(world: World) -> GoalValue:
    """The scenario's goals as margins, built once per world."""
    cached = getattr(world, "_goal_value", None)
    if cached is None:
        sc = world.scenario
        cached = GoalValue(
            victory=_clauses(sc.goals.victory.when.text, world, avoid=False),
            partial=_clauses(sc.goals.partial.when.text, world, avoid=False),
            defeat=[c for g in sc.goals.defeat for c in _clauses(g.when.text, world, avoid=True)],
        )
        object.__setattr__(world, "_goal_value", cached)
    return cached


def take_rows(state: GameState, rows: np.ndarray) -> GameState:
    """A private copy of the games `rows` (every array has the batch axis first)."""
    arrays = {f.name: getattr(state, f.name)[rows] for f in dataclasses.fields(state)
              if isinstance(getattr(state, f.name), np.ndarray)}
    return dataclasses.replace(state, batch=len(rows), **arrays)


def sample_rows(mask: np.ndarray, size: int = SAMPLE) -> np.ndarray:
    """Up to `size` of the games of `mask`, evenly spaced: the batch of futures."""
    rows = np.flatnonzero(mask)
    if len(rows) <= size:
        return rows
    return rows[np.linspace(0, len(rows) - 1, size).round().astype(int)]


def option_values(world: World, state: GameState, ev: CompiledEvent,
                  rows: np.ndarray) -> np.ndarray:
    """Each option's value (the goals' margins after the look-ahead) in the games `rows`:
    [len(rows), K]. The options are played side by side in one batch of K x len(rows)
    games, so the look-ahead costs a fixed number of numpy calls per event."""
    from autonomy_game.engine.ai import ai_orders
    from autonomy_game.engine.events import run_due_later, schedule_later
    from autonomy_game.engine.resolution import resolve

    options, games = len(ev.choices), len(rows)
    if not games:
        return np.zeros((0, options))
    goals = goal_value(world)
    sub = take_rows(state, np.tile(rows, options))  # option-major: option k, then each game
    ctx = EvalContext(sub, world)
    for k, choice in enumerate(ev.choices):
        mine = np.zeros(sub.batch, bool)
        mine[k * games:(k + 1) * games] = True
        for statement in choice.effects:
            statement.execute(ctx, mine)
        schedule_later(choice.later, sub, mine)
    for step in range(max(1, min(HORIZON, world.turns - state.turn))):
        if step:
            sub.turn_number[:] = sub.turn + 1
            run_due_later(world, sub, ctx, sub.outcome == 0)
        orders, _ = ai_orders(world, sub, None)
        resolve(world, sub, orders)
        sub.turn += 1
    return goals.value(ctx).reshape(options, games).T


def expected_effects(world: World, state: GameState, ev: CompiledEvent,
                     mask: np.ndarray) -> np.ndarray:
    """Each option's expected effect where the event fired (`mask`): [K], the mean of its
    value over a batch of futures (a sample of those games, played forward), relative to the
    best option. One figure per event and turn: the estimate costs the same whatever the
    batch size (a one-game session samples its own game)."""
    values = option_values(world, state, ev, sample_rows(mask))
    if not len(values):
        return np.zeros(len(ev.choices))
    mean = values.mean(axis=0)
    return mean - mean.max()
