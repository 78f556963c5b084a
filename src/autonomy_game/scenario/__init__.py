"""Scenario files: safe loading, `extends`, validation with file:line:col, the typed model.

Public API (imported lazily, so that `autonomy_game.scenario.model` can be imported by the
engine without pulling in the loader, and the engine's expression module in turn):

- `load_scenario(path_or_id) -> Scenario`, raising `ScenarioLoadError(errors)`;
- `validate_file(path) -> list[ScenarioError]`, `check_file(path) -> CheckResult`;
- `bundled_scenarios() -> list[ScenarioInfo]`;
- `ScenarioError`, `ErrorList`, `ScenarioLoadError`, `ScenarioInfo`, `CheckResult`.

This package never imports pygame.
"""

from __future__ import annotations

from autonomy_game.lazy_exports import lazy_getattr

_EXPORTS = {
    "load_scenario": "validate",
    "validate_file": "validate",
    "check_file": "validate",
    "check_bytes": "validate",
    "CheckResult": "validate",
    "bundled_scenarios": "bundled",
    "ScenarioInfo": "bundled",
    "ScenarioError": "errors",
    "ErrorList": "errors",
    "ScenarioLoadError": "errors",
}

__all__ = sorted(_EXPORTS)
__getattr__ = lazy_getattr(__name__, _EXPORTS)
