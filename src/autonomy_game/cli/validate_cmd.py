"""`autonomy-game validate PATH...`: check scenario, base data and doctrine files for an author.

A file with a top-level `doctrine:` key is a doctrine (docs/doctrine-format.md); its warnings
(ids found in no bundled scenario, say) are printed as `path:line:col: warning: ...` and do
not fail it.

Warnings (scenario/lints.py: probable mistakes that still make a valid file, such as a
variable read but never written) print as `path:line:col: warning: ...`; they fail the run
only with `--strict`.

Every problem of every file is printed (at most 50 per file, then `… and N more errors`),
one per line as `path:line:col: error: message` on
stderr (editors and terminals turn that into links); each valid file gets a one-line summary on
stdout. Exit 0 when all files are valid, 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate", help="check scenario and doctrine files and report every problem with "
        "file:line:col",
        description="Check scenario, base data or doctrine files. Prints every problem as "
        "path:line:col: error: message and exits 1 if there is any; prints a summary per valid "
        "file and exits 0 otherwise.",
    )
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings (probable mistakes such as a variable read but "
                        "never written) as errors: exit 1 if there is any")
    parser.add_argument("paths", metavar="PATH", nargs="+",
                        help="scenario or doctrine YAML file, or the id of a bundled scenario "
                        "or shipped doctrine")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from autonomy_game.scenario.bundled import looks_like_path, resolve_scenario_argument
    from autonomy_game.scenario.errors import ScenarioLoadError, printed_lines
    from autonomy_game.scenario.merge import display_path
    from autonomy_game.scenario.validate import check_file

    failed = False
    for argument in args.paths:
        doctrine = doctrine_path(argument)
        if doctrine is not None:
            failed |= not _validate_doctrine(argument, doctrine)
            continue
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
        for line in printed_lines(result.warnings, noun="warning"):
            print(line, file=sys.stderr)
        if result.errors or (args.strict and result.warnings):
            failed = True
            print(result.summary(), file=sys.stderr)
        else:
            print(result.summary())
    return 1 if failed else 0


_DOCTRINE_MARKER = re.compile(rb"(?m)^doctrine[ \t]*:")


def doctrine_path(argument: str) -> Path | None:
    """The file to check as a doctrine: a path whose text has a top-level `doctrine:` key,
    or the id of a shipped doctrine that is not also a bundled scenario; else None."""
    from autonomy_game.doctrine.shipped import shipped_doctrines
    from autonomy_game.scenario.bundled import bundled_scenarios, looks_like_path

    if looks_like_path(argument):
        path = Path(argument)
        try:
            with path.open("rb") as stream:
                head = stream.read(65536)
        except (OSError, ValueError):
            return None
        return path if _DOCTRINE_MARKER.search(head) else None
    if argument in {info.id for info in bundled_scenarios()}:
        return None
    return shipped_doctrines().get(argument)


def _validate_doctrine(argument: str, path: Path) -> bool:
    from autonomy_game.doctrine.load import check_doctrine_file
    from autonomy_game.scenario.bundled import looks_like_path
    from autonomy_game.scenario.merge import display_path

    display = argument if looks_like_path(argument) else display_path(path)
    result = check_doctrine_file(path, display)
    for problem in [*result.errors, *result.warnings]:
        print(problem, file=sys.stderr)
    print(result.summary(), file=sys.stderr if result.errors else sys.stdout)
    return result.ok
