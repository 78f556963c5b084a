"""The policies playing one turn: which seats they hold, their contexts, and the calls into them.

The turn function asks this object at each phase; it keeps the AI's fast path when no seat
has a policy of its own (`active` is False: nothing is called, nothing is allocated).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from autonomy_game.engine.policy.ai_policy import is_ai
from autonomy_game.engine.policy.base import Policy, PolicyContext

if TYPE_CHECKING:
    from autonomy_game.engine.council import CouncilSession
    from autonomy_game.engine.orders import Orders
    from autonomy_game.engine.state import GameState
    from autonomy_game.engine.turn import TurnStreams
    from autonomy_game.engine.world import CompiledEvent, World


EVENT_STREAM = 1 << 20  # a seat's event choices fork its stream under this tag and the event


@dataclass
class TurnPolicies:
    """Non-AI policies by member index for one turn, and the options forced on events."""

    world: World
    state: GameState
    streams: TurnStreams | None
    policies: dict[int, Policy] = field(default_factory=dict)
    forced: dict[int, int] = field(default_factory=dict)  # event index -> option index
    transfers: list[tuple[int, int, object]] = field(default_factory=list)  # side payments
    _contexts: dict[int, PolicyContext] = field(default_factory=dict)

    @classmethod
    def for_turn(cls, world: World, state: GameState, streams: TurnStreams | None,
                 policies: Mapping[int, Policy] | None = None,
                 forced: Mapping[int, int] | None = None) -> TurnPolicies:
        members = len(world.codes)
        own = {}
        for seat, policy in (policies or {}).items():
            if not 0 <= seat < members:
                raise ValueError(f"seat {seat} is not a member index (0..{members - 1})")
            if not is_ai(policy):
                own[int(seat)] = policy
        return cls(world, state, streams, own, dict(forced or {}))

    @property
    def active(self) -> bool:
        """Whether anything here changes the AI's turn."""
        return bool(self.policies or self.forced)

    @property
    def mask(self) -> np.ndarray:
        """Seats whose Council votes come from a policy: [N] bool."""
        mask = np.zeros(len(self.world.codes), bool)
        mask[list(self.policies)] = True
        return mask

    def context(self, seat: int) -> PolicyContext:
        """The seat's context for this turn (its random stream continues across phases)."""
        if seat not in self._contexts:
            if self.streams is None:
                raise ValueError("no random streams for the policies this turn")
            self._contexts[seat] = PolicyContext(self.world, self.state,
                                                 self.streams.policy_rng(seat),
                                                 int(self.state.turn) + 1,
                                                 transfers=self.transfers)
        return self._contexts[seat]

    def decide(self, event: CompiledEvent, mask: np.ndarray) -> np.ndarray | None:
        """Options for `event` in the games of `mask`, or None when the AI or humans decide.

        A forced option overrides whoever decides; otherwise a seat's policy decides the
        events whose decider is that seat. Council decisions (decider -1) stay with the AI.
        """
        if event.index in self.forced:
            return np.full(mask.shape, self.forced[event.index], int)
        policy = self.policies.get(event.decider)
        if policy is None:
            return None
        # The event's own stream: the seat is asked only where the event fired somewhere in
        # the batch, so drawing from the seat's stream would make its later numbers depend
        # on the other games.
        ctx = dataclasses.replace(self.context(event.decider),
                                  rng=self.context(event.decider).rng.fork(EVENT_STREAM,
                                                                           event.index))
        picks = np.asarray(policy.choose(ctx, event.decider, event, mask))
        return np.where(mask, picks, 0).astype(int)

    def council(self, session: CouncilSession) -> None:
        for seat, policy in self.policies.items():
            policy.council(self.context(seat), seat, session)

    def orders(self, orders: Orders) -> None:
        """Each policy rewrites its seat's orders; they must stay finite and non-negative."""
        for seat, policy in self.policies.items():
            policy.orders(self.context(seat), seat, orders)
            check_seat_orders(orders, seat, policy.name)


def check_seat_orders(orders: Orders, seat: int, name: str) -> None:
    """A policy's orders must be numbers, amounts at least zero (ValueError naming it)."""
    columns = [orders.procure[:, :, :, seat], orders.shells[:, seat], orders.industry[:, seat],
               orders.aid_rounds[:, seat], orders.aid_materiel[:, seat],
               orders.protect_own[:, seat], orders.corridor_own[:, seat]]
    if orders.protect is not None:
        columns.append(orders.protect[:, seat])
    if orders.corridor is not None:
        columns.append(orders.corridor[:, seat])
    for values in columns:
        if not np.isfinite(values).all() or (values < 0).any():
            raise ValueError(f"policy '{name}' gave negative or non-finite orders for seat "
                             f"{seat}")
    if not np.isfinite(orders.target_pct[:, seat]).all():
        raise ValueError(f"policy '{name}' gave a non-finite budget for seat {seat}")
