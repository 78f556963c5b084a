"""Map lenses: one figure per member state, a colour ramp and a legend.

Each lens only reads engine state. The value range is fixed per lens so that a colour means
the same thing in every quarter and every scenario, except that it widens (in round steps)
when a quarter's data run past it: late in a game nine states above 4.5 % of GDP must not
all be the same solid yellow (issue 13). The darkest part of each ramp is left out, so that
the low end stays distinct from the sea and from land outside the game.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from autonomy_game.engine.indicators import national_requirement
from autonomy_game.scenario.model import THREAT_AXES

THREAT_NAMES = {"east": "east (Russia)", "south": "south", "hybrid": "hybrid & cyber",
                "china": "China"}
THREAT_PHRASES = {"east": "Russia, on the eastern flank",
                  "south": "instability and terrorism from the south",
                  "hybrid": "hybrid and cyber attacks",
                  "china": "China and economic coercion"}


RAMP_START = 0.22  # the ramp's darkest fifth is left out (see the module docstring)


@dataclass(frozen=True)
class Lens:
    key: str
    label: str
    legend: str  # what the colour shows, one line
    lo: float
    hi: float
    ramp: str
    values: Callable[[object], np.ndarray]  # game -> [N]
    fmt: Callable[[float], str]
    term: str | None = None  # glossary key

    def fraction(self, value: float, span: tuple[float, float] | None = None) -> float:
        lo, hi = span or (self.lo, self.hi)
        return float(np.clip((value - lo) / ((hi - lo) or 1.0), 0.0, 1.0))

    def span(self, values: np.ndarray) -> tuple[float, float]:
        """The lens's range, widened in steps of an eighth of it to take in every value of
        this quarter."""
        step = (self.hi - self.lo) / 8
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            return self.lo, self.hi
        lo = min(self.lo, float(np.floor(finite.min() / step) * step))
        hi = max(self.hi, float(np.ceil(finite.max() / step) * step))
        return lo, hi

    def shade(self, value: float, span: tuple[float, float] | None = None) -> float:
        """Where on the colour ramp a value sits: from RAMP_START (the low end, kept clear
        of the dark sea) to 1."""
        return RAMP_START + (1.0 - RAMP_START) * self.fraction(value, span)


def _defence(game) -> np.ndarray:
    return game.state.defence_pct[0]


def _threat(axis: int) -> Callable[[object], np.ndarray]:
    return lambda game: game.state.threat[0, axis]


def _atlanticism(game) -> np.ndarray:
    return game.state.atlanticism[0]


def _support(game) -> np.ndarray:
    return game.state.support[0]


def capability_gap(game) -> np.ndarray:
    """Share of its fair (GDP-weighted) share of Europe's requirement a state does not hold,
    averaged over domains: 0 = covers its share everywhere, 1 = holds nothing."""
    fair = national_requirement(game.world, game.state)[0]  # [D, N]
    held = game.state.capability[0]
    covered = np.minimum(held / np.maximum(fair, 1e-9), 1.0)
    return 1.0 - covered.mean(axis=0)


def _pct(v: float) -> str:
    return f"{v * 100:.0f} %"


LENSES: list[Lens] = [
    Lens("defence", "Defence % GDP", "Defence spending, % of GDP", 0.5, 4.5, "viridis",
         _defence, lambda v: f"{v:.2f} % of GDP"),
    *[
        Lens(f"threat_{axis}", f"Threat: {THREAT_NAMES[axis]}",
             f"How much each state fears {THREAT_PHRASES[axis]}, 0–1", 0.0, 1.0, "cividis",
             _threat(k), lambda v: f"{v:.2f}", "hybrid threat" if axis == "hybrid" else None)
        for k, axis in enumerate(THREAT_AXES)
    ],
    Lens("atlanticism", "Atlanticism", "Reliance on U.S.-led answers, 0–1", 0.0, 1.0, "cividis",
         _atlanticism, lambda v: f"{v:.2f}", "Atlanticism"),
    Lens("support", "Public support", "Public support for defence spending", 0.0, 1.0, "viridis",
         _support, _pct),
    Lens("gaps", "Capability gaps", "Share of its fair share of needs a state lacks", 0.0, 1.0,
         "cividis", capability_gap, _pct, "capability gap"),
]
LENS_BY_KEY = {lens.key: lens for lens in LENSES}


def lens_by_key(key: str) -> Lens:
    return LENS_BY_KEY.get(key, LENSES[0])
