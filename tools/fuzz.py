"""Nightly-size fuzzing of every untrusted surface (issue 11); counts per surface.

    python tools/fuzz.py --cases 10000            # all four surfaces, 10 000 cases each
    python tools/fuzz.py --cases 500 --surface save --seed 7

Surfaces: scenario (mutated scenario trees, validated and, when accepted, played two turns),
expression (generated expressions and effects, compiled and run on a batch), save (mutated
and re-checksummed save files, loaded and played on), action (sequences of actions with
hostile fields applied to a live game). Per surface it prints the cases run, how many were
accepted or refused (both fine), and the bugs: tracebacks, hangs (> --hang seconds for one
case) and non-finite or out-of-range states. Exit status 1 if any bug was found; the first
few are printed. The strategies live in tests/support/fuzzing.py, shared with the CI test.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")


def main(argv: list[str] | None = None) -> int:
    from tests.support.fuzzing import SURFACES, run_surface

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases per surface")
    parser.add_argument("--surface", choices=[*SURFACES, "all"], default="all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hang", type=float, default=20.0, help="seconds before a case hangs")
    parser.add_argument("--json", metavar="FILE", help="also write the counts as JSON")
    args = parser.parse_args(argv)
    surfaces = SURFACES if args.surface == "all" else (args.surface,)
    header = (f"{'surface':<11}{'cases':>7}{'accepted':>10}{'refused':>9}{'tracebacks':>12}"
              f"{'hangs':>7}{'non-finite':>12}{'seconds':>9}")
    print(header, flush=True)
    results = []
    for surface in surfaces:
        c = run_surface(surface, args.cases, seed=args.seed, hang_s=args.hang)
        results.append(c)
        print(f"{c.surface:<11}{c.cases:>7}{c.accepted:>10}{c.refused:>9}{c.tracebacks:>12}"
              f"{c.hangs:>7}{c.non_finite:>12}{c.seconds:>9.0f}", flush=True)
    for c in results:
        for failure in c.failures[:5]:
            print(f"\n[{c.surface}] {failure}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(
            [{k: v for k, v in vars(c).items() if k != "failures"} | {"seed": args.seed}
             for c in results], indent=1))
    return 0 if all(c.clean for c in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
