"""EventIndex: which events a filter shows, and what relates to an event — in one place.

The window (through ``gui/state.AppState``), the exports, ``--screenshot`` and the CLI all ask
an :class:`EventIndex`, so one filter shows the same events everywhere. It holds a set of
events in time order with their numpy columns, and answers:

- :meth:`EventIndex.mask` / :meth:`EventIndex.shown`: the events a filter lets through. The
  text test asks the store's full-text index for the *articles* holding the words, so an
  event passes when its own article does (title or body), never because another article on
  the same newspaper page does.
- :meth:`EventIndex.filtered`: that mask and the facet counts beside it — per district, type
  and status, the events passing every *other* active test (as Exhibit and Palladio count):
  how many events of that value the rest of the filter lets through.
- :meth:`EventIndex.related`: other reports of the same event, the project's other events,
  the article's other events.
- :meth:`EventIndex.nearby` / :meth:`EventIndex.events_near`: events around an event or point.

Qt-free (the import contract in pyproject.toml holds it to that), so tests need no display.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from explorer.core.event_columns import EventColumns, is_in
from explorer.core.events import Event
from explorer.core.filters import EventFilter
from explorer.pipeline.nearby import DEFAULT_KM, within
from explorer.pipeline.subjects import SubjectIndex
from explorer.store import repository
from explorer.store.dialect import StoreConnection


@dataclass(frozen=True)
class Related:
    """What an event's detail pane lists beside it."""

    reports: list[Event] = field(default_factory=list)  # the same event, another paper
    project: list[Event] = field(default_factory=list)  # the project's events, by date
    article: list[Event] = field(default_factory=list)  # the article's other events


# The filter's facets: columns of EventColumns whose values are ticked in the filter panel.
FACETS = ("district", "type", "status")


@dataclass(frozen=True)
class Filtered:
    """What a filter shows: the mask over the index's events and the facet counts.

    ``counts[facet][value]``: the events with that value passing every active test but the
    facet's own (values without such events are left out)."""

    mask: np.ndarray
    counts: Mapping[str, Mapping[Any, int]]


class EventIndex:
    """A set of events (in the order given: time order) and the questions asked of it.

    ``conn`` is the store the events came from: with it the text filter searches the
    articles; without it (events not stored) only the events' own text. ``columns``, when
    given, are the events' columns already (a correction swapped a few rows).
    """

    def __init__(
        self,
        events: Sequence[Event] = (),
        conn: StoreConnection | None = None,
        columns: EventColumns | None = None,
    ) -> None:
        self.events: tuple[Event, ...] = tuple(events)
        self.conn = conn
        self.columns = columns if columns is not None else EventColumns.from_events(self.events)
        self.by_id: dict[int, Event] = {e.id: e for e in self.events if e.id is not None}
        self.row_of: dict[int, int] = {
            e.id: row for row, e in enumerate(self.events) if e.id is not None
        }
        self._subjects: SubjectIndex | None = None  # built at the first "related" question
        # Per facet: each value's code and the column as codes, made at the first count.
        self._facet_codes: dict[str, tuple[dict[Any, int], np.ndarray]] = {}

    def __len__(self) -> int:
        return len(self.events)

    def event(self, event_id: int | None) -> Event | None:
        return self.by_id.get(event_id) if event_id is not None else None

    # ---------------------------------------------------------------- filtering
    def mask(self, wanted: EventFilter) -> np.ndarray:
        """Which events ``wanted`` lets through, as a boolean array over :attr:`events`."""
        articles = None
        if wanted.text.strip() and self.conn is not None:
            articles = repository.articles_matching(self.conn, wanted.text)
        return self.columns.mask(wanted, articles)

    def filtered(self, wanted: EventFilter) -> Filtered:
        """:meth:`mask` and the facet counts of ``wanted``, in one pass (one full-text query).

        The text test, the costly one, runs only on events that fail at most one facet
        test: an event failing two is in no count."""
        articles = None
        if wanted.text.strip() and self.conn is not None:
            articles = repository.articles_matching(self.conn, wanted.text)
        columns = self.columns
        tests = columns.facet_tests(wanted)
        failed = np.zeros(len(columns), dtype=np.int8)
        for test in tests.values():
            failed += ~test
        passing = columns.text_test(wanted, columns.date_test(wanted) & (failed <= 1), articles)
        counts = {}
        for facet in FACETS:
            own = tests.get(facet)
            others_failed = failed if own is None else failed - ~own
            counts[facet] = self._count(facet, passing & (others_failed == 0))
        return Filtered(passing & (failed == 0), counts)

    def _count(self, facet: str, keep: np.ndarray) -> dict[Any, int]:
        if facet not in self._facet_codes:
            codes: dict[Any, int] = {}
            column = getattr(self.columns, facet).tolist()
            coded = np.fromiter(
                (codes.setdefault(value, len(codes)) for value in column), np.int64, len(column)
            )
            self._facet_codes[facet] = (codes, coded)
        codes, coded = self._facet_codes[facet]
        totals = np.bincount(coded[keep], minlength=len(codes)).tolist()
        return {value: n for value, n in zip(codes, totals, strict=True) if n}

    def _codes_with(self, rows: np.ndarray) -> dict[str, tuple[dict[Any, int], np.ndarray]]:
        """The facet codes, ``rows`` coded afresh from the (updated) columns: a correction
        re-codes its rows, not 100k (coding every row costs ~40 ms there)."""
        kept = {}
        for facet, (codes, coded) in self._facet_codes.items():
            codes, coded = dict(codes), coded.copy()
            column = getattr(self.columns, facet)
            for row in rows.tolist():
                coded[row] = codes.setdefault(column[row], len(codes))
            kept[facet] = (codes, coded)
        return kept

    def shown(self, wanted: EventFilter) -> tuple[Event, ...]:
        """The events ``wanted`` lets through, in time order."""
        return self.pick(self.mask(wanted))

    def pick(self, keep: np.ndarray) -> tuple[Event, ...]:
        """The events where ``keep`` is true (all of them without copying when it is)."""
        rows = np.flatnonzero(keep).tolist()
        if len(rows) == len(self.events):
            return self.events
        return tuple(map(self.events.__getitem__, rows))

    def counts(self, keep: np.ndarray) -> dict[str, int]:
        """The status line's numbers for a mask: shown, all, undated, without location."""
        columns = self.columns
        return {
            "shown": int(keep.sum()),
            "total": len(self.events),
            "undated": int((keep & (columns.date == "")).sum()),
            "unplaced": int((keep & ~columns.placed).sum()),
        }

    # ---------------------------------------------------------------- related
    def related(self, event_id: int) -> Related:
        """Other reports of the same event (same type, one date interval inside the other,
        similar subject, another document), the project's other events (similar subject),
        and the other events of its article (of its page when the article is unknown).
        Column operations, so a click stays fast on 100k events."""
        event = self.event(event_id)
        if event is None:
            return Related()
        columns = self.columns
        others = columns.ids != event_id
        project = others & self._similar_subject_mask(event.subject)
        if event.article_id is not None:
            same_article = columns.article == event.article_id
        else:
            same_article = columns.document == event.document
        same_article &= others & ~project
        reports = others & project & (columns.type == event.type)
        reports &= columns.document != event.document
        if event.date and event.date_end:
            inside = (columns.date >= event.date) & (columns.date_end <= event.date_end)
            around = (columns.date <= event.date) & (columns.date_end >= event.date_end)
            reports &= (columns.date != "") & (inside | around)
        else:
            reports &= False
        by_date = sorted(self.pick_rows(project), key=lambda e: e.date or "")
        return Related(self.pick_rows(reports), by_date, self.pick_rows(same_article))

    def pick_rows(self, keep: np.ndarray) -> list[Event]:
        return list(map(self.events.__getitem__, np.flatnonzero(keep).tolist()))

    def _similar_subject_mask(self, subject: str | None) -> np.ndarray:
        if self._subjects is None:
            self._subjects = SubjectIndex(self.columns.subject.tolist())
        return is_in(self.columns.subject, self._subjects.similar_to(subject))

    # ---------------------------------------------------------------- nearby
    def nearby(self, event_id: int, km: float = DEFAULT_KM) -> list[tuple[Event, float]]:
        """The other events within ``km`` of an event, nearest first, with their distances
        in km. Only events placed finer than a district count (a district's seat is no
        location), so an event placed that coarsely has none."""
        row = self.row_of.get(event_id)
        columns = self.columns
        if row is None or not columns.pinpointed[row]:
            return []
        lat, lon = float(columns.lat[row]), float(columns.lon[row])
        return [pair for pair in self.events_near(lat, lon, km) if pair[0].id != event_id]

    def events_near(
        self, lat: float, lon: float, km: float = DEFAULT_KM, among: np.ndarray | None = None
    ) -> list[tuple[Event, float]]:
        """The events within ``km`` of a WGS-84 point, nearest first, with their distances
        in km; only those where ``among`` is true when given. Events placed only to a
        district are left out."""
        candidates = self.columns.pinpointed
        if among is not None:
            candidates = candidates & among
        rows, distances = within(self.columns.lat, self.columns.lon, lat, lon, km, candidates)
        return list(
            zip(map(self.events.__getitem__, rows.tolist()), distances.tolist(), strict=True)
        )

    # ---------------------------------------------------------------- corrections
    def with_replaced(self, fresh: Mapping[int, Event]) -> EventIndex | None:
        """An index with ``fresh`` swapped in where those events stand, or ``None`` when
        that cannot keep the order (one was removed or moved in time): then build a new
        one. Reuses (and updates) these columns, so a correction on 100k events costs a
        few rows rather than a rebuild; this index must not be used afterwards."""
        rows = np.flatnonzero(is_in(self.columns.ids, fresh.keys()))
        if len(rows) != len(fresh):
            return None
        events = list(self.events)
        swaps = list(zip(rows.tolist(), self.columns.ids[rows].tolist(), strict=True))
        for row, event_id in swaps:
            old, new = events[row], fresh[event_id]
            if (old.date, old.date_end) != (new.date, new.date_end):
                return None
        for row, event_id in swaps:
            events[row] = fresh[event_id]
        self.columns.replace_rows(rows, [events[r] for r in rows.tolist()])
        index = EventIndex(events, self.conn, self.columns)
        index._facet_codes = self._codes_with(rows)
        return index
