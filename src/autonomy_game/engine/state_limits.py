"""The declared range of every `GameState` field: what a loaded snapshot must respect and
what the fuzz tests assert after every turn ("no non-finite state").

Shares are 0..1, money, stocks and flows are non-negative, codes (outcome, statuses, turns)
are whole numbers in their few legal values, and nothing is beyond `MAX_STATE`. The
ranges are the ones the engine keeps itself (tests/test_untrusted.py plays the bundled
scenarios and checks every turn against them), so a genuine save is never refused by them.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from autonomy_game.engine.state import OUTCOME_NAMES, STATUS_DELIVERED, GameState
from autonomy_game.engine.untrusted import MAX_STATE, array_problem
from autonomy_game.engine.world import World
from autonomy_game.scenario.format_spec import MAX_TURNS

SHARES = ("fiscal_space", "support", "atlanticism", "threat", "us_commitment", "cohesion",
          "deterrence", "adversary_pressure", "autonomy", "ukraine_front", "ukraine_delivered",
          "us_presence", "gap", "hub_health", "hub_protection", "corridor_open",
          "overlay_health")
NON_NEGATIVE = ("gdp", "defence_pct", "budget", "capital", "ammunition", "shell_capacity",
                "aid_sent", "capability", "capability_foreign", "ordered", "on_order",
                "capacity_pipeline", "spent", "coverage", "eu_funds", "epf_funds",
                "loan_credit", "loan_drawn", "loan_debt", "loan_grace", "cofinance_credit",
                "ukraine_need", "aid_flow", "explosives_capacity", "industry_capacity",
                "price_index",
                "aid_backlog", "backlog_rounds", "shell_price", "corridor_capacity",
                "corridor_flow", "initiative_progress")


def field_ranges(world: World) -> dict[str, tuple[float, float]]:
    """(low, high) for each numeric field; fields not named are within +-MAX_STATE."""
    turns = world.turns
    ranges: dict[str, tuple[float, float]] = {name: (0.0, 1.0) for name in SHARES}
    ranges.update({name: (0.0, MAX_STATE) for name in NON_NEGATIVE})
    ranges.update({
        "turn_number": (1, turns + 1),
        "outcome": (0, len(OUTCOME_NAMES) - 1),
        "defeat_reason": (-1, len(world.scenario.goals.defeat) - 1),
        "ended_turn": (0, turns),
        "initiative_status": (0, STATUS_DELIVERED),
        "initiative_cooldown": (0, turns + 2 * MAX_TURNS),
        "later_due": (0, turns + MAX_TURNS + 1),
        "declared": (0, 4),  # world.DECLARED_CODES
        "last_vote": (-1, 1),
    })
    return ranges


def state_problems(state: GameState, world: World) -> list[str]:
    """Every field outside its range or not finite, as `field: problem`; empty when sound."""
    ranges = field_ranges(world)
    problems = []
    for f in dataclasses.fields(state):
        value = getattr(state, f.name)
        if isinstance(value, np.ndarray):
            low, high = ranges.get(f.name, (-MAX_STATE, MAX_STATE))
            problem = array_problem(value, low, high)
            if problem is not None:
                problems.append(f"{f.name} {problem}")
    return problems
