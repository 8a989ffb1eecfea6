"""TimelineView: a native widget that paints only what is visible.

Signals
-------
event_selected(int)
    The user picked an event (click, or ←/→ to the previous/next event in time).
range_changing(object, object)
    A brush is being dragged (shift-drag) or playback moves: ``(date, date)``.
range_changed(object, object)
    The brush was released, or a playback step finished: ``(date, date)``.
playing_changed(bool)
    Playback started or stopped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import numpy as np
import qtawesome as qta
from PySide6.QtCore import QEvent, QPointF, QRectF, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollBar, QStyle, QToolTip, QWidget

from explorer.core.date_labels import event_date_label
from explorer.core.vocabulary import (
    EVENT_TYPES,
    STATUS_LABELS,
    TYPE_COLORS,
    TYPE_ICONS,
    TYPE_LABELS,
)
from explorer.core.xml_text import xml_safe
from explorer.export.timeline_page import TimelinePage
from explorer.gui.timeline.items import TimelineData
from explorer.gui.timeline.layout import ROOMY, Density, choose_density, content_height
from explorer.gui.timeline.marks import GLYPH_RADIUS, LaneBox, LanePainter, Mark, blend
from explorer.gui.timeline.page import ExportedTimeline, write_png, write_svg
from explorer.gui.timeline.scale import (
    Viewport,
    fit,
    from_day,
    ticks,
)

HEADER_WIDTH = 150
AXIS_HEIGHT = 34
POINT_ROW = ROOMY.point_row  # the glyph row of lanes that fit roomy
HIT_PX = 7.0
ZOOM_STEP = 1.25
# A lane with a few packed rows of periods, roomy: what the default size is made of.
TYPICAL_LANE_HEIGHT = 70


def height_for_lanes(lanes: int) -> int:
    """The height that shows the axis and ``lanes`` lanes of a few packed rows each."""
    return AXIS_HEIGHT + lanes * TYPICAL_LANE_HEIGHT


class TimelineView(QWidget):
    """Events by lane on a zoomable time axis; aggregates into histograms when dense.

    Lanes that do not fit are drawn denser, down to a readable minimum; past that a
    vertical scrollbar shows (``lane_scrollbar``) and a selected event's lane is scrolled
    into view. Exports draw every lane, roomy, with a title, caption and legend.
    """

    event_selected = Signal(int)
    range_changing = Signal(object, object)
    range_changed = Signal(object, object)
    playing_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, language: str = "zh") -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        # Two lanes at the least, three by default (sizeHint): a dock squeezed to the axis
        # alone shows nothing (issue 16).
        self.setMinimumSize(QSize(400, height_for_lanes(2)))
        self.language = language
        self._data = TimelineData([])
        self._viewport = fit(0, 1, 1, HEADER_WIDTH)
        self._selected: int | None = None
        self._press: QPointF | None = None
        self._pan_origin: Viewport | None = None
        self._brush: tuple[float, float] | None = None
        self._play_timer = QTimer(self)
        self._play_timer.setInterval(40)
        self._play_timer.timeout.connect(self._on_play_timer_timeout)
        self._play_window: tuple[float, float] | None = None
        self._play_speed = 30.0  # days per second
        self._play_growing = True
        self._scroll_y = 0.0  # lanes scroll vertically when they do not fit
        self._scroll_origin = 0.0
        self._layout: tuple[TimelineData, int, Density, list[float]] | None = None
        self.marks: dict[int, Mark] = {}  # by event id, as last painted
        self.painted_lanes: list[str] = []  # the lane headers last painted, top to bottom
        self.lane_scrollbar = QScrollBar(Qt.Orientation.Vertical, self)
        self.lane_scrollbar.hide()
        self.lane_scrollbar.valueChanged.connect(self._on_lane_scrollbar_value_changed)
        self._right_margin = max(
            8, self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        )

    def sizeHint(self) -> QSize:
        return QSize(800, height_for_lanes(3))

    # ----------------------------------------------------------------- state in
    def set_events(self, data: TimelineData, keep_view: bool = False) -> None:
        """Show ``data``; fit the view to it unless ``keep_view``."""
        self._data = data
        if not keep_view:
            self.fit_all()
        self._scroll_to(self._scroll_y)  # other lanes may need more scrolling, or none
        self.update()

    def set_lane_mode(self, mode: str) -> None:
        """Lanes by ``type``, ``district`` or ``subject`` (project lifelines)."""
        self._data = TimelineData(self._data.events, mode)
        self._scroll_to(self._scroll_y)  # fewer lanes may need less scrolling, or none
        self.update()

    def select(self, event_id: int | None) -> None:
        """Highlight ``event_id`` (from another view) and bring it into view: its lane
        scrolled to, its date panned to; emits nothing."""
        if event_id != self._selected:
            self._selected = event_id
            if event_id is not None:
                self._reveal(event_id)
            self.update()

    @property
    def lane_mode(self) -> str:
        return self._data.mode

    def lane_rects(self) -> dict[str, QRectF]:
        """Where each lane is drawn, header included, top to bottom by key: widget
        coordinates after the vertical scroll (a lane scrolled away lies above the axis)."""
        return {b.lane.key: QRectF(0, b.top, self.width(), b.height) for b in self._lane_boxes()}

    def lanes_in_view(self) -> list[str]:
        """Keys of the lanes wholly between the axis and the bottom edge."""
        return [
            b.lane.key
            for b in self._lane_boxes()
            if b.top >= AXIS_HEIGHT - 0.5 and b.top + b.height <= self.height() + 0.5
        ]

    @property
    def density(self) -> Density:
        """How densely the lanes are drawn at the current height."""
        return self._lanes_layout()[0]

    @property
    def viewport(self) -> Viewport:
        return self._viewport

    def set_viewport(self, viewport: Viewport) -> None:
        self._viewport = viewport.resized(self._plot_width(), HEADER_WIDTH)
        self.update()

    def fit_all(self) -> None:
        self._viewport = fit(
            self._data.first_day, self._data.last_day, self._plot_width(), HEADER_WIDTH
        )
        self.update()

    def zoom(self, factor: float, around_x: float | None = None) -> None:
        x = self._viewport.left + self._viewport.width / 2 if around_x is None else around_x
        self._viewport = self._viewport.zoomed(factor, x)
        self.update()

    # ----------------------------------------------------------------- playback
    def play(self, speed_days_per_second: float = 30.0, window_days: float | None = None) -> None:
        """Sweep a window through time, emitting ``range_changed`` as it goes.

        With ``window_days`` the window moves (a fixed width); without it the window grows
        from the first event, so the map fills up in the order things happened.
        """
        first = self._data.first_day
        self._play_growing = window_days is None
        self._play_window = (first, first + (window_days or 1.0))
        self._play_speed = speed_days_per_second
        self._play_timer.start()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if self._play_timer.isActive():
            self._play_timer.stop()
            self.playing_changed.emit(False)

    @property
    def playing(self) -> bool:
        return self._play_timer.isActive()

    def _on_play_timer_timeout(self) -> None:
        if self._play_window is None:
            return
        step = self._play_speed * self._play_timer.interval() / 1000
        start, end = self._play_window
        end += step
        if not self._play_growing:
            start += step
        self._play_window = (start, end)
        self.range_changed.emit(from_day(start), from_day(end - 1))
        self.update()
        if end >= self._data.last_day:
            self.pause()

    # ----------------------------------------------------------------- hit test
    def event_at(self, x: float, y: float) -> int | None:
        """The id of the event drawn under ``(x, y)``, or ``None``."""
        box = next((b for b in self._lane_boxes() if b.top <= y < b.top + b.height), None)
        if box is None or x < HEADER_WIDTH or y < AXIS_HEIGHT:
            return None
        vp = self._viewport
        lane = box.lane
        positions = lane.visible(vp.day_at(x - HIT_PX), vp.day_at(x + HIT_PX))
        if not len(positions):
            return None
        indices = lane.indices[positions]
        data = self._data
        centres = np.where(
            data.is_day[indices],
            vp.x(data.start[indices] + 0.5),
            np.clip(x, vp.x(data.start[indices]), vp.x(data.end[indices])),
        )
        density = box.density
        ys = np.where(
            data.is_day[indices],
            box.top + density.point_row / 2,
            box.top
            + density.point_row
            + (lane.rows[positions] % density.max_rows + 0.5) * density.span_row,
        )
        distance = np.hypot(centres - x, (ys - y) * 0.5)
        best = int(np.argmin(distance))
        return int(data.ids[indices[best]]) if distance[best] <= HIT_PX else None

    def aggregated_lanes(self) -> set[str]:
        """Lanes too dense for glyphs at the current zoom, drawn as count histograms."""
        vp = self._viewport
        return {
            lane.key
            for lane in self._data.lanes
            if self._too_dense(int(np.subtract(*reversed(lane.visible_slice(vp.start, vp.end)))))
        }

    def _too_dense(self, visible: int) -> bool:
        return visible > self._viewport.width / (2 * GLYPH_RADIUS + 2)

    def tooltip_for(self, event_id: int) -> str:
        index = self._data.index_of(event_id)
        if index is None:
            return ""
        event = self._data.events[index]
        zh = self.language.startswith("zh")
        # What is known and no more: 2022年, 预计2023年第一季度, 2022年7月30日.
        when = event_date_label(event, self.language)
        label = TYPE_LABELS[event.type][0 if zh else 1]
        place = event.place or event.district or ""
        status = STATUS_LABELS["planned"][0 if zh else 1] if event.status == "planned" else ""
        # Rich text on purpose, every part escaped: a plain tooltip that merely looks like
        # HTML (an article title with tags) would be rendered as HTML by QToolTip.
        parts = (event.title, f"{when} · {label} {status}".strip(), place)
        return "<br>".join(html.escape(part) for part in parts if part)

    # ----------------------------------------------------------------- export
    def export_png(
        self,
        path: str | Path,
        scale: float = 2.0,
        labels: Mapping[str, str] | None = None,
        page: TimelinePage | None = None,
        min_height: int = 0,
    ) -> ExportedTimeline:
        """The timeline as a PNG page, ``scale`` times the on-screen resolution: the time
        range shown, every lane (not the ones scrolled to), ``page``'s title and caption,
        and a legend, ``min_height`` tall at the least. ``labels`` and the lanes' headers
        (``Lanes``, a line each) are its text chunks; the file is replaced whole or not at
        all.

        Exports are drawn light whatever the theme: they go into printed reports.
        """
        page = page or self._default_page()
        return write_png(self.export_twin(), Path(path), page, scale, labels, min_height)

    def export_svg(
        self, path: str | Path, page: TimelinePage | None = None, min_height: int = 0
    ) -> ExportedTimeline:
        """The page :meth:`export_png` draws, as SVG."""
        return write_svg(self.export_twin(), Path(path), page or self._default_page(), min_height)

    def export_twin(self) -> TimelineView:
        """An unshown copy of this view, as wide, showing the same time range and every
        lane roomy (labelled brackets): what exports draw, whatever is scrolled to."""
        twin = TimelineView(language=self.language)
        twin.setFont(self.font())
        twin._data = self._data
        heights = [lane.span_rows for lane in self._data.lanes]
        # Two lanes' room at the least, for "no events" and for a tiny picture.
        body = max(content_height(ROOMY, heights), 2 * ROOMY.lane_height(0))
        twin.resize(max(self.width(), 600), AXIS_HEIGHT + math.ceil(body) + 1)
        twin._viewport = self._viewport.resized(twin._plot_width(), HEADER_WIDTH)
        return twin

    def legend_marks(self) -> tuple[list[str], list[str]]:
        """The event types drawn (vocabulary order) and the marks the legend explains:
        ``occurred``, ``planned``, ``period`` always; ``range`` and ``histogram`` when drawn."""
        data = self._data
        present = set(np.unique(data.type_index).tolist())
        types = [t for i, t in enumerate(EVENT_TYPES) if i in present]
        marks = ["occurred", "planned", "period"]
        if bool(np.any(~data.is_day & ~data.is_period)):
            marks.append("range")
        if self.aggregated_lanes():
            marks.append("histogram")
        return types, marks

    def paint_onto(self, painter: QPainter, palette: QPalette) -> None:
        """Paint the view onto another device (an export's page) in ``palette``."""
        self._paint(painter, palette)

    def drawn_counts(self) -> tuple[int, int, int, str]:
        """Events drawn, undated events left out, lanes, and the lane mode."""
        data = self._data
        return len(data), data.undated, len(data.lanes), data.mode

    def _default_page(self) -> TimelinePage:
        title = "时间轴" if self.language.startswith("zh") else "Timeline"
        return TimelinePage(title=title, caption="", language=self.language)

    # ----------------------------------------------------------------- Qt events
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self._paint(painter, self.palette())
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        # Every colour but the event types' comes from the palette: a theme switch repaints.
        if event.type() == QEvent.Type.PaletteChange:
            self.update()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._viewport = self._viewport.resized(self._plot_width(), HEADER_WIDTH)
        bar = self.lane_scrollbar
        bar.setGeometry(
            self.width() - self._right_margin,
            AXIS_HEIGHT,
            self._right_margin,
            max(0, self.height() - AXIS_HEIGHT),
        )
        self._scroll_to(self._scroll_y)  # taller, the lanes may fit; shorter, scroll
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        # Trackpad pinch arrives as a native zoom gesture: zoom around the fingers.
        if (
            isinstance(event, QNativeGestureEvent)
            and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):
            self.zoom(1 + event.value(), event.position().x())
            return True
        return super().event(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        steps = delta.y() / 120
        over_headers = event.position().x() < HEADER_WIDTH
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if over_headers or alt:
            # Over the lane names, or with Alt, the wheel scrolls the lanes. Qt swaps the
            # wheel's axes while Alt is held (QTBUG-91556): the turn is then in x.
            steps = (delta.y() or delta.x()) / 120
            self._scroll_to(self._scroll_y - steps * POINT_ROW * 2)
            self.update()
        elif steps:
            self.zoom(ZOOM_STEP**steps, event.position().x())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._press = event.position()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            day = self._viewport.day_at(event.position().x())
            self._brush = (day, day)
        else:
            self._pan_origin = self._viewport
            self._scroll_origin = self._scroll_y

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        if self._brush is not None:
            self._brush = (self._brush[0], self._viewport.day_at(position.x()))
            self.range_changing.emit(*self._brush_dates())
            self.update()
        elif self._pan_origin is not None and self._press is not None:
            self._viewport = self._pan_origin.panned(position.x() - self._press.x())
            self._scroll_to(self._scroll_origin - (position.y() - self._press.y()))
            self.update()
        else:
            hit = self.event_at(position.x(), position.y())
            tip = self.tooltip_for(hit) if hit is not None else ""
            QToolTip.showText(event.globalPosition().toPoint(), tip, self) if tip else (
                QToolTip.hideText()
            )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        moved = (event.position() - self._press).manhattanLength() > 3
        if self._brush is not None:
            if moved:
                self.range_changed.emit(*self._brush_dates())
            self._brush = None
        elif not moved:
            hit = self.event_at(event.position().x(), event.position().y())
            if hit is not None:
                self._selected = hit
                self.event_selected.emit(hit)
        self._press = None
        self._pan_origin = None
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit_all()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            target = self._data.neighbour(self._selected, 1 if key == Qt.Key.Key_Right else -1)
            if target is not None:
                self._selected = target
                self._reveal(target)
                self.event_selected.emit(target)
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            page = self.height() - AXIS_HEIGHT
            self._scroll_to(self._scroll_y + (page if key == Qt.Key.Key_PageDown else -page))
            self.update()
        elif key == Qt.Key.Key_Space:
            self.pause() if self.playing else self.play()
        else:
            super().keyPressEvent(event)

    # ----------------------------------------------------------------- helpers
    def _plot_width(self) -> float:
        # The scrollbar's width is kept free whether it shows or not: the time axis does
        # not jump when lanes stop fitting.
        return max(1.0, self.width() - HEADER_WIDTH - self._right_margin)

    def _brush_dates(self) -> tuple[date, date]:
        assert self._brush is not None
        low, high = sorted(self._brush)
        return from_day(low), from_day(high)

    def _reveal(self, event_id: int) -> None:
        """Bring the event on screen: pan to its date, scroll to its lane."""
        data = self._data
        index = data.index_of(event_id)
        if index is None:
            return
        day = float(data.start[index])
        vp = self._viewport
        if not vp.start <= day <= vp.end:
            self._viewport = vp.panned((vp.start + vp.span / 2 - day) * vp.px_per_day)
        box = self._lane_boxes()[int(data.lane_of[index])]
        if box.top < AXIS_HEIGHT or box.height > self.height() - AXIS_HEIGHT:
            self._scroll_to(self._scroll_y - (AXIS_HEIGHT - box.top))
        elif box.top + box.height > self.height():
            self._scroll_to(self._scroll_y + box.top + box.height - self.height())
        self.update()

    def _scroll_to(self, offset: float) -> None:
        """Scroll the lanes ``offset`` pixels down (clamped), the scrollbar following;
        the scrollbar shows only while the lanes do not fit."""
        _density, heights = self._lanes_layout()
        room = max(0.0, sum(heights) - (self.height() - AXIS_HEIGHT))
        self._scroll_y = min(max(0.0, offset), room)
        bar = self.lane_scrollbar
        blocker = QSignalBlocker(bar)
        bar.setRange(0, math.ceil(room))
        bar.setPageStep(max(1, self.height() - AXIS_HEIGHT))
        bar.setSingleStep(int(POINT_ROW))
        bar.setValue(round(self._scroll_y))
        blocker.unblock()
        bar.setVisible(room > 0)

    def _on_lane_scrollbar_value_changed(self, value: int) -> None:
        self._scroll_y = float(value)
        self.update()

    def _lanes_layout(self) -> tuple[Density, list[float]]:
        """The density the lanes fit at (or the most compact) and each lane's height;
        worked out once per event set and height."""
        cached = self._layout
        if cached is None or cached[0] is not self._data or cached[1] != self.height():
            rows = [lane.span_rows for lane in self._data.lanes]
            density = choose_density(rows, self.height() - AXIS_HEIGHT)
            cached = (self._data, self.height(), density, [density.lane_height(r) for r in rows])
            self._layout = cached
        return cached[2], cached[3]

    def _lane_boxes(self, scrolled: bool = True) -> list[LaneBox]:
        density, heights = self._lanes_layout()
        boxes = []
        top = float(AXIS_HEIGHT) - (self._scroll_y if scrolled else 0.0)
        for lane, height in zip(self._data.lanes, heights, strict=True):
            boxes.append(LaneBox(lane, top, height, density))
            top += height
        return boxes

    # ----------------------------------------------------------------- painting
    def _paint(self, painter: QPainter, palette: QPalette) -> None:
        """Everything, in ``palette``'s colours (the widget's own, or light for exports)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(QRectF(0, 0, self.width(), self.height()), palette.base())
        boxes = self._lane_boxes()
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.8))
        lanes = LanePainter(
            painter, palette, self._data, self._viewport, self.language, self._selected, small
        )
        self._paint_grid_and_axis(painter, palette)
        painter.save()
        painter.setClipRect(QRectF(0, AXIS_HEIGHT, self.width(), self.height() - AXIS_HEIGHT))
        for box in boxes:
            self._paint_lane(lanes, box)
        self.marks = lanes.marks
        self.painted_lanes = self._paint_headers(painter, palette, boxes)
        painter.restore()
        self._paint_overlays(painter, palette)

    def _paint_grid_and_axis(self, painter: QPainter, palette: QPalette) -> None:
        # Axis-aligned hairlines need no antialiasing, which made each line cost ~0.5 ms.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        vp = self._viewport
        text = palette.text().color()
        grid = QColor(text)
        grid.setAlpha(28)
        major_grid = QColor(text)
        major_grid.setAlpha(60)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        painter.setFont(font)
        for tick in ticks(vp, self.language):
            x = round(float(vp.x(tick.day))) + 0.5
            if x < HEADER_WIDTH:
                continue
            # Opaque 1-px rectangles: a translucent drawLine cost ~0.5 ms each offscreen.
            line = blend(
                major_grid if tick.major else grid,
                palette.base().color(),
                (major_grid if tick.major else grid).alphaF(),
            )
            painter.fillRect(QRectF(x - 0.5, AXIS_HEIGHT - 6, 1, self.height()), line)
            painter.setPen(text)
            bold = QFont(font)
            bold.setBold(tick.major)
            painter.setFont(bold)
            # A label cut by the right edge ("2023" of 2023年) says nothing, on screen or
            # in an exported page: the gridline alone marks the tick.
            if x + 3 + painter.fontMetrics().horizontalAdvance(tick.label) > self.width():
                continue
            painter.drawText(QPointF(x + 3, AXIS_HEIGHT - 12), tick.label)
        painter.setPen(QPen(major_grid, 1))
        painter.drawLine(QPointF(HEADER_WIDTH, AXIS_HEIGHT), QPointF(self.width(), AXIS_HEIGHT))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

    def _paint_lane(self, lanes: LanePainter, box: LaneBox) -> None:
        painter, palette, vp = lanes.painter, lanes.palette, self._viewport
        lane, data = box.lane, self._data
        if box.top + box.height < AXIS_HEIGHT or box.top > self.height():
            return
        painter.save()
        painter.setClipRect(
            QRectF(HEADER_WIDTH, max(box.top, AXIS_HEIGHT), vp.width + 8, box.height),
            Qt.ClipOperation.IntersectClip,
        )
        lo, hi = lane.visible_slice(vp.start, vp.end)
        if self._too_dense(hi - lo):
            lanes.histogram(box, lane, lo, hi)
        else:
            positions = np.arange(lo, hi)
            indices = lane.indices[lo:hi]
            if data.mode == "subject":
                lanes.lifeline(box, indices)
            for position, index in zip(positions, indices, strict=True):
                lanes.event(box, int(position), int(index))
        painter.restore()
        separator = blend(QColor(128, 128, 128), palette.base().color(), 0.2)
        painter.fillRect(QRectF(0, round(box.top + box.height), self.width(), 1), separator)

    def _paint_headers(
        self, painter: QPainter, palette: QPalette, boxes: list[LaneBox]
    ) -> list[str]:
        """Each lane's icon, name and count; returns the headers drawn, top to bottom."""
        painter.setFont(self.font())
        painter.fillRect(QRectF(0, AXIS_HEIGHT, HEADER_WIDTH, self.height()), palette.window())
        painter.setPen(palette.text().color())
        metrics = painter.fontMetrics()
        zh = self.language.startswith("zh")
        drawn = []
        for box in boxes:
            if box.top + box.height <= AXIS_HEIGHT or box.top >= self.height():
                continue  # scrolled away
            key = box.lane.key
            label = TYPE_LABELS[key][0 if zh else 1] if key in TYPE_LABELS else key
            # A subject lane is named by the page's text: QSvgGenerator writes control
            # characters into the SVG as they are, which makes the file unreadable XML.
            text = xml_safe(f"{label}  {len(box.lane.indices)}")
            row = box.density.point_row
            x = 6.0
            if key in TYPE_ICONS:
                size = int(min(16, row - 6))
                icon = qta.icon(TYPE_ICONS[key], color=TYPE_COLORS[key])
                icon.paint(painter, int(x), int(box.top + (row - size) / 2), size, size)
                x += size + 6
            elided = metrics.elidedText(
                text, Qt.TextElideMode.ElideMiddle, int(HEADER_WIDTH - x - 4)
            )
            baseline = box.top + (row + metrics.ascent() - metrics.descent()) / 2
            painter.drawText(QPointF(x, baseline), elided)
            drawn.append(elided)
        painter.setPen(QPen(QColor(128, 128, 128, 90), 1))
        painter.drawLine(QPointF(HEADER_WIDTH, 0), QPointF(HEADER_WIDTH, self.height()))
        return drawn

    def _paint_overlays(self, painter: QPainter, palette: QPalette) -> None:
        vp = self._viewport
        window = self._brush or self._play_window
        if window is not None:
            low, high = sorted(window)
            left, right = max(float(vp.x(low)), HEADER_WIDTH), float(vp.x(high))
            shade = QColor(palette.highlight().color())
            shade.setAlpha(50)
            painter.fillRect(
                QRectF(left, AXIS_HEIGHT, max(1.0, right - left), self.height()), shade
            )
        if not len(self._data):
            painter.setPen(palette.text().color())
            message = self.tr("No events to show")
            painter.drawText(
                QRectF(HEADER_WIDTH, AXIS_HEIGHT, vp.width, self.height() - AXIS_HEIGHT),
                Qt.AlignmentFlag.AlignCenter,
                message,
            )
