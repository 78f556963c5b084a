"""The safe expression language of scenario files.

Scenario files are untrusted, so triggers, goals and effects are parsed with Python's `ast`
module (syntax only) and every node is checked against a whitelist; nothing is ever evaluated by
Python. A whitelisted tree is compiled once into nested closures that compute on the batch
arrays, so one compiled trigger serves one game or ten thousand at the same cost per call.

Names are resolved against a `NameTable` built from the scenario: unknown names, writes to
read-only names and misuse of per-state fields are compile errors with a character offset,
which the validator turns into `file:line:col`.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from autonomy_game.engine.untrusted import (
    describe_char,
    first_forbidden,
    number_problem,
    safe_write,
    text_problem,
)
from autonomy_game.scenario.model import DOMAINS, PROTECTIONS, THREAT_AXES

if TYPE_CHECKING:
    from autonomy_game.scenario.model import Scenario

MAX_EXPRESSION_LENGTH = 500
MAX_NODES = 200
MAX_VARIABLES = 64
MAX_MESSAGE_LENGTH = 300

ALL = slice(None)


class ExpressionError(Exception):
    """A problem in an expression, `offset` characters into its text."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True, eq=False)
class Ref:
    """Where a name's value lives: an array of the game state (or the static world).

    `index` follows the batch axis for state arrays; `ALL` in the member slot makes the name a
    per-member field (shape [B, N]) that only aggregates and statements may use.
    """

    source: str  # "state" | "world"
    field: str
    index: tuple[Any, ...]
    writable: bool
    dynamic: bool
    low: float = -np.inf
    high: float = np.inf
    per_member: bool = False


# name -> (state field, writable, low, high); per-state fields of a member state.
STATE_FIELDS: dict[str, tuple[str, bool, float, float]] = {
    "defence_pct": ("defence_pct", True, 0.0, 10.0),
    "budget": ("budget", False, 0.0, np.inf),
    "support": ("support", True, 0.0, 1.0),
    "fiscal_space": ("fiscal_space", True, 0.0, 1.0),
    "atlanticism": ("atlanticism", True, 0.0, 1.0),
    "capital": ("capital", True, 0.0, 100.0),
    "ammunition": ("ammunition", True, 0.0, np.inf),
    "shell_capacity": ("shell_capacity", True, 0.0, np.inf),
    "gdp": ("gdp", True, 0.0, np.inf),
    "aid": ("aid_sent", False, 0.0, np.inf),
}
STATIC_STATE_FIELDS: dict[str, str] = {"population": "population"}

# name -> (state field, writable, low, high); Europe-wide indicators, shape [B].
EUROPE_FIELDS: dict[str, tuple[str, bool, float, float]] = {
    "turn": ("turn_number", False, 0.0, np.inf),
    "us_commitment": ("us_commitment", True, 0.0, 1.0),
    # This game's background drawdown a quarter (parameters us_drawdown +/- its spread): the
    # quarter reports show it as "U.S. drawdown", so a scenario may let choices read it.
    "us_drawdown": ("us_drawdown", False, 0.0, 1.0),
    "cohesion": ("cohesion", True, 0.0, 1.0),
    "deterrence": ("deterrence", False, 0.0, 1.0),
    "adversary_pressure": ("adversary_pressure", True, 0.0, 1.0),
    "autonomy": ("autonomy", False, 0.0, 1.0),
    "eu_funds": ("eu_funds", True, 0.0, np.inf),
    "epf_funds": ("epf_funds", True, 0.0, np.inf),
    "explosives": ("explosives_capacity", True, 0.0, np.inf),
    "ukraine_front": ("ukraine_front", True, 0.0, 1.0),
    "ukraine_need": ("ukraine_need", True, 0.0, np.inf),
    "ukraine_delivered": ("ukraine_delivered", False, 0.0, 1.0),
    "aid_flow": ("aid_flow", False, 0.0, np.inf),
    "aid_backlog": ("aid_backlog", False, 0.0, np.inf),
    "shell_price": ("shell_price", True, 0.1, np.inf),
}
STATIC_EUROPE_FIELDS: dict[str, str] = {"turns": "turns"}

HUB_FIELDS = ("health", *PROTECTIONS)
CORRIDOR_FIELDS: dict[str, tuple[str, bool, float, float]] = {
    "flow": ("corridor_flow", False, 0.0, np.inf),
    "open": ("corridor_open", True, 0.0, 1.0),
    "capacity": ("corridor_capacity", True, 0.0, np.inf),
}
INITIATIVE_FIELDS = ("adopted", "delivered", "progress", "participants")
AGGREGATES = ("mean", "sum", "count")
EFFECT_FUNCTIONS = ("strike", "cyberattack", "blackout", "blockade", "sabotage", "table",
                    "message")
PROTECTION_OF_ATTACK = {"strike": 0, "cyberattack": 1, "blackout": 2}


@dataclass
class NameTable:
    """Every name a scenario's expressions may use, mapped to where its value lives."""

    members: list[str]
    hubs: list[str]
    corridors: list[str]
    initiatives: list[str]
    variables: dict[str, int] = field(default_factory=dict)
    overlays: list[str] = field(default_factory=list)  # cables, pipelines, sea zones
    each: str = ""  # checking a for_each event: `each.` stands for this member

    @classmethod
    def for_scenario(cls, scenario: Scenario) -> NameTable:
        return cls(
            members=list(scenario.members),
            hubs=list(scenario.hubs),
            corridors=list(scenario.corridors),
            initiatives=list(scenario.initiatives),
            overlays=list(scenario.overlays),
        )

    def known_names(self) -> list[str]:
        """All spellable names, for "did you mean" suggestions."""
        names = [*EUROPE_FIELDS, *STATIC_EUROPE_FIELDS, *STATE_FIELDS, *STATIC_STATE_FIELDS]
        names += [f"threat.{a}" for a in THREAT_AXES] + [f"cap.{d}" for d in DOMAINS]
        names += [f"cap_foreign.{d}" for d in DOMAINS]
        names += [f"gap.{d}" for d in DOMAINS] + [f"us.{d}" for d in DOMAINS]
        for code in self.members:
            names += [f"{code}.{f}" for f in (*STATE_FIELDS, *STATIC_STATE_FIELDS)]
            names += [f"{code}.threat.{a}" for a in THREAT_AXES]
            names += [f"{code}.cap.{d}" for d in DOMAINS]
            names += [f"{code}.cap_foreign.{d}" for d in DOMAINS]
            names += [f"{code}.voted.{i}" for i in self.initiatives]
        names += [f"hub.{h}.{f}" for h in self.hubs for f in HUB_FIELDS]
        names += [f"corridor.{c}.{f}" for c in self.corridors for f in CORRIDOR_FIELDS]
        names += [f"initiative.{i}.{f}" for i in self.initiatives for f in INITIATIVE_FIELDS]
        names += [f"overlay.{o}.health" for o in self.overlays]
        return names

    def resolve(self, parts: list[str]) -> Ref:
        """Map a dotted name to its Ref, or raise KeyError with a helpful message."""
        dotted = ".".join(parts)
        ref = self._resolve(parts)
        if ref is None:
            close = difflib.get_close_matches(dotted, self.known_names(), n=1, cutoff=0.75)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise KeyError(f"unknown name '{dotted}'{hint}")
        return ref

    def _resolve(self, parts: list[str]) -> Ref | None:
        if parts[0] == "each" and self.each and len(parts) > 1:
            parts = [self.each, *parts[1:]]
        head, rest = parts[0], parts[1:]
        if not rest:
            return self._europe(head) or self._member_field([head], ALL)
        if head == "var" and len(rest) == 1:
            return self._variable(rest[0])
        if head in self.members:
            return self._member_field(rest, self.members.index(head))
        if head == "gap" and len(rest) == 1 and rest[0] in DOMAINS:
            return Ref("state", "gap", (DOMAINS.index(rest[0]),), False, True, 0.0, 1.0)
        if head == "us" and len(rest) == 1 and rest[0] in DOMAINS:
            return Ref("state", "us_presence", (DOMAINS.index(rest[0]),), True, True, 0.0, 1.0)
        if head == "hub" and len(rest) == 2 and rest[0] in self.hubs and rest[1] in HUB_FIELDS:
            h = self.hubs.index(rest[0])
            if rest[1] == "health":
                return Ref("state", "hub_health", (h,), True, True, 0.0, 1.0)
            k = PROTECTIONS.index(rest[1])
            return Ref("state", "hub_protection", (h, k), True, True, 0.0, 1.0)
        if head == "overlay" and rest[1:] == ["health"] and rest[0] in self.overlays:
            return Ref("state", "overlay_health", (self.overlays.index(rest[0]),), True, True,
                       0.0, 1.0)
        if head == "corridor" and len(rest) == 2 and rest[0] in self.corridors:
            spec = CORRIDOR_FIELDS.get(rest[1])
            if spec is None:
                return None
            name, writable, low, high = spec
            c = self.corridors.index(rest[0])
            return Ref("state", name, (c,), writable, True, low, high)
        if head == "initiative" and len(rest) == 2 and rest[0] in self.initiatives:
            if rest[1] not in INITIATIVE_FIELDS:
                return None
            i = self.initiatives.index(rest[0])
            return Ref("state", f"initiative_{rest[1]}", (i,), False, True, 0.0, np.inf)
        return self._member_field(parts, ALL)

    def _europe(self, name: str) -> Ref | None:
        if name in EUROPE_FIELDS:
            field_name, writable, low, high = EUROPE_FIELDS[name]
            return Ref("state", field_name, (), writable, True, low, high)
        if name in STATIC_EUROPE_FIELDS:
            return Ref("world", STATIC_EUROPE_FIELDS[name], (), False, False)
        return None

    def _member_field(self, parts: list[str], member: Any) -> Ref | None:
        per_member = member is ALL
        if len(parts) == 1:
            name = parts[0]
            if name in STATE_FIELDS:
                field_name, writable, low, high = STATE_FIELDS[name]
                return Ref("state", field_name, (member,), writable, True, low, high, per_member)
            if name in STATIC_STATE_FIELDS:
                return Ref("world", STATIC_STATE_FIELDS[name], (member,), False, False,
                           per_member=per_member)
            return None
        if len(parts) == 2 and parts[0] == "threat" and parts[1] in THREAT_AXES:
            axis = THREAT_AXES.index(parts[1])
            return Ref("state", "threat", (axis, member), True, True, 0.0, 1.0, per_member)
        if len(parts) == 2 and parts[0] == "voted" and parts[1] in self.initiatives:
            i = self.initiatives.index(parts[1])
            return Ref("state", "last_vote", (member, i), False, True, -1.0, 1.0, per_member)
        if len(parts) == 2 and parts[0] in ("cap", "cap_foreign") and parts[1] in DOMAINS:
            d = DOMAINS.index(parts[1])
            name = "capability" if parts[0] == "cap" else "capability_foreign"
            return Ref("state", name, (d, member), True, True, 0.0, np.inf, per_member)
        return None

    def _variable(self, name: str) -> Ref | None:
        if name not in self.variables:
            if len(self.variables) >= MAX_VARIABLES:
                return None
            self.variables[name] = len(self.variables)
        return Ref("state", "variables", (self.variables[name],), True, True)


@dataclass
class EvalContext:
    """What compiled code reads and writes: the batch state, the static world, the report.

    `rows` (None: every game) narrows the context to some games of the batch, for effects
    that run only where an event fired: names read those games' values and statements write
    those games back (see `CompiledStatement.execute`). A slice when the games are adjacent
    (a view, nothing gathered), else the games' indices.
    """

    state: Any
    world: Any
    messages: list[tuple[np.ndarray, str]] = field(default_factory=list)
    rows: slice | np.ndarray | None = None
    count: int = 0  # the number of games in `rows`

    @property
    def batch(self) -> int:
        return int(self.state.batch) if self.rows is None else self.count

    def on_rows(self, mask: np.ndarray, count: int | None = None) -> EvalContext:
        """The same context narrowed to the games of `mask` [B] (at least one; `count` of
        them, when known)."""
        count = int(np.count_nonzero(mask)) if count is None else count
        first = int(mask.argmax())
        narrowed: slice | np.ndarray
        if mask[first:first + count].all():  # adjacent games (a look-ahead's option block)
            narrowed = slice(first, first + count)
        else:
            narrowed = np.flatnonzero(mask)
        return EvalContext(self.state, self.world, self.messages, narrowed, count)


Value = Callable[[EvalContext], Any]


@dataclass
class _Node:
    fn: Value
    per_member: bool
    dynamic: bool
    const: float | None = None  # the value, when the node is a number known at compile time


def _finite(value: Any) -> Any:
    """An arithmetic result with NaN as 0 and infinities as the largest floats
    (`np.nan_to_num`). A finite array (almost every one) is returned as it is: testing it
    costs a sixth of `nan_to_num`'s copy and its three masked passes."""
    if (isinstance(value, np.ndarray) and value.dtype == np.float64 and value.ndim
            and np.isfinite(value).all()):
        return value
    return np.nan_to_num(value, nan=0.0)


def read_ref(ctx: EvalContext, ref: Ref) -> np.ndarray:
    """The current value of a name: [B] or, for per-member names, [B, N]."""
    if ref.source == "world":
        value = np.asarray(getattr(ctx.world, ref.field), dtype=float)[ref.index]
        shape = (ctx.batch, *np.shape(value))
        return np.broadcast_to(value, shape)
    array = getattr(ctx.state, ref.field)
    rows = ALL if ctx.rows is None else ctx.rows
    return array[(rows, *ref.index)].astype(float, copy=False)


def write_ref(ctx: EvalContext, ref: Ref, value: np.ndarray, mask: np.ndarray | None,
              read: np.ndarray | None = None) -> None:
    """Store a value into the state, clamped to the name's range, only where `mask` is set.

    `read` is the name's value as `read_ref` just gave it (`x += ...`), for a narrowed
    context: its games are not gathered a second time. It only stands in for the old value
    where the new one is NaN, and the same numbers are stored either way."""
    array = getattr(ctx.state, ref.field)
    if ctx.rows is not None:  # a narrowed context: these games only, all of them
        if mask is not None:
            raise ValueError("a narrowed context writes all of its games")
        target = (ctx.rows, *ref.index)
        old = array[target] if read is None else read
        array[target] = safe_write(old, _shaped(value, old.shape), ref.low, ref.high)
        return
    target = (ALL, *ref.index)
    old = array[target]
    value = _shaped(value, old.shape)
    # `safe_write` (engine/untrusted.py): NaN keeps the old value, anything else is clamped
    # to the name's declared, finite range, so no effect can make the state non-finite.
    if mask is None:
        array[target] = safe_write(old, value, ref.low, ref.high)
    elif mask.sum() * 4 < len(mask):  # most events touch few games: write only those rows
        rows = np.flatnonzero(mask)
        array[(rows, *ref.index)] = safe_write(old[rows], value[rows], ref.low, ref.high)
    else:  # written through the view where `mask` is set: the same numbers, no copy back
        m = mask.reshape((-1,) + (1,) * (old.ndim - 1))
        np.copyto(old, safe_write(old, value, ref.low, ref.high), where=m)


def _shaped(value: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """`value` spread to `shape` (a number or a [B] value to every member), as is when it
    has it already (most writes: `np.broadcast_to` costs more than the small write)."""
    return value if value.shape == shape else np.broadcast_to(value, shape)


class CompiledExpression:
    """A checked, compiled expression; `evaluate` gives one float per game in the batch."""

    def __init__(self, text: str, node: _Node) -> None:
        self.text = text
        self._node = node
        self.is_dynamic = node.dynamic

    def evaluate(self, ctx: EvalContext) -> np.ndarray:
        with _quiet():  # overflow is expected from hostile files and handled (write_ref)
            value = self._node.fn(ctx)
        return np.broadcast_to(np.asarray(value, dtype=float), (ctx.batch,)).copy()

    def truth(self, ctx: EvalContext) -> np.ndarray:
        return self.evaluate(ctx) != 0.0


# A statement whose games are at most this share of the batch runs on those games alone.
NARROW_SHARE = 0.5


class CompiledStatement:
    """A checked, compiled effect: an assignment or an effect-function call.

    `per_game` statements (assignments and the attacks on one hub, corridor or overlay) read
    and write each game's own values only, element by element, so where they apply to few
    games of a batch they run on those games alone (`EvalContext.on_rows`): an event that
    fires in 5 % of 10 000 games computes 500 values, not 10 000, and the values are the same
    bits either way.
    """

    def __init__(self, text: str, run: Callable[[EvalContext, np.ndarray | None], None],
                 per_game: bool = False) -> None:
        self.text = text
        self._run = run
        self.per_game = per_game

    def execute(self, ctx: EvalContext, mask: np.ndarray | None = None) -> None:
        execute_all((self,), ctx, mask)


def execute_all(statements: Sequence[CompiledStatement], ctx: EvalContext,
                mask: np.ndarray | None = None) -> None:
    """Run `statements` in order in the games of `mask` (all when None). Where the
    per-game ones run is settled once for the list (`_per_game_place`), not per statement."""
    if not statements:
        return
    place = _per_game_place(ctx, mask) if mask is not None and ctx.rows is None else (ctx, mask)
    with _quiet():  # overflow is expected from hostile files and handled (write_ref)
        for statement in statements:
            if not statement.per_game:
                statement._run(ctx, mask)
            elif place is not None:
                statement._run(*place)


def _per_game_place(ctx: EvalContext, mask: np.ndarray
                    ) -> tuple[EvalContext, np.ndarray | None] | None:
    """Where per-game statements masked by `mask` run: nowhere (None) when no game is set,
    the whole arrays when every game is, the games alone (a narrowed context) when they are
    few, else the whole batch with the mask."""
    count = np.count_nonzero(mask)
    if count == 0:
        return None
    if count == len(mask):
        return ctx, None
    if count <= NARROW_SHARE * len(mask):
        return ctx.on_rows(mask, count), None
    return ctx, mask


def _quiet() -> np.errstate:
    return np.errstate(over="ignore", invalid="ignore")


def compile_expression(text: str, names: NameTable) -> CompiledExpression:
    tree = _parse(text, "eval")
    node = _Compiler(text, names).expr(tree.body)
    if node.per_member:
        raise ExpressionError(
            "a per-state field needs an aggregate such as mean(...), sum(...) or count(...)",
            0,
        )
    return CompiledExpression(text, node)


def compile_statement(text: str, names: NameTable) -> CompiledStatement:
    tree = _parse(text, "exec")
    if len(tree.body) != 1:
        raise ExpressionError("write one statement per list item", 0)
    return _Compiler(text, names).statement(tree.body[0])


def _parse(text: str, mode: str) -> Any:
    if not isinstance(text, str):
        raise ExpressionError("an expression must be text", 0)
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_EXPRESSION_LENGTH} characters", 0)
    if not text.strip():
        raise ExpressionError("empty expression", 0)
    bad = first_forbidden(text)
    if bad is not None:  # NUL, escapes, lone surrogates: never handed to the parser
        raise ExpressionError(f"the text holds {describe_char(text[bad])}", bad)
    try:
        tree = ast.parse(text.strip() if mode == "eval" else text, mode=mode)
    except SyntaxError as error:
        if not error.offset:  # Python reports an unexpected end at offset 0
            offset = len(text.rstrip())
        else:
            offset = _char_offset(text, error.lineno or 1, error.offset - 1, is_bytes=False)
        message = (error.msg or "invalid syntax").replace("Perhaps you forgot a comma?", "").strip()
        raise ExpressionError(f"syntax error: {message}{_syntax_hint(text, mode)}",
                              offset) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError("expression cannot be parsed", 0) from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ExpressionError(f"expression has more than {MAX_NODES} parts", 0)
    if mode == "eval":
        lead = len(text) - len(text.lstrip())
        for node in ast.walk(tree):
            if hasattr(node, "col_offset") and getattr(node, "lineno", 1) == 1:
                node.col_offset += lead
                if getattr(node, "end_lineno", None) == 1 and node.end_col_offset is not None:
                    node.end_col_offset += lead
    return tree


MESSAGE_FORMAT = re.compile(r",?\.[0-3][f%]|\.[1-4]g")


def format_message(parts: list[str | tuple[_Node, str]], ctx: EvalContext,
                   mask: np.ndarray) -> list[tuple[np.ndarray, str]]:
    """The message's text for the games in `mask`, one entry per distinct text: games that
    print the same numbers share one entry (a batch of 10 000 formats a handful of texts)."""
    columns = [np.broadcast_to(np.asarray(p[0].fn(ctx), float), (ctx.batch,))
               for p in parts if not isinstance(p, str)]
    specs = [p[1] for p in parts if not isinstance(p, str)]
    rows = np.flatnonzero(mask)
    table = np.nan_to_num(np.stack([c[rows] for c in columns], axis=1))
    shown = np.array([[format(float(v), spec) for v, spec in zip(row, specs, strict=True)]
                      for row in np.unique(table, axis=0)]) if len(rows) else np.zeros((0, 0))
    found: list[tuple[np.ndarray, str]] = []
    for values, texts in zip(np.unique(table, axis=0), shown, strict=True):
        hit = np.zeros(ctx.batch, bool)
        hit[rows[(table == values).all(axis=1)]] = True
        it = iter(texts)
        written = "".join(p if isinstance(p, str) else next(it) for p in parts)
        found.append((hit, written))
    return found


def _syntax_hint(text: str, mode: str) -> str:
    """What the author most likely meant, for the mistakes authors make most."""
    if mode == "eval" and re.search(r"(?<![<>=!])=(?!=)", text):
        return ("; did you mean '=='? A condition compares with == (a single = assigns, and "
                "belongs in effects)")
    if re.search(r"(?<![&|])(&&|\|\|)(?![&|])", text):
        return "; write 'and' / 'or' instead of && / ||"
    if text.count("(") != text.count(")"):
        return "; the brackets ( ) do not pair up"
    if text.count('"') % 2 or text.count("'") % 2:
        return "; a quote is not closed"
    return ""


def _char_offset(text: str, lineno: int, col: int, is_bytes: bool = True) -> int:
    lines = text.split("\n")
    lineno = max(1, min(lineno, len(lines)))
    start = sum(len(line) + 1 for line in lines[: lineno - 1])
    line = lines[lineno - 1]
    if is_bytes:
        col = len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore"))
    return start + max(0, min(col, len(line)))


_BIN_OPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: lambda a, b: np.divide(a, np.where(np.asarray(b) == 0, np.nan, b)),
}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}
_AUG_OPS: dict[type, str] = {ast.Add: "+=", ast.Sub: "-=", ast.Mult: "*="}
_AUG_UFUNCS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply}


def _align(a: Any, a_member: bool, b: Any, b_member: bool) -> tuple[Any, Any]:
    """Let a [B] value meet a [B, N] value by giving it a member axis."""
    if a_member and not b_member and np.ndim(b) == 1:
        b = np.asarray(b)[:, None]
    if b_member and not a_member and np.ndim(a) == 1:
        a = np.asarray(a)[:, None]
    return a, b


class _Compiler:
    def __init__(self, text: str, names: NameTable) -> None:
        self.text = text
        self.names = names

    def error(self, message: str, node: ast.AST) -> ExpressionError:
        offset = _char_offset(self.text, getattr(node, "lineno", 1), getattr(node, "col_offset", 0))
        return ExpressionError(message, offset)

    # -- expressions -------------------------------------------------------------------------

    def expr(self, node: ast.AST) -> _Node:
        method = getattr(self, f"_expr_{type(node).__name__}", None)
        if method is None:
            raise self.error(f"'{_describe(node)}' is not allowed in an expression", node)
        return method(node)

    def _expr_Constant(self, node: ast.Constant) -> _Node:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error("only numbers, true and false are allowed as values", node)
        problem = number_problem(value)
        if problem is not None:
            raise self.error(f"the number {_shown(node, self.text)} {problem}", node)
        number = float(value)
        return _Node(lambda ctx: number, False, False, number)

    def _expr_Name(self, node: ast.Name) -> _Node:
        if node.id in ("true", "false"):
            number = 1.0 if node.id == "true" else 0.0
            return _Node(lambda ctx: number, False, False, number)
        return self._name_node([node.id], node)

    def _expr_Attribute(self, node: ast.Attribute) -> _Node:
        return self._name_node(self._dotted(node), node)

    def _dotted(self, node: ast.AST) -> list[str]:
        if isinstance(node, ast.Name):
            return [node.id]
        if isinstance(node, ast.Attribute):
            return [*self._dotted(node.value), node.attr]
        raise self.error("a name may contain only letters, digits, '_' and '.'", node)

    def _name_node(self, parts: list[str], node: ast.AST) -> _Node:
        ref = self.resolve(parts, node)
        return _Node(lambda ctx: read_ref(ctx, ref), ref.per_member, ref.dynamic)

    def resolve(self, parts: list[str], node: ast.AST) -> Ref:
        try:
            return self.names.resolve(parts)
        except KeyError as error:
            raise self.error(str(error.args[0]), node) from None

    def _expr_UnaryOp(self, node: ast.UnaryOp) -> _Node:
        inner = self.expr(node.operand)
        f = inner.fn
        if isinstance(node.op, ast.USub):
            if inner.const is not None:  # `-0.5`: a number, negated once here
                number = -inner.const
                return _Node(lambda ctx: number, False, False, number)
            return _Node(lambda ctx: np.negative(f(ctx)), inner.per_member, inner.dynamic)
        if isinstance(node.op, ast.UAdd):
            return inner
        if isinstance(node.op, ast.Not):
            return _Node(
                lambda ctx: (np.asarray(f(ctx)) == 0).astype(float), inner.per_member,
                inner.dynamic,
            )
        raise self.error("operator not allowed", node)

    def _expr_BinOp(self, node: ast.BinOp) -> _Node:
        op = _BIN_OPS.get(type(node.op))
        if op is None:
            raise self.error("only + - * / are allowed", node)
        left, right = self.expr(node.left), self.expr(node.right)
        lf, rf, lm, rm = left.fn, right.fn, left.per_member, right.per_member

        if left.const is not None and right.const is not None:  # folded once, here
            with _quiet():
                number = float(_finite(op(left.const, right.const)))
            return _Node(lambda ctx: number, False, False, number)

        def run(ctx: EvalContext) -> Any:
            a, b = _align(lf(ctx), lm, rf(ctx), rm)
            return _finite(op(a, b))

        return _Node(run, lm or rm, left.dynamic or right.dynamic)

    def _expr_BoolOp(self, node: ast.BoolOp) -> _Node:
        parts = [self.expr(v) for v in node.values]
        is_and = isinstance(node.op, ast.And)
        member = any(p.per_member for p in parts)

        def run(ctx: EvalContext) -> Any:
            result: Any = None
            result_member = False
            for p in parts:
                value = np.asarray(p.fn(ctx)) != 0
                if result is None:
                    result, result_member = value, p.per_member
                    continue
                result, value = _align(result, result_member, value, p.per_member)
                result = np.logical_and(result, value) if is_and else np.logical_or(result, value)
                result_member = result_member or p.per_member
            return np.asarray(result, dtype=float)

        return _Node(run, member, any(p.dynamic for p in parts))

    def _expr_Compare(self, node: ast.Compare) -> _Node:
        operands = [self.expr(node.left)] + [self.expr(c) for c in node.comparators]
        ops = []
        for op in node.ops:
            fn = _COMPARE.get(type(op))
            if fn is None:
                raise self.error("only < <= > >= == != are allowed", node)
            ops.append(fn)
        member = any(o.per_member for o in operands)

        def run(ctx: EvalContext) -> Any:
            values = [(o.fn(ctx), o.per_member) for o in operands]
            result: Any = True
            for (a, am), (b, bm), fn in zip(values, values[1:], ops):
                a2, b2 = _align(a, am or member, b, bm or member)
                result = np.logical_and(result, fn(a2, b2))
            return np.asarray(result, dtype=float)

        return _Node(run, member, any(o.dynamic for o in operands))

    def _expr_Call(self, node: ast.Call) -> _Node:
        if not isinstance(node.func, ast.Name):
            raise self.error("only plain function names may be called", node)
        name = node.func.id
        if node.keywords:
            raise self.error(f"{name}() takes no keyword arguments", node)
        if name in EFFECT_FUNCTIONS:
            raise self.error(f"{name}() is an effect; use it as a statement in effects", node)
        known = [*AGGREGATES, "min", "max", "abs", "clamp"]
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise self.error(f"unknown function '{name}'{hint}", node)
        args = [self.expr(a) for a in node.args]
        dynamic = any(a.dynamic for a in args)
        if name in AGGREGATES or (name in ("min", "max") and len(args) == 1):
            return self._aggregate(name, args, node)
        if name in ("min", "max") and len(args) >= 2:
            fold = np.minimum if name == "min" else np.maximum
            member = any(a.per_member for a in args)

            def run_fold(ctx: EvalContext) -> Any:
                acc, acc_m = args[0].fn(ctx), args[0].per_member
                for a in args[1:]:
                    acc, other = _align(acc, acc_m, a.fn(ctx), a.per_member)
                    acc, acc_m = fold(acc, other), acc_m or a.per_member
                return acc

            return _Node(run_fold, member, dynamic)
        if name == "abs" and len(args) == 1:
            f = args[0].fn
            return _Node(lambda ctx: np.abs(f(ctx)), args[0].per_member, dynamic)
        if name == "clamp" and len(args) == 3:
            x, lo, hi = args
            member = x.per_member
            if lo.per_member or hi.per_member:
                raise self.error("clamp bounds must be single values", node)

            def run_clamp(ctx: EvalContext) -> Any:
                value = x.fn(ctx)
                low, _ = _align(lo.fn(ctx), False, value, member)
                high, _ = _align(hi.fn(ctx), False, value, member)
                return np.minimum(np.maximum(value, low), high)

            return _Node(run_clamp, member, dynamic)
        raise self.error(f"wrong number of arguments to {name}()", node)

    def _aggregate(self, name: str, args: list[_Node], node: ast.Call) -> _Node:
        if len(args) != 1:
            raise self.error(f"{name}() takes one per-state field", node)
        arg = args[0]
        if not arg.per_member:
            raise self.error(
                f"{name}() needs a per-state field such as defence_pct or threat.east", node
            )
        f = arg.fn
        reducers: dict[str, Callable[[Any], Any]] = {
            "mean": lambda v: np.mean(v, axis=1),
            "sum": lambda v: np.sum(v, axis=1),
            "count": lambda v: np.sum(np.asarray(v) != 0, axis=1).astype(float),
            "min": lambda v: np.min(v, axis=1),
            "max": lambda v: np.max(v, axis=1),
        }
        reduce = reducers[name]
        return _Node(lambda ctx: reduce(np.asarray(f(ctx), dtype=float)), False, arg.dynamic)

    # -- statements --------------------------------------------------------------------------

    def _message_parts(self, text: str, node: ast.AST) -> list[str | tuple[_Node, str]]:
        """`"{var.cuts} cables cut"` -> ["", (node, ""), " cables cut"]: the text with each
        `{EXPRESSION}` or `{EXPRESSION:FORMAT}` compiled; `{{` and `}}` are literal braces."""
        parts: list[str | tuple[_Node, str]] = []
        literal: list[str] = []
        i = 0
        while i < len(text):
            ch = text[i]
            if ch in "{}" and text[i + 1: i + 2] == ch:
                literal.append(ch)
                i += 2
                continue
            if ch == "}":
                raise self.error("a '}' in a message closes nothing: write '}}' for a brace",
                                 node)
            if ch != "{":
                literal.append(ch)
                i += 1
                continue
            end = text.find("}", i)
            if end < 0:
                raise self.error("a '{' in a message is never closed: write '{{' for a brace, "
                                 "or {var.x} for a number", node)
            inside = text[i + 1:end]
            expression, _, spec = inside.partition(":")
            if spec and not MESSAGE_FORMAT.fullmatch(spec):
                raise self.error(f"'{spec}' is not a number format: use one of .0f, .1f, "
                                 ".2f, .0%, .1%, ,.0f", node)
            try:
                tree = _parse(expression, "eval")
                compiled = _Compiler(expression, self.names).expr(tree.body)
            except ExpressionError as error:
                raise self.error(f"in the message's {{{inside}}}: {error.message}",
                                 node) from None
            if compiled.per_member:
                raise self.error(f"in the message's {{{inside}}}: a per-state field needs "
                                 "an aggregate such as mean(...)", node)
            parts.append("".join(literal))
            literal = []
            parts.append((compiled, spec or ".3g"))
            i = end + 1
        parts.append("".join(literal))
        return [p for p in parts if p != ""] or [""]

    def statement(self, node: ast.stmt) -> CompiledStatement:
        if isinstance(node, ast.Assign):
            if len(node.targets) != 1:
                raise self.error("assign to one name at a time", node)
            return self._assignment(node.targets[0], None, node.value)
        if isinstance(node, ast.AugAssign):
            if type(node.op) not in _AUG_OPS:
                raise self.error("only = += -= *= are allowed", node)
            return self._assignment(node.target, node.op, node.value)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            return self._effect_call(node.value)
        raise self.error(
            "an effect must be an assignment (x = 1, x += 1) or an effect function call", node
        )

    def _assignment(
        self, target: ast.AST, op: ast.operator | None, value: ast.AST
    ) -> CompiledStatement:
        if not isinstance(target, (ast.Name, ast.Attribute)):
            raise self.error("only a name can be assigned to", target)
        ref = self.resolve(self._dotted(target), target)
        if not ref.writable:
            raise self.error(f"'{'.'.join(self._dotted(target))}' cannot be changed by effects",
                             target)
        rhs = self.expr(value)
        if rhs.per_member and not ref.per_member:
            raise self.error("a per-state value needs an aggregate here", value)
        f, rhs_member = rhs.fn, rhs.per_member
        combine = _AUG_UFUNCS[type(op)] if op is not None else None

        def run(ctx: EvalContext, mask: np.ndarray | None) -> None:
            new = f(ctx)
            if ref.per_member and not rhs_member and np.ndim(new) == 1:
                new = np.asarray(new)[:, None]
            old = None
            if combine is not None:
                old = read_ref(ctx, ref)
                new = combine(old, new)
            write_ref(ctx, ref, np.asarray(new, dtype=float), mask, old)

        return CompiledStatement(self.text, run, per_game=True)

    def _effect_call(self, node: ast.Call) -> CompiledStatement:
        if not isinstance(node.func, ast.Name) or node.func.id not in EFFECT_FUNCTIONS:
            name = node.func.id if isinstance(node.func, ast.Name) else "?"
            close = difflib.get_close_matches(name, EFFECT_FUNCTIONS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise self.error(f"unknown effect function '{name}'{hint}", node)
        name = node.func.id
        if node.keywords:
            raise self.error(f"{name}() takes no keyword arguments", node)
        if name == "message":
            if len(node.args) != 1 or not _is_text(node.args[0]):
                raise self.error('message() takes one text in quotes: message("...")', node)
            text = node.args[0].value  # type: ignore[attr-defined]
            problem = text_problem(text, max_length=MAX_MESSAGE_LENGTH)
            if problem is not None:
                raise self.error(f"the message {problem}", node.args[0])

            parts = self._message_parts(text, node.args[0])
            if len(parts) == 1 and isinstance(parts[0], str):
                plain = parts[0]

                def run_message(ctx: EvalContext, mask: np.ndarray | None) -> None:
                    m = np.ones(ctx.batch, bool) if mask is None else mask
                    if m.any():
                        ctx.messages.append((m.copy(), plain))

                return CompiledStatement(self.text, run_message)

            def run_numbers(ctx: EvalContext, mask: np.ndarray | None) -> None:
                m = np.ones(ctx.batch, bool) if mask is None else mask
                if m.any():
                    for rows, written in format_message(parts, ctx, m):
                        ctx.messages.append((rows, written))

            return CompiledStatement(self.text, run_numbers)
        if name == "table":
            if len(node.args) != 1 or not _is_text(node.args[0]):
                raise self.error('table() takes an initiative id in quotes: table("edip")',
                                 node)
            target = node.args[0].value  # type: ignore[attr-defined]
            if target not in self.names.initiatives:
                raise self._unknown_id("initiative", target, self.names.initiatives,
                                       node.args[0])
            column = self.names.initiatives.index(target)

            def run_table(ctx: EvalContext, mask: np.ndarray | None) -> None:
                rows = np.ones(ctx.batch, bool) if mask is None else mask
                ctx.state.tabled[rows, column] = True

            return CompiledStatement(self.text, run_table)
        if len(node.args) == 2 and name != "blockade" and _is_selector(node.args[0]):
            return self._attack_weakest(name, node.args[0], self.expr(node.args[1]), node)
        if len(node.args) != 2 or not _is_text(node.args[0]):
            raise self.error(f'{name}() takes an id in quotes and an amount: {name}("ID", 0.5)',
                             node)
        target = node.args[0].value  # type: ignore[attr-defined]
        amount = self.expr(node.args[1])
        if amount.per_member:
            raise self.error("the amount must be a single value", node.args[1])
        if name == "sabotage":
            if target not in self.names.overlays:
                raise self._unknown_id("map overlay", target, self.names.overlays,
                                       node.args[0])
            ref = self.names.resolve(["overlay", target, "health"])
            cut = amount.fn

            def run_sabotage(ctx: EvalContext, mask: np.ndarray | None) -> None:
                write_ref(ctx, ref, read_ref(ctx, ref) - np.clip(cut(ctx), 0, 1), mask)

            return CompiledStatement(self.text, run_sabotage, per_game=True)
        if name == "blockade":
            if target not in self.names.corridors:
                raise self._unknown_id("corridor", target, self.names.corridors, node.args[0])
            ref = self.names.resolve(["corridor", target, "open"])
            f = amount.fn

            def run_blockade(ctx: EvalContext, mask: np.ndarray | None) -> None:
                write_ref(ctx, ref, read_ref(ctx, ref) - np.clip(f(ctx), 0, 1), mask)

            return CompiledStatement(self.text, run_blockade, per_game=True)
        if target not in self.names.hubs:
            raise self._unknown_id("hub", target, self.names.hubs, node.args[0])
        health = self.names.resolve(["hub", target, "health"])
        shield = self.names.resolve(["hub", target, PROTECTIONS[PROTECTION_OF_ATTACK[name]]])
        g = amount.fn

        def run_attack(ctx: EvalContext, mask: np.ndarray | None) -> None:
            damage = np.clip(g(ctx), 0, 1) * (1.0 - read_ref(ctx, shield))
            write_ref(ctx, health, read_ref(ctx, health) - damage, mask)

        return CompiledStatement(self.text, run_attack, per_game=True)

    def _attack_weakest(self, name: str, selector: ast.Call, amount: _Node,
                        node: ast.Call) -> CompiledStatement:
        """`strike(least_protected("RZE", "PMY", ...), 0.5)`: in each game the adversary hits
        the candidate hub with the least protection against this attack (on a tie, the one
        listed first), so what players protect decides where the blow falls."""
        if amount.per_member:
            raise self.error("the amount must be a single value", node.args[1])
        if not selector.args or not all(_is_text(a) for a in selector.args):
            raise self.error('least_protected() takes hub ids in quotes: '
                             'least_protected("RZE", "PMY")', selector)
        hubs = []
        for arg in selector.args:
            hub = arg.value  # type: ignore[attr-defined]
            if hub not in self.names.hubs:
                raise self._unknown_id("hub", hub, self.names.hubs, arg)
            hubs.append(self.names.hubs.index(hub))
        candidates = np.array(hubs)
        kind = PROTECTION_OF_ATTACK[name]
        g = amount.fn

        def run_weakest(ctx: EvalContext, mask: np.ndarray | None) -> None:
            state = ctx.state
            shield = state.hub_protection[:, candidates, kind]  # [B, K]
            pick = shield.argmin(axis=1)
            rows = np.arange(ctx.batch)
            hub = candidates[pick]
            damage = np.clip(np.broadcast_to(g(ctx), (ctx.batch,)), 0, 1) * (
                1.0 - shield[rows, pick])
            hit = rows if mask is None else np.flatnonzero(mask)
            old = state.hub_health[hit, hub[hit]]
            state.hub_health[hit, hub[hit]] = safe_write(old, old - damage[hit], 0.0, 1.0)

        return CompiledStatement(self.text, run_weakest)

    def _unknown_id(self, kind: str, given: str, known: list[str], node: ast.AST) -> Exception:
        close = difflib.get_close_matches(given, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return self.error(f"unknown {kind} '{given}'{hint}", node)


def _is_selector(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "least_protected")


def _shown(node: ast.AST, text: str) -> str:
    """A constant as written (`1e999`), shortened: never its float value (inf)."""
    written = ast.get_source_segment(text, node) or "?"
    return written if len(written) <= 24 else written[:21] + "..."


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _describe(node: ast.AST) -> str:
    kinds = {
        "Subscript": "[...] indexing",
        "Lambda": "lambda",
        "IfExp": "if/else",
        "ListComp": "list comprehension",
        "List": "list",
        "Dict": "dict",
        "Tuple": "tuple",
        "JoinedStr": "f-string",
        "NamedExpr": ":=",
        "Await": "await",
        "Starred": "*",
    }
    return kinds.get(type(node).__name__, type(node).__name__)
