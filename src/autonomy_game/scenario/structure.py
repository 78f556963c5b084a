"""Structural checks: does each value have the type, range and keys the format describes?

Walks the merged document alongside its `Spec` and reports every mismatch (it never stops at
the first), each at the value's own line and column, or at the key for unknown keys.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import Any

from autonomy_game.engine.untrusted import format_number, number_problem, text_problem
from autonomy_game.scenario.errors import ErrorList
from autonomy_game.scenario.positions import DataPath, SourceMap, render_path
from autonomy_game.scenario.spec import (
    Const,
    Expression,
    Flag,
    Number,
    OneOf,
    Record,
    Seq,
    Spec,
    Table,
    Text,
)

# Where an author writes a formula where a number is expected, say what does what they want.
NUMBER_AS_TEXT_HINTS: dict[str, str] = {
    "lead": "; lead is a whole number of quarters",
    "turns": "; turns is a whole number of quarters",
}


def _is_number_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def did_you_mean(word: object, candidates: Iterable[str]) -> str:
    """`"; did you mean 'gdp'?"` when a candidate is close, else `""`."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not close and len(word) <= 3:
        close = [c for c in candidates if c.lower() == word.lower()][:1]
    return f"; did you mean {close[0]!r}?" if close else ""


def describe(value: Any) -> str:
    """How a wrong value is named in a message: its kind and, for scalars, the value."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | float):
        return f"the number {format_number(value)}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"  # repr escapes what cannot be printed, keeps Łódź
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _fmt(number: float) -> str:
    return format_number(number)


class StructureChecker:
    """Reports type, range, key and pattern errors for one document against one spec."""

    def __init__(self, source_map: SourceMap, errors: ErrorList, scenario: bool) -> None:
        self.map = source_map
        self.errors = errors
        self.scenario = scenario
        self._handlers: dict[type[Spec], Callable[[Any, Any, DataPath], None]] = {
            Number: self._number,
            Text: self._text,
            Flag: self._flag,
            OneOf: self._one_of,
            Const: self._const,
            Expression: self._expression,
            Seq: self._seq,
            Table: self._table,
            Record: self._record,
        }

    def error(self, path: DataPath, message: str, *, at_key: bool = False) -> None:
        if self.errors.full:  # only counted from here on: no need to locate it
            self.errors.dropped += 1
            return
        self.errors.add(self.map.error(path, message, at_key=at_key))

    def check(self, spec: Spec, value: Any, path: DataPath) -> None:
        handler = self._handlers.get(type(spec))
        if handler is None:
            return
        try:
            handler(spec, value, path)
        except Exception as error:  # a value no check foresaw: an error where it is, go on
            self.error(path, f"{render_path(path)}: cannot be checked ({type(error).__name__})")

    def _wrong_type(self, path: DataPath, expected: str, value: Any) -> None:
        hint = ""
        if isinstance(value, str) and expected.endswith("number"):
            hint = NUMBER_AS_TEXT_HINTS.get(str(path[-1]) if path else "", "")
            if not hint and _is_number_text(value):
                hint = "; write the number itself, without quotes"
        self.error(path, f"{render_path(path)}: expected {expected}, found "
                         f"{describe(value)}{hint}")

    def _number(self, spec: Number, value: Any, path: DataPath) -> None:
        expected = "a whole number" if spec.integer else "a number"
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._wrong_type(path, expected, value)
            return
        if spec.integer and isinstance(value, float):
            self._wrong_type(path, expected, value)
            return
        problem = number_problem(value)  # finite, and at most MAX_MAGNITUDE in size
        if problem is not None:
            self.error(path, f"{render_path(path)}: {_fmt(value)} {problem}")
            return
        too_low = spec.low is not None and value < spec.low
        too_high = spec.high is not None and value > spec.high
        if too_low or too_high:
            if spec.low is not None and spec.high is not None:
                allowed = f"from {_fmt(spec.low)} to {_fmt(spec.high)}"
            elif spec.low is not None:
                allowed = f"at least {_fmt(spec.low)}"
            else:
                allowed = f"at most {_fmt(spec.high or 0)}"
            self.error(path, f"{render_path(path)}: {_fmt(value)} is out of range "
                             f"(must be {allowed})")

    def _text(self, spec: Text, value: Any, path: DataPath) -> None:
        if not isinstance(value, str):
            self._wrong_type(path, "text", value)
            return
        problem = text_problem(value, max_length=spec.max_length, multiline=spec.multiline)
        if problem is not None:
            self.error(path, f"{render_path(path)}: the text {problem}")
        elif spec.pattern is not None and not re.fullmatch(spec.pattern, value):
            hint = f" (expected {spec.hint})" if spec.hint else ""
            self.error(path, f"{render_path(path)}: {value!r} is not valid{hint}")

    def _flag(self, spec: Flag, value: Any, path: DataPath) -> None:
        if not isinstance(value, bool):
            self._wrong_type(path, "true or false", value)

    def _one_of(self, spec: OneOf, value: Any, path: DataPath) -> None:
        if not isinstance(value, str):
            self._wrong_type(path, f"one of {', '.join(spec.values)}", value)
        elif value not in spec.values:
            self.error(path, f"{render_path(path)}: unknown value {value!r} (expected one of "
                             f"{', '.join(spec.values)}){did_you_mean(value, spec.values)}")

    def _const(self, spec: Const, value: Any, path: DataPath) -> None:
        if isinstance(value, bool) or value not in spec.values:
            wanted = " or ".join(repr(v) for v in spec.values)
            versions = " and ".join(str(v) for v in spec.values)
            self.error(path, f"{render_path(path)}: must be {wanted}, found "
                             f"{describe(value)} (this game reads format {versions} files)")

    def _expression(self, spec: Expression, value: Any, path: DataPath) -> None:
        noun = "statement" if spec.statement else "expression"
        kind = f"a {noun}" if spec.statement else f"an {noun}"
        if not isinstance(value, str | int | float):
            self._wrong_type(path, f"{kind} (text)", value)
        elif isinstance(value, str) and not value.strip():
            self.error(path, f"{render_path(path)}: empty {noun}")
        elif isinstance(value, str) and len(value) > spec.max_length:
            self.error(path, f"{render_path(path)}: {kind} longer than {spec.max_length} "
                             f"characters ({len(value)})")
        elif isinstance(value, int | float) and not isinstance(value, bool) and (
                problem := number_problem(value)) is not None:
            self.error(path, f"{render_path(path)}: {_fmt(value)} {problem}")
        elif isinstance(value, int | float) and not isinstance(value, bool) and (
                spec.number_low is not None or spec.number_high is not None):
            self._number(Number(low=spec.number_low, high=spec.number_high), value, path)

    def _seq(self, spec: Seq, value: Any, path: DataPath) -> None:
        if not isinstance(value, list):
            self._wrong_type(path, "a list", value)
            return
        if len(value) < spec.min_items or (spec.max_items is not None
                                           and len(value) > spec.max_items):
            if spec.max_items == spec.min_items:
                count = f"exactly {spec.min_items}"
            elif spec.max_items is None:
                count = f"at least {spec.min_items}"
            else:
                count = f"{spec.min_items} to {spec.max_items}"
            self.error(path, f"{render_path(path)}: expected a list of {count} items, found "
                             f"{len(value)}")
            if spec.max_items is not None and len(value) > spec.max_items:
                return  # far too many: the items are not worth checking one by one
        for index, item in enumerate(value):
            self.check(spec.item, item, (*path, index))

    def _text_keyed(self, value: Any, path: DataPath) -> Iterable[tuple[str, Any, DataPath]]:
        """The entries of a mapping whose keys are text; reports a non-mapping or other keys."""
        if not isinstance(value, dict):
            self._wrong_type(path, "a mapping", value)
            return
        for key, item in value.items():
            key_path = (*path, key)
            if isinstance(key, str):
                yield key, item, key_path
            else:
                self.error(key_path, f"{render_path(path)}: key {describe(key)} must be text",
                           at_key=True)

    def _table(self, spec: Table, value: Any, path: DataPath) -> None:
        if isinstance(value, dict) and spec.max_items is not None and len(value) > spec.max_items:
            self.error(path, f"{render_path(path)}: at most {spec.max_items} entries are "
                             f"allowed, found {len(value)}")
            return
        for key, item, key_path in self._text_keyed(value, path):
            if not self._key_ok(spec.key, key, key_path):
                continue
            self.check(spec.value, item, key_path)

    def _key_ok(self, spec: Text | OneOf, key: str, path: DataPath) -> bool:
        where = render_path(path[:-1])
        if isinstance(spec, OneOf) and key not in spec.values:
            self.error(path, f"{where}: unknown key {key!r} (expected one of "
                             f"{', '.join(spec.values)}){did_you_mean(key, spec.values)}",
                       at_key=True)
            return False
        if isinstance(spec, Text) and spec.pattern and not re.fullmatch(spec.pattern, key):
            hint = f" (expected {spec.hint})" if spec.hint else ""
            self.error(path, f"{where}: key {key!r} is not valid{hint}", at_key=True)
            return False
        return True

    def _record(self, spec: Record, value: Any, path: DataPath) -> None:
        for key, item, key_path in self._text_keyed(value, path):
            field = spec.fields.get(key)
            if field is None:
                where = f" in {render_path(path)}" if path else ""
                hint = "" if self.errors.full else did_you_mean(key, spec.fields)
                self.error(key_path, f"unknown key {key!r}{where}{hint}", at_key=True)
                continue
            self.check(field.spec, item, key_path)
        if not isinstance(value, dict):
            return  # already reported as the wrong type
        missing = [name for name, field in spec.fields.items() if name not in value
                   and (field.required or (self.scenario and field.scenario_only))]
        for name in missing:
            where = render_path(path) if path else "the scenario"
            self.error(path, f"{where}: missing required key {name!r}", at_key=bool(path))
