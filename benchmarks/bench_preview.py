"""Decision preview speed: seconds per option for 1 000 futures. Prints figures; asserts nothing.

Target from issue 10: under 0.5 s per option. A hotseat game of each main scenario is
played with the advisor's defaults (one human seat, the scenario's first suggested one); at
the first quarter and at the middle of the game, the open event choice, the first vote on
the Council's agenda and the orders are previewed with 1 000 futures per option (as the
game does). Each line gives the wall time per option and the process's CPU time per option
(on a shared machine the wall time is the CPU time times the queue). A preview early in a
game plays nearly the whole game forward, so it costs most; the last line is the median
over every decision measured. Before it, the end screen's counterfactual ("What if…") is
timed on a finished game of each scenario (target < 2 s).

    python benchmarks/bench_preview.py [--futures 1000] [SCENARIO ...]
"""

from __future__ import annotations

import argparse
import statistics
import time

from autonomy_game.engine.counterfactual import counterfactual, decision_points
from autonomy_game.engine.game import Game, default_step
from autonomy_game.engine.preview import preview_subjects, run_preview
from autonomy_game.scenario.validate import load_scenario

MAIN = ("us-withdrawal", "ammunition-cofunding", "supply-line-crisis")


def measure(game: Game, seat: str, futures: int, per_option: list[float]) -> None:
    """Preview the first open decision of each kind in this phase; print and keep times."""
    subjects = preview_subjects(game, seat)
    if not subjects:
        return
    subject = subjects[0]
    cpu = time.process_time()
    preview = run_preview(game, subject, seat, futures=futures, record=False)
    cpu = (time.process_time() - cpu) / len(preview.options)
    per_option.append(preview.per_option_s)
    print(f"  turn {game.turn:2d} {game.phase:7s} {subject:32s} {len(preview.options)} options: "
          f"{preview.per_option_s:.3f} s wall, {cpu:.3f} s cpu per option")


def bench_counterfactual(scenario) -> None:
    """The end screen's "What if…" on a finished hotseat game: its first decision changed
    (500 futures a side, the replayed game; target < 2 s)."""
    seat = (scenario.suggested_humans or scenario.members)[0]
    game = Game(scenario, 1, humans=[seat])
    while game.phase != "ended":
        default_step(game)
    if not decision_points(game):
        return
    cpu = time.process_time()
    result = counterfactual(game, 1)
    cpu = time.process_time() - cpu
    print(f"counterfactual {scenario.id} decision 1 ({result.point.description[:40]}…): "
          f"{result.elapsed_s:.2f} s wall, {cpu:.2f} s cpu "
          f"({result.futures.futures} futures a side; target < 2 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", nargs="*")
    parser.add_argument("--futures", type=int, default=1000)
    args = parser.parse_args()
    per_option: list[float] = []
    for ref in args.scenarios or MAIN:
        scenario = load_scenario(ref)
        seat = (scenario.suggested_humans or scenario.members)[0]
        print(f"{scenario.id} ({scenario.turns} turns), seat {seat}")
        game = Game(scenario, 1, humans=[seat])
        for turn in (1, max(scenario.turns // 2, 1)):
            while game.phase != "ended" and game.turn < turn:
                default_step(game)
            seen = set()
            while game.phase != "ended" and game.turn == turn and game.phase != "report":
                if game.phase not in seen:
                    seen.add(game.phase)
                    measure(game, seat, args.futures, per_option)
                default_step(game)
    if not per_option:
        raise SystemExit("no decision to preview")
    for ref in args.scenarios or MAIN:
        bench_counterfactual(load_scenario(ref))
    print(f"worst {max(per_option):.3f} s, best {min(per_option):.3f} s per option over "
          f"{len(per_option)} decisions")
    print(f"preview: {statistics.median(per_option):.3f} s per option ({args.futures} futures)")


if __name__ == "__main__":
    main()
