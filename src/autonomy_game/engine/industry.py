"""Europe's defence industry: capacity per domain, defence inflation, the scale gain of buying
together, and the explosives bottleneck behind shell output.

* **Capacity and inflation.** Each capability domain has a European production capacity (€ bn
  of orders a quarter that industry delivers at the base price, `procurement.*.capacity`).
  When the quarter's European orders exceed it, prices rise (`inflation` per unit of excess) and
  the same euros buy fewer points: defence inflation. Industry answers sustained orders by
  expanding (`capacity_growth` of the excess each quarter), as Rheinmetall and MBDA did after
  2022. Foreign purchases are not limited here: their bottleneck is the seller's backlog, set
  per domain in `lead_foreign` (Patriot and F-35 are not faster to get than European systems).
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


def european_prices(world: World, state: GameState, money: np.ndarray) -> np.ndarray:
    """Price index of this quarter's European orders [B, D] given their € bn per domain [B, D];
    kept in `state.price_index`. Capacity then grows towards sustained demand."""
    limited = world.industry_capacity > 0
    if not limited.any():
        return state.price_index
    capacity = np.maximum(state.industry_capacity, 1e-9)
    excess = np.where(limited[None, :], np.maximum(money / capacity - 1.0, 0.0), 0.0)
    price = 1.0 + world.industry_inflation[None, :] * excess
    state.price_index = price
    growth = world.params["capacity_growth"] * np.maximum(money - state.industry_capacity, 0.0)
    state.industry_capacity = np.where(limited[None, :], state.industry_capacity + growth,
                                       state.industry_capacity)
    return price


def joint_factors(world: World, participants: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(delivery multiplier, lead-time multiplier) of joint projects with `participants`
    members [B, I]: more points for the money and sooner, up to `MAX_PARTNERS`."""
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
