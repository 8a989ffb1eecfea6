"""The window as a new user meets it: filter, see, click, read the quote, remember."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox

from explorer.core.filters import EventFilter
from explorer.gui.settings import Settings

XINHUI_2022 = EventFilter(date(2022, 1, 1), date(2022, 12, 31), frozenset({"新会区"}))


def test_filter_updates_every_view_and_the_status_line(qtbot, window) -> None:
    state = window.state
    with qtbot.waitSignal(window.map.bridge.drawn, timeout=10000) as drawn:
        state.set_filter(XINHUI_2022)
    shown = state.visible
    assert shown and all(e.district == "新会区" for e in shown)
    assert window.table.model().rowCount() == len(shown)
    assert len(window.timeline._data) == sum(1 for e in shown if e.date)
    assert drawn.args == [sum(1 for e in shown if e.lat is not None)]
    assert window.status_line.text().startswith(f"{len(shown)} / {len(state.events)}")
    assert window.filters.current() == XINHUI_2022  # the panel shows the filter


def test_clicking_a_row_shows_the_quote_and_selects_everywhere(qtbot, window) -> None:
    state = window.state
    topping = next(e for e in state.events if e.type == "topping_out")
    row = next(
        r
        for r in range(window.table.model().rowCount())
        if window.table.model().index(r, 0).data(Qt.ItemDataRole.UserRole) == topping.id
    )
    window.table.selectRow(row)
    assert state.selected == topping.id
    text = window.details.toPlainText()
    assert "7月30日,中创新航江门基地项目举行一期M1主厂房封顶仪式。" in text
    assert "江门日报" in text and "2022年7月30日" in text
    assert "(日)" not in text  # a precision in brackets read as a weekday
    assert "本句所述日期" in text  # how sure the date is: the sentence states it
    assert window.timeline._selected == topping.id


def test_a_year_level_event_reads_as_its_year_in_the_detail_pane(qtbot, window) -> None:
    year = next(e for e in window.state.events if e.date_precision == "year")
    window.state.select(year.id)
    text = window.details.toPlainText()
    first = text.split("\n", 3)[2]  # the title, 日期, then the date row
    assert first.startswith(f"{year.date[:4]}年") and year.date not in text


def test_the_detail_pane_marks_a_year_it_inferred(qtbot) -> None:
    from explorer.gui.detail_pane import DetailPane
    from tests.conftest import new_event

    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_event(new_event(id=1, date="2022-07-30", date_end="2022-07-30",
                              date_inferred=True), None)  # fmt: skip
    text = pane.toPlainText()
    assert "2022年7月30日" in text and "年份为推断，原文未写明" in text
    pane.show_event(new_event(id=2, date="2022-07-30", date_end="2022-07-30"), None)
    assert "推断" not in pane.toPlainText()


def test_timeline_selection_reaches_the_table(qtbot, window) -> None:
    some = window.state.events[3]
    window.timeline.event_selected.emit(some.id)
    assert window.state.selected == some.id
    current = window.table.currentIndex()
    assert current.data(Qt.ItemDataRole.UserRole) == some.id


def test_filter_panel_edits_are_debounced_into_the_state(qtbot, window) -> None:
    with qtbot.waitSignal(window.state.visible_changed, timeout=3000):
        window.filters.text.setText("封顶")
    assert window.state.filter.text == "封顶"
    assert any(e.type == "topping_out" for e in window.state.visible)


def test_last_filter_and_layout_are_remembered(qtbot, window, tmp_path) -> None:
    window.state.set_filter(XINHUI_2022)
    window.close()
    assert Settings(tmp_path / "settings.ini").last_filter() == XINHUI_2022


def test_screenshot_command(tmp_path, capsys) -> None:
    from PySide6.QtGui import QImage

    from explorer.cli import main

    out = tmp_path / "window.png"
    argv = [
        "--db",
        str(tmp_path / "s.sqlite3"),
        "--screenshot",
        str(out),
        "--width",
        "1200",
        "--height",
        "800",
        "--district",
        "新会区",
    ]
    assert main(argv) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    colours = {image.pixelColor(x, y).name() for x in range(0, 1200, 9) for y in range(0, 800, 9)}
    assert len(colours) > 40


def test_first_launch_imports_the_bundled_corpus_once(tmp_path, capsys) -> None:
    import sqlite3

    from explorer.cli import main

    db = tmp_path / "first.sqlite3"
    for name in ("a.png", "b.png"):
        assert main(["--db", str(db), "--screenshot", str(tmp_path / name)]) == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 40


def test_exports_from_the_window(qtbot, window, tmp_path) -> None:
    window.state.set_filter(XINHUI_2022)
    for kind, name in [
        ("table", "e.csv"),
        ("table", "e.xlsx"),
        ("table", "e.geojson"),
        ("timeline", "t.png"),
        ("timeline", "t.svg"),
        ("html_map", "m.html"),
        ("png_map", "m.png"),
    ]:
        window.export(kind, tmp_path / name)
        assert (tmp_path / name).stat().st_size > 1000, name
    assert (tmp_path / "e.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def _articles(folder, count: int, template: str) -> None:
    folder.mkdir()
    for i in range(count):
        (folder / f"a{i}.txt").write_text(template.format(i=i, d=i % 28 + 1), encoding="utf-8")


def test_import_from_the_window_reloads_the_views(qtbot, window, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "show", lambda self: None)  # no report dialog in tests
    _articles(
        tmp_path / "new",
        3,
        "---\ntitle: 新项目{i}\ndate: 2023-05-0{d}\n---\n昨日,新项目{i}签约。\n",
    )
    before = len(window.state.events)
    with qtbot.waitSignal(window.state.events_changed, timeout=30000):
        window.start_import([str(tmp_path / "new")])
    assert window.last_import_report.documents == 3
    assert len(window.state.events) == before + 3


def test_cancelled_import_leaves_the_database_as_it_was(qtbot, window, tmp_path, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    _articles(tmp_path / "many", 200, "第{i}篇。2022年3月{d}日,项目{i}动工。")
    window.start_import([str(tmp_path / "many")])
    window.import_job.cancel()
    qtbot.waitUntil(lambda: bool(told), timeout=30000)
    assert window.last_import_report is None and "取消" in told[0]
    count = window.state.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert count == 5  # only the sample corpus: nothing of the cancelled batch


def test_detail_pane_lists_related_events_that_can_be_clicked(qtbot, window) -> None:
    state = window.state
    topping = next(e for e in state.events if e.type == "topping_out")
    state.select(topping.id)
    text = window.details.toPlainText()
    assert "同一项目" in text and "同一文章中的事件" in text
    production = next(
        e for e in state.events if e.type == "production_start" and e.subject == "中创新航江门基地"
    )
    assert production.title in text
    window.details.text.anchorClicked.emit(QUrl(f"event:{production.id}"))
    assert state.selected == production.id


def test_window_shows_at_once_and_loads_the_events_in_the_background(qtbot, tmp_path) -> None:
    from explorer.gui.app import open_window

    _app, window, state = open_window(tmp_path / "bg.sqlite3", tmp_path / "bg.ini")
    qtbot.addWidget(window)
    assert window.isVisible() and "载入" in window.status_line.text()
    with qtbot.waitSignal(window.map.bridge.drawn, timeout=30000):
        qtbot.waitUntil(lambda: bool(state.events), timeout=30000)
    stored = state.conn.execute("SELECT count(*) FROM events WHERE deleted = 0").fetchone()[0]
    assert len(state.events) == stored > 0
    assert window.status_line.text().startswith(f"{stored} / {stored}")


def _fully_shown(widget, window) -> bool:
    """``widget`` is visible, not trivially small, not clipped by its parents, and lies
    inside the window."""
    from PySide6.QtCore import QRect

    if not widget.isVisible() or widget.width() < 16 or widget.height() < 12:
        return False
    unclipped = widget.visibleRegion().boundingRect() == widget.rect()
    placed = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    return unclipped and window.rect().contains(placed)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_1366_by_768_window_shows_every_dock_usably(
    qtbot, qapp, window, tmp_path, language
) -> None:
    from explorer.gui import translations
    from explorer.gui.main_window import MainWindow

    window.close()
    # The first launch on a small laptop screen: no layout saved yet.
    settings = Settings(tmp_path / "first.ini")
    settings.language = language
    translations.install(qapp, language)  # English labels are wider
    small = MainWindow(window.state, settings)
    qtbot.addWidget(small)
    small.resize(1366, 768)
    small.show()
    qtbot.waitExposed(small)
    longest = max(window.state.events, key=lambda e: len(e.excerpt))
    window.state.select(longest.id)  # a long quote must scroll, not push the buttons away
    qtbot.wait(300)  # docks settle after the first show
    small.grab().save(str(tmp_path / f"window-1366x768-{language}.png"))
    assert small.size().width() == 1366 and small.size().height() == 768
    details = small.details
    for button in (details.article_button, details.edit_button, details.delete_button):
        assert _fully_shown(button, small), button.text()
    timeline = small.timeline
    assert _fully_shown(timeline, small)
    for mode, button in small.timeline_panel.lane_buttons.items():  # districts pack more spans
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        lanes = list(timeline.lane_rects().values())
        assert len(lanes) >= 3, mode
        for lane in lanes[:3]:
            assert timeline.rect().contains(lane.toAlignedRect()), (mode, lane, timeline.rect())


def _window_in(language: str, qtbot, qapp, conn, tmp_path):
    from explorer.gui import translations
    from explorer.gui.main_window import MainWindow
    from explorer.gui.state import AppState

    settings = Settings(tmp_path / f"{language}.ini")
    settings.language = language
    translations.install(qapp, language)
    speaking = MainWindow(AppState(conn), settings)
    qtbot.addWidget(speaking)
    speaking.state.reload()
    return speaking


@pytest.mark.parametrize(
    ("language", "signing", "occurred", "topping", "imported"),
    [
        ("en", "Signing", "occurred", "Topping-out · occurred", "Imported 3 documents"),
        ("zh", "签约", "已发生", "封顶 · 已发生", "已导入 3 个文档"),
    ],
)
def test_labels_and_the_import_report_speak_the_ui_language(
    qtbot, qapp, window, tmp_path, monkeypatch, language, signing, occurred, topping, imported
) -> None:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "show", lambda box: shown.append(box))
    window.close()
    speaking = _window_in(language, qtbot, qapp, window.state.conn, tmp_path)
    assert speaking.filters.types.item(0).text().startswith(f"{signing}  ")
    assert speaking.filters.statuses["occurred"].text() == occurred
    event = next(e for e in speaking.state.events if e.type == "topping_out")
    speaking.state.select(event.id)
    assert topping in speaking.details.toPlainText()

    _articles(
        tmp_path / "new",
        3,
        "---\ntitle: 新项目{i}\ndate: 2023-05-0{d}\n---\n昨日,新项目{i}签约。\n",
    )
    speaking.start_import([str(tmp_path / "new")])
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    report = shown[0].text()
    assert report.startswith(imported), report
    if language == "zh":
        assert "imported" not in report.lower() and "failed" not in report.lower()


def test_a_missing_translation_shows_english_labels_with_the_english_ui(
    qtbot, qapp, window, tmp_path, monkeypatch
) -> None:
    from explorer.gui import translations

    window.close()
    monkeypatch.setattr(translations, "compiled", lambda locale_name: None)
    speaking = _window_in("zh", qtbot, qapp, window.state.conn, tmp_path)  # saved choice: zh
    assert [a.text() for a in speaking.menuBar().actions()][:1] == ["File"]
    assert speaking.filters.types.item(0).text().startswith("Signing  ")
    assert speaking.details.edit_button.text() == "Correct…"
