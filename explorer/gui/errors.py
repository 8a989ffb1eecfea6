"""The window's one error sink: every failure is logged, then shown.

Expected failures (:class:`~explorer.core.errors.InputError`,
:class:`~explorer.store.db.StoreError`) are a plain message naming the file. Anything else
is a bug: a dialog says so, with the traceback to copy and the log file's path. Unhandled
exceptions of any thread (``sys.excepthook``, ``threading.excepthook``, see
:mod:`explorer.logs`) and every background worker's ``errored`` end here.

The dialog opens with ``open()``, never ``exec()``: it does not block the app (nor a test,
which reads it from :attr:`ErrorReporter.dialog` or waits for ``reported``).
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer import logs
from explorer.core.errors import InputError
from explorer.store.db import StoreError, is_damage

log = logging.getLogger(__name__)
EXPECTED = (InputError, StoreError)

_reporter: ErrorReporter | None = None


class ErrorReporter(QObject):
    """Shows errors to the user, one dialog at a time (the log has every one).

    Signals
    -------
    reported(str)
        A dialog is up with this headline.
    """

    reported = Signal(str)
    # Always queued: an error raised in a worker thread, a paint event or the dialog's own
    # code is shown from the event loop, never from inside whatever failed.
    _arrived = Signal(str, str, str, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: QMessageBox | None = None
        self._arrived.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def show_error(self, error: BaseException, context: str = "") -> None:
        """Show ``error`` (already logged) soon, from the GUI thread; callable from any."""
        details = "".join(traceback.format_exception(error))
        message = str(error) or type(error).__name__
        expected = isinstance(error, EXPECTED)
        if is_damage(error):  # the file broke while open: not a bug, and there is a way out
            message += "\n" + self.tr("The database file is damaged.") + " "
            message += self.tr("File → Restore a backup… or `explorer recover` get your data back.")
            expected = True
        self._arrived.emit(context, message, details, expected)

    def _show(self, context: str, message: str, details: str, expected: bool) -> None:
        if self._open_dialog() is not None:
            return  # one at a time: a failure repeating on every paint must not stack up
        try:
            box = self._build(context, message, details, expected)
            box.open()
        except Exception:  # the dialog itself failed: the log must do
            log.exception("cannot show the error dialog")
            return
        self.dialog = box
        self.reported.emit(box.text())

    def _build(self, context: str, message: str, details: str, expected: bool) -> QMessageBox:
        box = QMessageBox(QApplication.activeWindow())
        box.setWindowTitle(self.tr("Jiangmen Explorer"))
        box.setText(f"{context}: {message}" if context else message)
        if expected:
            box.setIcon(QMessageBox.Icon.Warning)
            return box
        box.setIcon(QMessageBox.Icon.Critical)
        where = logs.log_file()
        if where is not None:
            note = self.tr("This is a bug. The details below are also in the log:\n{path}")
            box.setInformativeText(note.format(path=where))
        else:
            box.setInformativeText(self.tr("This is a bug. The details are below."))
        box.setDetailedText(details)  # read-only text: select and copy it into a report
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return box

    def _open_dialog(self) -> QMessageBox | None:
        box = self.dialog
        if box is not None and shiboken6.isValid(box) and box.isVisible():
            return box
        return None


def reporter() -> ErrorReporter | None:
    """The app's reporter, made on first use in the GUI thread (None without a QApplication,
    or when first asked from another thread: a QObject belongs to the thread that made it)."""
    global _reporter
    if _reporter is not None and shiboken6.isValid(_reporter):
        return _reporter
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return None
    _reporter = ErrorReporter(app)
    return _reporter


def install() -> Path | None:
    """Log to the file and show unhandled exceptions in the dialog; returns the log file.
    Call once the QApplication exists."""
    sink = reporter()
    return logs.configure(report=sink.show_error if sink is not None else None)


def report_error(error: BaseException, context: str = "") -> None:
    """Log ``error`` and show it. ``context`` says what failed, in the user's words
    ("Import failed"). Connect a worker's ``errored`` here (see ``workers.new_worker``)."""
    if isinstance(error, EXPECTED):
        log.warning("%s: %s", context or "error", error)
    else:
        log.error("%s", context or "unexpected error", exc_info=error)
    sink = reporter()
    if sink is not None:
        sink.show_error(error, context)
