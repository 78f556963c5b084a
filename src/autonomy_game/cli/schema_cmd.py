"""`autonomy-game schema [--doctrine]`: print the JSON Schema of the scenario (or doctrine)
format, for editors."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schema", help="print the JSON Schema (draft-07) of scenario (or doctrine) files",
        description="Print the JSON Schema of the scenario format. Save it next to your "
        "scenario (autonomy-game schema > scenario.schema.json) and start the scenario with "
        "'# yaml-language-server: $schema=./scenario.schema.json' for editor help.",
    )
    parser.add_argument("--doctrine", action="store_true",
                        help="the schema of doctrine files (scripted strategies) instead")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "doctrine", False):
        from autonomy_game.doctrine.schema import SCHEMA_PATH
    else:
        from autonomy_game.scenario.schema import SCHEMA_PATH

    print(SCHEMA_PATH.read_text(encoding="utf-8"), end="")
    return 0
