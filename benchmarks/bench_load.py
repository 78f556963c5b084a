"""Scenario loading speed: libyaml against the pure-Python parser. Prints figures; asserts nothing.

For every bundled scenario, the median time to parse its file alone (`parse_yaml`) and to load
it (`load_scenario`: its file, the base data it extends, validation, the typed records), once
with libyaml composing and once on the pure-Python path (`yaml_loader.USE_LIBYAML = False`,
which is what every load cost before libyaml was used); then the listing the start screen
reads (`bundled_scenarios`) and the wall time of the whole command
`python -m autonomy_game simulate us-withdrawal --runs 1` both ways (a fresh interpreter each
run, so imports are included).

    PYTHONPATH=src python benchmarks/bench_load.py [--repeat 10] [--cli-repeat 5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from timing import median_ms  # benchmarks/timing.py (scripts run from their folder)

from autonomy_game.scenario import yaml_loader
from autonomy_game.scenario.bundled import bundled_scenarios
from autonomy_game.scenario.validate import load_scenario

SRC = Path(__file__).resolve().parent.parent / "src"
CLI_ARGS = ["simulate", "us-withdrawal", "--runs", "1"]
# The same command with the pure-Python path forced, for the "before" figure.
PURE_CLI = ("import runpy, sys; import autonomy_game.scenario.yaml_loader as y; "
            "y.USE_LIBYAML = False; sys.argv[0] = 'autonomy_game'; "
            "runpy.run_module('autonomy_game', run_name='__main__')")


def _both_ms(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(libyaml, pure Python) medians of the same call."""
    libyaml = median_ms(run, repeat)
    yaml_loader.USE_LIBYAML = False
    try:
        pure = median_ms(run, max(repeat // 2, 1))
    finally:
        yaml_loader.USE_LIBYAML = True
    return libyaml, pure


def _cli_ms(command: list[str], repeat: int) -> float:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    env.setdefault("SDL_VIDEODRIVER", "dummy")
    env.setdefault("SDL_AUDIODRIVER", "dummy")

    def run() -> None:
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)

    return median_ms(run, repeat)


def _line(label: str, libyaml: float, pure: float) -> str:
    return f"  {label:<46} {libyaml:8.2f} ms  {pure:8.2f} ms  {pure / libyaml:5.1f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--cli-repeat", type=int, default=5)
    args = parser.parse_args()

    if not yaml_loader.USE_LIBYAML:
        print("libyaml is not available: only the pure-Python path can be measured")
        return
    print(f"{'':48} {'libyaml':>11} {'pure Python':>11}  speed-up")
    for info in bundled_scenarios():
        raw = info.path.read_bytes()
        parse = _both_ms(lambda raw=raw: yaml_loader.parse_yaml(raw, "x.yaml"), args.repeat)
        load = _both_ms(lambda info=info: load_scenario(info.id), args.repeat)
        print(_line(f"{info.id}: parse_yaml ({len(raw) // 1024} KiB)", *parse))
        print(_line(f"{info.id}: load_scenario", *load))
    print(_line("bundled_scenarios() (start screen)", *_both_ms(bundled_scenarios, args.repeat)))
    fast = _cli_ms([sys.executable, "-m", "autonomy_game", *CLI_ARGS], args.cli_repeat)
    pure = _cli_ms([sys.executable, "-c", PURE_CLI, *CLI_ARGS], args.cli_repeat)
    print(_line("python -m autonomy_game " + " ".join(CLI_ARGS[:2]), fast, pure)
          + f"  (wall, {' '.join(CLI_ARGS)})")


if __name__ == "__main__":
    main()
