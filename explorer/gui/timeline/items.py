"""The timeline's data: events as sorted numpy columns, grouped into lanes. No Qt.

Built once per event set (a filter change builds a new one), so painting only slices arrays:
each lane keeps its events sorted by start day, and ``visible`` finds a viewport's events
with two binary searches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from explorer.core.events import Event
from explorer.core.vocabulary import DISTRICTS, EVENT_TYPES
from explorer.gui.timeline.scale import pack_rows, to_day

LANE_MODES = ("type", "district", "subject")
NO_DISTRICT = "—"


@dataclass(slots=True)
class Lane:
    """One row of the timeline: its key and its events' indices sorted by start day."""

    key: str
    indices: np.ndarray  # into the TimelineData columns
    starts: np.ndarray  # start day of each, ascending
    max_span: float  # the widest event, so a search can start early enough
    rows: np.ndarray  # sub-row of each span (spans that overlap stack)
    span_rows: int  # how many stacked rows the lane's spans need (0 without spans)
    main_type: int  # the most frequent event type, which colours the lane's histogram

    def visible(self, first_day: float, last_day: float) -> np.ndarray:
        """Positions (into this lane) of events overlapping ``[first_day, last_day)``."""
        return np.arange(*self.visible_slice(first_day, last_day))

    def visible_slice(self, first_day: float, last_day: float) -> tuple[int, int]:
        """``(lo, hi)``: this lane's events from ``lo`` to ``hi`` may overlap the range."""
        lo = np.searchsorted(self.starts, first_day - self.max_span, side="left")
        hi = np.searchsorted(self.starts, last_day, side="right")
        return int(lo), int(hi)


class TimelineData:
    """Events as columns: id, start/end day, type, status, precision, subject, title.

    Undated events are left out (``undated`` counts them): a timeline cannot place them.
    """

    def __init__(self, events: Sequence[Event], mode: str = "type") -> None:
        dated = [e for e in events if e.date and e.date_end]
        self.undated = len(events) - len(dated)
        self.events = dated
        n = len(dated)
        self.ids = np.array(
            [e.id if e.id is not None else i for i, e in enumerate(dated)], dtype=np.int64
        )
        self.start = np.array([to_day(date.fromisoformat(e.date)) for e in dated], dtype=np.float64)
        self.end = np.array(
            [to_day(date.fromisoformat(e.date_end)) + 1 for e in dated], dtype=np.float64
        )
        self.type_index = np.array([EVENT_TYPES.index(e.type) for e in dated], dtype=np.int16)
        self.planned = np.array([e.status == "planned" for e in dated], dtype=bool)
        self.is_day = np.array(
            [e.date_precision == "day" and e.date == e.date_end for e in dated], dtype=bool
        )
        self.order = np.lexsort((self.ids, self.start)) if n else np.zeros(0, dtype=np.int64)
        self.mode = mode
        self.lanes = self._lanes(mode)

    def __len__(self) -> int:
        return len(self.events)

    @property
    def first_day(self) -> float:
        return float(self.start.min()) if len(self) else float(to_day(date.today()))

    @property
    def last_day(self) -> float:
        return float(self.end.max()) if len(self) else float(to_day(date.today()) + 1)

    def index_of(self, event_id: int) -> int | None:
        found = np.flatnonzero(self.ids == event_id)
        return int(found[0]) if len(found) else None

    def neighbour(self, event_id: int | None, step: int) -> int | None:
        """The id of the event before (-1) or after (+1) ``event_id`` in time."""
        if not len(self):
            return None
        if event_id is None or (index := self.index_of(event_id)) is None:
            return int(self.ids[self.order[0 if step > 0 else -1]])
        position = int(np.flatnonzero(self.order == index)[0]) + step
        position = min(max(position, 0), len(self.order) - 1)
        return int(self.ids[self.order[position]])

    def _lanes(self, mode: str) -> list[Lane]:
        keys = self._keys(mode)
        lanes = []
        for key in self._lane_order(mode, keys):
            members = np.flatnonzero(keys == key)
            members = members[np.argsort(self.start[members], kind="stable")]
            starts = self.start[members]
            spans = self.end[members] - starts
            rows = np.zeros(len(members), dtype=np.int32)
            spans_at = np.flatnonzero(~self.is_day[members])
            if 0 < len(spans_at) <= 20_000:  # day events sit on the lane's line; spans stack
                rows[spans_at] = pack_rows(starts[spans_at], self.end[members][spans_at])
            span_rows = int(rows[spans_at].max()) + 1 if len(spans_at) else 0
            main_type = int(np.bincount(self.type_index[members]).argmax()) if len(members) else 0
            lanes.append(
                Lane(
                    str(key),
                    members,
                    starts,
                    float(spans.max(initial=1)),
                    rows,
                    span_rows,
                    main_type,
                )
            )
        return lanes

    def _keys(self, mode: str) -> np.ndarray:
        if mode == "type":
            values = [e.type for e in self.events]
        elif mode == "district":
            values = [e.district or NO_DISTRICT for e in self.events]
        else:
            values = subject_keys([e.subject or e.title for e in self.events])
        return np.array(values, dtype=object)

    @staticmethod
    def _lane_order(mode: str, keys: np.ndarray) -> list[str]:
        present = set(keys.tolist())
        if mode == "type":
            return [t for t in EVENT_TYPES if t in present]
        if mode == "district":
            return [d for d in (*DISTRICTS, NO_DISTRICT) if d in present]
        counts: dict[str, int] = {}
        for key in keys.tolist():
            counts[key] = counts.get(key, 0) + 1
        return sorted(present, key=lambda k: (-counts[k], k))


def subject_keys(subjects: Sequence[str]) -> list[str]:
    """Lane keys for subjects: a subject joins the shortest lane name contained in it, so
    中创新航江门基地项目一期M1主厂房 rides on the 中创新航江门基地 lane."""
    unique = sorted(set(subjects), key=len)
    if len(unique) > 5000:  # containment is quadratic; large sets keep their own names
        return list(subjects)
    roots: list[str] = []
    key_of: dict[str, str] = {}
    for subject in unique:
        root = next((r for r in roots if len(r) >= 4 and r in subject), None)
        if root is None:
            roots.append(subject)
            root = subject
        key_of[subject] = root
    return [key_of[s] for s in subjects]
