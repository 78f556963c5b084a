"""Load the shipped Europe map and answer geometric questions about it.

The map asset (``assets/maps/europe_laea.json``, built by
``tools/build_map_asset.py``) stores country outlines in EPSG:3035 metres.
This module turns it into numpy arrays, hit-tests clicks and fits the map
to a screen rectangle. It deliberately does not import pygame so the
engine, tests and tools can use it headless.

Every ring in the asset is an *outer* boundary (enclaves were absorbed at
build time), rings are counter-clockwise with y pointing north, and rings
of different countries do not overlap: a renderer can fill each ring on
its own.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from autonomy_game.resources import data_path

__all__ = [
    "MAP_ASSET",
    "CountryShape",
    "MapData",
    "fit_transform",
    "load_map_data",
    "point_in_country",
    "to_screen",
]

#: Path components of the map asset, for :func:`autonomy_game.resources.data_path`.
MAP_ASSET: tuple[str, ...] = ("assets", "maps", "europe_laea.json")

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class CountryShape:
    """One country's outline in EPSG:3035 metres.

    Attributes:
        code: ISO 3166-1 alpha-2 code (``XK`` for Kosovo).
        name: English short name for display.
        eu: True for the 27 EU member states (the playable countries).
        rings: outer rings, each a read-only ``(k, 2)`` float64 array, not
            closed (the last point is not a copy of the first).
        label: a point well inside the largest ring, where a label fits.
        bbox: ``(xmin, ymin, xmax, ymax)`` over all rings.
    """

    code: str
    name: str
    eu: bool
    rings: list[NDArray[np.float64]]
    label: tuple[float, float]
    bbox: BBox
    # All ring edges stacked, for vectorised hit-testing: start and end points.
    _edge_a: NDArray[np.float64] = field(init=False, repr=False, compare=False)
    _edge_b: NDArray[np.float64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = list(self.rings)
        ends = [np.roll(r, -1, axis=0) for r in self.rings]
        a = np.concatenate(starts) if starts else np.empty((0, 2))
        b = np.concatenate(ends) if ends else np.empty((0, 2))
        a.setflags(write=False)
        b.setflags(write=False)
        object.__setattr__(self, "_edge_a", a)
        object.__setattr__(self, "_edge_b", b)

    def contains(self, x: float, y: float) -> bool:
        """Even-odd point-in-polygon test over all rings, vectorised over edges."""
        xmin, ymin, xmax, ymax = self.bbox
        if not (xmin <= x <= xmax and ymin <= y <= ymax):
            return False
        a, b = self._edge_a, self._edge_b
        crosses = (a[:, 1] > y) != (b[:, 1] > y)
        if not crosses.any():
            return False
        ac, bc = a[crosses], b[crosses]
        x_at_y = ac[:, 0] + (y - ac[:, 1]) * (bc[:, 0] - ac[:, 0]) / (bc[:, 1] - ac[:, 1])
        return bool(np.count_nonzero(x < x_at_y) % 2)


@dataclass(frozen=True)
class MapData:
    """The whole map: frame, provenance and countries keyed by code."""

    crs: str
    source: str
    bbox: BBox
    countries: dict[str, CountryShape]

    @property
    def eu_codes(self) -> list[str]:
        """Codes of the playable EU member states, sorted."""
        return sorted(code for code, c in self.countries.items() if c.eu)


def _readonly(arr: NDArray[np.float64]) -> NDArray[np.float64]:
    """Freeze an array: the loaded map is cached and shared by all callers."""
    arr.setflags(write=False)
    return arr


def _bbox(values: Iterable[Any]) -> BBox:
    xmin, ymin, xmax, ymax = (float(v) for v in values)
    return (xmin, ymin, xmax, ymax)


def parse_map_data(doc: dict[str, Any]) -> MapData:
    """Build :class:`MapData` from the decoded JSON document."""
    countries: dict[str, CountryShape] = {}
    for code, c in doc["countries"].items():
        rings = [
            _readonly(np.asarray(flat, dtype=np.float64).reshape(-1, 2)) for flat in c["rings"]
        ]
        countries[code] = CountryShape(
            code=code,
            name=c["name"],
            eu=bool(c["eu"]),
            rings=rings,
            label=(float(c["label"][0]), float(c["label"][1])),
            bbox=_bbox(c["bbox"]),
        )
    return MapData(
        crs=doc["crs"], source=doc["source"], bbox=_bbox(doc["bbox"]), countries=countries
    )


@functools.lru_cache(maxsize=1)
def load_map_data() -> MapData:
    """Load the shipped map once; later calls return the same object.

    The arrays are read-only because the result is shared through the cache.
    """
    path = data_path(*MAP_ASSET)
    with path.open(encoding="utf-8") as fh:
        return parse_map_data(json.load(fh))


def point_in_country(map_data: MapData, x: float, y: float) -> str | None:
    """Code of the country under map point ``(x, y)`` (metres), or None for sea.

    Used for click hit-testing: convert the mouse position back to metres
    with the inverse of :func:`fit_transform`, then call this. The bbox
    pre-check makes it cheap enough to call every frame for hover effects.
    """
    for code, country in map_data.countries.items():
        if country.contains(x, y):
            return code
    return None


def fit_transform(
    bbox: BBox, width: float, height: float, margin: float = 0.0
) -> tuple[float, float, float]:
    """Fit a metre bbox into a ``width`` x ``height`` pixel rectangle.

    Returns ``(scale, offset_x, offset_y)`` for the mapping::

        screen_x = x * scale + offset_x
        screen_y = offset_y - y * scale        # screen y grows downwards

    The aspect ratio is kept (one scale for both axes), the bbox is centred
    and at least ``margin`` pixels are left on every side. The inverse is
    ``x = (screen_x - offset_x) / scale``, ``y = (offset_y - screen_y) / scale``.
    """
    xmin, ymin, xmax, ymax = bbox
    bw, bh = xmax - xmin, ymax - ymin
    avail_w, avail_h = width - 2.0 * margin, height - 2.0 * margin
    if bw <= 0 or bh <= 0 or avail_w <= 0 or avail_h <= 0:
        raise ValueError("fit_transform needs a non-empty bbox and room inside the margin")
    scale = min(avail_w / bw, avail_h / bh)
    offset_x = (width - scale * bw) / 2.0 - scale * xmin
    offset_y = (height + scale * bh) / 2.0 + scale * ymin
    return scale, offset_x, offset_y


def to_screen(
    xy: NDArray[np.float64], scale: float, offset_x: float, offset_y: float
) -> NDArray[np.float64]:
    """Apply a :func:`fit_transform` result to an ``(n, 2)`` array of metres."""
    out = np.empty_like(xy, dtype=np.float64)
    out[:, 0] = xy[:, 0] * scale + offset_x
    out[:, 1] = offset_y - xy[:, 1] * scale
    return out
