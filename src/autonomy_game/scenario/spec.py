"""A small vocabulary for describing the shape of a scenario file.

The format is described once, as data built from these classes (`format_spec.py`). Two things
read that description: the structural checker (`structure.py`), which reports wrong types,
unknown keys and out-of-range values with positions, and the JSON Schema generator
(`schema.py`), which gives editors autocomplete. Describing the format once keeps the two from
drifting apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, kw_only=True)
class Spec:
    """Any value. `description` ends up in the JSON Schema, shown by editors on hover.

    `name` makes the schema generator put the definition under `definitions` and refer to it.
    """

    description: str = ""
    name: str = ""


@dataclass(frozen=True, kw_only=True)
class Number(Spec):
    """A number (never a boolean) in `[low, high]`; `integer` refuses fractions."""

    low: float | None = None
    high: float | None = None
    integer: bool = False


@dataclass(frozen=True, kw_only=True)
class Text(Spec):
    """A string; `pattern` (a regular expression both Python and JSON Schema read) and `hint`
    (said in the error when the pattern does not match).

    Every text is bounded (`max_length`) and printable: no control characters, lone
    surrogates or escape sequences (engine/untrusted.py); `multiline` texts may hold line
    breaks and tabs, the others are one line.
    """

    pattern: str | None = None
    hint: str = ""
    max_length: int = 200
    multiline: bool = False


@dataclass(frozen=True, kw_only=True)
class Flag(Spec):
    """`true` or `false`."""


@dataclass(frozen=True, kw_only=True)
class OneOf(Spec):
    """One of a fixed set of words."""

    values: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Const(Spec):
    """One of these values, exactly (the format versions a game reads)."""

    values: tuple[Any, ...]


@dataclass(frozen=True, kw_only=True)
class Expression(Spec):
    """An expression (or, with `statement`, an effect) of the scenario expression language.

    Written as text; a bare number or `true`/`false` is accepted as the expression it spells.
    `number_low` / `number_high` bound a bare number (a `chance: 0.3`); a text is judged in
    play (a `chance` expression is clamped to 0-1 game by game).
    """

    statement: bool = False
    max_length: int = 500
    number_low: float | None = None
    number_high: float | None = None


@dataclass(frozen=True, kw_only=True)
class Seq(Spec):
    """A list of `item`s."""

    item: Spec
    min_items: int = 0
    max_items: int | None = None


@dataclass(frozen=True, kw_only=True)
class Table(Spec):
    """A mapping from keys of one kind (`key`: a Text pattern or a OneOf) to values of one kind.

    `max_items` bounds how many entries it may hold."""

    key: Text | OneOf
    value: Spec
    max_items: int | None = None


@dataclass(frozen=True)
class Field:
    """One key of a `Record`.

    `required`: must be present. `scenario_only`: required in a scenario, absent from a base
    data file (only used on the top-level record). `default` is what the loader uses when the
    key is absent, documented in the schema.
    """

    spec: Spec
    required: bool = False
    default: Any = None
    scenario_only: bool = False


@dataclass(frozen=True, kw_only=True)
class Record(Spec):
    """A mapping with a fixed set of keys.

    `overridable`: a scenario may restate only some keys of this record over its base data
    (a state's `gdp`), so the JSON Schema, which sees one file at a time, does not require any;
    the validator, which sees the merged document, still does.
    """

    fields: dict[str, Field] = field(default_factory=dict)
    overridable: bool = False
