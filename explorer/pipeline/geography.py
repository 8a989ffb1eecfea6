"""District boundaries: which of Jiangmen's seven districts holds a coordinate."""

from __future__ import annotations

import json
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
