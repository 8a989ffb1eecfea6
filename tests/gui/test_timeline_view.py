"""The timeline widget as a user drives it: zoom, pan, brush, click, keys, playback, export."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from explorer.gui.timeline.items import TimelineData
from explorer.gui.timeline.scale import fit, to_day
from explorer.gui.timeline.view import AXIS_HEIGHT, HEADER_WIDTH, POINT_ROW, TimelineView


@pytest.fixture
def events(make_event):
    def event(i, kind, start, end, precision, status="occurred"):
        return make_event(
            id=i,
            type=kind,
            date=start,
            date_end=end,
            date_precision=precision,
            status=status,
            subject="中创新航江门基地",
            place="凤山湖园区",
        )

    return [
        event(10, "signing", "2022-01-01", "2022-01-31", "month"),
        event(11, "groundbreaking", "2022-03-10", "2022-03-10", "day"),
        event(12, "topping_out", "2022-07-30", "2022-07-30", "day"),
        event(13, "production_start", "2023-01-01", "2023-03-31", "quarter", "planned"),
    ]


@pytest.fixture
def view(qtbot, events):
    widget = TimelineView()
    qtbot.addWidget(widget)
    widget.resize(1000, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_events(TimelineData(events, "subject"))
    return widget


def _point_of(view: TimelineView, day: date) -> QPoint:
    x = view.viewport.x(to_day(day) + 0.5)
    return QPoint(round(x), int(AXIS_HEIGHT + POINT_ROW / 2))


def test_clicking_a_glyph_selects_its_event(qtbot, view) -> None:
    with qtbot.waitSignal(view.event_selected) as picked:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_point_of(view, date(2022, 7, 30)))
    assert picked.args == [12]
    assert "2022年7月30日" in view.tooltip_for(12) and "封顶" in view.tooltip_for(12)
    assert "2022-07-30" not in view.tooltip_for(12)  # dates through date_labels


def test_keyboard_walks_events_in_time(qtbot, view) -> None:
    view.select(11)
    picked: list[int] = []
    view.event_selected.connect(picked.append)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Left)  # stays on the first event
    assert picked == [12, 11, 10, 10]


def test_wheel_and_keys_zoom_around_the_cursor_and_zero_fits(qtbot, view) -> None:
    before = view.viewport
    anchor = QPointF(HEADER_WIDTH + 300, 100)
    anchor_day = before.day_at(anchor.x())
    wheel = QWheelEvent(
        anchor,
        view.mapToGlobal(anchor),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    view.wheelEvent(wheel)
    assert view.viewport.span < before.span
    assert view.viewport.day_at(anchor.x()) == pytest.approx(anchor_day)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.viewport.span > before.span
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert view.viewport.start == pytest.approx(before.start)


def test_drag_pans(qtbot, view) -> None:
    start = view.viewport.start
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(600, 300))
    qtbot.mouseMove(view, QPoint(700, 300))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(700, 300))
    assert view.viewport.start < start  # dragged right: earlier dates come into view


def test_shift_drag_brushes_a_date_range(qtbot, view) -> None:
    vp = view.viewport
    left, right = int(vp.x(to_day(date(2022, 3, 1)))), int(vp.x(to_day(date(2022, 8, 1))))
    changing = []
    view.range_changing.connect(lambda a, b: changing.append((a, b)))
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, shift, QPoint(left, 300))
    qtbot.mouseMove(view, QPoint((left + right) // 2, 300))
    with qtbot.waitSignal(view.range_changed) as done:
        qtbot.mouseMove(view, QPoint(right, 300))
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, shift, QPoint(right, 300))
    assert changing, "range_changing is emitted while dragging"
    low, high = done.args
    assert abs((low - date(2022, 3, 1)).days) <= 2 and abs((high - date(2022, 8, 1)).days) <= 2


def test_month_and_quarter_events_are_brackets_over_their_period_not_days(qtbot, view) -> None:
    # Was: "drawn as spans" (filled bars, which read as durations); issue 17 made periods
    # open brackets and kept the check that no day glyph is made up for them.
    image = view.grab().toImage()
    vp = view.viewport
    y_point = int(AXIS_HEIGHT + POINT_ROW / 2) - 4  # above the lifeline, inside a glyph
    mid_january = int(vp.x(to_day(date(2022, 1, 16))))
    # No day glyph for the month-precise signing on the point row...
    assert image.pixelColor(mid_january, y_point).name() == "#ffffff"
    # ...but a bracket across January below it, and one across the planned quarter.
    january, quarter = view.marks[10], view.marks[13]
    assert (january.kind, quarter.kind) == ("bracket", "bracket")
    assert january.rect.left() == pytest.approx(vp.x(to_day(date(2022, 1, 1))), abs=1)
    assert january.rect.right() == pytest.approx(vp.x(to_day(date(2022, 2, 1))), abs=1)
    assert january.rect.top() >= AXIS_HEIGHT + POINT_ROW
    assert view.marks[11].kind == "glyph" and view.marks[12].kind == "glyph"


def test_dense_lanes_aggregate_then_break_out_when_zoomed(qtbot, view, make_event) -> None:
    days = [f"{2000 + i % 20}-0{1 + i % 9}-1{i % 9}" for i in range(3000)]
    many = [
        make_event(id=100 + i, type="meeting", date=day, date_end=day, subject="会议")
        for i, day in enumerate(days)
    ]
    view.set_events(TimelineData(many, "type"))
    assert view.aggregated_lanes() == {"meeting"}
    view.set_viewport(fit(to_day(date(2010, 3, 10)), to_day(date(2010, 3, 20)), 800, HEADER_WIDTH))
    assert view.aggregated_lanes() == set()
    point = view.viewport.x(to_day(date(2010, 3, 12)) + 0.5)
    assert view.event_at(point, AXIS_HEIGHT + POINT_ROW / 2) is not None


def test_playback_drives_the_date_range(qtbot, view) -> None:
    with qtbot.waitSignal(view.range_changed, timeout=2000) as step:
        view.play(speed_days_per_second=3000)
    low, high = step.args
    assert low == date(2022, 1, 1) and high >= low
    assert view.playing
    with qtbot.waitSignal(view.playing_changed, timeout=5000) as stopped:
        pass
    assert stopped.args == [False]


def test_export_png_and_svg(qtbot, view, tmp_path) -> None:
    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    drawn = view.export_png(png, scale=2)
    view.export_svg(svg)
    image = QImage(str(png))
    # As wide as the view and as tall as its one lane, title and legend need (it was the
    # view's own size, 2000×800, whatever the lanes: issue 17).
    assert (image.width(), image.height()) == drawn.size
    assert image.width() == 2000 and len(drawn.lanes) == 1
    w, h = image.width(), image.height()
    colours = {image.pixelColor(x, y).name() for x in range(0, w, 7) for y in range(0, h, 7)}
    assert len(colours) > 10  # lanes, glyphs, text: not a blank page
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text


def test_svg_of_a_subject_with_control_characters_is_well_formed(qtbot, view, events, tmp_path):
    # QSvgGenerator writes a lane's name as it is; ESC or NUL from a page made the SVG
    # unreadable XML. The markup in it stays text.
    import xml.etree.ElementTree as ET

    hostile = replace(events[0], subject="<script>x</script>\x1b\x00项目")
    view.set_events(TimelineData([hostile], "subject"))
    view.export_svg(tmp_path / "t.svg")
    root = ET.parse(tmp_path / "t.svg").getroot()
    texts = "".join(e.text or "" for e in root.iter() if e.tag.endswith("text"))
    assert "<script>x</script>\ufffd\ufffd项目" in texts
    assert not [e for e in root.iter() if e.tag.endswith("script")]


def test_lane_modes_and_empty_state(qtbot, view, events) -> None:
    view.set_lane_mode("type")
    assert [lane.key for lane in view._data.lanes][:2] == ["signing", "groundbreaking"]
    view.set_events(TimelineData([replace(events[0], date=None)]))
    image = view.grab().toImage()
    assert not image.isNull()


def test_export_timeline_command(tmp_path, corpus_dir, capsys) -> None:
    from explorer.cli import main

    db = tmp_path / "t.sqlite3"
    assert main(["import", str(corpus_dir), "--db", str(db)]) == 0
    out = tmp_path / "lifelines.png"
    argv = [
        "export-timeline",
        "--db",
        str(db),
        "-o",
        str(out),
        "--lanes",
        "subject",
        "--district",
        "新会区",
        "--from",
        "2022-01-01",
        "--to",
        "2023-12-31",
        "--scale",
        "1",
    ]
    assert main(argv) == 0
    assert "lanes)" in capsys.readouterr().out
    image = QImage(str(out))
    # 1600 wide and as tall as the lanes need: this filter's many projects were cut to a
    # 700 px picture before issue 17.
    assert image.width() == 1600 and image.height() > 700
    assert main(["export-timeline", "--db", str(db), "-o", str(tmp_path / "t.svg")]) == 0
    svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert svg.count("<circle") + svg.count("<rect") > 20 and "<text" in svg
    assert main(["export-timeline", "--db", str(db), "-o", str(tmp_path / "t.gif")]) == 2


def test_pinch_zooms(qtbot, view) -> None:
    from PySide6.QtGui import QNativeGestureEvent, QPointingDevice

    before = view.viewport.span
    position = QPointF(HEADER_WIDTH + 200, 100)
    pinch = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        QPointingDevice.primaryPointingDevice(),
        2,
        position,
        position,
        view.mapToGlobal(position),
        0.5,
        QPointF(0, 0),
        0,
    )
    QApplication.sendEvent(view, pinch)
    assert view.viewport.span == pytest.approx(before / 1.5)


def test_tooltips_show_article_text_as_text(qtbot, make_event) -> None:
    from explorer.gui.timeline.items import TimelineData
    from explorer.gui.timeline.view import TimelineView

    view = TimelineView()
    qtbot.addWidget(view)
    view.set_events(TimelineData([make_event(id=1, title="<img src='x'><h1>假消息</h1>")]))
    tip = view.tooltip_for(1)
    assert "&lt;img" in tip and "<img" not in tip


def test_a_tick_label_the_right_edge_would_cut_is_left_out(qtbot, view) -> None:
    """ "2023" of a cut 2023年 says nothing (the briefing's timeline ended on one)."""
    from explorer.gui.timeline.scale import ticks

    start = view.viewport
    for shift in range(200):  # pan until the last tick sits 8–20 px from the right edge
        view._viewport = start.panned(shift)
        last = max(view.viewport.x(t.day) for t in ticks(view.viewport))
        if view.width() - 20 <= last <= view.width() - 8:
            break
    else:
        pytest.fail("no pan puts a tick by the edge")
    image = view.grab().toImage()
    band = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(view.width() - 4, view.width())
        for y in range(4, AXIS_HEIGHT - 8)
    ]
    assert min(band) > 150  # no glyph strokes in the last pixels of the axis labels
