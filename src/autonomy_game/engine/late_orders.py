"""Orders that arrive too late: money on deliveries due after the last turn.

An order placed in a quarter arrives a lead time later. Equipment or shell capacity due after
the scenario's last turn never shows in the game (resolution never files it): its money is
spent for nothing the players will see. The AI uses `arrives_in_time` to plan with the clock,
and `late_order_share` measures how much of a batch's order money went that way (issue 9: the
advisor spent 36-47 % of it on such orders).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from autonomy_game.engine.orders import Orders
from autonomy_game.engine.state import OUTCOME_ONGOING, GameState
from autonomy_game.engine.world import World

if TYPE_CHECKING:
    from collections.abc import Mapping

    from autonomy_game.engine.policy.base import Policy
    from autonomy_game.scenario.model import Scenario


def arrives_in_time(world: World, turn: int, delay: np.ndarray | None = None) -> np.ndarray:
    """Which procurement orders placed with `turn` quarters played arrive by the last turn:
    [2, D] bool, origin (European, foreign) by domain. A zero lead time arrives at once; an
    order with lead L placed after `turn` completed quarters arrives when turn + L are done,
    which must be before the game's `turns` run out (as resolution files it). With `delay`
    [B, D] (extra quarters of European lead time from an overloaded order book, industry.py)
    the answer is per game: [B, 2, D]."""
    leads = np.stack([world.lead_european, world.lead_foreign])
    if delay is None:
        return (leads == 0) | (turn + leads < world.turns)
    waits = np.broadcast_to(leads[None], (delay.shape[0], *leads.shape)).copy()
    waits[:, 0] += delay
    return (waits == 0) | (turn + waits < world.turns)


def capacity_in_time(world: World, turn: int) -> bool:
    """Whether shell production capacity ordered now comes on line by the last turn."""
    lead = world.scenario.ammunition.capacity_lead
    return lead == 0 or turn + lead < world.turns


def late_money(world: World, state: GameState, orders: Orders) -> np.ndarray:
    """€ bn of each member's orders [B, N] (as given, before scaling to the budget) that would
    be delivered after the last turn: procurement whose lead time runs past it, and shell
    capacity that comes on line too late."""
    late = ~arrives_in_time(world, state.turn)  # [2, D]
    money = np.einsum("bodn,od->bn", orders.procure, late.astype(float))
    if not capacity_in_time(world, state.turn):
        money = money + orders.industry
    return money


@dataclass
class LateOrderTally:
    """Order money over a batch's games and turns: how much of it arrives too late."""

    late: float = 0.0  # € bn
    total: float = 0.0  # € bn

    @property
    def share(self) -> float:
        return self.late / self.total if self.total > 0 else 0.0

    def add(self, late: np.ndarray, wanted: np.ndarray, spent: np.ndarray,
            ongoing: np.ndarray) -> None:
        """Count one turn's orders of the games still being played (`ongoing` [B]): `late`
        and `wanted` [B, N] as the orders were given (`late_money`, `Orders.money`), `spent`
        what resolution let them spend; the late part is scaled by the same factor."""
        factor = np.divide(spent, wanted, out=np.zeros_like(spent), where=wanted > 1e-12)
        rows = ongoing[:, None]
        self.late += float((late * factor * rows).sum())
        self.total += float((spent * rows).sum())


def measure_late_orders(scenario: Scenario, runs: int, seed: int,
                        policies: Mapping[int, Policy] | None = None) -> LateOrderTally:
    """Play `runs` games as `simulate` does (same streams, same phases; seats without a
    policy are the AI's) and tally the order money on deliveries due after the last turn."""
    from autonomy_game.engine.state import new_state
    from autonomy_game.engine.turn import (
        TurnPolicies,
        close_council,
        council_phase,
        events_phase,
        finish_turn,
        orders_phase,
        turn_streams,
    )
    from autonomy_game.engine.world import build_world

    world = build_world(scenario)
    state = new_state(world, runs)
    seeds = np.random.SeedSequence(seed)
    no_humans = np.zeros(len(world.codes), bool)
    tally = LateOrderTally()
    for turn in range(world.turns):
        streams = turn_streams(seeds, turn)
        players = TurnPolicies.for_turn(world, state, streams, policies, None)
        opening = events_phase(world, state, streams, players, no_humans, True)
        session = council_phase(world, state, streams, players, no_humans)
        close_council(world, state, session)
        orders, _, _ = orders_phase(world, state, streams, players)
        late, wanted = late_money(world, state, orders), orders.money()
        ledger = finish_turn(world, state, orders, opening.ctx)
        tally.add(late, wanted, ledger.orders, opening.ongoing)
        if not (state.outcome == OUTCOME_ONGOING).any():
            break
    return tally
