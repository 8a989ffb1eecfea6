"""Curation from the window: correct, delete, merge, undo; and the full article."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog

from explorer.store import repository


def _topping(window):
    return next(e for e in window.state.events if e.type == "topping_out")


def test_correcting_an_event_updates_every_view_and_is_stored(qtbot, window) -> None:
    state = window.state
    topping = _topping(window)
    state.select(topping.id)
    window.details.edit_button.click()
    dialog = window.curation.edit_dialog
    dialog.type.setCurrentIndex(dialog.type.findData("completion"))
    dialog.date.setText("2022-08-10")
    dialog.precision.setCurrentIndex(dialog.precision.findData("month"))
    assert dialog.interval.text() == "2022-08-01 – 2022-08-31"
    dialog.district.setCurrentIndex(dialog.district.findData("江海区"))
    dialog.accept()

    corrected = state.event_by_id(topping.id)
    assert (corrected.type, corrected.date, corrected.date_end) == (
        "completion",
        "2022-08-01",
        "2022-08-31",
    )
    assert corrected.district == "江海区" and corrected.edited
    assert corrected.edited_by == window.settings.user_name
    assert "已人工修订" in window.details.toPlainText()  # the pane shows the corrected event
    stored = next(e for e in repository.load_events(state.conn) if e.id == topping.id)
    assert stored == corrected

    window.curation.undo_action.trigger()
    assert state.event_by_id(topping.id) == topping
    window.curation.redo_action.trigger()
    assert state.event_by_id(topping.id).type == "completion"


def test_a_bad_date_keeps_the_dialog_open(qtbot, window) -> None:
    topping = _topping(window)
    window.curation.edit_event(topping.id)
    dialog = window.curation.edit_dialog
    dialog.date.setText("2022-13-45")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "不是日期" in dialog.error.text()
    assert window.state.event_by_id(topping.id) == topping


def test_choosing_a_gazetteer_place_brings_its_district_and_coordinates(qtbot, window) -> None:
    topping = _topping(window)
    window.curation.edit_event(topping.id)
    dialog = window.curation.edit_dialog
    name, _district, lat, _lon, precision = next(
        p for p in repository.place_names(window.state.conn) if p[1] == "台山市" and p[2]
    )
    dialog.place.setCurrentText(name)
    assert dialog.district.currentData() == "台山市"
    assert dialog.changes()["lat"] == lat and dialog.changes()["geo_precision"] == precision


def test_delete_hides_the_event_everywhere_and_undo_brings_it_back(qtbot, window) -> None:
    state = window.state
    topping = _topping(window)
    shown = len(state.visible)
    state.select(topping.id)
    window.details.delete_button.click()
    assert state.event_by_id(topping.id) is None and len(state.visible) == shown - 1
    assert window.table.model().rowCount() == shown - 1
    assert state.selected is None and "Ctrl+Z" in window.statusBar().currentMessage()
    window.curation.undo_action.trigger()
    assert state.event_by_id(topping.id) == topping and len(state.visible) == shown


def test_merge_two_rows_of_the_table(qtbot, window) -> None:
    state = window.state
    table = window.table
    flags = table.selectionModel().SelectionFlag
    table.selectionModel().setCurrentIndex(
        table.model().index(0, 0), flags.ClearAndSelect | flags.Rows
    )
    # Ctrl+click on a second row: it becomes current (and selected everywhere), the first
    # row stays selected.
    table.selectionModel().setCurrentIndex(table.model().index(1, 0), flags.Select | flags.Rows)
    assert state.selected == table.model().index(1, 0).data(Qt.ItemDataRole.UserRole)
    keep, drop = table.selected_ids()
    window.curation.merge_selected()
    assert state.event_by_id(drop) is None and state.event_by_id(keep).edited
    window.curation.undo_action.trigger()
    assert state.event_by_id(drop) is not None


def test_merge_link_in_the_detail_pane(qtbot, window) -> None:
    state = window.state
    topping = _topping(window)
    other = next(e for e in state.events if e.id != topping.id)
    state.select(topping.id)
    window.details.text.anchorClicked.emit(QUrl(f"merge:{other.id}"))
    assert state.event_by_id(other.id) is None and state.selected == topping.id


def test_full_article_highlights_all_its_events(qtbot, window) -> None:
    state = window.state
    topping = _topping(window)
    state.select(topping.id)
    window.details.article_button.click()
    dialog = window.curation.article_dialog
    text = dialog.text.toPlainText()
    same_article = [e for e in state.events if e.document == topping.document]
    assert topping.excerpt in text
    html = dialog.text.toHtml()
    assert f"event:{topping.id}" in html
    others = [e for e in same_article if e.excerpt in text and e.id != topping.id]
    assert all(f"event:{e.id}" in html for e in others)
    if others:
        dialog.text.anchorClicked.emit(QUrl(f"event:{others[0].id}"))
        assert state.selected == others[0].id


def test_keyboard_steps_through_events_in_time_order(qtbot, window) -> None:
    state = window.state
    dated = [e for e in state.visible if e.date]
    state.select(dated[0].id)
    state.step(1)
    assert state.selected == state.visible[1].id
    state.step(-5)
    assert state.selected == state.visible[0].id


def test_the_window_speaks_english_when_asked(qtbot, qapp, tmp_path) -> None:
    from explorer.gui import translations
    from explorer.gui.main_window import MainWindow
    from explorer.gui.settings import Settings
    from explorer.gui.state import AppState

    settings = Settings(tmp_path / "en.ini")
    settings.language = "en"
    translations.install(qapp, settings.language)
    window = MainWindow(AppState(), settings)
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:3] == ["File", "Edit", "Export"]
    assert window.details.edit_button.text() == "Correct…"
    assert window.table.model().headerData(0, Qt.Orientation.Horizontal) == "Date"

    translations.install(qapp, "zh")
    chinese = MainWindow(AppState(), Settings(tmp_path / "zh.ini"))
    qtbot.addWidget(chinese)
    assert [a.text() for a in chinese.menuBar().actions()][:3] == ["文件", "编辑", "导出"]
    assert chinese.details.edit_button.text() == "修订…"


def test_preferences_choose_the_language_and_the_name_corrections_carry(
    qtbot, window, monkeypatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    window.preferences.language_actions["en"].trigger()
    assert window.settings.language == "en" and "Restart" in window.statusBar().currentMessage()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("王芳", True))
    preferences = next(a for a in window.menuBar().actions() if a.text() == "设置")
    name_action = next(a for a in preferences.menu().actions() if "署名" in a.text())
    name_action.trigger()
    assert window.settings.user_name == "王芳"
    topping = _topping(window)
    window.state.delete(topping.id, "delete")
    assert window.state.history_of(topping.id)[-1].who == "王芳"


def test_ok_without_changes_changes_nothing_even_for_a_date_range(qtbot, window) -> None:
    from dataclasses import replace

    from explorer.gui.edit_dialog import EventEditDialog

    topping = _topping(window)
    ranged = replace(topping, date="2023-02-18", date_end="2023-02-20")
    dialog = EventEditDialog(ranged, [], window)
    qtbot.addWidget(dialog)
    assert dialog.changes() == {}
    assert dialog.interval.text() == "2023-02-18 – 2023-02-20"
    dialog.status.setCurrentIndex(dialog.status.findData("planned"))
    assert dialog.changes() == {"status": "planned"}


def test_an_empty_title_keeps_the_dialog_open_with_the_other_changes(qtbot, window) -> None:
    topping = _topping(window)
    window.curation.edit_event(topping.id)
    dialog = window.curation.edit_dialog
    dialog.status.setCurrentIndex(dialog.status.findData("planned"))
    dialog.title.setText("  ")
    dialog.accept()
    assert dialog.isVisible() and "标题" in dialog.error.text()
    assert window.state.event_by_id(topping.id) == topping


def test_links_from_articles_cannot_act_and_bad_links_do_not_crash(qtbot, window) -> None:
    from explorer.gui.detail_pane import _origin
    from explorer.store.sources import EventSource

    spoof = EventSource("d", "<b>标题</b>", None, None, "merge:5", "段落", (0, 2))
    html = _origin(spoof)
    assert "merge:5" not in html and "&lt;b&gt;" in html
    state = window.state
    state.select(_topping(window).id)
    count = len(state.events)
    window.details.text.anchorClicked.emit(QUrl("event:abc"))
    window.details.text.anchorClicked.emit(QUrl("merge:abc"))
    assert len(state.events) == count


def test_a_stale_background_load_does_not_replace_newer_events(qtbot, window, monkeypatch) -> None:
    import explorer.gui.state as state_module

    state = window.state
    monkeypatch.setattr(state_module, "_load_events", lambda path: [])
    state.reload_in_background()
    worker = state.loading
    state.reload()  # an import finished meanwhile: this is the newer load
    qtbot.waitUntil(lambda: state.loading is None, timeout=10000)
    assert worker is not None and len(state.events) > 0


def test_undo_of_an_event_that_no_longer_exists_says_so(qtbot, window) -> None:
    state = window.state
    topping = _topping(window)
    told = []
    state.curation_failed.connect(told.append)
    window.curation.delete_event(topping.id)
    state.conn.execute("DELETE FROM events WHERE id = ?", (topping.id,))  # extracted anew
    window.curation.undo_action.trigger()
    assert told and "no longer exists" in told[0]
    assert state.event_by_id(topping.id) is None


def test_a_correction_in_place_leaves_the_columns_as_a_fresh_build(qtbot, window) -> None:
    import numpy as np

    from explorer.core.event_columns import EventColumns

    state = window.state
    topping = _topping(window)
    before = state.events.index(topping)
    state.edit(topping.id, {"status": "planned", "district": "江海区", "title": "改"}, "edit")
    assert state.events[before].title == "改"  # swapped in where it stood
    fresh = EventColumns.from_events(state.events)
    for name in EventColumns.__dataclass_fields__:
        a, b = getattr(state.columns, name), getattr(fresh, name)
        assert (a.dtype.kind == "f" and np.allclose(a, b, equal_nan=True)) or list(a) == list(b)
