"""The database's health in the window: File → Check the database, File → Restore a
backup…, and, at start-up, a dialog instead of a crash when the database is damaged.

What these do is :mod:`explorer.store.health` and :mod:`explorer.store.backups` (the same
as ``explorer check``, ``recover``, ``backups`` and ``restore``); this module only asks and
tells. Hooked into the File menu by :func:`add_health_actions`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from explorer.store import backups, health
from explorer.store.db import DamagedDatabase, location
from explorer.store.importer import Progress

log = logging.getLogger(__name__)


# The module's functions translate in a context of their own, spelled out in every call:
# pyside6-lupdate reads literal translate() calls (a wrapper would hide them from it).


def database_path(window: QMainWindow) -> Path:
    """The file the window's connection has open (``main`` is the first attached one)."""
    row = window.state.conn.execute("PRAGMA database_list").fetchone()  # type: ignore[attr-defined]
    return Path(row[2])


class HealthActions(QObject):
    """File → Check the database / Restore a backup… for the database of ``window``."""

    def __init__(self, menu: QMenu, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        menu.addSeparator()
        self.check_action = QAction(self.tr("Check the database"), self)
        self.check_action.triggered.connect(self.check)
        self.restore_action = QAction(self.tr("Restore a backup…"), self)
        self.restore_action.triggered.connect(self.restore)
        menu.addAction(self.check_action)
        menu.addAction(self.restore_action)
        # A team's PostgreSQL server is checked and backed up with the server's tools.
        conn = getattr(getattr(window, "state", None), "conn", None)
        on_file = conn is None or not isinstance(location(conn), str)
        self.check_action.setEnabled(on_file)
        self.restore_action.setEnabled(on_file)
        self.dialog: QMessageBox | None = None  # the last report shown (tests read it)

    def check(self) -> health.CheckReport:
        path = database_path(self.window)
        with _busy():
            report = health.check(path)
        self.dialog = _report_box(self.window, report)
        self.dialog.open()
        return report

    def restore(self) -> None:
        path = database_path(self.window)
        chooser = BackupsDialog(path, self.window)
        if chooser.exec() != QDialog.DialogCode.Accepted or chooser.chosen is None:
            return
        if _restore(self.window, path, chooser.chosen):
            # The window's connection still reads the file now moved aside: start again.
            QMessageBox.information(
                self.window,
                self.tr("Backup restored"),
                self.tr(
                    "Jiangmen Explorer closes now; start it again to use the restored database."
                ),
            )
            QApplication.quit()


def add_health_actions(menu: QMenu, window: QMainWindow) -> HealthActions:
    """Add the two actions to ``menu`` (the File menu); kept on the window as ``health``."""
    actions = HealthActions(menu, window)
    window.health = actions  # type: ignore[attr-defined]
    return actions


def _report_box(parent: QWidget, report: health.CheckReport) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("DatabaseHealth", "Check the database"))
    if report.ok:
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(
            QCoreApplication.translate(
                "DatabaseHealth", "The database is sound: the full integrity check found no damage."
            )
        )
        box.setInformativeText(str(report.path))
    else:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(QCoreApplication.translate("DatabaseHealth", "The database is damaged."))
        advice = QCoreApplication.translate(
            "DatabaseHealth",
            "Restore a backup (File → Restore a backup…) or run `explorer recover`.",
        )
        box.setInformativeText(f"{advice}\n{report.path}")
    box.setDetailedText("\n".join(report.lines()))
    return box


@contextmanager
def _busy() -> Iterator[None]:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


class BackupsDialog(QDialog):
    """The backups of a database, newest first; OK chooses one."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore a backup"))
        self.chosen: Path | None = None
        self.found = backups.list_backups(db_path)
        layout = QVBoxLayout(self)
        folder = backups.backup_dir(db_path)
        if self.found:
            intro = self.tr(
                "Backups in {folder}. The current database is kept beside it, renamed."
            ).format(folder=folder)
        else:
            intro = self.tr("No backups in {folder} yet: one is made every day.").format(
                folder=folder
            )
        layout.addWidget(QLabel(intro, wordWrap=True))
        self.list = QListWidget()
        for backup in self.found:
            made = backup.made.astimezone().strftime("%Y-%m-%d %H:%M")
            text = f"{made}   {backup.reason}   {backup.size / 2**20:.1f} MB"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addItem(item)
        if self.found:
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Restore"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.found))
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
            self.accept()


def _restore(parent: QWidget | None, db_path: Path, backup: Path) -> bool:
    try:
        aside = backups.restore(db_path, backup)
    except (OSError, ValueError) as error:
        QMessageBox.warning(
            parent, QCoreApplication.translate("DatabaseHealth", "Restore a backup"), str(error)
        )
        return False
    log.info("restored %s from %s; the previous file is %s", db_path, backup, aside)
    return True


# --------------------------------------------------------------------- at start-up


class DamagedDialog(QMessageBox):
    """Shown instead of the window when the database is damaged: recover, restore, quit."""

    def __init__(self, error: DamagedDatabase, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("The database is damaged"))
        # One literal per tr(): the translation tools see each sentence whole.
        self.setText(self.tr("The database file is damaged and cannot be opened safely."))
        lines = [
            self.tr("Recover builds a new database from what still reads:"),
            self.tr("your documents, corrections and place fixes; events are extracted again."),
            self.tr("Or restore a backup. The damaged file is kept, renamed."),
            str(error.path),
        ]
        self.setInformativeText("\n".join(lines))
        self.setDetailedText(str(error))
        self.recover_button = self.addButton(
            self.tr("Recover into a new database"), QMessageBox.ButtonRole.AcceptRole
        )
        self.restore_button = self.addButton(
            self.tr("Restore a backup…"), QMessageBox.ButtonRole.ActionRole
        )
        self.restore_button.setEnabled(bool(backups.list_backups(error.path)))
        self.quit_button = self.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.recover_button)

    def choice(self) -> str:
        """``recover``, ``restore`` or ``quit``: what the user clicked (after ``exec``)."""
        clicked = self.clickedButton()
        if clicked is self.recover_button:
            return "recover"
        if clicked is self.restore_button:
            return "restore"
        return "quit"


def resolve_damaged(db_path: Path, error: DamagedDatabase) -> bool:
    """Ask what to do about a damaged database; True when ``db_path`` now holds a sound
    one (recovered or restored), False when the user quit."""
    while True:
        dialog = DamagedDialog(error)
        dialog.exec()
        choice = dialog.choice()
        if choice == "quit":
            return False
        if choice == "restore":
            if _choose_and_restore(db_path):
                return True
            continue
        if recover_in_place(db_path):
            return True


def _choose_and_restore(db_path: Path) -> bool:
    chooser = BackupsDialog(db_path)
    if chooser.exec() != QDialog.DialogCode.Accepted or chooser.chosen is None:
        return False
    return _restore(None, db_path, chooser.chosen)


def recover_in_place(db_path: Path, on_progress: Callable[[Progress], None] | None = None) -> bool:
    """Recover into a new file beside the damaged one, move the damaged file aside and put
    the new one in its place; show what came back. False (and a message) on failure."""
    from explorer.pipeline.extract import extract_with_bundled_gazetteer

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    fresh = db_path.with_name(f"{db_path.stem}.recovered-{stamp}{db_path.suffix}")
    progress = QProgressDialog(
        QCoreApplication.translate("DatabaseHealth", "Recovering the database…"), "", 0, 0
    )
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.show()

    def step(done: Progress) -> None:
        progress.setMaximum(done.total)
        progress.setValue(done.done)
        QApplication.processEvents()
        if on_progress is not None:
            on_progress(done)

    try:
        with _busy():
            report = health.recover(db_path, fresh, extract_with_bundled_gazetteer, step)
        aside = backups.move_aside(db_path, "damaged")
        fresh.replace(db_path)
    except (OSError, ValueError) as failure:
        progress.close()
        QMessageBox.critical(
            None, QCoreApplication.translate("DatabaseHealth", "Recovery failed"), str(failure)
        )
        return False
    progress.close()
    log.info("recovered %s; the damaged file is %s", db_path, aside)
    done = QMessageBox(
        QMessageBox.Icon.Information,
        QCoreApplication.translate("DatabaseHealth", "Database recovered"),
        "",
        parent=None,
    )
    done.setText(
        QCoreApplication.translate(
            "DatabaseHealth", "The database was rebuilt. The damaged file is kept as {aside}."
        ).format(aside=aside)
    )
    done.setDetailedText("\n".join(report.lines(db_path)))
    done.exec()
    return True
