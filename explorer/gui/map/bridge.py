"""MapBridge: the one channel between the map page and Python.

Signals
-------
ready()
    The page's event layer is initialised; queued calls have been sent.
event_clicked(int)
    A marker was clicked.
view_changed(object)
    The map moved: ``{"zoom": int, "bounds": [south, west, north, east]}``.
drawn(int)
    ``showOnly`` (or ``setEvents``) finished drawing: this many events are shown, all with
    coordinates. ``loadEvents`` alone draws nothing.
basemap_chosen(str)
    The user picked a basemap in the map's menu; the page shows it once ``setBasemap`` says
    so (Python first lets the page reach the tile server).
basemap_failed(str)
    The tiles of this online basemap could not be loaded: the page is back on the offline one.
tiles_loaded(str)
    The tiles of this online basemap in view have loaded.
location_picked(float, float)
    In "set location" mode, the map was clicked here: ``lat, lon`` in WGS-84.
picking_cancelled()
    Escape ended "set location" mode in the page.
near_requested(float, float)
    "Events near here" in the map's context menu: ``lat, lon`` in WGS-84.

Positions are checked before they are passed on: finite numbers, latitude within ±90 and
longitude within ±180 (a message that fails is logged and dropped); basemap names must be
known ones.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from typing import Any, TypeGuard

from PySide6.QtCore import QObject, Signal, Slot

from explorer.export.basemaps import BASEMAPS, ONLINE

log = logging.getLogger(__name__)

# The page functions Python may call; anything else is a programming error.
PAGE_FUNCTIONS = frozenset(
    {
        "loadEvents",
        "showOnly",
        "select",
        "setTheme",
        "setBasemap",
        "startPicking",
        "stopPicking",
        "centerOn",
    }
)


class MapBridge(QObject):
    """JS → Python through :meth:`receive` (JSON in); Python → JS through :meth:`call`."""

    ready = Signal()
    event_clicked = Signal(int)
    view_changed = Signal(object)
    drawn = Signal(int)
    basemap_chosen = Signal(str)
    basemap_failed = Signal(str)
    tiles_loaded = Signal(str)
    location_picked = Signal(float, float)
    picking_cancelled = Signal()
    near_requested = Signal(float, float)

    def __init__(self, run_js: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run_js = run_js
        self._queue: list[str] = []
        self.is_ready = False

    def reset(self) -> None:
        """A new page is loading: hold calls until it says ready again."""
        self.is_ready = False

    def call(self, function: str, payload: object) -> None:
        """Call ``window.explorer.<function>(payload)``; queued until the page is ready.

        The payload travels as ``json.dumps`` output, never as script pasted together from
        article text.
        """
        if function not in PAGE_FUNCTIONS:
            raise ValueError(f"unknown map function {function!r}")
        script = f"window.explorer.{function}({json.dumps(payload, ensure_ascii=False)});"
        if self.is_ready:
            self._run_js(script)
        else:
            # Only the latest call of each function matters once the page is ready.
            prefix = f"window.explorer.{function}("
            self._queue = [s for s in self._queue if not s.startswith(prefix)]
            self._queue.append(script)

    @Slot(str)
    def receive(self, message: str) -> None:
        """The page's single way in: a JSON object with a ``kind``."""
        try:
            data = json.loads(message)
            kind = data["kind"]
        except (ValueError, KeyError, TypeError):
            log.warning("map page sent an unreadable message: %.200s", message)
            return
        if kind == "ready":
            self.is_ready = True
            for script in self._queue:
                self._run_js(script)
            self._queue.clear()
            self.ready.emit()
        elif kind == "event_clicked":
            self.event_clicked.emit(int(data["id"]))
        elif kind == "view_changed":
            self.view_changed.emit({"zoom": data.get("zoom"), "bounds": data.get("bounds")})
        elif kind == "drawn":
            self.drawn.emit(int(data.get("count", 0)))
        elif kind in ("location_picked", "near_requested"):
            point = _position(data)
            if point is not None:
                getattr(self, kind).emit(*point)
        elif kind == "picking_cancelled":
            self.picking_cancelled.emit()
        elif kind == "basemap_chosen":
            if _known(data, BASEMAPS):
                self.basemap_chosen.emit(data["name"])
        elif kind in ("basemap_failed", "tiles_loaded"):
            if _known(data, ONLINE):
                getattr(self, kind).emit(data["name"])
        else:
            log.warning("map page sent an unknown message kind %r", kind)


def _position(data: dict[str, Any]) -> tuple[float, float] | None:
    """``(lat, lon)`` of a message, if both are finite numbers on the globe."""
    lat, lon = data.get("lat"), data.get("lon")
    if _number(lat) and _number(lon) and abs(lat) <= 90 and abs(lon) <= 180:
        return float(lat), float(lon)
    log.warning("map page sent a %s without a usable position: %.200r", data.get("kind"), data)
    return None


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _known(data: dict[str, Any], names: tuple[str, ...]) -> bool:
    if data.get("name") in names:
        return True
    log.warning("map page sent a %s for an unknown basemap: %.200r", data.get("kind"), data)
    return False
