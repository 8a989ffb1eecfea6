"""What a map snapshot and a briefing share: paper sizes, the default title of a filter, the
numbers that tie map labels to the briefing's table, and the footer's counts.

Plain Python (no Qt): the snapshot is rendered by the GUI layer, the briefing written by
the export layer, and both must say the same thing about the same events.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from explorer.core.date_labels import event_date_label
from explorer.core.events import Event
from explorer.core.filters import EventFilter
from explorer.core.vocabulary import TYPE_LABELS

# Paper sizes in millimetres (width, height), by the name the CLI and the dialog use.
PAPERS: dict[str, tuple[float, float]] = {
    "a4-landscape": (297.0, 210.0),
    "a4-portrait": (210.0, 297.0),
    "a3-landscape": (420.0, 297.0),
    "a3-portrait": (297.0, 420.0),
}
DPIS = (150, 300)
# Web pages are laid out in CSS pixels, 96 to the inch: a page for A4 is laid out at A4's
# size in CSS pixels and drawn dpi/96 times denser, so 150 and 300 dpi compose alike.
CSS_DPI = 96.0
MM_PER_INCH = 25.4


@dataclass(frozen=True, slots=True)
class SnapshotSpec:
    """How a map snapshot is made: its texts, size (a paper at a dpi, or pixels), labels.

    ``width``/``height`` are CSS pixels and ``scale`` device pixels per CSS pixel, used when
    no ``paper`` is given.
    """

    title: str = ""
    subtitle: str = ""
    paper: str | None = None
    dpi: int = 150
    width: int = 1200
    height: int = 900
    scale: float = 2.0
    labels: bool = True
    # The title box and the counts footer: off where the map sits on a page that has its
    # own heading and counts (the briefing's first page).
    captions: bool = True

    def __post_init__(self) -> None:
        if self.paper is not None and self.paper not in PAPERS:
            raise ValueError(f"unknown paper {self.paper!r} (one of {', '.join(PAPERS)})")
        if self.dpi <= 0 or self.width <= 0 or self.height <= 0 or self.scale <= 0:
            raise ValueError("sizes, dpi and scale must be positive")

    def css_size(self) -> tuple[int, int]:
        """The page's layout size in CSS pixels."""
        if self.paper is None:
            return self.width, self.height
        mm_w, mm_h = PAPERS[self.paper]
        return round(mm_w / MM_PER_INCH * CSS_DPI), round(mm_h / MM_PER_INCH * CSS_DPI)

    def device_scale(self) -> float:
        """Device pixels per CSS pixel."""
        return self.dpi / CSS_DPI if self.paper is not None else self.scale

    def pixel_size(self) -> tuple[int, int]:
        """The snapshot's size in image pixels (A4 landscape at 300 dpi: 3508 × 2480)."""
        if self.paper is not None:
            mm_w, mm_h = PAPERS[self.paper]
            return round(mm_w / MM_PER_INCH * self.dpi), round(mm_h / MM_PER_INCH * self.dpi)
        return round(self.width * self.scale), round(self.height * self.scale)


def in_report_order(events: Iterable[Event]) -> list[Event]:
    """Date order (start, then end), undated last, ties by id: the briefing's table order."""
    return sorted(
        events,
        key=lambda e: (e.date is None, e.date or "", e.date_end or "", e.id or 0),
    )


def number_events(events: Iterable[Event]) -> dict[int, int]:
    """Event id → its number in the briefing's table (1-based, :func:`in_report_order`); the
    map's labels carry the same numbers, so a reader finds the row a label refers to."""
    return {e.id: n for n, e in enumerate(in_report_order(events), start=1) if e.id is not None}


def default_titles(
    events: Sequence[Event], event_filter: EventFilter, language: str = "zh"
) -> tuple[str, str]:
    """Title and subtitle a snapshot starts with, from what is shown: "新会区 · 2022年 ·
    签约/动工/投产" and the full filter caption (every active filter, for the record)."""
    zh = language.startswith("zh")
    parts = []
    districts = sorted(event_filter.districts) or sorted({e.district for e in events if e.district})
    if event_filter.districts or len(districts) == 1:
        parts.append("、".join(districts))
    else:
        parts.append("江门市" if zh else "Jiangmen")
    years = _years(events, event_filter)
    if years:
        first, last = years
        if zh:
            parts.append(f"{first}年" if first == last else f"{first}—{last}年")
        else:
            parts.append(str(first) if first == last else f"{first}–{last}")
    # The filter's types when it has some (what the figure is about, even a type that has
    # no event in the range), else the types shown; in the vocabulary's order either way.
    chosen = event_filter.types or {e.type for e in events}
    types = sorted((t for t in chosen if t in TYPE_LABELS), key=list(TYPE_LABELS).index)
    if types and len(types) <= 4:
        parts.append("/".join(TYPE_LABELS[t][0 if zh else 1] for t in types))
    return " · ".join(parts), event_filter.describe(language)


def _years(events: Sequence[Event], event_filter: EventFilter) -> tuple[int, int] | None:
    low = event_filter.date_from.year if event_filter.date_from else None
    high = event_filter.date_to.year if event_filter.date_to else None
    dated = [e.date for e in events if e.date]
    if low is None and dated:
        low = int(min(dated)[:4])
    if high is None and dated:
        high = int(max(dated)[:4])
    if low is None or high is None:
        return None
    return low, high


def footer(events: Sequence[Event], data_date: date | None, language: str = "zh") -> str:
    """ "N 个事件，来自 M 篇文章 · 数据截至 2026-12-04": how much stands behind the picture.

    Events without coordinates are counted (the briefing's table lists them) and said to be
    off the map, so a reader does not hunt for the numbers the map lacks or wonder why the
    legend's counts add up to less."""
    articles = {(e.document, e.article_id) for e in events}
    unplaced = sum(1 for e in events if e.lat is None or e.lon is None)
    zh = language.startswith("zh")
    if zh:
        note = f"（其中 {unplaced} 个无位置，未标在图上）" if unplaced else ""
        counts = f"{len(events)} 个事件{note}，来自 {len(articles)} 篇文章"
    else:
        note = f" ({unplaced} without a location, not on the map)" if unplaced else ""
        counts = f"{len(events)} events{note} from {len(articles)} articles"
    if data_date is None:
        return counts
    when = data_date.isoformat()
    return f"{counts} · 数据截至 {when}" if zh else f"{counts} · data as of {when}"


# A map label names its project in a few characters: the rest is in the briefing's table.
LABEL_PROJECT_CHARS = 8


def label_date(event: Event, language: str = "zh") -> str:
    """The date as precise as it is known (2022年7月, 2022年第一季度, 2022年; en Jul 2022), with
    预计/约 for planned and inferred dates; empty when undated."""
    return event_date_label(event, language)


def event_label(event: Event, number: int | None, language: str = "zh") -> str:
    """A map label: "3 · 中创新航 · 封顶 · 2022年7月" (number, project — the subject, else the
    place, shortened —, type, date); parts that are unknown are left out."""
    project = event.subject or event.place or event.district or ""
    if len(project) > LABEL_PROJECT_CHARS:
        project = project[: LABEL_PROJECT_CHARS - 1] + "…"
    names = TYPE_LABELS.get(event.type)
    kind = names[0 if language.startswith("zh") else 1] if names else event.type
    parts = [str(number) if number is not None else "", project, kind, label_date(event, language)]
    return " · ".join(p for p in parts if p)
