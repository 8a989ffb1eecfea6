"""MapView: the offline map page in a QWebEngineView, linked to the app by MapBridge.

Signals
-------
event_selected(int)
    The user clicked an event's marker.
map_failed(str)
    The page loaded but the map did not start (the message is shown in the view too).
basemap_changed(str)
    The user picked a basemap in the map's menu (``offline``, ``osm``, ``amap``,
    ``amap-satellite``): the one to remember. Not emitted by :meth:`MapView.set_basemap`, nor
    when the page falls back to the offline basemap, so a saved choice survives a day without
    network.
basemap_failed(str)
    This online basemap could not be loaded: the map is back on the offline basemap (the page
    says so in a small note).
basemap_ready()
    The online basemap's tiles in view have loaded, or it fell back to the offline one.
location_picked(float, float)
    After :meth:`MapView.start_picking`, the map was clicked here (``lat, lon``, WGS-84, also
    over a GCJ-02 basemap).
picking_cancelled()
    "Set location" mode ended without a location (Escape, or :meth:`MapView.cancel_picking`).
near_requested(float, float)
    "Events near here" from the map's context menu, for this WGS-84 ``lat, lon``.

Data flow: :meth:`MapView.load_events` sends the columns of every event once per event set
(start-up, import, a correction); :meth:`MapView.show_only` then names the events to show as a
bitmask over the loaded rows (16 kB for 100k events, whatever the filter), so a filter change
neither resends events nor rebuilds the page's index of all of them. The page reports each
drawing with ``bridge.drawn``.

Network: none for the default, offline basemap — the page may not reach anything beyond this
machine. Choosing an online basemap lets the page load tiles from that basemap's tile host
only (a request interceptor blocks every other one) and names the app in the User-Agent, as
tile servers' usage policies ask.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QEventLoop, QFile, QIODevice, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QImage, QKeySequence, QShortcut
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from explorer import paths
from explorer.core.events import Event
from explorer.export.basemaps import BASEMAPS, OFFLINE, host_pattern, online_basemaps, tile_urls
from explorer.export.map_payload import map_payload
from explorer.export.page_cache import cached_page
from explorer.gui.map.bridge import MapBridge

log = logging.getLogger(__name__)
_CHECK_STARTED = "typeof L !== 'undefined' && !!window.explorer && window.explorer.count() >= 0"
# What the view shows before the page paints (and behind the failure message): the page's
# own background (map.css --map-bg), so a dark window does not flash white.
_BACKGROUND = {"light": "#eef3f7", "dark": "#15181c"}
_MESSAGE_COLOUR = {"light": "#222", "dark": "#e6e6e6"}
# Requests that stay on this machine; anything else must be a tile of the shown basemap.
_LOCAL_SCHEMES = frozenset({"file", "qrc", "data", "about", "blob", "devtools", "chrome"})


class _LoggingPage(QWebEnginePage):
    """Sends the page's console messages to the app log; links (the attributions) open in
    the system's browser instead of replacing the map."""

    def javaScriptConsoleMessage(self, level, message, line, source):
        log.info("map page: %s (%s:%s)", message, source, line)

    def acceptNavigationRequest(self, url, kind, is_main_frame):
        if kind == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            if url.scheme() in ("http", "https"):
                QDesktopServices.openUrl(url)
            return False
        return super().acceptNavigationRequest(url, kind, is_main_frame)


class _TileGate(QWebEngineUrlRequestInterceptor):
    """Lets through the tiles of the online basemap shown, with the app named in the
    User-Agent; blocks every other request beyond this machine."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.allowed: re.Pattern[str] | None = None
        self.user_agent = b""

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        if url.scheme() in _LOCAL_SCHEMES:
            return
        text = url.toString()
        if self.allowed is not None and self.allowed.match(text):
            info.setHttpHeader(b"User-Agent", self.user_agent)
            return
        log.warning("map page: blocked a request to %.200s", text)
        info.block(True)


class MapView(QWebEngineView):
    """Jiangmen's districts and parks with the current events, clustered; no network.

    The page is light unless :meth:`set_theme` says ``dark``, so snapshots for reports stay
    light whatever the window's theme.
    """

    event_selected = Signal(int)
    map_failed = Signal(str)
    basemap_changed = Signal(str)
    basemap_failed = Signal(str)
    basemap_ready = Signal()
    location_picked = Signal(float, float)
    picking_cancelled = Signal()
    near_requested = Signal(float, float)

    #: No tile at all this long after an online basemap was chosen: back to the offline one.
    tile_timeout_ms = 10000

    def __init__(self, parent: QWidget | None = None, language: str = "zh") -> None:
        super().__init__(parent)
        self.language = language
        self.setPage(_LoggingPage(self))
        self._gate = _TileGate(self)
        agent = self.page().profile().httpUserAgent()
        self._gate.user_agent = f"{agent} {paths.APP_NAME}/{_version()}".encode()
        self.page().setUrlRequestInterceptor(self._gate)
        self._basemap = OFFLINE
        self._basemap_settled = True
        self._tile_urls = tile_urls()
        self._allow_tiles(OFFLINE)
        self._picking = False
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self._escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self._escape.setEnabled(False)
        self._escape.activated.connect(self.cancel_picking)
        self.bridge = MapBridge(lambda script: self.page().runJavaScript(script), self)
        self.bridge.event_clicked.connect(self.event_selected)
        self.bridge.near_requested.connect(self.near_requested)
        self.bridge.basemap_chosen.connect(self._on_basemap_chosen)
        self.bridge.basemap_failed.connect(self._on_basemap_failed)
        self.bridge.tiles_loaded.connect(self._on_tiles_loaded)
        self.bridge.location_picked.connect(self._on_location_picked)
        self.bridge.picking_cancelled.connect(self._on_picking_cancelled)
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
        if self._basemap != OFFLINE:  # a new page starts offline
            self._send_basemap()
        if self._loaded is not None:  # a new page starts empty
            self.bridge.call("loadEvents", self._loaded)
            self.bridge.call("showOnly", self._shown)
        if self._picking:
            self.bridge.call("startPicking", None)
        self.load(QUrl.fromLocalFile(str(page)))
        return page

    @property
    def basemap(self) -> str:
        """The basemap shown (or about to be): ``offline``, ``osm``, ``amap``,
        ``amap-satellite``."""
        return self._basemap

    def set_basemap(self, name: str) -> None:
        """Show basemap ``name`` (no reload). An online one loads tiles from its server; if
        they cannot be loaded the page falls back to ``offline`` (``basemap_failed``).

        Raises
        ------
        ValueError
            ``name`` is not a known basemap.
        """
        if name not in BASEMAPS:
            raise ValueError(f"unknown basemap {name!r}; expected one of {BASEMAPS}")
        if name == OFFLINE == self._basemap:  # a saved "offline" restored: nothing to send
            return
        self._basemap = name
        self._basemap_settled = name == OFFLINE
        self._allow_tiles(name)
        self._send_basemap()

    def set_tile_urls(self, urls: Mapping[str, str]) -> None:
        """Draw online basemaps from these tile URL templates (``{"amap":
        "http://127.0.0.1:8000/{z}/{x}/{y}.png"}``; the others keep theirs). Overrides the
        ``EXPLORER_TILE_URL_*`` environment variables.

        Raises
        ------
        ValueError
            An unknown basemap name, or a URL that is not an http(s) template with ``{x}``,
            ``{y}`` and ``{z}``.
        """
        self._tile_urls = tile_urls({**self._tile_urls, **urls})
        if self._basemap != OFFLINE:
            self.set_basemap(self._basemap)

    def wait_for_basemap(self, timeout_ms: int = 20000) -> bool:
        """For scripts (snapshots): run the event loop until the online basemap's tiles in
        view have loaded or it fell back to offline. False if that took longer than
        ``timeout_ms``."""
        if not self._basemap_settled:
            loop = QEventLoop()
            self.basemap_ready.connect(loop.quit)
            QTimer.singleShot(timeout_ms, loop.quit)
            loop.exec()
            self.basemap_ready.disconnect(loop.quit)
        return self._basemap_settled

    @property
    def is_picking(self) -> bool:
        return self._picking

    def start_picking(self) -> None:
        """ "Set location" mode: a crosshair on the map; the next click there emits
        ``location_picked`` (WGS-84); Escape (or :meth:`cancel_picking`) emits
        ``picking_cancelled``."""
        self._picking = True
        self._escape.setEnabled(True)
        self.setFocus()
        self.bridge.call("startPicking", None)

    def cancel_picking(self) -> None:
        """Leave "set location" mode without a location (``picking_cancelled``)."""
        if not self._picking:
            return
        self._end_picking()
        self.bridge.call("stopPicking", None)
        self.picking_cancelled.emit()

    def center_on(self, lat: float, lon: float, zoom: int | None = None) -> None:
        """Put this WGS-84 point in the middle of the map (at ``zoom``, or the current one)."""
        self.bridge.call("centerOn", {"lat": float(lat), "lon": float(lon), "zoom": zoom})

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
        """Show the event as close as its place is known (a district-level event: its
        district; a point: close up), highlight it and open its popup (emits nothing). An
        event that shares its spot with others is shown in their fan."""
        if event_id is not None:
            self.bridge.call("select", event_id)

    def print_layout(self, config: Mapping[str, Any], done: Callable[[object], None]) -> None:
        """Turn the page into its print layout (``explorer.printLayout``, print.js): no
        controls, the view fitted, numbered and labelled markers, title, legend, scale, north
        arrow, footer. ``done`` gets what was drawn (counts, zoom) once it is laid out."""
        payload = json.dumps(dict(config), ensure_ascii=False)
        # As JSON text, a failure as {"error": …}: runJavaScript converts objects poorly.
        script = (
            "JSON.stringify((function () { try {"
            f" return window.explorer.printLayout({payload}); }}"
            " catch (e) { return { error: String(e) + ' ' + (e.stack || '') }; } })())"
        )
        self.page().runJavaScript(script, 0, lambda text: done(json.loads(text or "null")))

    def snapshot(self, size: QSize | None = None) -> QImage:
        """The map as it is on screen (legend, caption, scale and north arrow included)."""
        if size is not None:
            self.resize(size)
        return self.grab().toImage()

    def _send_basemap(self) -> None:
        payload = {
            "name": self._basemap,
            "url": self._tile_urls.get(self._basemap),
            "timeout_ms": self.tile_timeout_ms,
        }
        self.bridge.call("setBasemap", payload)

    def _allow_tiles(self, name: str) -> None:
        """Let the page reach ``name``'s tile host (or, offline, nothing beyond this machine).
        A local page may not load remote images at all unless allowed to."""
        online = name != OFFLINE
        if online:
            subdomains = online_basemaps()[name]["subdomains"]
            self._gate.allowed = host_pattern(self._tile_urls[name], subdomains)
        else:
            self._gate.allowed = None
        attribute = QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls
        self.settings().setAttribute(attribute, online)

    def _on_basemap_chosen(self, name: str) -> None:
        self.set_basemap(name)
        self.basemap_changed.emit(name)

    def _on_basemap_failed(self, name: str) -> None:
        if name != self._basemap:  # a report about a basemap already left
            return
        log.warning("map: the %s basemap could not be loaded; back to the offline one", name)
        self._basemap = OFFLINE
        self._allow_tiles(OFFLINE)
        self._basemap_settled = True
        self.basemap_failed.emit(name)
        self.basemap_ready.emit()

    def _on_tiles_loaded(self, name: str) -> None:
        if name == self._basemap and not self._basemap_settled:
            self._basemap_settled = True
            self.basemap_ready.emit()

    def _on_location_picked(self, lat: float, lon: float) -> None:
        if not self._picking:  # only the click Python asked for
            log.warning("map page picked a location unasked; ignored")
            return
        self._end_picking()
        self.location_picked.emit(lat, lon)

    def _on_picking_cancelled(self) -> None:
        if self._picking:
            self._end_picking()
            self.picking_cancelled.emit()

    def _end_picking(self) -> None:
        self._picking = False
        self._escape.setEnabled(False)

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


def _version() -> str:
    try:
        return version("jiangmen-explorer")
    except PackageNotFoundError:
        return "0"


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
