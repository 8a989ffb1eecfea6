"""The timeline dock: the lanes the user picks, and that the window remembers them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from explorer.core.filters import EventFilter
from explorer.core.vocabulary import DISTRICTS, EVENT_TYPES
from explorer.gui.settings import Settings


def test_choosing_district_lanes_shows_districts_and_a_new_window_keeps_them(
    qtbot, window, tmp_path
) -> None:
    from explorer.gui.main_window import MainWindow
    from explorer.gui.state import AppState

    buttons = window.timeline_panel.lane_buttons
    assert [b.text() for b in buttons.values()] == ["类型", "区县", "项目"]
    assert buttons["type"].isChecked()
    assert set(window.timeline.lane_rects()) <= set(EVENT_TYPES)

    qtbot.mouseClick(buttons["district"], Qt.MouseButton.LeftButton)
    assert buttons["district"].isChecked() and not buttons["type"].isChecked()
    lanes = set(window.timeline.lane_rects())
    assert "新会区" in lanes and lanes <= set(DISTRICTS) | {"—"}
    window.state.set_filter(
        EventFilter(date(2022, 1, 1), date(2022, 12, 31), frozenset({"新会区"}))
    )
    assert list(window.timeline.lane_rects()) == ["新会区"]  # a filter keeps the lanes

    window.close()  # as when the user quits
    again = MainWindow(AppState(window.state.conn), Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(again)
    again.state.reload()
    assert again.timeline_panel.lane_buttons["district"].isChecked()
    assert "新会区" in again.timeline.lane_rects()
    assert set(again.timeline.lane_rects()) <= set(DISTRICTS) | {"—"}


def test_project_lanes_in_english(qtbot, qapp, make_event) -> None:
    from explorer.gui import translations
    from explorer.gui.timeline.dock import TimelinePanel
    from explorer.gui.timeline.items import TimelineData
    from explorer.gui.timeline.view import TimelineView

    translations.install(qapp, "en")
    view = TimelineView(language="en")
    panel = TimelinePanel(view)
    qtbot.addWidget(panel)
    assert [b.text() for b in panel.lane_buttons.values()] == ["Type", "District", "Project"]
    days = [f"2022-03-0{i + 1}" for i in range(4)]
    events = [
        make_event(id=i + 1, subject=f"项目{i % 2}", date=day, date_end=day)
        for i, day in enumerate(days)
    ]
    view.set_events(TimelineData(events))
    with qtbot.waitSignal(panel.lane_mode_chosen) as chosen:
        qtbot.mouseClick(panel.lane_buttons["subject"], Qt.MouseButton.LeftButton)
    assert chosen.args == ["subject"]


def test_twelve_lanes_in_the_default_dock_are_all_reachable(qtbot, window, make_event) -> None:
    # Issue 17: the dock showed 3 of 12 lanes, with no scrollbar to reach the others.
    from explorer.gui.timeline.items import TimelineData

    events = [
        make_event(
            id=i + 1, type=kind, date=f"2022-{i + 1:02d}-15", date_end=f"2022-{i + 1:02d}-15"
        )
        for i, kind in enumerate(EVENT_TYPES)
    ]
    timeline = window.timeline
    qtbot.waitUntil(lambda: timeline.height() > 0)  # the docks take their sizes at first show
    timeline.set_events(TimelineData(events, "type"))
    shown = timeline.lanes_in_view()
    bar = timeline.lane_scrollbar
    assert len(shown) == 12 or (bar.isVisible() and bar.maximum() > 0)
    assert len(shown) >= 3
    timeline.select(len(EVENT_TYPES))  # the last lane's event, picked in the table
    assert EVENT_TYPES[-1] in timeline.lanes_in_view()


def test_the_window_exports_every_lane_with_title_and_caption(
    qtbot, window, make_event, tmp_path
) -> None:
    from explorer.gui.timeline.items import TimelineData
    from tests.gui.test_timeline_lanes import png_texts

    events = [
        make_event(
            id=i + 1, type=kind, date=f"2022-{i + 1:02d}-15", date_end=f"2022-{i + 1:02d}-15"
        )
        for i, kind in enumerate(EVENT_TYPES)
    ]
    qtbot.waitUntil(lambda: window.timeline.height() > 0)
    window.timeline.set_events(TimelineData(events, "type"))  # more lanes than fit, or not:
    window.export("timeline", tmp_path / "t.png")
    texts = png_texts(tmp_path / "t.png")
    assert len(texts["Lanes"].splitlines()) == 12
    assert texts["Title"].startswith("时间轴 · ") and texts["Description"] == "筛选：江门全市"
    window.export("timeline", tmp_path / "t.svg")
    svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert "筛选：江门全市" in svg and "会议" in svg  # the caption and the last lane
