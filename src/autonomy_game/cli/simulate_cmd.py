"""`autonomy-game simulate`: Monte Carlo balance check, the AI on every seat not given a
policy (`--policy DE=passive`, repeatable)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from autonomy_game.cli.common import ScenarioUnavailable, bounded_int, load_or_report, seed_int
from autonomy_game.cli.policy_args import POLICY_HELP, policy_specs, seat_policy
from autonomy_game.scenario.model import Scenario

if TYPE_CHECKING:
    from autonomy_game.engine.world import World

MAX_RUNS = 1_000_000
DEFAULT_CHUNK = 4096  # as engine.policy.runner.DEFAULT_CHUNK (not imported: start-up time)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "simulate", help="play many games as one batch and summarise the outcomes",
        description="Play RUNS games of SCENARIO as one batch: the AI on every seat, except "
                    "the seats given a policy with --policy.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="bundled scenario id or YAML path")
    parser.add_argument("--runs", type=bounded_int(1, MAX_RUNS), default=1000,
                        help=f"games (default 1000, at most {MAX_RUNS:,})")
    parser.add_argument("--seed", type=seed_int, default=1, help="random seed (default 1)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_scale_arguments(parser)
    parser.add_argument("--policy", action="append", default=[], type=seat_policy,
                        metavar="SEAT=POLICY", help=POLICY_HELP)
    parser.add_argument("--explain", action="store_true",
                        help="explain the win rate for the scenario's author: each goal "
                             "clause's share, each event's firing and choices, variables, "
                             "initiatives, objectives, the factors that explain victory, and "
                             "warnings only play can give (with --json: an 'explain' object)")
    parser.add_argument("--sweep", metavar="KEY=A..B[:STEPS]", type=sweep_spec, default=None,
                        help="play the scenario once per value of a parameter (a key of its "
                             "`parameters:`, e.g. us_drawdown_spread=0..0.02:5; STEPS values "
                             "from A to B, default 5) and print one result per value")
    parser.add_argument("--html", metavar="FILE",
                        help="with --explain, also write the explanation as an HTML page")
    parser.set_defaults(func=run, parser=parser)


def add_scale_arguments(parser: argparse.ArgumentParser) -> None:
    """--chunk and --workers (simulate and balance)."""
    parser.add_argument("--chunk", type=bounded_int(1, MAX_RUNS), default=DEFAULT_CHUNK,
                        help=f"games played as one batch (default {DEFAULT_CHUNK}); memory "
                             "grows with it, the results do not change")
    parser.add_argument("--workers", type=bounded_int(1, 256), default=None,
                        help="processes playing chunks in parallel (default: this machine's "
                             "cores); the results do not change")
    parser.add_argument("--cluster", metavar="ADDRESS", default=None,
                        help="play on the Dask scheduler at ADDRESS (e.g. tcp://10.0.0.5:8786; "
                             "needs the 'cluster' extra); the results do not change")


@dataclass(frozen=True)
class Sweep:
    key: str
    values: tuple[float, ...]


SWEEP_STEPS = 5
MAX_SWEEP_STEPS = 101


def sweep_spec(text: str) -> Sweep:
    """`key=a..b[:steps]` -> the key and `steps` evenly spaced values from a to b."""
    key, equals, span = text.partition("=")
    low, dots, rest = span.partition("..")
    high, colon, steps_text = rest.partition(":")
    try:
        if not (equals and dots and key.strip()):
            raise ValueError
        a, b = float(low), float(high)
        steps = int(steps_text) if colon else SWEEP_STEPS
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected KEY=A..B or KEY=A..B:STEPS (e.g. "
                                         f"us_drawdown_spread=0..0.02:5), got '{text}'") from None
    if not 1 <= steps <= MAX_SWEEP_STEPS or not all(math.isfinite(v) for v in (a, b)):
        raise argparse.ArgumentTypeError(f"STEPS must be 1 to {MAX_SWEEP_STEPS} and A, B "
                                         f"finite numbers, got '{text}'")
    if steps == 1:
        return Sweep(key.strip(), (a,))
    return Sweep(key.strip(), tuple(round(a + (b - a) * k / (steps - 1), 12)
                                    for k in range(steps)))


def sweep_problem(sweep: Sweep) -> str | None:
    """Why the sweep cannot run (unknown parameter, a value out of its range), or None."""
    from autonomy_game.engine.parameters import PARAMETERS

    parameter = PARAMETERS.get(sweep.key)
    if parameter is None:
        return (f"'{sweep.key}' is not a scenario parameter (one of: "
                f"{', '.join(sorted(PARAMETERS))})")
    outside = [v for v in sweep.values if not parameter.low <= v <= parameter.high]
    if outside:
        return (f"{sweep.key} takes values from {parameter.low:g} to {parameter.high:g}, "
                f"not {outside[0]:g}")
    return None


def memory_refusal(scenario: Scenario, runs: int, chunk: int = DEFAULT_CHUNK,
                   workers: int = 1, world: World | None = None) -> str | None:
    """Why `runs` games in chunks of `chunk` on `workers` processes cannot be simulated on
    this machine, or None. Only the chunks being played hold a whole game state; the finished
    games keep a few hundred bytes each. `world` is `build_world(scenario)` if the caller
    has it already."""
    from autonomy_game.engine import capacity
    from autonomy_game.engine.world import build_world

    available = capacity.available_memory()
    if available is None:
        return None
    world = world if world is not None else build_world(scenario)
    batch = min(runs, chunk)
    needed = capacity.batch_bytes(world, batch) * min(workers, -(-runs // batch))
    if needed <= available * capacity.MEMORY_SHARE:
        return None
    most = capacity.max_runs(world, available / max(workers, 1))
    return (f"--chunk {batch} on {workers} worker(s) needs about {needed / 2**30:.1f} GB of "
            f"memory and this machine has {available / 2**30:.1f} GB available; use at most "
            f"--chunk {most} (or fewer --workers)")


def run(args: argparse.Namespace) -> int:
    try:
        scenario = load_or_report(args.scenario)
    except ScenarioUnavailable:
        return 1
    from autonomy_game.engine.policy.registry import PolicySpecError, seat_policies
    from autonomy_game.scenario.errors import ScenarioLoadError

    try:
        specs = policy_specs(args.policy)
        policies = seat_policies(list(scenario.members), specs)
    except PolicySpecError as error:
        args.parser.error(f"argument --policy: {error}")
    except ScenarioLoadError as error:  # a doctrine file with mistakes: path:line:col each
        for problem in error.errors:
            print(problem, file=sys.stderr)
        return 1
    named = {scenario.members[n]: policy for n, (_, policy) in policies.items()}
    from autonomy_game.engine.workers import default_workers
    from autonomy_game.engine.world import build_world

    workers = args.workers or default_workers()
    world = build_world(scenario)  # built once: the memory check and the local run share it
    # On a cluster the chunks are played (and held) by its workers.
    refusal = None if args.cluster else memory_refusal(scenario, args.runs, args.chunk, workers,
                                                       world)
    if refusal is not None:  # before anything is allocated: a usage error, exit 2
        print(f"autonomy-game simulate: error: {refusal}", file=sys.stderr)
        return 2
    if args.html and not args.explain:
        args.parser.error("argument --html: only with --explain")
    if args.sweep is not None:
        if args.explain:
            args.parser.error("argument --sweep: not with --explain")
        problem = sweep_problem(args.sweep)
        if problem:
            args.parser.error(f"argument --sweep: {problem}")
        return run_sweep(args, scenario, specs, workers)
    explanation = None
    if args.explain:
        from autonomy_game.engine.simulate import summarise
        from autonomy_game.explain.analysis import explain

        explanation, batch = explain(scenario, args.runs, args.seed, named)
        result = summarise(scenario, batch)
        result.policies = {code: specs[code] for code in result.policies}
    else:
        result = simulate_or_report(args, scenario, specs, workers, world)
        if result is None:
            return 1
    if explanation is not None and args.html:
        from autonomy_game.explain.render import to_html

        try:
            Path(args.html).write_text(to_html(explanation, scenario.title), encoding="utf-8")
        except OSError as error:
            print(f"autonomy-game simulate: error: cannot write {args.html}: "
                  f"{error.strerror or error}", file=sys.stderr)
            return 1
    if args.json:
        payload = result.to_json()
        if explanation is not None:
            from autonomy_game.explain.render import to_json

            payload["explain"] = to_json(explanation)
        print(json.dumps(payload, sort_keys=True))
        return 0
    print(f"{scenario.title} ({scenario.id}): {result.runs} runs, seed {result.seed}, "
          f"{scenario.turns} turns")
    print("outcomes: " + ", ".join(f"{k} {v} ({v / result.runs:.1%})"
                                   for k, v in result.outcomes.items()))
    if result.policies:
        print("policies: " + ", ".join(f"{k}={v}" for k, v in result.policies.items())
              + " (other seats: ai)")
    print(f"win rate: {result.win_rate:.1%}")
    if any(result.defeats.values()):
        print("defeats: " + ", ".join(f"{k} {v}" for k, v in result.defeats.items() if v))
    print(f"{'indicator (final)':<22}{'mean':>8}{'p10':>8}{'p90':>8}")
    for name, s in result.indicators.items():
        print(f"{name:<22}{s.mean:>8.3f}{s.p10:>8.3f}{s.p90:>8.3f}")
    print(f"elapsed: {result.elapsed_s:.2f} s ({result.games_per_s:,.0f} games/s)")
    if explanation is not None:
        from autonomy_game.explain.render import to_text

        print()
        print(to_text(explanation))
        if args.html:
            print(f"wrote {args.html}")
    return 0


def simulate_or_report(args: argparse.Namespace, scenario: Scenario, specs: dict[str, str],
                       workers: int, world: World | None = None):
    """`simulate` with the command's runs, seed, policies, chunks, workers and cluster, the
    policies named as the user wrote them; None once a cluster error has been reported.
    `world` is the scenario's compiled world when the caller has built it."""
    from autonomy_game.engine.cluster import ClusterError
    from autonomy_game.engine.simulate import simulate

    try:
        result = simulate(scenario, args.runs, args.seed, specs or None, chunk=args.chunk,
                          workers=workers, cluster=args.cluster, world=world)
    except ClusterError as error:
        print(f"autonomy-game simulate: error: {error}", file=sys.stderr)
        return None
    result.policies = {code: specs[code] for code in result.policies}
    return result


def run_sweep(args: argparse.Namespace, scenario: Scenario, specs: dict[str, str],
              workers: int) -> int:
    """One simulation per value of the swept parameter, each on the same seed (paired)."""
    key = args.sweep.key
    results = []
    for value in args.sweep.values:
        variant = dataclasses.replace(scenario, parameters={**scenario.parameters, key: value})
        result = simulate_or_report(args, variant, specs, workers)
        if result is None:
            return 1
        result.parameters = {key: value}
        results.append(result)
    if args.json:
        print(json.dumps({"sweep": {"parameter": key, "values": list(args.sweep.values),
                                    "results": [r.to_json() for r in results]}},
                         sort_keys=True))
        return 0
    print(f"{scenario.title} ({scenario.id}): {args.runs} runs per value, seed {args.seed}, "
          f"{key} swept over {len(results)} values")
    for result in results:
        outcomes = ", ".join(f"{k} {v / result.runs:.1%}" for k, v in result.outcomes.items())
        print(f"{key}={result.parameters[key]:<10g} win rate {result.win_rate:6.1%}  "
              f"({outcomes}; {result.elapsed_s:.2f} s)")
    return 0
