"""`autonomy-game balance`: many policies on paired seeds, measured against the targets."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from autonomy_game.cli.common import ScenarioUnavailable, bounded_int, load_or_report, seed_int

MAX_RUNS = 100_000


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "balance", help="play policy cells on paired seeds and check the balance targets",
        description="Play the AI baseline, passive and random seats, every doctrine in a "
                    "folder, the AI at other spending levels and voting behaviours, and every "
                    "event option forced, all on the same seeds; print the tables and the "
                    "targets. Exit 0 when every target is met, 1 otherwise.",
    )
    parser.add_argument("scenarios", metavar="SCENARIO", nargs="+",
                        help="bundled scenario id or YAML path (several: a sweep)")
    parser.add_argument("--runs", type=bounded_int(2, MAX_RUNS), default=1000,
                        help=f"paired games per cell (default 1000, 2 to {MAX_RUNS:,})")
    parser.add_argument("--seed", type=seed_int, default=1, help="random seed (default 1)")
    parser.add_argument("--seeds", type=seed_list, default=None, metavar="S1,S2,...",
                        help="several seeds: every scenario is measured on each (a sweep: "
                             "doctrines x scenarios x seeds; replaces --seed)")
    parser.add_argument("--doctrines", metavar="DIR", type=Path, default=None,
                        help="folder of doctrine files (default: the shipped doctrines/)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    from autonomy_game.cli.simulate_cmd import add_scale_arguments

    add_scale_arguments(parser)
    parser.add_argument("--quiet", action="store_true",
                        help="do not print each cell's time on stderr")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from autonomy_game.balance.doctrines import find_doctrines, shipped_doctrines_dir

    folder = args.doctrines
    if folder is None:
        try:
            folder = shipped_doctrines_dir()
        except FileNotFoundError:
            folder = None
    elif not folder.is_dir():
        print(f"autonomy-game balance: error: --doctrines: not a folder: {folder}",
              file=sys.stderr)
        return 2
    scenarios = []
    for reference in args.scenarios:
        try:
            scenarios.append(load_or_report(reference))
        except ScenarioUnavailable:
            return 1
    doctrines = find_doctrines(folder) if folder is not None else []
    if not all(doctrines_load(doctrines, scenario.id) for scenario in scenarios):
        return 1
    from autonomy_game.balance.measure import measure
    from autonomy_game.balance.report import to_json, to_text
    from autonomy_game.engine.cluster import ClusterError
    from autonomy_game.engine.workers import default_workers

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    seeds = args.seeds or [args.seed]
    results = []
    for scenario in scenarios:
        for seed in seeds:
            try:
                results.append(measure(scenario, args.runs, seed, doctrines,
                                       None if args.quiet or args.json else progress,
                                       workers=args.workers or default_workers(),
                                       chunk=args.chunk, cluster=args.cluster))
            except ClusterError as error:
                print(f"autonomy-game balance: error: {error}", file=sys.stderr)
                return 1
    if len(results) == 1:
        print(json.dumps(to_json(results[0])) if args.json else to_text(results[0]))
    elif args.json:
        print(json.dumps({"sweep": [to_json(result) for result in results]}))
    else:
        print("\n\n".join(f"== {r.scenario}, seed {r.seed} ==\n{to_text(r)}" for r in results))
    return 0 if all(t.met for result in results for t in result.targets) else 1


def seed_list(text: str) -> list[int]:
    """`1,2,3` -> [1, 2, 3] (each a valid --seed)."""
    parts = [part.strip() for part in text.split(",")]
    if not parts or not all(parts):
        raise argparse.ArgumentTypeError(f"expected seeds separated by commas, got '{text}'")
    return [seed_int(part) for part in parts]


def doctrines_load(doctrines: list, scenario_id: str) -> bool:
    """Load every doctrine this scenario will play once before any game: a broken file is
    reported as the loader reports it (`path:line:col: error: ...`) and the command exits 1,
    not halfway through the cells."""
    from autonomy_game.balance.cells import playable
    from autonomy_game.engine.policy.registry import PolicySpecError, make_policy

    try:
        from autonomy_game.doctrine import DoctrineLoadError
    except ImportError:  # a build without doctrine files
        DoctrineLoadError = PolicySpecError
    ok = True
    for doctrine in playable(doctrines, scenario_id):
        try:
            make_policy(doctrine.spec)
        except DoctrineLoadError as error:
            for problem in getattr(error, "errors", [error]):
                print(problem, file=sys.stderr)
            ok = False
        except PolicySpecError as error:
            print(f"{doctrine.spec}: error: {error}", file=sys.stderr)
            ok = False
    return ok
