"""The briefing document, PDF or DOCX, rendered offscreen: from the CLI or the window.

The map and the timeline are rendered to PNGs by :mod:`explorer.gui.headless`; the PDF is
the briefing's HTML printed by QtWebEngine (``QWebEnginePage.printToPdf``). Chromium lays
out tables across pages (repeated header rows, rows kept whole), embeds subsets of the CJK
fonts and writes their ToUnicode maps, so the text is selectable in any reader without
font packs; QTextDocument + QPdfWriter would do neither the paged table nor CSS. The
model and the DOCX are Qt-free (:mod:`explorer.export.briefing`).

Call on the GUI thread: QtWebEngine lives there, and the rendering runs its own event
loops (as the map snapshot does). It takes a few seconds.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from explorer.atomic import write_bytes_atomically
from explorer.core.events import Event
from explorer.core.filters import EventFilter
from explorer.export.briefing import Briefing, build_briefing
from explorer.export.briefing_docx import write_briefing_docx
from explorer.export.briefing_html import briefing_html
from explorer.export.pdf_text import fix_pdf
from explorer.export.report_layout import SnapshotSpec
from explorer.gui.headless import ensure_application, export_map, export_timeline
from explorer.gui.timeline.items import subject_keys
from explorer.store.dialect import StoreConnection
from explorer.store.repository import data_date
from explorer.store.sources import event_source

FORMATS = (".pdf", ".docx")
# Lanes by project read best; past this many projects the timeline is a wall of lanes and
# is drawn by type instead.
MAX_PROJECT_LANES = 12
# The pictures' layout sizes in CSS pixels, drawn twice as dense (250–280 dpi across
# A4's 18 cm): the map fills a portrait page; the timeline is laid out narrow enough that
# its labels stay readable (about 5 pt) when it is fitted to the page's width. It is as
# tall as its lanes need (every lane, with the legend); the page scales it to fit.
MAP_SIZE = (900, 1100)
TIMELINE_WIDTH = 1000
SCALE = 2.0
PDF_TIMEOUT_MS = 60000


def export_briefing(
    conn: StoreConnection,
    events: Sequence[Event],
    path: Path,
    event_filter: EventFilter | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    language: str = "zh",
    lanes: str | None = None,
) -> None:
    """Write the briefing of ``events`` (the shown ones, from ``conn``'s store) to ``path``
    (.pdf or .docx). ``title``/``subtitle`` replace the defaults of the filter; ``lanes``
    is ``type`` or ``subject`` (default: by project unless there are too many). The file
    appears whole or not at all. Raises ``ValueError`` (no events, unknown format),
    ``OSError`` and ``TimeoutError``."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: a briefing is .pdf or .docx")
    if not events:
        raise ValueError("no events are shown: a briefing of nothing is not written")
    briefing = build_briefing(
        events,
        partial(event_source, conn),
        event_filter,
        language,
        title,
        subtitle,
        data_date(conn),
    )
    ensure_application()
    with tempfile.TemporaryDirectory(prefix="briefing-") as folder:
        work = Path(folder)
        map_png, timeline_png = work / "map.png", work / "timeline.png"
        districts = sorted(event_filter.districts) if event_filter else []
        _map_image(events, map_png, briefing, language, districts)
        lanes = lanes or choose_lanes(events)
        # The page's heading and the subtitle say what and which filter: legend only.
        export_timeline(
            events, timeline_png, lanes, (TIMELINE_WIDTH, 0), SCALE, language, captions=False
        )
        if suffix == ".pdf":
            write_bytes_atomically(path, _printed_pdf(briefing, work))
        else:
            # In memory first: python-docx leaves its zip file open when a write fails, and
            # the zip's clean-up then prints a traceback at exit.
            document = io.BytesIO()
            write_briefing_docx(briefing, map_png, timeline_png, document)
            write_bytes_atomically(path, document.getvalue())


def choose_lanes(events: Sequence[Event]) -> str:
    """``subject`` (one lane a project) when the projects are few, else ``type``."""
    projects = set(subject_keys([e.subject or e.title for e in events]))
    return "subject" if len(projects) <= MAX_PROJECT_LANES else "type"


def _map_image(
    events: Sequence[Event],
    output: Path,
    briefing: Briefing,
    language: str,
    districts: Sequence[str] = (),
) -> None:
    """Page 1's picture: the print snapshot, its labels numbered as the table's rows, with
    legend, scale and north arrow; title and counts are the page's own text."""
    spec = SnapshotSpec(width=MAP_SIZE[0], height=MAP_SIZE[1], scale=SCALE, captions=False)
    export_map(events, output, language=language, spec=spec, districts=districts)


def _printed_pdf(briefing: Briefing, work: Path) -> bytes:
    """The briefing's HTML (beside its pictures in ``work``) printed to PDF.

    Printed and fixed in the work folder, then written by Python into the user's folder:
    Chromium writing there would report a failed write only as "not printed", and the
    temporary beside the user's file lives only for the copy."""
    page, printed = work / "briefing.html", work / "briefing.pdf"
    page.write_text(briefing_html(briefing, "map.png", "timeline.png"), encoding="utf-8")
    print_to_pdf(page, printed)
    # Copyable Chinese text (as the page's own characters), and the title Chromium omits.
    fix_pdf(printed, briefing.title, page.read_text(encoding="utf-8"))
    return printed.read_bytes()


def print_to_pdf(page: Path, output: Path, timeout_ms: int = PDF_TIMEOUT_MS) -> None:
    """Load the HTML file ``page`` offscreen and print it to ``output`` on A4 portrait."""
    from PySide6.QtCore import QEventLoop, QMarginsF, QTimer, QUrl
    from PySide6.QtGui import QPageLayout, QPageSize
    from PySide6.QtWebEngineCore import QWebEnginePage

    # A page without a view: nothing is shown, and nothing needs painting to print.
    web = QWebEnginePage()
    loop = QEventLoop()
    loaded: list[bool] = []
    printed: list[bool] = []
    web.loadFinished.connect(lambda ok: (loaded.append(ok), loop.quit()))
    web.pdfPrintingFinished.connect(lambda _path, ok: (printed.append(ok), loop.quit()))
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    try:
        timer.start(timeout_ms)
        web.load(QUrl.fromLocalFile(str(page)))  # a file, not setHtml: pictures exceed 2 MB
        if not loaded:
            loop.exec()
        if not loaded or not loaded[0]:
            raise TimeoutError("the briefing page did not load")
        layout = QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
        timer.start(timeout_ms)
        web.printToPdf(str(output), layout)
        if not printed:
            loop.exec()
        if not printed or not printed[0]:
            raise OSError(f"{output}: the PDF could not be written")
    finally:
        timer.stop()
        _delete_now(web)


def _delete_now(page: object) -> None:
    """A page still alive when Qt releases the web profile at exit crashes the process."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    assert isinstance(page, QObject)
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
