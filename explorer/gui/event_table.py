"""EventTable: one row per visible event, sortable; a click selects the event.

The columns are the exports' citation columns (:mod:`explorer.export.event_rows`: 日期, 类型,
状态, 项目, 地点, 区县, 金额(亿元), 摘录, 文章标题, 媒体, 发布日期, URL), with the same values, so
what the table shows is what a CSV of it holds. The header's context menu hides and shows
columns, its sections can be dragged into another order, and the window's table export
follows both and the sort order. Ctrl+C copies the selected rows as tab-separated text.
Corrected events show a pencil; the context menu (and Del) asks for corrections.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QTableView, QWidget

from explorer.core.cells import inert_cell
from explorer.core.events import Event
from explorer.export.event_rows import (
    BY_KEY,
    CITATION_KEYS,
    NO_CITATION,
    cell_text,
    cell_value,
    sort_key,
)
from explorer.gui.icons import action_icon, type_icon
from explorer.store.repository import Citation

Index = QModelIndex | QPersistentModelIndex
CitationSource = Callable[[Sequence[int]], Mapping[int, Citation]]
# What a model user (a proxy, a test) can sort by: the date column's real interval as
# "start/end" ISO text, numbers as numbers.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# Starting widths in pixels of the columns that hold long text.
WIDTHS = {"date": 130, "project": 200, "excerpt": 360, "article_title": 220, "url": 200}


class EventTableModel(QAbstractTableModel):
    """The visible events, one per row, in the order of the last :meth:`sort`.

    The model sorts itself instead of sitting behind a ``QSortFilterProxyModel``: the proxy
    compares rows through the Python ``data()``, 1.8 million calls (17 s) to sort 100,000
    events after every filter change; sorting the tuple by a key takes milliseconds.
    """

    def __init__(self, language: str = "zh") -> None:
        super().__init__()
        self.language = language
        self.keys: tuple[str, ...] = CITATION_KEYS
        self.events: tuple[Event, ...] = ()
        self.citations: dict[int, Citation] = {}  # event id → its article, fetched once
        self.citation_source: CitationSource | None = None
        self._sort_column = -1  # rows as given until the view asks for an order
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._rows: dict[int, int] | None = None  # event id → row, built when first asked
        self.headers = tuple(BY_KEY[k].header(language) for k in self.keys)

    def set_events(self, events: Sequence[Event]) -> None:
        """Show ``events`` in the current sort order."""
        self.beginResetModel()
        self.events = tuple(events)
        self._fetch_citations()
        self.events = self._sorted()
        self._rows = None
        self.endResetModel()

    def _fetch_citations(self) -> None:
        """The articles of events not seen before, in one query."""
        if self.citation_source is None:
            return
        missing = [e.id for e in self.events if e.id is not None and e.id not in self.citations]
        if missing:
            self.citations.update(self.citation_source(missing))

    def citation(self, event: Event) -> Citation:
        found = self.citations.get(event.id) if event.id is not None else None
        return found or NO_CITATION

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column`` (dates by their interval, amounts by number, the rest
        by the text shown), stably; the selection stays on the same events."""
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        before = {id(e): row for row, e in enumerate(self.events)}
        self.events = self._sorted()
        self._rows = None
        moved = {before[id(e)]: row for row, e in enumerate(self.events)}
        old = self.persistentIndexList()
        new = [self.index(moved[i.row()], i.column()) if i.isValid() else i for i in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def row_of(self, event_id: int | None) -> int | None:
        """The row showing ``event_id``, or ``None``."""
        if self._rows is None:
            self._rows = {e.id: row for row, e in enumerate(self.events) if e.id is not None}
        return self._rows.get(event_id) if event_id is not None else None

    def _sorted(self) -> tuple[Event, ...]:
        column, events = self._sort_column, self.events
        if not 0 <= column < self.columnCount():
            return events
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        key, language = self.keys[column], self.language
        # The window passes events in date order: timsort makes a date sort a linear pass.
        # Missing values (an undated event, no amount) come last in either direction: a
        # descending sort reverses those that have one, not the whole list.
        keyed = [(sort_key(key, e, self.citation(e), language), e) for e in events]
        present = [(k, e) for k, e in keyed if not k[0]]
        missing = [e for k, e in keyed if k[0]]
        present.sort(key=lambda pair: pair[0], reverse=descending)
        return tuple(e for _, e in present) + tuple(missing)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.events)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        event = self.events[index.row()]
        key = self.keys[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return event.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown(event, key)
        if role == SORT_ROLE:
            if key == "date":
                return f"{event.date or ''}/{event.date_end or ''}"
            value = cell_value(key, event, self.citation(event), self.language)
            return float(value) if BY_KEY[key].kind == "amount" and value is not None else value
        if role == Qt.ItemDataRole.DecorationRole:
            if key == "type":
                return type_icon(event.type)
            if key == "project" and event.edited:
                return action_icon("edit")
        if role == Qt.ItemDataRole.TextAlignmentRole and BY_KEY[key].kind == "amount":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(event, key)
        return None

    def _tooltip(self, event: Event, key: str) -> str | None:
        if key == "project" and event.edited:
            who = " · ".join(x for x in (event.edited_by, event.edited_at) if x)
            edited = self.tr("edited")
            return f"{edited} · {who}"
        if key in ("excerpt", "article_title", "url"):
            # Long text the column cuts off, as escaped rich text: Qt guesses a plain
            # tooltip's format, and an article's "<img src=x>" would render as HTML.
            text = self.shown(event, key)
            return f"<p>{html.escape(text)}</p>" if text else None
        return None

    def shown(self, event: Event, key: str) -> str:
        """The text of ``event`` in column ``key``: what the cell shows and Ctrl+C copies."""
        return cell_text(cell_value(key, event, self.citation(event), self.language))


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
        self.setModel(self.model_)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu_requested)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_context_menu_requested)
        for column, key in enumerate(self.model_.keys):
            if key in WIDTHS:
                header.resizeSection(column, WIDTHS[key])
        self.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        # A standing action (not only the row menu's): 帮助 → 快捷键 lists it from the start.
        self.copy_action = QAction(self.tr("Copy rows"), self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.addAction(self.copy_action)

    def set_citation_source(self, source: CitationSource | None) -> None:
        """Where the article columns come from: event ids → their articles (the window
        binds :func:`explorer.store.repository.event_citations` to its database)."""
        self.model_.citation_source = source
        self.model_.citations.clear()

    def set_events(self, events: Sequence[Event]) -> None:
        self.model_.set_events(events)

    # ---------------------------------------------------------------- what is shown
    def visible_columns(self) -> list[str]:
        """The keys of the columns shown, in the order the user sees them."""
        header = self.horizontalHeader()
        visual = sorted(
            (header.visualIndex(c), key)
            for c, key in enumerate(self.model_.keys)
            if not header.isSectionHidden(c)
        )
        return [key for _, key in visual]

    def set_column_visible(self, key: str, visible: bool) -> None:
        self.horizontalHeader().setSectionHidden(self.model_.keys.index(key), not visible)

    def header_columns(self) -> str:
        """What a saved header state belongs to: the column keys, in the model's order."""
        return ",".join(self.model_.keys)

    def header_state(self) -> QByteArray:
        """Hidden, moved and sized columns and the sort, to restore next time."""
        return self.horizontalHeader().saveState()

    def restore_header(self, state: QByteArray | None) -> None:
        """Put back a :meth:`header_state` (of the same :meth:`header_columns`)."""
        header = self.horizontalHeader()
        if state is None or not header.restoreState(state):
            return
        if not self.visible_columns():  # never a table without columns
            self.set_column_visible(self.model_.keys[0], True)
        self.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def shown_events(self) -> tuple[Event, ...]:
        """Every event of the table, in the order it is sorted."""
        return self.model_.events

    def citations(self) -> Mapping[int, Citation]:
        """The articles of the shown events (event id → citation)."""
        return self.model_.citations

    def selected_ids(self) -> list[int]:
        """The ids of the selected rows, in the order shown."""
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        return [int(self.model_.events[r].id) for r in rows]  # type: ignore[arg-type]  # shown events are stored: ids set

    def selected_text(self) -> str:
        """The selected rows as tab-separated text: a line per row, the shown columns in
        their order, no header (Excel and WPS paste it as cells)."""
        keys = self.visible_columns()
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        lines = []
        for row in rows:
            event = self.model_.events[row]
            # Formula-inert as in the CSV/XLSX exports: Excel and WPS take a pasted cell
            # starting with = + - @ as a formula.
            cells = (" ".join(self.model_.shown(event, key).split()) for key in keys)
            lines.append("\t".join(str(inert_cell(c)) for c in cells))
        return "\n".join(lines)

    def copy_selection(self) -> None:
        """Put the selected rows on the clipboard (see :meth:`selected_text`)."""
        text = self.selected_text()
        if text:
            QApplication.clipboard().setText(text)

    # ---------------------------------------------------------------- selection
    def select(self, event_id: int | None) -> None:
        """Show ``event_id`` as selected without emitting."""
        self.blockSignals(True)
        try:
            row = self.model_.row_of(event_id)
            if row is None:
                self.clearSelection()
            elif self.selectionModel().isRowSelected(row):
                # Ctrl+click made it current: keep the other selected rows (for a merge).
                self.scrollTo(self.model_.index(row, 0))
            else:
                # Not selectRow(): it reads the keyboard modifiers, so a Ctrl held while
                # clicking the map would toggle the row instead of selecting it.
                flags = QItemSelectionModel.SelectionFlag
                self.selectionModel().setCurrentIndex(
                    self.model_.index(row, 0), flags.ClearAndSelect | flags.Rows
                )
                self.scrollTo(self.model_.index(row, 0))
        finally:
            self.blockSignals(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ids = self.selected_ids()
        if event.matches(QKeySequence.StandardKey.Copy):
            # QTableView's own copy puts only the current cell on the clipboard.
            self.copy_selection()
        elif event.key() == Qt.Key.Key_Delete and len(ids) == 1:
            self.delete_requested.emit(ids[0])
        else:
            super().keyPressEvent(event)

    def _on_context_menu_requested(self, position: QPoint) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per right-click
        menu.addAction(self.copy_action)
        menu.addSeparator()
        if len(ids) == 1:
            edit = menu.addAction(action_icon("edit"), self.tr("Correct…"))
            edit.triggered.connect(lambda: self.edit_requested.emit(ids[0]))
            delete = menu.addAction(action_icon("delete"), self.tr("Delete"))
            delete.triggered.connect(lambda: self.delete_requested.emit(ids[0]))
        elif len(ids) == 2:
            merge = menu.addAction(action_icon("merge"), self.tr("Merge as one event"))
            merge.triggered.connect(lambda: self.merge_requested.emit(ids[0], ids[1]))
        menu.popup(self.viewport().mapToGlobal(position))

    def column_menu(self) -> QMenu:
        """A check per column: unchecking hides it (from the table and its exports); the
        last shown column cannot be hidden."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per right-click
        shown = self.visible_columns()
        for column, key in enumerate(self.model_.keys):
            item = menu.addAction(self.model_.headers[column])
            item.setCheckable(True)
            item.setChecked(key in shown)
            item.setEnabled(not (key in shown and len(shown) == 1))
            item.toggled.connect(lambda on, k=key: self.set_column_visible(k, on))
        menu.addSeparator()
        every = menu.addAction(self.tr("Show all columns"))
        every.triggered.connect(self._show_all_columns)
        return menu

    def _show_all_columns(self) -> None:
        for key in self.model_.keys:
            self.set_column_visible(key, True)

    def _on_header_context_menu_requested(self, position: QPoint) -> None:
        self.column_menu().popup(self.horizontalHeader().mapToGlobal(position))

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.event_selected.emit(int(current.data(Qt.ItemDataRole.UserRole)))
