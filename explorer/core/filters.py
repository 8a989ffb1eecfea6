"""The event filter: an immutable value the window, exports and the CLI share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from explorer.core.events import Event
from explorer.core.vocabulary import TYPE_LABELS


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to show. Empty collections mean "all".

    A dated event passes the date range when its interval overlaps it; undated events pass
    only when no date range is set (they cannot be placed in one).
    """

    date_from: date | None = None
    date_to: date | None = None
    districts: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    text: str = ""

    def matches(self, event: Event) -> bool:
        if self.districts and event.district not in self.districts:
            return False
        if self.types and event.type not in self.types:
            return False
        if self.statuses and event.status not in self.statuses:
            return False
        if self.text and not all(
            term in f"{event.title} {event.subject or ''} {event.excerpt}"
            for term in self.text.split()
        ):
            return False
        return self._in_range(event)

    def _in_range(self, event: Event) -> bool:
        if self.date_from is None and self.date_to is None:
            return True
        if not event.date or not event.date_end:
            return False
        if self.date_from is not None and event.date_end < self.date_from.isoformat():
            return False
        return self.date_to is None or event.date <= self.date_to.isoformat()

    def describe(self, language: str = "zh") -> str:
        """A caption for snapshots: date range, districts, types."""
        zh = language.startswith("zh")
        parts = []
        if self.date_from or self.date_to:
            low = self.date_from.isoformat() if self.date_from else "…"
            high = self.date_to.isoformat() if self.date_to else "…"
            parts.append(f"{low} – {high}")
        everywhere = "江门全市" if zh else "All of Jiangmen"
        parts.append("、".join(sorted(self.districts)) if self.districts else everywhere)
        if self.types:
            parts.append("、".join(TYPE_LABELS[t][0 if zh else 1] for t in sorted(self.types)))
        return " · ".join(parts)
