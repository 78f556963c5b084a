"""Frame time of every screen at 1280×720 and 3840×2160 (headless, software rendering).

    python benchmarks/bench_frame.py [SCENARIO] [--size 1280x720,3840x2160] [--frames 200]
                                     [--preset off,on] [--views council,map]

For each size and preset (projector off and on) it prints, per view, the median and 95th
percentile of a frame in milliseconds while the pointer moves (each frame is a mouse motion
through `App.handle`, then `App.render`: what the event loop does when hover changes), and
the same for a frame that changes the map lens (cycling through every lens).

Beside the wall time it prints the median CPU time of a frame (`time.thread_time`): on a
busy machine the wall time includes waiting for a core, the CPU time much less so. `full`
is the median CPU time of the same frame drawn in full, as after a click or a key (a frame
while only the pointer moves over a dialog reuses the scenes drawn below it).

The reference, measured in the same loop (one reference step before each frame), is one
plain full-screen blit of an opaque surface at the same size: the cheapest possible frame.
`×ref` is median frame / median reference, a figure that holds on a slower or busier
machine where the milliseconds do not. Not a test: numbers depend on the machine and load.
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

import pygame  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="us-withdrawal")
    parser.add_argument("--size", default="1280x720,3840x2160",
                        help="one or more WxH, comma-separated")
    parser.add_argument("--preset", default="off,on",
                        help="the projector preset: off, on or off,on")
    parser.add_argument("--projector", action="store_true",
                        help="the projector preset only (same as --preset on)")
    parser.add_argument("--views", default=None, help="only these views, comma-separated")
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args()
    presets = ["on"] if args.projector else args.preset.split(",")
    scenario = _scenario(args.scenario)
    print(f"scenario {scenario.id}, {len(scenario.members)} states, {args.frames} frames "
          f"per view; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print("  ms per frame while the pointer moves; ref = one full-screen blit, same loop")
    for size in args.size.split(","):
        w, h = (int(v) for v in size.split("x"))
        for preset in presets:
            run_size(args, scenario, w, h, preset == "on")
    return 0


def _scenario(name: str):
    try:
        from autonomy_game.scenario import load_scenario

        return load_scenario(name)
    except Exception:
        from tests.support.mini_scenario import mini_scenario

        scenario = mini_scenario()
        scenario.suggested_humans = ["PL"]
        return scenario


class Reference:
    """One plain full-screen blit at the frame's size: the cheapest frame there is."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.target = pygame.Surface(size)
        self.source = pygame.Surface(size)
        self.source.fill((40, 60, 80))
        self.times: list[float] = []

    def step(self) -> None:
        t0 = time.perf_counter()
        self.target.blit(self.source, (0, 0))
        self.times.append((time.perf_counter() - t0) * 1000)


def stats(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    return (statistics.median(ordered), ordered[min(len(ordered) - 1,
                                                    int(len(ordered) * 0.95))], ordered[-1])


def row(label: str, times: list[float], ref: Reference, cpu: list[float]) -> str:
    median, p95, top = stats(times)
    base = statistics.median(ref.times)
    return (f"  {label:10s} median {median:6.2f}  p95 {p95:6.2f}  max {top:6.2f}"
            f"   ×ref {median / base:6.1f} (p95 {p95 / base:6.1f})"
            f"   cpu median {statistics.median(cpu):6.2f}")


def timed(run) -> tuple[float, float]:
    """Wall and CPU milliseconds of `run()`."""
    c0, t0 = time.thread_time(), time.perf_counter()
    run()
    return (time.perf_counter() - t0) * 1000, (time.thread_time() - c0) * 1000


def pointer(w: int, h: int, k: int) -> tuple[int, int]:
    """A path over the whole window, so hover cards, tooltips and buttons light up."""
    return (w // 8 + (k * 37) % (w * 3 // 4), h // 6 + (k * 23) % (h * 2 // 3))


def run_size(args, scenario, w: int, h: int, projector: bool) -> None:
    from autonomy_game.ui.lenses import LENSES
    from autonomy_game.ui.screenshot import VIEWS, build_app

    views = args.views.split(",") if args.views else VIEWS
    print(f"{w}x{h}, projector {'on' if projector else 'off'}")
    ref = Reference((w, h))
    for view in views:
        app = build_app(scenario, view, (w, h), turns=args.turns, projector=projector)
        for _ in range(5):
            app.render()
        times, cpu = [], []
        for k in range(args.frames):
            ref.step()
            app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=pointer(w, h, k),
                                          rel=(0, 0), buttons=(0, 0, 0)))
            wall, used = timed(app.render)
            times.append(wall)
            cpu.append(used)
        # The same frames drawn in full, as after a click or a key (nothing kept from the
        # last frame: under a dialog the scenes below are drawn again).
        full = []
        for k in range(max(args.frames // 4, 5)):
            app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=pointer(w, h, k),
                                          rel=(0, 0), buttons=(0, 0, 0)))
            app._changed()
            full.append(timed(app.render)[1])
        print(row(view, times, ref, cpu) + f"   full {statistics.median(full):6.2f}")
    app = build_app(scenario, "map", (w, h), turns=args.turns, projector=projector)
    app.render()
    mv = app.services.map_view
    before = mv.render_count
    times, cpu = [], []
    for k in range(max(args.frames // 4, len(LENSES))):
        ref.step()
        app.services.session.lens = LENSES[(k + 1) % len(LENSES)].key
        wall, used = timed(app.render)
        times.append(wall)
        cpu.append(used)
    print(row("lens", times, ref, cpu) + f"   ({mv.render_count - before} maps coloured)")
    # Zoom: a wheel step in, then out, over the map (each level's shapes are kept); pan: a
    # drag (every frame a new layout, the shapes rasterised again).
    centre = mv.rect.center
    app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=centre, rel=(0, 0),
                                  buttons=(0, 0, 0)))
    times, cpu = [], []
    for k in range(max(args.frames // 4, 8)):
        ref.step()
        app.handle(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1 if k % 2 == 0 else -1))
        wall, used = timed(app.render)
        times.append(wall)
        cpu.append(used)
    print(row("zoom", times, ref, cpu) + "   (in and out by one step)")
    app.handle(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1))
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=centre, button=1))
    times, cpu = [], []
    for k in range(max(args.frames // 4, 8)):
        ref.step()
        step = 12 if k % 2 == 0 else -12
        pos = (centre[0] + (step if k % 2 == 0 else 0), centre[1])
        app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(step, 0),
                                      buttons=(1, 0, 0)))
        wall, used = timed(app.render)
        times.append(wall)
        cpu.append(used)
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=centre, button=1))
    print(row("pan", times, ref, cpu) + "   (a drag: the shapes drawn again each frame)")
    print(f"  reference  median {statistics.median(ref.times):6.3f} ms "
          f"(one {w}x{h} blit, {len(ref.times)} samples)")


if __name__ == "__main__":
    raise SystemExit(main())
