"""WGS-84 ↔ GCJ-02 ↔ BD-09 against published reference pairs, and round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import coords
from explorer.core.coords import (
    bd09_to_gcj02,
    bd09_to_wgs84,
    distance_m,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    out_of_china,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

# (wgs lat, wgs lon, gcj lat, gcj lon) from googollee/eviltransform, python/test.py (TESTS:
# Shanghai, Shenzhen, Beijing).
EVILTRANSFORM_WGS_GCJ = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
]

# wandergis/coordtransform, test/app.js (input lon 116.404, lat 39.915 in every case).
COORDTRANSFORM_INPUT = (39.915, 116.404)
COORDTRANSFORM_WGS_TO_GCJ = (39.91640428150164, 116.41024449916938)
COORDTRANSFORM_GCJ_TO_BD = (39.92133699351021, 116.41036949371029)
COORDTRANSFORM_BD_TO_GCJ = (39.90865673957631, 116.39762729119315)  # closed-form, approximate

# hujiulong/gcoord, test/unit/crs/GCJ02.spec.js: GCJ02 [123, 45] (lon, lat) to WGS84 and to
# BD09, checked there to 5 decimals.
GCOORD_GCJ = (45.0, 123.0)
GCOORD_GCJ_TO_WGS = (44.99804071, 122.99395597)
GCOORD_GCJ_TO_BD = (45.00636899, 123.00636499)

JIANGMEN = {"lat": (21.45, 22.90), "lon": (111.95, 113.30)}  # data/jiangmen_districts.geojson
CHINA = {"lat": (3.0, 53.5), "lon": (74.0, 135.0)}  # inside the out-of-China box, with margin


def _points(area: dict[str, tuple[float, float]]) -> st.SearchStrategy[tuple[float, float]]:
    return st.tuples(
        st.floats(*area["lat"], allow_nan=False), st.floats(*area["lon"], allow_nan=False)
    )


@pytest.mark.parametrize(("wgs_lat", "wgs_lon", "gcj_lat", "gcj_lon"), EVILTRANSFORM_WGS_GCJ)
def test_wgs84_to_gcj02_matches_eviltransform(wgs_lat, wgs_lon, gcj_lat, gcj_lon) -> None:
    assert wgs84_to_gcj02(wgs_lat, wgs_lon) == pytest.approx((gcj_lat, gcj_lon), abs=1e-9)


@pytest.mark.parametrize(("wgs_lat", "wgs_lon", "gcj_lat", "gcj_lon"), EVILTRANSFORM_WGS_GCJ)
def test_gcj02_to_wgs84_recovers_eviltransform_points(wgs_lat, wgs_lon, gcj_lat, gcj_lon) -> None:
    # eviltransform's own exact inverse is held to 0.5 m; ours iterates to about a millimetre.
    assert distance_m(gcj02_to_wgs84(gcj_lat, gcj_lon), (wgs_lat, wgs_lon)) < 0.01


def test_coordtransform_reference_pairs() -> None:
    assert wgs84_to_gcj02(*COORDTRANSFORM_INPUT) == pytest.approx(
        COORDTRANSFORM_WGS_TO_GCJ, abs=1e-9
    )
    assert gcj02_to_bd09(*COORDTRANSFORM_INPUT) == pytest.approx(COORDTRANSFORM_GCJ_TO_BD, abs=1e-9)
    # coordtransform's BD-09 → GCJ-02 is the closed form; ours refines it by a few cm.
    refined = bd09_to_gcj02(*COORDTRANSFORM_INPUT)
    assert distance_m(refined, COORDTRANSFORM_BD_TO_GCJ) < 0.2
    assert distance_m(gcj02_to_bd09(*refined), COORDTRANSFORM_INPUT) < 0.01


def test_gcoord_reference_pairs() -> None:
    assert gcj02_to_wgs84(*GCOORD_GCJ) == pytest.approx(GCOORD_GCJ_TO_WGS, abs=5e-6)
    assert gcj02_to_bd09(*GCOORD_GCJ) == pytest.approx(GCOORD_GCJ_TO_BD, abs=5e-6)


def test_the_shift_in_jiangmen_is_the_few_hundred_metres_the_boundaries_showed() -> None:
    # data/README.md: raw GCJ-02 boundaries lie a median 360–460 m off the WGS-84 ones.
    seat = (22.5787, 113.0815)  # 蓬江区
    assert 300 < distance_m(seat, wgs84_to_gcj02(*seat)) < 700
    assert 700 < distance_m(seat, wgs84_to_bd09(*seat)) < 2000


@pytest.mark.parametrize(
    "point",
    [(51.5007, -0.1246), (35.6586, 139.7454), (-33.8568, 151.2153), (0.5, 100.0), (60.0, 100.0)],
)
def test_outside_china_nothing_moves(point) -> None:
    assert out_of_china(*point)
    for datum in coords.DATUMS:
        assert from_wgs84(*point, datum) == point
        assert to_wgs84(*point, datum) == point
    assert bd09_to_gcj02(*point) == point


def test_to_and_from_wgs84_dispatch_by_datum() -> None:
    p = (22.58, 113.08)
    assert to_wgs84(*p, "wgs84") == p
    assert from_wgs84(*p, "gcj02") == wgs84_to_gcj02(*p)
    assert from_wgs84(*p, "bd09") == wgs84_to_bd09(*p)
    assert to_wgs84(*p, "gcj02") == gcj02_to_wgs84(*p)
    assert to_wgs84(*p, "bd09") == bd09_to_wgs84(*p)


def test_distance_of_one_degree_of_latitude() -> None:
    assert distance_m((22.0, 113.0), (23.0, 113.0)) == pytest.approx(111_195, rel=1e-3)


@settings(max_examples=300, deadline=None)
@given(_points(JIANGMEN))
def test_round_trips_within_a_metre_over_jiangmen(p) -> None:
    assert distance_m(gcj02_to_wgs84(*wgs84_to_gcj02(*p)), p) < 1.0
    assert distance_m(bd09_to_wgs84(*wgs84_to_bd09(*p)), p) < 1.0
    assert distance_m(wgs84_to_gcj02(*gcj02_to_wgs84(*p)), p) < 1.0
    assert distance_m(gcj02_to_bd09(*bd09_to_gcj02(*p)), p) < 1.0


@settings(max_examples=500, deadline=None)
@given(_points(CHINA))
def test_round_trips_within_a_metre_over_china(p) -> None:
    for datum in ("gcj02", "bd09"):
        assert distance_m(to_wgs84(*from_wgs84(*p, datum), datum), p) < 1.0
        assert distance_m(from_wgs84(*to_wgs84(*p, datum), datum), p) < 1.0
