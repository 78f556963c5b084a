"""The AI as a policy: what seats without a policy of their own do.

The turn function never calls it for its orders or votes: the AI plays every such seat in one
vectorised pass (`engine.ai`, `engine.council`), so naming `ai` for a seat is the same as
naming nothing. Its `choose` is the AI's event rule, for callers that ask a policy directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from autonomy_game.engine.policy.base import Policy, PolicyContext

if TYPE_CHECKING:
    from autonomy_game.engine.council import CouncilSession
    from autonomy_game.engine.orders import Orders
    from autonomy_game.engine.world import CompiledEvent


class AIPolicy:
    """The built-in advisor: the engine's own rules of thumb."""

    name = "ai"

    def choose(self, ctx: PolicyContext, seat: int, event: CompiledEvent,
               mask: np.ndarray) -> np.ndarray:
        from autonomy_game.engine.events import choice_scores
        from autonomy_game.engine.expressions import EvalContext

        return choice_scores(event, EvalContext(ctx.state, ctx.world), mask).argmax(axis=1)

    def council(self, ctx: PolicyContext, seat: int, session: CouncilSession) -> None:
        """Nothing: the session already holds the AI's stance for every seat."""

    def orders(self, ctx: PolicyContext, seat: int, orders: Orders) -> None:
        """Nothing: the orders arrive holding the AI's for every seat."""


def is_ai(policy: Policy | None) -> bool:
    """Whether a seat with this policy is played on the AI's fast path."""
    return policy is None or isinstance(policy, AIPolicy)
