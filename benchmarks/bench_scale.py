"""Monte Carlo at scale: a million games in bounded memory, and the speed-up of worker processes.

    python benchmarks/bench_scale.py [--runs 1000000] [--scenario us-withdrawal] [--workers N]
                                     [--chunk 4096] [--compare-runs 10000] [--skip-big]

Prints, on the machine it names:
- the big run first (`simulate --runs RUNS` in chunks on N workers): wall time, games/s and
  the peak resident memory of this process and of the largest worker;
- `--compare-runs` games with 1 worker and with 2, in this process one after the other, and
  the ratio of their wall times (the speed-up; on a loaded machine it is noise: compare runs
  made in the same minute), with the project/toy ratio of the 1-worker run
  (benchmarks/bench_toy.py's toy kernel, measured right after it);
- the start-up cost of a 2-worker pool with fork and with spawn (one tiny chunk each).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).parent))

from bench_toy import machine, toy_kernel

from autonomy_game.engine.policy.runner import SUMMARY_FIELDS, run_policies
from autonomy_game.engine.simulate import simulate
from autonomy_game.engine.workers import (
    default_workers,
    play_chunks_in_processes,
)
from autonomy_game.scenario.validate import load_scenario


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def start_cost(scenario, method: str) -> float:
    """Seconds to start a 2-worker pool and play one 1-game chunk on each."""
    started = time.perf_counter()
    for _ in play_chunks_in_processes(scenario, 1, {}, {}, [(0, 1), (1, 1)], SUMMARY_FIELDS,
                                      2, None, method):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default="us-withdrawal")
    parser.add_argument("--runs", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=4096)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--compare-runs", type=int, default=10_000)
    parser.add_argument("--skip-big", action="store_true", help="only the comparison")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    print(f"machine: {machine()}; {default_workers()} usable cores")

    if not args.skip_big:
        started = time.perf_counter()
        run = run_policies(scenario, args.runs, 1, chunk=args.chunk, workers=args.workers,
                           keep=SUMMARY_FIELDS)
        wall = time.perf_counter() - started
        own, child = peak_mb()
        print(f"{scenario.id} --runs {args.runs:,} --chunk {args.chunk} --workers "
              f"{args.workers}: {wall:.1f} s ({args.runs / wall:,.0f} games/s), win rate "
              f"{_win_rate(run):.4f}; peak RSS "
              f"{own:,.0f} MB in this process, {child:,.0f} MB in the largest worker")

    for method in ("fork", "spawn"):
        print(f"pool start-up with {method}: {start_cost(scenario, method):.2f} s "
              "(2 workers, one 1-game chunk each)")

    timings = {}
    for workers in (1, 2):
        started = time.perf_counter()
        result = simulate(scenario, args.compare_runs, 1, chunk=args.chunk, workers=workers)
        timings[workers] = time.perf_counter() - started
        print(f"{scenario.id} --runs {args.compare_runs} --workers {workers}: "
              f"{timings[workers]:.2f} s ({args.compare_runs / timings[workers]:,.0f} games/s), "
              f"win rate {result.win_rate:.4f}")
        if workers == 1:
            with threadpool_limits(limits=1, user_api="blas"):
                toy_kernel(min(args.compare_runs, 1000), scenario.turns)  # warm-up
                toy_s = toy_kernel(args.compare_runs, scenario.turns)
            project = args.compare_runs / result.elapsed_s
            print(f"  toy kernel {toy_s:.3f} s; project/toy (1 worker) "
                  f"{project / (args.compare_runs / toy_s):.3f}")
    print(f"speed-up with 2 workers: {timings[1] / timings[2]:.2f}x (wall time 1 worker / 2)")


def _win_rate(run) -> float:
    from autonomy_game.engine.state import OUTCOME_NAMES

    return float((run.outcome == OUTCOME_NAMES.index("victory")).mean())


if __name__ == "__main__":
    main()
