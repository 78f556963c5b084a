"""Helpers shared by sub-commands: load a scenario or explain why not, in one place."""

from __future__ import annotations

import sys

from autonomy_game.scenario.model import Scenario


class ScenarioUnavailable(Exception):
    """Raised after the errors were printed; the command should exit 1."""


def load_or_report(reference: str) -> Scenario:
    """Load a bundled id or a path; print `path:line:col: error: ...` lines on failure."""
    from autonomy_game.scenario.errors import ScenarioLoadError
    from autonomy_game.scenario.validate import load_scenario

    try:
        return load_scenario(reference)
    except ScenarioLoadError as error:
        for problem in error.errors:
            print(problem, file=sys.stderr)
        raise ScenarioUnavailable from None


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1 (usage error otherwise, exit 2)."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def seed_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("the seed must be between 0 and 2**63 - 1")
    return value
