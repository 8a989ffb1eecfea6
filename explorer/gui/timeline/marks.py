"""What a lane's events are drawn as: glyphs, period brackets, bars, lifelines, histograms.

One :class:`LanePainter` a paint, for the view and for an export's twin alike; it records
what it drew (:class:`Mark`), so tests and exports can tell a bracket from a glyph without
reading pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen

from explorer.core.vocabulary import EVENT_TYPES, TYPE_COLORS
from explorer.gui.timeline.items import Lane, TimelineData
from explorer.gui.timeline.layout import Density
from explorer.gui.timeline.scale import Viewport, bin_counts, duration_label

GLYPH_RADIUS = 5.0
BIN_PX = 3.0


@dataclass(frozen=True, slots=True)
class LaneBox:
    """Where a lane is drawn (widget coordinates, after the scroll) and how densely."""

    lane: Lane
    top: float
    height: float
    density: Density


@dataclass(frozen=True, slots=True)
class Mark:
    """What an event was drawn as at the last paint.

    ``kind`` is ``glyph`` (a day), ``hollow`` (a planned day), ``bracket`` (a month,
    quarter, half or year: the period, labelled ``label`` where it fits) or ``bar`` (a run
    of days); ``rect`` is where, in widget coordinates.
    """

    event_id: int
    kind: str
    rect: QRectF
    label: str = ""


@dataclass(slots=True)
class LanePainter:
    """Draws lanes' contents onto ``painter`` in ``palette``'s colours; ``marks`` collects
    what each event was drawn as, by id."""

    painter: QPainter
    palette: QPalette
    data: TimelineData
    viewport: Viewport
    language: str
    selected: int | None
    small_font: QFont
    marks: dict[int, Mark] = field(default_factory=dict)

    def histogram(self, box: LaneBox, lane: Lane, lo: int, hi: int) -> None:
        """Too dense for glyphs: counts per pixel bin, coloured by the lane's main type.

        The bars are rasterised with numpy into one image: thousands of drawRect calls
        were most of a frame at 100k events.
        """
        painter, palette = self.painter, self.palette
        vp = self.viewport
        counts = bin_counts(lane.starts[lo:hi] + 0.5, vp, BIN_PX)  # a slice: no copy
        peak = counts.max(initial=0)
        width, height = int(vp.width), int(box.height - 6)
        if not peak or width <= 0 or height <= 0:
            return
        colour = blend(
            QColor(TYPE_COLORS[EVENT_TYPES[lane.main_type]]),
            palette.base().color(),
            0.75,
        )
        bars = np.ceil(height * np.sqrt(counts / peak)).astype(np.int32)  # sqrt: 1 stays visible
        bars[counts > 0] = np.maximum(bars[counts > 0], 2)
        columns = np.repeat(bars, int(BIN_PX))[:width]
        columns[np.arange(len(columns)) % int(BIN_PX) == int(BIN_PX) - 1] = 0  # gaps between bars
        filled = np.arange(height)[:, None] >= (height - columns)[None, :]
        pixels = np.where(filled, np.uint32(colour.rgba()), np.uint32(0)).astype(np.uint32)
        image = QImage(
            pixels.tobytes(), len(columns), height, len(columns) * 4, QImage.Format.Format_ARGB32
        )
        painter.drawImage(QPointF(vp.left, box.top + 3), image)

    def event(self, box: LaneBox, position: int, index: int) -> None:
        painter, palette = self.painter, self.palette
        data, vp, density = self.data, self.viewport, box.density
        color = QColor(TYPE_COLORS[EVENT_TYPES[data.type_index[index]]])
        planned = bool(data.planned[index])
        event_id = int(data.ids[index])
        selected = self.selected is not None and event_id == self.selected
        if data.is_day[index]:
            centre = QPointF(float(vp.x(data.start[index] + 0.5)), box.top + density.point_row / 2)
            painter.setPen(QPen(color, 2))  # planned: hollow
            painter.setBrush(palette.base() if planned else color)
            painter.drawEllipse(centre, GLYPH_RADIUS, GLYPH_RADIUS)
            if selected:
                painter.setPen(QPen(palette.highlight().color(), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(centre, GLYPH_RADIUS + 4, GLYPH_RADIUS + 4)
            r = GLYPH_RADIUS
            glyph = QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r)
            self.marks[event_id] = Mark(event_id, "hollow" if planned else "glyph", glyph)
            return
        row = int(box.lane.rows[position]) % density.max_rows
        top = box.top + density.point_row + row * density.span_row
        left, right = float(vp.x(data.start[index])), float(vp.x(data.end[index]))
        rect = QRectF(left, top, max(2.0, right - left), density.span_row)
        if selected:
            pen = QPen(palette.highlight().color(), 2.2)
        else:
            pen = QPen(color, 1.4, Qt.PenStyle.DashLine if planned else Qt.PenStyle.SolidLine)
        if data.is_period[index]:
            label = self.bracket(rect, pen, index, density.labelled)
            self.marks[event_id] = Mark(event_id, "bracket", rect, label)
            return
        # A run of days stated day by day: a real duration, a thin bar of that width.
        fill = QColor(color)
        fill.setAlpha(40 if planned else 110)
        painter.setPen(pen)
        painter.setBrush(fill)
        bar = QRectF(left, rect.bottom() - 5, rect.width(), 3.5)
        painter.drawRect(bar)
        self.marks[event_id] = Mark(event_id, "bar", bar)

    def bracket(
        self,
        rect: QRectF,
        pen: QPen,
        index: int,
        labelled: bool,
    ) -> str:
        """A month, quarter, half or year: an open bracket ⊏⊐ from its first day to its
        last, its label (2022年第一季度) inside where it fits; returns the label drawn.

        Never a filled bar: a year-level event happened some time in that year, it did not
        take a year (issue 17)."""
        painter, palette = self.painter, self.palette
        line_y = rect.bottom() - 1.5
        tick = min(6.0, rect.height() - 1.5)
        left, right = rect.left() + 0.7, rect.right() - 0.7
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(
            [
                QPointF(left, line_y - tick),
                QPointF(left, line_y),
                QPointF(right, line_y),
                QPointF(right, line_y - tick),
            ]
        )
        if not labelled or right - left < 24:
            return ""
        painter.setFont(self.small_font)
        metrics = painter.fontMetrics()
        label = self.data.period_label(index, self.language)
        if metrics.horizontalAdvance(label) > right - left - 6:
            return ""  # "20…" would say nothing; the tooltip has the whole label
        painter.setPen(palette.text().color())
        width = metrics.horizontalAdvance(label)
        painter.drawText(QPointF((left + right - width) / 2, line_y - 3), label)
        return label

    def lifeline(self, box: LaneBox, indices: np.ndarray) -> None:
        """A project's milestones joined in order, with the time between day milestones."""
        painter, palette = self.painter, self.palette
        data, vp = self.data, self.viewport
        order = indices[np.argsort(data.start[indices], kind="stable")]
        if len(order) < 2:
            return
        y = box.top + box.density.point_row / 2
        line = QColor(palette.text().color())
        line.setAlpha(100)  # quiet in both themes: grey on light, light grey on dark
        painter.setPen(QPen(line, 1.5))
        xs = [float(vp.x((data.start[i] + data.end[i]) / 2)) for i in order]
        for x0, x1 in pairwise(xs):
            painter.drawLine(QPointF(x0, y), QPointF(x1, y))
        painter.setPen(palette.text().color())
        painter.setFont(self.small_font)
        for a, b, x0, x1 in zip(order, order[1:], xs, xs[1:], strict=False):
            if x1 - x0 <= 56:
                continue
            exact = data.is_day[a] and data.is_day[b]
            days = (data.start[b] + data.end[b] - data.start[a] - data.end[a]) / 2
            label = duration_label(round(days), self.language)
            if not exact:  # between a month and a quarter, say so: never a made-up count
                label = ("约 " if self.language.startswith("zh") else "~") + label
            width = painter.fontMetrics().horizontalAdvance(label)
            painter.drawText(QPointF((x0 + x1 - width) / 2, y - 4), label)


def blend(colour: QColor, base: QColor, amount: float) -> QColor:
    """``colour`` laid over ``base`` at ``amount`` opacity, as an opaque colour."""
    mix = [
        int(c * amount + b * (1 - amount))
        for c, b in zip(colour.getRgb()[:3], base.getRgb()[:3], strict=True)
    ]
    return QColor(*mix)
