"""Policies: who decides for a seat, as a batched object the turn function calls per phase.

A policy decides for one seat across the whole batch at once (arrays with the leading batch
axis), so a Monte Carlo run of a scripted strategy costs the same numpy calls as the AI. The
AI is one policy among others; seats without a named policy are played by the AI on the fast
path (its orders and votes are computed for every seat in one pass, and other policies then
overwrite their own seat's column).

Contract for every phase:
- A policy writes only its own seat's entries (column `seat` of the member axis).
- Randomness comes only from `ctx.rng`, the seat's own counter-based stream for this turn
  (keyed apart from the events, Council and orders streams), so a policy that draws
  numbers never shifts the streams the AI and the events use: paired games stay paired.
  An event's choice draws from a stream of its own (keyed by the event), so whether an
  event fired in some game of the batch never moves the seat's later numbers. A draw must
  not depend on the other games of the batch (no `if mask.any(): ctx.rng...`): each game's
  numbers depend only on its game index (engine/streams.py).
- Every array a policy returns or writes covers the whole batch; games that have ended are
  ignored by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from autonomy_game.engine.council import CouncilSession
    from autonomy_game.engine.orders import Orders
    from autonomy_game.engine.state import GameState
    from autonomy_game.engine.streams import CounterStream
    from autonomy_game.engine.world import CompiledEvent, World


@dataclass
class PolicyContext:
    """What a policy sees when it decides: the world, the state, its random stream."""

    world: World
    state: GameState
    rng: CounterStream  # the seat's stream for this turn (never the AI's streams)
    turn: int  # the turn being played, 1-based
    # Side payments made in this turn's Council, (payer, target, € bn per game [B]): the
    # orders phase hands them to resolution. Use `moves.side_payment` to add one.
    transfers: list[tuple[int, int, object]] = field(default_factory=list)


class Policy(Protocol):
    """One seat's decision maker. Built-in: `ai`, `passive`, `random`, `doctrine`."""

    name: str

    def choose(self, ctx: PolicyContext, seat: int, event: CompiledEvent,
               mask: np.ndarray) -> np.ndarray:
        """The option index [B] (int) this seat picks for `event` in the games of `mask`
        (bool [B]) where the event fired and the seat decides it. Entries outside `mask`
        are ignored."""
        ...

    def council(self, ctx: PolicyContext, seat: int, session: CouncilSession) -> None:
        """Council moves for this seat, written into the session: table an initiative
        (`session.agenda[rows, i] = True`, at most one per game per seat and only where
        `proposable`), cast votes (`session.human_votes[:, seat, :]`, with the seat marked in
        `session.human_mask`), persuade or pay (through the session's bonus with the same
        costs as a human's `Persuade` / `SidePayment`)."""
        ...

    def orders(self, ctx: PolicyContext, seat: int, orders: Orders) -> None:
        """National orders for this seat, in place. `orders` arrives holding the AI advisor's
        orders for every seat (so "keep the advisor's" is doing nothing); the policy rewrites
        column `seat` of each array and must stay within the seat's money and limits, which
        resolution enforces as for a human."""
        ...


class Delegate:
    """A policy that forwards every phase to `inner`. A wrapper that changes one phase (the
    balance command's spending shift or fixed voting) or only watches (`OrderAudit`)
    overrides that phase and inherits the others, so a phase added to `Policy` is forwarded
    in one place. Subclasses declare the `inner` and `name` fields themselves."""

    name: str
    inner: Policy

    def choose(self, ctx: PolicyContext, seat: int, event: CompiledEvent,
               mask: np.ndarray) -> np.ndarray:
        return self.inner.choose(ctx, seat, event, mask)

    def council(self, ctx: PolicyContext, seat: int, session: CouncilSession) -> None:
        self.inner.council(ctx, seat, session)

    def orders(self, ctx: PolicyContext, seat: int, orders: Orders) -> None:
        self.inner.orders(ctx, seat, orders)


@dataclass
class BatchRun:
    """Per-game results of a batch played by policies: what `simulate` and `balance` read.

    Every array has the batch axis first; B = runs.
    """

    scenario_id: str
    seed: int
    policies: dict[str, str]  # seat code -> policy name, for seats not played by the AI
    outcome: np.ndarray  # [B] int, OUTCOME_* of engine.state
    ended_turn: np.ndarray  # [B] turn each game ended (its last turn if it ran to the end)
    defeat_reason: np.ndarray  # [B] index into scenario.goals.defeat, -1 for none
    fired: np.ndarray  # [B, E] bool: the event fired at least once
    fired_turn: np.ndarray  # [B, E] int: the first turn it fired, 0 for never
    choice: np.ndarray  # [B, E] int: the option taken the last time it fired, -1 for none
    objectives: np.ndarray  # [B, K] bool: each secret objective met at the end
    adopted: np.ndarray  # [B, I] bool: the initiative was adopted
    adopted_turn: np.ndarray  # [B, I] int: the turn it was adopted, 0 for never
    final: dict[str, np.ndarray] = field(default_factory=dict)  # Europe indicator -> [B]
    probes: np.ndarray | None = None  # [B, P] expressions read as each game ended (explain)
    variables: np.ndarray | None = None  # [B, V] scenario variables as each game ended
    elapsed_s: float = 0.0
