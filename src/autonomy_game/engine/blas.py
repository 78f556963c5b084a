"""BLAS on one thread while a batch of games plays, wherever it plays.

A batch's matrix products are many and small: a second OpenBLAS thread only spins (measured
on 2 cores: the same wall time or worse, at twice the CPU time). The thread count changes
no result (engine/reductions.py keeps every game's sums in its own row), so a handful of
games skips threadpoolctl, whose import and library scan (~10 ms) would be most of
`simulate --runs 1`'s own time.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

SMALL_BATCH = 64  # fewer games than this play without pinning BLAS to one thread


def one_blas_thread(games: int) -> AbstractContextManager:
    """A context that keeps BLAS to one thread while `games` games play."""
    if games < SMALL_BATCH:
        return nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")
