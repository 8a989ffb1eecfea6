"""DateRangeSelector: an event-count histogram over a range slider, with exact date fields.

The histogram's x axis is the slider's: a day sits above the point where a handle showing that
day has its centre, so a bar lies exactly between the handles that select it. Bars count
events per month (per quarter or year when the data span many years); all events are drawn in
the palette's mid grey and the visible ones in the highlight colour on top.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QObject, QPointF, QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QHelpEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QStyle,
    QStyleOptionSlider,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from superqt import QRangeSlider

from explorer.core.date_labels import period_label

# Widest spans (in months) still drawn with one bar a month, then a quarter; beyond: a year.
MONTHLY_UP_TO = 48
QUARTERLY_UP_TO = 120
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True, slots=True)
class HistogramBin:
    """One bar: events dated from ``start`` up to (not including) ``end``.

    ``total``/``visible`` count events known to the day or month. Events known only to the
    quarter, half-year or year are not piled into their period's first month: ``spread_*``
    is their share of this bar (a year-level event adds 1/12 to each month), drawn apart,
    and ``periods`` names them: (period label, all, visible) for each period overlapping.
    """

    start: date
    end: date
    total: int
    visible: int
    spread_total: float = 0.0
    spread_visible: float = 0.0
    periods: tuple[tuple[str, int, int], ...] = ()

    def label(self, zh: bool) -> str:
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
        precision = {1: "month", 3: "quarter"}.get(months, "year")
        return period_label(self.start, None, precision, "zh" if zh else "en")

    def tooltip(self, zh: bool) -> str:
        if zh:
            shown = f",显示 {self.visible} 个" if self.visible != self.total else ""
            text = f"{self.label(zh)}: {self.total} 个事件{shown}"
        else:
            noun = "event" if self.total == 1 else "events"
            shown = f", {self.visible} shown" if self.visible != self.total else ""
            text = f"{self.label(zh)}: {self.total} {noun}{shown}"
        for period, total, _visible in self.periods:
            more = (
                f"另有 {total} 个事件只知日期为{period}"
                if zh
                else f"and {total} dated only {period}"
            )
            text += "\n" + more
        return text


# Months a coarse date covers: its events are spread over them.
_PERIOD_MONTHS = {"quarter": 3, "half": 6, "year": 12}


def histogram_bins(
    first: date,
    last: date,
    totals: Counter[str],
    visible: Counter[str],
    periods: Counter[tuple[str, str]] | None = None,
    visible_periods: Counter[tuple[str, str]] | None = None,
    zh: bool = True,
) -> list[HistogramBin]:
    """The bars from ``first``'s period to ``last``'s, empty periods included.

    ``periods``/``visible_periods``: events known only to a quarter, half or year, keyed
    (precision, first month 'YYYY-MM'), as :meth:`EventColumns.period_counts` gives them.
    """
    start, stop = _month_number(first), _month_number(last)
    span = stop - start + 1
    step = 1 if span <= MONTHLY_UP_TO else 3 if span <= QUARTERLY_UP_TO else 12
    per_bin_total: Counter[int] = Counter()
    per_bin_visible: Counter[int] = Counter()
    for counts, per_bin in ((totals, per_bin_total), (visible, per_bin_visible)):
        for key, count in counts.items():
            per_bin[(int(key[:4]) * 12 + int(key[5:7]) - 1) // step] += count
    spread: dict[int, list[float]] = {}
    named: dict[int, dict[str, list[int]]] = {}
    language = "zh" if zh else "en"
    for which, counts in enumerate((periods or Counter(), visible_periods or Counter())):
        for (precision, month), count in counts.items():
            months = _PERIOD_MONTHS.get(precision, 1)
            number = int(month[:4]) * 12 + int(month[5:7]) - 1
            label = period_label(_month_start(number), None, precision, language)
            for k in range(months):
                index = (number + k) // step
                spread.setdefault(index, [0.0, 0.0])[which] += count / months
                names = named.setdefault(index, {})
                names.setdefault(label, [0, 0])[which] = count
    return [
        HistogramBin(
            _month_start(index * step),
            _month_start((index + 1) * step),
            per_bin_total[index],
            per_bin_visible[index],
            *spread.get(index, (0.0, 0.0)),
            tuple((label, n[0], n[1]) for label, n in named.get(index, {}).items()),
        )
        for index in range(start // step, stop // step + 1)
    ]


def _month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(number: int) -> date:
    return date(number // 12, number % 12 + 1, 1)


class EventHistogram(QWidget):
    """Event counts per period, drawn on the x axis of ``slider`` (a sibling widget)."""

    def __init__(self, slider: QRangeSlider, language: str = "zh") -> None:
        super().__init__()
        self.zh = language.startswith("zh")
        self._slider = slider
        self.bins: tuple[HistogramBin, ...] = ()
        self._tallest = 1
        self._first: date | None = None
        self._days = 0
        self._selection = (0, 0)
        self.setMinimumHeight(44)

    def set_bins(self, bins: Sequence[HistogramBin], first: date, days: int) -> None:
        """Show ``bins`` on an axis from ``first`` (slider value 0) to ``first + days``."""
        self.bins = tuple(bins)
        self._tallest = max((b.total + b.spread_total for b in self.bins), default=0) or 1
        self._first, self._days = first, days
        self.update()

    def set_selection(self, low: int, high: int) -> None:
        """Shade the slider's range (in days from the first) when it does not cover all."""
        self._selection = (low, high)
        self.update()

    def x_of_day(self, day: float) -> float:
        """Where the centre of a slider handle at ``day`` lies, in this widget's pixels."""
        left, right = self._axis()
        return left + (right - left) * day / max(self._days, 1)

    def bar_rect(self, index: int, count: float | None = None, below: float = 0.0) -> QRectF:
        """The bar of ``bins[index]`` (``count`` high, on top of ``below``; by default its
        total with the share of coarse dates)."""
        item = self.bins[index]
        assert self._first is not None
        start = max(0, (item.start - self._first).days)
        end = min(self._days, (item.end - self._first).days)
        left, right = self.x_of_day(start), self.x_of_day(end)
        if right - left > 3:  # a gap between bars, when there is room for one
            left += 0.5
            right -= 0.5
        value = item.total + item.spread_total if count is None else count
        unit = (self.height() - 4) / self._tallest
        height = unit * value
        if value:
            height = max(height, 1.0)
        bottom = self.height() - 1 - unit * below
        return QRectF(left, bottom - height, max(right - left, 1.0), height)

    def tooltip_at(self, x: float) -> str:
        """The tooltip of the bar under ``x`` ("2022年7月: 5 个事件"), or ""."""
        for index, item in enumerate(self.bins):
            rect = self.bar_rect(index)
            if rect.left() - 0.5 <= x <= rect.right() + 0.5:
                return item.tooltip(self.zh)
        return ""

    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ToolTip and isinstance(ev, QHelpEvent):
            text = self.tooltip_at(ev.pos().x())
            if text:
                QToolTip.showText(ev.globalPos(), text, self)
            else:
                QToolTip.hideText()
                ev.ignore()
            return True
        return super().event(ev)

    def paintEvent(self, _event: object) -> None:
        if not self.bins:
            return
        palette = self.palette()
        highlight = palette.color(QPalette.ColorRole.Highlight)
        grey = palette.color(QPalette.ColorRole.Mid)
        painter = QPainter(self)
        low, high = self._selection
        if low > 0 or high < self._days:
            shade = QColor(highlight)
            shade.setAlpha(45)
            left, right = self.x_of_day(low), self.x_of_day(high)
            painter.fillRect(QRectF(left, 0, max(right - left, 1.0), self.height()), shade)
        for index, item in enumerate(self.bins):
            if item.total:
                painter.fillRect(self.bar_rect(index, item.total), grey)
            if item.visible:
                painter.fillRect(self.bar_rect(index, min(item.visible, item.total)), highlight)
            # Events known only to a quarter or year: hatched on top, their share spread
            # over the months of their period, so no January towers over the rest.
            if item.spread_total:
                rect = self.bar_rect(index, item.spread_total, item.total)
                painter.fillRect(rect, QBrush(grey, Qt.BrushStyle.BDiagPattern))
            if item.spread_visible:
                rect = self.bar_rect(index, min(item.spread_visible, item.spread_total), item.total)
                painter.fillRect(rect, QBrush(highlight, Qt.BrushStyle.BDiagPattern))
        painter.setPen(grey)
        base = self.height() - 0.5
        painter.drawLine(QPointF(self.x_of_day(0), base), QPointF(self.x_of_day(self._days), base))
        painter.end()

    def _axis(self) -> tuple[float, float]:
        """Handle centres at the slider's minimum and maximum, mapped into this widget."""
        slider = self._slider
        option = QStyleOptionSlider()
        slider.initStyleOption(option)
        ends = []
        for position in (option.minimum, option.maximum):
            option.sliderPosition = position
            handle = slider.style().subControlRect(
                QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
            )
            centre = slider.mapToParent(QRectF(handle).center())
            ends.append(self.mapFromParent(centre).x())
        return ends[0], ends[1]


class DateRangeSelector(QWidget):
    """A histogram of events over time, a range slider under it and exact date fields.

    ``None`` at either end means "unbounded": the handle sits at the end of the data. Bounds
    come from :meth:`set_bounds`; a range set from outside is kept exactly even where it lies
    beyond the bounds (the handles and fields then show the nearest bound).

    Signals
    -------
    range_edited(object, object)
        The user changed the range (slider released or moved by keyboard, a date typed or
        picked): the first and last day, each a ``date`` or ``None``. Not emitted while a
        handle is being dragged, nor by :meth:`set_range` or :meth:`set_bounds`.
    """

    range_edited = Signal(object, object)

    def __init__(self, parent: QWidget | None = None, language: str = "zh") -> None:
        super().__init__(parent)
        self.zh = language.startswith("zh")
        self.slider = QRangeSlider(Qt.Orientation.Horizontal)
        self.slider.setPageStep(30)
        self.histogram = EventHistogram(self.slider, language)
        self.date_from = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date_to = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date_from.setToolTip(self.tr("First day"))
        self.date_to.setToolTip(self.tr("Last day"))
        self._first: date | None = None
        self._days = 0
        self._range: tuple[date | None, date | None] = (None, None)
        self._committed = self._range
        self._shown = (0, 0)  # the slider's values as last shown, to tell which handle moved
        self._pressed = False  # a mouse button is down on the slider: commit on release
        self._totals: Counter[str] = Counter()
        self._visible: Counter[str] = Counter()
        self._periods: Counter[tuple[str, str]] = Counter()
        self._visible_periods: Counter[tuple[str, str]] = Counter()
        self._layout()
        self.slider.installEventFilter(self)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.slider.sliderReleased.connect(self._on_slider_released)
        self.date_from.dateChanged.connect(self._on_date_from_date_changed)
        self.date_to.dateChanged.connect(self._on_date_to_date_changed)
        self.setEnabled(False)  # until there are bounds

    def _layout(self) -> None:
        fields = QHBoxLayout()
        fields.setSpacing(4)
        fields.addWidget(self.date_from, 1)
        fields.addWidget(QLabel("–"))
        fields.addWidget(self.date_to, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)  # the histogram sits right on the slider it labels
        layout.addWidget(self.histogram)
        layout.addWidget(self.slider)
        layout.addSpacing(4)
        layout.addLayout(fields)

    # ------------------------------------------------------------------ in
    def set_bounds(self, first: date, last: date) -> None:
        """The data's first and last day: the slider's ends and the fields' limits."""
        last = max(first, last)
        self._first, self._days = first, (last - first).days
        with QSignalBlocker(self.slider):
            self.slider.setRange(0, self._days)
        for edit in (self.date_from, self.date_to):
            with QSignalBlocker(edit):
                edit.setDateRange(_qdate(first), _qdate(last))
        self.setEnabled(True)
        self._rebin()
        self._show_range()

    def set_range(self, first: date | None, last: date | None) -> None:
        """Show a range chosen elsewhere, without emitting ``range_edited``."""
        self._range = self._committed = (first, last)
        self._show_range()

    def set_month_counts(
        self,
        totals: Counter[str],
        visible: Counter[str],
        periods: Counter[tuple[str, str]] | None = None,
        visible_periods: Counter[tuple[str, str]] | None = None,
    ) -> None:
        """The same from counts per month ('2022-07' → n), as EventColumns gives them, with
        the events known only to a quarter, half or year (``EventColumns.period_counts``)."""
        self._totals, self._visible = totals, visible
        if periods is not None:
            self._periods = periods
        self._visible_periods = visible_periods if visible_periods is not None else Counter()
        self._rebin()

    def range(self) -> tuple[date | None, date | None]:
        return self._range

    def bins(self) -> tuple[HistogramBin, ...]:
        return self.histogram.bins

    # ------------------------------------------------------------------ handlers
    def _on_slider_value_changed(self, values: tuple[int, int]) -> None:
        low, high = (int(v) for v in values)
        first, last = self._range
        if low != self._shown[0]:
            first = None if low <= 0 else self._day(low)
        if high != self._shown[1]:
            last = None if high >= self._days else self._day(high)
        self._range = (first, last)
        self._show_range(slider=False)  # it shows the range already: leave the drag alone
        if not self._pressed:  # keyboard, wheel: a step is a decision
            self._commit()

    def _on_slider_released(self) -> None:
        self._commit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note mouse presses on the slider: it moves the handle before it is "down"."""
        if watched is self.slider:
            if event.type() == QEvent.Type.MouseButtonPress:
                self._pressed = True
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self._pressed = False
        return super().eventFilter(watched, event)

    def _on_date_from_date_changed(self, value: QDate) -> None:
        first = _date(value)
        last = self._range[1]
        if last is not None and first > last:
            last = first
        self._edited(first, last)

    def _on_date_to_date_changed(self, value: QDate) -> None:
        last = _date(value)
        first = self._range[0]
        if first is not None and first > last:
            first = last
        self._edited(first, last)

    # ------------------------------------------------------------------ details
    def _edited(self, first: date | None, last: date | None) -> None:
        """A typed or picked range: a day at the data's end means no limit on that side."""
        if self._first is not None:
            if first is not None and first <= self._first:
                first = None
            if last is not None and last >= self._day(self._days):
                last = None
        self._range = (first, last)
        self._show_range()
        self._commit()

    def _commit(self) -> None:
        if self._range != self._committed:
            self._committed = self._range
            self.range_edited.emit(*self._range)

    def _show_range(self, slider: bool = True) -> None:
        """Put ``_range`` into the slider, the fields and the histogram's shading, silently."""
        if self._first is None:
            return
        first, last = self._range
        low = 0 if first is None else min(max((first - self._first).days, 0), self._days)
        high = self._days if last is None else min(max((last - self._first).days, 0), self._days)
        high = max(low, high)
        if slider:
            with QSignalBlocker(self.slider):
                self.slider.setValue((low, high))
        with QSignalBlocker(self.date_from):
            self.date_from.setDate(_qdate(first or self._first))
        with QSignalBlocker(self.date_to):
            self.date_to.setDate(_qdate(last or self._day(self._days)))
        self._shown = (low, high)
        self.histogram.set_selection(low, high)

    def _rebin(self) -> None:
        if self._first is not None:
            bins = histogram_bins(
                self._first,
                self._day(self._days),
                self._totals,
                self._visible,
                self._periods,
                self._visible_periods,
                self.histogram.zh,
            )
            self.histogram.set_bins(bins, self._first, self._days)

    def _day(self, offset: int) -> date:
        assert self._first is not None
        return self._first + timedelta(days=offset)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
