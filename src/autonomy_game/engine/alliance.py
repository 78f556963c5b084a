"""The U.S. guarantee behind Europe's deterrence, and how states feel it being withdrawn.

The base data flags which states are in NATO, which host U.S. troops (`us_troops`) and which
host U.S. B61 bombs under NATO nuclear sharing (BE, DE, IT, NL in the EU; Türkiye outside it).
They matter in two places:

* Deterrence: capability coverage already counts U.S. equipment, but an adversary also weighs
  two things no capability point measures: the U.S. troops stationed in Europe (a tripwire that
  brings the United States into any war) and the U.S. nuclear guarantee, made credible by the
  bombs hosted in Europe. At full commitment both hold and deterrence is as the capability
  model says; as the U.S. withdraws, deterrence loses up to `tripwire_weight` and
  `nuclear_weight`, in proportion to the NATO members' share of the population (neutral states
  were never covered). The bombs are the last to go: the nuclear guarantee holds in full until
  U.S. commitment falls below half (an estimate; Washington has kept the B61 in Europe through
  every conventional drawdown since 1991).
* Threat and Atlanticism: NATO members relied on Article 5, so a drop in U.S. commitment sharpens
  their fear of the east, most where U.S. troops were stationed (a host loses a visible
  guarantee), and erodes their preference for U.S.-led answers. Non-members feel neither.

All of it is per game over the batch: a few [B] and [B, N] operations a quarter.
"""

from __future__ import annotations

import numpy as np

from autonomy_game.engine.state import GameState
from autonomy_game.engine.world import World

LAND = 0  # the domain whose U.S. presence stands for the troops on the ground
EAST = 0
TRIPWIRE_WEIGHT = 0.05  # deterrence lost when every U.S. soldier has gone (estimate)
NUCLEAR_WEIGHT = 0.06  # deterrence lost when the U.S. nuclear guarantee is gone (estimate)
NUCLEAR_HOLDS_UNTIL = 0.5  # U.S. commitment below which the nuclear guarantee weakens
NO_HOST_DISCOUNT = 0.7  # credibility of the guarantee when no member hosts the bombs
THREAT_PER_DROP = 0.15  # east threat a NATO member gains per unit of U.S. commitment lost
HOST_THREAT_PER_DROP = 0.25  # more for the largest host, in proportion to troops hosted
ATLANTICISM_PER_DROP = 0.2  # Atlanticism a NATO member loses per unit of commitment lost


def nato_population_share(world: World) -> float:
    """Share of the members' population inside NATO (the guarantee covers them only)."""
    return float(world.population_share[world.nato].sum())


def nuclear_guarantee(world: World, state: GameState) -> np.ndarray:
    """Credibility of the U.S. nuclear guarantee, 0-1: [B].

    Full while U.S. commitment is at least `NUCLEAR_HOLDS_UNTIL`, then falling with it;
    discounted when no member in play hosts U.S. bombs (no coupling on European soil).
    """
    hosted = 1.0 if world.nuclear_sharing.any() else NO_HOST_DISCOUNT
    return np.clip(state.us_commitment / NUCLEAR_HOLDS_UNTIL, 0.0, 1.0) * hosted


def tripwire(state: GameState) -> np.ndarray:
    """Share of U.S. ground troops still stationed in Europe, 0-1: [B]."""
    return np.clip(state.us_commitment * state.us_presence[:, LAND], 0.0, 1.0)


def guarantee_shortfall(world: World, state: GameState) -> np.ndarray:
    """Deterrence lost because the U.S. guarantee is weaker than at full commitment: [B]."""
    nato = nato_population_share(world)
    lost = (TRIPWIRE_WEIGHT * (1.0 - tripwire(state))
            + NUCLEAR_WEIGHT * (1.0 - nuclear_guarantee(world, state)))
    return nato * lost


def host_weight(world: World) -> np.ndarray:
    """U.S. troops hosted, relative to the largest host in play: [N] in 0-1."""
    troops = world.us_troops
    return troops / troops.max() if troops.max() > 0 else np.zeros_like(troops)


def feel_withdrawal(world: World, state: GameState) -> None:
    """NATO members react to U.S. commitment lost since they last looked (events or drawdown).

    Their east threat rises (hosts most) and their Atlanticism falls; the level they react to
    is kept in `us_commitment_felt`, so a loss is felt once, whenever it happened.
    """
    drop = np.maximum(state.us_commitment_felt - state.us_commitment, 0.0)  # [B]
    state.us_commitment_felt = state.us_commitment.copy()
    if not drop.any():
        return
    nato = world.nato.astype(float)
    threat_gain = nato * (THREAT_PER_DROP + HOST_THREAT_PER_DROP * host_weight(world))  # [N]
    state.threat[:, EAST] = np.clip(state.threat[:, EAST] + drop[:, None] * threat_gain, 0, 1)
    state.atlanticism = np.clip(state.atlanticism - drop[:, None] * ATLANTICISM_PER_DROP * nato,
                                0.0, 1.0)
