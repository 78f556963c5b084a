"""`autonomy-game report SAVE [--out FILE.html] [--json]`: the debrief of a saved game.

The save is replayed from turn 1 (its decision log), which rebuilds every quarter's causal
ledger and every seat's decisions. HTML is the printable form; `--json` gives the same content
as data. A PDF needs a renderer this program does not ship: `--out x.pdf` refuses clearly and
says how to get one (print the HTML to PDF from the browser).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from autonomy_game.cli.counterfactual_out import add_counterfactual_arguments, run_counterfactual


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help="write the printable debrief (HTML) of a saved game",
        description="Replay a saved game and write its debrief: outcome, goals, secret "
                    "objectives, indicator charts, every quarter's events, votes and report, "
                    "and the scenario's discussion questions. Open it in a browser and print.",
    )
    parser.add_argument("save", metavar="SAVE", nargs="?",
                        help="a save file, or a class autosave (.class.json: adds the "
                        "messages, offers and injects) (default: the last autosave)")
    parser.add_argument("--out", metavar="FILE.html", help="where to write (default: next to "
                        "the save: game.json -> game.html, any other name + .html); never the "
                        "save itself or another save. A .pdf name is refused: print the HTML "
                        "to PDF from the browser")
    parser.add_argument("--json", action="store_true", help="print the debrief as JSON "
                        "(quarters with changes and causes, seats with their decisions) "
                        "instead of writing HTML; with --out, write the JSON there")
    add_counterfactual_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from autonomy_game.debrief.page import debrief_html
    from autonomy_game.engine.saves import SaveError, autosave_path, load_game, saves_dir, saves_in

    if args.save:
        source = Path(args.save)
    else:  # the newest save of the player's folder (named slots), else the old single file
        newest = saves_in(saves_dir())
        source = newest[0] if newest else autosave_path()
    what = not_a_save(source)
    if what is not None:
        print(f"autonomy-game report: error: {source} {what}", file=sys.stderr)
        return 1
    if args.decisions or args.counterfactual is not None:
        return run_counterfactual(args, source)
    if args.out and Path(args.out).suffix.lower() == ".pdf":
        print("autonomy-game report: error: PDF output is not available (no PDF renderer is "
              "installed with this program). Write the HTML (--out debrief.html), open it in "
              "a browser and print it to PDF.", file=sys.stderr)
        return 2
    as_json = bool(getattr(args, "json", False))
    out = Path(args.out) if args.out else (None if as_json else default_output(source))
    refusal = output_refusal(source, out) if out is not None else None
    if refusal is not None:
        print(f"autonomy-game report: error: {refusal}", file=sys.stderr)
        return 2
    class_log = None
    try:
        if source.name.endswith(".class.json"):  # a class autosave: the game and its log
            from autonomy_game.classroom.persist import ResumeError, resume

            try:
                room = resume(source)
            except ResumeError as error:
                raise SaveError(str(error)) from None
            game, class_log = room.game, room.log
        else:
            game = load_game(source)
    except SaveError as error:
        print(f"autonomy-game report: error: {error}", file=sys.stderr)
        return 1
    if as_json:
        import json

        from autonomy_game.debrief.content import complete_game, debrief_data

        text = json.dumps(debrief_data(complete_game(game)), ensure_ascii=False, indent=1)
        if out is None:
            print(text)
            return 0
    from autonomy_game.engine.saves import write_atomically

    try:
        if as_json:
            write_atomically(out, text.encode("utf-8"))
        else:
            html = debrief_html(game, class_log)
            write_atomically(out, html.encode("utf-8"))
    except OSError as error:
        print(f"autonomy-game report: error: cannot write {out}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    print(f"wrote {out} ({game.scenario.title}, {game.outcome}, {len(game.reports)} quarters)")
    return 0


def not_a_save(source: Path) -> str | None:
    """What `source` is when it is plainly not a save (a folder, a scenario file), so the
    message says so rather than calling it a damaged save; None when it may be one."""
    if source.is_dir():
        return ("is a folder, not a save; give a save file (saves are .json files, e.g. "
                "in the folder `autonomy-game report` uses by default)")
    if source.suffix.lower() in (".yaml", ".yml"):
        return ("is a YAML file (a scenario or doctrine?), not a save; play it with "
                "`autonomy-game play`, then report on the save it leaves")
    return None


def default_output(source: Path) -> Path:
    """`game.json` -> `game.html`; any other name gets `.html` added (`game.sav.html`), so
    the default can never be the save itself."""
    if source.suffix.lower() == ".json":
        return source.with_suffix(".html")
    return source.with_name(source.name + ".html")


def output_refusal(source: Path, out: Path) -> str | None:
    """Why the debrief must not be written to `out`, or None. It never replaces its input,
    any save, or anything that is not a regular file."""
    from autonomy_game.engine.saves import SAVE_FORMAT

    try:
        same = out.exists() and source.exists() and os.path.samefile(out, source)
    except OSError:
        same = False
    if same or out.absolute() == source.absolute():
        return f"the output {out} is the save being read; choose another --out"
    if not out.exists():
        return None
    if not out.is_file():
        return f"the output {out} is not a regular file"
    try:
        with out.open("rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        return f"the output {out} cannot be checked ({error.strerror or error})"
    if SAVE_FORMAT.encode() in head:
        return f"the output {out} is a saved game; it is never overwritten (choose another --out)"
    return None
