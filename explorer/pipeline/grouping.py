"""Group the same event reported by several documents, so the app shows it once with N sources.

Two events are the same when their type is the same, one date interval lies inside the other
(one paper says 7月30日, another 7月) and their subjects are similar. Grouping is transitive.
"""

from __future__ import annotations

from collections.abc import Sequence

from explorer.core.events import Event
from explorer.pipeline.subjects import similar_subjects

# An event is compared with this many earlier events of its type whose interval still runs,
# which keeps grouping near-linear on a million events.
_WINDOW = 200


def group_events(events: Sequence[Event]) -> list[int]:
    """A group number for each event (same number = same real-world event).

    Groups are numbered by their first event in ``events`` order.
    """
    parent = list(range(len(events)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_type: dict[str, list[int]] = {}
    for index, event in enumerate(events):
        if event.date and event.date_end:
            by_type.setdefault(event.type, []).append(index)
    for indices in by_type.values():
        indices.sort(key=lambda i: (events[i].date, events[i].date_end))
        running: list[int] = []
        for i in indices:
            event = events[i]
            running = [j for j in running if (events[j].date_end or "") >= (event.date or "")]
            for j in running[-_WINDOW:]:
                if _same_event(events[j], event):
                    parent[find(i)] = find(j)
            running.append(i)
    numbers: dict[int, int] = {}
    return [numbers.setdefault(find(i), len(numbers)) for i in range(len(events))]


def _same_event(a: Event, b: Event) -> bool:
    nested = (a.date or "") <= (b.date or "") and (b.date_end or "") <= (a.date_end or "")
    nested = nested or (
        (b.date or "") <= (a.date or "") and (a.date_end or "") <= (b.date_end or "")
    )
    return nested and a.document != b.document and similar_subjects(a.subject, b.subject)
