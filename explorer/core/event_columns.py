"""The events as numpy columns, so a filter over 100,000 of them is a few array operations.

:class:`EventColumns` mirrors a sequence of events (same order); :meth:`mask` is the one
definition of which events an :class:`EventFilter` lets through, as a boolean array (the
window, the exports and the CLI all reach it through :class:`explorer.index.EventIndex`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from explorer.core.events import Event
from explorer.core.filters import EventFilter

# Events placed this coarsely sit on their district's seat or the city's centre: never
# "near" anything.
COARSE_PRECISIONS = frozenset({"district", "city"})
# Dates known only this coarsely are counted by their period, not by their first month.
COARSE_DATES = frozenset({"quarter", "half", "year"})


@dataclass(frozen=True, eq=False)
class EventColumns:
    ids: np.ndarray  # int64, -1 for an event not stored yet
    date: np.ndarray  # ISO strings ('' when undated)
    date_end: np.ndarray
    month: np.ndarray  # year * 12 + month - 1 of ``date``, -1 when undated
    coarse: np.ndarray  # "quarter" | "half" | "year" for a coarse date, else ""
    district: np.ndarray  # object: the district or None
    type: np.ndarray
    status: np.ndarray
    document: np.ndarray
    article: np.ndarray  # int64: the stored article holding the sentence, -1 when unknown
    subject: np.ndarray  # object: the subject or None
    placed: np.ndarray  # bool: has coordinates
    lat: np.ndarray  # float64 WGS-84 degrees, NaN without coordinates
    lon: np.ndarray
    pinpointed: np.ndarray  # bool: placed finer than a district (not just its seat)
    text: np.ndarray  # object: title, subject and excerpt, for the text filter

    @classmethod
    def from_events(cls, events: Sequence[Event]) -> EventColumns:
        dates = np.array([e.date or "" for e in events], dtype="U10")
        months = np.full(len(events), -1, dtype=np.int64)
        dated = dates != ""
        if dated.any():
            days = dates[dated].astype("datetime64[D]")
            as_months = days.astype("datetime64[M]").astype(np.int64)
            months[dated] = as_months + 1970 * 12  # numpy counts months from 1970-01
        nan = float("nan")
        count = len(events)
        lats = np.fromiter((nan if e.lat is None else e.lat for e in events), float, count)
        lons = np.fromiter((nan if e.lon is None else e.lon for e in events), float, count)
        placed = ~(np.isnan(lats) | np.isnan(lons))
        coarse = np.fromiter((e.geo_precision in COARSE_PRECISIONS for e in events), bool, count)
        return cls(
            ids=np.array([-1 if e.id is None else e.id for e in events], dtype=np.int64),
            date=dates,
            date_end=np.array([e.date_end or "" for e in events], dtype="U10"),
            month=months,
            coarse=np.array(
                [e.date_precision if e.date_precision in COARSE_DATES else "" for e in events],
                dtype="U7",
            ),
            district=np.array([e.district for e in events], dtype=object),
            type=np.array([e.type for e in events], dtype=object),
            status=np.array([e.status for e in events], dtype=object),
            document=np.array([e.document for e in events], dtype=object),
            article=np.fromiter(
                (-1 if e.article_id is None else e.article_id for e in events), np.int64, count
            ),
            subject=np.array([e.subject for e in events], dtype=object),
            placed=placed,
            lat=lats,
            lon=lons,
            pinpointed=placed & ~coarse,
            text=np.array(
                [f"{e.title} {e.subject or ''} {e.excerpt}" for e in events], dtype=object
            ),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def replace_rows(self, rows: np.ndarray, events: Sequence[Event]) -> None:
        """Write ``events`` over ``rows`` (a correction changed them; the order stands)."""
        fresh = EventColumns.from_events(events)
        for name in self.__dataclass_fields__:
            getattr(self, name)[rows] = getattr(fresh, name)

    def mask(self, wanted: EventFilter, articles: set[int] | None = None) -> np.ndarray:
        """Which events ``wanted`` lets through.

        Every district, type and status test must pass, and the date range must overlap the
        event's interval (undated events pass only without a range). The text test passes
        when every word is in the event's title, subject or sentence, or, with ``articles``
        (ids of the articles the full-text index finds the words in), when the event's own
        article holds them: never because another article of the same page does.
        """
        keep = self.date_test(wanted)
        for test in self.facet_tests(wanted).values():
            keep &= test
        return self.text_test(wanted, keep, articles)

    def facet_tests(self, wanted: EventFilter) -> dict[str, np.ndarray]:
        """The district, type and status tests ``wanted`` sets, each as a boolean array
        (a facet with nothing chosen sets none)."""
        tests = {}
        for name, allowed in (
            ("district", wanted.districts),
            ("type", wanted.types),
            ("status", wanted.statuses),
        ):
            if allowed:
                tests[name] = is_in(getattr(self, name), allowed)
        return tests

    def date_test(self, wanted: EventFilter) -> np.ndarray:
        """The events whose interval overlaps ``wanted``'s date range (all without one;
        undated events never pass a range)."""
        keep = np.ones(len(self), dtype=bool)
        if wanted.date_from is not None or wanted.date_to is not None:
            keep &= (self.date != "") & (self.date_end != "")
            if wanted.date_from is not None:
                keep &= self.date_end >= wanted.date_from.isoformat()
            if wanted.date_to is not None:
                keep &= self.date <= wanted.date_to.isoformat()
        return keep

    def text_test(
        self, wanted: EventFilter, candidates: np.ndarray, articles: set[int] | None = None
    ) -> np.ndarray:
        """The events among ``candidates`` that ``wanted``'s text test lets through (all of
        them without text); see :meth:`mask`."""
        if not wanted.text:
            return candidates.copy()
        found: np.ndarray = candidates & self._text_mask(wanted.text.split(), candidates, articles)
        return found

    def _text_mask(
        self, terms: list[str], candidates: np.ndarray, articles: set[int] | None
    ) -> np.ndarray:
        found = np.zeros(len(self), dtype=bool)
        for i in np.flatnonzero(candidates):  # only what the other tests let through
            text = self.text[i]
            found[i] = all(term in text for term in terms)
        if articles:
            found |= np.isin(self.article, np.fromiter(articles, np.int64, len(articles)))
        return found

    def month_counts(self, keep: np.ndarray | None = None) -> Counter[str]:
        """Events per month of their start date ('2022-07' → n), for events known to the
        day or month; undated ones and those of :meth:`period_counts` left out."""
        precise = self.coarse == ""
        months = self.month[precise if keep is None else precise & keep]
        months = months[months >= 0]
        if not len(months):
            return Counter()
        first = int(months.min())
        counts = np.bincount(months - first)
        return Counter(
            {
                f"{(first + k) // 12:04d}-{(first + k) % 12 + 1:02d}": int(n)
                for k, n in enumerate(counts)
                if n
            }
        )

    def period_counts(self, keep: np.ndarray | None = None) -> Counter[tuple[str, str]]:
        """Events known only to a quarter, half-year or year, per period: (precision, its
        first month 'YYYY-MM') → n. A histogram spreads them over their period's months
        rather than piling them into its January."""
        coarse = (self.coarse != "") & (self.month >= 0)
        rows = np.flatnonzero(coarse if keep is None else coarse & keep)
        return Counter(
            (str(self.coarse[i]), f"{self.month[i] // 12:04d}-{self.month[i] % 12 + 1:02d}")
            for i in rows.tolist()
        )


def is_in(column: np.ndarray, values: Collection[object]) -> np.ndarray:
    """``np.isin`` for object columns: a set lookup per item is ~100× faster than numpy's
    sort-based path for Python strings."""
    wanted = set(values)
    return np.fromiter((x in wanted for x in column.tolist()), dtype=bool, count=len(column))
