"""Entry point: one argparse parser with a sub-command per module.

Each sub-command lives in its own module exposing `register(subparsers)`; the module sets
`func` on its parser. Usage errors exit 2 (argparse's convention), a bad scenario exits 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from autonomy_game import __version__
from autonomy_game.cli.common import one_line_errors

COMMAND_MODULES = (
    "play",
    "list_cmd",
    "validate_cmd",
    "simulate_cmd",
    "balance_cmd",
    "screenshot_cmd",
    "report_cmd",
    "schema_cmd",
    "new_scenario_cmd",
    "new_doctrine_cmd",
    "vote_cmd",
    "host_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="autonomy-game",
        description="Autonomy: a turn-based simulation of European defence cooperation.",
    )
    parser.add_argument("--version", action="version", version=f"autonomy-game {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"autonomy_game.cli.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"autonomy_game.cli.{name}":
                continue  # command not built yet
            raise
        module.register(subparsers)
    for command in (parser, *subparsers.choices.values()):
        one_line_errors(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # No sub-command: play the default scenario, as the README promises.
        args = parser.parse_args(["play", *(argv or [])])
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
