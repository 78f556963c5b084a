"""A seat's legal moves over a whole batch: what policies call to act like a human would.

Each helper applies the same rules and costs as the live game's actions (`Propose`, `Vote`,
`Persuade`, `SidePayment`, the orders' money limit), one value per game, and clips what a
policy asks for to what is allowed rather than failing: a scripted strategy that asks for too
much simply gets all it may have, as a player pressing "+" would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from autonomy_game.engine.council import (
    ABSTAIN,
    CONSTRUCTIVE,
    NO,
    YES,
    allowed_votes,
    eligible,
    proposable,
)
from autonomy_game.engine.resolution import pct_limits

if TYPE_CHECKING:
    from autonomy_game.engine.council import CouncilSession
    from autonomy_game.engine.policy.base import PolicyContext
    from autonomy_game.engine.state import GameState
    from autonomy_game.engine.world import World


def discretionary(world: World, state: GameState, pct: np.ndarray) -> np.ndarray:
    """€ bn each member may spend on orders this quarter at defence % GDP `pct` [B, N]:
    next quarter's GDP at that share, less upkeep and what adopted initiatives will ask."""
    from autonomy_game.engine.ai import committed_payments

    gdp = state.gdp * (1 + world.params["gdp_growth"])
    money = gdp * pct / 400.0 * (1 - world.params["upkeep_share"])
    return np.maximum(money - committed_payments(world, state), 0.0)


def budget_limits(world: World, state: GameState, seat: int) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest defence % GDP the seat may set this quarter: each [B]."""
    low, high = pct_limits(world, state)
    return low[:, seat], high[:, seat]


def paid_so_far(ctx: PolicyContext, seat: int) -> np.ndarray:
    """€ bn the seat has promised in side payments this turn: [B]."""
    total = np.zeros(ctx.state.batch)
    for payer, _, amount in ctx.transfers:
        if payer == seat:
            total = total + amount
    return total


def propose(ctx: PolicyContext, session: CouncilSession, seat: int,
            initiative: np.ndarray) -> np.ndarray:
    """Table `initiative[b]` (an index, -1 for none) in each game where it may be proposed and
    is not on the agenda yet; returns where it was tabled [B]. One call is one proposal."""
    initiative = np.asarray(initiative)
    rows = np.flatnonzero(initiative >= 0)
    if not len(rows):
        return np.zeros(ctx.state.batch, bool)
    cols = initiative[rows]
    ok = proposable(ctx.world, ctx.state)[rows, cols] & ~session.agenda[rows, cols]
    session.agenda[rows[ok], cols[ok]] = True
    tabled = np.zeros(ctx.state.batch, bool)
    tabled[rows[ok]] = True
    return tabled


def vote(ctx: PolicyContext, session: CouncilSession, seat: int, votes: np.ndarray) -> None:
    """Cast the seat's votes [B, I] (YES 1, ABSTAIN 0, NO -1, CONSTRUCTIVE where the rule
    allows it) on every initiative. A seat that may not take part abstains; a constructive
    abstention under a rule without one counts as a plain abstention; any other value is a
    ValueError."""
    votes = np.broadcast_to(np.asarray(votes), session.human_votes[:, seat].shape)
    if not np.isin(votes, (YES, ABSTAIN, NO, CONSTRUCTIVE)).all():
        raise ValueError("a vote is 1 (yes), 0 (abstain), -1 (no) or a constructive abstention")
    world = ctx.world
    constructive_ok = np.array([CONSTRUCTIVE in allowed_votes(world, i)
                                for i in range(len(world.initiative_ids))], bool)
    votes = np.where((votes == CONSTRUCTIVE) & ~constructive_ok[None, :], ABSTAIN, votes)
    may = eligible(world)[seat]
    session.human_votes[:, seat, :] = np.where(may[None, :], votes, ABSTAIN).astype(np.int8)
    session.human_mask[seat] = True  # votes are read afresh: no cached stance changes


def _add_bonus(session: CouncilSession, target: np.ndarray, initiative: np.ndarray,
               amount: np.ndarray) -> None:
    """Add `amount[b]` to member `target[b]`'s stance on `initiative[b]` in each game b."""
    if session.bonus is None:
        session.bonus = np.zeros((*session.noise.shape[:2], session.agenda.shape[1]),
                                 np.float32)
    rows = np.arange(len(amount))
    session.bonus[rows, target, initiative] += amount.astype(np.float32)
    session.invalidate()


def _per_game(value: object, batch: int, dtype: type) -> np.ndarray:
    return np.broadcast_to(np.asarray(value, dtype), (batch,))


def persuade(ctx: PolicyContext, session: CouncilSession, seat: int, target: object,
             initiative: object, capital: object) -> np.ndarray:
    """Spend political capital [B] to move `target`'s stance on `initiative` (each a member
    and an initiative index, one for all games or one per game), as `Persuade` does (clipped
    to the capital the seat holds); returns the capital spent [B]."""
    b = ctx.state.batch
    target, initiative = _per_game(target, b, int), _per_game(initiative, b, int)
    spent = np.clip(_per_game(capital, b, float), 0.0, ctx.state.capital[:, seat])
    if ((target == seat) & (spent > 0)).any():
        raise ValueError("persuade another state")
    if not spent.any():
        return spent
    ctx.state.capital[:, seat] -= spent
    _add_bonus(session, target, initiative, spent * ctx.world.params["persuasion_effect"])
    return spent


def side_payment(ctx: PolicyContext, session: CouncilSession, seat: int, target: int,
                 initiative: int, amount: object) -> np.ndarray:
    """Promise € bn [B] from this quarter's budget to `target` for its vote on `initiative`,
    as `SidePayment` does (clipped to the money the seat has left at its current budget);
    returns what was promised [B]. Resolution pays it before the orders."""
    if target == seat:
        raise ValueError("pay another state")
    state = ctx.state
    room = discretionary(ctx.world, state, state.defence_pct)[:, seat] - paid_so_far(ctx, seat)
    paid = np.clip(np.broadcast_to(np.asarray(amount, float), (state.batch,)), 0.0,
                   np.maximum(room, 0.0))
    if not paid.any():
        return paid
    ctx.transfers.append((seat, target, paid))
    budget = np.maximum(state.budget[:, target], 1e-6)
    _add_bonus(session, _per_game(target, state.batch, int),
               _per_game(initiative, state.batch, int),
               ctx.world.params["payment_effect"] * paid / budget)
    return paid
