"""The dynamic side of a game: struct-of-arrays with a leading batch axis B.

One interactive game is B = 1; a Monte Carlo run of ten thousand games is B = 10 000 and runs
the very same code. Per-member quantities are [B, N], Europe-wide ones [B]. Nothing here is a
Python object per game, so a turn costs a fixed number of numpy calls whatever B is.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from autonomy_game.engine.world import World
from autonomy_game.scenario.model import DOMAINS, PROTECTIONS, THREAT_AXES

OUTCOME_ONGOING, OUTCOME_VICTORY, OUTCOME_PARTIAL, OUTCOME_FAILURE, OUTCOME_DEFEAT = range(5)
OUTCOME_NAMES = ("ongoing", "victory", "partial", "failure", "defeat")
STATUS_OPEN, STATUS_ADOPTED, STATUS_DELIVERED = 0, 1, 2


@dataclass
class GameState:
    batch: int
    turn: int  # turns completed so far; the turn being played is turn + 1
    turn_number: np.ndarray  # [B] the turn being played (for expressions)
    # member states [B, N]
    gdp: np.ndarray
    defence_pct: np.ndarray
    budget: np.ndarray  # € bn per quarter
    fiscal_space: np.ndarray
    support: np.ndarray
    atlanticism: np.ndarray
    capital: np.ndarray
    ammunition: np.ndarray  # thousand rounds
    shell_capacity: np.ndarray  # thousand rounds per quarter
    aid_sent: np.ndarray  # thousand rounds sent last turn
    threat: np.ndarray  # [B, A, N] member last, so each axis is a contiguous [B, N]
    # Capability arrays put the member last ([B, D, N]), as the order rings do: procurement
    # flows from orders through the rings into capability without a transpose. They are
    # float32 (7 significant digits of capability points, far finer than any effect in the
    # game): at B = 10 000 each is read or written a dozen times a turn.
    capability: np.ndarray  # [B, D, N] float32
    capability_foreign: np.ndarray  # [B, D, N] float32, the part bought outside Europe
    # [B, S, N] float32 points on order: one ring per origin and domain, as long as its lead
    # time plus, for European orders of a domain with limited capacity, the longest delay an
    # overloaded order book adds (S = all ring lengths summed, see `order_rings`); slot
    # t % length holds what arrives at turn t. Single precision (7 digits) halves the largest
    # array's traffic at B = 10 000.
    ordered: np.ndarray
    on_order: np.ndarray  # [B, D, N] float32, all still in the pipeline (running total)
    capacity_pipeline: np.ndarray  # [B, L, N] shell capacity coming on line
    spent: np.ndarray  # [B, N] € bn spent last turn (all uses)
    # Money beyond the national budget (money.py) [B, N]: SAFE credit lines, debts and
    # grace periods, and the co-financing account that side payments fill.
    loan_credit: np.ndarray  # € bn still to be drawn
    loan_drawn: np.ndarray  # € bn drawn so far
    loan_debt: np.ndarray  # € bn owed
    loan_grace: np.ndarray  # quarters before repayment starts
    cofinance_credit: np.ndarray  # € bn received to pay this member's share of initiatives
    # Europe [B]
    us_commitment: np.ndarray
    us_commitment_felt: np.ndarray  # [B] the U.S. commitment states last reacted to
    us_drawdown: np.ndarray  # [B] U.S. commitment withdrawn per quarter in this game (events.py)
    cohesion: np.ndarray
    deterrence: np.ndarray
    adversary_pressure: np.ndarray
    autonomy: np.ndarray
    eu_funds: np.ndarray
    epf_funds: np.ndarray  # € bn unspent in the off-budget European Peace Facility
    ukraine_front: np.ndarray
    ukraine_need: np.ndarray
    ukraine_delivered: np.ndarray
    aid_flow: np.ndarray  # thousand tonnes moved last turn
    aid_backlog: np.ndarray  # thousand tonnes waiting for transport
    backlog_rounds: np.ndarray  # thousand rounds inside the backlog
    shell_price: np.ndarray  # € thousand per round
    explosives_capacity: np.ndarray  # [B] thousand rounds a quarter the explosives plants fill
    industry_capacity: np.ndarray  # [B, D] € bn of European orders a quarter at base price
    order_backlog: np.ndarray  # [B, D] € bn of European orders waiting beyond that capacity
    price_index: np.ndarray  # [B, D] price of European orders against the base (inflation)
    us_presence: np.ndarray  # [B, D] share of each domain's U.S. support still in Europe
    gap: np.ndarray  # [B, D]
    coverage: np.ndarray  # [B, D]
    # network
    hub_health: np.ndarray  # [B, H]
    hub_protection: np.ndarray  # [B, H, 3]
    corridor_open: np.ndarray  # [B, C]
    corridor_capacity: np.ndarray  # [B, C]
    corridor_flow: np.ndarray  # [B, C]
    overlay_health: np.ndarray  # [B, L] the scenario's cables, pipelines, zones (0-1)
    # initiatives [B, I]
    initiative_status: np.ndarray  # int
    initiative_progress: np.ndarray
    initiative_participants_mask: np.ndarray  # [B, I, N] bool
    initiative_cooldown: np.ndarray  # [B, I] first turn it may be proposed again
    declared: np.ndarray  # [B, N, I] int8 vote a state declared (world.DECLARED_CODES; 0 none)
    last_vote: np.ndarray  # [B, N, I] int8 each state's vote when the item was last put to a
    #   vote: 1 yes, -1 no, 0 abstained or never voted (read as PL.voted.ID)
    tabled: np.ndarray  # [B, I] bool put on the next Council's agenda by an effect (table())
    # scenario variables and bookkeeping
    variables: np.ndarray  # [B, V]
    scenario_values: np.ndarray  # [B, K] the scenario's own indicators (world.indicator_ids)
    event_fired: np.ndarray  # [B, E] bool
    later_due: np.ndarray  # [B, K] turn each `later` block falls due (0: not set going)
    outcome: np.ndarray  # [B] int
    defeat_reason: np.ndarray  # [B] int, -1 when none
    ended_turn: np.ndarray  # [B] int, 0 while ongoing

    # Read-only views the expression language names -------------------------------------------
    @property
    def initiative_adopted(self) -> np.ndarray:
        return (self.initiative_status >= STATUS_ADOPTED).astype(float)

    @property
    def initiative_delivered(self) -> np.ndarray:
        return (self.initiative_status == STATUS_DELIVERED).astype(float)

    @property
    def initiative_participants(self) -> np.ndarray:
        return participant_counts(self.initiative_participants_mask)

    def copy(self) -> GameState:
        return dataclasses.replace(
            self, **{f.name: getattr(self, f.name).copy()
                     for f in dataclasses.fields(self) if isinstance(getattr(self, f.name),
                                                                     np.ndarray)}
        )


def participant_counts(mask: np.ndarray) -> np.ndarray:
    """Members taking part in each initiative, as floats: [..., N] bool -> [...].

    Counted as one float32 matrix-vector product (counts up to 27 are exact in float32):
    4x faster at B = 10 000 than numpy's boolean sum over a short last axis.
    """
    members = mask.shape[-1]
    flat = mask.reshape(-1, members).view(np.uint8).astype(np.float32)
    return (flat @ np.ones(members, np.float32)).reshape(mask.shape[:-1]).astype(float)


def order_rings(world: World) -> tuple[np.ndarray, np.ndarray]:
    """Length and first slot of each origin's and domain's ring in `ordered`: each [2, D].

    A ring holds exactly the orders still travelling: its lead time, plus `MAX_DELAY` slots
    for European orders of a domain whose capacity is limited (an overloaded order book delays
    them, industry.py). Each slot is a contiguous [N] row per game: that matters at
    B = 10 000, where `ordered` is the largest array.
    """
    from autonomy_game.engine.industry import MAX_DELAY

    leads = np.stack([world.lead_european, world.lead_foreign])  # origin order as in orders.py
    lengths = leads.copy()
    lengths[0] += np.where(world.industry_capacity > 0, MAX_DELAY, 0)
    starts = (np.cumsum(lengths.ravel()) - lengths.ravel()).reshape(lengths.shape)
    return lengths, starts


def new_state(world: World, batch: int) -> GameState:
    """The scenario's starting position, repeated over the batch."""
    sc = world.scenario
    states = [sc.states[c] for c in world.codes]
    n, d, a = len(states), len(DOMAINS), len(THREAT_AXES)
    h, c, i = len(world.hub_ids), len(world.corridor_ids), len(world.initiative_ids)
    length = world.pipeline_length

    def members(values: list[float]) -> np.ndarray:
        return np.tile(np.asarray(values, float), (batch, 1))

    def europe(key: str, default: float) -> np.ndarray:
        return np.full(batch, float(sc.europe.get(key, default)))

    gdp = members([s.gdp for s in states])
    pct = members([s.defence_pct for s in states])
    state = GameState(
        batch=batch,
        turn=0,
        turn_number=np.ones(batch),
        gdp=gdp,
        defence_pct=pct,
        budget=gdp * pct / 100.0 / 4.0,
        fiscal_space=members([s.fiscal_space for s in states]),
        support=members([s.support for s in states]),
        atlanticism=members([s.atlanticism for s in states]),
        capital=members([s.political_capital for s in states]),
        ammunition=members([s.ammunition for s in states]),
        shell_capacity=members([s.shell_capacity for s in states]) + world.ramp_capacity[1],
        aid_sent=np.zeros((batch, n)),
        threat=np.tile(world.threat_baseline.T, (batch, 1, 1)).reshape(batch, a, n),
        capability=np.tile(
            np.array([[s.capabilities.get(x, 0.0) for s in states] for x in DOMAINS], float),
            (batch, 1, 1),
        ).reshape(batch, d, n).astype(np.float32),
        capability_foreign=np.zeros((batch, d, n), np.float32),
        ordered=np.zeros((batch, int(order_rings(world)[0].sum()), n), np.float32),
        on_order=np.zeros((batch, d, n), np.float32),
        capacity_pipeline=np.zeros((batch, length, n)),
        spent=np.zeros((batch, n)),
        loan_credit=np.zeros((batch, n)),
        loan_drawn=np.zeros((batch, n)),
        loan_debt=np.zeros((batch, n)),
        loan_grace=np.zeros((batch, n)),
        cofinance_credit=np.zeros((batch, n)),
        us_commitment=europe("us_commitment", 1.0),
        us_commitment_felt=europe("us_commitment", 1.0),
        us_drawdown=np.full(batch, float(world.params["us_drawdown"])),
        cohesion=europe("cohesion", 0.65),
        deterrence=np.zeros(batch),
        adversary_pressure=europe("adversary_pressure", 0.45),
        autonomy=np.zeros(batch),
        eu_funds=europe("eu_funds", 8.0),
        epf_funds=europe("epf_funds", 0.0),
        ukraine_front=np.full(batch, float(sc.ukraine.front)),
        ukraine_need=np.full(batch, float(sc.ukraine.need)),
        ukraine_delivered=np.ones(batch),
        aid_flow=np.zeros(batch),
        aid_backlog=np.zeros(batch),
        backlog_rounds=np.zeros(batch),
        shell_price=np.full(batch, float(sc.ammunition.price)),
        explosives_capacity=np.full(batch, float(sc.ammunition.explosives)),
        industry_capacity=np.tile(world.industry_capacity, (batch, 1)).reshape(batch, d),
        order_backlog=np.zeros((batch, d)),
        price_index=np.ones((batch, d)),
        us_presence=np.ones((batch, d)),
        gap=np.zeros((batch, d)),
        coverage=np.zeros((batch, d)),
        hub_health=np.ones((batch, h)),
        hub_protection=np.zeros((batch, h, len(PROTECTIONS))),
        corridor_open=np.ones((batch, c)),
        corridor_capacity=np.tile(world.corridor_capacity, (batch, 1)).reshape(batch, c),
        corridor_flow=np.zeros((batch, c)),
        overlay_health=np.ones((batch, max(1, len(world.scenario.overlays)))),
        initiative_status=np.zeros((batch, i), int),
        initiative_progress=np.zeros((batch, i)),
        initiative_participants_mask=np.zeros((batch, i, n), bool),
        initiative_cooldown=np.zeros((batch, i), int),
        declared=np.zeros((batch, n, i), np.int8),
        last_vote=np.zeros((batch, n, i), np.int8),
        tabled=np.zeros((batch, i), bool),
        variables=np.zeros((batch, max(1, len(world.names.variables)))),
        scenario_values=np.zeros((batch, max(1, len(world.indicator_ids)))),
        event_fired=np.zeros((batch, len(world.events)), bool),
        later_due=np.zeros((batch, len(world.later_blocks)), int),
        outcome=np.zeros(batch, int),
        defeat_reason=np.full(batch, -1, int),
        ended_turn=np.zeros(batch, int),
    )
    from autonomy_game.engine.indicators import update_indicators

    update_indicators(world, state)
    return state
