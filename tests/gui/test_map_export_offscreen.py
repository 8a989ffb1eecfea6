"""Exporting a map snapshot from the window renders offscreen: nothing new appears on screen."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from explorer.gui.map.view import MapView


def _on_screen(widget) -> bool:
    """Whether a top-level widget is on the screen: its native window is shown (a widget with
    WA_DontShowOnScreen counts as visible to Qt but never gets a shown window)."""
    handle = widget.windowHandle()
    return widget.isVisible() and handle is not None and handle.isVisible()


def test_map_snapshot_from_the_window_opens_no_second_window(qtbot, window, tmp_path) -> None:
    seen_on_screen: list[str] = []
    renderers: list[MapView] = []

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget is window:
                continue
            if isinstance(widget, MapView):
                renderers.append(widget)
            if _on_screen(widget):
                seen_on_screen.append(type(widget).__name__)

    watch = QTimer()
    watch.setInterval(20)
    watch.timeout.connect(look)
    watch.start()  # runs inside the export's own event loops
    try:
        window.export("png_map", tmp_path / "m.png")
    finally:
        watch.stop()
    look()
    assert renderers, "the export rendered in a view of its own"  # the watch saw it work
    assert seen_on_screen == []
    image = QImage(str(tmp_path / "m.png"))
    assert (image.width(), image.height()) == (2400, 1800)  # 1200 × 900 at 2×
    colours = {
        image.pixelColor(x, y).name() for x in range(0, 2400, 15) for y in range(0, 1800, 15)
    }
    assert len(colours) > 30  # districts, labels, legend: the map, not a blank page
