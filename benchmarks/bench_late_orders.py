"""The AI advisor's order money on deliveries due after the last turn (issue 9: under 2 %).

    python benchmarks/bench_late_orders.py [--runs 2000] [--seed 1] [SCENARIO ...]

Prints, per scenario, the share of the money the advisor spent on national orders (all seats
AI, the games still being played, measured as placed by the `OrderAudit` observer policy
through `run_policies`) that buys equipment or shell capacity arriving after the last turn.
Asserts nothing; tests/test_ai_economics.py holds the bound.
"""

from __future__ import annotations

import argparse
import time

from autonomy_game.engine.policy.audit import measure_late_orders
from autonomy_game.scenario.bundled import bundled_scenarios
from autonomy_game.scenario.validate import load_scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", nargs="*")
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    ids = args.scenarios or [s.id for s in bundled_scenarios()]
    for ref in ids:
        scenario = load_scenario(ref)
        start = time.perf_counter()
        audit = measure_late_orders(scenario, args.runs, args.seed)
        print(f"{scenario.id}: {audit.late_share:.1%} of order money on deliveries due after "
              f"the last turn ({audit.late:,.1f} of {audit.money:,.1f} € bn over {args.runs} "
              f"games, {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
