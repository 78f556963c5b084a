"""Engine speed: Monte Carlo throughput and one interactive turn. Prints figures; asserts nothing.

Targets from the issue (2-core machine): `simulate <scenario> --runs 10000` under 5 s
(>= 2 000 games/s), and one interactive turn (B = 1, all AI) resolved in under 20 ms.

    python benchmarks/bench_engine.py [--runs 10000] [SCENARIO ...]
"""

from __future__ import annotations

import argparse
import statistics
import time

from autonomy_game.engine.game import Game
from autonomy_game.engine.simulate import simulate
from autonomy_game.scenario.bundled import bundled_scenarios
from autonomy_game.scenario.validate import load_scenario


def bench_simulate(scenario, runs: int) -> None:
    cpu = time.process_time()
    result = simulate(scenario, runs, seed=1)
    cpu = time.process_time() - cpu
    print(f"  simulate --runs {runs}: {result.elapsed_s:.2f} s wall, {cpu:.2f} s cpu, "
          f"{result.games_per_s:,.0f} games/s, win rate {result.win_rate:.1%}")


def bench_turn(scenario, games: int = 5) -> None:
    times = []
    for seed in range(games):
        game = Game(scenario, seed, humans=[])
        while game.phase != "ended":
            start = time.perf_counter()
            turn = game.state.turn
            while game.phase != "ended" and game.state.turn == turn:
                game.advance()
            times.append((time.perf_counter() - start) * 1000)
    print(f"  interactive turn (B=1, all AI): median {statistics.median(times):.2f} ms, "
          f"max {max(times):.2f} ms over {len(times)} turns")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", nargs="*")
    parser.add_argument("--runs", type=int, default=10_000)
    args = parser.parse_args()
    ids = args.scenarios or [s.id for s in bundled_scenarios()]
    for ref in ids:
        scenario = load_scenario(ref)
        print(f"{scenario.id} ({scenario.turns} turns, {len(scenario.members)} states)")
        bench_turn(scenario)
        bench_simulate(scenario, args.runs)


if __name__ == "__main__":
    main()
