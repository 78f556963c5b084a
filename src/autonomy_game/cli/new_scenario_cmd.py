"""`autonomy-game new-scenario PATH`: write a commented scenario template that validates.

The template extends the bundled EU-27 base data (`extends: base:eu27`), so it works wherever
the file is saved. An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


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
    if not path.name.endswith((".yaml", ".yml")):
        print(f"{prog}: error: {args.path}: the file name must end in .yaml", file=sys.stderr)
        return 2
    if path.exists() or path.is_symlink():
        print(f"{prog}: error: {args.path} already exists; not overwriting it", file=sys.stderr)
        return 1
    text = render_template(path.name, args.extends)
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
