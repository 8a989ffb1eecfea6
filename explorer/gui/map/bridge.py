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
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

# The page functions Python may call; anything else is a programming error.
PAGE_FUNCTIONS = frozenset({"loadEvents", "showOnly", "select", "setTheme"})


class MapBridge(QObject):
    """JS → Python through :meth:`receive` (JSON in); Python → JS through :meth:`call`."""

    ready = Signal()
    event_clicked = Signal(int)
    view_changed = Signal(object)
    drawn = Signal(int)

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
        else:
            log.warning("map page sent an unknown message kind %r", kind)
