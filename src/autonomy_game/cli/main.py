"""Entry point: one argparse parser with a sub-command per module.

Each sub-command lives in its own module exposing `register(subparsers)`; the module sets
`func` on its parser. Usage errors exit 2 (argparse's convention), a bad scenario exits 1.

When the command line names a sub-command, only that command's module is imported: the
others pull in the user interface, the classroom server or the HTML debrief, which
`simulate --runs 1` would otherwise pay for at every start (about 40 ms). Help without a
sub-command, or a misspelt one, builds the whole parser so every command is listed.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from autonomy_game import __version__
from autonomy_game.cli.common import one_line_errors

# Sub-command name -> the module that registers it, in the order `--help` lists them.
COMMANDS = {
    "play": "play",
    "list": "list_cmd",
    "validate": "validate_cmd",
    "simulate": "simulate_cmd",
    "balance": "balance_cmd",
    "screenshot": "screenshot_cmd",
    "report": "report_cmd",
    "schema": "schema_cmd",
    "new-scenario": "new_scenario_cmd",
    "new-doctrine": "new_doctrine_cmd",
    "vote": "vote_cmd",
    "host": "host_cmd",
}
COMMAND_MODULES = tuple(COMMANDS.values())


def named_command(argv: list[str]) -> str | None:
    """The sub-command the arguments name (the first one not starting with '-'), if known."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser for every sub-command, or for the one named `only`."""
    parser = argparse.ArgumentParser(
        prog="autonomy-game",
        description="Autonomy: a turn-based simulation of European defence cooperation.",
    )
    parser.add_argument("--version", action="version", version=f"autonomy-game {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (COMMANDS[only],) if only in COMMANDS else COMMAND_MODULES:
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
    arguments = sys.argv[1:] if argv is None else argv
    parser = build_parser(named_command(arguments) or ("play" if not arguments else None))
    args = parser.parse_args(arguments)
    if args.command is None:
        # No sub-command: play the default scenario, as the README promises.
        args = parser.parse_args(["play", *arguments])
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
