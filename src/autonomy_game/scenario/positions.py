"""Where each value of a loaded document was written.

The validator works on plain data (dicts, lists, scalars), which keeps its checks simple; this
parallel map takes a value's path in that data (`("states", "PL", "gdp")`) back to a file, line
and column, so that every message can point at the exact spot. Paths, not objects, are the
keys, because merging a scenario over its base data makes new dicts but keeps the paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autonomy_game.scenario.errors import ScenarioError

PathPart = str | int
DataPath = tuple[PathPart, ...]

_QUOTES = ("'", '"')
_BLOCKS = ("|", ">")
_ESCAPED_WHITESPACE = {"n", "t", "r", " ", "L", "P", "_", "N"}


@dataclass(frozen=True)
class Position:
    """A place in a file: 1-based line and column, plus what is needed to look inside scalars.

    `start`/`end` are character offsets of the node in the file's text (-1 when unknown) and
    `style` is the scalar style YAML reported (None for plain, a quote, `|` or `>`).
    """

    file: str
    line: int
    col: int
    start: int = -1
    end: int = -1
    style: str | None = None


def render_path(path: DataPath) -> str:
    """`("events", 2, "when")` -> `events[2].when`: how an author finds the value by eye."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


@dataclass
class SourceMap:
    """Positions of values (`values`) and of mapping keys (`keys`) by data path."""

    values: dict[DataPath, Position] = field(default_factory=dict)
    keys: dict[DataPath, Position] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    fallback: Position = field(default_factory=lambda: Position("<unknown>", 1, 1))

    def value(self, path: DataPath) -> Position:
        """The value's own position, else the nearest enclosing value that has one."""
        for length in range(len(path), -1, -1):
            found = self.values.get(path[:length])
            if found is not None:
                return found
        return self.fallback

    def key(self, path: DataPath) -> Position:
        """Where the key naming this value was written (for unknown or duplicate keys)."""
        found = self.keys.get(path)
        return found if found is not None else self.value(path)

    def inside(self, path: DataPath, offset: int, value_text: str) -> tuple[int, int]:
        """Line and column of character `offset` of the scalar at `path` (an expression)."""
        position = self.value(path)
        text = self.texts.get(position.file, "")
        if position.start < 0 or position.end > len(text) or path not in self.values:
            return position.line, position.col
        return locate_in_scalar(text[position.start : position.end], position, value_text, offset)

    def error(
        self,
        path: DataPath,
        message: str,
        *,
        at_key: bool = False,
        offset: int | None = None,
        value_text: str = "",
    ) -> ScenarioError:
        """A `ScenarioError` placed at a value, at its key, or inside a scalar."""
        position = self.key(path) if at_key else self.value(path)
        line, col = position.line, position.col
        if offset is not None:
            line, col = self.inside(path, offset, value_text)
        return ScenarioError(position.file, line, col, message)


def locate_in_scalar(raw: str, position: Position, value: str, offset: int) -> tuple[int, int]:
    """Map an offset in a scalar's value to the line and column where that character was typed.

    On one line and without escapes the answer is the node's column plus the offset (plus one
    for the opening quote). Otherwise YAML may have folded lines, stripped indentation or
    decoded escapes, so the value and the raw text are matched character by character, counting
    only non-blank characters, which YAML never adds or removes.
    """
    offset = max(0, min(offset, len(value)))
    quoted = position.style in _QUOTES
    simple = "\n" not in raw and position.style not in _BLOCKS
    if simple and not (position.style == '"' and "\\" in raw) and "''" not in raw:
        return position.line, position.col + offset + (1 if quoted else 0)
    marks = _significant_marks(raw, position)
    if not marks:
        return position.line, position.col
    index = sum(1 for char in value[:offset] if not char.isspace())
    if index < len(marks):
        return marks[index]
    line, col = marks[-1]
    return line, col + 1


def _significant_marks(raw: str, position: Position) -> list[tuple[int, int]]:
    """Line and column of every non-blank character of a scalar's value, in its raw text."""
    line, col = position.line, position.col
    marks: list[tuple[int, int]] = []
    index = 0
    if position.style in _QUOTES:
        index, col = 1, col + 1
    elif position.style in _BLOCKS:
        newline = raw.find("\n")
        if newline < 0:
            return marks
        index, line, col = newline + 1, line + 1, 1
    closing = len(raw) - 1 if position.style in _QUOTES else len(raw)
    while index < closing:
        char = raw[index]
        step = 1
        if position.style == '"' and char == "\\" and raw[index + 1 : index + 2] == "\n":
            step = 1  # a line continuation: the newline is counted on the next step
        elif position.style == '"' and char == "\\" and index + 1 < closing:
            step = 2
            if raw[index + 1] not in _ESCAPED_WHITESPACE:
                marks.append((line, col))
        elif position.style == "'" and raw.startswith("''", index):
            step = 2
            marks.append((line, col))
        elif char == "\n":
            line, col, index = line + 1, 1, index + 1
            continue
        elif not char.isspace():
            marks.append((line, col))
        index += step
        col += step
    return marks
