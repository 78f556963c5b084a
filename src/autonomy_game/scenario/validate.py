"""Loading and validating a scenario file: the public entry points.

One pass does everything, in order: read (with limits), parse (YAML 1.2, positions), resolve
`extends`, check structure, check cross-references, build the typed `Scenario` with defaults,
compile every expression. Each stage adds to one error list, so an author sees every problem
of a file at once. Nothing raises but `load_scenario`, and only `ScenarioLoadError`.

A file with none of the scenario keys (id, title, turns, goals, events, ...) is base data, such
as `scenarios/data/eu27.yaml`: it is validated on its own but cannot be played.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autonomy_game.scenario.build import ScenarioBuilder
from autonomy_game.scenario.bundled import resolve_scenario_argument
from autonomy_game.scenario.errors import (
    ErrorList,
    ScenarioError,
    ScenarioLoadError,
    internal_error,
)
from autonomy_game.scenario.expression_check import check_expressions
from autonomy_game.scenario.format_spec import (
    MAX_CORRIDORS,
    MAX_EVENTS,
    MAX_HUBS,
    MAX_INITIATIVES,
    MAX_SOURCES,
    MAX_STATES,
    SCENARIO,
    SCENARIO_MARKERS,
)
from autonomy_game.scenario.lints import lint_scenario
from autonomy_game.scenario.merge import resolve_extends
from autonomy_game.scenario.model import Scenario
from autonomy_game.scenario.positions import SourceMap
from autonomy_game.scenario.references import ReferenceChecker
from autonomy_game.scenario.structure import StructureChecker, describe
from autonomy_game.scenario.yaml_loader import YamlLoadError, parse_yaml, read_limited


@dataclass
class CheckResult:
    """What validating one file found: its errors and, built regardless, the scenario."""

    display: str
    errors: list[ScenarioError]
    scenario: Scenario | None = None
    is_base_data: bool = False
    dropped: int = 0  # problems found beyond errors.MAX_COLLECTED, counted only
    warnings: list[ScenarioError] = field(default_factory=list)  # lints (scenario/lints.py)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """`path: ok (16 turns, 27 states, 14 events)`, or the number of errors."""
        if self.errors:
            count = len(self.errors) + self.dropped
            return f"{self.display}: {count} error{'s' if count != 1 else ''}"
        if self.warnings:
            count = len(self.warnings)
            noted = f", {count} warning{'s' if count != 1 else ''}"
            return self._ok_summary()[:-1] + noted + ")" if self.scenario else \
                f"{self.display}: ok{noted}"
        return self._ok_summary()

    def _ok_summary(self) -> str:
        s = self.scenario
        if s is None:
            return f"{self.display}: ok"
        if self.is_base_data:
            return (f"{self.display}: ok (base data: {len(s.states)} states, {len(s.hubs)} hubs, "
                    f"{len(s.initiatives)} initiatives)")
        return (f"{self.display}: ok ({s.turns} turns, {len(s.members)} states, "
                f"{len(s.events)} events)")


def is_scenario_document(data: dict[str, Any]) -> bool:
    """A scenario has at least one scenario key; base data has none."""
    return any(key in data for key in SCENARIO_MARKERS)


def content_hash(raws: list[bytes]) -> str:
    """sha256 over the raw bytes of the scenario file, then its base, then the base's base."""
    digest = hashlib.sha256()
    for raw in raws:
        digest.update(raw)
    return digest.hexdigest()


def check_bytes(raw: bytes, path: Path, display: str | None = None,
                stored_bases: list[bytes] | None = None, lint: bool = True) -> CheckResult:
    """Validate `raw` as if it were the content of the file at `path` (bases are read from
    disk, relative to it, unless `stored_bases` gives their content: a save's copy). Never
    raises."""
    display = str(path) if display is None else display
    try:
        return _check(raw, path, display, stored_bases, lint)
    except Exception as error:  # a last resort: an author must never see a traceback
        return CheckResult(display, [internal_error(display, error)])


def check_file(path: str | Path, display: str | None = None, lint: bool = True) -> CheckResult:
    """Validate the file at `path`. Never raises. `lint=False` skips the author's warnings
    (scenario/lints.py): a caller that only plays the scenario never shows them."""
    path = Path(path)
    display = str(path) if display is None else display
    try:
        raw = read_limited(path, display)
    except YamlLoadError as error:
        return CheckResult(display, error.errors)
    return check_bytes(raw, path, display, lint=lint)


def validate_file(path: str | Path) -> list[ScenarioError]:
    """Every problem of a scenario or base data file; empty when it is valid."""
    return check_file(path).errors


def load_scenario(path_or_id: str | Path) -> Scenario:
    """A playable scenario from a file path or a bundled id (`us-withdrawal`).

    Raises `ScenarioLoadError` with every problem found.
    """
    path = resolve_scenario_argument(path_or_id)
    # The lints' warnings are for `validate`; a loaded scenario never shows them.
    result = check_file(path, str(path_or_id) if isinstance(path_or_id, Path) else None,
                        lint=False)
    if result.errors:
        raise ScenarioLoadError(result.errors, result.dropped)
    if result.is_base_data or result.scenario is None:
        message = ("this is base data, not a scenario: a scenario needs id, title, turns and "
                   "goals (it may extend this file)")
        raise ScenarioLoadError([ScenarioError(result.display, 1, 1, message)])
    return result.scenario


def _check(raw: bytes, path: Path, display: str,
           stored_bases: list[bytes] | None = None, lint: bool = True) -> CheckResult:
    errors = ErrorList()
    try:
        document = parse_yaml(raw, display)
    except YamlLoadError as error:
        return CheckResult(display, error.errors)
    if not isinstance(document.data, dict):
        message = (f"expected a mapping of keys (format, id, title, ...) at the top level, "
                   f"found {describe(document.data)}")
        return CheckResult(display, [document.source_map.error((), message)])
    scenario_mode = is_scenario_document(document.data)
    merged = resolve_extends(document, path, errors, stored_bases)
    if merged is None:
        return CheckResult(display, errors.sorted(), dropped=errors.dropped)
    too_many = count_limits(merged.data, merged.source_map)
    if too_many:  # refused before any per-item work: a 60 000-event file costs nothing more
        return CheckResult(display, too_many)
    stage(errors, merged.source_map, "checking the structure", lambda: StructureChecker(
        merged.source_map, errors, scenario_mode).check(SCENARIO, merged.data, ()))
    stage(errors, merged.source_map, "checking references", lambda: ReferenceChecker(
        merged.data, merged.source_map, errors, scenario_mode).run())
    builder = ScenarioBuilder(merged.data, merged.source_map, display)
    try:
        scenario = builder.build()
    except Exception as error:  # the builder is tolerant; should it not be, say so and stop
        if not errors:
            errors.add(merged.source_map.error((), f"cannot build the scenario "
                                                   f"({type(error).__name__}: {error})"))
        return CheckResult(display, errors.sorted(), dropped=errors.dropped)
    scenario.content_hash = content_hash(merged.raws)
    scenario.source_files = tuple(merged.raws)
    stage(errors, merged.source_map, "checking expressions", lambda: check_expressions(
        scenario, builder.sites, merged.source_map, errors))
    warnings = list(merged.warnings)
    if lint and not errors and scenario_mode:
        try:
            warnings += lint_scenario(scenario, builder.sites, merged.source_map)
        except Exception as error:  # a lint must never cost an author a valid file
            warnings.append(internal_error(display, error).as_warning())
    return CheckResult(display, errors.sorted(), scenario, not scenario_mode, errors.dropped,
                       sorted(set(warnings)))


def stage(errors: ErrorList, source_map: SourceMap, what: str, run: Callable[[], None]) -> None:
    """Run one checking stage; an exception it did not foresee becomes one located error
    and the next stage still runs, so an author sees every other problem too."""
    try:
        run()
    except Exception as error:
        errors.add(source_map.error((), f"{what} stopped early ({type(error).__name__}); "
                                        "the problems above it are reported"))


# Top-level lists and tables whose size is bounded (format_spec.py, "Limits").
COUNTED: dict[tuple[str, ...], tuple[int, str]] = {
    ("events",): (MAX_EVENTS, "events"),
    ("states",): (MAX_STATES, "states"),
    ("neighbours",): (MAX_STATES, "neighbours"),
    ("initiatives",): (MAX_INITIATIVES, "initiatives"),
    ("sources",): (MAX_SOURCES, "sources"),
    ("network", "hubs"): (MAX_HUBS, "hubs"),
    ("network", "corridors"): (MAX_CORRIDORS, "corridors"),
}


def count_limits(data: dict[str, Any], source_map: SourceMap) -> list[ScenarioError]:
    """Errors for each bounded list or table that holds too many entries (merged file)."""
    found: list[ScenarioError] = []
    for path, (limit, noun) in COUNTED.items():
        value: Any = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, list | dict) and len(value) > limit:
            message = (f"{'.'.join(path)}: too many {noun} ({len(value)}; a scenario holds at "
                       f"most {limit})")
            found.append(source_map.error(path, message))
    return found
