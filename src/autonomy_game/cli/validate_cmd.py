"""`autonomy-game validate PATH...`: check scenario and base data files for an author.

Every problem of every file is printed (at most 50 per file, then `… and N more errors`),
one per line as `path:line:col: error: message` on
stderr (editors and terminals turn that into links); each valid file gets a one-line summary on
stdout. Exit 0 when all files are valid, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate", help="check scenario files and report every problem with file:line:col",
        description="Check scenario (or base data) files. Prints every problem as "
        "path:line:col: error: message and exits 1 if there is any; prints a summary per valid "
        "file and exits 0 otherwise.",
    )
    parser.add_argument("paths", metavar="PATH", nargs="+",
                        help="scenario YAML file, or the id of a bundled scenario")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from autonomy_game.scenario.bundled import looks_like_path, resolve_scenario_argument
    from autonomy_game.scenario.errors import ScenarioLoadError, printed_lines
    from autonomy_game.scenario.merge import display_path
    from autonomy_game.scenario.validate import check_file

    failed = False
    for argument in args.paths:
        try:
            path = resolve_scenario_argument(argument)
        except ScenarioLoadError as error:
            for problem in error.errors:
                print(problem, file=sys.stderr)
            failed = True
            continue
        display = argument if looks_like_path(argument) else display_path(path)
        result = check_file(path, display)
        for line in printed_lines(result.errors, result.dropped):
            print(line, file=sys.stderr)
        if result.errors:
            failed = True
            print(result.summary(), file=sys.stderr)
        else:
            print(result.summary())
    return 1 if failed else 0
