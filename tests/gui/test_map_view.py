"""The map page in the app: offline, linked through the bridge, escaped, checked at load."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInterceptor

from explorer.gui.map.view import MapView

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


def _js(qtbot, view: MapView, script: str):
    results: list = []
    view.page().runJavaScript(f"JSON.stringify({script})", 0, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    return json.loads(results[0])


def test_page_makes_no_request_beyond_this_machine(qtbot, map_view, events) -> None:
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events(events)
    qtbot.wait(300)
    remote = [u for u in map_view.recorder.urls if QUrl(u).scheme() not in LOCAL_SCHEMES]
    assert map_view.recorder.urls, "the interceptor saw the page's own files"
    assert remote == []


def test_events_drawn_from_python_and_clicks_come_back(qtbot, map_view, events) -> None:
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000) as drawn:
        map_view.set_events(events)
    assert drawn.args == [3]  # the undated-place award has no coordinates
    with qtbot.waitSignal(map_view.event_selected, timeout=5000) as clicked:
        assert _js(qtbot, map_view, "window.explorer.clickMarker(2)") is True
    assert clicked.args == [2]


def test_popup_text_is_escaped(qtbot, map_view, events) -> None:
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000):
        map_view.set_events(events)
    popup = _js(qtbot, map_view, "window.explorer.popupText(3)")
    assert "&lt;img src=x onerror=alert(1)&gt;推介会" in popup
    assert "<img" not in popup


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
                _js(
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
    assert _js(qtbot, map_view, "window.explorer.count()") == 1


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
        assert _js(qtbot, map_view, "window.explorer.clickMarker(104)") is True
    assert clicked.args == [104]
    legs = _js(qtbot, map_view, "document.querySelectorAll('.ev-marker').length")
    assert legs == 6  # all six drawn around the spot, none hidden under another
