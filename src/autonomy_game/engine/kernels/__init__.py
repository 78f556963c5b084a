"""Compiled (numba) kernels for the Monte Carlo batch, and when to use them.

A large batch spends much of its turn in passes over [B, N, C] arrays (the Council: every
state's stance on every open initiative, then its vote, then the counts): each numpy call
reads and writes tens of megabytes. A kernel here does the same arithmetic game by game in
one pass. Every kernel has the numpy code it replaces as its reference, and the tests
(tests/test_engine_kernels.py) check that both give the same arrays bit for bit: the
float operations happen in the same order, in the same precision (float32 where numpy's
arrays are float32 and a Python constant is weak, NEP 50).

numba is imported only when a batch is large enough (`MIN_BATCH`) to repay its import
(~0.35 s) and the loading of the compiled code: the interactive game (B = 1), the decision
preview (1 000 futures) and small runs never import it and take the numpy path, which gives
the same games. Compiled code is cached in the user's cache folder (`cache_dir`), so only
the first large batch on a machine compiles.

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

MIN_BATCH = 2048  # below this the numpy path costs less than importing numba
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


def council(batch: int) -> ModuleType | None:
    """The compiled Council kernels for a batch of `batch` games, or None for numpy."""
    if _unavailable:
        return None
    chosen = mode()
    if chosen == "numpy" or (chosen == "auto" and batch < MIN_BATCH):
        return None
    return _load()


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
