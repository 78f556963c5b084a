"""Save and load speed: the fast path (snapshot + this turn's decisions) against a full replay.

A finished `us-withdrawal` game (two human seats on the advisor's defaults) is saved, then
loaded both ways with the scenario already parsed, so the figures are the engine's and not
the YAML loader's (that is timed on its own line). Prints figures; asserts nothing.

    PYTHONPATH=src python benchmarks/bench_saves.py [--repeat 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from timing import median_ms  # benchmarks/timing.py (scripts run from their folder)

from autonomy_game.engine.game import Game, play_to_end
from autonomy_game.engine.saves import load_game, save_game
from autonomy_game.scenario.validate import load_scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    scenario = load_scenario("us-withdrawal")
    game = Game(scenario, args.seed, ["DE", "PL"])
    play_to_end(game)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "finished.json"
        save_ms = median_ms(lambda: save_game(game, path), args.repeat)
        fast = median_ms(lambda: load_game(path, scenario), args.repeat)
        replay = median_ms(lambda: load_game(path, scenario, verify="replay"), args.repeat)
        cold = median_ms(lambda: load_game(path), max(args.repeat // 4, 1))
        size = path.stat().st_size
    print(f"us-withdrawal, seed {args.seed}: {game.state.turn} turns, {game.outcome}, "
          f"{len(game.decisions)} decisions, save file {size / 1024:.1f} KiB")
    print(f"  save_game:                      {save_ms:7.2f} ms")
    print(f"  load_game (fast path):          {fast:7.2f} ms")
    print(f"  load_game (verify='replay'):    {replay:7.2f} ms  ({replay / fast:.1f}x)")
    print(f"  load_game by id (YAML + fast):  {cold:7.2f} ms")


if __name__ == "__main__":
    main()
