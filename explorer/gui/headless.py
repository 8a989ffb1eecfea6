"""Offscreen rendering for command-line exports (no window is shown)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from explorer.core.events import Event


def ensure_application() -> object:
    """A QApplication, offscreen when there is no display (servers, CI, scripts)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def export_timeline(
    events: Sequence[Event],
    output: Path,
    lanes: str = "type",
    size: tuple[int, int] = (1600, 700),
    scale: float = 2.0,
    language: str = "zh",
) -> None:
    """Render the timeline of ``events`` fitted to their dates into a PNG or SVG file."""
    ensure_application()
    from explorer.gui.timeline.items import TimelineData
    from explorer.gui.timeline.view import TimelineView

    view = TimelineView(language=language)
    view.resize(*size)
    view.set_events(TimelineData(events, lanes))
    if output.suffix.lower() == ".svg":
        view.export_svg(output)
    else:
        view.export_png(output, scale)
