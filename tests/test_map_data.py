"""Tests for the shipped Europe map asset, its loader and the LAEA projection."""

from __future__ import annotations

import numpy as np
import pytest

from autonomy_game.geo.map_data import (
    MapData,
    fit_transform,
    load_map_data,
    point_in_country,
    to_screen,
)
from autonomy_game.geo.projection import laea_europe_forward, laea_europe_inverse
from autonomy_game.resources import data_path
from autonomy_game.scenario.model import Scenario


@pytest.fixture(scope="module")
def europe() -> MapData:
    return load_map_data()


@pytest.fixture(scope="module")
def eu27_codes(eu27: Scenario) -> set[str]:
    """The member states the game plays (base data scenarios/data/eu27.yaml): the map built by
    tools/build_map_asset.py must flag exactly these as EU."""
    codes = set(eu27.states)
    assert len(codes) == 27, sorted(codes)
    return codes


def at(lon: float, lat: float) -> tuple[float, float]:
    x, y = laea_europe_forward(lon, lat)
    return float(x), float(y)


def test_asset_is_found_and_small() -> None:
    path = data_path("assets", "maps", "europe_laea.json")
    assert path.is_file()
    assert path.stat().st_size < 400 * 1024


def test_data_path_reports_missing_files() -> None:
    with pytest.raises(FileNotFoundError, match="no-such-file"):
        data_path("assets", "no-such-file.json")


def test_load_is_cached(europe: MapData) -> None:
    assert load_map_data() is europe
    assert europe.crs == "EPSG:3035"


def test_eu_members_present_and_flagged(europe: MapData, eu27_codes: set[str]) -> None:
    assert set(europe.eu_codes) == eu27_codes
    for code in eu27_codes:
        assert europe.countries[code].eu, code
    assert not any(c.eu for code, c in europe.countries.items() if code not in eu27_codes)


@pytest.mark.parametrize("code", ["MT", "LU", "CY"])
def test_small_member_states_present(europe: MapData, code: str) -> None:
    shape = europe.countries[code]
    assert shape.rings and all(len(r) >= 3 for r in shape.rings)


def test_context_neighbours_present(europe: MapData) -> None:
    for code in (
        "GB",
        "NO",
        "CH",
        "IS",
        "UA",
        "MD",
        "BY",
        "RU",
        "TR",
        "RS",
        "BA",
        "ME",
        "MK",
        "AL",
        "XK",
    ):
        assert code in europe.countries, code
        assert not europe.countries[code].eu


def test_rings_are_float_arrays_inside_frame(europe: MapData) -> None:
    xmin, ymin, xmax, ymax = europe.bbox
    for shape in europe.countries.values():
        for ring in shape.rings:
            assert ring.dtype == np.float64 and ring.ndim == 2 and ring.shape[1] == 2
            assert not ring.flags.writeable
            assert ring[:, 0].min() >= xmin and ring[:, 0].max() <= xmax
            assert ring[:, 1].min() >= ymin and ring[:, 1].max() <= ymax


def test_projection_matches_iogp_example() -> None:
    # IOGP Guidance Note 7-2, method 9820 (LAEA), EPSG:3035 worked example.
    e, n = laea_europe_forward(5.0, 50.0)
    assert e == pytest.approx(3962799.45, abs=0.01)
    assert n == pytest.approx(2999718.85, abs=0.01)


def test_projection_origin_and_inverse_round_trip() -> None:
    e, n = laea_europe_forward(10.0, 52.0)
    assert (float(e), float(n)) == pytest.approx((4321000.0, 3210000.0), abs=1e-6)
    lon = np.array([-24.5, 5.0, 13.405, 34.6, 40.0])
    lat = np.array([65.5, 50.0, 52.52, 35.6, 70.0])
    lon2, lat2 = laea_europe_inverse(*laea_europe_forward(lon, lat))
    np.testing.assert_allclose(lon2, lon, atol=1e-8)
    np.testing.assert_allclose(lat2, lat, atol=1e-7)


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        (13.405, 52.52, "DE"),  # Berlin
        (21.012, 52.230, "PL"),  # Warsaw
        (-20.0, 45.0, None),  # Atlantic
        (6.13, 49.61, "LU"),  # Luxembourg City
        (14.51, 35.90, "MT"),  # Valletta
        (33.94, 35.12, "CY"),  # Famagusta: the whole island is Cyprus
        (34.10, 44.95, "UA"),  # Simferopol: Crimea is Ukraine de jure
        (20.50, 54.70, "RU"),  # Kaliningrad
        (12.45, 41.90, "IT"),  # Rome
    ],
)
def test_point_in_country(europe: MapData, lon: float, lat: float, expected: str | None) -> None:
    assert point_in_country(europe, *at(lon, lat)) == expected


def test_labels_lie_inside_their_country(europe: MapData) -> None:
    for code, shape in europe.countries.items():
        assert point_in_country(europe, *shape.label) == code, code


def test_fit_transform_keeps_bbox_inside_rectangle(europe: MapData) -> None:
    for width, height, margin in [(1280, 720, 20), (800, 1200, 0), (300, 300, 10)]:
        scale, ox, oy = fit_transform(europe.bbox, width, height, margin)
        xmin, ymin, xmax, ymax = europe.bbox
        corners = np.array([[xmin, ymin], [xmin, ymax], [xmax, ymin], [xmax, ymax]])
        screen = to_screen(corners, scale, ox, oy)
        eps = 1e-6
        assert screen[:, 0].min() >= margin - eps and screen[:, 0].max() <= width - margin + eps
        assert screen[:, 1].min() >= margin - eps and screen[:, 1].max() <= height - margin + eps
        # y is flipped: north (ymax) is at the top of the screen.
        assert screen[1, 1] < screen[0, 1]
        # The bbox fills the limiting dimension exactly.
        used_w = screen[:, 0].max() - screen[:, 0].min()
        used_h = screen[:, 1].max() - screen[:, 1].min()
        fill = max(used_w / (width - 2 * margin), used_h / (height - 2 * margin))
        assert fill == pytest.approx(1.0)


def test_fit_transform_rejects_empty_input() -> None:
    with pytest.raises(ValueError):
        fit_transform((0.0, 0.0, 0.0, 1.0), 100, 100)


def test_fonts_are_shipped_with_licence() -> None:
    for weight in ("Regular", "SemiBold", "Bold"):
        font = data_path("assets", "fonts", f"Inter-{weight}.ttf")
        assert font.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType outlines
    assert "SIL OPEN FONT LICENSE" in data_path("assets", "fonts", "OFL.txt").read_text()
