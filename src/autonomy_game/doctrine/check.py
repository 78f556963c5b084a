"""Structural checks of a doctrine: the scenario checker, plus "a list or a text" values.

Doctrine values such as `spending` take one of several shapes (a list of numbers, a rule as
text, a number). `Either` picks the option whose kind matches what the author wrote and checks
the value against it, so an error speaks about that shape.
"""

from __future__ import annotations

from typing import Any

from autonomy_game.doctrine.format_spec import MARKER, Either
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
from autonomy_game.scenario.structure import StructureChecker, describe


def kind_matches(spec: Spec, value: Any) -> bool:
    """Whether `value` has the kind of data `spec` describes (not whether it is valid)."""
    if isinstance(spec, Seq):
        return isinstance(value, list)
    if isinstance(spec, Record | Table):
        return isinstance(value, dict)
    if isinstance(spec, Text | OneOf | Expression):
        return isinstance(value, str)
    if isinstance(spec, Number):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(spec, Flag):
        return isinstance(value, bool)
    if isinstance(spec, Const):
        return type(value) is type(spec.value)
    if isinstance(spec, Either):
        return any(kind_matches(option, value) for option in spec.options)
    return True


def kind_name(spec: Spec) -> str:
    """How an option is named in a wrong-type message."""
    if isinstance(spec, Seq):
        return "a list"
    if isinstance(spec, Record | Table):
        return "a mapping"
    if isinstance(spec, OneOf):
        return " or ".join(repr(v) for v in spec.values)
    if isinstance(spec, Text):
        return "text"
    if isinstance(spec, Number):
        return "a number"
    if isinstance(spec, Flag):
        return "true or false"
    return "a value"


class DoctrineStructureChecker(StructureChecker):
    """`StructureChecker` that also understands `Either`."""

    def __init__(self, source_map: SourceMap, errors: ErrorList) -> None:
        super().__init__(source_map, errors, scenario=False)
        self._handlers[Either] = self._either

    def error(self, path: DataPath, message: str, *, at_key: bool = False) -> None:
        if not path and message == f"the scenario: missing required key {MARKER!r}":
            message = (f"missing the format marker '{MARKER}: 1' at the top (it tells a "
                       "doctrine from a scenario)")
        elif not path:
            message = message.replace("the scenario: ", "the doctrine: ", 1)
        super().error(path, message, at_key=at_key)

    def _either(self, spec: Either, value: Any, path: DataPath) -> None:
        for option in spec.options:
            if kind_matches(option, value):
                self.check(option, value, path)
                return
        names = [kind_name(option) for option in spec.options]
        expected = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
        self.error(path, f"{render_path(path)}: expected {expected}, found {describe(value)}")
