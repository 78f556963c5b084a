"""`DoctrinePolicy`: a doctrine file played for one seat, over the whole batch at once.

A doctrine (autonomy_game.doctrine) says in plain terms where a seat's money goes, how it
proposes and votes and what it picks in events. This policy turns those rules into the seat's
column of every array, with numpy over the batch axis (no loop over games). Money follows the
rules a human faces: the defence % of GDP stays within the quarter's limits
(`resolution.pct_limits`), and the orders spend at most the discretionary money left after
adopted initiatives' payments (what `Game.discretionary` computes for one game). Amounts are
never negative or NaN.
"""

from __future__ import annotations

import weakref

import numpy as np

from autonomy_game.doctrine.format_spec import LEVERS
from autonomy_game.doctrine.model import (
    SPEND_AI,
    SPEND_CONSTANT,
    SPEND_HOLD,
    SPEND_MAX,
    SPEND_PATH,
    SPEND_STEP,
    SPEND_THREAT,
    Doctrine,
)
from autonomy_game.engine.ai import committed_payments
from autonomy_game.engine.council import (
    ABSTAIN,
    NO,
    YES,
    CouncilSession,
    eligible,
    expected_shares,
    proposable,
)
from autonomy_game.engine.events import choice_scores
from autonomy_game.engine.expressions import EvalContext
from autonomy_game.engine.indicators import us_support
from autonomy_game.engine.orders import EUROPEAN, FOREIGN, Orders
from autonomy_game.engine.policy.base import PolicyContext
from autonomy_game.engine.reductions import rows_matmul
from autonomy_game.engine.resolution import pct_limits
from autonomy_game.engine.world import CompiledEvent, World
from autonomy_game.scenario.model import DOMAINS, PROTECTIONS

VOTE_CODES = {"yes": YES, "no": NO, "abstain": ABSTAIN}
THREAT_BASE, THREAT_SLOPE = 1.5, 2.5  # `match threat`: 1.5 % + 2.5 x the highest threat


def _clean(values: np.ndarray) -> np.ndarray:
    """Finite and non-negative: what every amount a policy writes must be."""
    return np.maximum(np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0), 0.0)


def seat_money(world: World, state: object, seat: int, pct: np.ndarray,
               committed: np.ndarray | None = None) -> np.ndarray:
    """€ bn the seat may spend on orders this quarter at defence % `pct` [B]: its budget after
    GDP growth and upkeep, less what adopted initiatives will ask of it (batched
    `Game.discretionary`). `committed` is `committed_payments` when the caller has it."""
    p = world.params
    gdp = state.gdp[:, seat] * (1.0 + p["gdp_growth"])
    budget = gdp * pct / 400.0 * (1.0 - p["upkeep_share"])
    if committed is None:
        committed = committed_payments(world, state)
    return _clean(budget - committed[:, seat])


# What adopted initiatives ask of every member, for the orders object being filled: every
# doctrine seat of a quarter reads the same [B, N] (nothing changes it during the orders
# phase), so it is computed once per quarter, not once per seat. A weak reference: the cache
# never keeps a quarter's orders alive.
_COMMITTED: list = [None, None]


def _committed_for(world: World, state: object, orders: Orders) -> np.ndarray:
    ref, value = _COMMITTED
    if ref is not None and ref() is orders and value.shape == state.gdp.shape:
        return value
    value = committed_payments(world, state)
    _COMMITTED[:] = [weakref.ref(orders), value]
    return value


class DoctrinePolicy:
    """The Policy protocol (engine/policy/base.py) for a `Doctrine`."""

    def __init__(self, doctrine: Doctrine) -> None:
        self.doctrine = doctrine
        self.name = f"doctrine:{doctrine.id}" if doctrine.id else "doctrine"
        self._phases = [(first, DoctrinePolicy(phase)) for first, phase in doctrine.phases]

    def _at(self, turn: int) -> DoctrinePolicy:
        """The policy for the phase in force on `turn` (itself before the first phase)."""
        active = self
        for first, policy in self._phases:
            if turn >= first:
                active = policy
        return active

    # -- events ------------------------------------------------------------------------------

    def choose(self, ctx: PolicyContext, seat: int, event: CompiledEvent,
               mask: np.ndarray) -> np.ndarray:
        if self._at(ctx.turn) is not self:
            return self._at(ctx.turn).choose(ctx, seat, event, mask)
        batch = ctx.state.batch
        wanted = self.doctrine.event_choices.get(event.id)
        options = [c.id for c in event.choices]
        if wanted in options:
            return np.full(batch, options.index(wanted), np.int64)
        if self.doctrine.event_default == "first" or not options:
            return np.zeros(batch, np.int64)
        # As the advisor decides: its scores for the games where the event fired.
        return choice_scores(event, EvalContext(ctx.state, ctx.world), mask).argmax(axis=1)

    # -- Council -----------------------------------------------------------------------------

    def council(self, ctx: PolicyContext, seat: int, session: CouncilSession) -> None:
        if self._at(ctx.turn) is not self:
            self._at(ctx.turn).council(ctx, seat, session)
            return
        world, state = ctx.world, ctx.state
        d = self.doctrine
        if d.vote != "ai" or d.votes:
            session.human_votes[:, seat, session.columns] = self._votes(world, state, seat,
                                                                        session)
            session.human_mask[seat] = True
            session.invalidate()
        if d.propose != "never":
            self._propose(world, state, session)

    def _votes(self, world: World, state: object, seat: int,
               session: CouncilSession) -> np.ndarray:
        """The seat's votes [B, C] on the session's columns."""
        d = self.doctrine
        cols = session.columns
        batch = state.batch
        can = eligible(world)[seat, cols][None, :]  # [1, C]
        if d.vote == "ai":
            votes = session.intentions(world, state)[:, seat, :].astype(np.int8)
        elif d.vote in VOTE_CODES:
            votes = np.full((batch, len(cols)), VOTE_CODES[d.vote], np.int8)
        else:
            votes = np.where(self._favours(world, state, seat, cols), YES, NO).astype(np.int8)
        for initiative, vote in d.votes.items():
            if initiative in world.initiative_ids:
                found = np.flatnonzero(cols == world.initiative_ids.index(initiative))
                if len(found):
                    votes[:, found[0]] = VOTE_CODES[vote]
        return np.where(can, votes, ABSTAIN).astype(np.int8)

    def _favours(self, world: World, state: object, seat: int, cols: np.ndarray) -> np.ndarray:
        """`vote: threat` or `vote: cost`: where the seat says yes, [B, C] bool."""
        d = self.doctrine
        if d.vote == "threat":
            weight = world.initiative_threat[cols].astype(np.float64)  # [C, A]
            weight /= np.maximum(weight.sum(axis=1, keepdims=True), 1e-9)
            alignment = rows_matmul(state.threat[:, :, seat], weight.T)  # [B, C]
            return alignment >= d.threat_threshold
        quarterly = world.initiative_cost[cols] / world.initiative_lead[cols]
        national = np.where(world.eu_funded[cols], 0.5 * quarterly, quarterly)  # EU funds help
        share = expected_shares(world, state)[:, seat, cols] * national[None, :]
        money = state.budget[:, seat] * (1.0 - world.params["upkeep_share"])
        return share <= d.cost_limit * money[:, None]

    def _propose(self, world: World, state: object, session: CouncilSession) -> None:
        """Table at most one item per game: the first listed (or best supported) that may be
        proposed, is not on the agenda yet and, with `only_if_passing`, would pass."""
        d = self.doctrine
        cols = session.columns
        if not len(cols):
            return
        free = (proposable(world, state) & ~session.agenda)[:, cols]  # [B, C]
        if d.only_if_passing:
            free &= session.passes(world, state)[:, cols]
        rows = np.arange(state.batch)
        if d.propose == "most-support":
            support = (session.column_votes(world, state) == YES).sum(axis=1)  # [B, C]
            score = np.where(free, support, -1)
            best = score.argmax(axis=1)
            pick = np.where(score[rows, best] >= 0, cols[best], -1)
        else:
            pick = np.full(state.batch, -1)
            for name in reversed(d.propose):  # the earliest listed wins: written last
                if name not in world.initiative_ids:
                    continue
                found = np.flatnonzero(cols == world.initiative_ids.index(name))
                if len(found):
                    pick = np.where(free[:, found[0]], cols[found[0]], pick)
        chosen = pick >= 0
        session.agenda[rows[chosen], pick[chosen]] = True
        session.invalidate()

    # -- orders ------------------------------------------------------------------------------

    def target_pct(self, world: World, state: object, seat: int, turn: int,
                   advisor: np.ndarray) -> np.ndarray:
        """The seat's defence % of GDP this quarter [B], within its limits."""
        rule = self.doctrine.spending
        current = state.defence_pct[:, seat]
        low, high = (limit[:, seat] for limit in pct_limits(world, state))
        if rule.kind == SPEND_PATH:
            target = np.full(state.batch, rule.values[min(turn, len(rule.values)) - 1])
        elif rule.kind == SPEND_CONSTANT:
            target = np.full(state.batch, rule.values[0])
        elif rule.kind == SPEND_STEP:
            if rule.step > 0:
                target = np.where(current >= rule.limit, current,
                                  np.minimum(current + rule.step, rule.limit))
            else:
                target = np.where(current <= rule.limit, current,
                                  np.maximum(current + rule.step, rule.limit))
        elif rule.kind == SPEND_THREAT:
            target = THREAT_BASE + THREAT_SLOPE * state.threat[:, :, seat].max(axis=1)
        elif rule.kind == SPEND_MAX:
            target = high
        elif rule.kind == SPEND_AI:
            target = advisor
        else:
            assert rule.kind == SPEND_HOLD, rule.kind
            target = current
        target = np.nan_to_num(np.asarray(target, np.float64), nan=0.0)
        return np.clip(target, low, high)

    def orders(self, ctx: PolicyContext, seat: int, orders: Orders) -> None:
        if self._at(ctx.turn) is not self:
            self._at(ctx.turn).orders(ctx, seat, orders)
            return
        world, state = ctx.world, ctx.state
        d = self.doctrine
        n = seat
        pct = self.target_pct(world, state, n, ctx.turn, orders.target_pct[:, n].copy())
        money = seat_money(world, state, n, pct, _committed_for(world, state, orders))
        orders.target_pct[:, n] = pct
        if d.orders is None and d.spending.kind == SPEND_AI:
            # The advisor's orders, shrunk only where they ask more than the seat may spend
            # (the advisor aims past its budget limits at times; resolution would clip it).
            wanted = _clean(orders.money()[:, n])
            if np.any(wanted > money):
                self._rescale_advisor(orders, n, np.minimum(money, wanted))
        elif d.orders is None:
            self._rescale_advisor(orders, n, money)
        else:
            self._write(world, state, ctx.turn, n, orders, money)
        if d.aid_rounds is not None:
            orders.aid_rounds[:, n] = _clean(state.ammunition[:, n] * d.aid_rounds)
        else:
            orders.aid_rounds[:, n] = np.minimum(_clean(orders.aid_rounds[:, n]),
                                                 _clean(state.ammunition[:, n]))

    def _rescale_advisor(self, orders: Orders, n: int, money: np.ndarray) -> None:
        """`orders: ai`: the advisor's orders for the seat, scaled to the doctrine's money."""
        wanted = _clean(orders.money()[:, n])
        factor = np.where(wanted > 1e-12, money / np.maximum(wanted, 1e-12), 0.0)
        factor = _clean(factor)
        orders.procure[:, :, :, n] = _clean(orders.procure[:, :, :, n] * factor[:, None, None])
        orders.shells[:, n] = _clean(orders.shells[:, n] * factor[:, None])
        orders.industry[:, n] = _clean(orders.industry[:, n] * factor)
        orders.aid_materiel[:, n] = _clean(orders.aid_materiel[:, n] * factor)
        orders.protect_own[:, n] = _clean(orders.protect_own[:, n] * factor[:, None])
        orders.corridor_own[:, n] = _clean(orders.corridor_own[:, n] * factor)
        if orders.protect is not None:
            orders.protect[:, n] = _clean(orders.protect[:, n] * factor[:, None, None])
        if orders.corridor is not None:
            orders.corridor[:, n] = _clean(orders.corridor[:, n] * factor[:, None])
        orders.transfers = [t for t in orders.transfers if t[0] != n]

    def _write(self, world: World, state: object, turn: int, n: int, orders: Orders,
               money: np.ndarray) -> None:
        """Explicit shares: each lever gets its share of the seat's money."""
        d = self.doctrine
        share = dict(d.orders or {})
        hubs = self._named(world.hub_ids, d.protection_hubs)
        routes = self._named(world.corridor_ids, d.corridor_routes)
        # Money for hubs or corridors a seat does not have would vanish: it buys equipment.
        if hubs is None and world.owned_hub_share[n].sum() <= 0:
            share["procurement"] = share.get("procurement", 0.0) + share.pop(
                "hub_protection", 0.0)
        if routes is None and world.owned_corridor_share[n].sum() <= 0:
            share["procurement"] = share.get("procurement", 0.0) + share.pop("corridors", 0.0)
        share = {lever: float(share.get(lever, 0.0)) for lever in LEVERS}

        orders.procure[:, :, :, n] = self._procurement(world, state, turn, n,
                                                       money * share["procurement"])
        european = d.shells_european
        orders.shells[:, n, EUROPEAN] = _clean(money * share["shells"] * european)
        orders.shells[:, n, FOREIGN] = _clean(money * share["shells"] * (1.0 - european))
        orders.industry[:, n] = _clean(money * share["shell_capacity"])
        orders.aid_materiel[:, n] = _clean(money * share["materiel_aid"])
        kinds = np.array([d.protection_weights.get(k, 0.0) for k in PROTECTIONS]) \
            if d.protection_weights else np.ones(len(PROTECTIONS))
        kinds = kinds / kinds.sum()
        protection = _clean((money * share["hub_protection"])[:, None] * kinds[None, :])
        if orders.protect is not None:
            orders.protect[:, n] = 0.0
        if orders.corridor is not None:
            orders.corridor[:, n] = 0.0
        if hubs is None:
            orders.protect_own[:, n] = protection
        else:  # named hubs, anyone's: the per-hub orders a human gives on the map
            orders.protect_own[:, n] = 0.0
            if orders.protect is None:
                orders.protect = np.zeros((state.batch, len(world.codes), len(world.hub_ids),
                                           len(PROTECTIONS)))
            orders.protect[:, n, hubs, :] = protection[:, None, :] / len(hubs)
        corridor_money = _clean(money * share["corridors"])
        if routes is None:
            orders.corridor_own[:, n] = corridor_money
        else:
            orders.corridor_own[:, n] = 0.0
            if orders.corridor is None:
                orders.corridor = np.zeros((state.batch, len(world.codes),
                                            len(world.corridor_ids)))
            orders.corridor[:, n, routes] = corridor_money[:, None] / len(routes)
        orders.transfers = [t for t in orders.transfers if t[0] != n]

    @staticmethod
    def _named(ids: list[str], wanted: tuple[str, ...] | None) -> np.ndarray | None:
        """Indices of the named hubs or corridors this scenario has; None for `own` (or when
        it has none of them)."""
        if wanted is None:
            return None
        found = [ids.index(name) for name in dict.fromkeys(wanted) if name in ids]
        return np.array(found) if found else None

    def _procurement(self, world: World, state: object, turn: int, n: int,
                     money: np.ndarray) -> np.ndarray:
        """Procurement money [B] spread over origin and domain: [B, 2, D]."""
        d = self.doctrine
        batch = state.batch
        if d.domain_weights is None:
            weight = self._gaps(world, state, n)  # [B, D]
        else:
            weight = np.broadcast_to(
                np.array([d.domain_weights.get(k, 0.0) for k in DOMAINS], np.float64),
                (batch, len(DOMAINS)))
        split = np.array([d.procurement_european, 1.0 - d.procurement_european])
        by_origin = np.repeat(weight[:, None, :], 2, axis=1)  # [B, 2, D]
        if d.in_time:
            remaining = world.turns - turn
            late = np.stack([world.lead_european, world.lead_foreign]) > remaining  # [2, D]
            by_origin = np.where(late[None], 0.0, by_origin)
        total = by_origin.sum(axis=2)  # [B, 2]
        origin_money = money[:, None] * split[None, :]
        # An origin with nothing to buy hands its money to the other one.
        empty = total <= 1e-12
        moved = np.where(empty, origin_money, 0.0)
        origin_money = np.where(empty, 0.0, origin_money + moved[:, ::-1])
        result = by_origin * (origin_money / np.maximum(total, 1e-12))[:, :, None]
        return _clean(result)

    @staticmethod
    def _gaps(world: World, state: object, n: int) -> np.ndarray:
        """The seat's capability gaps [B, D] as the advisor weighs them (its fair share of
        Europe's requirement not held, on order or covered by the U.S.), plus a floor so
        money always has somewhere to go."""
        gdp_share = np.maximum(state.gdp[:, n] / state.gdp.sum(axis=1), 1e-12)  # [B]
        held = (state.capability[:, :, n] + state.on_order[:, :, n]).astype(np.float64)
        filled = held / gdp_share[:, None]
        us_cover = world.population_share[n] / gdp_share  # [B]
        filled += us_cover[:, None] * us_support(world, state)
        gap = np.clip(1.0 - filled / np.maximum(world.requirement, 1e-9)[None, :], 0.0, 1.0)
        return gap + 0.02
