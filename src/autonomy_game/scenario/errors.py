"""Problems found in a scenario file, each pinned to a file, line and column.

An author fixes a file faster when every problem is reported at once, in the
`path:line:col: error: message` form that editors and terminals turn into links. So the
loader never stops at the first problem: it collects them in an `ErrorList`, and only
`load_scenario` turns a non-empty list into one exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ScenarioError:
    """One problem. `line` and `col` are 1-based, as editors count them.

    `severity` is "error" (the file is refused) or "warning" (probably a mistake, but it may
    be meant: printed, and fatal only under `validate --strict`). One record serves both, so
    every checker, printer and test treats them alike.
    """

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def as_warning(self) -> ScenarioError:
        return ScenarioError(self.path, self.line, self.col, self.message, "warning")


def internal_error(display: str, error: Exception) -> ScenarioError:
    """The last-resort error when a checker itself fails: an author never sees a traceback."""
    return ScenarioError(display, 1, 1,
                         f"internal error while checking ({type(error).__name__}: {error})")


MAX_COLLECTED = 1_000
"""Problems kept per file; past this they are only counted (a hostile file with 100 000
unknown keys must not cost 100 000 suggestions and messages)."""
MAX_PRINTED = 50
"""Problems printed per file, then `… and N more errors`."""


class ErrorList:
    """Collects problems in the order found; `sorted()` gives them file by file, top down."""

    def __init__(self, errors: Iterable[ScenarioError] = ()) -> None:
        self._errors: list[ScenarioError] = []
        self.dropped = 0  # found after MAX_COLLECTED were kept
        self.extend(errors)

    @property
    def full(self) -> bool:
        """True once further problems are only counted: checkers may skip composing them."""
        return len(self._errors) >= MAX_COLLECTED

    def add(self, error: ScenarioError) -> None:
        if self.full:
            self.dropped += 1
        else:
            self._errors.append(error)

    def extend(self, errors: Iterable[ScenarioError]) -> None:
        for error in errors:
            self.add(error)

    def sorted(self) -> list[ScenarioError]:
        """Without duplicates (one cause can be reached twice through aliases), by position."""
        return sorted(set(self._errors))

    def __iter__(self) -> Iterator[ScenarioError]:
        return iter(self._errors)

    def __len__(self) -> int:
        return len(self._errors)

    def __bool__(self) -> bool:
        return bool(self._errors)


def printed_lines(errors: list[ScenarioError], dropped: int = 0,
                  limit: int = MAX_PRINTED, noun: str = "error") -> list[str]:
    """The lines to print for `errors`: at most `limit`, then `… and N more errors`."""
    lines = [str(error) for error in errors[:limit]]
    more = len(errors) - len(lines) + dropped
    if more > 0:
        lines.append(f"… and {more} more {noun}{'s' if more != 1 else ''}")
    return lines


class ScenarioLoadError(Exception):
    """Raised by `load_scenario` when a file has problems; `errors` holds every one kept
    (`dropped` counts those found beyond `MAX_COLLECTED`)."""

    def __init__(self, errors: list[ScenarioError], dropped: int = 0) -> None:
        self.errors = list(errors)
        self.dropped = dropped
        super().__init__("\n".join(printed_lines(self.errors, dropped)))

    def lines(self) -> list[str]:
        return printed_lines(self.errors, self.dropped)
