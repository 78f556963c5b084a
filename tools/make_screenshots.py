"""Render the screenshots in docs/screenshots: every view at 1280×720 with the projector
preset off (VIEW.png) and on (VIEW-projector.png), a few at 1920×1080 and 3840×2160
(VIEW-1920.png, VIEW-4k.png), all as palette PNGs (tools/png_palette.py) to keep the folder
small.

    python tools/make_screenshots.py [SCENARIO] [--turns 3]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "tools")]

# Views whose plain screenshot the README shows with settings of their own (the preview and
# what-if pages): only their projector versions are written here.
KEEP = ("preview", "whatif")
EXTRA = (("tutorial", "event", 0, "tutorial-hint"),)  # (scenario, view, turns, name)
LARGE = {(1920, 1080): ("council", "map", "orders"), (3840, 2160): ("council", "report",
                                                                    "map", "start")}


def main() -> int:
    import numpy as np
    import pygame
    from png_palette import palette_png
    from tests.support.layout_audit import resize

    from autonomy_game.scenario import load_scenario
    from autonomy_game.ui.screenshot import VIEWS, build_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="us-withdrawal")
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    out = ROOT / "docs" / "screenshots"
    out.mkdir(exist_ok=True)
    for view in VIEWS:
        app = build_app(scenario, view, (1280, 720), turns=args.turns)
        shots = [((1280, 720), True, f"{view}-projector.png")]
        if view not in KEEP:
            shots.insert(0, ((1280, 720), False, f"{view}.png"))
        for size, views in LARGE.items():
            if view in views:
                shots.append((size, False, f"{view}-{'4k' if size[0] > 2000 else size[0]}"
                              ".png"))
        for size, projector, name in shots:
            resize(app, size, projector)
            app.render()
            rgb = pygame.surfarray.array3d(app.surface).transpose(1, 0, 2)
            data = palette_png(np.ascontiguousarray(rgb))
            (out / name).write_bytes(data)
            print(f"{name}: {len(data) // 1024} KiB")
    for scenario_id, view, turns, name in EXTRA:
        app = build_app(load_scenario(scenario_id), view, (1280, 720), turns=turns)
        for projector, suffix in ((False, ""), (True, "-projector")):
            resize(app, (1280, 720), projector)
            app.render()
            rgb = pygame.surfarray.array3d(app.surface).transpose(1, 0, 2)
            data = palette_png(np.ascontiguousarray(rgb))
            (out / f"{name}{suffix}.png").write_bytes(data)
            print(f"{name}{suffix}.png: {len(data) // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
