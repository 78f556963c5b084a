"""Faster forms of resolution arithmetic give the very bits of the forms they replaced.

Each test keeps the replaced numpy form as its reference: the batch turn must not change a
game by one bit when it is restructured for speed (issue 15).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from autonomy_game.engine.industry import MAX_PARTNERS, joint_factors
from autonomy_game.engine.orders import empty_orders, single_owner
from autonomy_game.engine.reductions import sum_last, sum_pairs
from autonomy_game.engine.shares import (
    gdp_rates,
    member_bills,
    member_counts,
    paid_per_initiative,
    participation,
)
from autonomy_game.engine.state import new_state, participant_counts


def _joint_reference(world, participants):
    """The formula as resolution wrote it before the table."""
    doublings = np.log2(np.clip(participants, 1.0, MAX_PARTNERS))
    price = (1.0 - world.params["joint_price_gain"]) ** doublings
    lead = (1.0 - world.params["joint_lead_gain"]) ** doublings
    return 1.0 / price, lead


def test_joint_buying_factors_from_the_table_are_the_formulas_bits(eu27_world):
    members = len(eu27_world.codes)
    counts = np.random.default_rng(3).integers(0, members + 1, (257, 23)).astype(float)
    for got, want in zip(joint_factors(eu27_world, counts), _joint_reference(eu27_world, counts)):
        assert got.dtype == want.dtype and np.array_equal(got, want)
    every = np.arange(members + 1, dtype=float)[None, :]
    for got, want in zip(joint_factors(eu27_world, every), _joint_reference(eu27_world, every)):
        assert np.array_equal(got, want)


def test_joint_buying_factors_of_fractional_counts_use_the_formula(eu27_world):
    odd = np.array([[0.5, 2.25, 3.0, 7.9, 12.0]])
    for got, want in zip(joint_factors(eu27_world, odd), _joint_reference(eu27_world, odd)):
        assert np.array_equal(got, want)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 9))
def test_hub_protection_money_gathered_is_the_matrix_products_bits(eu27_world, seed, batch):
    """Each hub lies in one member state, so the [B, 3, N] @ [N, H] product has one term per
    hub: gathering it gives the same bits."""
    share = eu27_world.owned_hub_share
    assert single_owner(share) is not None  # the real map: every hub has one owner
    rng = np.random.default_rng(seed)
    members = share.shape[0]
    orders = empty_orders(batch, members, 8, np.ones((batch, members)))
    orders.protect_own = rng.random((batch, members, 3)) * rng.integers(0, 2, (batch, members, 1))
    factor = np.where(rng.random((batch, members)) < 0.3, rng.random((batch, members)), 1.0)
    spread = orders.protect_own * factor[:, :, None]
    want = np.swapaxes(np.swapaxes(spread, 1, 2) @ share, 1, 2)
    assert np.array_equal(orders.hub_protection_money(share, factor), want)


def test_hub_protection_money_of_a_shared_hub_uses_the_product():
    share = np.array([[0.5, 0.5, 0.0], [0.0, 0.4, 0.6]])  # hub 1 lies in both members
    assert single_owner(share) is None
    orders = empty_orders(2, 2, 8, np.ones((2, 2)))
    orders.protect_own = np.arange(12, dtype=float).reshape(2, 2, 3)
    factor = np.array([[1.0, 0.5], [0.25, 1.0]])
    spread = orders.protect_own * factor[:, :, None]
    want = np.swapaxes(np.swapaxes(spread, 1, 2) @ share, 1, 2)
    assert np.array_equal(orders.hub_protection_money(share, factor), want)


def test_unowned_hub_receives_no_protection_money():
    share = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # hub 1 lies outside the members
    assert list(single_owner(share)) == [0, -1, 1]
    orders = empty_orders(1, 2, 8, np.ones((1, 2)))
    orders.protect_own[:] = 2.0
    money = orders.hub_protection_money(share, np.ones((1, 2)))
    assert np.array_equal(money[0, 1], np.zeros(3)) and np.all(money[0, [0, 2]] == 2.0)


def _with_participants(world, seed: int, batch: int = 64):
    state = new_state(world, batch)
    rng = np.random.default_rng(seed)
    state.initiative_participants_mask[:] = rng.random(
        state.initiative_participants_mask.shape) < 0.5
    state.gdp *= 1.0 + rng.random(state.gdp.shape)
    return state, rng


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_shared_participation_mask_gives_the_same_shares_as_the_boolean_one(eu27_world, seed):
    state, rng = _with_participants(eu27_world, seed)
    mask = participation(state)
    assert np.array_equal(member_counts(mask), participant_counts(
        state.initiative_participants_mask))
    amounts = rng.random(state.initiative_status.shape) * (rng.random(
        state.initiative_status.shape) < 0.7)
    key = state.gdp * eu27_world.contribution_ratio[None, :]
    rates = gdp_rates(state, amounts, key)
    assert np.array_equal(gdp_rates(state, amounts, key, mask), rates)
    assert np.array_equal(member_bills(state, rates, key, mask), member_bills(state, rates, key))
    can = np.where(rng.random(state.gdp.shape) < 0.2, rng.random(state.gdp.shape), 1.0)
    assert np.array_equal(paid_per_initiative(state, amounts, rates, can, key, mask),
                          paid_per_initiative(state, amounts, rates, can, key))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(allow_nan=False, width=64),
                          st.floats(allow_nan=False, width=64)), min_size=1, max_size=40))
def test_pair_sums_are_the_einsum_sums_bits(pairs):
    """Signed zeros and infinities included: 0.0 + (a + b), as einsum's lanes give it."""
    x = np.array(pairs, dtype=float).reshape(len(pairs), 2)
    x = np.concatenate([x, [[-0.0, -0.0], [-0.0, 0.0]]])
    want, got = sum_last(x), sum_pairs(x)
    assert np.array_equal(got, want, equal_nan=True)
    assert np.array_equal(np.signbit(got), np.signbit(want))
