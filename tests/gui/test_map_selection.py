"""Selecting on the map: the zoom follows how precisely the place is known; events that share
a spot fan out, every one of them clickable."""

from __future__ import annotations

import json

import pytest

from explorer import paths
from explorer.export.map_page import district_bounds
from explorer.gui.map.view import MapView
from tests.gui.page_js import js_value

TAISHAN = (22.25194, 112.79389)  # the gazetteer's seat of 台山市
DAJIANG = (22.37709, 112.80007)  # 大江镇, a town of 台山市
SITE = (22.5852, 113.0795)  # a building in 蓬江区
_SCALE = "document.querySelector('.leaflet-control-scale-line').textContent"
_POPUP = "(document.querySelector('.leaflet-popup-content')||{}).textContent||''"


@pytest.fixture
def map_view(qtbot):
    view = MapView()
    qtbot.addWidget(view)
    view.resize(900, 650)
    view.show()
    with qtbot.waitSignal(view.bridge.ready, timeout=20000):
        view.load_page()
    return view


def _bounds() -> dict[str, list[float]]:
    return district_bounds(json.loads(paths.districts_path().read_text(encoding="utf-8")))


def _contains(outer: list[float], inner: list[float]) -> bool:
    south, west, north, east = outer
    return south <= inner[0] and west <= inner[1] and north >= inner[2] and east >= inner[3]


def _select(qtbot, view: MapView, event_id: int, title: str) -> dict:
    view.select(event_id)
    qtbot.waitUntil(lambda: title in str(js_value(qtbot, view, _POPUP)), timeout=8000)
    qtbot.wait(200)  # the popup's autopan, if any
    return js_value(qtbot, view, "window.explorer.view()")


@pytest.fixture
def events(make_event):
    def event(id, title, at, geo, district):
        return make_event(
            id=id, title=title, lat=at[0], lon=at[1], geo_precision=geo, district=district
        )

    return [
        event(1, "台山市签约", TAISHAN, "district", "台山市"),
        event(2, "大楼封顶", SITE, "exact", "蓬江区"),
        event(3, "大江镇签约", DAJIANG, "town", "台山市"),
        event(4, "江门市会议", (22.57889, 113.08139), "city", None),
        # Near the district seat: the district event is inside a cluster at district scale.
        event(5, "台城街道开业", (22.2545, 112.7952), "exact", "台山市"),
        event(6, "台城路开工", (22.2561, 112.7899), "exact", "台山市"),
    ]


def test_selection_zooms_only_as_close_as_the_place_is_known(qtbot, map_view, events) -> None:
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events(events)
    point = _select(qtbot, map_view, 2, "大楼封顶")
    assert point["zoom"] == 17  # a known building: close up, the scale bar in metres
    assert js_value(qtbot, map_view, _SCALE).endswith(" m")

    district = _select(qtbot, map_view, 1, "台山市签约")  # from close up: out to the district
    taishan = _bounds()["台山市"]
    assert _contains(district["bounds"], taishan)
    assert district["zoom"] <= 10 and js_value(qtbot, map_view, _SCALE).endswith(" km")
    # Framed, not merely zoomed out: the whole city is not shown.
    assert not _contains(district["bounds"], _bounds()["蓬江区"])
    # The event is drawn on its own and highlighted, though its neighbours cluster there.
    highlighted = "Array.from(document.querySelectorAll('.ev-icon.selected')).map(m => m.title)"
    assert js_value(qtbot, map_view, highlighted) == ["台山市签约"]

    town = _select(qtbot, map_view, 3, "大江镇签约")
    assert town["zoom"] == 13 and district["zoom"] < town["zoom"] < point["zoom"]

    city = _select(qtbot, map_view, 4, "江门市会议")
    assert all(_contains(city["bounds"], box) for box in _bounds().values())


def test_a_district_event_without_its_district_shows_the_city(qtbot, map_view, make_event) -> None:
    lost = make_event(
        id=7,
        title="某项目签约",
        lat=TAISHAN[0],
        lon=TAISHAN[1],
        geo_precision="district",
        district=None,
    )
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events([lost])
    view = _select(qtbot, map_view, 7, "某项目签约")
    assert all(_contains(view["bounds"], box) for box in _bounds().values())  # never closer


_MARKERS = """Array.from(document.querySelectorAll('.ev-marker')).map(function (m) {
  const r = m.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2, m.parentElement.title];
})"""


def _click(qtbot, view: MapView, selector: str, text: str) -> None:
    """A user's click on the marker ``selector`` whose text or title is ``text``."""
    script = f"""(function () {{
      const all = Array.from(document.querySelectorAll({json.dumps(selector)}));
      const hit = all.find(function (m) {{
        return m.textContent === {json.dumps(text)} || m.title === {json.dumps(text)};
      }});
      if (!hit) return false;
      hit.click();
      return true;
    }})()"""
    assert js_value(qtbot, view, script) is True


def test_nineteen_events_at_one_spot_all_fan_out_and_each_can_be_clicked(
    qtbot, map_view, make_event
) -> None:
    spot = [
        make_event(id=200 + i, title=f"签约{i}", lat=22.52806, lon=113.03111, geo_precision="exact")
        for i in range(19)
    ]
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events(spot)
    assert js_value(qtbot, map_view, "document.querySelectorAll('.ev-marker').length") == 0
    _click(qtbot, map_view, ".ev-cluster-icon", "19")
    markers = js_value(qtbot, map_view, _MARKERS)
    assert sorted(m[2] for m in markers) == sorted(e.title for e in spot)
    width, height = map_view.width(), map_view.height()
    assert all(0 < x < width and 0 < y < height for x, y, _ in markers)
    gaps = [
        ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
        for i, a in enumerate(markers)
        for b in markers[i + 1 :]
    ]
    assert min(gaps) >= 22  # markers are 22 px wide: none covers another
    for event in (spot[18], spot[0], spot[9]):
        with qtbot.waitSignal(map_view.event_selected, timeout=5000) as clicked:
            _click(qtbot, map_view, ".ev-icon", event.title)
        assert clicked.args == [event.id]
        qtbot.waitUntil(
            lambda e=event: e.title in str(js_value(qtbot, map_view, _POPUP)), timeout=5000
        )
        map_view.select(event.id)  # the window selects what was clicked: the fan stays open
        qtbot.wait(200)
        assert len(js_value(qtbot, map_view, _MARKERS)) == 19


def test_every_event_of_a_shared_spot_can_be_selected(qtbot, map_view, make_event) -> None:
    spot = [
        make_event(
            id=300 + i,
            title=f"开工{i}",
            lat=22.25194,
            lon=112.79389,
            geo_precision="district",
            district="台山市",
        )
        for i in range(25)
    ]
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events(spot)
    for event in spot:
        _select(qtbot, map_view, event.id, event.title)
        selected = "document.querySelector('.ev-icon.selected').title"
        assert js_value(qtbot, map_view, selected) == event.title
        assert len(js_value(qtbot, map_view, _MARKERS)) == 25
