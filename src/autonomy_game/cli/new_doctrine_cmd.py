"""`autonomy-game new-doctrine PATH`: write a commented doctrine template that validates.

An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


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

    path = Path(args.path)
    prog = "autonomy-game new-doctrine"
    if not path.name.endswith((".yaml", ".yml")):
        print(f"{prog}: error: {args.path}: the file name must end in .yaml", file=sys.stderr)
        return 2
    text = render_template(path.name)
    try:
        with path.open("x", encoding="utf-8") as stream:  # "x": fails rather than overwrite
            stream.write(text)
    except FileExistsError:
        print(f"{prog}: error: {args.path} already exists; not overwriting it", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{prog}: error: {args.path}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {args.path}; check it with: autonomy-game validate {args.path}")
    return 0
