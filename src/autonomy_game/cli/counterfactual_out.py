"""`autonomy-game report SAVE --decisions` and `--counterfactual N`: the same game with one
decision changed, as text (engine/counterfactual.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from autonomy_game.cli.common import bounded_int

PROG = "autonomy-game report"


def add_counterfactual_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--decisions", action="store_true",
                        help="list the game's decisions (event choices, votes, each seat's "
                        "orders) with the numbers --counterfactual takes, and stop")
    parser.add_argument("--counterfactual", type=bounded_int(1), metavar="N",
                        help="the same game with decision N changed: the futures of the "
                        "decision as taken and of the alternative side by side, and the game "
                        "replayed on its seed with the alternative")
    parser.add_argument("--alternative", metavar="OPTION",
                        help="with --counterfactual: the other option, vote (yes, no, "
                        "abstain) or 'advisor' for a seat's orders (default: the first "
                        "alternative)")
    parser.add_argument("--futures", type=bounded_int(1, 100_000), default=None, metavar="F",
                        help="with --counterfactual: futures per side (500)")
    parser.add_argument("--counterfactual-json", action="store_true",
                        help="with --counterfactual: print the result as JSON")


def run_counterfactual(args: argparse.Namespace, source: Path) -> int:
    from autonomy_game.engine.counterfactual import (
        COUNTERFACTUAL_FUTURES,
        CounterfactualError,
        counterfactual,
        decision_points,
    )
    from autonomy_game.engine.saves import SaveError, load_game

    try:
        game = load_game(source)
    except SaveError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 1
    if args.counterfactual is None:
        points = decision_points(game)
        if not points:
            print("no decisions in this game (every seat was played by the AI)")
        for p in points:
            print(f"{p.number:3d}  {game.scenario.quarter_label(p.turn)}  {p.description}  "
                  f"[{p.taken}; or {', '.join(p.alternatives)}]")
        return 0
    try:
        result = counterfactual(game, args.counterfactual, args.alternative,
                                futures=args.futures or COUNTERFACTUAL_FUTURES)
    except CounterfactualError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    if args.counterfactual_json:
        print(json.dumps(result.to_json(), indent=1))
        return 0
    p = result.point
    print(f"Decision {p.number} ({game.scenario.quarter_label(p.turn)}): {p.description}")
    print(f"As played: {p.taken}  ·  changed to: {result.alternative}")
    print(f"The game as played ended in {result.actual_outcome}; replayed on the same seed "
          f"with the change, it ends in {result.replayed_outcome}"
          + (f" ({result.skipped} later decisions no longer applied" if result.skipped else "")
          + (f"{'; ' if result.skipped else ' ('}{result.advised} event choices by the advisor"
             if result.advised else "")
          + (")" if result.skipped or result.advised else "") + ".")
    print(f"Futures from that moment ({result.futures.futures} each, the AI on every seat "
          "after it):")
    names = ("victory", "partial", "failure", "defeat")
    print(f"  {'':24s}" + "".join(f"{n:>10s}" for n in names) + "   objective")
    for opt in result.futures.options:
        rate = "" if opt.objective_rate is None else f"{opt.objective_rate:10.0%}"
        tag = "as played" if opt.option == p.taken else "changed"
        print(f"  {tag + ': ' + opt.option:24.24s}"
              + "".join(f"{opt.shares[n]:10.0%}" for n in names) + rate)
    for opt in result.futures.options:
        bands = "; ".join(f"{k} {b.p10:.2f}-{b.p90:.2f}" for k, b in opt.bands.items())
        print(f"  {opt.option}: 10-90 % at the end: {bands}")
    print(f"({result.elapsed_s:.2f} s)")
    return 0
