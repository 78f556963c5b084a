"""Europe's defence industry: capacity per domain, defence inflation, the scale gain of buying
together, and the explosives bottleneck behind shell output.

* **Capacity and inflation.** Each capability domain has a European production capacity (€ bn
  of orders a quarter that industry delivers at the base price, `procurement.*.capacity`).
  When the quarter's European orders exceed it, prices rise (`inflation` per unit of excess) and
  the same euros buy fewer points: defence inflation. Industry answers sustained orders by
  expanding (`capacity_growth` of the excess each quarter), as Rheinmetall and MBDA did after
  2022. Orders beyond capacity also wait: the work industry could not take this quarter
  (after the price rise has rationed part of it) joins an order book (`state.order_backlog`)
  that drains at the capacity's pace, and the quarter's European orders arrive `order_delay`
  quarters late, one per quarter's worth of capacity queued ahead of them (up to
  `MAX_DELAY`): backlogs lengthen delivery, as for IRIS-T and CAESAR in 2023-25. Foreign
  purchases are not limited here: their bottleneck is the seller's backlog, set per domain in
  `lead_foreign` (Patriot and F-35 are not faster to get than European systems).
* **Scale gain of buying together.** A joint project with more participants pays a lower unit
  price and delivers sooner: per doubling of participants the price falls by
  `joint_price_gain` and the lead time by `joint_lead_gain` (learning curves, longer series,
  one qualification instead of many). Beyond `MAX_PARTNERS` the gain stops: coordination costs
  eat it (the NH90 ended with some twenty national variants). This is the economic case for
  cooperation: ESSI's €20 bn then buys more air defence per euro than a national order.
* **Explosives.** Shell lines need explosives and powder; when those plants are short, shells
  are not filled whatever the lines could make. `ammunition.explosives` caps Europe's shell
  output; only co-funded projects (`delivers.explosives`: ASAP, a plant consortium) add to it.

All functions are [B, D] or [B, I] arithmetic over the batch; no loop over games.
"""

from __future__ import annotations

import numpy as np

from autonomy_game.engine.state import GameState
from autonomy_game.engine.world import World

MAX_PARTNERS = 8  # participants beyond which joint buying saves nothing more (estimate)
MAX_DELAY = 4  # quarters an overloaded order book can add to a European lead time (estimate)


def european_market(world: World, state: GameState, money: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """This quarter's European orders of € bn per domain [B, D] meet industry's capacity:
    (price index [B, D] float, extra quarters of lead time [B, D] int).

    This quarter's orders queue behind the book as the last quarter left it: their delay is
    the whole quarters of capacity queued there (`order_delay`), which a planner can read
    before ordering (`expected_delay`). The price is kept in `state.price_index`; the inflated
    price already rations part of the excess (the same euros buy less), and the work still
    beyond capacity (the money's volume at base prices, less capacity) joins the book, which
    drains by the capacity left over in quieter quarters. Capacity then grows towards
    sustained demand.
    """
    limited = world.industry_capacity > 0
    if not limited.any():
        return state.price_index, np.zeros(state.price_index.shape, int)
    capacity = np.maximum(state.industry_capacity, 1e-9)
    excess = np.where(limited[None, :], np.maximum(money / capacity - 1.0, 0.0), 0.0)
    price = 1.0 + world.industry_inflation[None, :] * excess
    state.price_index = price
    delay = order_delay(state.order_backlog, capacity)  # the book ahead of this quarter's orders
    volume = money / price  # what the money buys at base prices: the work industry must do
    state.order_backlog = np.where(
        limited[None, :], np.maximum(state.order_backlog + volume - state.industry_capacity,
                                     0.0), 0.0)
    growth = world.params["capacity_growth"] * np.maximum(money - state.industry_capacity, 0.0)
    state.industry_capacity = np.where(limited[None, :], state.industry_capacity + growth,
                                       state.industry_capacity)
    return price, delay


def order_delay(backlog: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Extra quarters before an order joins production [B, D] int: the whole quarters of
    capacity ahead of it in the order book, at most `MAX_DELAY`."""
    queued = np.floor(backlog / np.maximum(capacity, 1e-9) + 1e-9)
    return np.minimum(queued, MAX_DELAY).astype(int)


def expected_delay(world: World, state: GameState) -> np.ndarray:
    """The delay an order placed this quarter meets [B, D] int: known before ordering, since
    orders queue behind the book as the last quarter left it."""
    if not (world.industry_capacity > 0).any():
        return np.zeros(state.price_index.shape, int)
    return order_delay(state.order_backlog, state.industry_capacity)


def joint_factors(world: World, participants: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(delivery multiplier, lead-time multiplier) of joint projects with `participants`
    members [B, I]: more points for the money and sooner, up to `MAX_PARTNERS`.

    Participants are whole counts, so the factors are looked up in a table of every count
    worked out by the same formula (`_joint_formula`): the same bits, without a logarithm
    and two powers over [B, I] each quarter. Counts that are not whole use the formula.
    """
    counts = participants.astype(np.intp)
    if (participants.size == 0 or not np.array_equal(counts, participants)
            or counts.min() < 0):
        return _joint_formula(world, participants)
    top = max(int(counts.max()), MAX_PARTNERS)
    gain, lead = _joint_formula(world, np.arange(top + 1, dtype=float))
    return np.take(gain, counts), np.take(lead, counts)


def _joint_formula(world: World, participants: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`joint_factors` worked out element by element: per doubling of participants the price
    falls by `joint_price_gain` and the lead time by `joint_lead_gain`."""
    doublings = np.log2(np.clip(participants, 1.0, MAX_PARTNERS))
    price = (1.0 - world.params["joint_price_gain"]) ** doublings
    lead = (1.0 - world.params["joint_lead_gain"]) ** doublings
    return 1.0 / price, lead


def shell_output_capacity(world: World, state: GameState) -> np.ndarray:
    """Rounds Europe can make this quarter [B]: the lines' capacity, capped by explosives."""
    lines = state.shell_capacity.sum(axis=1)
    if world.scenario.ammunition.explosives <= 0:
        return lines
    return np.minimum(lines, state.explosives_capacity)
