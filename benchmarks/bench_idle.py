"""CPU used by an idle game window on a real display (issue 15: idle CPU ≈ 0).

    python benchmarks/bench_idle.py [--display :0] [--settle 4] [--seconds 10]
                                    [-- autonomy-game arguments, e.g. play us-withdrawal]

Starts `autonomy-game` (the start screen by default) on an X display, waits `--settle`
seconds for it to open and draw, then reads the process's CPU time (user + system, from
/proc) over `--seconds` seconds in which nothing happens, and stops it. With no display
(`DISPLAY` unset and no `--display`) it says so: SDL's dummy driver polls, so a headless
figure would mean nothing. A virtual X server does: `Xvfb :77 &` then `--display :77`.
Linux only (/proc).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--display", default=os.environ.get("DISPLAY"))
    parser.add_argument("--settle", type=float, default=4.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("game_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if not args.display:
        print("no display: set DISPLAY or --display (e.g. a virtual one: Xvfb :77 &)")
        return 1
    game_args = [a for a in args.game_args if a != "--"]
    env = dict(os.environ, DISPLAY=args.display, SDL_AUDIODRIVER="dummy",
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    env.pop("SDL_VIDEODRIVER", None)
    child = subprocess.Popen([sys.executable, "-m", "autonomy_game", *game_args], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(args.settle)
        if child.poll() is not None:
            print(f"the game exited: {child.stderr.read()[-1000:]}")
            return 1
        start_cpu, start = cpu_seconds(child.pid), time.perf_counter()
        time.sleep(args.seconds)
        used = cpu_seconds(child.pid) - start_cpu
        wall = time.perf_counter() - start
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(5)
            except subprocess.TimeoutExpired:
                child.kill()
    print(f"autonomy-game {' '.join(game_args)} idle on display {args.display}: "
          f"{used * 1000:.0f} ms CPU in {wall:.1f} s = {used / wall * 100:.2f} % of a core "
          f"(clock tick {1000 / os.sysconf('SC_CLK_TCK'):.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
