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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autonomy_game.scenario.build import ScenarioBuilder
from autonomy_game.scenario.bundled import resolve_scenario_argument
from autonomy_game.scenario.errors import ErrorList, ScenarioError, ScenarioLoadError
from autonomy_game.scenario.expression_check import check_expressions
from autonomy_game.scenario.format_spec import SCENARIO, SCENARIO_MARKERS
from autonomy_game.scenario.merge import resolve_extends
from autonomy_game.scenario.model import Scenario
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

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """`path: ok (16 turns, 27 states, 14 events)`, or the number of errors."""
        if self.errors:
            count = len(self.errors)
            return f"{self.display}: {count} error{'s' if count != 1 else ''}"
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


def check_bytes(raw: bytes, path: Path, display: str | None = None) -> CheckResult:
    """Validate `raw` as if it were the content of the file at `path` (bases are read from
    disk, relative to it). Never raises."""
    display = str(path) if display is None else display
    try:
        return _check(raw, path, display)
    except Exception as error:  # a last resort: an author must never see a traceback
        message = f"internal error while checking ({type(error).__name__}: {error})"
        return CheckResult(display, [ScenarioError(display, 1, 1, message)])


def check_file(path: str | Path, display: str | None = None) -> CheckResult:
    """Validate the file at `path`. Never raises."""
    path = Path(path)
    display = str(path) if display is None else display
    try:
        raw = read_limited(path, display)
    except YamlLoadError as error:
        return CheckResult(display, error.errors)
    return check_bytes(raw, path, display)


def validate_file(path: str | Path) -> list[ScenarioError]:
    """Every problem of a scenario or base data file; empty when it is valid."""
    return check_file(path).errors


def load_scenario(path_or_id: str | Path) -> Scenario:
    """A playable scenario from a file path or a bundled id (`us-withdrawal`).

    Raises `ScenarioLoadError` with every problem found.
    """
    path = resolve_scenario_argument(path_or_id)
    result = check_file(path, str(path_or_id) if isinstance(path_or_id, Path) else None)
    if result.errors:
        raise ScenarioLoadError(result.errors)
    if result.is_base_data or result.scenario is None:
        message = ("this is base data, not a scenario: a scenario needs id, title, turns and "
                   "goals (it may extend this file)")
        raise ScenarioLoadError([ScenarioError(result.display, 1, 1, message)])
    return result.scenario


def _check(raw: bytes, path: Path, display: str) -> CheckResult:
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
    merged = resolve_extends(document, path, errors)
    if merged is None:
        return CheckResult(display, errors.sorted())
    StructureChecker(merged.source_map, errors, scenario_mode).check(SCENARIO, merged.data, ())
    ReferenceChecker(merged.data, merged.source_map, errors, scenario_mode).run()
    builder = ScenarioBuilder(merged.data, merged.source_map, display)
    scenario = builder.build()
    scenario.content_hash = content_hash(merged.raws)
    check_expressions(scenario, builder.sites, merged.source_map, errors)
    return CheckResult(display, errors.sorted(), scenario, not scenario_mode)
