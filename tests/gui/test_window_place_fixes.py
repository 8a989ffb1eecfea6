"""Place fixes and nearby events in the window: set location moves every event at the place
(map, district, details), Ctrl+Z puts it back; the detail pane lists the events nearby and a
click on one selects it."""

from __future__ import annotations

from PySide6.QtCore import QUrl

from explorer.core.events import Event
from explorer.gui.detail_pane import DetailPane
from explorer.store import place_fixes

PARK = "中创新航江门基地"  # seven events in three documents, placed at 新会区's seat
STATION = "江门站"
SPOT = (22.5601, 113.0702)  # in 江海区
NEXT_DOOR = (22.5691, 113.0702)  # 1 km north of SPOT


def at(state, place: str) -> list[Event]:
    return [e for e in state.events if e.place == place]


def test_set_location_moves_the_place_and_undo_puts_it_back(qtbot, window) -> None:
    state = window.state
    before = at(state, PARK)
    assert len(before) >= 3 and {e.district for e in before} == {"新会区"}
    first = before[0]
    state.select(first.id)

    with qtbot.waitSignal(window.map.bridge.drawn, timeout=20000):  # the map redraws
        assert state.set_location(first.id, *SPOT, "设置位置")

    moved = at(state, PARK)
    assert {(e.lat, e.lon, e.geo_precision, e.district) for e in moved} == {
        (*SPOT, "exact", "江海区")
    }
    row = state.index.row_of[first.id]
    assert (state.columns.lat[row], state.columns.lon[row]) == SPOT
    assert state.columns.pinpointed[row]
    text = window.details.toPlainText()
    assert "位置已手工设定" in text and "江海区" in text  # the pane shows the moved event
    assert window.curation.undo_action.text().endswith("设置位置")

    window.curation.undo_action.trigger()
    assert at(state, PARK) == before and place_fixes.overrides(state.conn) == []
    assert "位置已手工设定" not in window.details.toPlainText()
    window.curation.redo_action.trigger()
    assert {(e.lat, e.lon) for e in at(state, PARK)} == {SPOT}


def test_a_point_outside_jiangmen_is_refused(qtbot, window) -> None:
    state = window.state
    first = at(state, PARK)[0]
    with qtbot.waitSignal(state.curation_failed) as failed:
        assert not state.set_location(first.id, 39.9, 116.4, "设置位置")
    assert "outside Jiangmen" in failed.args[0]
    assert state.event_by_id(first.id) == first and state.undo_stack.count() == 0


def test_the_detail_pane_lists_nearby_events_and_a_click_selects_one(qtbot, window) -> None:
    state = window.state
    park, station = at(state, PARK)[0], at(state, STATION)[0]
    assert state.nearby(park.id) == []  # placed only to a district: near nothing
    state.set_location(park.id, *SPOT, "设置位置")
    state.set_location(station.id, *NEXT_DOOR, "设置位置")

    near = state.nearby(park.id)
    assert [e.place for e, _ in near] == [PARK] * (len(at(state, PARK)) - 1) + [STATION] * len(
        at(state, STATION)
    )
    assert near[0][1] == 0 and abs(near[-1][1] - 1.0) < 0.01
    assert [e for e, _ in state.events_near(*SPOT, 0.5)] == sorted(
        at(state, PARK), key=lambda e: state.index.row_of[e.id]
    )

    state.select(park.id)
    text = window.details.toPlainText()
    assert "附近的事件 (3 km)" in text and "1.0 km" in text and "0 m" in text
    assert f"event:{station.id}" in window.details.text.toHtml()
    window.details.text.anchorClicked.emit(QUrl(f"event:{station.id}"))
    assert state.selected == station.id
    assert f"event:{park.id}" in window.details.text.toHtml()  # and back again


def test_nearby_titles_are_escaped_and_long_lists_cut(qtbot, make_event) -> None:
    pane = DetailPane()
    qtbot.addWidget(pane)
    shown = make_event(title="选中", id=1)
    sly = make_event(title="<a href='merge:1'>合并</a>", id=2)
    many = [(sly, 0.25)] + [(make_event(title=f"第{i}个", id=10 + i), 1.5) for i in range(20)]
    pane.show_event(shown, None, {}, many)
    text = pane.toPlainText()
    assert "<a href='merge:1'>合并</a>" in text and "250 m" in text
    assert "另有 9 个" in text
    assert 'href="merge:1"' not in pane.text.toHtml()  # text, not a link


def test_set_location_from_the_map_and_events_near_a_point(qtbot, window) -> None:
    state = window.state
    topping = next(e for e in state.events if e.type == "topping_out")
    state.select(topping.id)
    window.curation.pick_location(topping.id)
    assert window.centre.currentWidget() is window.map and window.map.is_picking
    window.map.location_picked.emit(22.5601, 113.0703)  # in 江海区
    moved = state.event_by_id(topping.id)
    assert (round(moved.lat, 4), round(moved.lon, 4)) == (22.5601, 113.0703)
    assert moved.district == "江海区"  # from the boundaries, not the old place
    window.curation.show_events_near(22.5601, 113.0703)
    texts = [a.text() for a in window.curation.near_menu.actions()]
    assert any(topping.title in t and t.startswith("0.0 km") for t in texts)
    window.curation.undo_action.trigger()
    assert state.event_by_id(topping.id).lat == topping.lat


def test_the_chosen_basemap_is_remembered(qtbot, window) -> None:
    window.map.basemap_changed.emit("osm")
    assert window.settings.basemap == "osm"


def test_missing_places_are_looked_up_online_after_opting_in(qtbot, window) -> None:
    import threading

    from tests.unit.test_geocode import FakeGeocoder, QuietServer, osm

    handler = type("Handler", (FakeGeocoder,), {"answers": {}, "requests": []})
    httpd = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        state = window.state
        topping = next(e for e in state.events if e.type == "topping_out")
        state.conn.execute(
            "UPDATE events SET place = '某某新材料产业园', lat = NULL, lon = NULL,"
            " geo_precision = NULL WHERE id = ?",
            (topping.id,),
        )
        state.reload()
        handler.answers["某某新材料产业园"] = [osm((22.52, 113.05))]  # Nominatim: name + viewbox
        window.settings.set_geocode_service(
            domain=f"127.0.0.1:{httpd.server_address[1]}", scheme="http"
        )
        window.preferences.geocode_toggle.setChecked(True)
        assert window.settings.geocode_online
        with qtbot.waitSignal(window.place_lookup.finished, timeout=30000) as done:
            window.preferences.geocode_now.trigger()
        assert len(done.args[0].found) == 1 and handler.requests
        located = state.event_by_id(topping.id)
        assert (round(located.lat, 2), round(located.lon, 2)) == (22.52, 113.05)
    finally:
        httpd.shutdown()
        httpd.server_close()
