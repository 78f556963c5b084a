"""AI national orders: transparent, vectorised rules of thumb with seeded noise.

Each member state sets its budget and splits its discretionary money by named motives (threat
from the east, the U.S. gap, public support, fiscal room, national capability gaps). The same
arrays drive one game or ten thousand; the motive terms are returned so the game can explain a
state's choices in the quarter report.
"""

from __future__ import annotations

import numpy as np

from autonomy_game.engine.council import uniform_noise
from autonomy_game.engine.indicators import us_support
from autonomy_game.engine.industry import expected_delay
from autonomy_game.engine.late_orders import arrives_in_time, capacity_in_time
from autonomy_game.engine.money import contribution_key, loan_flows
from autonomy_game.engine.orders import EUROPEAN, FOREIGN, Orders, empty_orders
from autonomy_game.engine.reductions import max_members, sum_last, sum_members
from autonomy_game.engine.shares import gdp_rates, member_bills
from autonomy_game.engine.state import STATUS_ADOPTED, GameState
from autonomy_game.engine.streams import CounterStream
from autonomy_game.engine.world import World
from autonomy_game.scenario.model import DOMAINS

EAST, SOUTH, HYBRID, CHINA = 0, 1, 2, 3
BUDGET_TERMS = ("threat", "us_gap", "pressure", "support", "fiscal", "noise")
# Which fears make a domain urgent: rows are domains, columns threat axes.
DOMAIN_PRIORITY = np.array([
    [0.9, 0.3, 0.1, 0.0],  # land
    [0.7, 0.4, 0.1, 0.2],  # air
    [1.0, 0.3, 0.4, 0.1],  # air_defence
    [0.8, 0.5, 0.6, 0.4],  # isr
    [0.6, 0.6, 0.1, 0.2],  # enablers
    [0.4, 0.2, 1.0, 0.6],  # cyber
    [0.3, 0.2, 0.9, 0.2],  # energy
    [0.9, 0.1, 0.2, 0.0],  # mobility
])
assert DOMAIN_PRIORITY.shape[0] == len(DOMAINS)


def budget_terms(world: World, state: GameState, noise: np.ndarray) -> dict[str, np.ndarray]:
    """Why each member wants to move its defence % GDP this quarter: each [B, N]."""
    threat = state.threat
    urgency = 0.6 * threat[:, EAST] + 0.25 * threat[:, HYBRID] + 0.15 * max_members(threat)
    us_gap = 1.0 - state.us_commitment[:, None]
    return {
        "threat": 0.6 * (urgency - 0.45),
        "us_gap": 0.9 * us_gap * (0.3 + 0.7 * threat[:, EAST]),
        "pressure": 0.4 * (state.adversary_pressure[:, None] - 0.45),
        "support": 0.4 * (state.support - 0.5),
        "fiscal": -0.3 * (1.0 - state.fiscal_space) * (state.defence_pct / 2.0),
        "noise": noise,
    }


def committed_payments(world: World, state: GameState) -> np.ndarray:
    """What adopted initiatives and loans will ask of each member this quarter, less the loan
    tranche it may draw (money.py): [B, N] € bn (negative when a loan brings more)."""
    tranche, service = loan_flows(world, state)
    loans = service - tranche
    adopted = state.initiative_status == STATUS_ADOPTED  # [B, I]
    if not adopted.any():
        return loans
    quarterly = np.where(adopted, world.initiative_cost / world.initiative_lead, 0.0)
    common = world.eu_funded | world.epf_funded
    national = np.where(common, quarterly * 0.5, quarterly)  # common funds help
    key = contribution_key(world, state)
    return member_bills(state, gdp_rates(state, national, key), key) + loans


def _procurement_weights(world: World, state: GameState) -> np.ndarray:
    """How much each member wants each domain, by gap and fear: [B, D, N] float32, unscaled.

    The gap is the member's fair share of Europe's requirement (its GDP share s of it) not yet
    held, on order or covered by the U.S., as a share of that fair requirement:

        1 - (held + on order) / (s * req) - (population share / s) * U.S. fill / req

    with the U.S. fill its support x commitment x presence in the domain.

    A weighting, not an account: it is worked out in float32 (half the memory traffic of
    each [B, D, N] pass, 8.6 MB at B = 10 000), in place, member axis last.
    """
    f32 = np.float32
    requirement = np.maximum(world.requirement, 1e-9)
    gdp_share = np.maximum(state.gdp / sum_last(state.gdp)[:, None], 1e-12)
    gap = np.add(state.capability, state.on_order, dtype=f32)
    gap *= (1.0 / gdp_share).astype(f32)[:, None, :]
    us_cover = world.population_share[None, :] / gdp_share  # [B, N]
    us_fill = us_support(world, state)  # [B, D]
    supported = np.flatnonzero(world.us_support)
    if len(supported) == gap.shape[1]:  # the U.S. part of every domain, rounded to float32
        part = np.multiply(us_fill[:, :, None], us_cover[:, None, :], out=np.empty_like(gap),
                           casting="same_kind")
        gap += part
    else:
        for d in supported:  # add the U.S. part domain by domain
            gap[:, d] += (us_cover * us_fill[:, d, None]).astype(f32)
    gap /= requirement.astype(f32)[None, :, None]
    np.subtract(f32(1.0), gap, out=gap)
    np.clip(gap, f32(0.0), f32(1.0), out=gap)  # the gap, as a share of the fair requirement
    priority = (DOMAIN_PRIORITY / 2.0).astype(f32) @ state.threat.astype(f32)  # [B, D, N]
    priority += f32(0.3)
    gap *= priority
    gap += f32(0.02)
    return gap


def ai_orders(world: World, state: GameState,
              rng: CounterStream | None) -> tuple[Orders, dict[str, np.ndarray]]:
    """Orders for every member in every game; also the budget motive terms. Without `rng`
    the orders have no random taste (the look-ahead's plain advisor)."""
    p = world.params
    b, n = state.gdp.shape
    if rng is None:
        noise = np.zeros((3, b, n), np.float32)
    else:
        noise = uniform_noise(rng, (3, b, n), p["ai_noise"], batch_axis=1)  # a normal: 4x
    terms = budget_terms(world, state, noise[0].astype(np.float64))
    desire = sum(terms.values())
    orders = empty_orders(b, n, len(DOMAINS), state.defence_pct, procure_filled=True)
    orders.target_pct = state.defence_pct + np.clip(desire, -0.25, 0.6)

    threat = state.threat
    east, hybrid = threat[:, EAST], threat[:, HYBRID]
    budget = state.gdp * orders.target_pct / 400.0
    money = np.maximum(budget * (1 - p["upkeep_share"]) - committed_payments(world, state), 0.0)

    shortfall = np.clip(1.0 - state.ukraine_delivered, 0.0, 1.0)[:, None]
    # Aid still waiting for transport would only queue at the border: a clogged network
    # (backlog against last quarter's flow) holds new aid back.
    # Shells go first through the corridors (the default loading order), so rounds are held
    # back only by rounds still waiting; materiel by everything waiting.
    waiting = state.aid_backlog / (state.aid_backlog + state.aid_flow + 1e-9)
    held_back = (1.0 - 0.9 * waiting)[:, None]
    front_worry = np.clip(0.55 - state.ukraine_front, 0.0, 0.5)[:, None]
    has_hubs = (world.hub_owner_matrix.sum(axis=1) > 0)[None, :]
    has_corridors = (world.owned_corridor_share.sum(axis=1) > 0)[None, :]
    share_aid = np.clip(0.03 + 0.12 * east + 0.3 * front_worry - 0.08 * (1 - state.support),
                        0.0, 0.35) * held_back
    share_shells = np.clip(0.02 + 0.1 * east * (shortfall + front_worry), 0.0, 0.3)
    price_signal = np.clip(state.shell_price[:, None] / world.scenario.ammunition.price - 1.0,
                           0.0, 2.0)
    share_industry = np.clip(0.01 + 0.06 * east * (0.5 + price_signal) + noise[1] * 0.1,
                             0.0, 0.2) * (state.shell_capacity > 0)
    share_protect = has_hubs * np.clip(0.02 + 0.12 * hybrid, 0.0, 0.2)
    share_corridor = has_corridors * np.clip(0.01 + 0.05 * east, 0.0, 0.08)
    if not capacity_in_time(world, state.turn):  # a plant on line after the end: buy rounds
        share_shells = share_shells + share_industry
        share_industry = np.zeros_like(share_industry)
    spent_elsewhere = share_aid + share_shells + share_industry + share_protect + share_corridor
    share_procure = np.clip(1.0 - spent_elsewhere, 0.0, 1.0)

    # Plan with the clock: equipment that would arrive after the last turn is not bought. Its
    # share of the procurement wish goes to what arrives at once (rounds, aid, protection).
    # An overloaded European order book (industry.py) delays European orders: plan with the
    # delay the book shows now, per game.
    in_time = arrives_in_time(world, state.turn)  # [2, D] origin by domain
    delay = expected_delay(world, state)  # [B, D]
    booked = bool(delay.any())
    european_in_time = (arrives_in_time(world, state.turn, delay)[:, EUROPEAN] if booked
                        else in_time[EUROPEAN][None, :])  # [B, D] or [1, D]
    wish = _procurement_weights(world, state)  # [B, D, N] float32
    deliverable = european_in_time | in_time[FOREIGN][None, :]
    wished = None  # what each member wishes, summed over the domains [B, N]
    if not deliverable.all():
        before = sum_members(wish)
        np.multiply(wish, deliverable.astype(np.float32)[:, :, None], out=wish)
        wished = sum_members(wish)  # the wish is not touched again before it is scaled
        late = np.clip(1.0 - wished / np.maximum(before, 1e-12), 0.0, 1.0)
        moved = share_procure * late
        share_procure = share_procure - moved
        to_protect = moved * (0.3 * has_hubs)
        to_aid = (moved - to_protect) * 0.35 * held_back
        share_protect = share_protect + to_protect
        share_aid = share_aid + to_aid
        share_shells = share_shells + (moved - to_protect - to_aid)

    orders.aid_materiel = money * share_aid
    foreign_lean = np.clip(0.1 + 0.6 * state.atlanticism * (0.4 + 0.6 * state.adversary_pressure
                                                            [:, None]) + noise[2],
                           0.05, 0.9)
    orders.shells[:, :, EUROPEAN] = money * share_shells * (1 - 0.5 * foreign_lean)
    orders.shells[:, :, FOREIGN] = money * share_shells * 0.5 * foreign_lean
    orders.industry = money * share_industry

    # Protection: over the member's own hubs (busiest first), weighted to the attack it fears.
    kind_weight = np.empty((b, n, 3))  # each kind written in place (no stacking copy)
    for kind, (axis, slope, floor) in enumerate(((east, 0.6, 0.2), (hybrid, 0.6, 0.2),
                                                 (hybrid, 0.4, 0.1))):
        np.add(np.multiply(slope, axis), floor, out=kind_weight[:, :, kind])
    kind_weight *= (money * share_protect / sum_last(kind_weight))[:, :, None]
    orders.protect_own = kind_weight
    orders.corridor_own = money * share_corridor

    # Procurement: fill national shares of Europe's requirement where it hurts most.
    procure = wish
    if wished is None:
        wished = sum_members(wish)
    scale = money * share_procure / np.maximum(wished, 1e-12)
    procure *= scale.astype(np.float32)[:, None, :]
    # Long European lead times push urgent buyers abroad; so does a European delivery that
    # would come after the last turn (and a late foreign one keeps the order at home).
    # A backlogged European book is slowness too (the Polish K2 and K9 orders of 2022).
    lead_gap = world.lead_european - world.lead_foreign
    slowness = (0.7 + (lead_gap[None, :] + delay if booked else lead_gap[None, :]) / 10.0
                ).astype(np.float32)  # [B, D] or [1, D]
    foreign = np.multiply(foreign_lean.astype(np.float32)[:, None, :], slowness[:, :, None])
    np.clip(foreign, np.float32(0.0), np.float32(0.95), out=foreign)
    if booked or not in_time.all():
        np.copyto(foreign, np.float32(1.0), where=~european_in_time[:, :, None])
        foreign[:, ~in_time[FOREIGN]] = 0.0
    foreign *= procure
    orders.procure[:, FOREIGN] = foreign
    np.subtract(procure, foreign, out=orders.procure[:, EUROPEAN])

    orders.aid_rounds = ai_aid_rounds(world, state)
    return orders, terms


def ai_aid_rounds(world: World, state: GameState) -> np.ndarray:
    """Thousand rounds each member sends Ukraine from stock this quarter: [B, N]. More when
    the east is feared, Ukraine was short or the front is weak; less while rounds still wait
    at the border (shells go first, so only waiting rounds hold new ones back)."""
    east = state.threat[:, EAST]
    shortfall = np.clip(1.0 - state.ukraine_delivered, 0.0, 1.0)[:, None]
    front_worry = np.clip(0.55 - state.ukraine_front, 0.0, 0.5)[:, None]
    shells_waiting = state.backlog_rounds * world.scenario.ukraine.kt_per_k_rounds
    held_back = (1.0 - 0.6 * shells_waiting / (shells_waiting + state.aid_flow + 1e-9))[:, None]
    reserve_ratio = np.clip(0.7 - 0.5 * east - 0.4 * front_worry, 0.2, 0.9)
    rounds = state.ammunition * (1 - reserve_ratio) * (0.3 + 0.7 * shortfall + front_worry)
    return np.minimum(rounds * held_back, state.ammunition)
