"""Start-up: time to the first frame, `simulate --runs 1` whole command, and the import profile.

    python benchmarks/bench_startup.py [--repeat 7] [--importtime 15]

Each figure is the median wall time of a fresh process (SDL's dummy video driver, so no
window is needed), from just before the process is started to:

- the first frame of `autonomy-game` (the start screen) and of `autonomy-game play
  us-withdrawal` (the game's first quarter): the moment the first frame is flipped to the
  window (`pygame.display.flip` is wrapped by a tiny launcher that records the time and exits);
- the exit of `autonomy-game simulate us-withdrawal --runs 1`.

The reference, measured in the same run, is `python -c pass` and `python -c "import numpy"`:
what any Python program with numpy pays, so the ratios hold on a slower or loaded machine.
Each line also gives the median CPU time (user + system) of the same processes, which a busy
machine inflates much less than the wall time.
Byte-code caching is on (as in an installed wheel): one warm-up run of each command first.

Then the slowest imports of the first frame (`python -X importtime`, cumulative µs) and
whether anything the first frame does not need (numba, scipy, aiohttp, the classroom
server, dask, ray) was imported. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs in the child: wrap `pygame.display.flip` so the first flip prints the wall clock
# and which modules were imported, then exits at once.
LAUNCHER = r"""
import os, sys, time
import pygame
def _first_flip(*args):
    print(f"FIRST_FRAME {time.time():.6f}")
    print("MODULES " + " ".join(sorted(sys.modules)))
    sys.stdout.flush()
    os._exit(0)
pygame.display.flip = _first_flip
from autonomy_game.cli.main import main
sys.exit(main(sys.argv[1:]))
"""

NOT_ON_THE_INTERACTIVE_PATH = ("numba", "scipy", "aiohttp", "autonomy_game.classroom",
                               "dask", "distributed", "ray", "jsonschema")


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed wheel has its .pyc files
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1",
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]))
    return env


CPU: list[float] = []  # CPU seconds (user + system) of each child, in the order run


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_first_frame(args: list[str]) -> tuple[float, list[str]]:
    """Seconds from starting the process to its first flipped frame, and its modules."""
    c0 = children_cpu()
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", LAUNCHER, *args], env=child_env(),
                         capture_output=True, text=True, timeout=120)
    CPU.append(children_cpu() - c0)
    stamp = None
    modules: list[str] = []
    for line in out.stdout.splitlines():
        if line.startswith("FIRST_FRAME "):
            stamp = float(line.split()[1])
        elif line.startswith("MODULES "):
            modules = line.split()[1:]
    if stamp is None:
        raise RuntimeError(f"no frame from {args}: {out.stderr[-2000:]}")
    return stamp - t0, modules


def time_command(argv: list[str]) -> float:
    c0 = children_cpu()
    t0 = time.perf_counter()
    subprocess.run(argv, env=child_env(), check=True, stdout=subprocess.DEVNULL,
                   timeout=120)
    CPU.append(children_cpu() - c0)
    return time.perf_counter() - t0


def median_of(run, repeat: int) -> tuple[float, float, float]:
    """Median, min and max wall seconds of `repeat` runs; the median CPU seconds of the
    same runs is left in `last_cpu` (on a busy machine the wall time includes waiting for a
    core, the CPU time much less so)."""
    global last_cpu
    run()  # warm-up: byte-code caches, the OS's file cache
    CPU.clear()
    values = sorted(run() for _ in range(repeat))
    last_cpu = statistics.median(CPU)
    return statistics.median(values), values[0], values[-1]


last_cpu = 0.0


def import_profile(args: list[str], top: int) -> None:
    """The slowest imports (cumulative) of the first frame, from `python -X importtime`."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", LAUNCHER, *args],
                         env=child_env(), capture_output=True, text=True, timeout=120)
    rows = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = [p.strip() for p in line[len("import time:"):].split("|")]
        if not parts[0].isdigit():
            continue
        rows.append((int(parts[1]), int(parts[0]), parts[2]))
    total = sum(own for _, own, _ in rows)
    print(f"  imports of `autonomy-game {' '.join(args)}` up to the first frame: "
          f"{len(rows)} modules, {total / 1000:.0f} ms own time; slowest (cumulative):")
    for cumulative, own, name in sorted(rows, reverse=True)[:top]:
        print(f"    {cumulative / 1000:7.1f} ms  (own {own / 1000:5.1f})  {name.strip()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--importtime", type=int, default=15, metavar="N",
                        help="list the N slowest imports (0: none)")
    args = parser.parse_args()
    py = sys.executable
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores; median of "
          f"{args.repeat} fresh processes (min–max)")
    ref, lo, hi = median_of(lambda: time_command([py, "-c", "pass"]), args.repeat)
    print(f"  reference `python -c pass`          {ref:6.3f} s ({lo:.3f}–{hi:.3f})   "
          f"cpu {last_cpu:.3f} s")
    numpy_ref, lo, hi = median_of(lambda: time_command([py, "-c", "import numpy"]),
                                  args.repeat)
    numpy_cpu = last_cpu
    print(f"  reference `python -c 'import numpy'` {numpy_ref:6.3f} s ({lo:.3f}–{hi:.3f})   "
          f"cpu {numpy_cpu:.3f} s")
    for label, cmd in (("first frame, start screen", []),
                       ("first frame, play us-withdrawal", ["play", "us-withdrawal"])):
        med, lo, hi = median_of(lambda cmd=cmd: time_first_frame(cmd)[0], args.repeat)
        print(f"  {label:35s} {med:6.3f} s ({lo:.3f}–{hi:.3f})   "
              f"{med / numpy_ref:4.1f}× import numpy   cpu {last_cpu:.3f} s "
              f"({last_cpu / numpy_cpu:.1f}×)   target < 0.6 s")
        _, modules = time_first_frame(cmd)
        heavy = sorted({m for m in modules for bad in NOT_ON_THE_INTERACTIVE_PATH
                        if m == bad or m.startswith(bad + ".")})
        print(f"    {len(modules)} modules imported; not needed but imported: "
              f"{', '.join(heavy) if heavy else 'none'}")
    simulate = [py, "-m", "autonomy_game", "simulate", "us-withdrawal", "--runs", "1"]
    med, lo, hi = median_of(lambda: time_command(simulate), args.repeat)
    print(f"  {'simulate us-withdrawal --runs 1':35s} {med:6.3f} s ({lo:.3f}–{hi:.3f})   "
          f"{med / numpy_ref:4.1f}× import numpy   cpu {last_cpu:.3f} s "
          f"({last_cpu / numpy_cpu:.1f}×)   target < 0.4 s")
    if args.importtime:
        import_profile([], args.importtime)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
