"""Start-up stays light: the first frame imports nothing it does not draw with.

The Monte Carlo side may use compiled kernels (numba), the analysis side scipy, the
classroom its web server (aiohttp); none of them may be paid for by a player opening the
game (issue 15 item 5: first frame < 0.6 s). Each case starts a fresh interpreter with
SDL's dummy driver, runs the real `autonomy-game` entry point and stops at the first
`pygame.display.flip`, listing the modules imported by then.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numba", "llvmlite", "scipy", "aiohttp", "autonomy_game.classroom", "dask",
         "distributed", "ray",
         # the Monte Carlo side: imported when a preview, "What if…" or simulate runs
         "autonomy_game.engine.simulate", "autonomy_game.engine.preview",
         "autonomy_game.engine.counterfactual", "threadpoolctl")

FIRST_FRAME = r"""
import os, sys
import pygame
def first_flip(*args):
    print("MODULES " + " ".join(sorted(sys.modules)), flush=True)
    os._exit(0)
pygame.display.flip = first_flip
from autonomy_game.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def modules_at_first_frame(args: list[str], tmp_path: Path) -> set[str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1", HOME=str(tmp_path),
               AUTONOMY_GAME_HOME=str(tmp_path / "home"),
               XDG_DATA_HOME=str(tmp_path / "data"), APPDATA=str(tmp_path / "appdata"),
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"),
                                           os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", FIRST_FRAME, *args], env=env,
                         capture_output=True, text=True, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("MODULES "):
            return set(line.split()[1:])
    raise AssertionError(f"no first frame from autonomy-game {' '.join(args)}: "
                         f"exit {out.returncode}\n{out.stderr[-3000:]}")


def heavy_among(modules: set[str]) -> list[str]:
    return sorted(m for m in modules for heavy in HEAVY
                  if m == heavy or m.startswith(heavy + "."))


@pytest.mark.parametrize("args", [[], ["play", "us-withdrawal", "--humans", "PL,DE"]],
                         ids=["start-screen", "play-us-withdrawal"])
def test_first_frame_imports_no_numba_scipy_aiohttp_classroom_or_monte_carlo(args, tmp_path):
    modules = modules_at_first_frame(args, tmp_path)
    assert "autonomy_game.ui.app" in modules  # the frame really came from the game
    assert heavy_among(modules) == []


def test_the_check_sees_a_heavy_import(tmp_path):
    """The same probe does report a module the first frame pulls in (the test can fail)."""
    modules = modules_at_first_frame(["play", "us-withdrawal"], tmp_path)
    assert heavy_among(modules | {"scipy.stats", "autonomy_game.classroom.server"}) == [
        "autonomy_game.classroom.server", "scipy.stats"]


# `simulate --runs 1` (issue 15 item 5: < 0.4 s) plays one game on this process: it needs
# no window, no other sub-command, no process pool and no BLAS thread control.
SIMULATE_NEEDS_NOT = ("pygame", "autonomy_game.ui", "autonomy_game.classroom",
                      "autonomy_game.explain", "multiprocessing", "concurrent.futures",
                      "threadpoolctl", "numpy.ma", "numba", "scipy", "dask")

AFTER_MAIN = r"""
import sys
from autonomy_game.cli.main import main
code = main(sys.argv[1:])
print("MODULES " + " ".join(sorted(sys.modules)), flush=True)
sys.exit(code)
"""


def modules_after(args: list[str], tmp_path: Path) -> tuple[set[str], str]:
    env = dict(os.environ, HOME=str(tmp_path), AUTONOMY_GAME_HOME=str(tmp_path / "home"),
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"),
                                           os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", AFTER_MAIN, *args], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    line = next(x for x in out.stdout.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:]), out.stdout


def test_simulate_one_game_imports_only_its_own_command_and_no_pool(tmp_path):
    modules, stdout = modules_after(["simulate", "tutorial", "--runs", "1"], tmp_path)
    assert "win rate" in stdout  # the game really was played and summarised
    assert "autonomy_game.cli.simulate_cmd" in modules
    others = sorted(m for m in modules if m.startswith("autonomy_game.cli.")
                    and m.endswith("_cmd") and m != "autonomy_game.cli.simulate_cmd")
    assert others == []
    assert sorted(m for m in modules for heavy in SIMULATE_NEEDS_NOT
                  if m == heavy or m.startswith(heavy + ".")) == []


def test_help_without_a_command_still_lists_every_command(tmp_path):
    from autonomy_game.cli.main import COMMANDS, build_parser

    text = build_parser().format_help()
    assert all(name in text for name in COMMANDS)
    only = build_parser("simulate").format_help()
    assert "simulate" in only and "screenshot" not in only
