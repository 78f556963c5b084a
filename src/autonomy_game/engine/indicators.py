"""Derived Europe-wide indicators: coverage of requirements, gaps, deterrence and autonomy.

They are recomputed from the underlying arrays after every change of phase so that what the
player reads, what expressions test and what the AI weighs always agree.
"""

from __future__ import annotations

import numpy as np

from autonomy_game.engine.alliance import guarantee_shortfall
from autonomy_game.engine.expressions import EvalContext
from autonomy_game.engine.reductions import mean_last, min_last, sum_last
from autonomy_game.engine.state import GameState
from autonomy_game.engine.untrusted import MAX_STATE
from autonomy_game.engine.world import World


def update_indicators(world: World, state: GameState) -> None:
    derived = derived_indicators(world, state)
    state.budget = derived["budget"]
    state.coverage = derived["coverage"]
    state.gap = derived["gap"]
    state.deterrence = derived["deterrence"]
    state.autonomy = derived["autonomy"]
    if world.indicator_values:
        update_scenario_indicators(world, state)


def derived_indicators(world: World, state: GameState) -> dict[str, np.ndarray]:
    """The derived figures from the raw arrays, without writing them: budget [B, N],
    coverage and gap [B, D], deterrence and autonomy [B]. The causal ledger (causes.py) reads
    them between phases; `update_indicators` writes them."""
    budget = state.gdp * state.defence_pct / 100.0 / 4.0
    european_total = sum_last(state.capability)  # [B, D]
    us_fill = us_support(world, state)
    requirement = np.maximum(world.requirement, 1e-9)[None, :]
    coverage = (european_total + us_fill) / requirement
    covered = np.minimum(coverage, 1.0)
    gap = 1.0 - covered
    # Deterrence is only as strong as the weakest domain: half the mean, half the minimum,
    # discounted when the Union looks divided, and weaker when the U.S. troops and nuclear
    # guarantee behind NATO's members thin out (alliance.py).
    strength = 0.5 * mean_last(covered) + 0.5 * min_last(covered)
    deterrence = np.clip(strength * (0.75 + 0.25 * state.cohesion)
                         - guarantee_shortfall(world, state), 0.0, 1.0)
    # Autonomy: how much of the requirement Europe covers with capability made in Europe.
    european_made = np.maximum(european_total - sum_last(state.capability_foreign), 0.0)
    autonomy = mean_last(np.minimum(european_made / requirement, 1.0))
    return {"budget": budget, "coverage": coverage, "gap": gap, "deterrence": deterrence,
            "autonomy": autonomy}


def update_scenario_indicators(world: World, state: GameState) -> None:
    """The scenario's own indicators (format 2), kept current with Europe's: finite and
    within the state's bounds whatever the author's expression does."""
    ctx = EvalContext(state, world)
    for k, expression in enumerate(world.indicator_values):
        state.scenario_values[:, k] = np.clip(np.nan_to_num(expression.evaluate(ctx)),
                                              -MAX_STATE, MAX_STATE)


def us_support(world: World, state: GameState) -> np.ndarray:
    """U.S. capability still filling each domain: support x commitment x the domain's
    presence (a scenario can withdraw enablers before fighters): [B, D]."""
    return world.us_support[None, :] * state.us_commitment[:, None] * state.us_presence


def national_requirement(world: World, state: GameState) -> np.ndarray:
    """Each member's fair share of Europe's requirement, by GDP: [B, D, N] (as capability)."""
    gdp_share = state.gdp / sum_last(state.gdp)[:, None]
    return gdp_share[:, None, :] * world.requirement[None, :, None]
