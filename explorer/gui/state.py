"""AppState: the one object that owns the events, the filter, the visible set and the selection.

Views never talk to each other: they read from here and call ``set_filter``/``select``.

Signals
-------
events_changed()
    A new set of events was loaded (import, re-extraction).
filter_changed(object)
    The filter changed: the new :class:`~explorer.core.filters.EventFilter`.
visible_changed(object)
    The events the filter lets through, a tuple of events in time order; ``facet_counts``
    holds the filter panel's counts for them by then.
selection_changed(object)
    The selected event id, or ``None``.
curation_failed(str)
    A correction was refused (a bad value): the message to show.

Which events a filter shows, the related and nearby events are the
:class:`~explorer.index.EventIndex`'s answers (the CLI and the exports ask it too); this
object adds the signals, the selection and undo.

Corrections (edit, delete, merge, set location) go through ``undo_stack``, so Ctrl+Z undoes
them. A location set for an event moves every event at its place (see
:mod:`explorer.store.place_fixes`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from explorer.core.event_columns import EventColumns
from explorer.core.events import Event
from explorer.core.filters import EventFilter
from explorer.index import EventIndex
from explorer.pipeline.nearby import DEFAULT_KM, warm_up
from explorer.store import curation, place_fixes, repository
from explorer.store.curation import Change
from explorer.store.db import connect, location
from explorer.store.dialect import dialect_of
from explorer.store.place_fixes import PlaceFix
from explorer.store.sources import ArticleText, EventSource, article_of, event_source

# More events than this are read again all at once (one query parameter per id otherwise).
_REFRESH_AT_MOST = 10_000


class AppState(QObject):
    events_changed = Signal()
    filter_changed = Signal(object)
    visible_changed = Signal(object)
    selection_changed = Signal(object)
    curation_failed = Signal(str)

    def __init__(
        self,
        conn: sqlite3.Connection | None = None,
        parent: QObject | None = None,
        user: str = "",
    ):
        super().__init__(parent)
        self.conn = conn
        self.user = user  # who corrections are stored as
        self.undo_stack = QUndoStack(self)
        self.loading = None  # the background load's worker while it runs
        self._generation = 0  # which load is the newest: older results are dropped
        self.index = EventIndex((), conn)
        self.filter = EventFilter()
        self.visible: tuple[Event, ...] = ()
        self.visible_mask = np.zeros(0, dtype=bool)
        # Per district, type and status: the events passing every other active filter.
        self.facet_counts: Mapping[str, Mapping[Any, int]] = {}
        self.selected: int | None = None
        # A team's server: other analysts' corrections arrive by polling the store's change
        # counter; corrections carry the version of the event as this window read it.
        self._shared = conn is not None and dialect_of(conn).is_postgres
        self._versions: dict[int, int] = {}
        self._changes = repository.change_token(conn) if self._shared and conn else None
        self.watch: QTimer | None = None
        if self._shared:
            self.watch = QTimer(self)
            self.watch.setInterval(_POLL_MS)
            self.watch.timeout.connect(self.poll_changes)
            self.watch.start()

    @property
    def events(self) -> tuple[Event, ...]:
        """Every loaded event, in time order."""
        return self.index.events

    @property
    def columns(self) -> EventColumns:
        return self.index.columns

    def reload(self) -> None:
        """Load every stored event again (after an import)."""
        if self.conn is not None:
            self._generation += 1  # a background load still running is now out of date
            self._read_versions()
            self.set_events(repository.load_events(self.conn))

    def poll_changes(self) -> bool:
        """Reload when someone changed the shared database since the last look (the
        window's timer calls it); whether it did."""
        if self.conn is None or not self._shared:
            return False
        token = repository.change_token(self.conn)
        if token == self._changes:
            return False
        self._changes = token
        self.reload()
        if self.selected is not None:
            self.selection_changed.emit(self.selected)  # the details show the news
        return True

    def _read_versions(self, event_ids: Sequence[int] | None = None) -> None:
        """Before reading events: the versions are then never newer than what is shown,
        so a change in between is refused, not overwritten."""
        if self._shared and self.conn is not None:
            fresh = curation.versions(self.conn, event_ids)
            if event_ids is None:
                self._versions = fresh
            else:
                self._versions.update(fresh)

    def reload_in_background(self) -> None:
        """Load the events in a worker thread, so the window is usable at once on a large
        database; ``events_changed`` tells when they are in."""
        if self.conn is None:
            return
        from explorer.gui.workers import new_worker  # errors reach the one error dialog

        path = location(self.conn)
        self._read_versions()
        self._generation += 1
        generation = self._generation
        self.loading = new_worker(_load_events, path, context=self.tr("Loading the events failed"))
        self.loading.returned.connect(lambda events: self._on_loaded(generation, events))
        self.loading.finished.connect(self._on_loading_finished)
        self.loading.start()

    def _on_loaded(self, generation: int, events: list[Event]) -> None:
        if generation == self._generation:  # else a newer load (an import's) came first
            self.set_events(events)

    def _on_loading_finished(self) -> None:
        self.loading = None

    def set_events(self, events: Sequence[Event]) -> None:
        """Show ``events`` (in time order)."""
        self._set_index(EventIndex(events, self.conn))

    def _set_index(self, index: EventIndex) -> None:
        self.index = index
        self._compute_visible()  # before events_changed: its handlers may read the mask
        self.events_changed.emit()
        self.visible_changed.emit(self.visible)
        if self.selected is not None and self.selected not in index.by_id:
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

    def step(self, offset: int) -> None:
        """Select the visible event ``offset`` places later in time (earlier if negative)."""
        if not self.visible:
            return
        ids = [e.id for e in self.visible]
        if self.selected in ids:
            at = min(max(ids.index(self.selected) + offset, 0), len(ids) - 1)
        else:
            at = 0 if offset > 0 else len(ids) - 1
        self.select(ids[at])

    def event_by_id(self, event_id: int | None) -> Event | None:
        return self.index.event(event_id)

    def related(self, event_id: int) -> dict[str, list[Event]]:
        """The detail pane's lists under their (translated) headings: other reports of the
        same event, the project's events, the article's other events."""
        if self.event_by_id(event_id) is None:
            return {}
        related = self.index.related(event_id)
        return {
            self.tr("Also reported by"): related.reports,
            self.tr("Same project"): related.project,
            self.tr("In the same article"): related.article,
        }

    def source_of(self, event_id: int) -> EventSource | None:
        return event_source(self.conn, event_id) if self.conn is not None else None

    def article_of(self, event_id: int) -> ArticleText | None:
        return article_of(self.conn, event_id) if self.conn is not None else None

    def history_of(self, event_id: int) -> list[curation.EditRecord]:
        return curation.history(self.conn, event_id) if self.conn is not None else []

    # ---------------------------------------------------------------- corrections
    def edit(self, event_id: int, changes: dict[str, object], label: str) -> bool:
        """Correct an event; ``False`` (and ``curation_failed``) if a value is refused."""
        return self._curate(
            label,
            lambda: curation.edit_event(
                self._db, event_id, changes, self.user, seen=self._versions.get(event_id)
            ),
        )

    def delete(self, event_id: int, label: str) -> bool:
        return self._curate(
            label,
            lambda: curation.delete_event(
                self._db, event_id, self.user, seen=self._versions.get(event_id)
            ),
        )

    def merge(self, keep_id: int, drop_id: int, label: str) -> bool:
        """Merge ``drop_id`` into ``keep_id``; the selection moves to the kept event."""
        was_selected = self.selected == drop_id
        done = self._curate(
            label,
            lambda: curation.merge_events(
                self._db,
                keep_id,
                drop_id,
                self.user,
                seen={i: self._versions.get(i) for i in (keep_id, drop_id)},
            ),
        )
        if done and was_selected:
            self.select(keep_id)
        return done

    def set_location(
        self,
        event_id: int,
        lat: float,
        lon: float,
        label: str,
        *,
        crs: str = "wgs84",
        note: str | None = None,
    ) -> bool:
        """Set where an event is: its place's location (every event at that place moves
        along, now and after re-extraction) or, for an event naming no place, its own.
        ``lat``/``lon`` in ``crs`` (wgs84, gcj02 or bd09). Undoable; ``False`` (and
        ``curation_failed``) when the point is refused (out of range, outside Jiangmen)."""
        return self._fix_place(
            label,
            lambda: place_fixes.set_location(
                self._db, event_id, lat, lon, self.user, crs=crs, note=note
            ),
        )

    def clear_location(self, event_id: int, label: str) -> bool:
        """Remove the location a user set for an event (its own, else its place's)."""
        return self._fix_place(
            label, lambda: place_fixes.clear_location(self._db, event_id, self.user)
        )

    def location_fix(self, event_id: int) -> place_fixes.Override | None:
        """The user's location that places an event (who set it, when), if any."""
        if self.conn is None:
            return None
        return place_fixes.override_of_event(self.conn, event_id)

    def _fix_place(self, label: str, apply) -> bool:
        try:
            fix = apply()
        except ValueError as error:
            self.curation_failed.emit(str(error))
            return False
        self.refresh(fix.event_ids)
        self.undo_stack.push(_PlaceFixCommand(self, label, fix))
        return True

    # ---------------------------------------------------------------- nearby
    def nearby(self, event_id: int, km: float = DEFAULT_KM) -> list[tuple[Event, float]]:
        """The other events within ``km`` of an event, nearest first (see EventIndex)."""
        return self.index.nearby(event_id, km)

    def events_near(
        self, lat: float, lon: float, km: float = DEFAULT_KM, visible_only: bool = False
    ) -> list[tuple[Event, float]]:
        """The events within ``km`` of a WGS-84 point, nearest first, with their distances
        in km; only the shown ones with ``visible_only``."""
        return self.index.events_near(lat, lon, km, self.visible_mask if visible_only else None)

    @property
    def _db(self) -> sqlite3.Connection:
        if self.conn is None:
            raise ValueError("no database")
        return self.conn

    def _curate(self, label: str, apply) -> bool:
        try:
            change = apply()
        except ValueError as error:
            self.curation_failed.emit(str(error))
            if isinstance(error, curation.EditConflict):
                self.poll_changes()  # show what the other analyst made of it
            return False
        self.refresh(change.event_ids)
        self.undo_stack.push(_CurationCommand(self, label, change))
        return True

    def refresh(self, event_ids: Sequence[int]) -> None:
        """Read these events again after a correction, keeping the rest as they are."""
        if len(event_ids) > _REFRESH_AT_MOST:  # a place of many events: read all again
            self.reload()
            if self.selected is not None:
                self.selection_changed.emit(self.selected)
            return
        self._read_versions(event_ids)
        fresh = {e.id: e for e in repository.load_events(self._db, event_ids)}
        wanted = set(event_ids)  # a place fix may move thousands: no tuple scans
        # Swapped in where they stand when none was removed and none moved in time: no
        # re-sort and no rebuilding the columns of 100k events.
        if len(fresh) == len(wanted) and (index := self.index.with_replaced(fresh)):
            self._set_index(index)
            if self.selected in fresh:
                self.selection_changed.emit(self.selected)
            return
        kept = [e for e in self.events if e.id not in wanted]
        merged = sorted(
            (*kept, *fresh.values()), key=lambda e: (e.date is None, e.date or "", e.id)
        )
        self.set_events(merged)
        if self.selected in fresh:  # the details show the corrected event
            self.selection_changed.emit(self.selected)

    def counts(self) -> dict[str, int]:
        """The status line's numbers: shown, all, undated, without location."""
        return self.index.counts(self.visible_mask)

    def visible_ids(self) -> np.ndarray | None:
        """The ids of the visible events, or ``None`` when every event is visible."""
        if bool(self.visible_mask.all()):
            return None
        return self.columns.ids[self.visible_mask]

    def _refilter(self) -> None:
        self._compute_visible()
        self.visible_changed.emit(self.visible)

    def _compute_visible(self) -> None:
        filtered = self.index.filtered(self.filter)
        self.visible_mask, self.facet_counts = filtered.mask, filtered.counts
        self.visible = self.index.pick(self.visible_mask)


class _CurationCommand(QUndoCommand):
    """A correction already made, on the undo stack: undo and redo write its snapshots."""

    def __init__(self, state: AppState, label: str, change: Change) -> None:
        super().__init__(label)
        self._state = state
        self._change = change
        self._done = True  # QUndoStack.push calls redo(): the change is already made

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._run(curation.redo)

    def undo(self) -> None:
        self._run(curation.undo)

    def _run(self, step) -> None:
        # Called by Qt: an exception would only be printed. The events may have gone (an
        # extraction run elsewhere): say so, and drop this step from the stack.
        try:
            step(self._state._db, self._change, self._state.user)
        except ValueError as error:
            self.setObsolete(True)
            self._state.curation_failed.emit(str(error))
            self._state.reload()
            return
        self._state.refresh(self._change.event_ids)


class _PlaceFixCommand(QUndoCommand):
    """A location set (or cleared) already, on the undo stack, like :class:`_CurationCommand`."""

    def __init__(self, state: AppState, label: str, fix: PlaceFix) -> None:
        super().__init__(label)
        self._state = state
        self._fix = fix
        self._done = True  # QUndoStack.push calls redo(): the fix is already made

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._run(place_fixes.redo)

    def undo(self) -> None:
        self._run(place_fixes.undo)

    def _run(self, step) -> None:
        try:
            moved = step(self._state._db, self._fix, self._state.user)
        except (ValueError, sqlite3.Error) as error:  # called by Qt: report, never raise
            self.setObsolete(True)
            self._state.curation_failed.emit(str(error))
            self._state.reload()
            return
        self._state.refresh(tuple(dict.fromkeys((*self._fix.event_ids, *moved))))


_POLL_MS = 3000  # how often a window on a team's server looks for others' corrections


def _load_events(path: Path) -> list[Event]:
    # A connection belongs to its thread: the worker opens and closes its own.
    conn = connect(path)
    try:
        events = repository.load_events(conn)
    finally:
        conn.close()
    warm_up()  # geopy's import, here rather than at the first click
    return events
