"""Nearby events: the rows within a radius, nearest first, with geodesic distances."""

from __future__ import annotations

import math

import numpy as np
import pytest
from geopy.distance import geodesic

from explorer.core.event_columns import EventColumns
from explorer.pipeline import nearby
from explorer.pipeline.nearby import within

CENTRE = (22.58, 113.08)


def offset(km_north: float, km_east: float) -> tuple[float, float]:
    """A point about this far north and east of CENTRE."""
    lat = CENTRE[0] + km_north / 110.57
    return lat, CENTRE[1] + km_east / (111.32 * math.cos(math.radians(lat)))


def columns_of(points: list[tuple[float, float] | None]) -> tuple[np.ndarray, np.ndarray]:
    lats = np.array([p[0] if p else np.nan for p in points], dtype=float)
    lons = np.array([p[1] if p else np.nan for p in points], dtype=float)
    return lats, lons


def test_rows_within_the_radius_nearest_first_with_geodesic_km() -> None:
    points = [offset(2.5, 0), offset(0, 0.4), None, offset(3.5, 0), offset(-1, -1), CENTRE]
    rows, km = within(*columns_of(points), *CENTRE, 3.0)
    assert rows.tolist() == [5, 1, 4, 0]  # the unplaced and the 3.5 km one are left out
    expected = [geodesic(CENTRE, points[r]).km for r in rows.tolist()]
    assert km.tolist() == pytest.approx(expected, abs=1e-9)
    assert km[0] == 0


def test_events_sharing_a_place_share_its_distance_in_row_order() -> None:
    points = [offset(1, 1)] * 5 + [offset(0.2, 0)]
    rows, km = within(*columns_of(points), *CENTRE, 3.0)
    assert rows.tolist() == [5, 0, 1, 2, 3, 4]
    assert len(set(km[1:].tolist())) == 1


def test_the_radius_is_decided_by_the_geodesic() -> None:
    # Points just inside and just outside 3 km in every direction, among many others.
    rng = np.random.default_rng(1)
    points = [offset(*xy) for xy in rng.uniform(-2.5, 2.5, size=(500, 2))]
    edge = []
    for bearing in range(0, 360, 15):
        for km in (2.995, 3.005):
            spot = geodesic(kilometers=km).destination(CENTRE, bearing)
            edge.append(len(points))
            points.append((spot.latitude, spot.longitude))
    rows, km = within(*columns_of(points), *CENTRE, 3.0)
    inside = {r for r in edge if geodesic(CENTRE, points[r]).km <= 3.0}
    assert set(rows.tolist()) & set(edge) == inside
    assert len(inside) == len(edge) // 2
    assert np.all(np.diff(km) >= 0)
    # many distinct points: the nearest get geopy's geodesic, the rest the plane's, as good
    truth = np.array([geodesic(CENTRE, points[r]).km for r in rows.tolist()])
    assert km[: nearby.EXACT_POINTS].tolist() == truth[: nearby.EXACT_POINTS].tolist()
    assert np.all(np.abs(km - truth) <= 1e-6 * truth)


def test_candidates_limit_the_rows() -> None:
    points = [offset(0.1, 0), offset(0.2, 0), offset(0.3, 0)]
    mask = np.array([True, False, True])
    rows, _ = within(*columns_of(points), *CENTRE, 3.0, candidates=mask)
    assert rows.tolist() == [0, 2]


def test_nothing_near_gives_empty_arrays() -> None:
    rows, km = within(*columns_of([offset(10, 10), None]), *CENTRE, 3.0)
    assert rows.tolist() == [] and km.tolist() == []
    rows, km = within(*columns_of([]), *CENTRE, 3.0)
    assert len(rows) == len(km) == 0


def test_event_columns_hold_coordinates_and_what_is_pinpointed(make_event) -> None:
    events = [
        make_event(lat=22.5, lon=113.0, geo_precision="exact"),
        make_event(lat=22.5, lon=113.0, geo_precision="district"),
        make_event(lat=None, lon=None),
        make_event(lat=22.4, lon=113.1, geo_precision="town"),
    ]
    columns = EventColumns.from_events(events)
    assert columns.lat[0] == 22.5 and np.isnan(columns.lon[2])
    assert columns.placed.tolist() == [True, True, False, True]
    assert columns.pinpointed.tolist() == [True, False, False, True]


def test_default_radius_is_three_km() -> None:
    assert nearby.DEFAULT_KM == 3.0
