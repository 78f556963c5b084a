"""`autonomy-game screenshot`: play N turns with the AI, render one screen off-screen, save PNG."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autonomy_game.cli.common import ScenarioUnavailable, bounded_int, load_or_report

VIEWS = ("start", "map", "council", "orders", "event", "report", "end", "handover", "secret",
         "preview", "whatif")
LENS_KEYS = ("defence", "threat_east", "threat_south", "threat_hybrid", "threat_china",
             "atlanticism", "support", "gaps")


def parse_size(text: str) -> tuple[int, int]:
    """'1280x720' -> (1280, 720); at least 640×400, at most 7680×4320."""
    try:
        w_text, h_text = text.lower().replace("×", "x").split("x")
        w, h = int(w_text), int(h_text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1280x720, not {text!r}") from None
    if not (640 <= w <= 7680 and 400 <= h <= 4320):
        raise argparse.ArgumentTypeError(f"size {w}x{h} is outside 640x400 … 7680x4320")
    return w, h


non_negative = bounded_int(0)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "screenshot", help="render a screen off-screen to a PNG",
        description="Play N turns with the AI on every seat, then render one screen "
                    "off-screen and save it as PNG. The council, orders and event views "
                    "need a seat at the table: there one state (the scenario's first "
                    "suggested human seat) is human and takes the advisor's suggestion at "
                    "every step; the start view shows the scenario's suggested seats.")
    parser.add_argument("scenario", metavar="SCENARIO", help="bundled scenario id or a file")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE.png",
                        help="where to write the PNG")
    parser.add_argument("--view", choices=VIEWS, default="map", help="which screen (map)")
    parser.add_argument("--turns", type=non_negative, default=0, metavar="N",
                        help="turns the AI plays first (0)")
    parser.add_argument("--size", type=parse_size, default=(1280, 720), metavar="WxH",
                        help="image size (1280x720)")
    parser.add_argument("--seed", type=non_negative, default=1, metavar="S", help="seed (1)")
    parser.add_argument("--lens", choices=LENS_KEYS, default=None,
                        help="map lens (defence)")
    parser.add_argument("--projector", action="store_true",
                        help="projector preset: everything larger (text >= 16 px at 1280x720)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    prog = "autonomy-game screenshot"
    if args.out.suffix.lower() != ".png":
        print(f"{prog}: error: --out must end in .png", file=sys.stderr)
        return 2
    try:
        scenario = load_or_report(args.scenario)
    except ScenarioUnavailable:
        return 1
    if not args.out.parent.is_dir():
        print(f"{prog}: error: cannot write {args.out}: folder {args.out.parent} does not "
              f"exist", file=sys.stderr)
        return 1
    if args.turns > scenario.turns:
        print(f"{prog}: note: --turns {args.turns} is more than the {scenario.turns} turns of "
              f"{scenario.id}; rendering after {scenario.turns}", file=sys.stderr)
    from autonomy_game.ui.screenshot import save_screenshot

    try:
        path, played = save_screenshot(scenario, args.out, args.view, args.size,
                                       min(args.turns, scenario.turns), args.seed, args.lens,
                                       projector=args.projector)
    except OSError as error:
        print(f"{prog}: error: cannot write {args.out}: {error}", file=sys.stderr)
        return 1
    when = "before the first turn" if played == 0 else (
        f"after {played} turn{'s' if played != 1 else ''}")
    print(f"wrote {path} ({args.view}, {args.size[0]}x{args.size[1]}, {when}"
          f"{', projector' if args.projector else ''})")
    return 0
