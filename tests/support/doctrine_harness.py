"""A minimal batched turn loop with doctrine policies on some seats, for the doctrine tests.

It follows `engine.turn.play_ai_turn` phase by phase and hands each policy its seat, the way
the policy runner does (a policy's event choice applies only where its event fired). It exists
so the doctrine tests do not depend on the runner's internals.
"""

from __future__ import annotations

import numpy as np

from autonomy_game.engine.ai import ai_orders
from autonomy_game.engine.council import close_session, open_session
from autonomy_game.engine.events import fire_events, schedule_later
from autonomy_game.engine.goals import check_goals
from autonomy_game.engine.indicators import update_indicators
from autonomy_game.engine.policy.base import PolicyContext
from autonomy_game.engine.resolution import resolve
from autonomy_game.engine.state import OUTCOME_ONGOING, new_state
from autonomy_game.engine.turn import begin_turn, turn_streams
from autonomy_game.engine.world import World


def play(world: World, runs: int, seed: int, policies: dict[int, object],
         checks=None):
    """Play a batch to the end; `checks(ctx, orders, seat)` is called after each policy's
    orders (for invariants). Returns the final state."""
    state = new_state(world, runs)
    seeds = np.random.SeedSequence(seed)
    mask = np.zeros(len(world.codes), bool)
    for seat in policies:
        mask[seat] = True
    for turn in range(world.turns):
        streams = turn_streams(seeds, turn)
        policy_rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(turn, 99)))
        ctx_eval = begin_turn(world, state, turn == 0)
        ctx = PolicyContext(world, state, policy_rng, turn + 1)
        fired, pending = fire_events(world, state, streams.events, mask, ctx_eval)
        for item in pending:
            ev = world.events[item.event]
            seat = item.decider if item.decider >= 0 else next(iter(policies))
            where = fired[:, ev.index]
            picks = policies[seat].choose(ctx, seat, ev, where) if seat in policies else \
                np.zeros(state.batch, int)
            for k, choice in enumerate(ev.choices):
                chosen = where & (picks == k)
                if chosen.any():
                    for statement in choice.effects:
                        statement.execute(ctx_eval, chosen)
                    schedule_later(choice.later, state, chosen)
        update_indicators(world, state)
        session = open_session(world, state, streams.council, np.zeros(len(world.codes), bool))
        for seat, policy in policies.items():
            policy.council(ctx, seat, session)
        close_session(world, state, session)
        orders, _ = ai_orders(world, state, streams.orders)
        for seat, policy in policies.items():
            policy.orders(ctx, seat, orders)
            if checks is not None:
                checks(ctx, orders, seat)
        resolve(world, state, orders)
        state.turn += 1
        state.turn_number[:] = state.turn
        check_goals(world, state, ctx_eval)
        if not (state.outcome == OUTCOME_ONGOING).any():
            break
    return state
