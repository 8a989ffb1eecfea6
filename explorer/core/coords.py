"""WGS-84, GCJ-02 and BD-09: the three coordinate systems of maps of China.

Everything the explorer stores is WGS-84 (GPS, OpenStreetMap, GeoNames). Chinese map services
answer in GCJ-02 (the state's obfuscated datum: Amap/高德, Tencent, Google in China) or BD-09
(Baidu's further shift of GCJ-02). Convert at the edge — when a coordinate comes in from such a
service, or goes out to one — and nowhere else.

The forward transforms are the published ones (the leaked GCJ-02 formula on the Krasovsky
ellipsoid, and Baidu's BD-09 formula, as in the ``eviltransform`` and ``coordtransform``
projects). They have no closed-form inverse, so the inverses iterate until the forward
transform of the answer lands within about a millimetre of the input.

Outside China (the usual bounding box, 72.004–137.8347°E, 0.8293–55.8271°N) no shift is
applied, as the services do. Every function takes and returns ``(lat, lon)`` in degrees.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

Datum = Literal["wgs84", "gcj02", "bd09"]
DATUMS: tuple[Datum, ...] = ("wgs84", "gcj02", "bd09")

LatLon = tuple[float, float]

# Krasovsky 1940 ellipsoid, the one the GCJ-02 formula is defined on.
_A = 6378245.0
_EE = 0.00669342162296594323
_BD_X_PI = math.pi * 3000.0 / 180.0
_EARTH_RADIUS_M = 6371008.8  # mean radius, for distances

# The inverses stop when the forward transform is this close to the target (≈ 1 mm).
_TOLERANCE_DEG = 1e-8
_MAX_STEPS = 30


def out_of_china(lat: float, lon: float) -> bool:
    """True outside the bounding box in which the Chinese datums shift coordinates."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def wgs84_to_gcj02(lat: float, lon: float) -> LatLon:
    """The GCJ-02 coordinate a Chinese map shows for a WGS-84 point."""
    if out_of_china(lat, lon):
        return lat, lon
    d_lat, d_lon = _gcj02_offset(lat, lon)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float) -> LatLon:
    """The WGS-84 point a GCJ-02 coordinate stands for (iterative, error well under 1 m)."""
    if out_of_china(lat, lon):
        return lat, lon
    d_lat, d_lon = _gcj02_offset(lat, lon)
    return _invert(wgs84_to_gcj02, (lat, lon), (lat - d_lat, lon - d_lon))


def gcj02_to_bd09(lat: float, lon: float) -> LatLon:
    """Baidu's BD-09 coordinate of a GCJ-02 point."""
    if out_of_china(lat, lon):
        return lat, lon
    z = math.hypot(lon, lat) + 0.00002 * math.sin(lat * _BD_X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _BD_X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat: float, lon: float) -> LatLon:
    """The GCJ-02 point of a BD-09 coordinate: Baidu's approximate inverse, then refined."""
    if out_of_china(lat, lon):
        return lat, lon
    x, y = lon - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _BD_X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _BD_X_PI)
    first_guess = (z * math.sin(theta), z * math.cos(theta))
    return _invert(gcj02_to_bd09, (lat, lon), first_guess)


def wgs84_to_bd09(lat: float, lon: float) -> LatLon:
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))


def bd09_to_wgs84(lat: float, lon: float) -> LatLon:
    return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))


_TO_WGS84: dict[str, Callable[[float, float], LatLon]] = {
    "wgs84": lambda lat, lon: (lat, lon),
    "gcj02": gcj02_to_wgs84,
    "bd09": bd09_to_wgs84,
}
_FROM_WGS84: dict[str, Callable[[float, float], LatLon]] = {
    "wgs84": lambda lat, lon: (lat, lon),
    "gcj02": wgs84_to_gcj02,
    "bd09": wgs84_to_bd09,
}


def to_wgs84(lat: float, lon: float, datum: Datum) -> LatLon:
    """``(lat, lon)`` given in ``datum``, as WGS-84."""
    return _TO_WGS84[datum](lat, lon)


def from_wgs84(lat: float, lon: float, datum: Datum) -> LatLon:
    """A WGS-84 ``(lat, lon)`` expressed in ``datum``."""
    return _FROM_WGS84[datum](lat, lon)


def distance_m(a: LatLon, b: LatLon) -> float:
    """Great-circle distance in metres between two ``(lat, lon)`` points (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def _invert(forward: Callable[[float, float], LatLon], target: LatLon, guess: LatLon) -> LatLon:
    """Solve ``forward(p) == target`` by fixed-point steps from ``guess``.

    The shifts change slowly with position (a few metres per kilometre), so moving the guess
    by the remaining error converges by about three orders of magnitude per step.
    """
    lat, lon = guess
    for _ in range(_MAX_STEPS):
        got_lat, got_lon = forward(lat, lon)
        err_lat, err_lon = got_lat - target[0], got_lon - target[1]
        if abs(err_lat) < _TOLERANCE_DEG and abs(err_lon) < _TOLERANCE_DEG:
            break
        lat, lon = lat - err_lat, lon - err_lon
    return lat, lon


def _gcj02_offset(lat: float, lon: float) -> LatLon:
    """The GCJ-02 shift in degrees at a WGS-84 point."""
    x, y = lon - 105.0, lat - 35.0
    d_lat = _shift_lat(x, y)
    d_lon = _shift_lon(x, y)
    rad_lat = math.radians(lat)
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return d_lat, d_lon


def _shift_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _shift_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret
