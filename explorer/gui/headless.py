"""Offscreen rendering for exports, from the command line or the window: nothing is shown."""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from explorer import paths
from explorer.core.events import Event

if TYPE_CHECKING:  # Qt is imported lazily here, after the platform is chosen
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QWidget


def prepare_webengine() -> None:
    """Chromium refuses to run as root with its sandbox; containers and CI often are root."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} --no-sandbox".strip()


def ensure_application() -> object:
    """A QApplication, offscreen when there is no display (servers, CI, scripts), carrying
    the app's name, version and icon (window titles, task bars, exported PNGs)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    prepare_webengine()
    from PySide6 import QtWebEngineWidgets  # noqa: F401 - before the QApplication exists
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing or QApplication([])
    if not existing:  # tests and scripts that made their own application keep its names
        app.setApplicationName(paths.APP_NAME)
        app.setApplicationDisplayName(paths.DISPLAY_NAME)
        app.setApplicationVersion(app_version())
        app.setDesktopFileName(paths.ICON_NAME)  # Wayland finds the icon through the entry
        icon = QIcon()
        for file in paths.icon_files():
            icon.addFile(str(file))
        app.setWindowIcon(icon)
    return app


def app_version() -> str:
    try:
        return version("jiangmen-explorer")
    except PackageNotFoundError:
        return "0+unknown"


def label_png(path: Path, texts: Mapping[str, str]) -> None:
    """Write ``texts`` (``Software``, ``Title`` …) into a PNG file as UTF-8 ``iTXt`` chunks
    after its header, so an exported picture says what made it and what it shows."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError(f"{path}: not a PNG file")
    header_end = 8 + 12 + struct.unpack(">I", data[8:12])[0]
    chunks = b""
    for key, text in texts.items():
        body = key.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
        crc = zlib.crc32(b"iTXt" + body)
        chunks += struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", crc)
    path.write_bytes(data[:header_end] + chunks + data[header_end:])


def png_labels(title: str) -> dict[str, str]:
    return {"Software": f"{paths.DISPLAY_NAME} {app_version()}", "Title": title}


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
        label_png(output, png_labels(f"{paths.DISPLAY_NAME}: timeline"))


def export_map(
    events: Sequence[Event],
    output: Path,
    size: tuple[int, int] = (1200, 900),
    scale: float = 2.0,
    caption: str = "",
    language: str = "zh",
    timeout_ms: int = 30000,
    basemap: str = "offline",
) -> str:
    """Render the map of ``events`` offscreen into a PNG, through the app's own MapView.

    The page is laid out at ``size`` CSS pixels and drawn ``scale`` times denser, so a 2×
    snapshot has the same composition as the screen, with sharper text for print.
    ``basemap`` may name online tiles (``osm``, ``amap``, ``amap-satellite``): the snapshot
    waits for them, or, when they cannot be loaded, has the offline basemap. Returns the
    basemap drawn.
    """
    ensure_application()
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from explorer.gui.map.view import MapView

    view = MapView(language=language)
    # Chromium paints only a shown view, but this one is never put on the screen: exporting
    # from the window must not cover it with a second, full-size window while it renders.
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.set_basemap(basemap)
    view.setZoomFactor(scale)
    view.resize(int(size[0] * scale), int(size[1] * scale))
    view.show()
    _wait(view.bridge.ready, view.load_page, timeout_ms, "the map page did not start")
    _wait(
        view.bridge.drawn,
        lambda: view.set_events(events, caption),
        timeout_ms,
        "the events were not drawn",
    )
    if not view.wait_for_basemap(timeout_ms):
        raise TimeoutError("the basemap tiles did not load")
    shown = view.basemap
    settle = QEventLoop()
    QTimer.singleShot(600, settle.quit)  # let cluster icons and labels paint
    settle.exec()
    saved = view.grab().save(str(output))
    _dispose(view)
    if not saved:
        raise OSError(f"{output}: cannot write the PNG")
    label_png(output, png_labels(caption or f"{paths.DISPLAY_NAME}: map"))
    return shown


def _dispose(view: QWidget) -> None:
    """Delete a web view now: a page still alive when Qt releases its profile at exit
    crashes the process."""
    from PySide6.QtCore import QCoreApplication, QEvent

    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _wait(
    signal: SignalInstance, start: Callable[[], object], timeout_ms: int, problem: str
) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired: list[bool] = []
    signal.connect(lambda *_: (fired.append(True), loop.quit()))
    QTimer.singleShot(timeout_ms, loop.quit)
    start()
    if not fired:
        loop.exec()
    if not fired:
        raise TimeoutError(problem)
