"""`autonomy-game new-doctrine PATH`: write a commented doctrine template that validates.

An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autonomy_game.cli.new_file import bad_yaml_name, write_new


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new-doctrine", help="write a commented doctrine (scripted strategy) to start from",
        description="Write a commented, valid doctrine template to PATH (never overwrites). "
        "The format is described in docs/doctrine-format.md.",
    )
    parser.add_argument("path", metavar="PATH", help="file to create, e.g. my-doctrine.yaml")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from autonomy_game.doctrine.template import render_template

    prog = "autonomy-game new-doctrine"
    if bad_yaml_name(prog, args.path):
        return 2
    return write_new(prog, args.path, render_template(Path(args.path).name))
