"""MapView: the offline map page in a QWebEngineView, linked to the app by MapBridge.

Signals
-------
event_selected(int)
    The user clicked an event's marker.
map_failed(str)
    The page loaded but the map did not start (the message is shown in the view too).

Data flow: :meth:`MapView.load_events` sends the columns of every event once per event set
(start-up, import, a correction); :meth:`MapView.show_only` then names the events to show as a
bitmask over the loaded rows (16 kB for 100k events, whatever the filter), so a filter change
neither resends events nor rebuilds the page's index of all of them. The page reports each
drawing with ``bridge.drawn``.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QFile, QIODevice, QSize, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QImage
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from explorer.core.events import Event
from explorer.export.map_payload import map_payload
from explorer.export.page_cache import cached_page
from explorer.gui.map.bridge import MapBridge

log = logging.getLogger(__name__)
_CHECK_STARTED = "typeof L !== 'undefined' && !!window.explorer && window.explorer.count() >= 0"
# What the view shows before the page paints (and behind the failure message): the page's
# own background (map.css --map-bg), so a dark window does not flash white.
_BACKGROUND = {"light": "#eef3f7", "dark": "#15181c"}
_MESSAGE_COLOUR = {"light": "#222", "dark": "#e6e6e6"}


class _LoggingPage(QWebEnginePage):
    """Sends the page's console messages to the app log."""

    def javaScriptConsoleMessage(self, level, message, line, source):  # type: ignore[no-untyped-def]
        log.info("map page: %s (%s:%s)", message, source, line)


class MapView(QWebEngineView):
    """Jiangmen's districts and parks with the current events, clustered; no network.

    The page is light unless :meth:`set_theme` says ``dark``, so snapshots for reports stay
    light whatever the window's theme.
    """

    event_selected = Signal(int)
    map_failed = Signal(str)

    def __init__(self, parent: QWidget | None = None, language: str = "zh") -> None:
        super().__init__(parent)
        self.language = language
        self.setPage(_LoggingPage(self))
        self.bridge = MapBridge(lambda script: self.page().runJavaScript(script), self)
        self.bridge.event_clicked.connect(self.event_selected)
        self._channel = QWebChannel(self)
        self._channel.registerObject("bridge", self.bridge)
        self.page().setWebChannel(self._channel)
        self._inject_webchannel_js()
        self.loadFinished.connect(self._on_load_finished)
        self._caption = ""
        self._theme = "light"
        # The loaded set: its number, its rows' ids (ascending), the payloads last sent
        # (sent again to a rebuilt page).
        self._load = 0
        self._ids = np.empty(0, dtype=np.int64)
        self._loaded: dict[str, Any] | None = None
        self._shown: dict[str, Any] = {"load": 0, "mask": None, "caption": ""}
        # load_events alone shows everything, unless show_only follows in the same turn of
        # the event loop (the window's pattern): one drawing, one ``drawn``.
        self._show_all_after_load = QTimer(self)
        self._show_all_after_load.setSingleShot(True)
        self._show_all_after_load.setInterval(0)
        self._show_all_after_load.timeout.connect(lambda: self.show_only(None, self._caption))

    def sizeHint(self) -> QSize:
        return QSize(800, 600)

    def load_page(self) -> Path:
        """Build the page (basemap only) into a file and load it from there.

        A file, not setHtml: setHtml silently fails above ~2 MB of percent-encoded page.
        """
        page = cached_page(self.language)
        self.bridge.reset()
        if self._theme != "light":  # a new page starts light
            self.bridge.call("setTheme", self._theme)
        if self._loaded is not None:  # a new page starts empty
            self.bridge.call("loadEvents", self._loaded)
            self.bridge.call("showOnly", self._shown)
        self.load(QUrl.fromLocalFile(str(page)))
        return page

    @property
    def theme(self) -> str:
        """``light`` or ``dark``."""
        return self._theme

    def set_theme(self, name: str) -> None:
        """Draw the page ``light`` or ``dark`` (no reload); sent once the page is ready.

        Raises
        ------
        ValueError
            ``name`` is neither ``light`` nor ``dark``.
        """
        if name not in _BACKGROUND:
            raise ValueError(f"unknown map theme {name!r}; expected light or dark")
        self._theme = name
        self.page().setBackgroundColor(QColor(_BACKGROUND[name]))
        self.bridge.call("setTheme", name)

    def load_events(self, events: Sequence[Event], caption: str = "") -> None:
        """Send every event that has coordinates to the page, once per event set.

        Nothing is redrawn yet: :meth:`show_only` says which of them to show. Without a call
        to it before control returns to the event loop, all of them are shown with
        ``caption``.
        """
        self._load += 1
        self._ids, self._loaded = map_payload(events, self.language, caption, self._load)
        self._caption = caption
        self.bridge.call("loadEvents", self._loaded)
        self._show_all_after_load.start()

    def show_only(self, ids: np.ndarray | Sequence[int] | None, caption: str = "") -> None:
        """Show the loaded events whose id is in ``ids`` (all of them for None); no reload.

        Ids of events that were not loaded or have no coordinates are ignored. The page
        reports the number shown with ``bridge.drawn``.
        """
        self._show_all_after_load.stop()
        self._caption = caption
        mask = None
        if ids is not None:
            mask = _bitmask(self._ids, np.asarray(ids, dtype=np.int64).ravel())
        self._shown = {"load": self._load, "mask": mask, "caption": caption}
        self.bridge.call("showOnly", self._shown)

    def set_events(self, events: Sequence[Event], caption: str = "") -> None:
        """Show ``events`` (those with coordinates): :meth:`load_events` and show them all."""
        self.load_events(events, caption)
        self.show_only(None, caption)

    def select(self, event_id: int | None) -> None:
        """Pan to the event, highlight it and open its popup (emits nothing)."""
        if event_id is not None:
            self.bridge.call("select", event_id)

    def snapshot(self, size: QSize | None = None) -> QImage:
        """The map as it is on screen (legend, caption, scale and north arrow included)."""
        if size is not None:
            self.resize(size)
        return self.grab().toImage()

    def _inject_webchannel_js(self) -> None:
        """Qt's qwebchannel.js from the resource system, run before the page's scripts."""
        resource = QFile(":/qtwebchannel/qwebchannel.js")
        if not resource.open(QIODevice.OpenModeFlag.ReadOnly):
            log.error("qwebchannel.js is not in Qt's resources; the map cannot talk back")
            return
        script = QWebEngineScript()
        script.setName("qwebchannel")
        script.setSourceCode(bytes(resource.readAll()).decode("utf-8"))
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
        script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
        self.page().scripts().insert(script)

    def _on_load_finished(self, ok: bool) -> None:
        # loadFinished says ok even when Leaflet never ran: check the map itself.
        self.page().runJavaScript(_CHECK_STARTED, 0, self._on_started_checked)

    def _on_started_checked(self, started: object) -> None:
        if started is True:
            return
        message = self.tr(
            "The map did not start: its offline web libraries are missing. Run make setup."
        )
        self.map_failed.emit(message)
        colour = _MESSAGE_COLOUR[self._theme]
        self.setHtml(f"<p style='font:14px sans-serif;padding:2em;color:{colour}'>{message}</p>")


def _bitmask(loaded: np.ndarray, wanted: np.ndarray) -> str | None:
    """Which of the ``loaded`` ids (ascending) are in ``wanted``: base64 of a bitmask over
    them, bit ``i`` of byte ``i // 8`` for row ``i`` (little bit order); None when all are."""
    shown = np.zeros(len(loaded), dtype=bool)
    if len(loaded) and len(wanted):
        rows = np.searchsorted(loaded, wanted)
        np.minimum(rows, len(loaded) - 1, out=rows)
        shown[rows[loaded[rows] == wanted]] = True
    if shown.all() and len(loaded):
        return None
    return base64.b64encode(np.packbits(shown, bitorder="little").tobytes()).decode("ascii")
