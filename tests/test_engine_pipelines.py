"""The order rings deliver exactly what a plain turn-indexed buffer would, zero leads included."""

from types import SimpleNamespace

import numpy as np

from autonomy_game.engine.resolution import _advance_pipelines


def test_rings_match_a_turn_indexed_buffer():
    rng = np.random.default_rng(0)
    batch, members, domains = 3, 4, 8
    european = np.array([0, 3, 1, 2, 5, 0, 1, 2])
    foreign = np.array([2, 0, 1, 4, 0, 3, 0, 1])
    world = SimpleNamespace(lead_european=european, lead_foreign=foreign)
    state = SimpleNamespace(on_order=np.zeros((batch, members, domains)), turn=0,
                            ordered=np.zeros((batch, int(european.sum() + foreign.sum()),
                                              members)))
    length = int(max(european.max(), foreign.max())) + 1
    placed = np.zeros((batch, length, members, domains, 2))
    for turn in range(12):
        state.turn = turn
        points = rng.random((batch, members, domains, 2))
        arriving, arriving_foreign = _advance_pipelines(
            world, state, np.ascontiguousarray(np.transpose(points, (0, 3, 2, 1))))
        placed[:, turn % length] = points
        expected = np.zeros((batch, members, domains, 2))
        for origin, leads in enumerate((european, foreign)):
            for d, lead in enumerate(leads):
                if turn >= lead:
                    expected[:, :, d, origin] = placed[:, (turn - lead) % length, :, d, origin]
        assert np.array_equal(arriving_foreign, expected[..., 1])
        assert np.array_equal(arriving, expected[..., 0] + expected[..., 1])
