"""EventEditDialog: correct one event's type, date and precision, status, place, district.

The dialog only collects values; :meth:`changes` returns the fields that differ from the
event, and AppState stores them (with who/when, undoable).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from explorer.core.events import Event
from explorer.core.vocabulary import (
    DATE_PRECISIONS,
    DISTRICTS,
    EVENT_TYPES,
    PRECISION_LABELS,
    STATUS_LABELS,
    STATUSES,
    TYPE_LABELS,
)
from explorer.gui.icons import type_icon
from explorer.store.curation import date_interval

# (name, district, lat, lon, precision), as repository.place_names gives them
PlaceRow = tuple[str, str | None, float | None, float | None, str | None]


class EventEditDialog(QDialog):
    def __init__(
        self,
        event: Event,
        places: Sequence[PlaceRow] = (),
        parent: QWidget | None = None,
        language: str = "zh",
    ) -> None:
        super().__init__(parent)
        self.original = event
        self.zh = language.startswith("zh")
        self._places = {row[0]: row for row in places}
        lang = 0 if self.zh else 1
        self.setWindowTitle(self.tr("Correct event"))
        self.type = QComboBox()
        for kind in EVENT_TYPES:
            self.type.addItem(type_icon(kind), TYPE_LABELS[kind][lang], kind)
        self.date = QLineEdit(event.date or "", placeholderText="YYYY-MM-DD")
        self.precision = QComboBox()
        for precision in DATE_PRECISIONS:
            self.precision.addItem(PRECISION_LABELS[precision][lang], precision)
        self.interval = QLabel()
        self.status = QComboBox()
        for status in STATUSES:
            self.status.addItem(STATUS_LABELS[status][lang], status)
        self.title = QLineEdit(event.title)
        self.subject = QLineEdit(event.subject or "")
        self.place = QComboBox(editable=True, insertPolicy=QComboBox.InsertPolicy.NoInsert)
        self.place.addItems(["", *self._places])
        self.place.setCurrentText(event.place or "")
        self.place.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.place.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.district = QComboBox()
        self.district.addItem("—", None)
        for district in DISTRICTS:
            self.district.addItem(district, district)
        self.error = QLabel(styleSheet="color:#c0392b")
        self._select(self.type, event.type)
        self._select(self.precision, event.date_precision or "day")
        self._select(self.status, event.status)
        self._select(self.district, event.district)
        self._lay_out()
        self.date.textChanged.connect(self._on_date_changed)
        self.precision.currentIndexChanged.connect(self._on_date_changed)
        self.place.currentTextChanged.connect(self._on_place_changed)
        self._on_date_changed()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Type"), self.type)
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("Precision"), self.precision)
        form.addRow("", self.interval)
        form.addRow(self.tr("Status"), self.status)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("District"), self.district)
        quote = QLabel(self.original.excerpt, wordWrap=True, styleSheet="color:gray")
        quote.setTextFormat(Qt.TextFormat.PlainText)  # article text is untrusted
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(quote)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def _dates(self) -> tuple[str | None, str | None, str | None]:
        """(date, date_end, precision) from the fields; raises ValueError on a bad date."""
        text = self.date.text().strip()
        if not text:
            return None, None, None
        precision = self.precision.currentData()
        first, last = date_interval(date.fromisoformat(text), precision)
        return first.isoformat(), last.isoformat(), precision

    def _on_date_changed(self) -> None:
        try:
            first, last, _ = self._dates()
        except ValueError:
            self.interval.setText(self.tr("Date as 2022-07-30"))
            return
        event = self.original
        unedited = self.date.text().strip() == (event.date or "") and (
            self.precision.currentData() == (event.date_precision or "day")
        )
        if unedited and event.date and event.date_end:  # the stored range, whatever it is
            first, last = event.date, event.date_end
        if first is None:
            self.interval.setText(self.tr("undated"))
        else:
            self.interval.setText(first if first == last else f"{first} – {last}")

    def _on_place_changed(self, name: str) -> None:
        known = self._places.get(name.strip())
        if known is not None and known[1]:
            self._select(self.district, known[1])

    def accept(self) -> None:
        if not self.title.text().strip():
            self.error.setText(self.tr("The title cannot be empty"))
            return
        try:
            self._dates()
        except ValueError:
            message = self.tr("“{text}” is not a date (use 2022-07-30)")
            self.error.setText(message.format(text=self.date.text()))
            return
        super().accept()

    def changes(self) -> dict[str, Any]:
        """The fields the user changed, as values the store takes."""
        event = self.original
        wanted: dict[str, Any] = {
            "type": self.type.currentData(),
            "status": self.status.currentData(),
            "title": self.title.text().strip(),
            "subject": self.subject.text().strip() or None,
            "district": self.district.currentData(),
        }
        dates_edited = self.date.text().strip() != (event.date or "") or (
            self.precision.currentData() != (event.date_precision or "day")
        )
        if dates_edited:  # else keep the stored interval, which may be any range
            first, last, precision = self._dates()
            wanted.update(date=first, date_end=last, date_precision=precision)
        place = self.place.currentText().strip() or None
        if place != event.place:
            # A gazetteer place brings its coordinates; another name has none we know of.
            _, _, lat, lon, geo = self._places.get(place or "", (None, None, None, None, None))
            wanted.update(place=place, lat=lat, lon=lon, geo_precision=geo)
        current = {key: getattr(event, key) for key in wanted}
        return {key: value for key, value in wanted.items() if value != current[key]}
