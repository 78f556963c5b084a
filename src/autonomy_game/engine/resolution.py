"""Resolution: a quarter's orders become budgets, deliveries, shells, aid and a new Europe.

The order of steps is the story told in the quarter report: budgets move (within fiscal room
and public patience), initiatives draw their payments first, national orders share what is
left, pipelines deliver, factories produce, aid crosses the network, the front moves, and
Europe's mood follows. Money is conserved: every euro a member spends is in `state.spent`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from autonomy_game.engine.alliance import feel_withdrawal
from autonomy_game.engine.causes import mark, recording, split
from autonomy_game.engine.indicators import update_indicators
from autonomy_game.engine.industry import european_market, joint_factors, shell_output_capacity
from autonomy_game.engine.late_orders import arrives_in_time
from autonomy_game.engine.money import (
    contribution_key,
    draw_fund,
    lethal_share,
    loan_flows,
    open_loans,
    order_factor,
    settle_loans,
)
from autonomy_game.engine.network import move_aid
from autonomy_game.engine.orders import EUROPEAN, FOREIGN, Orders
from autonomy_game.engine.reductions import max_members, std_last, sum_last, sum_members
from autonomy_game.engine.shares import (
    delivered_shares,
    gdp_rates,
    member_bills,
    member_counts,
    paid_per_initiative,
    participation,
)
from autonomy_game.engine.state import (
    STATUS_ADOPTED,
    STATUS_DELIVERED,
    GameState,
    order_rings,
    participant_counts,
)
from autonomy_game.engine.world import EUROPE_DELIVERY_KEYS, World

EAST, HYBRID = 0, 2
MIN_DEFENCE_PCT = 0.2


@dataclass
class Ledger:
    """Where the money went this quarter, for the report and the conservation invariant."""

    discretionary: np.ndarray  # [B, N] € bn available after upkeep
    initiatives: np.ndarray  # [B, N]
    orders: np.ndarray  # [B, N] after scaling
    transfers: np.ndarray  # [B, N] side payments made
    delivered_initiatives: np.ndarray  # [B, I] bool, this quarter
    rounds_bought: np.ndarray = field(default_factory=lambda: np.zeros(0))  # [B, N]
    rounds_arrived: np.ndarray = field(default_factory=lambda: np.zeros(0))  # [B] k rounds
    materiel_arrived: np.ndarray = field(default_factory=lambda: np.zeros(0))  # [B] € bn


def pct_limits(world: World, state: GameState) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest defence % GDP a member may set this quarter: each [B, N]."""
    step = world.params["budget_step"] * (0.25 + 0.75 * state.fiscal_space)
    low = np.maximum(state.defence_pct - 0.5, MIN_DEFENCE_PCT)
    high = np.minimum(state.defence_pct + step, 10.0)
    return low, high


def resolve(world: World, state: GameState, orders: Orders,
            messages: list[tuple[np.ndarray, str]] | None = None) -> Ledger:
    """Resolve a quarter's orders. `messages` (the turn's report messages) receives what
    initiatives' delivery effects write."""
    p = world.params
    mark(state, "before resolution")
    sc = world.scenario
    slot = state.turn % world.pipeline_length

    # 1. Budgets move within fiscal room; raising beyond what threat justifies costs support.
    low, high = pct_limits(world, state)
    new_pct = np.clip(orders.target_pct, low, high)
    rise = np.maximum(new_pct - state.defence_pct, 0.0)
    justified = np.clip(max_members(state.threat) - state.support + 0.2, 0.0, 1.0)
    state.support -= p["support_cost"] * rise * (1.2 - justified)
    state.fiscal_space -= 0.05 * rise
    mark(state, "cost of raising defence budgets")
    state.defence_pct = new_pct
    mark(state, "national budget decisions")
    state.gdp *= 1.0 + p["gdp_growth"]
    state.budget = state.gdp * state.defence_pct / 400.0
    mark(state, "economic growth")
    # Loans (SAFE): debt service comes off the national money; a tranche may be drawn for
    # European equipment (money.py).
    tranche, service = loan_flows(world, state)
    national = np.maximum(state.budget * (1.0 - p["upkeep_share"]) - service, 0.0)

    # 2. Initiatives in progress draw their quarterly payments first (loan money may pay
    # them: they are joint European projects).
    if (state.initiative_status == STATUS_ADOPTED).any():
        paid_initiatives, delivered = _fund_initiatives(world, state, national + tranche,
                                                        messages)
    else:
        paid_initiatives = np.zeros_like(national)
        delivered = np.zeros(state.initiative_status.shape, bool)
    drawn = np.clip(paid_initiatives - national, 0.0, tranche)  # national money first
    loan_left = tranche - drawn
    remaining = np.maximum(national - paid_initiatives, 0.0)

    # 3. Side payments go into the target's co-financing account (money.py), then national
    # orders are scaled to what is left.
    transfers = _side_payments(state, orders, remaining)
    wanted = orders.money()
    if loan_left.any():
        european = (sum_members(orders.procure[:, EUROPEAN]) + orders.shells[:, :, EUROPEAN]
                    + orders.industry)
        factor, drawn_orders = order_factor(wanted, european, remaining, loan_left)
        drawn = drawn + drawn_orders
    else:
        factor = np.where(wanted > remaining, remaining / np.maximum(wanted, 1e-12), 1.0)
    settle_loans(world, state, drawn, service)
    mark(state, "loans and side payments")
    spent_orders = wanted * factor
    # The orders themselves are left as given: every use below scales by `factor` where it
    # reads them, which costs nothing extra, where scaling them first would be a pass over each.

    # 4. Procurement enters the pipelines; buying abroad deepens dependence.
    # Points by origin, domain and member [B, 2, D, N]: the orders' and the rings' layout, in
    # the rings' float32, so what leaves the pipeline is exactly what entered `on_order`.
    f32 = np.float32
    per_euro = np.multiply(factor.astype(f32)[:, None, :],
                           (1.0 / world.cost).astype(f32)[None, :, None])  # [B, D, N]
    points = np.empty(orders.procure.shape, f32)
    np.multiply(orders.procure, per_euro[:, None], out=points, dtype=f32, casting="same_kind")
    delay = _industry_market(world, state, orders, factor, points)  # [B, D] or None
    # Only what will arrive is on order: equipment due after the last turn is never filed
    # (see _advance_pipelines), so counting it would make a gap look covered that never is.
    # Points that are not filed are left out of the sum (`where`), as adding them times 0.0
    # did: on_order + 0.0 is on_order, with one pass and no [B, D, N] temporary.
    in_time = arrives_in_time(world, state.turn)  # [2, D]
    for origin in (EUROPEAN, FOREIGN):
        if origin == EUROPEAN and delay is not None:
            late = world.lead_european[None, :] + delay
            filed = (late == 0) | (state.turn + late < world.turns)  # [B, D]
            np.add(state.on_order, points[:, origin], out=state.on_order,
                   where=filed[:, :, None])
        elif in_time[origin].all():
            state.on_order += points[:, origin]
        else:
            np.add(state.on_order, points[:, origin], out=state.on_order,
                   where=in_time[origin][None, :, None])
    foreign_money = orders.shells[:, :, FOREIGN] * factor
    foreign_money += world.cost.astype(f32) @ points[:, FOREIGN]
    state.atlanticism = np.clip(state.atlanticism + p["dependence_gain"] * foreign_money, 0, 1)

    # 5. Deliveries arrive; equipment ages.
    due = _advance_pipelines(world, state, points, delay)  # [B, 2, D, N]
    arriving = np.add(due[:, EUROPEAN], due[:, FOREIGN])
    state.on_order -= arriving
    np.maximum(state.on_order, 0.0, out=state.on_order)
    keep = 1.0 - p["depreciation"]
    state.capability *= keep
    state.capability_foreign *= keep
    mark(state, "equipment ageing")
    state.capability += arriving
    state.capability_foreign += due[:, FOREIGN]
    np.minimum(state.capability_foreign, state.capability, out=state.capability_foreign)
    if recording(state):
        split(state, {"European equipment delivered": due[:, EUROPEAN],
                      "equipment delivered from abroad": due[:, FOREIGN]}, ("capability",))
        mark(state, "equipment delivered")

    # 6. The 155 mm market: European factories sell at a price that rises with excess demand.
    rounds = _buy_shells(world, state, orders.shells * factor[:, :, None])
    state.ammunition += rounds
    mark(state, "shells bought")
    capacity_slot = (state.turn + sc.ammunition.capacity_lead) % world.pipeline_length
    state.capacity_pipeline[:, capacity_slot] += (orders.industry * factor
                                                  / sc.ammunition.capacity_cost)
    state.shell_capacity += state.capacity_pipeline[:, slot]
    state.capacity_pipeline[:, slot] = 0.0

    # 7. Protection and corridors.
    state.hub_protection = np.clip(
        state.hub_protection
        + orders.hub_protection_money(world.owned_hub_share, factor)
        / (10.0 * p["protection_cost"]), 0, 1)
    state.corridor_capacity += (orders.corridor_money(world.owned_corridor_share, factor)
                                / p["corridor_cost"])

    # 8. Aid to Ukraine crosses the network; the front answers supply.
    aid = _send_aid(world, state, orders.aid_rounds, orders.aid_materiel * factor,
                    orders.aid_shells_first)

    # 9. The network recovers; Europe's mood follows events.
    state.hub_health = np.clip(state.hub_health + p["hub_repair"], 0.0, 1.0)
    state.corridor_open = np.clip(state.corridor_open + p["corridor_reopen"], 0.0, 1.0)
    mark(state, "network repairs")
    _europe_dynamics(world, state)
    feel_withdrawal(world, state)
    _plant_ramps(world, state)
    state.capital = np.clip(state.capital + p["capital_income"], 0.0, 100.0)
    state.spent = paid_initiatives + spent_orders + transfers
    update_indicators(world, state)
    mark(state, "other dynamics")
    return Ledger(national + drawn, paid_initiatives, spent_orders, transfers, delivered, rounds,
                  *aid)


def _industry_market(world: World, state: GameState, orders: Orders, factor: np.ndarray,
                     points: np.ndarray) -> np.ndarray | None:
    """Defence inflation and the order book (industry.py): European orders beyond a domain's
    capacity buy fewer points this quarter (`points` [B, 2, D, N] is scaled in place) and wait
    longer. Returns the extra quarters of European lead time [B, D], or None when no game has
    any (the common case, filed as before)."""
    if not (world.industry_capacity > 0).any():
        return None
    # The European half of the orders copied first: einsum's loop over a contiguous array
    # is twice as fast, and each sum is the same 27-term loop, so the same bits.
    money = np.einsum("bdn,bn->bd", np.ascontiguousarray(orders.procure[:, EUROPEAN]), factor)
    price, delay = european_market(world, state, money)
    if (price > 1.0).any():
        points[:, EUROPEAN] /= price.astype(np.float32)[:, :, None]
    return delay if delay.any() else None


def _side_payments(state: GameState, orders: Orders, remaining: np.ndarray) -> np.ndarray:
    """Pay each side payment from the payer's money left [B, N] (reduced in place) into the
    target's co-financing account, which pays the target's share of joint initiatives:
    what each member paid [B, N]."""
    transfers = np.zeros_like(remaining)
    for payer, target, amount in orders.transfers:
        pay = np.minimum(amount, remaining[:, payer])
        remaining[:, payer] -= pay
        transfers[:, payer] += pay
        state.cofinance_credit[:, target] += pay
    return transfers


def _plant_ramps(world: World, state: GameState) -> None:
    """Plants with a published schedule (Unterlüß) add next quarter's output step: [B, N]."""
    now = min(state.turn + 1, len(world.ramp_capacity) - 2)  # the turn being resolved
    step = world.ramp_capacity[now + 1] - world.ramp_capacity[now]
    if step.any():
        state.shell_capacity += step[None, :]


def _advance_pipelines(world: World, state: GameState, points: np.ndarray,
                       delay: np.ndarray | None = None) -> np.ndarray:
    """File this turn's points [B, 2, D, N] in their rings; return what arrives, same shape.

    Each ring's slot t % length holds what arrives at turn t. A ring exactly as long as its
    lead time (foreign orders, domains without a capacity) is read and overwritten in place:
    the order placed one lead time ago leaves as this turn's enters. A European ring with room
    for the order book's delay (industry.py) is read and emptied, and this turn's order is
    added to the slot of its arrival, the lead time plus `delay` [B, D] later. A zero wait
    arrives at once. An order that would arrive after the last turn is never filed. The rings
    hold float32, so arrivals do too.

    Ring by ring, with one slot per ring: a slot is a [B, N] slice read or written in place,
    where a fancy index over the rings' slots went through numpy's gather machinery for each
    (`ordered` is the largest array, its rows far apart: 1.3-2x faster at B = 4 096). Only a
    delay that differs between games needs a gather (`_file_delayed`).
    """
    lengths, starts = order_rings(world)
    batch, origins, domains, members = points.shape
    placed = points.reshape(batch, origins * domains, members)
    length, start = lengths.ravel(), starts.ravel()
    lead = np.stack([world.lead_european, world.lead_foreign]).ravel()  # origin-major
    turn, turns, ordered = state.turn, world.turns, state.ordered
    due = np.empty(placed.shape, ordered.dtype)
    booked = np.flatnonzero(length > lead)  # European rings with the order book's room
    delayed = delay is not None and len(booked) > 0
    for ring in range(origins * domains):
        ring_length, first, wait = int(length[ring]), int(start[ring]), int(lead[ring])
        if ring_length == wait > 0:  # read, then overwrite in place
            slot = first + turn % wait
            due[:, ring] = ordered[:, slot] if turn >= wait else 0.0
            if turn + wait < turns:
                ordered[:, slot] = placed[:, ring]
        elif ring_length > wait:  # read and emptied; filed at its arrival
            slot = first + turn % ring_length
            due[:, ring] = ordered[:, slot]
            ordered[:, slot] = 0.0
            if delayed:
                continue
            if wait == 0:
                due[:, ring] += placed[:, ring]
            elif turn + wait < turns:
                ordered[:, first + (turn + wait) % ring_length] += placed[:, ring]
        else:  # no ring: a zero lead time arrives at once
            due[:, ring] = 0.0
            if wait == 0:
                due[:, ring] += placed[:, ring]
    if delayed:
        _file_delayed(world, state, placed, due, booked, delay, length, start, lead)
    return due.reshape(points.shape)


def _file_delayed(world: World, state: GameState, placed: np.ndarray, due: np.ndarray,
                  booked: np.ndarray, delay: np.ndarray, length: np.ndarray,
                  start: np.ndarray, lead: np.ndarray) -> None:
    """File the order-book rings' orders [B, R, N] (`booked` rings) a lead time plus each
    game's `delay` [B, D] later; a zero wait arrives at once (added to `due`). `length`,
    `start` and `lead` are every ring's, origin-major, as `_advance_pipelines` has them."""
    batch, turn = placed.shape[0], state.turn
    wait = np.broadcast_to(lead[None, booked], (batch, len(booked))).copy()
    wait += delay[:, booked]  # European rings come first: ring index = domain
    at_once = wait == 0
    due[:, booked] += np.where(at_once[:, :, None], placed[:, booked], np.float32(0.0))
    fits = ~at_once & (turn + wait < world.turns)
    rows, k = np.nonzero(fits)
    rings = booked[k]
    arrival = start[rings] + (turn + wait[rows, k]) % length[rings]
    state.ordered[rows, arrival] += placed[rows, rings]


def _fund_initiatives(world: World, state: GameState, discretionary: np.ndarray,
                      messages: list[tuple[np.ndarray, str]] | None = None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Collect each adopted initiative's quarterly payment and advance its progress.

    Returns what each member paid [B, N] and the initiatives delivered now [B, I].
    """
    adopted = state.initiative_status == STATUS_ADOPTED  # [B, I]
    mask = participation(state)  # [B, I, N] 0/1, summed four times below
    # More participants: a shorter lead time, so the same cost is paid faster (industry.py).
    counts = member_counts(mask)  # [B, I]
    _, lead_factor = joint_factors(world, counts)
    lead = np.maximum(world.initiative_lead[None, :] * lead_factor, 1.0)
    quarterly = np.where(adopted, world.initiative_cost / lead, 0.0)
    # Common money first: the EU budget for EU-funded initiatives, the off-budget Peace
    # Facility for EPF-funded ones (never the other's); the rest by GNI key.
    common = draw_fund(state, "eu_funds", world.eu_funded, quarterly)
    common += draw_fund(state, "epf_funds", world.epf_funded, quarterly)
    national = quarterly - common
    key = contribution_key(world, state)
    rates = gdp_rates(state, national, key, mask)
    total_asked = member_bills(state, rates, key, mask)  # [B, N]
    # Side payments received pay a member's share first (its co-financing account).
    covered = np.minimum(state.cofinance_credit, total_asked)
    state.cofinance_credit -= covered
    own = total_asked - covered
    can_own = np.where(own > discretionary, discretionary / np.maximum(own, 1e-12), 1.0)
    can = np.divide(covered + own * can_own, total_asked, out=np.ones_like(total_asked),
                    where=total_asked > 1e-12)
    paid = paid_per_initiative(state, national, rates, can, key, mask)
    funded = np.divide(common + paid, quarterly, out=np.ones_like(quarterly),
                       where=quarterly > 1e-12)
    state.initiative_progress = np.where(
        adopted, np.minimum(state.initiative_progress + funded / lead, 1.0),
        state.initiative_progress)
    delivered = adopted & (state.initiative_progress >= 1.0 - 1e-9)
    mark(state, "initiative payments")
    if delivered.any():
        _deliver(world, state, delivered, messages, counts)
    return own * can_own, delivered


def _deliver(world: World, state: GameState, delivered: np.ndarray,
             messages: list[tuple[np.ndarray, str]] | None = None,
             counts: np.ndarray | None = None) -> None:
    """Initiatives reach delivery ([B, I]): capabilities, capacity, protection, Europe effects.

    Participants share what is delivered by their GDP key, as they shared the cost. Deliveries
    are few in any quarter, so each delivering initiative works on its own games only.
    `counts` [B, I] are the participants as the payments counted them (counted here if None).
    """
    np.copyto(state.initiative_status, STATUS_DELIVERED, where=delivered)
    owned = world.hub_country >= 0
    key = contribution_key(world, state)
    for i in np.flatnonzero(delivered.any(axis=0)):
        rows = np.flatnonzero(delivered[:, i])
        share = delivered_shares(state, rows, i, key)  # [R, N]
        if world.loan_allocation[i].any():
            open_loans(world, state, rows, i)
        if world.deliver_capability[i].any():
            # Bought together: more points for the money with more participants (industry.py).
            joined = (participant_counts(state.initiative_participants_mask[rows, i])
                      if counts is None else counts[rows, i])
            gain, _ = joint_factors(world, joined)
            shared = share * gain[:, None]  # [R, N]
            points = world.deliver_capability[i]
            for d in np.flatnonzero(points):  # the domains it delivers (zeros add nothing)
                state.capability[rows, d] += points[d] * shared
        if world.deliver_explosives[i]:
            state.explosives_capacity[rows] += world.deliver_explosives[i]
        if world.deliver_shells[i]:
            state.shell_capacity[rows] += world.deliver_shells[i] * share
        for k, name in enumerate(EUROPE_DELIVERY_KEYS):
            if world.deliver_europe[i, k]:
                arr = getattr(state, name)
                high = np.inf if name in ("eu_funds", "epf_funds") else 1.0
                amount = world.deliver_europe[i, k]
                if name == "ukraine_front" and world.epf_funded[i]:
                    amount = amount * lethal_share(world, share)  # neutrals pay non-lethal aid
                arr[rows] = np.clip(arr[rows] + amount, 0.0, high)
        if world.deliver_protection[i].any():
            # Protection goes to the hubs of participating countries (each hub has one owner).
            on_hub = np.zeros((len(rows), len(world.hub_ids)))
            on_hub[:, owned] = state.initiative_participants_mask[rows, i][
                :, world.hub_country[owned]]
            gain = on_hub[:, :, None] * world.deliver_protection[i]
            state.hub_protection[rows] = np.clip(state.hub_protection[rows] + gain, 0.0, 1.0)
        mark(state, delivery_cause(world, i))
    if any(world.initiative_effects):
        from autonomy_game.engine.expressions import EvalContext

        ctx = EvalContext(state, world)
        for i, effects in enumerate(world.initiative_effects):
            for statement in effects:
                statement.execute(ctx, delivered[:, i])
            if effects:
                mark(state, delivery_cause(world, i))
        if messages is not None:
            # The delivery's own words reach the quarter report (issue 10).
            messages.extend(ctx.messages)


def delivery_cause(world: World, i: int) -> str:
    """The causal ledger's name for initiative `i` being delivered."""
    return f"{world.scenario.initiatives[world.initiative_ids[i]].name} delivered"


def _buy_shells(world: World, state: GameState, shells: np.ndarray) -> np.ndarray:
    """Rounds each member receives this quarter for `shells` € bn [B, N, 2]; sets the
    European price."""
    market = world.scenario.ammunition
    eu_money = shells[:, :, EUROPEAN]
    fo_money = shells[:, :, FOREIGN]
    capacity = np.maximum(shell_output_capacity(world, state), 1e-9)  # thousand rounds
    eu_total = sum_last(eu_money)
    demand = eu_total * 1000.0 / market.price  # thousand rounds at base price
    excess = np.maximum(demand / capacity - 1.0, 0.0)
    # Price: inflation with excess demand, and never so low that orders exceed capacity.
    price = np.maximum(market.price * (1.0 + market.inflation * excess),
                       eu_total * 1000.0 / capacity)
    state.shell_price = 0.7 * state.shell_price + 0.3 * np.maximum(price, market.price)
    eu_rounds = eu_money * 1000.0 / price[:, None]
    fo_price = np.maximum(market.foreign_price,
                          sum_last(fo_money) * 1000.0 / max(market.foreign_supply, 1e-9))
    fo_rounds = fo_money * 1000.0 / fo_price[:, None]
    return eu_rounds + fo_rounds


def _send_aid(world: World, state: GameState, aid_rounds: np.ndarray,
              aid_materiel: np.ndarray, shells_first: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """Rounds from stock and € bn of materiel [B, N] cross the network; the front answers.
    Returns the rounds (thousand) and materiel (€ bn) that reached Ukraine: each [B].

    Shells and materiel queue separately at the border. Each sender's cargo is loaded by its
    own `shells_first` order, so the network's priority for shells is the senders' orders
    weighted by the tonnage each sends this quarter (shells first when nobody sends).
    """
    p = world.params
    ua = world.scenario.ukraine
    sent = np.minimum(aid_rounds, state.ammunition)
    state.ammunition -= sent
    state.aid_sent = sent
    mark(state, "rounds sent to Ukraine")
    rounds = sum_last(sent)
    materiel = sum_last(aid_materiel)
    sender_tonnage = sent * ua.kt_per_k_rounds + aid_materiel * ua.kt_per_bn_materiel  # [B, N]
    weight = sum_last(sender_tonnage)
    if (shells_first == 1.0).all():  # every sender's shells first (the AI's and the default)
        loaded = weight  # the tonnage times 1.0, summed: the same sum, not taken twice
    else:
        loaded = sum_last(sender_tonnage * np.clip(shells_first, 0.0, 1.0))
    priority = np.divide(loaded, weight, out=np.ones_like(weight), where=weight > 1e-12)
    rounds_waiting = state.backlog_rounds + rounds
    shells_waiting = rounds_waiting * ua.kt_per_k_rounds
    materiel_waiting = np.maximum(state.aid_backlog - state.backlog_rounds * ua.kt_per_k_rounds,
                                  0.0) + materiel * ua.kt_per_bn_materiel
    shells_moved, materiel_moved = move_aid(world, state, shells_waiting, materiel_waiting,
                                            priority)
    if ua.kt_per_k_rounds > 0:
        delivered_rounds = np.minimum(shells_moved / ua.kt_per_k_rounds, rounds_waiting)
    else:  # weightless rounds never wait
        delivered_rounds = rounds_waiting
    state.backlog_rounds = rounds_waiting - delivered_rounds
    delivered_materiel = materiel_moved / max(ua.kt_per_bn_materiel, 1e-9)
    need = np.maximum(state.ukraine_need, 1e-9)
    value_rounds = need * world.scenario.ammunition.price / 1000.0  # € bn of a quarter's need
    supply = (delivered_rounds / need
              + p["aid_materiel_weight"] * delivered_materiel / np.maximum(value_rounds, 1e-9))
    state.ukraine_delivered = np.clip(supply, 0.0, 1.0)
    mark(state, "aid crossing the network")
    pressure = state.adversary_pressure - 0.45
    supplied = p["front_sensitivity"] * (np.minimum(supply, 1.5) - 1.0)
    move = supplied - 0.03 * pressure
    # Ground is harder to take back the more has been retaken: gains shrink towards the
    # 1991 border (front 1), so plentiful supply stabilises the line rather than winning.
    move = np.where(move > 0, move * 2.0 * (1.0 - state.ukraine_front), move)
    state.ukraine_front = np.clip(state.ukraine_front + move, 0.0, 1.0)
    if recording(state):
        split(state, {"supply against Ukraine's need": supplied,
                      "adversary pressure on the front": -0.03 * pressure}, ("ukraine_front",))
        mark(state, "the front")
    return delivered_rounds, delivered_materiel


def _europe_dynamics(world: World, state: GameState) -> None:
    p = world.params
    state.us_commitment = np.clip(state.us_commitment - state.us_drawdown, 0.0, 1.0)
    mark(state, "U.S. drawdown")
    shortfall = p["deterrence_target"] - state.deterrence
    state.adversary_pressure = np.clip(state.adversary_pressure + p["pressure_gain"] * shortfall,
                                       0.0, 1.0)
    mark(state, f"deterrence against its target {p['deterrence_target']:.2f}")
    # Pressure sharpens fears in the east and online; fears relax towards their baseline.
    push = 0.03 * (state.adversary_pressure - 0.5)[:, None]
    threat = state.threat
    threat[:, EAST] *= 1.0 + push
    threat[:, EAST] += 0.5 * push
    threat[:, HYBRID] += push * 0.5
    # Relax towards the baseline: t + decay * (base - t), as one scaling and one shift.
    decay = p["threat_decay"]
    threat *= 1.0 - decay
    threat += decay * world.threat_baseline.T[None]
    np.clip(threat, 0.0, 1.0, out=threat)
    # Public support drifts towards perceived threat.
    felt = 0.3 + 0.6 * max_members(state.threat)
    state.support = np.clip(state.support + p["support_drift"] * (felt - state.support), 0, 1)
    mark(state, "public opinion drifts towards perceived threat")
    state.fiscal_space = np.clip(state.fiscal_space + 0.005, 0.0, 1.0)
    mark(state, "fiscal room recovers")
    # Diverging fears pull the Union apart; a visible threat pulls it together a little.
    divergence = std_last(state.threat[:, EAST])
    drift = -p["cohesion_drift"] * divergence * 4
    rally = 0.01 * (state.adversary_pressure - 0.5)
    state.cohesion = np.clip(state.cohesion + drift + rally, 0.0, 1.0)
    if recording(state):
        split(state, {"drift: diverging threat perceptions": drift,
                      "adversary pressure (rallies above 0.50, relaxes below)": rally},
              ("cohesion", "deterrence"))
