"""Two analysts, two windows' states, one PostgreSQL database: a correction made in one
reaches the other without a restart; a correction made on a stale view is refused."""

from __future__ import annotations

import socket

import pytest

from explorer import paths
from explorer.gui.state import AppState
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store.bootstrap import ensure_places
from explorer.store.db import connect
from explorer.store.importer import import_corpus, run_to_end

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_states(qapp, postgres_url, corpus_dir):
    setup = connect(postgres_url)
    ensure_places(setup, paths.gazetteer_path())
    run_to_end(import_corpus(setup, [corpus_dir], extract_with_bundled_gazetteer))
    setup.close()
    states = []
    for user in ("李明", "王芳"):
        state = AppState(connect(postgres_url), user=user)  # a window's own connection
        state.reload()
        states.append(state)
    yield states
    for state in states:
        state.watch.stop()
        state.conn.close()


def _topping(state: AppState):
    return next(e for e in state.events if e.type == "topping_out")


def test_a_correction_in_one_window_reaches_the_other(two_states) -> None:
    first, second = two_states
    assert second.watch is not None and second.watch.isActive()  # polls the server
    event = _topping(first)
    second.select(event.id)
    shown = []
    second.selection_changed.connect(shown.append)
    assert first.edit(event.id, {"title": "主厂房封顶", "district": "江海区"}, "edit")
    assert second.poll_changes()  # what the timer calls
    seen = second.event_by_id(event.id)
    assert (seen.title, seen.district, seen.edited_by) == ("主厂房封顶", "江海区", "李明")
    assert shown == [event.id]  # the details pane is told to show the corrected event
    assert not second.poll_changes()  # nothing new: no reload


def test_a_correction_on_a_stale_view_is_refused_with_a_message(two_states) -> None:
    first, second = two_states
    event = _topping(first)
    refused = []
    second.curation_failed.connect(refused.append)
    assert first.edit(event.id, {"status": "planned"}, "edit")
    # The second window has not polled yet: it still shows the event as it was.
    assert second.event_by_id(event.id).status != "planned"
    assert not second.edit(event.id, {"status": "occurred"}, "edit")
    (message,) = refused
    assert f"event {event.id} was changed by 李明" in message and "reload" in message
    assert second.event_by_id(event.id).status == "planned"  # reloaded: the news is shown
    assert first.event_by_id(event.id).status == "planned"  # nothing was overwritten
    assert second.edit(event.id, {"status": "occurred"}, "edit")  # now on a fresh view
    assert first.poll_changes() and first.event_by_id(event.id).status == "occurred"


def test_the_window_is_pointed_at_a_team_server_under_preferences(
    qtbot, monkeypatch, postgres_url, tmp_path
) -> None:
    """设置 → 数据库…: a server that answers is remembered for the next start; a mistyped
    address is said at once and not kept; empty goes back to this computer's database."""
    from PySide6.QtWidgets import QMainWindow, QMessageBox

    from explorer.gui.app import chosen_database
    from explorer.gui.preferences_menu import PreferencesMenu
    from explorer.gui.settings import Settings

    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text: said.append(("warn", text)))
    monkeypatch.setattr(QMessageBox, "information", lambda _w, _t, text: said.append(("ok", text)))
    settings = Settings(tmp_path / "settings.ini")
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = PreferencesMenu(window.menuBar(), settings, window)
    assert menu.set_database(postgres_url)
    assert settings.database == postgres_url and said[-1][0] == "ok"
    assert Settings(tmp_path / "settings.ini").database == postgres_url  # saved
    assert chosen_database(None, settings) == postgres_url  # the window opens it next
    assert chosen_database(tmp_path / "own.sqlite3", settings) == tmp_path / "own.sqlite3"
    with socket.socket() as free:  # a port nothing listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    wrong = f"postgresql://nobody:secret@127.0.0.1:{port}/none"
    assert not menu.set_database(wrong)
    kind, text = said[-1]
    assert kind == "warn" and "cannot open the database" in text and "secret" not in text
    assert settings.database == postgres_url  # the mistake is not kept
    assert menu.set_database("")
    assert settings.database is None
    assert chosen_database(None, settings) == paths.default_db_path()
