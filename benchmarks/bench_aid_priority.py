"""Does more aid ever collapse the front? One seat moves part of its order money into aid.

    PYTHONPATH=src python benchmarks/bench_aid_priority.py [--runs 2000] [--seed 1]
        [--seat DE] [--share 0.3] [SCENARIO ...]

The seat keeps the advisor's orders but moves `share` of its order money (taken evenly from
every other money order) into materiel aid for Ukraine, or into 155 mm shells, or leaves them
as they are; the script prints victory and front-collapse rates for each. Issue 9 measured,
before aid crossed the network shells first, 30 % of Germany's money into materiel: 0 %
victory in supply-line-crisis, into shells: 99.8 %. It drives the seat by wrapping the AI's
orders, so it runs on any version of the engine that has `engine.turn.ai_orders`.
"""

from __future__ import annotations

import argparse

import autonomy_game.engine.turn as turn_module
from autonomy_game.engine.orders import EUROPEAN
from autonomy_game.engine.simulate import simulate
from autonomy_game.scenario.validate import load_scenario


def _scale_member_axis(result, n: int, factor: float) -> None:
    result.procure[:, :, :, n] *= factor
    result.shells[:, n, :] *= factor
    result.industry[:, n] *= factor
    result.aid_materiel[:, n] *= factor
    result.protect_own[:, n, :] *= factor
    result.corridor_own[:, n] *= factor


def run(scenario, runs: int, seed: int, seat: str, share: float, lever: str | None) -> str:
    original = turn_module.ai_orders
    if lever is not None:
        def orders(world, state, rng):
            result, terms = original(world, state, rng)
            n = world.codes.index(seat)
            moved = result.money()[:, n] * share
            _scale_member_axis(result, n, 1.0 - share)
            if lever == "materiel":
                result.aid_materiel[:, n] += moved
            else:
                result.shells[:, n, EUROPEAN] += moved
            return result, terms

        turn_module.ai_orders = orders
    try:
        result = simulate(scenario, runs, seed)
    finally:
        turn_module.ai_orders = original
    collapse = result.defeats.get("front-collapse", 0) / runs
    front = result.indicators["ukraine_front"].mean
    return (f"victory {result.win_rate:6.1%}  front-collapse {collapse:6.1%}  "
            f"final front {front:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", nargs="*")
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seat", default="DE")
    parser.add_argument("--share", type=float, default=0.3)
    args = parser.parse_args()
    for ref in args.scenarios or ["supply-line-crisis", "ammunition-cofunding"]:
        scenario = load_scenario(ref)
        print(f"{scenario.id}: {args.seat} moves {args.share:.0%} of its order money")
        for lever in (None, "materiel", "shells"):
            label = "advisor's orders" if lever is None else f"into {lever}"
            line = run(scenario, args.runs, args.seed, args.seat, args.share, lever)
            print(f"  {label:18s} {line}")


if __name__ == "__main__":
    main()
