"""The fast reductions agree with numpy's own, whatever the shape and type."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from autonomy_game.engine.reductions import (
    max_members,
    mean_last,
    min_last,
    percentile,
    std_last,
    sum_last,
    sum_members,
)

shapes = st.tuples(st.integers(1, 6), st.integers(1, 9), st.integers(1, 5))
values = st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, shapes, elements=values))
def test_float_reductions_match_numpy(x):
    assert np.allclose(sum_last(x), x.sum(axis=-1))
    assert np.allclose(sum_last(x, 2), x.sum(axis=(-2, -1)))
    assert np.allclose(sum_members(x), x.sum(axis=1))
    assert np.allclose(mean_last(x), x.mean(axis=-1))
    assert np.array_equal(max_members(x), x.max(axis=1))
    assert np.array_equal(min_last(x), x.min(axis=-1))
    assert np.allclose(std_last(x), x.std(axis=-1), atol=1e-3)


@settings(max_examples=50, deadline=None)
@given(arrays(np.int8, shapes, elements=st.integers(-128, 127)))
def test_integer_and_boolean_sums_do_not_overflow(x):
    assert np.array_equal(sum_last(x), x.sum(axis=-1, dtype=np.int64))
    assert np.array_equal(sum_last(x > 0), (x > 0).sum(axis=-1))
    assert np.array_equal(sum_members(x), x.sum(axis=1, dtype=np.int64))


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=60),
       q=st.one_of(st.sampled_from([0, 10, 50, 90, 100]), st.floats(0, 100)))
def test_percentile_gives_numpys_linear_percentile_bit_for_bit(values, q):
    array = np.array(values)
    expected = float(np.percentile(array, q))
    assert percentile(array, q) == expected or (np.isnan(expected)
                                                and np.isnan(percentile(array, q)))


def test_percentile_of_a_run_with_a_nan_is_nan_as_numpys():
    assert np.isnan(percentile(np.array([0.2, np.nan, 0.4]), 10))
