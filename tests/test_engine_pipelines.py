"""The order rings deliver exactly what a plain turn-indexed buffer would, zero leads included."""

from types import SimpleNamespace

import numpy as np

from autonomy_game.engine.resolution import _advance_pipelines


def test_rings_match_a_turn_indexed_buffer():
    rng = np.random.default_rng(0)
    batch, members, domains = 3, 4, 8
    european = np.array([0, 3, 1, 2, 5, 0, 1, 2])
    foreign = np.array([2, 0, 1, 4, 0, 3, 0, 1])
    turns = 12
    world = SimpleNamespace(lead_european=european, lead_foreign=foreign, turns=turns)
    state = SimpleNamespace(turn=0, ordered=np.zeros(
        (batch, int(european.sum() + foreign.sum()), members), np.float32))
    length = int(max(european.max(), foreign.max())) + 1
    placed = np.zeros((batch, length, 2, domains, members))
    for turn in range(turns):
        state.turn = turn
        points = rng.random((batch, 2, domains, members))
        due = _advance_pipelines(world, state, points)
        placed[:, turn % length] = points
        expected = np.zeros((batch, 2, domains, members))
        for origin, leads in enumerate((european, foreign)):
            for d, lead in enumerate(leads):
                if turn >= lead:
                    expected[:, origin, d] = placed[:, (turn - lead) % length, origin, d]
        # The rings keep single precision: what arrives is what was filed, rounded to float32.
        assert due.dtype == np.float32
        assert np.array_equal(due, expected.astype(np.float32))
