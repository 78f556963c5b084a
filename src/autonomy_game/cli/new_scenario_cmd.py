"""`autonomy-game new-scenario PATH`: write a commented scenario template that validates.

The template extends the bundled EU-27 base data (`extends: base:eu27`), so it works wherever
the file is saved. An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autonomy_game.cli.new_file import already_exists, bad_yaml_name, write_new


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new-scenario", help="write a commented scenario template to start from",
        description="Write a commented, valid scenario template to PATH (never overwrites).",
    )
    parser.add_argument("path", metavar="PATH", help="file to create, e.g. my-crisis.yaml")
    parser.add_argument("--extends", default="base:eu27", metavar="BASE",
                        help="base data to extend: base:NAME (bundled) or a path relative to "
                        "PATH (default: base:eu27)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from autonomy_game.scenario.template import render_template

    path = Path(args.path)
    prog = "autonomy-game new-scenario"
    if bad_yaml_name(prog, args.path):
        return 2
    if path.exists() or path.is_symlink():
        return already_exists(prog, args.path)
    return write_new(prog, args.path, render_template(path.name, args.extends))
