"""Render the screenshots in docs/screenshots: every view (ui/screenshot.py VIEWS) at
1280×720, 1920×1080 and 3840×2160, with the projector preset off and on, as palette PNGs
(tools/png_palette.py) to keep the folder small.

    python tools/make_screenshots.py --all           # the committed set: every view, every size
    python tools/make_screenshots.py                 # 3840×2160 only for LARGE_VIEWS
    python tools/make_screenshots.py --views map,report --sizes 3840x2160

Names: VIEW-WxH.png and VIEW-WxH-projector.png (e.g. council-1920x1080-projector.png), plus
the tutorial's hint card (tutorial-hint-1280x720*.png) and the quarter report with a state's
causes opened (report-causes-1280x720*.png). The committed set has every view at the three
sizes with the preset off and on (`--all`, about 8 MB); without `--all` only the views a class
looks at longest (LARGE_VIEWS: map, Council, quarter report, end screen) are written at 4K. The game
is us-withdrawal, seed 1, after 3 AI-played turns (`screenshot`'s rules for each view).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "tools")]

SIZES = ((1280, 720), (1920, 1080), (3840, 2160))
LARGE_VIEWS = ("map", "council", "report", "end")  # at 3840×2160 in the committed set


def shot_name(view: str, size: tuple[int, int], projector: bool) -> str:
    return f"{view}-{size[0]}x{size[1]}{'-projector' if projector else ''}.png"


def planned(views: list[str], sizes: list[tuple[int, int]], every: bool
            ) -> list[tuple[str, tuple[int, int], bool]]:
    """(view, size, projector) of each picture to write."""
    out = []
    for view in views:
        for size in sizes:
            if size[0] > 2000 and not every and view not in LARGE_VIEWS:
                continue
            out += [(view, size, False), (view, size, True)]
    return out


def _write(app, out: Path, name: str) -> int:
    import numpy as np
    import pygame
    from png_palette import palette_png

    rgb = pygame.surfarray.array3d(app.surface).transpose(1, 0, 2)
    data = palette_png(np.ascontiguousarray(rgb))
    (out / name).write_bytes(data)
    return len(data)


def _open_a_states_causes(app) -> None:
    """The report scrolled to its state lines with one AI state opened (its causes in the
    list and in the right-hand panel)."""
    scene = app.top
    scene.scroll["report"] = 10**6
    app.render()
    app.render()  # the view clamps the offset to the end
    zones = [z for z in app.zones if isinstance(z.action, tuple)
             and z.action[0] == "state_causes"]
    if zones:
        zone = zones[-1]  # the last state's line: opened, its causes end the list
        app.apply(scene.on_action(zone.action, zone.rect.center))
        scene.scroll["report"] = 10**6
        app.render()


def main(argv: list[str] | None = None) -> int:
    from tests.support.layout_audit import resize

    from autonomy_game.scenario import load_scenario
    from autonomy_game.ui.screenshot import VIEWS, build_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="us-withdrawal")
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--all", action="store_true",
                        help="every view at 3840×2160 too (not only LARGE_VIEWS)")
    parser.add_argument("--views", default=",".join(VIEWS),
                        help="comma-separated views (default: all)")
    parser.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in SIZES),
                        help="comma-separated WxH (default: the three sizes)")
    parser.add_argument("--no-extras", action="store_true",
                        help="skip the tutorial hint and the opened report causes")
    args = parser.parse_args(argv)
    views = [v for v in args.views.split(",") if v]
    unknown = sorted(set(views) - set(VIEWS))
    if unknown:
        parser.error(f"unknown view(s) {', '.join(unknown)}; choose from {', '.join(VIEWS)}")
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",") if s]
    args.out.mkdir(parents=True, exist_ok=True)
    scenario = load_scenario(args.scenario)
    total = 0
    started = time.perf_counter()
    plan = planned(views, sizes, args.all)
    for view in views:
        shots = [(size, projector) for v, size, projector in plan if v == view]
        if not shots:
            continue
        app = build_app(scenario, view, (1280, 720), turns=args.turns)
        for size, projector in shots:
            resize(app, size, projector)
            app.render()
            name = shot_name(view, size, projector)
            written = _write(app, args.out, name)
            total += written
            print(f"{name}: {written // 1024} KiB")
    if not args.no_extras:
        extras = (("tutorial", "event", 0, "tutorial-hint", None),
                  (args.scenario, "report", args.turns, "report-causes", _open_a_states_causes))
        for scenario_id, view, turns, stem, prepare in extras:
            app = build_app(load_scenario(scenario_id), view, (1280, 720), turns=turns)
            for projector in (False, True):
                resize(app, (1280, 720), projector)
                app.render()
                if prepare is not None:
                    prepare(app)
                    app.render()
                name = shot_name(stem, (1280, 720), projector)
                written = _write(app, args.out, name)
                total += written
                print(f"{name}: {written // 1024} KiB")
    print(f"{total / 2**20:.1f} MiB in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
