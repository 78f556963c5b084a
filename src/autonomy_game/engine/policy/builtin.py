"""Two reference players for measurements: `passive` (does nothing) and `random`.

They bracket what a strategy is worth: a rule that cannot beat `passive` on its seat is
doing harm, one that cannot beat `random` is not using what the game shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from autonomy_game.engine.council import ABSTAIN, allowed_votes, proposable
from autonomy_game.engine.orders import EUROPEAN, FOREIGN
from autonomy_game.engine.policy import moves
from autonomy_game.engine.policy.base import PolicyContext

if TYPE_CHECKING:
    from autonomy_game.engine.council import CouncilSession
    from autonomy_game.engine.orders import Orders
    from autonomy_game.engine.streams import CounterStream
    from autonomy_game.engine.world import CompiledEvent, World


def clear_seat_orders(orders: Orders, seat: int) -> None:
    """No new orders for the seat: zero money everywhere and no rounds sent from stock."""
    orders.procure[:, :, :, seat] = 0.0
    orders.shells[:, seat] = 0.0
    orders.industry[:, seat] = 0.0
    orders.aid_rounds[:, seat] = 0.0
    orders.aid_materiel[:, seat] = 0.0
    orders.protect_own[:, seat] = 0.0
    orders.corridor_own[:, seat] = 0.0
    if orders.protect is not None:
        orders.protect[:, seat] = 0.0
    if orders.corridor is not None:
        orders.corridor[:, seat] = 0.0


def _uniform_votes(rng: CounterStream, world: World, batch: int) -> np.ndarray:
    """A uniform pick among the votes each initiative's rule allows: [B, I]."""
    options = [allowed_votes(world, i) for i in range(len(world.initiative_ids))]
    if not options:
        return np.zeros((batch, 0), np.int8)
    width = max(len(o) for o in options)
    table = np.array([o + (o[-1],) * (width - len(o)) for o in options])  # [I, W]
    counts = np.array([len(o) for o in options])
    pick = (rng.random((batch, len(options))) * counts).astype(int)
    return table[np.arange(len(options))[None, :], pick]


class PassivePolicy:
    """Holds the budget at its current % GDP, places no orders, abstains, never proposes.

    Event choices: the first option, as the live game's defaults do (`default_step`): a
    passive seat takes what is put in front of it without weighing the options. Adopted
    initiatives still draw their payments: holding is not walking out of commitments.
    """

    name = "passive"

    def choose(self, ctx: PolicyContext, seat: int, event: CompiledEvent,
               mask: np.ndarray) -> np.ndarray:
        return np.zeros(mask.shape, int)

    def council(self, ctx: PolicyContext, seat: int, session: CouncilSession) -> None:
        moves.vote(ctx, session, seat, np.full(session.human_votes[:, seat].shape, ABSTAIN))

    def orders(self, ctx: PolicyContext, seat: int, orders: Orders) -> None:
        orders.target_pct[:, seat] = ctx.state.defence_pct[:, seat]
        clear_seat_orders(orders, seat)


class RandomPolicy:
    """Uniformly random legal moves, all drawn from the seat's own stream (`ctx.rng`).

    Events: a uniform option. Council: a uniform vote among those the initiative's rule
    allows (yes, abstain, no, and a constructive abstention under unanimity) on each;
    in half the games it tables a uniformly chosen proposable initiative; in a quarter it
    spends a uniform share of its capital persuading a random state on a random agenda item.
    Orders: a budget uniform between the quarter's limits; a uniform share of the money that
    budget gives, split uniformly at random (flat Dirichlet) over procurement, shells, industry,
    aid, protection of its own hubs and its own corridors, and within each over domains and
    origins; rounds from stock uniform up to what it holds.
    """

    name = "random"

    def choose(self, ctx: PolicyContext, seat: int, event: CompiledEvent,
               mask: np.ndarray) -> np.ndarray:
        return ctx.rng.integers(0, len(event.choices), mask.shape)

    def council(self, ctx: PolicyContext, seat: int, session: CouncilSession) -> None:
        rng, state, world = ctx.rng, ctx.state, ctx.world
        b, count = state.batch, len(world.initiative_ids)
        # Table one: a uniform pick among what may be proposed and is not on the agenda yet.
        open_now = proposable(world, state) & ~session.agenda
        keys = np.where(open_now, rng.random((b, count)), -1.0)
        pick = keys.argmax(axis=1)
        wants = (rng.random(b) < 0.5) & open_now.any(axis=1)
        moves.propose(ctx, session, seat, np.where(wants, pick, -1))
        moves.vote(ctx, session, seat, _uniform_votes(rng, world, b))
        # Persuade: one random other state on one random agenda item, in a quarter of games.
        on_agenda = session.agenda
        if len(world.codes) < 2:
            return
        # Drawn in every batch, whatever is on the agenda elsewhere: each game's later numbers
        # (its orders) must not depend on the other games (engine/streams.py).
        keys = np.where(on_agenda, rng.random((b, count)), -1.0)
        item = keys.argmax(axis=1)
        target = rng.integers(0, len(world.codes) - 1, b)
        target = np.where(target >= seat, target + 1, target)  # anyone but the seat
        share = rng.random(b)
        acts = (rng.random(b) < 0.25) & on_agenda.any(axis=1)
        moves.persuade(ctx, session, seat, target, item,
                       np.where(acts, share * state.capital[:, seat], 0.0))

    def orders(self, ctx: PolicyContext, seat: int, orders: Orders) -> None:
        rng, state, world = ctx.rng, ctx.state, ctx.world
        b = state.batch
        low, high = moves.budget_limits(world, state, seat)
        pct = low + rng.random(b) * (high - low)
        orders.target_pct[:, seat] = pct
        full = state.defence_pct.copy()
        full[:, seat] = pct
        money = moves.discretionary(world, state, full)[:, seat] - moves.paid_so_far(ctx, seat)
        spend = np.maximum(money, 0.0) * rng.random(b)
        clear_seat_orders(orders, seat)
        has_hubs = world.owned_hub_share[seat].sum() > 0
        has_corridors = world.owned_corridor_share[seat].sum() > 0
        kinds = rng.dirichlet(np.ones(6), b) * spend[:, None]
        kinds[:, 4] *= has_hubs
        kinds[:, 5] *= has_corridors
        procure, shells, industry, materiel, protect, corridor = kinds.T
        domains = orders.procure.shape[2]
        cells = rng.dirichlet(np.ones(2 * domains), b) * procure[:, None]
        orders.procure[:, EUROPEAN, :, seat] = cells[:, :domains]
        orders.procure[:, FOREIGN, :, seat] = cells[:, domains:]
        orders.shells[:, seat] = rng.dirichlet(np.ones(2), b) * shells[:, None]
        orders.industry[:, seat] = industry
        orders.aid_materiel[:, seat] = materiel
        orders.protect_own[:, seat] = rng.dirichlet(np.ones(3), b) * protect[:, None]
        orders.corridor_own[:, seat] = corridor
        orders.aid_rounds[:, seat] = rng.random(b) * state.ammunition[:, seat]
