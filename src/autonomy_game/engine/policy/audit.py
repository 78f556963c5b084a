"""The late-order audit: how much order money buys deliveries due after the last turn.

Issue 9 found the advisor spending 36-47 % of its order money on equipment that arrives after
the scenario's last turn. `OrderAudit` is an observer policy that measures it with the
engine's own rule (`engine.late_orders.late_procurement`, the rule the AI plans with and
resolution files by): the balance command plays it on a seat, and `measure_late_orders`
plays it through `run_policies` like any other policy. It lives beside the policies, not in
`late_orders`, which the resolution imports and so must not import the policy package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from autonomy_game.engine.late_orders import capacity_in_time, late_procurement
from autonomy_game.engine.policy.base import Delegate, Policy, PolicyContext
from autonomy_game.engine.state import OUTCOME_ONGOING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from autonomy_game.engine.orders import Orders
    from autonomy_game.scenario.model import Scenario


@dataclass
class OrderAudit(Delegate):
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

    def orders(self, ctx: PolicyContext, seat: int, orders: Orders) -> None:
        self.inner.orders(ctx, seat, orders)
        world, state = ctx.world, ctx.state
        live = state.outcome == OUTCOME_ONGOING
        if not live.any():
            return
        late = float(late_procurement(world, state, orders)[live].sum())
        self.by_kind["procurement"] = self.by_kind.get("procurement", 0.0) + late
        if not capacity_in_time(world, state.turn):
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
