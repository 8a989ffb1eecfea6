"""District boundaries: which of Jiangmen's seven districts holds a coordinate."""

from __future__ import annotations

import json
import math
from itertools import pairwise
from pathlib import Path

Ring = list[tuple[float, float]]


class DistrictBoundaries:
    """Point-in-polygon over the district MultiPolygons (GeoJSON, WGS-84 lon/lat)."""

    def __init__(self, districts: dict[str, list[list[Ring]]]) -> None:
        self._districts = districts

    @classmethod
    def from_geojson(cls, path: str | Path) -> DistrictBoundaries:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        districts: dict[str, list[list[Ring]]] = {}
        for feature in data["features"]:
            geometry = feature["geometry"]
            polygons = geometry["coordinates"]
            if geometry["type"] == "Polygon":
                polygons = [polygons]
            districts[feature["properties"]["name"]] = [
                [[(float(x), float(y)) for x, y, *_ in ring] for ring in polygon]
                for polygon in polygons
            ]
        return cls(districts)

    def district_at(self, lat: float, lon: float) -> str | None:
        """The district containing the point, or ``None`` outside Jiangmen."""
        for name, polygons in self._districts.items():
            for rings in polygons:
                if _inside(rings[0], lon, lat) and not any(_inside(h, lon, lat) for h in rings[1:]):
                    return name
        return None

    def distance_km(self, lat: float, lon: float) -> float:
        """How far the point lies outside Jiangmen: 0 inside a district, else the distance
        to the nearest district boundary (flat-earth, good to metres at these sizes)."""
        if self.district_at(lat, lon) is not None:
            return 0.0
        # Degrees to km around the point: equirectangular, exact enough within ~100 km.
        kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
        nearest = math.inf
        for polygons in self._districts.values():
            for rings in polygons:
                for ring in rings:
                    for (x1, y1), (x2, y2) in pairwise(ring):
                        a = ((x1 - lon) * kx, (y1 - lat) * ky)
                        b = ((x2 - lon) * kx, (y2 - lat) * ky)
                        nearest = min(nearest, _to_segment(a, b))
        return nearest


def _to_segment(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from the origin to the segment ``a``–``b``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(a[0] * dx + a[1] * dy) / length2))
    return math.hypot(a[0] + t * dx, a[1] + t * dy)


def _inside(ring: Ring, x: float, y: float) -> bool:
    """Even-odd ray casting."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside
