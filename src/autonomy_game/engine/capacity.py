"""How many games fit in this machine's memory: `simulate` refuses a batch before allocating it.

A batch of B games holds its `GameState` (one row per game) plus the turn's temporaries, the
history and the orders: measured on us-withdrawal, 48 KB per game against a state of 22.5 KB
(20 000 runs peaked at 1.0 GB, 1 000 at 92 MB). `BYTES_PER_STATE_BYTE` keeps a margin over
that ratio, so a refusal errs on the safe side; a batch the estimate allows never needs more
than `MEMORY_SHARE` of what the system reports available.
"""

from __future__ import annotations

import dataclasses
import os

import numpy as np

from autonomy_game.engine.state import new_state
from autonomy_game.engine.world import World

BYTES_PER_STATE_BYTE = 3.0
BASE_BYTES = 150 * 1024 * 1024  # interpreter, numpy, the world and the scenario
MEMORY_SHARE = 0.8


def state_bytes(world: World) -> int:
    """Bytes of one game's state rows."""
    state = new_state(world, 1)
    return sum(getattr(state, f.name).nbytes for f in dataclasses.fields(state)
               if isinstance(getattr(state, f.name), np.ndarray))


def batch_bytes(world: World, runs: int) -> int:
    """Estimated peak memory of simulating `runs` games as one batch."""
    return int(BASE_BYTES + runs * state_bytes(world) * BYTES_PER_STATE_BYTE)


def available_memory() -> int | None:
    """Bytes the system can give without swapping (MemAvailable), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def max_runs(world: World, available: int) -> int:
    """The most games whose batch fits in `MEMORY_SHARE` of `available` bytes."""
    room = available * MEMORY_SHARE - BASE_BYTES
    return max(0, int(room // (state_bytes(world) * BYTES_PER_STATE_BYTE)))
