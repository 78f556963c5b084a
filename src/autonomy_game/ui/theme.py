"""Colours, sizes, fonts and the UI scale, read from `assets/theme/theme.yaml`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from autonomy_game.resources import data_path

Colour = tuple[int, int, int]
# The layout is designed for 1280×720 at scale 1.0 and grows continuously with the window:
# 3840×2160 is scale 3.0, the same picture as 1280×720 with three times the pixels.
MIN_SCALE, MAX_SCALE = 1.0, 4.0
# The projector preset enlarges everything by this much on top of the window's scale: the
# smallest text (14 px at scale 1.0) becomes 16 px at 1280×720, read from the back of a room.
PROJECTOR_BOOST = 16 / 14
MIN_TEXT = 12  # px at scale 1.0: text never shrinks below this to fit (16 px in projector)


def parse_colour(value: str) -> Colour:
    text = value.strip().lstrip("#")
    if len(text) != 6:
        raise ValueError(f"colour must be #rrggbb, not {value!r}")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


def mix(a: Colour, b: Colour, t: float) -> Colour:
    t = min(max(t, 0.0), 1.0)
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


@dataclass
class Theme:
    """Everything visual that is data, plus the UI scale applied to every size."""

    colours: dict[str, Colour]
    sizes: dict[str, float]
    fonts: dict[str, Path]
    categorical: list[Colour]
    ramps: dict[str, list[Colour]]
    overlay_alpha: int = 170
    scale: float = 1.0
    projector: bool = False
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    _px: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def c(self, name: str) -> Colour:
        return self.colours[name]

    def px(self, name_or_value: str | float) -> int:
        """A size in pixels at the current scale: a name from `sizes` or a number (memoised:
        a frame asks for the same few sizes a thousand times)."""
        found = self._px.get(name_or_value)
        if found is None:
            value = (self.sizes[name_or_value] if isinstance(name_or_value, str)
                     else float(name_or_value))
            found = self._px[name_or_value] = max(1, round(value * self.scale))
        return found

    def set_scale(self, scale: float) -> None:
        self.scale = min(max(float(scale), MIN_SCALE), MAX_SCALE * PROJECTOR_BOOST)
        self._px = {}

    def min_text(self) -> int:
        """The smallest text size in pixels: what labels shrink to before they are cut,
        and the floor every view is tested against (16 px at 1280×720 in projector mode)."""
        if self.projector:
            return max(self.px(MIN_TEXT), round(16 * self.scale / PROJECTOR_BOOST))
        return self.px(MIN_TEXT)

    def ramp(self, name: str, t: float) -> Colour:
        """Colour at t in [0, 1] along a sequential ramp (linear between stops)."""
        stops = self.ramps[name]
        t = min(max(float(t), 0.0), 1.0) * (len(stops) - 1)
        k = min(int(t), len(stops) - 2)
        return mix(stops[k], stops[k + 1], t - k)


def load_theme(path: str | Path | None = None) -> Theme:
    source = Path(path) if path else data_path("assets", "theme", "theme.yaml")
    with open(source, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    colours = {}
    alpha = 170
    for key, value in doc["colours"].items():
        if not isinstance(key, str):
            raise ValueError(f"theme colour name {key!r} must be quoted (YAML reads it as "
                             f"{type(key).__name__})")
        if key == "overlay_alpha":
            alpha = int(value)
        else:
            colours[key] = parse_colour(value)
    fonts = {}
    for key, rel in doc["fonts"].items():
        candidate = Path(rel)
        fonts[key] = candidate if candidate.is_absolute() else data_path(*candidate.parts)
    return Theme(
        colours=colours,
        sizes={k: float(v) for k, v in doc["sizes"].items()},
        fonts=fonts,
        categorical=[parse_colour(c) for c in doc["categorical"]],
        ramps={k: [parse_colour(c) for c in v] for k, v in doc["ramps"].items()},
        overlay_alpha=alpha,
        raw=doc,
    )
