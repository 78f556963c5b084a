"""Fast sums, minima and maxima over the short axes of batch arrays.

numpy reduces a short axis (2 to 30 elements: origins, threat axes, domains, members) with an
inner loop per element of the other axes, which is 5-40x slower than the same sum done as a
matrix-vector product with a vector of ones through BLAS, or than folding a maximum slice by
slice. The batch turn is made mostly of such reductions, so they live here, named for what
they do. Results are deterministic for a given shape (each output is one dot product).
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
    return (flat.reshape(-1, width) @ np.ones(width, flat.dtype)).reshape(lead)


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
