"""`autonomy-game list [--json]`: the bundled scenarios, by id."""

from __future__ import annotations

import argparse
import json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "list", help="list the bundled scenarios",
        description="List the bundled scenarios: id, number of turns and title.",
    )
    parser.add_argument("--json", action="store_true",
                        help="print a JSON list of {id, title, turns, path} objects")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from autonomy_game.scenario.bundled import bundled_scenarios

    infos = bundled_scenarios()
    if args.json:
        rows = [{"id": i.id, "title": i.title, "turns": i.turns, "path": str(i.path)}
                for i in infos]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not infos:
        print("no bundled scenarios found")
        return 0
    width = max(len(i.id) for i in infos)
    for info in infos:
        print(f"{info.id:<{width}}  {info.turns:>2} turns  {info.title}")
    return 0
