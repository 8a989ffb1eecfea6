"""PlaceLookup: finds coordinates for places the gazetteer lacks, online, in the background.

Opt-in (Preferences, ``geocode/online``): it runs after an import or when asked, never
inside one, and tells its progress and result in the status bar.

Signals
-------
finished(object)
    The GeocodeReport of a run (the events are reloaded already).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from explorer.gui.headless import app_version
from explorer.gui.settings import Settings
from explorer.gui.state import AppState
from explorer.store.db import location


class PlaceLookup(QObject):
    finished = Signal(object)

    def __init__(self, state: AppState, settings: Settings, window: QMainWindow) -> None:
        super().__init__(window)
        self.state = state
        self.settings = settings
        self.window = window
        self.worker = None

    def run(self) -> bool:
        """Start a lookup unless one is running (or there is no database)."""
        from explorer.gui.workers import geocode_worker

        if self.worker is not None or self.state.conn is None:
            return False
        db_path = location(self.state.conn)
        service = self.settings.geocode_service()
        failed = self.tr("Looking up places failed")  # errors go to the one error dialog
        self.worker = worker = geocode_worker(db_path, service, app_version(), failed)
        bar = self.window.statusBar()
        looking = self.tr("Looking up places online: {done}/{total}")
        worker.yielded.connect(
            lambda p: bar.showMessage(looking.format(done=p.done, total=p.total))
        )
        worker.returned.connect(self._on_worker_returned)
        worker.finished.connect(self._on_worker_finished)
        worker.start()
        return True

    def _on_worker_returned(self, report) -> None:
        if report is None:  # stopped because the window closed
            return
        if report.events_filled:
            self.state.reload()
        summary = self.tr("Places looked up: {found} found, {missing} not found, {errors} errors")
        self.window.statusBar().showMessage(
            summary.format(
                found=len(report.found), missing=len(report.not_found), errors=len(report.errors)
            ),
            15000,
        )
        self.finished.emit(report)

    def _on_worker_finished(self) -> None:
        self.worker = None
