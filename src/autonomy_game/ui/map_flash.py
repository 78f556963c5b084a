"""What the map flashes once on a new quarter: hubs struck and initiatives adopted since the
quarter before (issue 13: subtle motion where it helps understanding).

The game screen takes a `Marks` snapshot of game 0 whenever the turn changes; the difference
between two snapshots is what happened in between, and it is flashed the first time the map
is seen in the new quarter (the report or a dialog usually comes first, so a flash started at
the change itself would play unseen). With reduce motion nothing flashes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from autonomy_game.engine.state import STATUS_ADOPTED

FLASH_S = 1.2  # seconds: long enough to be noticed from the back of a room, once
STRUCK_DROP = 0.02  # a hub whose health fell by more than this was struck


@dataclass(frozen=True)
class Marks:
    """Game 0's hub health and initiative status at one moment."""

    hub_health: np.ndarray  # [H]
    adopted: np.ndarray  # [I] bool: adopted (or delivered)

    @classmethod
    def of(cls, state) -> Marks:
        return cls(np.array(state.hub_health[0], dtype=float),
                   np.asarray(state.initiative_status[0] >= STATUS_ADOPTED).copy())


def news(before: Marks, after: Marks) -> tuple[list[int], list[int]]:
    """(hubs struck, initiatives newly adopted) between two snapshots, as indices."""
    struck = np.flatnonzero(after.hub_health < before.hub_health - STRUCK_DROP)
    adopted = np.flatnonzero(after.adopted & ~before.adopted)
    return [int(h) for h in struck], [int(i) for i in adopted]


@dataclass
class MapFlash:
    """A pending or running flash: the hubs and initiatives it shows and when it began."""

    hubs: list[int]
    initiatives: list[int]
    start: float | None = None  # set on the first frame the map is drawn
    clock: object = field(default=time.perf_counter, repr=False)

    def progress(self) -> float:
        """0 → 1 over FLASH_S from the first call (the first frame of the map)."""
        now = self.clock()
        if self.start is None:
            self.start = now
        return min((now - self.start) / FLASH_S, 1.0)


@dataclass
class QuarterWatch:
    """Follows the game's turn: on each change, the news since the last one becomes a
    pending flash (none for the first quarter shown: a loaded game does not flash)."""

    marks: Marks | None = None
    turn: int | None = None
    flash: MapFlash | None = None

    def note(self, game, reduce_motion: bool) -> None:
        if game.turn == self.turn:
            return
        now = Marks.of(game.state)
        if self.marks is not None and not reduce_motion:
            hubs, initiatives = news(self.marks, now)
            self.flash = MapFlash(hubs, initiatives) if hubs or initiatives else None
        else:
            self.flash = None
        self.marks, self.turn = now, game.turn

    def map_progress(self) -> MapFlash | None:
        """The flash to draw on this frame of the map (starting it), None when there is
        none or it has played out."""
        if self.flash is None:
            return None
        if self.flash.progress() >= 1.0:
            self.flash = None
            return None
        return self.flash

    def running(self) -> bool:
        return self.flash is not None and self.flash.start is not None
