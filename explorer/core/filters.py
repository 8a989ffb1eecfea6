"""The event filter: an immutable value the window, exports and the CLI share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from explorer.core.vocabulary import STATUS_LABELS, TYPE_LABELS


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to show. Empty collections mean "all".

    A dated event passes the date range when its interval overlaps it; undated events pass
    only when no date range is set (they cannot be placed in one). Which events pass is
    :meth:`explorer.core.event_columns.EventColumns.mask`'s to say, in one place.
    """

    date_from: date | None = None
    date_to: date | None = None
    districts: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    text: str = ""

    def describe(self, language: str = "zh") -> str:
        """A caption for snapshots naming every active filter: date range, districts,
        types, statuses and the text searched for (a reader of the report must be able
        to tell what was left out)."""
        zh = language.startswith("zh")
        parts = []
        if self.date_from or self.date_to:
            low = self.date_from.isoformat() if self.date_from else "…"
            high = self.date_to.isoformat() if self.date_to else "…"
            parts.append(f"{low} – {high}")
        everywhere = "江门全市" if zh else "All of Jiangmen"
        parts.append("、".join(sorted(self.districts)) if self.districts else everywhere)
        if self.types:
            # In the vocabulary's order (签约、动工、投产), as the legend and the title list them.
            order = list(TYPE_LABELS)
            kinds = sorted(self.types, key=lambda t: order.index(t) if t in order else len(order))
            parts.append("、".join(TYPE_LABELS[t][0 if zh else 1] for t in kinds))
        if self.statuses:
            parts.append("、".join(STATUS_LABELS[s][0 if zh else 1] for s in sorted(self.statuses)))
        if self.text.strip():
            words = " ".join(self.text.split())
            parts.append(f"含“{words}”" if zh else f"containing “{words}”")
        return " · ".join(parts)
