"""Aid flow through the logistics network of hubs and corridors.

A corridor carries what its own open capacity allows, but corridors that share a hub share its
capacity (health times nominal capacity). A few rounds of proportional scaling settle the flows
so no hub carries more than it can; this is a vectorised stand-in for max-flow that a teacher
can explain ("Rzeszów was damaged, so every corridor through it slowed").
"""

from __future__ import annotations

import numpy as np

from autonomy_game.engine.reductions import min_last, rows_matmul, sum_last
from autonomy_game.engine.state import GameState
from autonomy_game.engine.world import World

SETTLING_ROUNDS = 4


def corridor_throughput(world: World, state: GameState) -> np.ndarray:
    """Most each corridor can carry this quarter, thousand tonnes: [B, C]."""
    incidence = world.incidence  # [C, H]
    if incidence.size == 0:
        return np.zeros((state.batch, 0))
    hub_cap = world.hub_capacity[None, :] * state.hub_health  # [B, H]
    padded = np.concatenate([hub_cap, np.full((state.batch, 1), np.inf)], axis=1)
    flow = state.corridor_capacity * state.corridor_open  # [B, C]
    # No corridor can exceed its narrowest hub.
    flow = np.minimum(flow, min_last(padded[:, world.path_hubs]))
    ones = np.ones((state.batch, 1))
    for _ in range(SETTLING_ROUNDS):
        load = rows_matmul(flow, incidence)  # [B, H]
        if not (load > hub_cap + 1e-9).any():
            break
        scale = np.where(load > hub_cap, hub_cap / np.maximum(load, 1e-12), 1.0)
        flow = flow * min_last(np.concatenate([scale, ones], axis=1)[:, world.path_hubs])
    return np.maximum(flow, 0.0)


def move_aid(world: World, state: GameState, shells_waiting: np.ndarray,
             materiel_waiting: np.ndarray,
             shells_first: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ship what waits at the border (thousand tonnes [B] of shells and of other materiel,
    backlog included); return the tonnage of each moved [B].

    `shells_first` [B] in [0, 1] is the share of the shells loaded before anything else: the
    rest of the shells and the materiel share what capacity is left, in proportion. With
    shells first (1, the default order) more materiel never delays a shell: bulky aid fills
    the corridors only after the rounds Ukraine fires every day.
    """
    throughput = corridor_throughput(world, state)
    capacity = sum_last(throughput)
    priority = shells_waiting * shells_first
    first = np.minimum(priority, capacity)
    rest = shells_waiting - priority + materiel_waiting
    room = capacity - first
    share = np.divide(np.minimum(room, rest), rest, out=np.ones_like(rest), where=rest > 1e-12)
    shells_moved = first + (shells_waiting - priority) * share
    materiel_moved = materiel_waiting * share
    moved = shells_moved + materiel_moved
    state.corridor_flow = np.divide(
        throughput * moved[:, None], capacity[:, None],
        out=np.zeros_like(throughput), where=capacity[:, None] > 1e-12,
    )
    state.aid_flow = moved
    state.aid_backlog = np.maximum(shells_waiting + materiel_waiting - moved, 0.0)
    return shells_moved, materiel_moved
