"""Orders that arrive too late: money on deliveries due after the last turn.

An order placed in a quarter arrives a lead time later (more when the European order book is
overloaded, industry.py). Equipment or shell capacity due after the scenario's last turn never
shows in the game (resolution never files it): its money is spent for nothing the players will
see. The AI uses `arrives_in_time` to plan with the clock, the report warns with
`late_money`, and the observer policy `OrderAudit` (engine/policy/audit.py) sums
`late_procurement` over a batch: one rule for all three.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from autonomy_game.engine.industry import expected_delay

if TYPE_CHECKING:
    from autonomy_game.engine.orders import Orders
    from autonomy_game.engine.state import GameState
    from autonomy_game.engine.world import World


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


def late_procurement(world: World, state: GameState, orders: Orders) -> np.ndarray:
    """€ bn of each member's procurement orders [B, N] (as given, before scaling to the
    budget) whose lead time, with the order book's delay (industry.py), ends after the last
    turn. Orders placed now are filed with `state.turn` quarters completed."""
    late = ~arrives_in_time(world, state.turn, expected_delay(world, state))  # [B, 2, D]
    return np.einsum("bodn,bod->bn", orders.procure, late.astype(float))


def late_money(world: World, state: GameState, orders: Orders) -> np.ndarray:
    """€ bn of each member's orders [B, N] that would be delivered after the last turn: late
    procurement, and shell capacity that comes on line too late."""
    money = late_procurement(world, state, orders)
    if not capacity_in_time(world, state.turn):
        money = money + orders.industry
    return money
