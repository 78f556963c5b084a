"""Resolution: a quarter's orders become budgets, deliveries, shells, aid and a new Europe.

The order of steps is the story told in the quarter report: budgets move (within fiscal room
and public patience), initiatives draw their payments first, national orders share what is
left, pipelines deliver, factories produce, aid crosses the network, the front moves, and
Europe's mood follows. Money is conserved: every euro a member spends is in `state.spent`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from autonomy_game.engine.indicators import update_indicators
from autonomy_game.engine.network import move_aid
from autonomy_game.engine.orders import EUROPEAN, FOREIGN, Orders
from autonomy_game.engine.reductions import max_last, std_last, sum_last, sum_members
from autonomy_game.engine.state import STATUS_ADOPTED, STATUS_DELIVERED, GameState, order_rings
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


def pct_limits(world: World, state: GameState) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest defence % GDP a member may set this quarter: each [B, N]."""
    step = world.params["budget_step"] * (0.25 + 0.75 * state.fiscal_space)
    low = np.maximum(state.defence_pct - 0.5, MIN_DEFENCE_PCT)
    high = np.minimum(state.defence_pct + step, 10.0)
    return low, high


def resolve(world: World, state: GameState, orders: Orders) -> Ledger:
    p = world.params
    sc = world.scenario
    slot = state.turn % world.pipeline_length

    # 1. Budgets move within fiscal room; raising beyond what threat justifies costs support.
    low, high = pct_limits(world, state)
    new_pct = np.clip(orders.target_pct, low, high)
    rise = np.maximum(new_pct - state.defence_pct, 0.0)
    justified = np.clip(max_last(state.threat) - state.support + 0.2, 0.0, 1.0)
    state.support -= p["support_cost"] * rise * (1.2 - justified)
    state.fiscal_space -= 0.05 * rise
    state.defence_pct = new_pct
    state.gdp *= 1.0 + p["gdp_growth"]
    state.budget = state.gdp * state.defence_pct / 400.0
    discretionary = state.budget * (1.0 - p["upkeep_share"])

    # 2. Initiatives in progress draw their quarterly payments first.
    if (state.initiative_status == STATUS_ADOPTED).any():
        paid_initiatives, delivered = _fund_initiatives(world, state, discretionary)
    else:
        paid_initiatives = np.zeros_like(discretionary)
        delivered = np.zeros(state.initiative_status.shape, bool)
    remaining = np.maximum(discretionary - paid_initiatives, 0.0)

    # 3. Side payments, then national orders scaled to what is left.
    transfers = np.zeros_like(remaining)
    for payer, target, amount in orders.transfers:
        pay = np.minimum(amount, remaining[:, payer])
        remaining[:, payer] -= pay
        transfers[:, payer] += pay
        state.fiscal_space[:, target] += pay / np.maximum(state.gdp[:, target] * 0.02, 1e-9)
    wanted = orders.money()
    factor = np.where(wanted > remaining, remaining / np.maximum(wanted, 1e-12), 1.0)
    orders.scale_money(factor)
    spent_orders = wanted * factor  # what orders.money() gives now, to rounding

    # 4. Procurement enters the pipelines; buying abroad deepens dependence.
    # Points by origin and domain, one row of members each: the rings' layout.
    batch, members, domains = state.on_order.shape
    points = np.empty((batch, 2, domains, members))
    np.divide(np.transpose(orders.procure, (0, 3, 2, 1)), world.cost[:, None], out=points)
    state.on_order += np.swapaxes(points[:, EUROPEAN] + points[:, FOREIGN], 1, 2)
    foreign_money = sum_last(orders.procure[..., FOREIGN]) + orders.shells[:, :, FOREIGN]
    state.atlanticism = np.clip(state.atlanticism + p["dependence_gain"] * foreign_money, 0, 1)

    # 5. Deliveries arrive; equipment ages.
    arriving, arriving_foreign = _advance_pipelines(world, state, points)
    state.on_order = np.maximum(state.on_order - arriving, 0.0)
    keep = 1.0 - p["depreciation"]
    state.capability = state.capability * keep + arriving
    state.capability_foreign = np.minimum(state.capability_foreign * keep + arriving_foreign,
                                          state.capability)

    # 6. The 155 mm market: European factories sell at a price that rises with excess demand.
    rounds = _buy_shells(world, state, orders)
    state.ammunition += rounds
    capacity_slot = (state.turn + sc.ammunition.capacity_lead) % world.pipeline_length
    state.capacity_pipeline[:, capacity_slot] += orders.industry / sc.ammunition.capacity_cost
    state.shell_capacity += state.capacity_pipeline[:, slot]
    state.capacity_pipeline[:, slot] = 0.0

    # 7. Protection and corridors.
    state.hub_protection = np.clip(
        state.hub_protection
        + orders.hub_protection_money(world.owned_hub_share) / (10.0 * p["protection_cost"]), 0, 1)
    state.corridor_capacity += sum_members(orders.corridor) / p["corridor_cost"]

    # 8. Aid to Ukraine crosses the network; the front answers supply.
    _send_aid(world, state, orders)

    # 9. The network recovers; Europe's mood follows events.
    state.hub_health = np.clip(state.hub_health + p["hub_repair"], 0.0, 1.0)
    state.corridor_open = np.clip(state.corridor_open + p["corridor_reopen"], 0.0, 1.0)
    _europe_dynamics(world, state)
    state.capital = np.clip(state.capital + p["capital_income"], 0.0, 100.0)
    state.spent = paid_initiatives + spent_orders + transfers
    update_indicators(world, state)
    return Ledger(discretionary, paid_initiatives, spent_orders, transfers, delivered, rounds)


def _advance_pipelines(world: World, state: GameState, points: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray]:
    """File this turn's points [B, 2, D, N] in their rings and collect what arrives.

    Each origin's and domain's ring is exactly its lead time long, so the slot of this turn
    holds the order placed one lead time ago: it is read, then overwritten (all rings at once,
    one row of N per game and ring, which is twice as fast as ring by ring). A zero lead time
    arrives at once. Returns points arriving, all origins and foreign only: each [B, N, D].
    """
    leads, starts = order_rings(world)
    batch, members, domains = state.on_order.shape
    placed = points.reshape(batch, 2 * domains, members)
    lead = leads.ravel()  # origin-major, like `placed`
    slots = starts.ravel() + state.turn % np.maximum(lead, 1)
    if (lead > 0).all():
        due = state.ordered[:, slots]
        state.ordered[:, slots] = placed
    else:
        travelling = np.flatnonzero(lead > 0)
        due = placed.copy()
        due[:, travelling] = state.ordered[:, slots[travelling]]
        state.ordered[:, slots[travelling]] = placed[:, travelling]
    due = due.reshape(batch, 2, domains, members)
    arriving_foreign = np.ascontiguousarray(np.swapaxes(due[:, FOREIGN], 1, 2))
    arriving = np.swapaxes(due[:, EUROPEAN], 1, 2) + arriving_foreign
    return arriving, arriving_foreign


def _fund_initiatives(world: World, state: GameState,
                      discretionary: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Collect each adopted initiative's quarterly payment and advance its progress."""
    adopted = state.initiative_status == STATUS_ADOPTED  # [B, I]
    quarterly = np.where(adopted, world.initiative_cost / world.initiative_lead, 0.0)
    # EU-funded initiatives draw on common funds first.
    need_total = np.where(world.eu_funded[None, :], quarterly, 0.0).sum(axis=1)
    from_eu_share = np.minimum(state.eu_funds / np.maximum(need_total, 1e-12), 1.0)
    from_eu = np.where(world.eu_funded[None, :], quarterly * from_eu_share[:, None], 0.0)
    state.eu_funds = np.maximum(state.eu_funds - from_eu.sum(axis=1), 0.0)
    national = quarterly - from_eu
    # Only initiatives in progress somewhere cost anything: work on those columns alone.
    active = np.flatnonzero(adopted.any(axis=0))
    mask, rate = participant_key(state, active, national[:, active])
    total_asked = member_shares(state, mask, rate)  # [B, N]
    can = np.where(total_asked > discretionary, discretionary / np.maximum(total_asked, 1e-12),
                   1.0)
    paid_by_initiative = np.zeros_like(quarterly)
    paid_by_initiative[:, active] = np.einsum("bin,bn->bi", mask, state.gdp * can) * rate
    funded = np.divide(from_eu + paid_by_initiative, quarterly, out=np.ones_like(quarterly),
                       where=quarterly > 1e-12)
    state.initiative_progress = np.where(
        adopted, np.minimum(state.initiative_progress + funded / world.initiative_lead, 1.0),
        state.initiative_progress)
    delivered = adopted & (state.initiative_progress >= 1.0 - 1e-9)
    if delivered.any():
        _deliver(world, state, delivered)
    return total_asked * can, delivered


def participant_key(state: GameState, columns: np.ndarray,
                    amounts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GDP key of each initiative's participants, for the given initiative columns.

    Returns `mask` [B, I', N] (1.0 for participants, else 0.0) and `rate` [B, I'] (amount per
    € of participating GDP), so a member's share of an amount is gdp * mask * rate. The
    GDP-weighted key itself is never built: the sums run by einsum. The mask is cast to float64
    once here because einsum would cast a bool mask afresh for every sum (same figures, bit
    for bit; each sum ~40 % faster).
    """
    mask = state.initiative_participants_mask[:, columns, :].astype(np.float64)
    participating_gdp = np.einsum("bin,bn->bi", mask, state.gdp)
    rate = amounts / np.maximum(participating_gdp, 1e-12)
    return mask, rate


def member_shares(state: GameState, mask: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """What each member owes over all the key's initiatives: [B, N] (see participant_key)."""
    return state.gdp * np.einsum("bin,bi->bn", mask, rate)


def _deliver(world: World, state: GameState, delivered: np.ndarray) -> None:
    """An initiative reaches delivery: capabilities, capacity, protection, Europe effects."""
    state.initiative_status = np.where(delivered, STATUS_DELIVERED, state.initiative_status)
    # Deliveries are rare: work only on the games and initiatives that deliver now.
    rows = np.flatnonzero(delivered.any(axis=1))
    cols = np.flatnonzero(delivered.any(axis=0))
    done = delivered[np.ix_(rows, cols)]  # [R, I']
    mask = state.initiative_participants_mask[rows][:, cols] & done[:, :, None]  # [R, I', N]
    gdp = mask * state.gdp[rows][:, None, :]
    weight = gdp / np.maximum(sum_last(gdp), 1e-12)[:, :, None]  # cost shares delivered
    r, i, n = weight.shape
    per_member = np.swapaxes(weight, 1, 2).reshape(r * n, i)  # [R*N, I']
    state.capability[rows] += (per_member @ world.deliver_capability[cols]).reshape(r, n, -1)
    state.shell_capacity[rows] += (per_member @ world.deliver_shells[cols]).reshape(r, n)
    europe = done.astype(float) @ world.deliver_europe[cols]  # [R, K]
    for k, key in enumerate(EUROPE_DELIVERY_KEYS):
        arr = getattr(state, key)
        high = np.inf if key == "eu_funds" else 1.0
        arr[rows] = np.clip(arr[rows] + europe[:, k], 0.0, high)
    # Protection goes to hubs in participating countries.
    hub_in = (mask.reshape(r * i, n).astype(float) @ world.hub_owner_matrix) > 0
    hub_in = hub_in.reshape(r, i, -1)  # [R, I', H]
    gain = (np.swapaxes(hub_in, 1, 2).reshape(-1, i).astype(float)
            @ world.deliver_protection[cols]).reshape(r, -1, world.deliver_protection.shape[1])
    state.hub_protection[rows] = np.clip(state.hub_protection[rows] + gain, 0.0, 1.0)
    if any(world.initiative_effects):
        from autonomy_game.engine.expressions import EvalContext

        ctx = EvalContext(state, world)
        for i, effects in enumerate(world.initiative_effects):
            for statement in effects:
                statement.execute(ctx, delivered[:, i])


def _buy_shells(world: World, state: GameState, orders: Orders) -> np.ndarray:
    """Rounds each member receives this quarter [B, N]; sets the European price."""
    market = world.scenario.ammunition
    eu_money = orders.shells[:, :, EUROPEAN]
    fo_money = orders.shells[:, :, FOREIGN]
    capacity = np.maximum(sum_last(state.shell_capacity), 1e-9)  # thousand rounds
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


def _send_aid(world: World, state: GameState, orders: Orders) -> None:
    p = world.params
    ua = world.scenario.ukraine
    sent = np.minimum(orders.aid_rounds, state.ammunition)
    state.ammunition -= sent
    state.aid_sent = sent
    rounds = sum_last(sent)
    materiel = sum_last(orders.aid_materiel)
    tonnage = rounds * ua.kt_per_k_rounds + materiel * ua.kt_per_bn_materiel
    share = move_aid(world, state, tonnage)
    # Rounds travel with the rest of the cargo, in proportion.
    rounds_waiting = state.backlog_rounds + rounds
    delivered_rounds = rounds_waiting * share
    state.backlog_rounds = rounds_waiting - delivered_rounds
    moved_total = state.aid_flow
    rounds_tonnage = delivered_rounds * ua.kt_per_k_rounds
    delivered_materiel = np.maximum(moved_total - rounds_tonnage, 0.0) / max(
        ua.kt_per_bn_materiel, 1e-9)
    need = np.maximum(state.ukraine_need, 1e-9)
    value_rounds = need * world.scenario.ammunition.price / 1000.0  # € bn of a quarter's need
    supply = (delivered_rounds / need
              + p["aid_materiel_weight"] * delivered_materiel / np.maximum(value_rounds, 1e-9))
    state.ukraine_delivered = np.clip(supply, 0.0, 1.0)
    pressure = state.adversary_pressure - 0.45
    move = p["front_sensitivity"] * (np.minimum(supply, 1.5) - 1.0) - 0.03 * pressure
    # Ground is harder to take back the more has been retaken: gains shrink towards the
    # 1991 border (front 1), so plentiful supply stabilises the line rather than winning.
    move = np.where(move > 0, move * 2.0 * (1.0 - state.ukraine_front), move)
    state.ukraine_front = np.clip(state.ukraine_front + move, 0.0, 1.0)


def _europe_dynamics(world: World, state: GameState) -> None:
    p = world.params
    state.us_commitment = np.clip(state.us_commitment - p["us_drawdown"], 0.0, 1.0)
    shortfall = p["deterrence_target"] - state.deterrence
    state.adversary_pressure = np.clip(state.adversary_pressure + p["pressure_gain"] * shortfall,
                                       0.0, 1.0)
    # Pressure sharpens fears in the east and online; fears relax towards their baseline.
    push = 0.03 * (state.adversary_pressure - 0.5)[:, None]
    state.threat[:, :, EAST] += push * (0.5 + state.threat[:, :, EAST])
    state.threat[:, :, HYBRID] += push * 0.5
    state.threat += p["threat_decay"] * (world.threat_baseline[None] - state.threat)
    np.clip(state.threat, 0.0, 1.0, out=state.threat)
    # Public support drifts towards perceived threat.
    felt = 0.3 + 0.6 * max_last(state.threat)
    state.support = np.clip(state.support + p["support_drift"] * (felt - state.support), 0, 1)
    state.fiscal_space = np.clip(state.fiscal_space + 0.005, 0.0, 1.0)
    # Diverging fears pull the Union apart; a visible threat pulls it together a little.
    divergence = std_last(state.threat[:, :, EAST])
    state.cohesion = np.clip(
        state.cohesion - p["cohesion_drift"] * divergence * 4
        + 0.01 * (state.adversary_pressure - 0.5), 0.0, 1.0)
