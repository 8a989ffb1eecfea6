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
curation_failed(str)
    A correction was refused (a bad value): the message to show.

Corrections (edit, delete, merge, set location) go through ``undo_stack``, so Ctrl+Z undoes
them. A location set for an event moves every event at its place (see
:mod:`explorer.store.place_fixes`); :meth:`AppState.nearby` and :meth:`AppState.events_near`
find the events around an event or a point.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from explorer.core.event_columns import EventColumns, is_in
from explorer.core.events import Event
from explorer.core.filters import EventFilter
from explorer.pipeline.nearby import DEFAULT_KM, warm_up, within
from explorer.pipeline.subjects import SubjectIndex
from explorer.store import curation, place_fixes, repository
from explorer.store.curation import Change
from explorer.store.db import connect
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
        self._subjects: SubjectIndex | None = None  # built at the first click
        self._subjects_of: tuple[Event, ...] = ()  # the events it was built from
        self.events: tuple[Event, ...] = ()
        self.filter = EventFilter()
        self.visible: tuple[Event, ...] = ()
        self.columns = EventColumns.from_events(())
        self.visible_mask = np.zeros(0, dtype=bool)
        self.selected: int | None = None
        self._by_id: dict[int, Event] = {}
        self._row_of: dict[int, int] = {}  # event id → row of the columns

    def reload(self) -> None:
        """Load every stored event again (after an import)."""
        if self.conn is not None:
            self._generation += 1  # a background load still running is now out of date
            self.set_events(repository.load_events(self.conn))

    def reload_in_background(self) -> None:
        """Load the events in a worker thread, so the window is usable at once on a large
        database; ``events_changed`` tells when they are in."""
        if self.conn is None:
            return
        from superqt.utils import create_worker

        path = Path(self.conn.execute("PRAGMA database_list").fetchone()[2])
        self._generation += 1
        generation = self._generation
        self.loading = create_worker(_load_events, path, _start_thread=False)
        self.loading.returned.connect(lambda events: self._on_loaded(generation, events))
        self.loading.finished.connect(self._on_loading_finished)
        self.loading.start()

    def _on_loaded(self, generation: int, events: list[Event]) -> None:
        if generation == self._generation:  # else a newer load (an import's) came first
            self.set_events(events)

    def _on_loading_finished(self) -> None:
        self.loading = None

    def set_events(self, events: Sequence[Event], columns: EventColumns | None = None) -> None:
        """Show ``events``; ``columns``, when given, are theirs already (a correction)."""
        self.events = tuple(events)
        self.columns = columns if columns is not None else EventColumns.from_events(self.events)
        self._by_id = {e.id: e for e in self.events if e.id is not None}
        self._row_of = {e.id: row for row, e in enumerate(self.events) if e.id is not None}
        self._compute_visible()  # before events_changed: its handlers may read the mask
        self.events_changed.emit()
        self.visible_changed.emit(self.visible)
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
        return self._by_id.get(event_id) if event_id is not None else None

    def related(self, event_id: int) -> dict[str, list[Event]]:
        """Other reports of the same event (same type, nested dates, similar subject, another
        document: the extraction's grouping rule), the project's other events, and the
        article's other events. Column operations, so a click stays fast on 100k events."""
        event = self.event_by_id(event_id)
        if event is None:
            return {}
        columns = self.columns
        others = columns.ids != event_id
        project = others & self._similar_subject_mask(event.subject)
        same_doc = others & (columns.document == event.document) & ~project
        reports = others & project & (columns.type == event.type)
        reports &= columns.document != event.document
        if event.date and event.date_end:
            inside = (columns.date >= event.date) & (columns.date_end <= event.date_end)
            around = (columns.date <= event.date) & (columns.date_end >= event.date_end)
            reports &= (columns.date != "") & (inside | around)
        else:
            reports &= False
        pick = self.events.__getitem__
        by_date = sorted(map(pick, np.flatnonzero(project).tolist()), key=lambda e: e.date or "")
        return {
            self.tr("Also reported by"): list(map(pick, np.flatnonzero(reports).tolist())),
            self.tr("Same project"): by_date,
            self.tr("In the same article"): list(map(pick, np.flatnonzero(same_doc).tolist())),
        }

    def _similar_subject_mask(self, subject: str | None) -> np.ndarray:
        if self._subjects is None or self._subjects_of is not self.events:
            self._subjects = SubjectIndex(self.columns.subject.tolist())
            self._subjects_of = self.events
        return is_in(self.columns.subject, self._subjects.similar_to(subject))

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
            label, lambda: curation.edit_event(self._db, event_id, changes, self.user)
        )

    def delete(self, event_id: int, label: str) -> bool:
        return self._curate(label, lambda: curation.delete_event(self._db, event_id, self.user))

    def merge(self, keep_id: int, drop_id: int, label: str) -> bool:
        """Merge ``drop_id`` into ``keep_id``; the selection moves to the kept event."""
        was_selected = self.selected == drop_id
        done = self._curate(
            label, lambda: curation.merge_events(self._db, keep_id, drop_id, self.user)
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

    def _fix_place(self, label: str, apply) -> bool:  # type: ignore[no-untyped-def]
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
        """The other events within ``km`` of an event, nearest first, with their distances
        in km. Only events placed finer than a district count (a district's seat is no
        location), so an event placed that coarsely has none."""
        row = self._row_of.get(event_id)
        columns = self.columns
        if row is None or not columns.pinpointed[row]:
            return []
        lat, lon = float(columns.lat[row]), float(columns.lon[row])
        return [pair for pair in self.events_near(lat, lon, km) if pair[0].id != event_id]

    def events_near(
        self, lat: float, lon: float, km: float = DEFAULT_KM, visible_only: bool = False
    ) -> list[tuple[Event, float]]:
        """The events within ``km`` of a WGS-84 point, nearest first, with their distances
        in km; only the shown ones with ``visible_only``. Events placed only to a district
        are left out."""
        columns = self.columns
        candidates = columns.pinpointed & self.visible_mask if visible_only else columns.pinpointed
        rows, distances = within(columns.lat, columns.lon, lat, lon, km, candidates)
        return list(
            zip(map(self.events.__getitem__, rows.tolist()), distances.tolist(), strict=True)
        )

    @property
    def _db(self) -> sqlite3.Connection:
        if self.conn is None:
            raise ValueError("no database")
        return self.conn

    def _curate(self, label: str, apply) -> bool:  # type: ignore[no-untyped-def]
        try:
            change = apply()
        except ValueError as error:
            self.curation_failed.emit(str(error))
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
        fresh = {e.id: e for e in repository.load_events(self._db, event_ids)}
        wanted = set(event_ids)  # a place fix may move thousands: no tuple scans
        if self._replace_in_place(wanted, fresh):
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

    def _replace_in_place(self, wanted: set[int], fresh: dict[int, Event]) -> bool:
        """Swap corrected events in where they stand, when none was removed and none
        moved in time: no re-sort and no rebuilding the columns of 100k events."""
        rows = np.flatnonzero(is_in(self.columns.ids, wanted))
        if not (len(rows) == len(wanted) == len(fresh)):
            return False
        events = list(self.events)

        def when(e: Event) -> tuple[str | None, str | None]:
            return e.date, e.date_end

        if any(when(events[r]) != when(fresh[events[r].id]) for r in rows.tolist()):
            return False
        for r in rows.tolist():
            events[r] = fresh[events[r].id]  # type: ignore[index]
        self.columns.replace_rows(rows, [events[r] for r in rows.tolist()])
        self.set_events(events, self.columns)
        return True

    def counts(self) -> dict[str, int]:
        """The status line's numbers: shown, all, undated, without location."""
        keep, columns = self.visible_mask, self.columns
        return {
            "shown": int(keep.sum()),
            "total": len(self.events),
            "undated": int((keep & (columns.date == "")).sum()),
            "unplaced": int((keep & ~columns.placed).sum()),
        }

    def visible_ids(self) -> np.ndarray | None:
        """The ids of the visible events, or ``None`` when every event is visible."""
        if bool(self.visible_mask.all()):
            return None
        return self.columns.ids[self.visible_mask]

    def _refilter(self) -> None:
        self._compute_visible()
        self.visible_changed.emit(self.visible)

    def _compute_visible(self) -> None:
        wanted = self.filter
        documents = None
        if wanted.text and self.conn is not None:
            # Words may be in the article rather than in the event: ask the full-text index.
            documents = repository.documents_matching(self.conn, wanted.text)
        self.visible_mask = self.columns.mask(wanted, documents)
        rows = np.flatnonzero(self.visible_mask).tolist()
        if len(rows) == len(self.events):
            self.visible = self.events
        else:
            self.visible = tuple(map(self.events.__getitem__, rows))


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

    def _run(self, step) -> None:  # type: ignore[no-untyped-def]
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

    def _run(self, step) -> None:  # type: ignore[no-untyped-def]
        try:
            moved = step(self._state._db, self._fix, self._state.user)
        except (ValueError, sqlite3.Error) as error:  # called by Qt: report, never raise
            self.setObsolete(True)
            self._state.curation_failed.emit(str(error))
            self._state.reload()
            return
        self._state.refresh(tuple(dict.fromkeys((*self._fix.event_ids, *moved))))


def _load_events(path: Path) -> list[Event]:
    # A connection belongs to its thread: the worker opens and closes its own.
    conn = connect(path)
    try:
        events = repository.load_events(conn)
    finally:
        conn.close()
    warm_up()  # geopy's import, here rather than at the first click
    return events
