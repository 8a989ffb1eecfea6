"""EventTable: one row per visible event, sortable; a click selects the event.

Corrected events show a pencil; the context menu (and Del) asks for corrections.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QWidget

from explorer.core.events import Event
from explorer.core.vocabulary import TYPE_LABELS
from explorer.gui.icons import action_icon, type_icon

Index = QModelIndex | QPersistentModelIndex


class EventTableModel(QAbstractTableModel):
    HEADERS_ZH = ("日期", "精度", "类型", "状态", "标题", "项目", "地点", "区")
    HEADERS_EN = ("Date", "Precision", "Type", "Status", "Title", "Subject", "Place", "District")

    def __init__(self, language: str = "zh") -> None:
        super().__init__()
        self.zh = language.startswith("zh")
        self.events: tuple[Event, ...] = ()

    def set_events(self, events: Sequence[Event]) -> None:
        self.beginResetModel()
        self.events = tuple(events)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.events)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS_ZH)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.HEADERS_ZH if self.zh else self.HEADERS_EN)[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        event = self.events[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return event.id
        if role == Qt.ItemDataRole.DecorationRole and column == 2:
            return type_icon(event.type)
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and event.edited:
            who = " · ".join(x for x in (event.edited_by, event.edited_at) if x)
            return f"{'已人工修订' if self.zh else 'Edited'} · {who}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            event.date or "",
            event.date_precision or "",
            TYPE_LABELS[event.type][0 if self.zh else 1],
            ("计划" if self.zh else "planned") if event.status == "planned" else "",
            f"✎ {event.title}" if event.edited else event.title,
            event.subject or "",
            event.place or "",
            event.district or "",
        )
        return values[column]


class EventTable(QTableView):
    """Signals
    -------
    event_selected(int)
        The user picked a row.
    edit_requested(int), delete_requested(int)
        The user asked (context menu, Del) to correct or delete an event.
    merge_requested(int, int)
        The user selected two rows and asked to merge the second into the first.
    """

    event_selected = Signal(int)
    edit_requested = Signal(int)
    delete_requested = Signal(int)
    merge_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None, language: str = "zh") -> None:
        super().__init__(parent)
        self.model_ = EventTableModel(language)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model_)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu_requested)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setStretchLastSection(True)
        self.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

    def set_events(self, events: Sequence[Event]) -> None:
        self.model_.set_events(events)

    def select(self, event_id: int | None) -> None:
        """Show ``event_id`` as selected without emitting."""
        self.blockSignals(True)
        try:
            for row in range(self.proxy.rowCount()):
                index = self.proxy.index(row, 0)
                if index.data(Qt.ItemDataRole.UserRole) == event_id:
                    self.selectRow(row)
                    self.scrollTo(index)
                    return
            self.clearSelection()
        finally:
            self.blockSignals(False)

    def selected_ids(self) -> list[int]:
        """The ids of the selected rows, in the order shown."""
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        return [int(self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole)) for r in rows]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ids = self.selected_ids()
        if event.key() == Qt.Key.Key_Delete and len(ids) == 1:
            self.delete_requested.emit(ids[0])
        else:
            super().keyPressEvent(event)

    def _on_context_menu_requested(self, position: QPoint) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        zh = self.model_.zh
        menu = QMenu(self)
        if len(ids) == 1:
            edit = menu.addAction(action_icon("edit"), "修订…" if zh else "Correct…")
            edit.triggered.connect(lambda: self.edit_requested.emit(ids[0]))
            delete = menu.addAction(action_icon("delete"), "删除" if zh else "Delete")
            delete.triggered.connect(lambda: self.delete_requested.emit(ids[0]))
        elif len(ids) == 2:
            merge = menu.addAction(
                action_icon("merge"), "合并为同一事件" if zh else "Merge as one event"
            )
            merge.triggered.connect(lambda: self.merge_requested.emit(ids[0], ids[1]))
        menu.popup(self.viewport().mapToGlobal(position))

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.event_selected.emit(int(current.data(Qt.ItemDataRole.UserRole)))
