"""Goals split into the clauses their author wrote (`a and b and (c or d)` -> a, b, c, d).

Knowing that victory failed tells an author little; knowing that `ukraine_front >= 0.45` held
in 90 % of games while `deterrence > 0.72` held in 41 % says which line to move. The split
follows the `and`/`or` tree of the expression as written, so each clause is a piece of text
the author recognises.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from autonomy_game.scenario.model import Scenario

MAX_CLAUSES = 12  # per goal: beyond this a goal is summarised whole


@dataclass(frozen=True)
class Judged:
    """One thing the game judges at the end: a goal, a defeat or a secret objective."""

    key: str  # "victory", "partial", "defeat:ID", "objective:PL"
    text: str  # what the player reads
    expression: str  # the whole condition
    clauses: tuple[str, ...]  # its leaves, as written; empty when it has only one


def split_clauses(expression: str) -> tuple[str, ...]:
    """The leaves of the `and`/`or` tree of `expression`, as written (empty for one leaf)."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    text = expression.strip()
    leaves: list[str] = []

    def walk(node: ast.AST) -> None:
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                walk(value)
            return
        segment = ast.get_source_segment(text, node)
        if segment:
            leaves.append(segment.strip())

    walk(tree.body)
    if len(leaves) < 2 or len(leaves) > MAX_CLAUSES:
        return ()
    return tuple(dict.fromkeys(leaves))


def judged_items(scenario: Scenario) -> list[Judged]:
    """Victory, partial, each defeat and each secret objective, with their clauses."""
    goals = scenario.goals
    items = [Judged("victory", goals.victory.text, goals.victory.when.text,
                    split_clauses(goals.victory.when.text)),
             Judged("partial", goals.partial.text, goals.partial.when.text,
                    split_clauses(goals.partial.when.text))]
    items += [Judged(f"defeat:{d.id}", d.text, d.when.text, split_clauses(d.when.text))
              for d in goals.defeat]
    items += [Judged(f"objective:{code}", o.text, o.when.text, split_clauses(o.when.text))
              for code, o in scenario.objectives.items()]
    return items
