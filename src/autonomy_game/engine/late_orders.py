"""Orders that arrive too late: money on deliveries due after the last turn.

An order placed in a quarter arrives a lead time later (more when the European order book is
overloaded, industry.py). Equipment or shell capacity due after the scenario's last turn never
shows in the game (resolution never files it): its money is spent for nothing the players will
see. The AI uses `arrives_in_time` to plan with the clock, and one observer policy,
`OrderAudit`, measures how much of a batch's order money went that way (issue 9: the advisor
spent 36-47 % of it on such orders): the balance command plays it on a seat, and
`measure_late_orders` plays it through `run_policies` like any other policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from autonomy_game.engine.industry import expected_delay
from autonomy_game.engine.state import OUTCOME_ONGOING
from autonomy_game.engine.world import World

if TYPE_CHECKING:
    from collections.abc import Mapping

    from autonomy_game.engine.council import CouncilSession
    from autonomy_game.engine.orders import Orders
    from autonomy_game.engine.policy.base import Policy, PolicyContext
    from autonomy_game.engine.state import GameState
    from autonomy_game.engine.world import CompiledEvent
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
    be delivered after the last turn: procurement whose lead time (with the order book's
    delay, industry.py) runs past it, and shell capacity that comes on line too late. The
    same rule `OrderAudit` sums over a batch."""
    late = ~arrives_in_time(world, state.turn, expected_delay(world, state))  # [B, 2, D]
    money = np.einsum("bodn,bod->bn", orders.procure, late.astype(float))
    if not capacity_in_time(world, state.turn):
        money = money + orders.industry
    return money


@dataclass
class OrderAudit:
    """An observer policy: `inner` decides every phase unchanged (the AI, usually); on its
    seat's orders phase it reads every seat's orders (they arrive holding the AI's orders for
    all seats, and policies on other seats write theirs before or after) and adds up, over the
    games still going, the money that buys deliveries due after the last turn: procurement
    whose lead time (with the order book's delay) ends after it, and shell capacity that
    comes on line after it. Shares are of the orders as placed, before resolution scales a
    member's orders to its money (the same factor for all of one member's orders, so each
    member's share is exact)."""

    inner: Policy
    name: str = "ai-audit"
    money: float = 0.0
    late: float = 0.0
    by_kind: dict[str, float] = field(default_factory=dict)

    def choose(self, ctx: PolicyContext, seat: int, event: CompiledEvent,
               mask: np.ndarray) -> np.ndarray:
        return self.inner.choose(ctx, seat, event, mask)

    def council(self, ctx: PolicyContext, seat: int, session: CouncilSession) -> None:
        self.inner.council(ctx, seat, session)

    def orders(self, ctx: PolicyContext, seat: int, orders: Orders) -> None:
        self.inner.orders(ctx, seat, orders)
        world, state = ctx.world, ctx.state
        live = state.outcome == OUTCOME_ONGOING
        if not live.any():
            return
        placed = state.turn  # turns completed: resolution files this quarter's orders here
        # The engine's own rule (the AI plans with it, resolution files by it), with the delay
        # an overloaded European order book adds (industry.py).
        late_mask = ~arrives_in_time(world, placed, expected_delay(world, state))  # [B, 2, D]
        late = float((orders.procure[live] * late_mask[live][:, :, :, None]).sum())
        self.by_kind["procurement"] = self.by_kind.get("procurement", 0.0) + late
        if not capacity_in_time(world, placed):
            industry = float(orders.industry[live].sum())
            self.by_kind["shell capacity"] = self.by_kind.get("shell capacity", 0.0) + industry
            late += industry
        self.late += late
        self.money += float(orders.money()[live].sum())

    @property
    def late_share(self) -> float:
        return self.late / self.money if self.money > 0 else 0.0


def measure_late_orders(scenario: Scenario, runs: int, seed: int,
                        policies: Mapping[str, str | Policy] | None = None) -> OrderAudit:
    """Play `runs` games through `run_policies` (seats without a policy are the AI's) with an
    `OrderAudit` on one AI seat, and return it: the order money of every seat on deliveries
    due after the last turn (`late`, `money`, `late_share`). The audit changes no game."""
    from autonomy_game.engine.policy.registry import make_policy
    from autonomy_game.engine.policy.runner import run_policies

    named = dict(policies or {})
    free = [code for code in scenario.members if code not in named
            or str(named[code]).strip().lower() == "ai"]
    if not free:
        raise ValueError("the audit needs one seat played by the AI")
    audit = OrderAudit(make_policy("ai"))
    named[free[0]] = audit
    run_policies(scenario, runs, seed, named)
    return audit
