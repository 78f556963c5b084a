"""Helpers shared by sub-commands: load a scenario or explain why not, in one place."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

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
        for line in error.lines():
            print(line, file=sys.stderr)
    except (OSError, ValueError) as error:  # the loader reports file problems; belt and braces
        print(f"{reference}: error: cannot load the scenario: {error}", file=sys.stderr)
    raise ScenarioUnavailable


def one_line_errors(parser: argparse.ArgumentParser) -> None:
    """Usage errors: one line on stderr (no usage block), exit status 2."""

    def error(message: str) -> None:
        print(f"{parser.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)

    parser.error = error  # type: ignore[method-assign]


def bounded_int(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type for whole numbers in [low, high]; anything else is a usage error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
        if value < low or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"must be {bounds}, got {value}")
        return value

    return parse


seed_int = bounded_int(0, 2**63 - 1)
