"""The order rings deliver exactly what a plain turn-indexed buffer would: zero leads included,
and European orders that an overloaded order book delays (industry.py) included."""

from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from autonomy_game.engine.industry import MAX_DELAY
from autonomy_game.engine.resolution import _advance_pipelines
from autonomy_game.engine.state import order_rings

EUROPEAN_LEADS = np.array([0, 3, 1, 2, 5, 0, 1, 2])
FOREIGN_LEADS = np.array([2, 0, 1, 4, 0, 3, 0, 1])
LIMITED = np.array([1.0, 0.0, 2.0, 0.0, 1.5, 1.0, 0.0, 0.0])  # domains with a capacity


def _play(delays: np.ndarray | None, seed: int = 0) -> None:
    """File random orders for 12 turns, with `delays` [turns, B, D] extra European quarters
    (or none), and compare every arrival with a buffer indexed by arrival turn."""
    rng = np.random.default_rng(seed)
    batch, members, domains, turns = 3, 4, 8, 12
    world = SimpleNamespace(lead_european=EUROPEAN_LEADS, lead_foreign=FOREIGN_LEADS,
                            turns=turns, industry_capacity=LIMITED)
    state = SimpleNamespace(turn=0, ordered=np.zeros(
        (batch, int(order_rings(world)[0].sum()), members), np.float32))
    arriving = np.zeros((turns + 2 * MAX_DELAY + 8, batch, 2, domains, members), np.float32)
    for turn in range(turns):
        state.turn = turn
        points = rng.random((batch, 2, domains, members)).astype(np.float32)
        delay = None if delays is None else delays[turn]
        due = _advance_pipelines(world, state, points, delay)
        for b in range(batch):
            for origin, leads in enumerate((EUROPEAN_LEADS, FOREIGN_LEADS)):
                for d, lead in enumerate(leads):
                    extra = 0 if delay is None or origin == 1 else int(delay[b, d])
                    arrives = turn + lead + extra
                    if arrives == turn or arrives < turns:
                        arriving[arrives, b, origin, d] += points[b, origin, d]
        # The rings keep single precision: what arrives is what was filed.
        assert due.dtype == np.float32
        assert np.array_equal(due, arriving[turn])


def test_rings_match_a_turn_indexed_buffer():
    _play(None)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_delayed_european_orders_arrive_their_delay_later(seed):
    rng = np.random.default_rng(seed)
    delays = rng.integers(0, MAX_DELAY + 1, (12, 3, 8))
    delays[:, :, LIMITED == 0] = 0  # only a domain with a capacity has an order book
    _play(delays, seed)
