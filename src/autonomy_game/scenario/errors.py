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
    """One problem. `line` and `col` are 1-based, as editors count them."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: error: {self.message}"


class ErrorList:
    """Collects problems in the order found; `sorted()` gives them file by file, top down."""

    def __init__(self, errors: Iterable[ScenarioError] = ()) -> None:
        self._errors: list[ScenarioError] = list(errors)

    def add(self, error: ScenarioError) -> None:
        self._errors.append(error)

    def extend(self, errors: Iterable[ScenarioError]) -> None:
        self._errors.extend(errors)

    def sorted(self) -> list[ScenarioError]:
        """Without duplicates (one cause can be reached twice through aliases), by position."""
        return sorted(set(self._errors))

    def __iter__(self) -> Iterator[ScenarioError]:
        return iter(self._errors)

    def __len__(self) -> int:
        return len(self._errors)

    def __bool__(self) -> bool:
        return bool(self._errors)


class ScenarioLoadError(Exception):
    """Raised by `load_scenario` when a file has problems; `errors` holds every one of them."""

    def __init__(self, errors: list[ScenarioError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))
