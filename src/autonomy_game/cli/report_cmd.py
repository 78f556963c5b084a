"""`autonomy-game report SAVE [--out FILE.html]`: the printable debrief of a saved game."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help="write the printable debrief (HTML) of a saved game",
        description="Replay a saved game and write its debrief: outcome, goals, secret "
                    "objectives, indicator charts, every quarter's events, votes and report, "
                    "and the scenario's discussion questions. Open it in a browser and print.",
    )
    parser.add_argument("save", metavar="SAVE", nargs="?",
                        help="a save file (default: the last autosave)")
    parser.add_argument("--out", metavar="FILE.html", help="where to write (default: next to "
                        "the save, with .html)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from autonomy_game.debrief.page import debrief_html
    from autonomy_game.engine.saves import SaveError, autosave_path, load_game

    source = Path(args.save) if args.save else autosave_path()
    try:
        game = load_game(source)
    except SaveError as error:
        print(f"autonomy-game report: error: {error}", file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else source.with_suffix(".html")
    try:
        out.write_text(debrief_html(game), encoding="utf-8")
    except OSError as error:
        print(f"autonomy-game report: error: cannot write {out}: {error.strerror}",
              file=sys.stderr)
        return 1
    print(f"wrote {out} ({game.scenario.title}, {game.outcome}, {len(game.reports)} quarters)")
    return 0
