"""All-AI batches with one seat whose Council votes are fixed (always no, always abstain).

Issue 9's balance target: no single seat's voting behaviour alone, its orders still the AI's,
moves victory by more than 40 points. The seat's votes replace its AI stance in every
Council; events and orders stay the AI's; the same seeds as `simulate`, so the games are
paired with the all-AI baseline.
"""

from __future__ import annotations

import numpy as np

from autonomy_game.engine.ai import ai_orders
from autonomy_game.engine.council import open_session
from autonomy_game.engine.events import fire_events
from autonomy_game.engine.goals import check_goals
from autonomy_game.engine.indicators import update_indicators
from autonomy_game.engine.resolution import resolve
from autonomy_game.engine.state import OUTCOME_ONGOING, OUTCOME_VICTORY, new_state
from autonomy_game.engine.turn import begin_turn, close_council, turn_streams
from autonomy_game.engine.world import build_world
from autonomy_game.scenario.model import Scenario


def victory_rate_with_fixed_votes(scenario: Scenario, runs: int, seed: int,
                                  seat: str | None, vote: int, announced: bool = True) -> float:
    """Share of `runs` games won when `seat` casts `vote` on everything (None: all AI).

    `announced`: the presidency knows the seat's position before it sets the agenda; without,
    the seat votes only once the agenda is set (as a human at the table does), and the
    presidency withdraws and replaces what it would block.
    """
    world = build_world(scenario)
    state = new_state(world, runs)
    seeds = np.random.SeedSequence(seed)
    no_humans = np.zeros(len(world.codes), bool)
    mask = no_humans.copy()
    if seat is not None:
        mask[world.codes.index(seat)] = True
    for turn in range(world.turns):
        streams = turn_streams(seeds, turn)
        ctx = begin_turn(world, state)
        fire_events(world, state, streams.events, no_humans, ctx)
        update_indicators(world, state)
        known = np.full((runs, len(world.codes), len(world.initiative_ids)), vote, np.int8)
        # The seat's position is known before the agenda is set (it says so in the
        # preparatory meetings), so the presidency does not table what it would block.
        session = open_session(world, state, streams.council, mask,
                               known_votes=known if announced else None)
        if seat is not None:
            session.human_votes[:, mask, :] = vote
        close_council(world, state, session)
        orders, _ = ai_orders(world, state, streams.orders)
        resolve(world, state, orders)
        state.turn += 1
        state.turn_number[:] = state.turn
        check_goals(world, state, ctx)
        if not (state.outcome == OUTCOME_ONGOING).any():
            break
    return float((state.outcome == OUTCOME_VICTORY).mean())
