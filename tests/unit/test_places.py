"""Gazetteer matching and district geography."""

from __future__ import annotations

import pytest

from explorer import paths
from explorer.core.places import Place
from explorer.pipeline.geography import DistrictBoundaries
from explorer.pipeline.places import Gazetteer


@pytest.fixture(scope="module")
def boundaries() -> DistrictBoundaries:
    return DistrictBoundaries.from_geojson(paths.districts_path())


@pytest.mark.parametrize(
    ("lat", "lon", "district"),
    [
        (22.52806, 113.03111, "新会区"),  # 新会 district seat
        (22.25194, 112.79389, "台山市"),  # 台城
        (22.77019, 112.95776, "鹤山市"),  # 沙坪
        (21.70, 112.77, "台山市"),  # 上川岛: one of Taishan's island parts
        (23.13, 113.26, None),  # 广州 is not in Jiangmen
    ],
)
def test_point_in_district(boundaries, lat, lon, district) -> None:
    assert boundaries.district_at(lat, lon) == district


def test_longest_name_wins_and_latin_aliases_are_ignored() -> None:
    gazetteer = Gazetteer.bundled()
    found = [m.place.name for m in gazetteer.find("新会智造产业园凤山湖园区内,Xinhui 项目推进")]
    assert found == ["新会智造产业园凤山湖园区"]


def test_district_names_short_and_long() -> None:
    gazetteer = Gazetteer.bundled()
    assert gazetteer.districts_named("新会、台山共同签署,江海区参与") == [
        "新会区",
        "台山市",
        "江海区",
    ]


def test_place_without_district_gets_one_from_its_coordinate(boundaries) -> None:
    place = Place("某园区", (), "industrial_park", None, 22.25194, 112.79389, "town", None)
    assert Gazetteer([place], boundaries).district_of(place) == "台山市"
