"""Small policies the balance command needs: the AI with one thing changed.

Each wraps an inner policy (the AI, from the policy registry) and changes one phase:
- `SpendingShift`: the AI's defence spending path moved by a fixed number of % GDP points
  (a "sensible" policy at another spending level);
- `VotingOnly`: the AI's orders and event choices, but the seat always abstains, always votes
  no or always votes yes in the Council (how much one seat's voting alone matters);
- `OrderAudit` (engine/policy/audit.py, the one late-order measurement): the AI unchanged,
  recording how much of every seat's order money buys equipment or shell capacity that would
  arrive after the last turn.
All three forward the phases they leave alone through `engine.policy.base.Delegate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from autonomy_game.engine.council import ABSTAIN, NO, YES
from autonomy_game.engine.policy.audit import OrderAudit
from autonomy_game.engine.policy.base import Delegate, Policy, PolicyContext
from autonomy_game.engine.resolution import pct_limits

if TYPE_CHECKING:
    from autonomy_game.engine.council import CouncilSession
    from autonomy_game.engine.orders import Orders

__all__ = ["OrderAudit", "SpendingShift", "VotingOnly"]  # OrderAudit: the engine's observer

VOTES = {"abstain": ABSTAIN, "no": NO, "yes": YES}


def _scale_seat(orders: Orders, seat: int, factor: np.ndarray) -> None:
    """Scale every money order of one seat by factor [B] (aid from stock is not money)."""
    orders.procure[:, :, :, seat] *= factor[:, None, None]
    orders.shells[:, seat] *= factor[:, None]
    orders.industry[:, seat] *= factor
    orders.aid_materiel[:, seat] *= factor
    orders.protect_own[:, seat] *= factor[:, None]
    orders.corridor_own[:, seat] *= factor
    if orders.protect is not None:
        orders.protect[:, seat] *= factor[:, None, None]
    if orders.corridor is not None:
        orders.corridor[:, seat] *= factor[:, None]


@dataclass
class SpendingShift(Delegate):
    """The AI, its defence spending path moved by `delta` % GDP points.

    The AI sets its target relative to this quarter's level, so adding `delta` every quarter
    would ratchet. The wrapper follows a shadow of the AI's own path instead (the level plus
    the change the AI asks for, quarter by quarter) and targets that shadow + delta, within
    the quarter's fiscal limits; the AI's money orders are scaled by the money the new level
    gives over the money the AI planned with.
    """

    inner: Policy
    delta: float
    name: str = ""
    _shadow: dict[int, np.ndarray] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.name:
            self.name = f"ai{self.delta:+g}%gdp"

    def orders(self, ctx: PolicyContext, seat: int, orders: Orders) -> None:
        self.inner.orders(ctx, seat, orders)
        state, world = ctx.state, ctx.world
        level = state.defence_pct[:, seat]
        if ctx.turn <= 1 or seat not in self._shadow:
            self._shadow[seat] = level.copy()
        ai_target = orders.target_pct[:, seat].copy()
        shadow = self._shadow[seat] + (ai_target - level)  # the AI's own path
        self._shadow[seat] = shadow
        low, high = pct_limits(world, state)
        target = np.clip(shadow + self.delta, low[:, seat], high[:, seat])
        upkeep = 1.0 - world.params["upkeep_share"]
        gdp = state.gdp[:, seat]
        planned = orders.money()[:, seat]
        # The AI planned with its unclipped target: what it kept back for adopted initiatives.
        committed = gdp * ai_target / 400.0 * upkeep - planned
        wanted = np.maximum(gdp * target / 400.0 * upkeep - committed, 0.0)
        factor = np.where(planned > 1e-9, wanted / np.maximum(planned, 1e-9), 1.0)
        orders.target_pct[:, seat] = target
        _scale_seat(orders, seat, factor)


@dataclass
class VotingOnly(Delegate):
    """The AI in every phase but the Council vote, where the seat casts `vote` on everything
    (abstain, no or yes). It tables nothing itself: proposals stay the presidency's."""

    inner: Policy
    vote: str
    name: str = ""

    def __post_init__(self) -> None:
        if self.vote not in VOTES:
            raise ValueError(f"vote must be one of {', '.join(VOTES)}")
        if not self.name:
            self.name = f"votes-{self.vote}"

    def council(self, ctx: PolicyContext, seat: int, session: CouncilSession) -> None:
        session.human_votes[:, seat, :] = VOTES[self.vote]
        session.human_mask[seat] = True
        session.invalidate()
