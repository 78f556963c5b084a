"""Classroom load on loopback: 30 simulated groups' pages play a whole game. Prints figures.

Five pages per seat for six seats join over WebSocket and play (event picks, yes votes,
defence spending, ready) until the game ends; reported: the p95 (and median) latency of an
action (request -> reply, for requests the server took; those its rate limit turned away are
counted and sent again), of a broadcast (server push -> arrival), the server's time to build
one push's views, and whether every client saw the same final state.

    PYTHONPATH=src python benchmarks/bench_classroom.py [--scenario us-withdrawal] [--per-seat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.class_load import p95, play_class
from tests.support.classroom import RunningServer, new_class

from autonomy_game.scenario.validate import load_scenario

SEATS = ["DE", "FR", "PL", "IT", "ES", "NL"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default="us-withdrawal")
    parser.add_argument("--per-seat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    room = new_class(load_scenario(args.scenario), SEATS, seed=args.seed)
    room.teacher_request({"type": "start"})
    start = time.perf_counter()
    with RunningServer(room) as srv:
        results = asyncio.run(play_class(srv.url, {s: room.teams[s].code for s in SEATS},
                                         args.per_seat, deadline=1800))
        pushes = list(srv.hub.broadcasts)
    wall = time.perf_counter() - start
    actions = [x for r in results for x in r.action_s]
    frames = [x for r in results for x in r.broadcast_s]
    finals = {json.dumps(r.final, sort_keys=True) for r in results}
    print(f"{args.scenario}: {len(results)} clients, {room.game.turn} turns, game "
          f"{room.game.phase} ({room.game.outcome}) in {wall:.1f} s")
    limited = sum(r.limited for r in results)
    print(f"rate-limited replies (sent again after {1000 / 5:.0f} ms): {limited}")
    print(f"action latency: p95 {1000 * p95(actions):.1f} ms, median "
          f"{1000 * statistics.median(actions):.1f} ms over {len(actions)} requests")
    print(f"broadcast latency (push -> arrival): p95 {1000 * p95(frames):.1f} ms, median "
          f"{1000 * statistics.median(frames):.1f} ms over {len(frames)} frames")
    print(f"server time to build one push's views: p95 {1000 * p95(pushes):.1f} ms over "
          f"{len(pushes)}")
    print(f"every client saw the same final state: {len(finals) == 1}")
    return 0 if len(finals) == 1 and room.game.phase == "ended" else 1


if __name__ == "__main__":
    sys.exit(main())
