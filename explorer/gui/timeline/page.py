"""An exported timeline as a page: title, filter caption, every lane, legend and counts.

The page is laid out around an unshown twin of the view (``TimelineView.export_twin``),
as tall as its lanes need: an export is never cut to the dock's height or to the lanes
scrolled to (issue 17). The words come from :mod:`explorer.export.timeline_page`, so the
window, ``explorer export-timeline`` and the briefing say the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPalette, QPen
from PySide6.QtSvg import QSvgGenerator

from explorer.atomic import write_bytes_atomically
from explorer.core.vocabulary import TYPE_COLORS, TYPE_LABELS
from explorer.core.xml_text import xml_safe
from explorer.export.timeline_page import TimelinePage
from explorer.gui.image_files import memory_device, png_bytes, with_png_text
from explorer.gui.theme import light_palette

MARGIN = 16.0
MARK_WIDTH = 18.0
ENTRY_GAP = 18.0


class PageBody(Protocol):
    """What the page needs of the timeline it is laid out around (a TimelineView)."""

    painted_lanes: list[str]

    def width(self) -> int: ...
    def height(self) -> int: ...
    def font(self) -> QFont: ...
    def paint_onto(self, painter: QPainter, palette: QPalette) -> None: ...
    def lane_rects(self) -> dict[str, QRectF]: ...
    def legend_marks(self) -> tuple[list[str], list[str]]: ...
    def drawn_counts(self) -> tuple[int, int, int, str]: ...


@dataclass(frozen=True, slots=True)
class ExportedTimeline:
    """What an export drew: the lane headers top to bottom, each lane's rectangle on the
    picture ``(x, y, width, height)`` in its pixels, the picture's size, and the legend's
    labels."""

    lanes: tuple[str, ...]
    lane_rects: tuple[tuple[float, float, float, float], ...]
    size: tuple[int, int]
    legend: tuple[str, ...] = field(default=())

    def scaled(self, factor: float) -> ExportedTimeline:
        rects = tuple(tuple(v * factor for v in rect) for rect in self.lane_rects)
        width, height = self.size
        return ExportedTimeline(
            self.lanes,
            rects,  # type: ignore[arg-type]
            (int(width * factor), int(height * factor)),
            self.legend,
        )


@dataclass(frozen=True, slots=True)
class _Entry:
    mark: str  # a type key, or a mark of assets/help/timeline_legend.json
    label: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class _Layout:
    width: int
    height: int
    title: QRectF
    caption: QRectF
    body_top: float
    entries: tuple[_Entry, ...]
    note: QRectF


def _fonts(body: PageBody) -> tuple[QFont, QFont]:
    text = QFont(body.font())
    title = QFont(text)
    title.setBold(True)
    title.setPointSizeF(text.pointSizeF() * 1.35)
    return title, text


def _layout(body: PageBody, page: TimelinePage, min_height: int = 0) -> _Layout:
    title_font, text_font = _fonts(body)
    width = body.width()
    inner = width - 2 * MARGIN
    text = QFontMetricsF(text_font)
    y = MARGIN * 0.75
    title = QRectF(MARGIN, y, inner, 0)
    if page.title:
        title.setHeight(QFontMetricsF(title_font).height())
        y = title.bottom() + 2
    caption = QRectF(MARGIN, y, inner, 0)
    if page.caption:
        wrapped = text.boundingRect(
            QRectF(0, 0, inner, 10_000), Qt.TextFlag.TextWordWrap, xml_safe(page.caption)
        )
        caption.setHeight(wrapped.height())
        y = caption.bottom()
    body_top = y + 6 if (page.title or page.caption) else 0.0
    y = body_top + body.height() + 8
    entries = []
    x, line = MARGIN, text.height() + 4
    types, marks = body.legend_marks()
    labelled = [(t, TYPE_LABELS[t][0 if page.zh else 1]) for t in types]
    labelled += [(m, page.mark_label(m)) for m in marks]
    for mark, label in labelled:
        advance = MARK_WIDTH + 5 + text.horizontalAdvance(label)
        if x > MARGIN and x + advance > width - MARGIN:
            x, y = MARGIN, y + line
        entries.append(_Entry(mark, label, x, y))
        x += advance + ENTRY_GAP
    y += line
    note = QRectF(MARGIN, y, inner, text.height())
    height = max(min_height, int(note.bottom() + MARGIN * 0.75) + 1)
    return _Layout(width, height, title, caption, body_top, tuple(entries), note)


def page_size(body: PageBody, page: TimelinePage, min_height: int = 0) -> tuple[int, int]:
    """The page's size in logical pixels: the body's width, as tall as everything needs
    (and ``min_height`` at the least)."""
    layout = _layout(body, page, min_height)
    return layout.width, layout.height


def paint_page(
    painter: QPainter, body: PageBody, page: TimelinePage, palette: QPalette, min_height: int = 0
) -> ExportedTimeline:
    """Paint the page onto ``painter`` (sized by :func:`page_size`) in ``palette``'s
    colours; returns what was drawn."""
    layout = _layout(body, page, min_height)
    title_font, text_font = _fonts(body)
    painter.fillRect(QRectF(0, 0, layout.width, layout.height), palette.base())
    painter.setPen(palette.text().color())
    if page.title:
        painter.setFont(title_font)
        title = painter.fontMetrics().elidedText(
            xml_safe(page.title), Qt.TextElideMode.ElideRight, int(layout.title.width())
        )
        painter.drawText(layout.title, Qt.AlignmentFlag.AlignLeft, title)
    painter.setFont(text_font)
    if page.caption:
        flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        painter.drawText(layout.caption, int(flags), xml_safe(page.caption))
    painter.save()
    painter.translate(0, layout.body_top)
    painter.setClipRect(QRectF(0, 0, body.width(), body.height()))  # grid lines overshoot
    body.paint_onto(painter, palette)
    painter.restore()
    painter.setFont(text_font)
    for entry in layout.entries:
        _paint_mark(painter, palette, entry)
    painter.setPen(palette.text().color())
    painter.drawText(layout.note, Qt.AlignmentFlag.AlignLeft, page.count_note(*body.drawn_counts()))
    rects = tuple(
        (r.x(), r.y() + layout.body_top, r.width(), r.height()) for r in body.lane_rects().values()
    )
    return ExportedTimeline(
        tuple(body.painted_lanes),
        rects,
        (layout.width, layout.height),
        tuple(entry.label for entry in layout.entries),
    )


def write_png(
    body: PageBody,
    path: Path,
    page: TimelinePage,
    scale: float = 2.0,
    labels: Mapping[str, str] | None = None,
    min_height: int = 0,
) -> ExportedTimeline:
    """The page as a PNG ``scale`` times denser, with ``labels``, the title, the caption
    and the lanes' headers (``Lanes``, a line each) as text chunks; the file is replaced
    whole or not at all. Light whatever the theme: exports go into printed reports."""
    width, height = page_size(body, page, min_height)
    image = QImage(int(width * scale), int(height * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.scale(scale, scale)
    drawn = paint_page(painter, body, page, light_palette(), min_height)
    painter.end()
    texts = {"Title": page.title, **(labels or {}), "Lanes": "\n".join(drawn.lanes)}
    if page.caption:
        texts.setdefault("Description", page.caption)
    write_bytes_atomically(path, with_png_text(png_bytes(image), texts))
    return drawn.scaled(scale)


def write_svg(
    body: PageBody, path: Path, page: TimelinePage, min_height: int = 0
) -> ExportedTimeline:
    """The page as SVG, light, replaced whole or not at all."""
    width, height = page_size(body, page, min_height)
    # Into memory: QSvgGenerator on a file name truncates it and ignores failed writes.
    buffer, data = memory_device()
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(xml_safe(page.title) or "Jiangmen Explorer timeline")
    painter = QPainter(generator)
    drawn = paint_page(painter, body, page, light_palette(), min_height)
    painter.end()
    buffer.close()
    write_bytes_atomically(path, bytes(data.data()))
    return drawn


def _paint_mark(painter: QPainter, palette: QPalette, entry: _Entry) -> None:
    """The legend's swatch of ``entry.mark`` and its label, on one line."""
    metrics = painter.fontMetrics()
    middle = entry.y + metrics.height() / 2
    grey = QColor(palette.text().color())
    grey.setAlpha(170)
    x = entry.x
    painter.save()
    if entry.mark in TYPE_COLORS or entry.mark in ("occurred", "planned"):
        colour = QColor(TYPE_COLORS.get(entry.mark, grey.name()))
        painter.setPen(QPen(colour if entry.mark in TYPE_COLORS else grey, 2))
        painter.setBrush(palette.base() if entry.mark == "planned" else colour)
        if entry.mark == "occurred":
            painter.setBrush(grey)
        painter.drawEllipse(QPointF(x + MARK_WIDTH / 2, middle), 5, 5)
    elif entry.mark == "period":
        painter.setPen(QPen(grey, 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        left, right, line = x + 1, x + MARK_WIDTH - 1, middle + 4
        painter.drawPolyline(
            [QPointF(left, line - 6), QPointF(left, line), QPointF(right, line),
             QPointF(right, line - 6)]
        )  # fmt: skip
    elif entry.mark == "range":
        painter.setPen(QPen(grey, 1.2))
        painter.setBrush(grey)
        painter.drawRect(QRectF(x + 1, middle - 1.5, MARK_WIDTH - 2, 3.5))
    else:  # histogram
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(grey)
        for i, tall in enumerate((5.0, 10.0, 7.0)):
            painter.drawRect(QRectF(x + 2 + i * 5, middle + 5 - tall, 3, tall))
    painter.restore()
    painter.setPen(palette.text().color())
    painter.drawText(QPointF(x + MARK_WIDTH + 5, entry.y + metrics.ascent()), entry.label)
