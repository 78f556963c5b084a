"""EPSG:3035 — ETRS89 / LAEA Europe — in pure numpy.

Why Lambert azimuthal equal-area (LAEA) centred on 52°N 10°E:

* It is *equal-area*. On a political map the player compares countries by
  eye; an equal-area projection keeps Finland from looking larger than
  France (as it would in Web Mercator), which matters in a game about
  how much weight each member state carries.
* It is the EU's own statistical standard (INSPIRE, Eurostat, EEA grids all
  use EPSG:3035), so coordinates in the shipped map asset can be checked
  against any official EU data set.
* Centred on Europe it keeps shape distortion small from Iceland to Cyprus.

The formulas are the ellipsoidal (GRS80) ones from Snyder, *Map
Projections — A Working Manual* (USGS PP 1395, 1987), pp. 187–190, in the
form given by IOGP Guidance Note 7-2 (method code 9820), whose worked
example (50°N 5°E → E 3 962 799.45 m, N 2 999 718.85 m) the tests check.

Only numpy is used so that both the game and the offline asset build
script (``tools/build_map_asset.py``) can share this code without a GIS
dependency such as pyproj.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "FALSE_EASTING",
    "FALSE_NORTHING",
    "GRS80_A",
    "GRS80_INV_F",
    "LAT0_DEG",
    "LON0_DEG",
    "laea_europe_forward",
    "laea_europe_inverse",
]

#: GRS80 semi-major axis in metres.
GRS80_A = 6_378_137.0
#: GRS80 inverse flattening.
GRS80_INV_F = 298.257222101
#: Latitude of natural origin (degrees).
LAT0_DEG = 52.0
#: Longitude of natural origin (degrees).
LON0_DEG = 10.0
#: False easting in metres.
FALSE_EASTING = 4_321_000.0
#: False northing in metres.
FALSE_NORTHING = 3_210_000.0

_F = 1.0 / GRS80_INV_F
_E2 = 2.0 * _F - _F * _F
_E = math.sqrt(_E2)


def _q(sin_phi: NDArray[np.float64] | float) -> NDArray[np.float64]:
    """Snyder's q(φ) (eq. 3-12): authalic helper for the ellipsoid."""
    s = np.asarray(sin_phi, dtype=np.float64)
    es = _E * s
    return (1.0 - _E2) * (
        s / (1.0 - _E2 * s * s) - (1.0 / (2.0 * _E)) * np.log((1.0 - es) / (1.0 + es))
    )


_QP = float(_q(1.0))
_RQ = GRS80_A * math.sqrt(_QP / 2.0)
_SIN_PHI0 = math.sin(math.radians(LAT0_DEG))
_BETA0 = math.asin(float(_q(_SIN_PHI0)) / _QP)
_SIN_B0 = math.sin(_BETA0)
_COS_B0 = math.cos(_BETA0)
_D = (
    GRS80_A
    * (math.cos(math.radians(LAT0_DEG)) / math.sqrt(1.0 - _E2 * _SIN_PHI0**2))
    / (_RQ * _COS_B0)
)
_LAM0 = math.radians(LON0_DEG)


def laea_europe_forward(
    lon_deg: ArrayLike, lat_deg: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Project geodetic longitude/latitude (degrees, ETRS89≈WGS84) to EPSG:3035.

    Accepts scalars or arrays (broadcast together) and returns ``(easting,
    northing)`` in metres as float64 arrays. The antipode of the origin
    (52°S 170°W) is singular; nothing in the game comes near it.
    """
    lam = np.radians(np.asarray(lon_deg, dtype=np.float64)) - _LAM0
    phi = np.radians(np.asarray(lat_deg, dtype=np.float64))
    beta = np.arcsin(np.clip(_q(np.sin(phi)) / _QP, -1.0, 1.0))
    sin_b, cos_b = np.sin(beta), np.cos(beta)
    cos_lam = np.cos(lam)
    big_b = _RQ * np.sqrt(2.0 / (1.0 + _SIN_B0 * sin_b + _COS_B0 * cos_b * cos_lam))
    easting = FALSE_EASTING + big_b * _D * cos_b * np.sin(lam)
    northing = FALSE_NORTHING + (big_b / _D) * (_COS_B0 * sin_b - _SIN_B0 * cos_b * cos_lam)
    return easting, northing


def laea_europe_inverse(
    easting: ArrayLike, northing: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Unproject EPSG:3035 metres to ``(lon_deg, lat_deg)``.

    Useful for showing a geographic coordinate under the mouse or placing
    scenario markers given in lon/lat. Latitude uses Snyder's series
    (eq. 3-18), accurate to well below a millimetre.
    """
    x = np.asarray(easting, dtype=np.float64) - FALSE_EASTING
    y = np.asarray(northing, dtype=np.float64) - FALSE_NORTHING
    rho = np.hypot(x / _D, _D * y)
    with np.errstate(invalid="ignore", divide="ignore"):
        c = 2.0 * np.arcsin(np.clip(rho / (2.0 * _RQ), -1.0, 1.0))
        sin_c, cos_c = np.sin(c), np.cos(c)
        beta = np.where(
            rho > 0.0,
            np.arcsin(np.clip(cos_c * _SIN_B0 + _D * y * sin_c * _COS_B0 / rho, -1.0, 1.0)),
            _BETA0,
        )
        lam = np.arctan2(x * sin_c, _D * rho * _COS_B0 * cos_c - _D * _D * y * _SIN_B0 * sin_c)
    e4, e6 = _E2 * _E2, _E2 * _E2 * _E2
    phi = (
        beta
        + (_E2 / 3.0 + 31.0 * e4 / 180.0 + 517.0 * e6 / 5040.0) * np.sin(2.0 * beta)
        + (23.0 * e4 / 360.0 + 251.0 * e6 / 3780.0) * np.sin(4.0 * beta)
        + (761.0 * e6 / 45360.0) * np.sin(6.0 * beta)
    )
    return np.degrees(lam + _LAM0), np.degrees(phi)
