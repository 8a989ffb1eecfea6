"""Issue 17 as a user meets it: honest period marks, every lane reachable, whole exports."""

from __future__ import annotations

import struct
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from explorer.core.vocabulary import EVENT_TYPES, TYPE_LABELS
from explorer.export.timeline_page import timeline_page
from explorer.gui.timeline.items import TimelineData
from explorer.gui.timeline.layout import COMPACT
from explorer.gui.timeline.scale import to_day
from explorer.gui.timeline.view import HEADER_WIDTH, TimelineView


def png_texts(path: Path) -> dict[str, str]:
    """The iTXt chunks of a PNG file, by keyword."""
    data, texts, at = path.read_bytes(), {}, 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            texts[key.decode("latin-1")] = rest[4:].decode("utf-8")  # flags, language, key
        at += 12 + length
    return texts


@pytest.fixture
def twelve_lanes(make_event):
    """Events of all twelve types, one lane each by type; a year-level signing (id 1)."""
    events = [
        make_event(id=1, type="signing", date="2022-01-01", date_end="2022-12-31",
                   date_precision="year", subject="中创新航江门基地"),
        make_event(id=2, type="signing", date="2022-07-30", date_end="2022-07-30"),
        make_event(id=3, type="groundbreaking", date="2023-01-01", date_end="2023-03-31",
                   date_precision="quarter", status="planned"),
    ]  # fmt: skip
    for i, kind in enumerate(EVENT_TYPES):
        day = f"2022-{i + 1:02d}-15"
        events.append(make_event(id=100 + i, type=kind, date=day, date_end=day))
    return events


@pytest.fixture
def default_view(qtbot, twelve_lanes):
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1000, view.sizeHint().height())  # the dock's default height
    view.show()
    qtbot.waitExposed(view)
    view.set_events(TimelineData(twelve_lanes, "type"))
    return view


def test_a_year_event_tooltip_says_the_year_not_a_day(default_view) -> None:
    tip = default_view.tooltip_for(1)
    assert "2022年" in tip and "2022-01-01" not in tip and "1月1日" not in tip
    assert "预计2023年第一季度" in default_view.tooltip_for(3)  # planned, a quarter


def test_a_year_event_is_a_labelled_bracket_over_its_year(qtbot, make_event) -> None:
    year = make_event(id=1, date="2022-01-01", date_end="2022-12-31", date_precision="year")
    day = make_event(id=2, date="2022-07-30", date_end="2022-07-30")
    planned = make_event(id=3, date="2022-03-01", date_end="2022-03-01", status="planned")
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1000, 300)
    view.show()
    qtbot.waitExposed(view)
    view.set_events(TimelineData([year, day, planned], "type"))
    image = view.grab().toImage()
    mark, vp = view.marks[1], view.viewport
    assert mark.kind == "bracket" and mark.label == "2022年"
    assert mark.rect.left() == pytest.approx(vp.x(to_day(date(2022, 1, 1))), abs=1)
    assert mark.rect.right() == pytest.approx(vp.x(to_day(date(2023, 1, 1))), abs=1)
    assert (view.marks[2].kind, view.marks[3].kind) == ("glyph", "hollow")
    # Open, not a duration bar: inside the bracket, away from its label, is background.
    inside = (int(mark.rect.left() + 20), int(mark.rect.center().y()))
    assert image.pixelColor(*inside).name() == "#ffffff"


def test_twelve_lanes_at_the_default_size_scroll_visibly(qtbot, default_view) -> None:
    view = default_view
    shown = view.lanes_in_view()
    assert len(view.lane_rects()) == 12
    if len(shown) < 12:  # fit down to the readable minimum, then a scrollbar
        assert view.density == COMPACT
        bar = view.lane_scrollbar
        assert bar.isVisible() and bar.width() > 0 and bar.height() > 50
        assert view.rect().contains(bar.geometry())
        bar.setValue(bar.maximum())
        assert view.lanes_in_view()[-1] == EVENT_TYPES[-1]
    heights = [rect.height() for rect in view.lane_rects().values()]
    assert min(heights) >= COMPACT.point_row  # still readable


def test_twelve_lanes_fit_without_a_scrollbar_when_there_is_room(qtbot, default_view) -> None:
    default_view.resize(1000, 800)
    qtbot.waitUntil(lambda: len(default_view.lanes_in_view()) == 12, timeout=2000)
    assert not default_view.lane_scrollbar.isVisible()


def test_selecting_an_event_in_a_hidden_lane_scrolls_it_into_view(qtbot, default_view) -> None:
    view = default_view
    last = EVENT_TYPES[-1]
    assert last not in view.lanes_in_view()
    view.select(100 + len(EVENT_TYPES) - 1)  # from the table or the map
    assert last in view.lanes_in_view()
    assert view.lane_scrollbar.value() > 0
    view.grab()
    assert view.marks[100 + len(EVENT_TYPES) - 1].kind == "glyph"  # drawn, not just scrolled
    view.select(1)  # back up to the first lane
    assert view.lanes_in_view()[0] == "signing"


def test_an_exported_timeline_has_every_lane_a_title_and_a_legend(
    qtbot, default_view, twelve_lanes, tmp_path
) -> None:
    view = default_view
    assert len(view.lanes_in_view()) < 12  # the dock shows some; the export shows all
    path = tmp_path / "t.png"
    page = timeline_page(twelve_lanes, None, "zh")
    drawn = view.export_png(path, scale=1, page=page)
    headers = [TYPE_LABELS[t][0] for t in EVENT_TYPES]
    assert [lane.split()[0] for lane in drawn.lanes] == headers
    texts = png_texts(path)
    assert texts["Lanes"].splitlines() == list(drawn.lanes)
    assert texts["Title"].startswith("时间轴") and texts["Description"] == "筛选：江门全市"
    for label in (*headers, "空心/虚线：计划", "括号：所述时期（年/半年/季度/月），不是工期"):
        assert label in drawn.legend
    image = QImage(str(path))
    assert (image.width(), image.height()) == drawn.size
    x, y, _w, h = drawn.lane_rects[-1]
    assert y + h <= image.height()  # the last lane is on the picture...
    ink = sum(
        image.pixelColor(px, py).lightness() < 128
        for px in range(int(x), int(x) + HEADER_WIDTH)
        for py in range(int(y), int(y + h))
    )
    assert ink > 20  # ...and its header is written there


def test_export_timeline_command_in_english_has_every_lane(
    qtbot, twelve_lanes, tmp_path, monkeypatch, capsys
) -> None:
    from explorer import cli

    monkeypatch.setattr(cli, "_filtered_events", lambda args: twelve_lanes)
    out = tmp_path / "t.png"
    argv = ["export-timeline", "-o", str(out), "--language", "en", "--scale", "1"]
    assert cli.main([*argv, "--height", "300"]) == 0
    assert "12 lanes" in capsys.readouterr().out
    texts = png_texts(out)
    assert texts["Lanes"].splitlines()[0].startswith("Signing")
    assert len(texts["Lanes"].splitlines()) == 12
    assert texts["Title"].startswith("Timeline") and texts["Description"].startswith("Filter:")
    assert QImage(str(out)).height() > 300  # --height is the least: never cut to it


def test_the_wheel_over_the_lane_names_and_page_down_scroll_the_lanes(qtbot, default_view) -> None:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent

    view = default_view
    span = view.viewport.span
    at = QPointF(40, 120)  # over the lane names
    wheel = QWheelEvent(
        at,
        view.mapToGlobal(at),
        QPoint(0, 0),
        QPoint(0, -240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    view.wheelEvent(wheel)
    assert view.lane_scrollbar.value() > 0 and view.viewport.span == span  # no zoom
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.lane_scrollbar.value() == 0
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.lane_scrollbar.value() > 0
    # Alt+wheel over the marks scrolls the lanes too: Qt hands the turn over in x then.
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    inside = QPointF(600, 120)
    alt_wheel = QWheelEvent(
        inside,
        view.mapToGlobal(inside),
        QPoint(0, 0),
        QPoint(-240, 0),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.AltModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    view.wheelEvent(alt_wheel)
    assert view.lane_scrollbar.value() > 0 and view.viewport.span == span
