"""Offscreen rendering for exports, from the command line or the window: nothing is shown."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from explorer import paths
from explorer.atomic import write_bytes_atomically
from explorer.core.events import Event
from explorer.core.filters import EventFilter
from explorer.export.report_layout import (
    CSS_DPI,
    MM_PER_INCH,
    PAPERS,
    SnapshotSpec,
    event_label,
    footer,
    number_events,
)

if TYPE_CHECKING:  # Qt is imported lazily here, after the platform is chosen
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    from explorer.gui.map.view import MapView
    from explorer.gui.timeline.page import ExportedTimeline


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
    """Add ``texts`` to the PNG file ``path`` (:func:`with_png_text`), replacing it whole."""
    from explorer.gui.image_files import with_png_text

    try:
        labelled = with_png_text(path.read_bytes(), texts)
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None
    write_bytes_atomically(path, labelled)


def png_labels(title: str) -> dict[str, str]:
    return {"Software": f"{paths.DISPLAY_NAME} {app_version()}", "Title": title}


def export_timeline(
    events: Sequence[Event],
    output: Path,
    lanes: str = "type",
    size: tuple[int, int] = (1600, 0),
    scale: float = 2.0,
    language: str = "zh",
    *,
    event_filter: EventFilter | None = None,
    title: str | None = None,
    captions: bool = True,
) -> ExportedTimeline:
    """Render the timeline of ``events`` fitted to their dates into a PNG or SVG page:
    every lane, a legend, and (with ``captions``) the title (``title``, or one from the
    filter) and ``event_filter``'s caption. ``size`` is the page's width and least height:
    the page grows to show every lane. Returns what was drawn."""
    ensure_application()
    from explorer.export.timeline_page import TimelinePage, timeline_page
    from explorer.gui.timeline.items import TimelineData
    from explorer.gui.timeline.view import TimelineView

    view = TimelineView(language=language)
    view.resize(size[0], max(size[1], view.minimumHeight()))
    view.set_events(TimelineData(events, lanes))
    if captions:
        page = timeline_page(events, event_filter, language, title)
    else:
        page = TimelinePage(title="", caption="", language=language)
    if output.suffix.lower() == ".svg":
        return view.export_svg(output, page, min_height=size[1])
    labels = png_labels(page.title or f"{paths.DISPLAY_NAME}: timeline")
    return view.export_png(output, scale, labels, page, min_height=size[1])


def export_map(
    events: Sequence[Event],
    output: Path,
    size: tuple[int, int] = (1200, 900),
    scale: float = 2.0,
    caption: str = "",
    language: str = "zh",
    timeout_ms: int = 30000,
    basemap: str = "offline",
    *,
    spec: SnapshotSpec | None = None,
    data_date: date | None = None,
    districts: Sequence[str] = (),
) -> str:
    """Write the print-ready map snapshot of ``events`` (:func:`render_snapshot`) to a PNG
    or, for a ``.pdf`` output, a one-page PDF of the spec's paper.

    Without ``spec`` the snapshot is ``size`` CSS pixels drawn ``scale`` times denser, titled
    ``caption``. Returns the basemap drawn (``offline`` when online tiles could not load).
    """
    spec = spec or SnapshotSpec(title=caption, width=size[0], height=size[1], scale=scale)
    title = spec.title or caption or f"{paths.DISPLAY_NAME}: map"
    if output.suffix.lower() == ".pdf":
        return _printed_map(events, output, spec, title, language, data_date, basemap,
                            timeout_ms, districts)  # fmt: skip
    image, shown = _render(events, spec, language, data_date, basemap, timeout_ms, districts)
    from explorer.gui.image_files import png_bytes, with_png_text

    # Labelled in memory, written once: the user's file is replaced by a whole PNG or kept.
    write_bytes_atomically(output, with_png_text(png_bytes(image), png_labels(title)))
    return shown


def render_snapshot(
    events: Sequence[Event],
    spec: SnapshotSpec,
    language: str = "zh",
    data_date: date | None = None,
    basemap: str = "offline",
    timeout_ms: int = 30000,
    districts: Sequence[str] = (),
) -> QImage:
    """The print-ready map of ``events`` as an image of ``spec.pixel_size()``: no controls,
    the view fitted to the events (and to ``districts``, the filter's), numbered markers
    with labels (``spec.labels``), clusters only where labels would collide, title and
    subtitle, legend, scale bar, north arrow, attribution and the footer (counts and
    ``data_date``). Rendered offscreen through the app's MapView; nothing is written."""
    return _render(events, spec, language, data_date, basemap, timeout_ms, districts)[0]


def print_config(
    events: Sequence[Event],
    spec: SnapshotSpec,
    language: str,
    data_date: date | None,
    districts: Sequence[str],
) -> dict[str, object]:
    """What ``explorer.printLayout`` is given: the texts (made here, so the briefing's
    numbers and words are the map's) and which districts to fit."""
    numbers = number_events(events)
    texts = {}
    if spec.labels:
        texts = {
            e.id: event_label(e, numbers.get(e.id), language) for e in events if e.id is not None
        }
    return {
        "title": spec.title if spec.captions else "",
        "subtitle": spec.subtitle if spec.captions else "",
        "footer": footer(events, data_date, language) if spec.captions else "",
        "labels": spec.labels,
        "numbers": numbers,
        "texts": texts,
        "districts": list(districts),
    }


def _render(
    events: Sequence[Event],
    spec: SnapshotSpec,
    language: str,
    data_date: date | None,
    basemap: str,
    timeout_ms: int,
    districts: Sequence[str],
) -> tuple[QImage, str]:
    view, _drawn = snapshot_view(events, spec, language, data_date, basemap, timeout_ms, districts)
    try:
        image = view.grab().toImage()
    finally:
        basemap = view.basemap
        _dispose(view)
    # The image says how dense it is (a PNG's pHYs, the clipboard's DIB): pasted into Word,
    # WPS or a slide, an A4 snapshot at 300 dpi comes in A4-sized, not 3508 px at 96 dpi
    # (three times too wide); a pixel-sized one at its CSS size.
    dots_per_metre = round(spec.device_scale() * CSS_DPI / MM_PER_INCH * 1000)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image, basemap


def snapshot_view(
    events: Sequence[Event],
    spec: SnapshotSpec,
    language: str = "zh",
    data_date: date | None = None,
    basemap: str = "offline",
    timeout_ms: int = 30000,
    districts: Sequence[str] = (),
) -> tuple[MapView, dict[str, object]]:
    """An offscreen MapView of ``spec.pixel_size()`` with the print layout applied and
    painted, ready to ``grab()``, and what the layout drew (``events``, ``markers``,
    ``clusters``, ``unlabelled``, ``zoom``). The caller disposes of the view (tests read
    its page; :func:`render_snapshot` grabs it)."""
    ensure_application()
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from explorer.gui.map.view import MapView

    view = MapView(language=language)
    try:
        # Chromium paints only a shown view, but this one is never put on the screen:
        # exporting from the window must not cover it with a second window while it renders.
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        view.set_basemap(basemap)
        # Laid out at the paper's CSS size, drawn dpi/96 denser: 150 and 300 dpi alike.
        view.setZoomFactor(spec.device_scale())
        view.resize(*spec.pixel_size())
        view.show()
        _wait(view.bridge.ready, view.load_page, timeout_ms, "the map page did not start")
        _wait(view.bridge.drawn, lambda: view.set_events(events), timeout_ms,
              "the events were not drawn")  # fmt: skip
        drawn = _apply_print_layout(
            view, print_config(events, spec, language, data_date, districts), timeout_ms
        )
        if not view.wait_for_basemap(timeout_ms):
            raise TimeoutError("the basemap tiles did not load")
        _wait_for_fitted_tiles(view, timeout_ms)
        settle = QEventLoop()
        QTimer.singleShot(400, settle.quit)  # the refitted basemap and the markers paint
        settle.exec()
    except BaseException:
        _dispose(view)
        raise
    return view, drawn


def _wait_for_fitted_tiles(view: MapView, timeout_ms: int) -> None:
    """The basemap was ready for the view before the fit; online tiles of the fitted view
    load now (the offline basemap has none): wait for them, as long as ``timeout_ms``."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer

    deadline = QDeadlineTimer(timeout_ms)
    while not deadline.hasExpired():
        if _evaluate(view, "window.explorerPrint.tilesLoading()", 1000) is False:
            return
        pause = QEventLoop()
        QTimer.singleShot(100, pause.quit)
        pause.exec()
    raise TimeoutError("the basemap tiles of the fitted view did not load")


def _evaluate(view: MapView, expression: str, timeout_ms: int) -> object:
    """The value of a JavaScript expression on the view's page (a JSON round trip; None if
    it did not answer in time)."""
    import json

    from PySide6.QtCore import QEventLoop, QTimer

    answers: list[object] = []
    loop = QEventLoop()
    view.page().runJavaScript(
        f"JSON.stringify(({expression}) ?? null)",
        0,
        lambda text: (answers.append(json.loads(text or "null")), loop.quit()),
    )
    QTimer.singleShot(timeout_ms, loop.quit)
    if not answers:
        loop.exec()
    return answers[0] if answers else None


def _apply_print_layout(
    view: MapView, config: Mapping[str, object], timeout_ms: int
) -> dict[str, object]:
    from PySide6.QtCore import QEventLoop, QTimer

    laid_out: list[object] = []
    loop = QEventLoop()
    view.print_layout(config, lambda result: (laid_out.append(result), loop.quit()))
    QTimer.singleShot(timeout_ms, loop.quit)
    if not laid_out:
        loop.exec()
    if not laid_out or not isinstance(laid_out[0], dict):
        raise TimeoutError("the print layout was not applied")
    if "error" in laid_out[0]:
        raise RuntimeError(f"the print layout failed: {laid_out[0]['error']}")
    return laid_out[0]


def _printed_map(
    events: Sequence[Event],
    output: Path,
    spec: SnapshotSpec,
    title: str,
    language: str,
    data_date: date | None,
    basemap: str,
    timeout_ms: int,
    districts: Sequence[str],
) -> str:
    """The laid-out snapshot page printed by Chromium onto one page of the spec's paper (a
    pixel-sized spec: a page of its CSS size): title, labels, legend and footer stay text
    a reader can search and copy, markers and outlines stay sharp at any zoom, as in a
    QGIS layout's PDF. Returns the basemap drawn."""
    import tempfile

    from explorer.export.pdf_text import fix_pdf

    view, _drawn = snapshot_view(events, spec, language, data_date, basemap, timeout_ms, districts)
    try:
        shown = view.basemap
        words = _evaluate(view, "document.body.innerText", timeout_ms)
        with tempfile.TemporaryDirectory(prefix="snapshot-") as folder:
            # Printed in a folder of ours, then written by Python: Chromium reports a failed
            # write only as "not printed", and the user's file is replaced whole or kept.
            printed = Path(folder) / "map.pdf"
            _print_page(view, printed, spec, timeout_ms)
            # Copyable Chinese (门, not the radical ⻔ Noto draws alike), and the title.
            fix_pdf(printed, title, words if isinstance(words, str) else None)
            write_bytes_atomically(output, printed.read_bytes())
    finally:
        _dispose(view)
    return shown


def _print_page(view: MapView, output: Path, spec: SnapshotSpec, timeout_ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QMarginsF, QSizeF, QTimer
    from PySide6.QtGui import QPageLayout, QPageSize

    if spec.paper is not None:
        mm_w, mm_h = PAPERS[spec.paper]
        # The standard sizes by name: Chromium rounds a custom A4 to 840.96 × 594.96 pt.
        named = QPageSize.PageSizeId.A4 if spec.paper.startswith("a4") else QPageSize.PageSizeId.A3
        page = QPageSize(named)
    else:  # CSS pixels are 1/96 inch; QPageSize is measured upright, the orientation turns it
        mm_w, mm_h = (side / CSS_DPI * MM_PER_INCH for side in spec.css_size())
        upright = QSizeF(min(mm_w, mm_h), max(mm_w, mm_h))
        page = QPageSize(
            upright, QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.ExactMatch
        )
    orientation = (
        QPageLayout.Orientation.Landscape if mm_w > mm_h else QPageLayout.Orientation.Portrait
    )
    layout = QPageLayout(page, orientation, QMarginsF(0, 0, 0, 0))
    printed: list[bool] = []
    loop = QEventLoop()
    view.page().pdfPrintingFinished.connect(lambda _path, ok: (printed.append(ok), loop.quit()))
    QTimer.singleShot(timeout_ms, loop.quit)
    view.page().printToPdf(str(output), layout)
    if not printed:
        loop.exec()
    if not printed or not printed[0] or not output.exists():
        raise OSError(f"{output}: the PDF could not be written")


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
