"""Keep the big batch temporaries in memory the process has already touched.

A Monte Carlo turn makes dozens of temporaries of 5-40 MB ([B, N, D] at B = 10 000). By
default glibc gives blocks that large their own mmap and unmaps them when freed, and numpy
asks for transparent huge pages on them, so every temporary is faulted in afresh; on the small
VMs the game targets a first touch costs ~2.5 ms per MB (more than the arithmetic). Telling
malloc to keep freed memory for reuse, and numpy to use ordinary pages, makes those faults a
one-off. Results are unaffected: only where the bytes live changes. Best effort: on a platform
without glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util

import numpy as np

_M_TRIM_THRESHOLD = -1  # mallopt parameters from <malloc.h>
_M_MMAP_THRESHOLD = -3
_KEEP_BYTES = 2**31 - 1  # largest value mallopt takes (a C int)
_MMAP_ABOVE = 2**30  # only blocks over 1 GB get their own mapping

_tuned = False


def keep_freed_memory() -> None:
    """Make freed batch temporaries reusable without page faults (idempotent, best effort)."""
    global _tuned
    if _tuned:
        return
    _tuned = True
    core = getattr(np, "_core", None) or getattr(np, "core", None)  # numpy 2 or 1
    set_hugepage = getattr(getattr(core, "multiarray", None), "_set_madvise_hugepage", None)
    if set_hugepage is not None:
        set_hugepage(False)
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt(_M_MMAP_THRESHOLD, _MMAP_ABOVE)
    mallopt(_M_TRIM_THRESHOLD, _KEEP_BYTES)
