"""AppState: the one object that owns the events, the filter, the visible set and the selection.

Views never talk to each other: they read from here and call ``set_filter``/``select``.

Signals
-------
events_changed()
    A new set of events was loaded (import, re-extraction).
filter_changed(object)
    The filter changed: the new :class:`~explorer.core.filters.EventFilter`.
visible_changed(object)
    The events the filter lets through, a tuple of events in time order.
selection_changed(object)
    The selected event id, or ``None``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from explorer.core.events import Event
from explorer.core.filters import EventFilter
from explorer.pipeline.grouping import group_events
from explorer.pipeline.subjects import similar_subjects
from explorer.store import repository
from explorer.store.repository import EventSource


class AppState(QObject):
    events_changed = Signal()
    filter_changed = Signal(object)
    visible_changed = Signal(object)
    selection_changed = Signal(object)

    def __init__(self, conn: sqlite3.Connection | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.conn = conn
        self.events: tuple[Event, ...] = ()
        self.filter = EventFilter()
        self.visible: tuple[Event, ...] = ()
        self.selected: int | None = None
        self._by_id: dict[int, Event] = {}

    def reload(self) -> None:
        """Load every stored event again (after an import)."""
        if self.conn is not None:
            self.set_events(repository.load_events(self.conn))

    def set_events(self, events: Sequence[Event]) -> None:
        self.events = tuple(events)
        self._by_id = {e.id: e for e in self.events if e.id is not None}
        self.events_changed.emit()
        self._refilter()
        if self.selected is not None and self.selected not in self._by_id:
            self.select(None)

    def set_filter(self, wanted: EventFilter) -> None:
        """Apply a filter; emits only when it really changes."""
        if wanted == self.filter:
            return
        self.filter = wanted
        self.filter_changed.emit(wanted)
        self._refilter()

    def select(self, event_id: int | None) -> None:
        """Select an event (or nothing); emits only on a real change, so views cannot loop."""
        if event_id == self.selected:
            return
        self.selected = event_id
        self.selection_changed.emit(event_id)

    def event_by_id(self, event_id: int | None) -> Event | None:
        return self._by_id.get(event_id) if event_id is not None else None

    def related(self, event_id: int, language: str = "zh") -> dict[str, list[Event]]:
        """Other events of the same document and project, and other documents' reports of
        the same event (grouped as the extraction's cross-article grouping does)."""
        event = self.event_by_id(event_id)
        if event is None:
            return {}
        zh = language.startswith("zh")
        others = [e for e in self.events if e.id != event_id]
        project = sorted(
            (e for e in others if event.subject and similar_subjects(e.subject, event.subject)),
            key=lambda e: e.date or "",
        )
        same_doc = [e for e in others if e.document == event.document and e not in project]
        groups = group_events(self.events)
        mine = groups[self.events.index(event)]
        reports = [
            e for e, g in zip(self.events, groups, strict=True) if g == mine and e.id != event_id
        ]
        return {
            ("其他报道" if zh else "Also reported by"): reports,
            ("同一项目" if zh else "Same project"): project,
            ("同一文章中的事件" if zh else "In the same article"): same_doc,
        }

    def source_of(self, event_id: int) -> EventSource | None:
        return repository.event_source(self.conn, event_id) if self.conn is not None else None

    def counts(self) -> dict[str, int]:
        """The status line's numbers: shown, all, undated, without location."""
        return {
            "shown": len(self.visible),
            "total": len(self.events),
            "undated": sum(1 for e in self.visible if not e.date),
            "unplaced": sum(1 for e in self.visible if e.lat is None),
        }

    def _refilter(self) -> None:
        wanted = self.filter
        if wanted.text and self.conn is not None:
            # Words may be in the article rather than in the event: ask the full-text index.
            documents = repository.documents_matching(self.conn, wanted.text)
            loose = EventFilter(
                wanted.date_from, wanted.date_to, wanted.districts, wanted.types, wanted.statuses
            )
            self.visible = tuple(
                e
                for e in self.events
                if loose.matches(e) and (e.document in documents or wanted.matches(e))
            )
        else:
            self.visible = tuple(e for e in self.events if wanted.matches(e))
        self.visible_changed.emit(self.visible)
