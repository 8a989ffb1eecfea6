"""The window and a damaged database: a dialog at start-up instead of a crash, File → Check
the database, File → Restore a backup…"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from explorer.gui import db_health
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store import backups
from explorer.store.db import DamagedDatabase, connect
from explorer.store.importer import import_corpus, run_to_end


def _damage(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    copy = path.with_name("damaging")  # a new file, as after a restart: checked again
    shutil.copyfile(path, copy)
    with copy.open("r+b") as file:
        file.seek((root[0] - 1) * size)
        file.write(b"\xa5" * size)
    copy.replace(path)


@pytest.fixture
def stored(tmp_path: Path, corpus_dir: Path) -> Path:
    path = tmp_path / "explorer.sqlite3"
    conn = connect(path)
    run_to_end(import_corpus(conn, [corpus_dir], extract_with_bundled_gazetteer))
    conn.close()
    return path


def _answer(monkeypatch: pytest.MonkeyPatch, choice: str) -> list[str]:
    """Every message box answers at once; the damaged dialog with ``choice``."""
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(db_health.DamagedDialog, "choice", lambda self: choice)
    return shown


def test_the_start_up_dialog_offers_recovery_backups_and_quit(qapp, stored: Path) -> None:
    _damage(stored)
    with pytest.raises(DamagedDatabase) as raised:
        connect(stored)
    dialog = db_health.DamagedDialog(raised.value)
    ours = [dialog.recover_button, dialog.restore_button, dialog.quit_button]
    assert set(ours) <= set(dialog.buttons()) and str(stored) in dialog.informativeText()
    assert not dialog.restore_button.isEnabled()  # no backups yet


def test_quitting_at_the_dialog_ends_in_the_one_line_error(qapp, monkeypatch, stored: Path) -> None:
    from explorer.gui.app import open_window

    _damage(stored)
    shown = _answer(monkeypatch, "quit")
    with pytest.raises(DamagedDatabase):
        open_window(stored, stored.with_name("settings.ini"))
    assert len(shown) == 1  # the damaged dialog, and no crash report


def test_recovering_at_start_up_puts_a_sound_database_in_place(
    qapp, monkeypatch, stored: Path
) -> None:
    _damage(stored)
    damaged_bytes = stored.read_bytes()
    shown = _answer(monkeypatch, "recover")
    assert db_health.resolve_damaged(stored, DamagedDatabase(stored, "test"))
    conn = connect(stored)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    (aside,) = [
        p
        for p in stored.parent.glob("explorer.sqlite3.damaged-*")
        if not p.name.endswith(("-wal", "-shm"))
    ]
    assert aside.read_bytes() == damaged_bytes  # kept as it was
    assert len(shown) == 2  # the question, then what came back


def test_check_and_restore_from_the_file_menu(qapp, monkeypatch, stored: Path) -> None:
    conn = connect(stored)
    window = QMainWindow()
    window.state = SimpleNamespace(conn=conn)  # type: ignore[attr-defined]
    menu = QMenu()
    actions = db_health.add_health_actions(menu, window)
    assert {actions.check_action, actions.restore_action} <= set(menu.actions())
    report = actions.check()
    assert report.ok and actions.dialog is not None
    assert actions.dialog.icon() == QMessageBox.Icon.Information
    backup = backups.make_backup(conn, stored)
    chooser = db_health.BackupsDialog(stored)
    assert chooser.list.count() == 1
    chooser._choose()
    assert chooser.chosen == backup
    conn.close()


def test_the_window_has_the_health_actions(window) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert window.health.check_action in file_menu.actions()
    assert window.health.restore_action in file_menu.actions()


def test_a_damaged_backup_is_refused_with_a_message(qapp, monkeypatch, stored: Path) -> None:
    conn = connect(stored)
    backup = backups.make_backup(conn, stored)
    conn.close()
    copy = backup.with_name("copy.sqlite3")
    shutil.copyfile(backup, copy)
    _damage(backup)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    assert not db_health._restore(None, stored, backup)
    assert warned and "damaged" in warned[0]


def test_damage_met_while_the_window_is_open_is_a_plain_message(qtbot, qapp) -> None:
    from explorer.gui import errors

    errors.install()
    sink = errors.reporter()
    assert sink is not None
    sink.dialog = None
    with qtbot.waitSignal(sink.reported, timeout=5000):
        errors.report_error(sqlite3.DatabaseError("database disk image is malformed"), "Load")
    assert sink.dialog is not None and sink.dialog.icon() == QMessageBox.Icon.Warning
    assert "explorer recover" in sink.dialog.text()  # a way out, not "this is a bug"
    sink.dialog.close()
