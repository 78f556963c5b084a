"""Fast sums, minima and maxima over the short axes of batch arrays.

numpy reduces a short axis (2 to 30 elements: origins, threat axes, domains, members) with an
inner loop per element of the other axes, which is 5-40x slower than the same sum done as a
matrix-vector product, or than folding a maximum slice by slice. The batch turn is made mostly
of such reductions, so they live here, named for what they do.

Every game's result is the same bits whatever the batch around it (a game alone, or game k of
a chunk of any size: engine/streams.py relies on it). A 2-D BLAS product over the batch rows
breaks that: its kernels add a row differently depending on where it falls in the matrix (and
one row goes through a dot product instead). So sums use einsum (numpy's own loop, the same
for every row, and faster than BLAS here), and products with the batch in the rows go through
`rows_matmul`, which multiplies game by game.
"""

from __future__ import annotations

from functools import reduce

import numpy as np


def sum_last(x: np.ndarray, axes: int = 1) -> np.ndarray:
    """Sum over the last `axes` axes: [..., k] -> [...]."""
    lead = x.shape[: x.ndim - axes]
    width = int(np.prod(x.shape[x.ndim - axes:]))
    dtype = x.dtype if np.issubdtype(x.dtype, np.floating) else np.float64  # counts as floats
    flat = np.ascontiguousarray(x, dtype=dtype)
    return np.einsum("ij->i", flat.reshape(-1, width)).reshape(lead)


def sum_pairs(x: np.ndarray) -> np.ndarray:
    """`sum_last` of a last axis of two ([..., 2] -> [...]), the same bits in one add.

    einsum sums a row in SIMD lanes padded with +0.0 and adds the result to an output that
    starts at +0.0: for two values every lane order gives 0.0 + (a + b), which this writes
    directly, without one einsum loop call per row (110 000 at B = 4 096).
    """
    with np.errstate(over="ignore", invalid="ignore"):  # einsum warns of neither
        total = np.add(x[..., 0], x[..., 1])
    total += 0.0  # -0.0 becomes +0.0, as in the einsum's output
    return total


def rows_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a [B, K] @ b [K, M] -> [B, M] (or b [K] -> [B]), each game's row multiplied on its own
    (a stack of 1-row products): the same bits for a game in a batch of any size."""
    if b.ndim == 1:
        return np.einsum("ij,j->i", a, b)
    return (a[:, None, :] @ b)[:, 0, :]


def sum_members(x: np.ndarray) -> np.ndarray:
    """Sum over axis 1 (the member axis of [B, N, ...]): [B, N, ...] -> [B, ...]."""
    if x.ndim == 2:
        return sum_last(x)
    dtype = x.dtype if np.issubdtype(x.dtype, np.floating) else np.float64
    flat = np.asarray(x, dtype=dtype).reshape(x.shape[0], x.shape[1], -1)
    return (np.ones(x.shape[1], dtype) @ flat).reshape((x.shape[0], *x.shape[2:]))


def mean_last(x: np.ndarray) -> np.ndarray:
    return sum_last(x) / x.shape[-1]


def max_members(x: np.ndarray) -> np.ndarray:
    """Maximum over axis 1 of [B, K, ...] (a short axis before the members): [B, ...]."""
    return reduce(np.maximum, (x[:, k] for k in range(x.shape[1])))


def min_last(x: np.ndarray) -> np.ndarray:
    """Minimum over a short last axis."""
    return reduce(np.minimum, (x[..., k] for k in range(x.shape[-1])))


def std_last(x: np.ndarray) -> np.ndarray:
    """Population standard deviation over the last axis.

    Deviations are taken from the mean first: E[x²] - E[x]² cancels catastrophically when the
    spread is small against the values.
    """
    deviation = x - mean_last(x)[..., None]
    return np.sqrt(mean_last(deviation * deviation))


def percentile(values: np.ndarray, q: float) -> float:
    """`np.percentile(values, q)` of a 1-D array (numpy's default, linear method), the same
    bits, without calling it: numpy's quantile code imports numpy.ma on its first call
    (~10 ms), which `simulate --runs 1` would pay just to summarise one game."""
    ordered = np.sort(np.asarray(values, dtype=float))
    count = len(ordered)
    if count == 0:
        raise ValueError("percentile of no values")
    if np.isnan(ordered[-1]):  # NaN sorts last; numpy's answer is then NaN
        return float("nan")
    virtual = (count - 1) * (q / 100)
    below = int(np.floor(virtual))
    if virtual >= count - 1:
        return float(ordered[-1])
    low, high = float(ordered[below]), float(ordered[below + 1])
    gamma = virtual - below
    # numpy's _lerp: from the nearer end, so the result stays within [low, high].
    step = high - low
    return high - step * (1 - gamma) if gamma >= 0.5 else low + step * gamma
