"""Which events lie within a distance of a point: numpy for the first cut, geopy for the rest.

A click must stay fast on 100k events, and geopy's geodesic costs about a quarter of a
millisecond a call. So :func:`within` first keeps the rows inside a bounding box and measures
them all at once on the plane tangent to the WGS-84 ellipsoid (the radii of curvature at the
mean latitude: within 1e-8 of the geodesic at 3 km, 1e-5 at 100 km), then asks geopy for the
geodesic distance of each distinct point that counts: all of them when they are few (events
share the coordinates of their places), else the nearest :data:`EXACT_POINTS` and those so
close to the radius that the plane could have put them on the wrong side of it.
"""

from __future__ import annotations

import math

import numpy as np

DEFAULT_KM = 3.0
# How far the plane's distance may stray from the geodesic (relative), up to ~100 km.
_TOLERANCE = 1e-5
# Geodesic calls per query, besides those deciding the radius (≈ 0.25 ms each).
EXACT_POINTS = 64
_A_KM = 6378.137  # WGS-84
_E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563)
_KM_PER_DEGREE_MIN = math.pi * _A_KM * (1 - _E2) / 180  # a degree of latitude at the equator


def within(
    lats: np.ndarray,
    lons: np.ndarray,
    lat: float,
    lon: float,
    km: float = DEFAULT_KM,
    candidates: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``lats``/``lons`` (float degrees, NaN where unknown) within ``km`` of
    ``(lat, lon)``, nearest first, and their distances in km.

    ``candidates`` (a boolean mask) limits the rows considered.
    """
    reach = km * (1 + _TOLERANCE)
    d_lat = reach / _KM_PER_DEGREE_MIN
    d_lon = d_lat / max(math.cos(math.radians(abs(lat) + d_lat)), 1e-6)
    box = (np.abs(lats - lat) <= d_lat) & (np.abs(lons - lon) <= d_lon)  # NaN: False
    if candidates is not None:
        box &= candidates
    rows = np.flatnonzero(box)
    rough = _plane_km(lats[rows], lons[rows], lat, lon)
    near = rough <= reach
    rows, rough = rows[near], rough[near]
    if not len(rows):
        return rows, rough
    points, first, back = np.unique(
        np.stack([lats[rows], lons[rows]], axis=1), axis=0, return_index=True, return_inverse=True
    )
    distances = rough[first]  # per distinct point
    for k in _to_measure(distances, km):
        distances[k] = _geodesic_km((lat, lon), (float(points[k, 0]), float(points[k, 1])))
    km_of_rows = distances[back.ravel()]
    keep = km_of_rows <= km
    rows, km_of_rows = rows[keep], km_of_rows[keep]
    order = np.lexsort((rows, km_of_rows))
    return rows[order], km_of_rows[order]


def _to_measure(rough: np.ndarray, km: float) -> np.ndarray:
    """The distinct points worth a geodesic: all when few, else the nearest ones and every
    one the plane cannot place on either side of the radius."""
    if len(rough) <= EXACT_POINTS:
        return np.arange(len(rough))
    edge = np.flatnonzero(np.abs(rough - km) <= km * _TOLERANCE)
    nearest = np.argsort(rough, kind="stable")[:EXACT_POINTS]
    return np.union1d(edge, nearest)


def _plane_km(lats: np.ndarray, lons: np.ndarray, lat: float, lon: float) -> np.ndarray:
    """Distances on the plane tangent to the ellipsoid at each pair's mean latitude."""
    phi = np.radians((lats + lat) / 2)
    w = 1 - _E2 * np.sin(phi) ** 2
    meridian = _A_KM * (1 - _E2) / w**1.5  # radius of curvature north-south
    normal = _A_KM / np.sqrt(w)  # east-west
    north = meridian * np.radians(lats - lat)
    east = normal * np.cos(phi) * np.radians(lons - lon)
    return np.hypot(north, east)


def _geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    # Imported on first use: geopy's package import pulls in every geocoder (~0.3 s).
    from geopy.distance import geodesic

    return float(geodesic(a, b).km)


def warm_up() -> None:
    """Import geopy now (from a worker thread), so the first click does not wait for it."""
    _geodesic_km((0.0, 0.0), (0.0, 0.0))
