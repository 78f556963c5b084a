"""`autonomy-game host SCENARIO`: run a class (see classroom/)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autonomy_game.cli.common import bounded_int, load_or_report


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "host", help="run a class: groups play from their phones or laptops",
        description="Host a class: this computer runs the game and shows the room view; each "
        "group opens the address shown and types its join code; the teacher's console has "
        "its own code. Listens on this computer only unless --lan is given.")
    p.add_argument("scenario", nargs="?", default="us-withdrawal",
                   help="scenario id or path (default: us-withdrawal)")
    p.add_argument("--teams", default="", help="the states the groups play, e.g. PL,DE,FR "
                   "(default: the scenario's suggested seats)")
    p.add_argument("--port", type=bounded_int(0, 65535), default=8765,
                   help="port (default 8765; 0 picks a free one)")
    p.add_argument("--lan", action="store_true",
                   help="listen on the local network (default: this computer only)")
    p.add_argument("--resume", nargs="?", const="latest", default=None, metavar="SAVE",
                   help="continue the last class autosave (or the .class.json given)")
    p.add_argument("--seed", type=bounded_int(0), default=None, help="random seed")
    p.add_argument("--no-window", action="store_true",
                   help="no room view window (serve only; the room view is then at /)")
    p.add_argument("--saves", type=Path, default=None,
                   help="folder for the class autosaves (default: the saves folder)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from autonomy_game.classroom import host

    try:
        session = host.prepare(args, load_or_report)
    except host.HostError as error:
        print(f"autonomy-game host: error: {error}", file=sys.stderr)
        return 1
    return host.serve(session, window=not args.no_window)
