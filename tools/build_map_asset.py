#!/usr/bin/env python3
"""Build ``assets/maps/europe_laea.json`` from Natural Earth (dev-only tool).

The game never runs this: it ships the JSON this script writes. It exists so
that the asset is reproducible and every change to it is explainable.

Input is Natural Earth 1:50m Admin-0 countries as TopoJSON, redistributed by
the npm package ``world-atlas@2.0.2`` (Natural Earth 4.1.0)::

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python tools/build_map_asset.py --input /tmp/package/countries-50m.json

Pipeline, and why each step is done the way it is:

1. Decode the quantized, delta-encoded TopoJSON arcs.
2. Pick countries by ISO 3166-1 *numeric* id (the TopoJSON ``id``), falling
   back to the name for the few features without one (Kosovo, N. Cyprus):
   Natural Earth's ISO_A2 is ``-99`` for France and Norway, so it can't be
   trusted. The explicit table below is the single source of truth.
3. Merge features at the arc level: N. Cyprus into Cyprus (the EU treats the
   whole island de jure as Cyprus; their shared arc cancels out so the island
   is one ring), the British Crown Dependencies into the UK context shape.
   Enclaves (Vatican City, San Marino, the Armenia/Azerbaijan exclaves) are
   absorbed by the country around them, so *every ring is an outer boundary*
   and consumers can fill rings one by one without hole handling.
4. Drop overseas parts: a country keeps its largest polygon plus any polygon
   whose mean vertex lies in a lon/lat Europe frame (-25..45 E, 34..72 N).
   That removes French Guiana, Réunion, the Canaries, Madeira, the Azores,
   Svalbard and Novaya Zemlya while keeping Kaliningrad, Crete and Cyprus.
5. Project every arc once to EPSG:3035 (``autonomy_game.geo.projection``).
6. Simplify each *arc* (not each ring) with Douglas-Peucker, so a border
   shared by two countries is simplified once and stays identical on both
   sides: no slivers or gaps between neighbours.
7. Drop rings that became too small to see, clip to the projected frame
   rectangle (Sutherland-Hodgman; the rectangle is convex so this is exact),
   round to 100 m and compute a label point (pole of inaccessibility).

Only the standard library and numpy are used.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from autonomy_game.geo.projection import laea_europe_forward  # noqa: E402

FloatArray = NDArray[np.float64]

DEFAULT_INPUT = Path("/tmp/package/countries-50m.json")
DEFAULT_OUTPUT = REPO_ROOT / "assets" / "maps" / "europe_laea.json"

SOURCE = (
    "Natural Earth 1:50m Admin 0 - Countries, v4.1.0 (public domain), "
    "TopoJSON from npm world-atlas@2.0.2 countries-50m.json (ISC); "
    "projected, simplified and clipped by tools/build_map_asset.py"
)

#: Projected frame [xmin, ymin, xmax, ymax] in EPSG:3035 metres: Iceland and
#: Jan Mayen to the Caucasus, North Cape to Crete/Cyprus and the Maghreb coast.
FRAME: tuple[float, float, float, float] = (2_500_000.0, 1_300_000.0, 7_300_000.0, 5_500_000.0)

#: Geographic frame used only to decide which *detached* polygons are overseas.
LONLAT_FRAME: tuple[float, float, float, float] = (-25.0, 34.0, 45.0, 72.0)

#: Douglas-Peucker tolerance (metres) for arcs touching an EU member state and
#: for arcs only used by context countries.
TOLERANCE_EU_M = 1_000.0
TOLERANCE_CONTEXT_M = 1_500.0

#: Rings (islands) with a smaller area after simplification are dropped.
MIN_RING_AREA_EU_M2 = 8e6
MIN_RING_AREA_CONTEXT_M2 = 60e6

#: Output grid: coordinates are rounded to this many metres.
GRID_M = 100

#: The EU-27, flagged ``eu`` in the asset. tests/test_map_data.py checks that the shipped
#: asset flags exactly the member states of the game's base data (scenarios/data/eu27.yaml).
EU_MEMBERS = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    }
)


@dataclass(frozen=True)
class CountrySpec:
    """Output code and display name for one source feature."""

    code: str
    name: str


#: TopoJSON ``id`` (ISO 3166-1 numeric) -> output country. Several ids may map
#: to one code; those features are merged. Anything in the frame that is not
#: listed here makes the build fail, so nothing is dropped by accident.
BY_ISO_NUMERIC: dict[str, CountrySpec] = {
    # EU member states (playable)
    "040": CountrySpec("AT", "Austria"),
    "056": CountrySpec("BE", "Belgium"),
    "100": CountrySpec("BG", "Bulgaria"),
    "191": CountrySpec("HR", "Croatia"),
    "196": CountrySpec("CY", "Cyprus"),
    "203": CountrySpec("CZ", "Czechia"),
    "208": CountrySpec("DK", "Denmark"),
    "233": CountrySpec("EE", "Estonia"),
    "246": CountrySpec("FI", "Finland"),
    "248": CountrySpec("FI", "Finland"),  # Åland: autonomous, part of Finland and the EU
    "250": CountrySpec("FR", "France"),
    "276": CountrySpec("DE", "Germany"),
    "300": CountrySpec("GR", "Greece"),
    "348": CountrySpec("HU", "Hungary"),
    "372": CountrySpec("IE", "Ireland"),
    "380": CountrySpec("IT", "Italy"),
    "428": CountrySpec("LV", "Latvia"),
    "440": CountrySpec("LT", "Lithuania"),
    "442": CountrySpec("LU", "Luxembourg"),
    "470": CountrySpec("MT", "Malta"),
    "528": CountrySpec("NL", "Netherlands"),
    "616": CountrySpec("PL", "Poland"),
    "620": CountrySpec("PT", "Portugal"),
    "642": CountrySpec("RO", "Romania"),
    "703": CountrySpec("SK", "Slovakia"),
    "705": CountrySpec("SI", "Slovenia"),
    "724": CountrySpec("ES", "Spain"),
    "752": CountrySpec("SE", "Sweden"),
    # European neighbours (context)
    "826": CountrySpec("GB", "United Kingdom"),
    "832": CountrySpec("GB", "United Kingdom"),  # Jersey (Crown Dependency)
    "831": CountrySpec("GB", "United Kingdom"),  # Guernsey (Crown Dependency)
    "833": CountrySpec("GB", "United Kingdom"),  # Isle of Man (Crown Dependency)
    "578": CountrySpec("NO", "Norway"),
    "756": CountrySpec("CH", "Switzerland"),
    "352": CountrySpec("IS", "Iceland"),
    "234": CountrySpec("FO", "Faroe Islands"),
    "804": CountrySpec("UA", "Ukraine"),
    "498": CountrySpec("MD", "Moldova"),
    "112": CountrySpec("BY", "Belarus"),
    "643": CountrySpec("RU", "Russia"),
    "792": CountrySpec("TR", "Turkey"),
    "688": CountrySpec("RS", "Serbia"),
    "070": CountrySpec("BA", "Bosnia and Herzegovina"),
    "499": CountrySpec("ME", "Montenegro"),
    "807": CountrySpec("MK", "North Macedonia"),
    "008": CountrySpec("AL", "Albania"),
    "020": CountrySpec("AD", "Andorra"),
    "438": CountrySpec("LI", "Liechtenstein"),
    "492": CountrySpec("MC", "Monaco"),
    "674": CountrySpec("SM", "San Marino"),
    "336": CountrySpec("VA", "Vatican City"),
    "304": CountrySpec("GL", "Greenland"),
    # Caucasus, Middle East, North Africa (context)
    "268": CountrySpec("GE", "Georgia"),
    "051": CountrySpec("AM", "Armenia"),
    "031": CountrySpec("AZ", "Azerbaijan"),
    "398": CountrySpec("KZ", "Kazakhstan"),
    "364": CountrySpec("IR", "Iran"),
    "368": CountrySpec("IQ", "Iraq"),
    "760": CountrySpec("SY", "Syria"),
    "422": CountrySpec("LB", "Lebanon"),
    "376": CountrySpec("IL", "Israel"),
    "275": CountrySpec("PS", "Palestine"),
    "400": CountrySpec("JO", "Jordan"),
    "682": CountrySpec("SA", "Saudi Arabia"),
    "818": CountrySpec("EG", "Egypt"),
    "434": CountrySpec("LY", "Libya"),
    "788": CountrySpec("TN", "Tunisia"),
    "012": CountrySpec("DZ", "Algeria"),
    "504": CountrySpec("MA", "Morocco"),
}


@dataclass(frozen=True)
class Transfer:
    """Move the polygon containing (lon, lat) from one country to another."""

    source: str
    target: str
    lon: float
    lat: float
    why: str


#: De jure corrections, from the EU's point of view. Natural Earth 4.1 draws
#: Crimea as part of Russia (its "de facto" policy); the EU does not recognise
#: the annexation, so the peninsula goes back to Ukraine. The Perekop isthmus
#: border then cancels out in ``merge_shared_borders``.
TRANSFERS: tuple[Transfer, ...] = (
    Transfer("RU", "UA", 34.10, 44.95, "Crimea (annexation not recognised by the EU)"),
)

#: Features without an ISO numeric id in world-atlas, matched by name.
BY_NAME: dict[str, CountrySpec] = {
    "Kosovo": CountrySpec("XK", "Kosovo"),
    "N. Cyprus": CountrySpec("CY", "Cyprus"),  # merged: EU view of the island
}


# --------------------------------------------------------------------------
# TopoJSON decoding
# --------------------------------------------------------------------------

ArcRef = int  # TopoJSON arc reference: i, or ~i (= -i-1) for arc i reversed
Ring = list[ArcRef]
Polygon = list[Ring]  # first ring exterior, rest holes


def decode_arcs(topo: dict[str, Any]) -> list[NDArray[np.int64]]:
    """Return every arc as absolute *quantized* integer coordinates.

    Integers are kept until projection so arc endpoints compare exactly when
    rings are stitched together.
    """
    return [np.cumsum(np.asarray(arc, dtype=np.int64), axis=0) for arc in topo["arcs"]]


def dequantize(q: NDArray[np.int64], topo: dict[str, Any]) -> FloatArray:
    """Quantized integers -> lon/lat degrees using the topology transform."""
    scale = np.asarray(topo["transform"]["scale"], dtype=np.float64)
    translate = np.asarray(topo["transform"]["translate"], dtype=np.float64)
    return q.astype(np.float64) * scale + translate


def _arc_index(ref: ArcRef) -> int:
    return ref if ref >= 0 else ~ref


def ring_points(ring: Ring, arcs: list[NDArray[Any]]) -> NDArray[Any]:
    """Concatenate a ring's arcs (reversed where referenced as ~i)."""
    parts = []
    for k, ref in enumerate(ring):
        pts = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        parts.append(pts if k == 0 else pts[1:])
    return np.concatenate(parts, axis=0)


def signed_area(xy: FloatArray) -> float:
    """Shoelace area; positive for counter-clockwise with y pointing up."""
    x, y = xy[:, 0], xy[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))


# --------------------------------------------------------------------------
# Selection and merging (arc level)
# --------------------------------------------------------------------------


@dataclass
class CountryBuild:
    """A country being assembled: polygons as arc references."""

    spec: CountrySpec
    polygons: list[Polygon] = field(default_factory=list)


def feature_polygons(geom: dict[str, Any]) -> list[Polygon]:
    """Polygons of a TopoJSON Polygon/MultiPolygon geometry."""
    if geom["type"] == "Polygon":
        return [geom["arcs"]]
    if geom["type"] == "MultiPolygon":
        return list(geom["arcs"])
    return []


def stitch_rings(refs: list[ArcRef], qarcs: list[NDArray[np.int64]]) -> list[Ring]:
    """Chain directed arcs end-to-start into closed rings."""
    by_start: dict[tuple[int, int], list[ArcRef]] = defaultdict(list)
    for ref in refs:
        pts = qarcs[_arc_index(ref)]
        start = pts[0] if ref >= 0 else pts[-1]
        by_start[(int(start[0]), int(start[1]))].append(ref)
    rings: list[Ring] = []
    remaining = set(refs)
    while remaining:
        first = min(remaining)
        ring = [first]
        remaining.discard(first)
        pts = qarcs[_arc_index(first)]
        origin = tuple(int(v) for v in (pts[0] if first >= 0 else pts[-1]))
        while True:
            ref = ring[-1]
            pts = qarcs[_arc_index(ref)]
            end = tuple(int(v) for v in (pts[-1] if ref >= 0 else pts[0]))
            if end == origin:
                break
            nxt = next(r for r in by_start[end] if r in remaining)  # type: ignore[index]
            ring.append(nxt)
            remaining.discard(nxt)
        rings.append(ring)
    return rings


def merge_shared_borders(polygons: list[Polygon], qarcs: list[NDArray[np.int64]]) -> list[Polygon]:
    """Dissolve borders between polygons of one country (e.g. N. Cyprus).

    An arc used once forwards and once backwards separates two parts of the
    same country; removing both and re-stitching yields the union. Only
    exterior rings are affected; holes are carried over unchanged.
    """
    exterior_refs = [ref for poly in polygons for ref in poly[0]]
    used = {_arc_index(r) for r in exterior_refs}
    counts: dict[int, int] = defaultdict(int)
    for r in exterior_refs:
        counts[_arc_index(r)] += 1
    shared = {i for i in used if counts[i] > 1}
    if not shared:
        return polygons
    kept = [r for r in exterior_refs if _arc_index(r) not in shared]
    holes = [hole for poly in polygons for hole in poly[1:]]
    rings = stitch_rings(kept, qarcs)
    if holes:
        raise NotImplementedError("merging polygons with holes is not needed for Europe")
    return [[ring] for ring in rings]


def absorb_enclaves(countries: dict[str, CountryBuild]) -> list[str]:
    """Fill holes and drop the enclave polygons that filled them.

    A hole whose arcs are exactly another polygon's exterior ring is an
    enclave. Returning the list of absorbed country codes (whole countries
    that vanished, e.g. Vatican City) lets the caller report them.
    """
    exterior_owner: dict[frozenset[int], tuple[str, int]] = {}
    for code, cb in countries.items():
        for k, poly in enumerate(cb.polygons):
            exterior_owner[frozenset(_arc_index(r) for r in poly[0])] = (code, k)
    to_drop: set[tuple[str, int]] = set()
    for cb in countries.values():
        for poly in cb.polygons:
            for hole in poly[1:]:
                key = frozenset(_arc_index(r) for r in hole)
                if key in exterior_owner:
                    to_drop.add(exterior_owner[key])
            del poly[1:]
    vanished = []
    for code, cb in list(countries.items()):
        cb.polygons = [p for k, p in enumerate(cb.polygons) if (code, k) not in to_drop]
        if not cb.polygons:
            vanished.append(code)
            del countries[code]
    return vanished


def drop_overseas(cb: CountryBuild, lonlat_arcs: list[FloatArray]) -> None:
    """Keep the largest polygon and any polygon centred inside the Europe frame."""
    if not cb.polygons:
        return
    lon0, lat0, lon1, lat1 = LONLAT_FRAME
    areas, inside = [], []
    for poly in cb.polygons:
        pts = ring_points(poly[0], lonlat_arcs)
        # Planar lon/lat area is only used to rank a country's own parts.
        areas.append(abs(signed_area(pts * [math.cos(math.radians(float(pts[:, 1].mean()))), 1])))
        lon, lat = pts[:, 0].mean(), pts[:, 1].mean()
        inside.append(bool(lon0 <= lon <= lon1 and lat0 <= lat <= lat1))
    largest = int(np.argmax(areas))
    cb.polygons = [p for k, p in enumerate(cb.polygons) if k == largest or inside[k]]


# --------------------------------------------------------------------------
# Geometry: simplification, clipping, label point
# --------------------------------------------------------------------------


def douglas_peucker(pts: FloatArray, tol: float) -> FloatArray:
    """Douglas-Peucker with an explicit stack (no recursion limit).

    Closed arcs (first point == last point, i.e. an island drawn as one arc)
    are handled by measuring distance to the start point when the chord has
    zero length, so the island keeps its far side instead of collapsing.
    """
    n = len(pts)
    if n <= 2:
        return pts
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        seg = pts[i + 1 : j]
        a, b = pts[i], pts[j]
        d = b - a
        length = math.hypot(float(d[0]), float(d[1]))
        if length == 0.0:
            dist = np.hypot(seg[:, 0] - a[0], seg[:, 1] - a[1])
        else:
            dist = np.abs(d[0] * (seg[:, 1] - a[1]) - d[1] * (seg[:, 0] - a[0])) / length
        k = int(np.argmax(dist))
        if dist[k] > tol:
            m = i + 1 + k
            keep[m] = True
            stack.append((i, m))
            stack.append((m, j))
    return pts[keep]


def clip_ring_to_rect(ring: FloatArray, rect: tuple[float, float, float, float]) -> FloatArray:
    """Sutherland-Hodgman clip of a closed ring (no repeated end point).

    Exact for a convex clip window. Concave rings may gain zero-width
    "bridges" along the window edge; they enclose no area, so filling and
    even-odd hit-testing are unaffected.
    """
    xmin, ymin, xmax, ymax = rect
    out = ring
    for axis, bound, keep_greater in (
        (0, xmin, True),
        (0, xmax, False),
        (1, ymin, True),
        (1, ymax, False),
    ):
        if len(out) == 0:
            break
        cur = out
        nxt = np.roll(cur, -1, axis=0)
        inside_cur = cur[:, axis] >= bound if keep_greater else cur[:, axis] <= bound
        inside_nxt = np.roll(inside_cur, -1)
        result: list[FloatArray] = []
        for p, q, pin, qin in zip(cur, nxt, inside_cur, inside_nxt, strict=True):
            if pin:
                result.append(p)
            if pin != qin:
                t = (bound - p[axis]) / (q[axis] - p[axis])
                result.append(p + t * (q - p))
        out = np.asarray(result, dtype=np.float64).reshape(-1, 2)
    return out


def _point_segment_distance(px: float, py: float, a: FloatArray, b: FloatArray) -> float:
    """Minimum distance from a point to many segments a[i]-b[i]."""
    d = b - a
    len2 = np.einsum("ij,ij->i", d, d)
    len2[len2 == 0.0] = 1.0
    t = np.clip(((px - a[:, 0]) * d[:, 0] + (py - a[:, 1]) * d[:, 1]) / len2, 0.0, 1.0)
    cx, cy = a[:, 0] + t * d[:, 0], a[:, 1] + t * d[:, 1]
    return float(np.min(np.hypot(px - cx, py - cy)))


def _inside(px: float, py: float, a: FloatArray, b: FloatArray) -> bool:
    """Even-odd point-in-ring test over segments a[i]-b[i]."""
    crosses = (a[:, 1] > py) != (b[:, 1] > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        xint = a[:, 0] + (py - a[:, 1]) * (b[:, 0] - a[:, 0]) / (b[:, 1] - a[:, 1])
    return bool(np.count_nonzero(crosses & (px < xint)) % 2)


def _point_in_ring(px: float, py: float, ring: FloatArray) -> bool:
    """Even-odd test of one point against a closed or open ring."""
    return _inside(px, py, ring, np.roll(ring, -1, axis=0))


def pole_of_inaccessibility(ring: FloatArray, precision: float = 1_000.0) -> tuple[float, float]:
    """Interior point farthest from the ring's edge (Mapbox "polylabel").

    A centroid can fall outside a crescent-shaped country (Croatia) or in the
    sea (Greece); the pole of inaccessibility is always inside and is where a
    label has the most room.
    """
    a = ring
    b = np.roll(ring, -1, axis=0)

    def signed_dist(x: float, y: float) -> float:
        d = _point_segment_distance(x, y, a, b)
        return d if _inside(x, y, a, b) else -d

    xmin, ymin = ring.min(axis=0)
    xmax, ymax = ring.max(axis=0)
    cell = min(xmax - xmin, ymax - ymin)
    if cell == 0.0:
        return float(xmin), float(ymin)
    h = cell / 2.0
    heap: list[tuple[float, float, float, float, float]] = []

    def push(x: float, y: float, half: float) -> None:
        d = signed_dist(x, y)
        heapq.heappush(heap, (-(d + half * math.sqrt(2.0)), d, x, y, half))

    x = xmin
    while x < xmax:
        y = ymin
        while y < ymax:
            push(x + h, y + h, h)
            y += cell
        x += cell
    # Start from the area centroid, as polylabel does.
    area = signed_area(ring)
    if area != 0.0:
        cross = a[:, 0] * b[:, 1] - b[:, 0] * a[:, 1]
        cx = float(np.sum((a[:, 0] + b[:, 0]) * cross) / (6.0 * area))
        cy = float(np.sum((a[:, 1] + b[:, 1]) * cross) / (6.0 * area))
        best = (signed_dist(cx, cy), cx, cy)
    else:
        best = (-math.inf, float(xmin), float(ymin))
    while heap:
        neg_max, d, x, y, half = heapq.heappop(heap)
        if d > best[0]:
            best = (d, x, y)
        if -neg_max - best[0] <= precision:
            continue
        half /= 2.0
        for dx in (-half, half):
            for dy in (-half, half):
                push(x + dx, y + dy, half)
    return best[1], best[2]


def round_ring(ring: FloatArray) -> NDArray[np.int64]:
    """Snap to the output grid and drop repeated and collinear vertices."""
    r = (np.round(ring / GRID_M) * GRID_M).astype(np.int64)
    # Drop consecutive duplicates (cyclically).
    keep = np.any(r != np.roll(r, 1, axis=0), axis=1)
    r = r[keep] if keep.any() else r[:1]
    if len(r) < 3:
        return r
    # Drop exactly collinear vertices (clipping leaves runs along the frame).
    prev, nxt = np.roll(r, 1, axis=0), np.roll(r, -1, axis=0)
    cross = (r[:, 0] - prev[:, 0]) * (nxt[:, 1] - prev[:, 1]) - (r[:, 1] - prev[:, 1]) * (
        nxt[:, 0] - prev[:, 0]
    )
    return r[cross != 0]


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------


def select_countries(
    topo: dict[str, Any], qarcs: list[NDArray[np.int64]], lonlat_arcs: list[FloatArray]
) -> dict[str, CountryBuild]:
    """Map source features to output codes; fail on unmapped features in frame."""
    countries: dict[str, CountryBuild] = {}
    lon0, lat0, lon1, lat1 = LONLAT_FRAME
    unmapped: list[str] = []
    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom["properties"]["name"]
        spec = BY_ISO_NUMERIC.get(str(geom.get("id"))) or BY_NAME.get(name)
        polys = feature_polygons(geom)
        if spec is None:
            for poly in polys:
                pts = ring_points(poly[0], lonlat_arcs)
                if np.any(
                    (pts[:, 0] >= lon0)
                    & (pts[:, 0] <= lon1)
                    & (pts[:, 1] >= lat0)
                    & (pts[:, 1] <= lat1)
                ):
                    unmapped.append(f"{geom.get('id')} {name}")
                    break
            continue
        cb = countries.setdefault(spec.code, CountryBuild(spec))
        cb.polygons.extend(polys)
    if unmapped:
        raise SystemExit(f"features in the frame lack a table entry: {unmapped}")
    for tr in TRANSFERS:
        src = countries[tr.source]
        hits = [
            poly
            for poly in src.polygons
            if _point_in_ring(tr.lon, tr.lat, ring_points(poly[0], lonlat_arcs))
        ]
        if len(hits) != 1:
            raise SystemExit(f"transfer {tr.why}: expected one polygon, found {len(hits)}")
        src.polygons.remove(hits[0])
        countries[tr.target].polygons.append(hits[0])
    for cb in countries.values():
        cb.polygons = merge_shared_borders(cb.polygons, qarcs)
    return countries


def build(topo: dict[str, Any]) -> dict[str, Any]:
    """Run the whole pipeline and return the JSON-ready asset."""
    qarcs = decode_arcs(topo)
    lonlat_arcs = [dequantize(q, topo) for q in qarcs]
    countries = select_countries(topo, qarcs, lonlat_arcs)
    vanished = absorb_enclaves(countries)
    for cb in countries.values():
        drop_overseas(cb, lonlat_arcs)

    # Project and simplify each used arc exactly once.
    used_by_eu: dict[int, bool] = {}
    for code, cb in countries.items():
        for poly in cb.polygons:
            for ref in poly[0]:
                i = _arc_index(ref)
                used_by_eu[i] = used_by_eu.get(i, False) or code in EU_MEMBERS
    simplified: dict[int, FloatArray] = {}
    for i, eu in used_by_eu.items():
        x, y = laea_europe_forward(lonlat_arcs[i][:, 0], lonlat_arcs[i][:, 1])
        tol = TOLERANCE_EU_M if eu else TOLERANCE_CONTEXT_M
        simplified[i] = douglas_peucker(np.column_stack([x, y]), tol)
    proj_arcs: list[Any] = [simplified.get(i) for i in range(len(qarcs))]

    out: dict[str, Any] = {}
    n_vertices = 0
    for code in sorted(countries):
        cb = countries[code]
        eu = code in EU_MEMBERS
        min_area = MIN_RING_AREA_EU_M2 if eu else MIN_RING_AREA_CONTEXT_M2
        rings: list[NDArray[np.int64]] = []
        for poly in cb.polygons:
            ring = ring_points(poly[0], proj_arcs)[:-1]  # drop closing duplicate
            if len(ring) < 3 or abs(signed_area(ring)) < min_area:
                continue
            ring = clip_ring_to_rect(ring, FRAME)
            if len(ring) < 3:
                continue
            r = round_ring(ring)
            if len(r) < 3 or abs(signed_area(r.astype(np.float64))) < min_area / 4:
                continue
            if signed_area(r.astype(np.float64)) < 0:  # normalise: counter-clockwise
                r = r[::-1]
            rings.append(r)
        if not rings:
            if eu:
                raise SystemExit(f"EU member {code} lost all its rings")
            continue
        largest = max(rings, key=lambda r: abs(signed_area(r.astype(np.float64))))
        lx, ly = pole_of_inaccessibility(largest.astype(np.float64))
        allpts = np.concatenate(rings)
        n_vertices += len(allpts)
        out[code] = {
            "name": cb.spec.name,
            "eu": eu,
            "rings": [r.ravel().tolist() for r in rings],
            "label": [round(lx / GRID_M) * GRID_M, round(ly / GRID_M) * GRID_M],
            "bbox": [int(v) for v in (*allpts.min(axis=0), *allpts.max(axis=0))],
        }

    missing = EU_MEMBERS - out.keys()
    if missing:
        raise SystemExit(f"EU members missing from output: {sorted(missing)}")
    print(f"countries: {len(out)} ({len(EU_MEMBERS)} EU), vertices: {n_vertices}")
    if vanished:
        print(f"absorbed enclaves (no own shape): {', '.join(sorted(vanished))}")
    return {
        "crs": "EPSG:3035",
        "source": SOURCE,
        "units": "metre",
        "grid_m": GRID_M,
        "bbox": [int(v) for v in FRAME],
        "countries": out,
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT, help="countries-50m.json")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if not args.input.exists():
        print(
            f"{args.input} not found; fetch it with:\n"
            "  cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz",
            file=sys.stderr,
        )
        return 2
    topo = json.loads(args.input.read_text(encoding="utf-8"))
    asset = build(topo)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asset, separators=(",", ":"), ensure_ascii=False)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode()) / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
