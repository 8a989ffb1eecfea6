"""The briefing's content: title, footer and one row per shown event, in report order.

Plain Python (no Qt): the PDF (HTML printed by the GUI layer) and the DOCX are written from
this one model, so both say the same thing, with the numbers the map's labels carry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from explorer.core.date_labels import event_date_label, period_label
from explorer.core.events import Event
from explorer.core.filters import EventFilter
from explorer.core.vocabulary import STATUS_LABELS, TYPE_LABELS
from explorer.export.report_layout import default_titles, footer, in_report_order
from explorer.store.sources import EventSource

COLUMNS: dict[str, tuple[str, ...]] = {
    "zh": ("编号", "日期", "类型", "状态", "项目", "地点", "区县", "金额（亿元）", "原文", "来源"),
    "en": (
        "No.",
        "Date",
        "Type",
        "Status",
        "Project",
        "Place",
        "District",
        "Amount (CNY 100 m)",
        "Quoted sentence",
        "Source",
    ),
}


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a row's sentence was printed, for the citation."""

    title: str | None = None
    paper: str | None = None
    pub_date: str | None = None
    page: str | None = None  # the newspaper page, "A10"
    url: str | None = None
    pub_precision: str | None = None  # the publication date's: day | month | year


@dataclass(frozen=True, slots=True)
class BriefingRow:
    number: int
    event_id: int | None
    date: str
    type_label: str
    status_label: str
    project: str
    place: str
    district: str
    amount_yi: float | None  # 亿元 (10⁸ CNY), a number so a table can sum it
    excerpt: str
    source: SourceRef


@dataclass(frozen=True, slots=True)
class Briefing:
    title: str
    subtitle: str
    footer: str
    language: str
    rows: tuple[BriefingRow, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return COLUMNS["zh" if self.language.startswith("zh") else "en"]


SourceLookup = Callable[[int], EventSource | None]


def build_briefing(
    events: Sequence[Event],
    sources: SourceLookup,
    event_filter: EventFilter | None = None,
    language: str = "zh",
    title: str | None = None,
    subtitle: str | None = None,
    data_date: date | None = None,
) -> Briefing:
    """The briefing of ``events``; ``sources`` gives an event id's article (a store's
    :func:`explorer.store.sources.event_source` bound to its connection)."""
    default_title, default_subtitle = default_titles(
        events, event_filter or EventFilter(), language
    )
    rows = tuple(
        _row(number, event, sources(event.id) if event.id is not None else None, language)
        for number, event in enumerate(in_report_order(events), start=1)
    )
    return Briefing(
        title=default_title if title is None else title,
        subtitle=default_subtitle if subtitle is None else subtitle,
        footer=footer(events, data_date, language),
        language=language,
        rows=rows,
    )


def _row(number: int, event: Event, source: EventSource | None, language: str) -> BriefingRow:
    lang = 0 if language.startswith("zh") else 1
    return BriefingRow(
        number=number,
        event_id=event.id,
        date=row_date(event, language),
        type_label=TYPE_LABELS[event.type][lang],
        status_label=STATUS_LABELS[event.status][lang],
        project=event.subject or event.title,
        place=event.place or "",
        district=event.district or "",
        amount_yi=amount_yi(event.amount_cny),
        excerpt=clean_excerpt(event.excerpt),
        source=_source_ref(source),
    )


def _source_ref(source: EventSource | None) -> SourceRef:
    if source is None:
        return SourceRef()
    return SourceRef(
        title=source.title,
        paper=source.source,
        pub_date=source.pub_date,
        page=source.page,
        url=source.url,
    )


def row_date(event: Event, language: str = "zh") -> str:
    """The event's date as precisely as it is known, never more (core.date_labels: 2022年,
    2022年第三季度, 2022年7月30日; 预计/约 for planned and inferred dates); "日期不详" if none."""
    if not event.date:
        return "日期不详" if language.startswith("zh") else "undated"
    return event_date_label(event, language)


def amount_yi(amount_cny: int | None) -> float | None:
    """Yuan → 亿元 (10⁸ yuan), the unit Chinese reports state investments in."""
    return None if amount_cny is None else round(amount_cny / 1e8, 4)


def format_amount(value: float | None) -> str:
    """100.22, 200: no trailing zeros, no scientific notation."""
    if value is None:
        return ""
    return f"{value:,.4f}".rstrip("0").rstrip(".")


# Markdown that sources (pages converted to Markdown) leak into sentences: bold marks and
# heading hashes at the start of a line.
_BOLD = re.compile(r"\*\*|__")
_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+")
# A line break inside Chinese text is a layout artefact (PDF columns): join without a space.
_CJK_BREAK = re.compile(r"(?<=[^\x00-\x7f])\s*\n\s*(?=[^\x00-\x7f])")
_SPACES = re.compile(r"\s+")


def clean_excerpt(text: str) -> str:
    """The quoted sentence as a reader should see it: no Markdown, no broken lines."""
    text = _BOLD.sub("", _HEADING.sub("", text))
    text = _CJK_BREAK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def source_label(source: SourceRef, language: str = "zh") -> str:
    """ "《标题》 · 羊城晚报 · 2022年5月22日 · A10 版" (the URL is shown apart, as a link)."""
    zh = language.startswith("zh")
    parts = []
    if source.title:
        parts.append(f"《{source.title}》" if zh else source.title)
    published = period_label(source.pub_date, None, source.pub_precision, language)
    parts.extend(p for p in (source.paper, published) if p)
    if source.page:
        parts.append(f"{source.page} 版" if zh else f"p. {source.page}")
    return " · ".join(parts)
