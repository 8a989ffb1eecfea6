"""The map page in the app: offline, linked through the bridge, escaped, checked at load."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEngineSettings, QWebEngineUrlRequestInterceptor

from explorer.export.map_payload import map_payload
from explorer.gui.map.view import MapView, _bitmask
from tests.gui.page_js import js_value

LOCAL_SCHEMES = {"file", "qrc", "data", "about", "blob"}


class _Recorder(QWebEngineUrlRequestInterceptor):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info) -> None:
        self.urls.append(info.requestUrl().toString())


@pytest.fixture
def events(make_event):
    return [
        make_event(
            id=1,
            type="topping_out",
            date="2022-07-30",
            date_end="2022-07-30",
            subject="中创新航江门基地",
            place="新会智造产业园凤山湖园区",
            lat=22.528,
            lon=113.031,
            geo_precision="district",
        ),
        make_event(
            id=2,
            type="first_departure",
            date="2022-04-28",
            date_end="2022-04-28",
            status="planned",
            subject="中欧班列",
            place="江门北站",
            lat=22.7667,
            lon=112.95,
            geo_precision="exact",
        ),
        make_event(
            id=3,
            type="meeting",
            date="2022-08-15",
            date_end="2022-08-15",
            title="<img src=x onerror=alert(1)>推介会",
            lat=22.25,
            lon=112.79,
        ),
        make_event(
            id=4, type="award", date="2022-01-01", date_end="2022-12-31", lat=None, lon=None
        ),
    ]


@pytest.fixture
def map_view(qtbot):
    recorder = _Recorder()
    view = MapView()
    view.page().profile().setUrlRequestInterceptor(recorder)
    view.recorder = recorder
    qtbot.addWidget(view)
    view.resize(900, 650)
    view.show()
    with qtbot.waitSignal(view.bridge.ready, timeout=20000):
        view.load_page()
    return view


def test_page_makes_no_request_beyond_this_machine(qtbot, map_view, events) -> None:
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events(events)
    qtbot.wait(300)
    remote = [u for u in map_view.recorder.urls if QUrl(u).scheme() not in LOCAL_SCHEMES]
    assert map_view.recorder.urls, "the interceptor saw the page's own files"
    assert remote == []
    # Online basemaps are opt-in: by default the page may not even ask for remote files.
    assert map_view.basemap == "offline"
    assert not map_view.settings().testAttribute(
        QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls
    )


def test_events_drawn_from_python_and_clicks_come_back(qtbot, map_view, events) -> None:
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000) as drawn:
        map_view.set_events(events)
    assert drawn.args == [3]  # the undated-place award has no coordinates
    with qtbot.waitSignal(map_view.event_selected, timeout=5000) as clicked:
        assert js_value(qtbot, map_view, "window.explorer.clickMarker(2)") is True
    assert clicked.args == [2]


def test_popup_text_is_escaped(qtbot, map_view, events) -> None:
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events(events)
    popup = js_value(qtbot, map_view, "window.explorer.popupText(3)")
    assert "&lt;img src=x onerror=alert(1)&gt;推介会" in popup
    assert "<img" not in popup


def test_a_popup_prints_the_date_as_precisely_as_it_is_known(qtbot, map_view, events) -> None:
    year = replace(events[0], id=4, date="2022-01-01", date_end="2022-12-31",
                   date_precision="year")  # fmt: skip
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events([*events, year])
    assert "2022年7月30日" in js_value(qtbot, map_view, "window.explorer.popupText(1)")
    popup = js_value(qtbot, map_view, "window.explorer.popupText(4)")
    assert "2022年" in popup and "2022-01-01" not in popup and "2022年1月" not in popup


def test_select_opens_the_popup_and_filter_updates_without_reload(qtbot, map_view, events) -> None:
    loads: list[bool] = []
    map_view.loadFinished.connect(loads.append)
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events(events)
    map_view.select(1)
    qtbot.waitUntil(
        lambda: (
            "中创新航"
            in str(
                js_value(
                    qtbot,
                    map_view,
                    "(document.querySelector('.leaflet-popup-content')||{}).textContent||''",
                )
            )
        ),
        timeout=8000,
    )
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000) as filtered:
        map_view.set_events(events[:1])
    assert filtered.args == [1] and loads == []
    assert js_value(qtbot, map_view, "window.explorer.count()") == 1


_LEGEND = "document.getElementById('ev-legend').textContent"
_POPUP = "(document.querySelector('.leaflet-popup-content')||{}).textContent||''"


def _recording(view: MapView) -> list[str]:
    """Every script the bridge sends to the page from now on."""
    sent: list[str] = []
    run_js = view.bridge._run_js

    def record(script: str) -> None:
        sent.append(script)
        run_js(script)

    view.bridge._run_js = record
    return sent


def _drawn_counts(qtbot, view: MapView, action) -> list[int]:
    """The ``drawn`` reports that follow ``action`` (waits for the first, then a little)."""
    counts: list[int] = []
    view.bridge.drawn.connect(counts.append)
    with qtbot.waitSignal(view.bridge.drawn, timeout=10000):
        action()
    qtbot.wait(300)
    view.bridge.drawn.disconnect(counts.append)
    return counts


def test_load_once_then_show_subsets_without_resending_or_reloading(
    qtbot, map_view, events
) -> None:
    loads: list[bool] = []
    map_view.loadFinished.connect(loads.append)
    sent = _recording(map_view)
    # The window's pattern: load, then show the visible ids, in one turn: one drawing.
    assert _drawn_counts(
        qtbot, map_view, lambda: (map_view.load_events(events), map_view.show_only(None))
    ) == [3]
    assert js_value(qtbot, map_view, "window.explorer.loaded()") == 3
    assert "封顶 1" in js_value(qtbot, map_view, _LEGEND)
    visible = np.array([3, 4, 1], dtype=np.int64)  # 4 has no coordinates
    assert _drawn_counts(qtbot, map_view, lambda: map_view.show_only(visible)) == [2]
    assert js_value(qtbot, map_view, "window.explorer.count()") == 2
    legend = js_value(qtbot, map_view, _LEGEND)
    assert "封顶 1" in legend and "会议 1" in legend and "首发" not in legend
    assert _drawn_counts(qtbot, map_view, lambda: map_view.show_only([2])) == [1]
    legend = js_value(qtbot, map_view, _LEGEND)
    assert "首发 1" in legend and "封顶" not in legend and "会议" not in legend
    assert _drawn_counts(qtbot, map_view, lambda: map_view.show_only([])) == [0]
    assert _drawn_counts(qtbot, map_view, lambda: map_view.show_only(visible)) == [2]
    assert js_value(qtbot, map_view, "window.explorer.cachedSubsets()") >= 1
    assert _drawn_counts(qtbot, map_view, lambda: map_view.show_only(None)) == [3]
    assert js_value(qtbot, map_view, "window.explorer.count()") == 3
    assert "首发 1" in js_value(qtbot, map_view, _LEGEND)
    assert loads == []
    loaded = [s for s in sent if s.startswith("window.explorer.loadEvents(")]
    assert len(loaded) == 1
    shown = [s for s in sent if s.startswith("window.explorer.showOnly(")]
    assert len(shown) == 6 and all(len(s) < 200 and "中创新航" not in s for s in shown)


def test_load_events_alone_shows_everything_once(qtbot, map_view, events) -> None:
    assert _drawn_counts(qtbot, map_view, lambda: map_view.load_events(events, "全部")) == [3]
    assert js_value(qtbot, map_view, "document.getElementById('ev-caption').textContent") == "全部"
    # Loading and narrowing in one turn draws only the narrowed set.
    both = _drawn_counts(
        qtbot, map_view, lambda: (map_view.load_events(events), map_view.show_only([1, 2]))
    )
    assert both == [2]


def test_select_and_click_after_a_subset(qtbot, map_view, events) -> None:
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events(events)
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.show_only(np.array([1, 3]))
    map_view.select(3)
    qtbot.waitUntil(lambda: "推介会" in str(js_value(qtbot, map_view, _POPUP)), timeout=8000)
    with qtbot.waitSignal(map_view.event_selected, timeout=5000) as clicked:
        assert js_value(qtbot, map_view, "window.explorer.clickMarker(1)") is True
    assert clicked.args == [1]
    qtbot.waitUntil(lambda: "中创新航" in str(js_value(qtbot, map_view, _POPUP)), timeout=8000)
    assert js_value(qtbot, map_view, "window.explorer.clickMarker(2)") is False  # filtered out
    assert js_value(qtbot, map_view, "window.explorer.select(2)") is False
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.show_only(None)
    assert js_value(qtbot, map_view, "window.explorer.select(2)") is True


def test_a_mask_for_an_older_load_is_ignored(qtbot, map_view, events) -> None:
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events(events)
    stale = "window.explorer.showOnly({load: -5, mask: null, caption: ''})"
    assert js_value(qtbot, map_view, stale) == -1
    assert js_value(qtbot, map_view, "window.explorer.count()") == 3


def test_a_rebuilt_page_gets_the_events_and_the_subset_again(qtbot, map_view, events) -> None:
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events(events)
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.show_only([2, 3])
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=20000) as drawn:
        map_view.load_page()
    assert drawn.args == [2]
    assert js_value(qtbot, map_view, "window.explorer.loaded()") == 3


def test_bitmask_marks_the_loaded_rows_of_the_wanted_ids() -> None:
    loaded = np.array([2, 5, 7, 11, 12, 13, 14, 15, 40], dtype=np.int64)

    def rows(mask: str) -> list[int]:
        bits = np.unpackbits(np.frombuffer(base64.b64decode(mask), np.uint8), bitorder="little")
        return [int(i) for i in np.flatnonzero(bits)]

    wanted = np.array([40, 3, 7, 7, 99, -1, 2], dtype=np.int64)  # unsorted, repeated, unknown
    assert rows(_bitmask(loaded, wanted)) == [0, 2, 8]
    assert rows(_bitmask(loaded, np.array([], dtype=np.int64))) == []
    assert _bitmask(loaded, loaded[::-1].copy()) is None  # all: the page's kept index
    assert rows(_bitmask(np.empty(0, dtype=np.int64), wanted)) == []


def test_map_payload_columns_are_compact_and_in_id_order(events, make_event) -> None:
    later = make_event(
        id=9,
        type="award",
        date="2022-01-01",
        date_end="2022-03-31",
        date_precision="quarter",
        lat=22.0,
        lon=113.0,
    )
    ids, payload = map_payload([later, *reversed(events)], "en", "cap", load=7)
    assert ids.tolist() == [1, 2, 3, 9] and payload["load"] == 7 and payload["count"] == 4

    def column(name: str, dtype: str) -> list:
        return np.frombuffer(base64.b64decode(payload["columns"][name]), dtype).tolist()

    c, tables = payload["columns"], payload["tables"]
    assert payload["id_bytes"] == 4 and column("id", "<i4") == [1, 2, 3, 9]
    assert column("lat", "<i4") == [22_528_000, 22_766_700, 22_250_000, 22_000_000]
    types = [tables["type"][i] for i in column("type", "u1")]
    assert types == ["topping_out", "first_departure", "meeting", "award"]
    assert column("flags", "u1") == [2, 1, 0, 0]  # approximate, planned, neither, neither
    assert tables["place"][column("place", "<i4")[1]] == "江门北站"
    # How precisely each place is known, and its district: how close a selection zooms.
    assert [tables["geo"][i] for i in column("geo", "u1")] == ["district", "exact", None, None]
    assert {tables["district"][i] for i in column("district", "<i4")} == {"新会区"}
    assert np.frombuffer(base64.b64decode(c["date_end"]["rows"]), "<i4").tolist() == [3]
    assert c["date_end"]["values"] == ["2022-03-31"]  # only where it differs from date
    assert tables["when"][column("when", "<i4")[3]] == "Q1 2022"  # what the popup prints
    assert c["title"][2] == "<img src=x onerror=alert(1)>推介会"  # text, escaped by the page
    big, _payload = map_payload([replace(later, id=2**40)])
    assert _payload["id_bytes"] == 8 and big.tolist() == [2**40]


def test_calls_wait_for_ready_and_unknown_functions_are_refused(qtbot) -> None:
    sent: list[str] = []
    from explorer.gui.map.bridge import MapBridge

    bridge = MapBridge(sent.append)
    bridge.call("select", 5)
    assert sent == []
    bridge.receive(json.dumps({"kind": "ready"}))
    assert sent == ["window.explorer.select(5);"]
    with pytest.raises(ValueError):
        bridge.call("eval", "alert(1)")
    bridge.receive("not json")  # logged, ignored


def test_a_page_without_the_map_shows_a_clear_message(qtbot, tmp_path) -> None:
    view = MapView()
    qtbot.addWidget(view)
    empty = tmp_path / "blank.html"
    empty.write_text("<html><body>no map here</body></html>", encoding="utf-8")
    with qtbot.waitSignal(view.map_failed, timeout=20000) as failed:
        view.load(QUrl.fromLocalFile(str(empty)))
    assert "make setup" in failed.args[0]


def test_export_map_png_and_standalone_html(tmp_path, corpus_dir, capsys) -> None:
    from PySide6.QtGui import QImage

    from explorer.cli import main

    db = tmp_path / "m.sqlite3"
    assert main(["import", str(corpus_dir), "--db", str(db)]) == 0
    png, page = tmp_path / "snap.png", tmp_path / "snap.html"
    filters = ["--district", "新会区", "--from", "2022-01-01", "--to", "2022-12-31"]
    argv = ["export-map", "--db", str(db), "-o", str(png), "--width", "800", "--height", "600"]
    assert main([*argv, *filters]) == 0
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1600, 1200)  # 2× for print
    colours = {image.pixelColor(x, y).name() for x in range(0, 1600, 9) for y in range(0, 1200, 9)}
    assert len(colours) > 30  # basemap, labels, legend: not a blank page
    assert main(["export-map", "--db", str(db), "-o", str(page), *filters]) == 0
    text = page.read_text(encoding="utf-8")
    assert "2022-01-01 – 2022-12-31 · 新会区" in text
    assert 'src="http' not in text and 'href="http' not in text.replace(
        'href="https://leafletjs.com"', ""
    )
    assert main(["export-map", "--db", str(db), "-o", str(tmp_path / "x.jpg")]) == 2
    assert main(["export-map", "--db", str(db), "-o", "/nonexistent/dir/a.png"]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_events_at_one_place_fan_out(qtbot, map_view, make_event) -> None:
    same_spot = [
        make_event(
            id=100 + i,
            type="signing",
            date=f"2022-0{i + 1}-01",
            date_end=f"2022-0{i + 1}-01",
            lat=22.52806,
            lon=113.03111,
            geo_precision="district",
        )
        for i in range(6)
    ]
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events(same_spot)
    with qtbot.waitSignal(map_view.event_selected, timeout=5000) as clicked:
        assert js_value(qtbot, map_view, "window.explorer.clickMarker(104)") is True
    assert clicked.args == [104]
    legs = js_value(qtbot, map_view, "document.querySelectorAll('.ev-marker').length")
    assert legs == 6  # all six drawn around the spot, none hidden under another
