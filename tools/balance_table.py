"""Turn `autonomy-game balance SCENARIO --json` output into the README's Markdown tables.

    PYTHONPATH=src python -m autonomy_game balance us-withdrawal --json > uw.json
    python tools/balance_table.py [--policies] uw.json [more.json ...]

Prints, per scenario, the target table (target, value, goal, met, what gives the value) and,
with --policies, the main policy x outcome rows, so the README shows exactly what the command
measured.
"""

from __future__ import annotations

import json
import sys

MAIN_GROUPS = ("baseline", "passive", "random", "doctrine-one", "doctrine-all", "spending",
               "voting")


def pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f} %"


def value_text(name: str, value: float | None) -> str:
    if value is None:
        return "-"
    if name == "event_splits_with_another_best_doctrine":
        return f"{value:g}"
    return f"{value:.4f}"


def tables(result: dict, policies: bool = False) -> str:
    lines = [f"**{result['scenario']}** ({result['runs']} paired games per cell, seed "
             f"{result['seed']}, {len(result['cells'])} cells, {result['elapsed_s']:.0f} s)", "",
             "| target | value | goal | met | detail |", "|---|---|---|---|---|"]
    details = result.get("target_details", {})
    for t in result["targets"]:
        lines.append(f"| {t['name']} | {value_text(t['name'], t['value'])} | {t['goal']} | "
                     f"{'yes' if t['met'] else '**no**'} | {details.get(t['name'], '')} |")
    if not policies:
        return "\n".join(lines)
    lines += ["", "| policy | victory | partial | failure | defeat | secret objectives |",
              "|---|---|---|---|---|---|"]
    for group in MAIN_GROUPS:
        for c in result["cells"]:
            if c["group"] == group:
                lines.append(f"| {c['key']} | {pct(c['victory'])} | {pct(c['partial'])} | "
                             f"{pct(c['failure'])} | {pct(c['defeat'])} | "
                             f"{pct(c['objectives'])} |")
    return "\n".join(lines)


def main(args: list[str]) -> int:
    policies = "--policies" in args
    for path in (a for a in args if a != "--policies"):
        with open(path, encoding="utf-8") as handle:
            print(tables(json.load(handle), policies))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
