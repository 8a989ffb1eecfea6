"""CurationActions: the user's corrections from the window — the Edit menu, the dialogs,
and what the table's and detail pane's requests do.

The changes themselves are AppState's (stored with who/when, on its undo stack); this
object only asks the user and reports back in the status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar, QMessageBox

from explorer.core.date_labels import event_date_label
from explorer.gui.icons import action_icon
from explorer.gui.settings import Settings
from explorer.gui.state import AppState
from explorer.gui.translations import ui_language


class CurationActions(QObject):
    def __init__(self, state: AppState, settings: Settings, window: QMainWindow) -> None:
        super().__init__(window)
        self.state = state
        self.settings = settings
        self.window = window
        self.selected_rows = lambda: []  # the table's selected ids, set by the window
        self.edit_dialog = None
        self.article_dialog = None
        state.curation_failed.connect(self._on_state_curation_failed)

    def add_menu(self, bar: QMenuBar) -> None:
        """The Edit menu: undo/redo, correct, delete, merge, full article, previous/next."""
        menu = bar.addMenu(self.tr("Edit"))
        stack = self.state.undo_stack
        self.undo_action = stack.createUndoAction(self, self.tr("Undo"))
        self.redo_action = stack.createRedoAction(self, self.tr("Redo"))
        self.undo_action.setIcon(action_icon("undo"))
        self.redo_action.setIcon(action_icon("redo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        menu.addSeparator()
        selected = self._for_selected
        entries = [
            (self.tr("Correct event…"), selected(self.edit_event), "edit", "Ctrl+E"),
            (self.tr("Delete event"), selected(self.delete_event), "delete", None),
            (self.tr("Merge the two selected rows"), self.merge_selected, "merge", None),
            (self.tr("Read the full article"), selected(self.show_article), "article", "Ctrl+R"),
            (self.tr("Set location on the map…"), selected(self.pick_location), "locate", "Ctrl+L"),
            (self.tr("Previous event"), lambda: self.state.step(-1), None, "Alt+Left"),
            (self.tr("Next event"), lambda: self.state.step(1), None, "Alt+Right"),
        ]
        for text, handler, icon, shortcut in entries:
            item = QAction(action_icon(icon), text, self) if icon else QAction(text, self)
            item.triggered.connect(handler)
            if shortcut:
                item.setShortcut(QKeySequence(shortcut))
            menu.addAction(item)

    def _for_selected(self, handler):
        return lambda: handler(self.state.selected) if self.state.selected is not None else None

    def edit_event(self, event_id: int) -> None:
        """Open the correction dialog for an event; OK stores the changes (undoable)."""
        from explorer.gui.edit_dialog import EventEditDialog
        from explorer.store.repository import place_names

        event = self.state.event_by_id(event_id)
        if event is None or self.state.conn is None:
            return
        places = place_names(self.state.conn)
        dialog = EventEditDialog(event, places, self.window, self.window.language)
        dialog.accepted.connect(lambda: self._on_edit_dialog_accepted(dialog))
        self.edit_dialog = dialog
        dialog.open()

    def _on_edit_dialog_accepted(self, dialog) -> None:
        changes = dialog.changes()
        if changes:
            label = self.tr("Correct “{title}”").format(title=dialog.original.title)
            self.state.edit(dialog.original.id, changes, label)

    def delete_event(self, event_id: int) -> None:
        event = self.state.event_by_id(event_id)
        if event is None:
            return
        if self.state.delete(event_id, self.tr("Delete “{title}”").format(title=event.title)):
            done = self.tr("Deleted “{title}” · Ctrl+Z to undo").format(title=event.title)
            self.window.statusBar().showMessage(done, 8000)

    def merge_events(self, keep_id: int, drop_id: int) -> None:
        keep, drop = self.state.event_by_id(keep_id), self.state.event_by_id(drop_id)
        if keep is None or drop is None:
            return
        label = self.tr("Merge “{other}” into “{kept}”").format(other=drop.title, kept=keep.title)
        if self.state.merge(keep_id, drop_id, label):
            done = self.tr("{done} · Ctrl+Z to undo").format(done=label)
            self.window.statusBar().showMessage(done, 8000)

    def merge_selected(self) -> None:
        ids = self.selected_rows()
        if len(ids) == 2:
            self.merge_events(ids[0], ids[1])
        else:
            hint = self.tr("Select two rows of the events table to merge them")
            self.window.statusBar().showMessage(hint, 8000)

    def pick_location(self, event_id: int) -> None:
        """Let the user click where the event's place really is (every event there moves)."""
        window = self.window
        window.centre.setCurrentWidget(window.map)
        self._picking_for = event_id
        window.map.start_picking()
        hint = self.tr("Click where it is on the map (Esc cancels)")
        window.statusBar().showMessage(hint, 15000)

    def on_location_picked(self, lat: float, lon: float) -> None:
        event = self.state.event_by_id(getattr(self, "_picking_for", None))
        self._picking_for = None
        if event is None:
            return
        label = self.tr("Set the location of “{title}”").format(title=event.place or event.title)
        if self.state.set_location(event.id, lat, lon, label):
            done = self.tr("{done} · Ctrl+Z to undo").format(done=label)
            self.window.statusBar().showMessage(done, 8000)

    def show_events_near(self, lat: float, lon: float) -> None:
        """A menu of the shown events near a point of the map, nearest first; one selects."""
        from PySide6.QtGui import QCursor
        from PySide6.QtWidgets import QMenu

        near = self.state.events_near(lat, lon, 3.0, visible_only=True)
        menu = QMenu(self.window)
        if not near:
            menu.addAction(self.tr("No events within 3 km")).setEnabled(False)
        for event, km in near[:20]:
            when = event_date_label(event, ui_language())
            text = f"{km:.1f} km · {when} {event.title}"
            item = menu.addAction(text)
            item.triggered.connect(lambda _=False, i=event.id: self.state.select(i))
        self.near_menu = menu
        menu.popup(QCursor.pos())

    def show_article(self, event_id: int) -> None:
        """The whole article of an event, all its events highlighted and clickable."""
        from explorer.gui.article_dialog import ArticleDialog

        article = self.state.article_of(event_id)
        if article is None:
            return
        dialog = ArticleDialog(article, event_id, self.window, self.window.language)
        dialog.event_selected.connect(self.state.select)
        self.article_dialog = dialog
        dialog.show()

    def _on_state_curation_failed(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "", message, parent=self.window)
        box.open()
