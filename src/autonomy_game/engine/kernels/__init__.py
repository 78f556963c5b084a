"""Compiled (numba) kernels for the Monte Carlo batch, and when to use them.

A large batch spends much of its turn in passes over [B, N, C] arrays (the Council: every
state's stance on every open initiative, then its vote, then the counts): each numpy call
reads and writes tens of megabytes. A kernel here does the same arithmetic game by game in
one pass: the Council's noise, the stance inputs, the stance itself with consensus and
issue linkage, the votes, and the counts with each item's Treaty rule. Every kernel has the
numpy code it replaces as its reference, and the tests (tests/test_engine_kernels.py) check
that both give the same arrays bit for bit: the float operations happen in the same order,
in the same precision (float32 where numpy's arrays are float32 and a Python constant is
weak, NEP 50); sums that numpy or BLAS does (row sums, matrix products) stay theirs.
Arrays reach the kernels in C order: numba compiles a strided, unvectorised loop for a
Fortran-order argument (a column gather makes one), ten times slower.

numba is imported only when a batch's Council is large enough (`MIN_BATCH` games and
`MIN_COLUMNS` open initiatives) to repay its import (~0.35 s idle) and the loading of the
compiled code; once loaded, any Council of `LOADED_MIN_BATCH` games uses them. Measured
(2 December 2026, loaded 2-core machine, CPU-time profile of `simulate us-withdrawal --runs
10000 --workers 1`, alternating with main): the Council's CPU 1.74-1.81 s -> 0.72 s. The
interactive game (B = 1), the decision preview (1 000 futures) and small runs never import
numba and take the numpy path, which gives the same games. Compiled code is cached in the
user's cache folder (`cache_dir`), so only the first large batch on a machine compiles
(~5 s idle, once).

`AUTONOMY_KERNELS=numpy` switches the kernels off, `AUTONOMY_KERNELS=numba` uses them at
any batch size (the tests), unset or `auto` decides by batch size.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

MIN_BATCH = 4096  # games in one batch (a chunk of a long run)
MIN_COLUMNS = 12  # initiatives open in the Council
# Once this process has loaded the kernels (a large batch ran), their import and loading are
# paid: from then on a batch of `LOADED_MIN_BATCH` games with any number of open initiatives
# gains from them (the last, shorter chunk of a long run, a Council of a few PESCO projects).
# Below it, the live game (B = 1) and small batches keep the numpy path.
LOADED_MIN_BATCH = 256
_KERNELS = "autonomy_game.engine.kernels.council_votes"
_MODES = ("auto", "numpy", "numba")
_mode: str | None = None  # set by `use`; None reads the environment
_unavailable = False  # numba failed to import once: numpy from then on


def cache_dir() -> Path:
    """Where compiled kernels are cached: $NUMBA_CACHE_DIR if set, else the user's cache
    folder ($XDG_CACHE_HOME or ~/.cache; %LOCALAPPDATA% on Windows) / autonomy-game/numba."""
    if os.environ.get("NUMBA_CACHE_DIR"):
        return Path(os.environ["NUMBA_CACHE_DIR"])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "autonomy-game" / "numba"


def mode() -> str:
    """'auto', 'numpy' or 'numba' (see the module's docstring)."""
    if _mode is not None:
        return _mode
    value = os.environ.get("AUTONOMY_KERNELS", "auto").strip().lower() or "auto"
    return value if value in _MODES else "auto"


@contextmanager
def use(which: str) -> Iterator[None]:
    """Force the kernels on ('numba'), off ('numpy') or back to 'auto' inside the block."""
    global _mode
    if which not in _MODES:
        raise ValueError(f"kernels: unknown mode '{which}' (one of {', '.join(_MODES)})")
    before, _mode = _mode, which
    try:
        yield
    finally:
        _mode = before


def council(batch: int, columns: int) -> ModuleType | None:
    """The compiled Council kernels for a batch of `batch` games voting on `columns`
    initiatives, or None for the numpy path."""
    if _unavailable:
        return None
    chosen = mode()
    if chosen == "numpy" or (chosen == "auto" and not worth_it(batch, columns)):
        return None
    return _load()


def worth_it(batch: int, columns: int, loaded: bool | None = None) -> bool:
    """Whether the kernels repay their cost for this Council ('auto'): numba's import and
    loading the first time, only their call once they are in the process (`loaded`; by
    default whether they are)."""
    if _KERNELS in sys.modules if loaded is None else loaded:
        return batch >= LOADED_MIN_BATCH
    return batch >= MIN_BATCH and columns >= MIN_COLUMNS


def _load() -> ModuleType | None:
    global _unavailable
    if "numba" not in sys.modules:
        os.environ.setdefault("NUMBA_CACHE_DIR", str(cache_dir()))
    try:
        from autonomy_game.engine.kernels import council_votes
    except ImportError:  # numba missing or broken: the numpy path gives the same games
        _unavailable = True
        return None
    return council_votes
