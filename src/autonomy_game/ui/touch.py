"""Pinch zoom on a touch screen or touchpad, from SDL's finger events (pygame-ce FINGERDOWN,
FINGERMOTION, FINGERUP) and, where SDL sends only those, its MULTIGESTURE events.

Two fingers moving apart zoom in by the ratio of their distances, about the point between
them, so the map stays under the fingers. SDL reports finger positions as fractions of the
window (touch screens) or of the touchpad; they are turned into window pixels here. While two
fingers are down the app ignores the mouse events SDL synthesises from the first finger, so a
pinch does not also pan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# MULTIGESTURE gives only the change of the fingers' distance (a fraction of the device):
# exp(gain × change) makes a pinch across a fifth of the device zoom about 2.7 times, close
# to what the distance ratio gives for fingers starting a tenth apart.
GESTURE_GAIN = 5.0
MIN_SPREAD = 8.0  # pixels: fingers closer than this give no reliable ratio


@dataclass(frozen=True)
class Pinch:
    """One step of a pinch: zoom by `factor` about `about` (the point between the fingers
    before the step), then move the view by `shift` (how far that point moved), so what was
    under each finger stays under it."""

    factor: float
    about: tuple[int, int]
    shift: tuple[int, int]


@dataclass
class PinchTracker:
    """Where each finger is (window pixels); `move` returns the zoom a two-finger move
    asks for."""

    fingers: dict[int, tuple[float, float]] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return len(self.fingers) >= 2

    def down(self, finger: int, pos: tuple[float, float]) -> None:
        self.fingers[finger] = pos

    def up(self, finger: int) -> None:
        self.fingers.pop(finger, None)

    def move(self, finger: int, pos: tuple[float, float]) -> Pinch | None:
        """The zoom and shift a move of one of the two first fingers asks for; None for one
        finger, another finger or fingers too close together to measure."""
        if finger not in self.fingers:
            return None
        pair = list(self.fingers)[:2]
        before = [self.fingers[f] for f in pair]
        self.fingers[finger] = pos
        if len(pair) < 2 or finger not in pair:
            return None
        after = [self.fingers[f] for f in pair]
        d0, d1 = math.dist(*before), math.dist(*after)
        if d0 < MIN_SPREAD or d1 < MIN_SPREAD:
            return None
        c0 = ((before[0][0] + before[1][0]) / 2, (before[0][1] + before[1][1]) / 2)
        c1 = ((after[0][0] + after[1][0]) / 2, (after[0][1] + after[1][1]) / 2)
        return Pinch(d1 / d0, (round(c0[0]), round(c0[1])),
                     (round(c1[0] - c0[0]), round(c1[1] - c0[1])))


def gesture_factor(pinched: float) -> float:
    """The zoom factor of one MULTIGESTURE event (`pinched`: change of finger distance)."""
    return math.exp(GESTURE_GAIN * pinched)


def to_window(x: float, y: float, size: tuple[int, int]) -> tuple[float, float]:
    """SDL's normalised finger position (0-1) in window pixels."""
    return x * size[0], y * size[1]
