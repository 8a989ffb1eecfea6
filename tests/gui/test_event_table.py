"""The events table as an analyst uses it: dates as known, sort by time, copy rows to a
spreadsheet, hide and reorder columns, export what the table shows."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from explorer.gui.event_table import SORT_ROLE, EventTable
from explorer.store.repository import Citation


@pytest.fixture
def events(make_event):
    return [
        make_event(id=1, date="2022-10-01", date_end="2022-10-01", subject="十月项目"),
        make_event(
            id=2,
            date="2022-01-01",
            date_end="2022-12-31",
            date_precision="year",
            subject="全年项目",
            amount_cny=5_000_000_000,
            excerpt="**全年**项目\n  签约。",
        ),
        make_event(id=3, date="2022-02-01", date_end="2022-02-01", subject="二月项目"),
        make_event(id=4, date=None, date_end=None, date_precision=None, subject="无日期"),
    ]


@pytest.fixture
def table(qtbot, events):
    view = EventTable(language="zh")
    view.set_citation_source(
        lambda ids: {i: Citation(f"文章{i}", "江门日报", "2022-12-30", "day", None) for i in ids}
    )
    qtbot.addWidget(view)
    view.set_events(events)
    view.resize(1200, 400)
    view.show()
    return view


def _column(view: EventTable, key: str) -> int:
    return view.model_.keys.index(key)


def _shown(view: EventTable, key: str) -> list[str]:
    model, column = view.model(), _column(view, key)
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_columns_are_the_citation_columns_in_chinese(table) -> None:
    model = table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "日期",
        "类型",
        "状态",
        "项目",
        "地点",
        "区县",
        "金额(亿元)",
        "摘录",
        "文章标题",
        "媒体",
        "发布日期",
        "URL",
    ]
    row = table.model_.row_of(2)
    assert table.model_.shown(table.model_.events[row], "type") == "签约"
    assert table.model_.shown(table.model_.events[row], "status") == "已发生"
    assert table.model_.shown(table.model_.events[row], "article_title") == "文章2"
    assert table.model_.shown(table.model_.events[row], "excerpt") == "全年项目签约。"


def test_a_year_level_event_shows_its_year(table) -> None:
    assert "2022年" in _shown(table, "date")
    assert "2022-01-01" not in " ".join(_shown(table, "date"))
    assert "2022年10月1日" in _shown(table, "date")


def test_sorting_by_date_follows_the_interval_not_the_text(table) -> None:
    table.sortByColumn(_column(table, "date"), Qt.SortOrder.AscendingOrder)
    # As text, 2022年10月1日 would come before 2022年2月1日.
    assert _shown(table, "date") == ["2022年", "2022年2月1日", "2022年10月1日", ""]
    table.sortByColumn(_column(table, "date"), Qt.SortOrder.DescendingOrder)
    # The undated event stays last: missing values never head a sort.
    assert _shown(table, "date") == ["2022年10月1日", "2022年2月1日", "2022年", ""]
    index = table.model().index(0, _column(table, "date"))
    assert index.data(SORT_ROLE) == "2022-10-01/2022-10-01"


def test_sorting_by_amount_compares_numbers(table, make_event) -> None:
    table.set_events(
        [make_event(id=i, amount_cny=a) for i, a in ((1, 9 * 10**8), (2, 10**10), (3, None))]
    )
    table.sortByColumn(_column(table, "amount"), Qt.SortOrder.AscendingOrder)
    assert _shown(table, "amount") == ["9", "100", ""]  # as text, "100" < "9"


def test_ctrl_c_copies_the_selected_rows_as_tab_separated_lines(qtbot, table) -> None:
    table.sortByColumn(_column(table, "date"), Qt.SortOrder.AscendingOrder)
    QApplication.clipboard().clear()
    flags = table.selectionModel().SelectionFlag
    table.selectionModel().select(table.model().index(0, 0), flags.Select | flags.Rows)
    table.selectionModel().select(table.model().index(2, 0), flags.Select | flags.Rows)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    assert len(lines) == 2
    first, second = (line.split("\t") for line in lines)
    assert len(first) == len(second) == table.model().columnCount()
    assert first[:4] == ["2022年", "签约", "已发生", "全年项目"]
    assert first[6] == "50" and first[7] == "全年项目签约。"  # no markup, no line break
    assert second[0] == "2022年10月1日"


def test_article_text_is_inert_in_tooltips_and_in_copied_rows(qtbot, table, make_event) -> None:
    table.set_events([make_event(id=1, subject="=HYPERLINK(\"http://x\")",
                                 excerpt="<img src=x onerror=alert(1)>签约")])  # fmt: skip
    tip = table.model().index(0, _column(table, "excerpt")).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img src=x" in tip and "<img" not in tip  # rich text, escaped
    table.selectRow(0)
    cells = table.selected_text().split("\t")
    assert cells[_column(table, "project")].startswith("'=HYPERLINK")  # no live formula


def test_copy_follows_hidden_and_moved_columns(table) -> None:
    table.set_column_visible("excerpt", False)
    header = table.horizontalHeader()
    header.moveSection(header.visualIndex(_column(table, "project")), 0)
    table.selectRow(0)
    (line,) = table.selected_text().splitlines()
    assert table.visible_columns()[:2] == ["project", "date"]
    assert "excerpt" not in table.visible_columns()
    assert len(line.split("\t")) == table.model().columnCount() - 1


def test_the_header_menu_hides_and_shows_columns(table) -> None:
    menu = table.column_menu()
    checks = {a.text(): a for a in menu.actions() if a.isCheckable()}
    assert all(a.isChecked() for a in checks.values())
    checks["URL"].setChecked(False)
    assert "url" not in table.visible_columns()
    table.column_menu().actions()[-1].trigger()  # 显示全部列
    assert "url" in table.visible_columns()


def test_the_window_s_export_follows_the_table(qtbot, window, tmp_path) -> None:
    table = window.table
    table.sortByColumn(_column(table, "amount"), Qt.SortOrder.DescendingOrder)
    table.set_column_visible("excerpt", False)
    header = table.horizontalHeader()
    header.moveSection(header.visualIndex(_column(table, "media")), 0)
    window.export("table", tmp_path / "e.csv")
    with (tmp_path / "e.csv").open(encoding="utf-8-sig", newline="") as handle:
        headers, *cells = list(csv.reader(handle))
    rows = [dict(zip(headers, row, strict=True)) for row in cells]
    assert headers[:3] == ["媒体", "日期", "类型"] and "摘录" not in headers
    assert "id" in headers and "date_start" in headers  # the machine columns come along
    assert [int(r["id"]) for r in rows] == [e.id for e in table.shown_events()]
    amounts = [float(r["金额(亿元)"]) for r in rows if r["金额(亿元)"]]
    assert amounts == sorted(amounts, reverse=True) and len(amounts) > 1
    assert any(r["媒体"] == "江门日报" for r in rows)


def test_hidden_moved_columns_and_the_sort_come_back_next_time(qtbot, tmp_path) -> None:
    from explorer.gui.main_window import MainWindow
    from explorer.gui.settings import Settings
    from explorer.gui.state import AppState

    settings_path = tmp_path / "settings.ini"
    first = MainWindow(AppState(), Settings(settings_path))
    qtbot.addWidget(first)
    table = first.table
    table.set_column_visible("url", False)
    header = table.horizontalHeader()
    header.moveSection(header.visualIndex(_column(table, "amount")), 0)
    table.sortByColumn(_column(table, "amount"), Qt.SortOrder.DescendingOrder)
    first.close()
    again = MainWindow(AppState(), Settings(settings_path))
    qtbot.addWidget(again)
    assert again.table.visible_columns()[0] == "amount"
    assert "url" not in again.table.visible_columns()
    restored = again.table.horizontalHeader()
    assert restored.sortIndicatorSection() == _column(table, "amount")
    assert restored.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
