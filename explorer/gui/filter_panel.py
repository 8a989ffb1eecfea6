"""FilterPanel: date range, districts, types, status and text, with counts.

The date range is a :class:`~explorer.gui.date_range.DateRangeSelector`: a histogram of
events over time (the visible ones highlighted), a range slider and exact date fields.

Signals
-------
filter_edited(object)
    The user changed the filter (debounced): the new EventFilter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.core.event_columns import EventColumns
from explorer.core.filters import EventFilter
from explorer.core.vocabulary import DISTRICTS, EVENT_TYPES, STATUS_LABELS, STATUSES, TYPE_LABELS
from explorer.gui.date_range import DateRangeSelector
from explorer.gui.icons import action_icon, type_icon

DEBOUNCE_MS = 250


class FilterPanel(QWidget):
    filter_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None, language: str = "zh") -> None:
        super().__init__(parent)
        self._month_totals: Counter[str] = Counter()
        self._period_totals: Counter[tuple[str, str]] = Counter()
        self.zh = language.startswith("zh")
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.dates = DateRangeSelector(language=language)
        # The exact date fields, under the names the panel always gave them.
        self.date_from = self.dates.date_from
        self.date_to = self.dates.date_to
        self._all_dates: tuple[str, ...] = ()
        self.districts = self._checklist([(d, d, None) for d in DISTRICTS])
        self.types = self._checklist(
            [(t, TYPE_LABELS[t][0 if self.zh else 1], type_icon(t)) for t in EVENT_TYPES]
        )
        self.statuses = {s: QCheckBox(_status_label(s, self.zh)) for s in STATUSES}
        self.text = QLineEdit(placeholderText=self.tr("Search…"))
        self.text.addAction(action_icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.reset = QPushButton(action_icon("reset"), self.tr("Reset"))
        self._layout()
        for box in self.statuses.values():
            box.toggled.connect(self._debounce.start)
        self.dates.range_edited.connect(self._on_dates_range_edited)
        self.districts.itemChanged.connect(self._debounce.start)
        self.types.itemChanged.connect(self._debounce.start)
        self.text.textChanged.connect(self._debounce.start)
        self.reset.clicked.connect(self._on_reset_clicked)

    def _layout(self) -> None:
        form = QFormLayout()
        statuses = QHBoxLayout()
        for box in self.statuses.values():
            statuses.addWidget(box)
        form.addRow(self.tr("Status"), statuses)
        form.addRow(self.tr("Text"), self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Dates")))
        layout.addWidget(self.dates)
        layout.addLayout(form)
        layout.addWidget(self.districts)
        layout.addWidget(self.types)
        layout.addWidget(self.reset)

    @staticmethod
    def _checklist(entries) -> QListWidget:
        widget = QListWidget()
        for key, label, icon in entries:
            item = QListWidgetItem(label)
            if icon is not None:
                item.setIcon(icon)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setData(Qt.ItemDataRole.UserRole + 1, label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            widget.addItem(item)
        return widget

    # ------------------------------------------------------------------ in
    def show_columns(self, columns: EventColumns, visible: np.ndarray) -> None:
        """Counts of all events beside districts and types, and the histogram with the
        ``visible`` mask's events highlighted: the fast path for large event sets."""
        self._show_item_counts(
            {"district": Counter(columns.district.tolist()), "type": Counter(columns.type.tolist())}
        )
        self._month_totals = columns.month_counts()
        self._period_totals = columns.period_counts()
        self.show_visible_columns(columns, visible)

    def show_facet_counts(self, counts: Mapping[str, Mapping[Any, int]]) -> None:
        """The count beside each district and type: the events that pass every other active
        filter (dates, text, status, the other facet), as
        :meth:`explorer.index.EventIndex.filtered` counts them."""
        self._show_item_counts({facet: counts.get(facet, {}) for facet in ("district", "type")})

    def show_visible_columns(self, columns: EventColumns, visible: np.ndarray) -> None:
        """Highlight the ``visible`` mask's events in the histogram."""
        self.dates.set_month_counts(
            self._month_totals,
            columns.month_counts(visible),
            self._period_totals,
            columns.period_counts(visible),
        )

    def _show_item_counts(self, counts: Mapping[str, Mapping[Any, int]]) -> None:
        self.blockSignals(True)
        for widget, attribute in ((self.districts, "district"), (self.types, "type")):
            widget.blockSignals(True)
            for row in range(widget.count()):
                item = widget.item(row)
                key = item.data(Qt.ItemDataRole.UserRole)
                label = item.data(Qt.ItemDataRole.UserRole + 1)
                item.setText(f"{label}  {counts[attribute].get(key, 0)}")
            widget.blockSignals(False)
        self.blockSignals(False)

    def set_date_bounds(self, first: date, last: date) -> None:
        """The first and last day of the data: the ends of the date slider."""
        self.dates.set_bounds(first, last)

    def set_filter(self, wanted: EventFilter) -> None:
        """Show ``wanted`` (from elsewhere: the timeline brush, saved settings) silently."""
        widgets = (self.dates, self.districts, self.types, self.text, *self.statuses.values())
        blockers = [QSignalBlocker(widget) for widget in widgets]
        self.dates.set_range(wanted.date_from, wanted.date_to)
        _check(self.districts, wanted.districts)
        _check(self.types, wanted.types)
        for status, box in self.statuses.items():
            box.setChecked(status in wanted.statuses)
        self.text.setText(wanted.text)
        for blocker in blockers:
            blocker.unblock()

    def current(self) -> EventFilter:
        date_from, date_to = self.dates.range()
        return EventFilter(
            date_from=date_from,
            date_to=date_to,
            districts=_checked(self.districts),
            types=_checked(self.types),
            statuses=frozenset(s for s, box in self.statuses.items() if box.isChecked()),
            text=self.text.text().strip(),
        )

    # ------------------------------------------------------------------ handlers
    def _on_dates_range_edited(self, _first: date | None, _last: date | None) -> None:
        self._debounce.start()

    def _on_debounce_timeout(self) -> None:
        self.filter_edited.emit(self.current())

    def _on_reset_clicked(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Clear every filter (the Reset button, the status bar's "Filtered · Clear")."""
        self._debounce.stop()  # an edit still waiting would undo the reset
        self.set_filter(EventFilter())
        self.filter_edited.emit(EventFilter())


def _status_label(status: str, zh: bool) -> str:
    return STATUS_LABELS[status][0 if zh else 1]


def _checked(widget: QListWidget) -> frozenset[str]:
    return frozenset(
        widget.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    )


def _check(widget: QListWidget, keys: frozenset[str]) -> None:
    for row in range(widget.count()):
        item = widget.item(row)
        checked = item.data(Qt.ItemDataRole.UserRole) in keys
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
