"""Frame time of every screen at 1280×720 and 3840×2160 (headless, software rendering).

    python benchmarks/bench_frame.py [SCENARIO] [--size 1280x720,3840x2160] [--frames 200]
                                     [--projector]

Prints milliseconds per full frame (everything redrawn: base-map blit, overlays, panels,
text) for each view, after the caches are warm, plus the cost of a base-map rebuild (what a
lens or size change costs once). Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="us-withdrawal")
    parser.add_argument("--size", default="1280x720,3840x2160",
                        help="one or more WxH, comma-separated")
    parser.add_argument("--projector", action="store_true", help="the projector preset")
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args()
    for size in args.size.split(","):
        w, h = (int(v) for v in size.split("x"))
        run_size(args, w, h)
    return 0


def run_size(args, w: int, h: int) -> None:

    from autonomy_game.ui.screenshot import build_app

    try:
        from autonomy_game.scenario import load_scenario

        scenario = load_scenario(args.scenario)
    except Exception:
        from tests.support.mini_scenario import mini_scenario

        scenario = mini_scenario()
        scenario.suggested_humans = ["PL"]
    print(f"scenario {scenario.id}, {len(scenario.members)} states, {w}x{h}"
          f"{' projector' if args.projector else ''}, {args.frames} frames per view")
    from autonomy_game.ui.screenshot import VIEWS

    for view in VIEWS:
        app = build_app(scenario, view, (w, h), turns=args.turns, projector=args.projector)
        for _ in range(5):
            app.render()
        times = []
        for k in range(args.frames):
            # Move the pointer so hover cards and tooltips are part of the frame.
            app.mouse = (w // 3 + (k % 40) * 5, h // 2)
            t0 = time.perf_counter()
            app.render()
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        print(f"  {view:8s} median {statistics.median(times):6.2f} ms   "
              f"p95 {times[int(len(times) * 0.95)]:6.2f} ms   max {times[-1]:6.2f} ms")
    app = build_app(scenario, "map", (w, h), turns=args.turns, projector=args.projector)
    app.render()
    mv = app.services.map_view
    t0 = time.perf_counter()
    n = 20
    for k in range(n):
        app.services.session.lens = ("defence", "support")[k % 2]
        app.render()
    print(f"  map with a lens change every frame (base map rebuilt): "
          f"{(time.perf_counter() - t0) * 1000 / n:.2f} ms per frame "
          f"({mv.render_count} rebuilds)")


if __name__ == "__main__":
    raise SystemExit(main())
