"""Shared by the benchmark scripts: the median time of a call, after one warm-up run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of `run()` in milliseconds over `repeat` runs (one warm-up first)."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
