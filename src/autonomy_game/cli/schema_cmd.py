"""`autonomy-game schema`: print the JSON Schema of the scenario format, for editors."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schema", help="print the JSON Schema (draft-07) of scenario files",
        description="Print the JSON Schema of the scenario format. Save it next to your "
        "scenario (autonomy-game schema > scenario.schema.json) and start the scenario with "
        "'# yaml-language-server: $schema=./scenario.schema.json' for editor help.",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from autonomy_game.scenario.schema import SCHEMA_PATH

    print(SCHEMA_PATH.read_text(encoding="utf-8"), end="")
    return 0
