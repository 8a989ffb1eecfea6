"""The event record of the data contract (``shared/spec/events.md``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

# The spec's JSON Lines fields, in the spec's order.
SPEC_FIELDS: tuple[str, ...] = (
    "document",
    "type",
    "date",
    "date_end",
    "date_precision",
    "status",
    "title",
    "subject",
    "place",
    "district",
    "lat",
    "lon",
    "geo_precision",
    "amount_cny",
    "excerpt",
    "span",
)


# Where an event's date came from, surest first: its own sentence states it; an earlier
# sentence of the same ceremony, paragraph or review gives it; the article's dateline gives
# it (a headline's event); only the publication date gives it (今天, 昨日, 今年, 本月底).
DATE_SOURCES: tuple[str, ...] = ("sentence", "frame", "dateline", "publication")


@dataclass(frozen=True, slots=True)
class Event:
    """One dated fact from an article, pointing back at the sentence that states it.

    ``span`` is ``(start, end)`` in the document body; ``excerpt`` is the body at ``span``.
    ``date_inferred`` is true when the date was resolved against a publication date
    guessed from the text. ``date_source`` says where the date came from (one of
    :data:`DATE_SOURCES`). ``origin`` is ``machine`` or ``user``; ``edited`` marks an
    event a user changed, which re-running extraction must leave alone; ``edited_by`` and
    ``edited_at`` say who changed it last and when. ``article_id`` is the stored article
    (of a newspaper page's several) whose body holds the sentence, when the store knows it:
    bookkeeping for the text filter and "same article", not part of an event's identity.
    """

    document: str
    type: str
    date: str | None
    date_end: str | None
    date_precision: str | None
    status: str
    title: str
    subject: str | None
    place: str | None
    district: str | None
    lat: float | None
    lon: float | None
    geo_precision: str | None
    amount_cny: int | None
    excerpt: str
    span: tuple[int, int]
    date_inferred: bool = False
    origin: str = "machine"
    edited: bool = False
    id: int | None = None
    edited_by: str | None = None
    edited_at: str | None = None
    date_source: str | None = None
    article_id: int | None = field(default=None, compare=False)

    def to_spec(self) -> dict[str, Any]:
        """The event as the spec's JSON object (its fields only, in its order)."""
        values = asdict(self)
        values["span"] = list(self.span)
        spec = {name: values[name] for name in SPEC_FIELDS}
        if self.date_source is not None:
            spec["date_source"] = self.date_source  # issue 12: how sure the date is
        return spec


class Extraction(list[Event]):
    """The events extracted from one document, with notes on what was left out of them.

    A list of the events, so a caller that wants only them needs nothing else; ``notes``
    are one line each on what extraction dropped or cut short (an amount out of range kept
    off its event, an article over its time budget), for an import to report against the
    document. It pickles with its notes, so worker processes can return it.
    """

    notes: tuple[str, ...]

    def __init__(self, events: Iterable[Event] = (), notes: Iterable[str] = ()) -> None:
        super().__init__(events)
        self.notes = tuple(notes)
