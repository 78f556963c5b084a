"""Lints: mistakes that validate silently because the file is well formed.

An author who misspells a variable (`var.cutz`), writes a condition that can never hold
(`cohesion > 1.5`) or a goal that always holds (`cohesion >= 0`), schedules `later` effects
after the last turn, or names a `decider` for an event without choices gets a game that runs
and teaches nothing. Each of those is reported as `path:line:col: warning: ...`: not fatal
(an author may mean it), fatal only under `validate --strict`.

The checks are static: they read the expressions' syntax trees and the scalar bounds of the
names they use (engine/expressions.py knows each indicator's range). What only play can tell
(an event that never fired in N games, a goal never met) is `simulate --explain`'s job.
"""

from __future__ import annotations

import ast
import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from autonomy_game.scenario.build import ExpressionSite
from autonomy_game.scenario.errors import ScenarioError
from autonomy_game.scenario.model import Scenario
from autonomy_game.scenario.positions import DataPath, SourceMap, render_path

Interval = tuple[float, float]
UNKNOWN: Interval = (-math.inf, math.inf)
TRUTH: Interval = (0.0, 1.0)


@dataclass
class _VariableUse:
    reads: list[tuple[ExpressionSite, int]] = field(default_factory=list)
    writes: list[tuple[ExpressionSite, int]] = field(default_factory=list)


def lint_scenario(scenario: Scenario, sites: list[ExpressionSite],
                  source_map: SourceMap) -> list[ScenarioError]:
    """Every warning for a scenario that has no errors."""
    from autonomy_game.engine.expressions import NameTable

    found: list[ScenarioError] = []
    trees = [(site, _tree(site)) for site in sites]
    trees = [(site, tree) for site, tree in trees if tree is not None]
    found += _variable_warnings(trees, source_map)
    names = NameTable.for_scenario(scenario)
    found += _constant_conditions(trees, names, source_map)
    found += _later_beyond_end(scenario, source_map)
    found += _deciders_without_choices(scenario, source_map)
    return [w.as_warning() for w in found]


def _tree(site: ExpressionSite) -> ast.AST | None:
    try:
        text = site.text if site.statement else site.text.strip()
        return ast.parse(text, mode="exec" if site.statement else "eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


# -- variables -----------------------------------------------------------------------------

def _variable_name(node: ast.AST) -> str | None:
    if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id == "var"):
        return node.attr
    return None


def _offset(site: ExpressionSite, node: ast.AST) -> int:
    """Character offset of `node` in the site's text (eval texts were stripped on the left)."""
    lead = 0 if site.statement else len(site.text) - len(site.text.lstrip())
    lines = (site.text if site.statement else site.text.strip()).split("\n")
    line = getattr(node, "lineno", 1)
    before = sum(len(x) + 1 for x in lines[: line - 1])
    column = len(lines[line - 1].encode()[: getattr(node, "col_offset", 0)].decode(errors="ignore"))
    return lead + before + column


def _variable_uses(trees: Iterable[tuple[ExpressionSite, ast.AST]]) -> dict[str, _VariableUse]:
    uses: dict[str, _VariableUse] = {}
    for site, tree in trees:
        written: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    name = _variable_name(target)
                    if name is not None:
                        uses.setdefault(name, _VariableUse()).writes.append(
                            (site, _offset(site, target)))
                        written.add(id(target))
                        if isinstance(node, ast.AugAssign):  # `var.x += 1` reads it too
                            uses[name].reads.append((site, _offset(site, target)))
        for node in ast.walk(tree):
            name = _variable_name(node)
            if name is not None and id(node) not in written:
                uses.setdefault(name, _VariableUse()).reads.append((site, _offset(site, node)))
    return uses


def _variable_warnings(trees: list[tuple[ExpressionSite, ast.AST]],
                       source_map: SourceMap) -> list[ScenarioError]:
    uses = _variable_uses(trees)
    written = sorted(n for n, u in uses.items() if u.writes)
    read = sorted(n for n, u in uses.items() if u.reads)
    found = []
    for name, use in sorted(uses.items()):
        if use.reads and not use.writes:
            site, offset = use.reads[0]
            close = difflib.get_close_matches(name, written, n=1, cutoff=0.6)
            hint = (f"; did you mean var.{close[0]}?" if close
                    else "; set it in an effect (e.g. \"var." + name + " += 1\")")
            message = f"var.{name} is read but nothing writes it, so it is 0 all game{hint}"
            found.append(_at(source_map, site, offset, message))
        elif use.writes and not use.reads:
            site, offset = use.writes[0]
            close = difflib.get_close_matches(name, read, n=1, cutoff=0.6)
            hint = (f"; did you mean var.{close[0]}?" if close
                    else "; a variable matters only where a condition, goal, chance or "
                         "effect reads it")
            found.append(_at(source_map, site, offset,
                             f"var.{name} is written but never read{hint}"))
    return found


def _at(source_map: SourceMap, site: ExpressionSite, offset: int, message: str) -> ScenarioError:
    return source_map.error(site.path, f"{render_path(site.path)}: {message}", offset=offset,
                            value_text=site.text)


# -- conditions that can never (or always) hold ---------------------------------------------

def _constant_conditions(trees: list[tuple[ExpressionSite, ast.AST]], names: object,
                         source_map: SourceMap) -> list[ScenarioError]:
    found = []
    for site, tree in trees:
        if site.statement or not _is_condition(site.path):
            continue
        body = tree.body if isinstance(tree, ast.Expression) else tree
        low, high = _interval(body, names)
        if high <= 0.0 and low >= 0.0:
            verdict = "can never hold" if not site.goal else "is never met"
        elif low > 0.0 or high < 0.0:
            verdict = "always holds" if not site.goal else "is always met"
        else:
            continue
        what = _condition_noun(site.path)
        found.append(source_map.error(
            site.path, f"{render_path(site.path)}: this {what} {verdict}, whatever happens "
                       f"in play (the names it uses stay within their ranges; see "
                       f"docs/scenario-format.md, Expressions)"))
    return found


def _is_condition(path: DataPath) -> bool:
    return bool(path) and path[-1] == "when"


def _condition_noun(path: DataPath) -> str:
    head = path[0] if path else ""
    return {"events": "event condition", "goals": "goal", "objectives": "objective"}.get(
        str(head), "condition")


def _interval(node: ast.AST, names: object) -> Interval:
    """The range of values `node` can take, from constants and the names' known bounds;
    `UNKNOWN` where that cannot be told."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) \
            and not isinstance(node.value, bool):
        return float(node.value), float(node.value)
    if isinstance(node, ast.Name) and node.id in ("true", "false"):
        value = 1.0 if node.id == "true" else 0.0
        return value, value
    if isinstance(node, ast.Name | ast.Attribute):
        return _name_interval(node, names)
    if isinstance(node, ast.UnaryOp):
        low, high = _interval(node.operand, names)
        if isinstance(node.op, ast.USub):
            return -high, -low
        if isinstance(node.op, ast.Not):
            return _truth_not((low, high))
        return low, high
    if isinstance(node, ast.BinOp):
        return _binop(node, names)
    if isinstance(node, ast.Compare):
        return _compare(node, names)
    if isinstance(node, ast.BoolOp):
        parts = [_truthiness(_interval(v, names)) for v in node.values]
        if isinstance(node.op, ast.And):
            if any(p == (0.0, 0.0) for p in parts):
                return 0.0, 0.0
            return (1.0, 1.0) if all(p == (1.0, 1.0) for p in parts) else TRUTH
        if any(p == (1.0, 1.0) for p in parts):
            return 1.0, 1.0
        return (0.0, 0.0) if all(p == (0.0, 0.0) for p in parts) else TRUTH
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        return _call(node, names)
    return UNKNOWN


def _name_interval(node: ast.AST, names: object) -> Interval:
    parts: list[str] = []
    current = node
    while isinstance(current, ast.Attribute):
        parts.insert(0, current.attr)
        current = current.value
    if not isinstance(current, ast.Name):
        return UNKNOWN
    parts.insert(0, current.id)
    if parts[0] == "var":
        return UNKNOWN
    try:
        ref = names.resolve(parts)  # type: ignore[attr-defined]
    except (KeyError, AttributeError):
        return UNKNOWN
    if not ref.dynamic:
        return UNKNOWN  # a figure of the world (turns, population): no range is recorded
    return float(ref.low), float(ref.high)


def _call(node: ast.Call, names: object) -> Interval:
    name = node.func.id  # type: ignore[attr-defined]
    inner = [_interval(a, names) for a in node.args]
    if name == "mean" and len(inner) == 1:
        return inner[0]
    if name == "count":
        return 0.0, math.inf
    if name == "min" and inner:
        return min(i[0] for i in inner), min(i[1] for i in inner)
    if name == "max" and inner:
        return max(i[0] for i in inner), max(i[1] for i in inner)
    if name == "abs" and len(inner) == 1:
        low, high = inner[0]
        if low >= 0:
            return low, high
        if high <= 0:
            return -high, -low
        return 0.0, max(-low, high)
    return UNKNOWN


def _binop(node: ast.BinOp, names: object) -> Interval:
    a, b = _interval(node.left, names), _interval(node.right, names)
    with_inf = [a, b]
    if isinstance(node.op, ast.Add):
        return _safe(a[0] + b[0]), _safe(a[1] + b[1])
    if isinstance(node.op, ast.Sub):
        return _safe(a[0] - b[1]), _safe(a[1] - b[0])
    if isinstance(node.op, ast.Mult):
        products = [_product(x, y) for x in a for y in b]
        if any(math.isnan(p) for p in products) or UNKNOWN in with_inf:
            return UNKNOWN
        return min(products), max(products)
    return UNKNOWN


def _product(x: float, y: float) -> float:
    if (x == 0 and math.isinf(y)) or (y == 0 and math.isinf(x)):
        return math.nan
    return x * y


def _safe(value: float) -> float:
    return -math.inf if math.isnan(value) else value


def _compare(node: ast.Compare, names: object) -> Interval:
    operands = [_interval(node.left, names)] + [_interval(c, names) for c in node.comparators]
    results = []
    for op, a, b in zip(node.ops, operands, operands[1:], strict=False):
        results.append(_compare_one(op, a, b))
    if any(r == (0.0, 0.0) for r in results):
        return 0.0, 0.0
    if all(r == (1.0, 1.0) for r in results):
        return 1.0, 1.0
    return TRUTH


def _compare_one(op: ast.cmpop, a: Interval, b: Interval) -> Interval:
    if isinstance(op, ast.Lt):
        return _decided(a[1] < b[0], a[0] >= b[1])
    if isinstance(op, ast.LtE):
        return _decided(a[1] <= b[0], a[0] > b[1])
    if isinstance(op, ast.Gt):
        return _decided(a[0] > b[1], a[1] <= b[0])
    if isinstance(op, ast.GtE):
        return _decided(a[0] >= b[1], a[1] < b[0])
    if isinstance(op, ast.Eq):
        return _decided(a[0] == a[1] == b[0] == b[1], a[1] < b[0] or b[1] < a[0])
    if isinstance(op, ast.NotEq):
        return _decided(a[1] < b[0] or b[1] < a[0], a[0] == a[1] == b[0] == b[1])
    return TRUTH


def _decided(always: bool, never: bool) -> Interval:
    if always:
        return 1.0, 1.0
    if never:
        return 0.0, 0.0
    return TRUTH


def _truthiness(interval: Interval) -> Interval:
    low, high = interval
    if low == high == 0.0:
        return 0.0, 0.0
    if low > 0.0 or high < 0.0:
        return 1.0, 1.0
    return TRUTH


def _truth_not(interval: Interval) -> Interval:
    truth = _truthiness(interval)
    if truth == (0.0, 0.0):
        return 1.0, 1.0
    if truth == (1.0, 1.0):
        return 0.0, 0.0
    return TRUTH


# -- timing and deciders -------------------------------------------------------------------

def _file_events(scenario: Scenario) -> list[tuple[int, object]]:
    """(index in the file's `events`, event) once per entry: a for_each entry expands to
    several events that share one place in the file."""
    seen: set[int] = set()
    found = []
    for index, event in enumerate(scenario.events):
        origin = event.origin if event.origin >= 0 else index
        if origin not in seen:
            seen.add(origin)
            found.append((origin, event))
    return found


def _later_beyond_end(scenario: Scenario, source_map: SourceMap) -> list[ScenarioError]:
    found = []
    for e_index, event in _file_events(scenario):
        laters = [(("events", e_index, "later", "after"), event.later)]
        laters += [(("events", e_index, "choices", c_index, "later", "after"), choice.later)
                   for c_index, choice in enumerate(event.choices)]
        for path, later in laters:
            if later is None:
                continue
            due = event.first_turn + later.after
            if due > scenario.turns:
                found.append(source_map.error(
                    path, f"{render_path(path)}: {later.after} quarters after turn "
                          f"{event.first_turn} (the earliest this event fires) is turn {due}, "
                          f"after the last turn ({scenario.turns}): these effects never happen"))
    return found


def _deciders_without_choices(scenario: Scenario, source_map: SourceMap) -> list[ScenarioError]:
    found = []
    for index, event in _file_events(scenario):
        outside = scenario.neighbours.get(event.decider)
        if outside is not None and event.choices and all(c.ai_score is None
                                                         for c in event.choices):
            path = ("events", index, "decider")
            found.append(source_map.error(
                path, f"{render_path(path)}: {outside.name} picks by the options' ai_score "
                      "(what it wants), and none has one: it always takes the first option"))
        if event.decider != "council" and not event.choices:
            path = ("events", index, "decider")
            found.append(source_map.error(
                path, f"{render_path(path)}: {event.decider} decides nothing here: the event "
                      "has no choices (add choices, or remove decider)"))
    return found
