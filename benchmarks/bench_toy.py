"""The project's Monte Carlo speed against a toy kernel of the same shapes, in one process.

Absolute seconds differ between machines and with what else runs; the ratio of two kernels
measured minutes apart on the same machine does much less. The toy is what a game-turn costs
when it touches its state a handful of times: batch x 27 states x 8 domains, 16 turns, a few
element-wise passes (orders, delivery, wear, coverage, support drift) and one batched matrix
product (every state's utility for every initiative). `project/toy` is the project's games per
second over the toy's: 1.0 would mean the project costs no more than touching its state.

    python benchmarks/bench_toy.py [--runs 10000] [--kernels auto|numpy|numba] [SCENARIO ...]

Prints the machine, each scenario's `simulate` time and games/s, the toy's, and the ratio,
and whether the compiled Council kernels ran (engine/kernels: by default for batches of
4096 games or more with 12 or more open initiatives, then for any of 256 or more in the same
process; the time includes numba's import when they do). `--kernels numpy` or `numba`
forces the path, to compare both in one session.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

import numpy as np
from threadpoolctl import threadpool_limits

from autonomy_game.engine import kernels
from autonomy_game.engine.policy.runner import run_policies
from autonomy_game.scenario.validate import load_scenario

STATES, DOMAINS, AXES, INITIATIVES = 27, 8, 4, 24


def machine() -> str:
    """The CPU model and core count, for the README's speed table."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def toy_kernel(batch: int, turns: int, seed: int = 1) -> float:
    """Seconds for `turns` turns of the toy over `batch` games (float64 state, float32 votes)."""
    rng = np.random.default_rng(seed)
    capability = rng.random((batch, DOMAINS, STATES))
    budget = rng.random((batch, STATES))
    weights = rng.random((batch, DOMAINS, STATES))
    weights /= weights.sum(axis=1, keepdims=True)
    support = rng.random((batch, STATES))
    threat = rng.random((batch, AXES, STATES))
    requirement = rng.random(DOMAINS) * STATES
    appeal = rng.random((DOMAINS, INITIATIVES)).astype(np.float32)
    start = time.perf_counter()
    for _ in range(turns):
        orders = budget[:, None, :] * weights  # element-wise: the national orders
        capability += orders * 0.1  # deliveries
        capability *= 0.988  # wear
        coverage = capability.sum(axis=2) / requirement  # [B, D]
        gap = 1.0 - np.minimum(coverage, 1.0)
        deterrence = 0.5 * gap.mean(axis=1) + 0.5 * gap.min(axis=1)
        support += 0.08 * (threat.mean(axis=1) - support)  # drift towards threat
        budget *= 1.0 + 0.01 * (support - 0.5) + 0.0 * deterrence[:, None]
        votes = np.matmul(gap.astype(np.float32)[:, None, :] * support[:, :, None].astype(
            np.float32), appeal)  # [B, N, I]: every state's utility for every initiative
        support -= 0.001 * (votes.mean(axis=2) > 0.5)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", default=["us-withdrawal"])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--kernels", choices=("auto", "numpy", "numba"), default="auto")
    args = parser.parse_args()
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    for ref in args.scenarios:
        scenario = load_scenario(ref)
        with kernels.use(args.kernels):
            run = run_policies(scenario, args.runs, seed=1)
        project = args.runs / run.elapsed_s
        with threadpool_limits(limits=1, user_api="blas"):
            toy_kernel(min(args.runs, 1000), scenario.turns)  # warm-up
            toy_s = toy_kernel(args.runs, scenario.turns)
        toy = args.runs / toy_s
        print(f"{scenario.id}: simulate --runs {args.runs} {run.elapsed_s:.2f} s "
              f"({project:,.0f} games/s); toy {toy_s:.3f} s ({toy:,.0f} games/s); "
              f"project/toy {project / toy:.3f}")
    print(f"kernels: {args.kernels}, numba {'used' if 'numba' in sys.modules else 'not used'}")


if __name__ == "__main__":
    main()
