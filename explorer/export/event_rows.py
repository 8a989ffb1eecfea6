"""The events as a table to cite from: one builder behind the window's events table, its
Ctrl+C, and every CSV/XLSX/GeoJSON export (the window's and ``explorer export-events``).

Columns come in citation order — 日期, 类型, 状态, 项目, 地点, 区县, 金额(亿元), 摘录, 文章标题,
媒体, 发布日期, URL — with headers and values in the reader's language, then the machine
columns (ids, ISO dates, coordinates, offsets) under fixed ASCII names, so scripts reading
either language's file find them. Dates are printed by :mod:`explorer.core.date_labels`
(a year-level event is 2022年, never 2022-01-01); amounts are exact :class:`Decimal` 亿元;
text is cleaned of Markdown and stray whitespace. Writers decide how a value is stored
(formula-inert text for spreadsheets, numbers as numbers). No Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from explorer.core.date_labels import event_date_label, period_label
from explorer.core.events import Event
from explorer.core.vocabulary import STATUS_LABELS, TYPE_LABELS
from explorer.export.briefing import clean_excerpt
from explorer.store.repository import Citation

NO_CITATION = Citation(None, None, None, None, None)
YUAN_PER_YI = Decimal(100_000_000)  # 1 亿元 = 10⁸ yuan, the unit Chinese reports state


@dataclass(frozen=True, slots=True)
class TableColumn:
    """One column: ``key`` names it in code, ``kind`` says how writers store its values
    (text, amount, integer, float, flag); machine columns keep ``en`` as their header in
    both languages."""

    key: str
    zh: str
    en: str
    kind: str = "text"
    machine: bool = False

    def header(self, language: str) -> str:
        return self.zh if language.startswith("zh") and not self.machine else self.en


COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("date", "日期", "Date"),
    TableColumn("type", "类型", "Type"),
    TableColumn("status", "状态", "Status"),
    TableColumn("project", "项目", "Project"),
    TableColumn("place", "地点", "Place"),
    TableColumn("district", "区县", "District"),
    TableColumn("amount", "金额(亿元)", "Amount (100M yuan)", "amount"),
    TableColumn("excerpt", "摘录", "Excerpt"),
    TableColumn("article_title", "文章标题", "Article title"),
    TableColumn("media", "媒体", "Media"),
    TableColumn("published", "发布日期", "Published"),
    TableColumn("url", "URL", "URL"),
    TableColumn("id", "", "id", "integer", True),
    TableColumn("document", "", "document", machine=True),
    TableColumn("title", "", "title", machine=True),
    TableColumn("type_code", "", "type_code", machine=True),
    TableColumn("status_code", "", "status_code", machine=True),
    TableColumn("date_start", "", "date_start", machine=True),
    TableColumn("date_end", "", "date_end", machine=True),
    TableColumn("date_precision", "", "date_precision", machine=True),
    TableColumn("date_inferred", "", "date_inferred", "flag", True),
    TableColumn("lat", "", "lat", "float", True),
    TableColumn("lon", "", "lon", "float", True),
    TableColumn("geo_precision", "", "geo_precision", machine=True),
    TableColumn("amount_cny", "", "amount_cny", "integer", True),
    TableColumn("span_start", "", "span_start", "integer", True),
    TableColumn("span_end", "", "span_end", "integer", True),
    TableColumn("edited", "", "edited", "flag", True),
)
BY_KEY: dict[str, TableColumn] = {c.key: c for c in COLUMNS}
CITATION_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if not c.machine)
MACHINE_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.machine)


def clean_text(text: str | None) -> str:
    """A cell's text as a reader should see it: no Markdown (``**``, ``__``, heading
    hashes), no line breaks or runs of spaces."""
    return clean_excerpt(text) if text else ""


def amount_yi(amount_cny: int | None) -> Decimal | None:
    """Yuan → 亿元, exactly (5,000,000,000 → 50; 12,345 → 0.00012345)."""
    return None if amount_cny is None else Decimal(amount_cny) / YUAN_PER_YI


def _label(labels: Mapping[str, tuple[str, str]], code: str, zh: bool) -> str:
    pair = labels.get(code, (code, code))
    return pair[0 if zh else 1]


Getter = Callable[[Event, Citation, str], Any]
_VALUES: dict[str, Getter] = {
    # 预计 is left out: the 状态 column beside it says 计划. 约 (an inferred year) stays.
    "date": lambda e, c, lang: event_date_label(e, lang, planned=False),
    "type": lambda e, c, lang: _label(TYPE_LABELS, e.type, lang.startswith("zh")),
    "status": lambda e, c, lang: _label(STATUS_LABELS, e.status, lang.startswith("zh")),
    "project": lambda e, c, lang: clean_text(e.subject or e.title),
    "place": lambda e, c, lang: clean_text(e.place),
    "district": lambda e, c, lang: e.district or "",
    "amount": lambda e, c, lang: amount_yi(e.amount_cny),
    "excerpt": lambda e, c, lang: clean_text(e.excerpt),
    "article_title": lambda e, c, lang: clean_text(c.title),
    "media": lambda e, c, lang: clean_text(c.source),
    "published": lambda e, c, lang: period_label(c.pub_date, c.pub_date, c.pub_precision, lang),
    "url": lambda e, c, lang: (c.url or "").strip(),
    "id": lambda e, c, lang: e.id,
    "document": lambda e, c, lang: e.document,
    "title": lambda e, c, lang: clean_text(e.title),
    "type_code": lambda e, c, lang: e.type,
    "status_code": lambda e, c, lang: e.status,
    "date_start": lambda e, c, lang: e.date,
    "date_end": lambda e, c, lang: e.date_end,
    "date_precision": lambda e, c, lang: e.date_precision,
    "date_inferred": lambda e, c, lang: int(e.date_inferred),
    "lat": lambda e, c, lang: e.lat,
    "lon": lambda e, c, lang: e.lon,
    "geo_precision": lambda e, c, lang: e.geo_precision,
    "amount_cny": lambda e, c, lang: e.amount_cny,
    "span_start": lambda e, c, lang: e.span[0],
    "span_end": lambda e, c, lang: e.span[1],
    "edited": lambda e, c, lang: int(e.edited),
}


def cell_value(key: str, event: Event, citation: Citation | None, language: str) -> Any:
    """The value of ``event`` in column ``key``: text, a Decimal amount, a number or None."""
    return _VALUES[key](event, citation or NO_CITATION, language)


def cell_text(value: object) -> str:
    """A value as plain text (a table cell, Ctrl+C, CSV): amounts and coordinates as plain
    decimals, never 5E+10; nothing for none."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    return str(value)


def sort_key(key: str, event: Event, citation: Citation | None, language: str) -> tuple:
    """What sorting by ``key`` compares: the real interval for dates (a year-level 2022
    after 2022-01-01, before 2022-02), the number for amounts, else the shown text.
    Missing values sort last."""
    if key == "date":
        return (event.date is None, event.date or "", event.date_end or "")
    if key == "published":
        date = (citation or NO_CITATION).pub_date
        return (date is None, date or "")
    value = cell_value(key, event, citation, language)
    if BY_KEY[key].kind == "text":
        return (value in (None, ""), value or "")
    return (value is None, value if value is not None else 0)


def with_machine_columns(keys: Sequence[str]) -> tuple[str, ...]:
    """``keys`` (citation columns a user chose, in their order) and every machine column."""
    chosen = tuple(k for k in keys if not BY_KEY[k].machine)
    return chosen + MACHINE_KEYS


@dataclass(frozen=True, slots=True)
class EventRows:
    """The table: its columns, one tuple of values per event (in the order given)."""

    columns: tuple[TableColumn, ...]
    rows: tuple[tuple[Any, ...], ...]
    events: tuple[Event, ...]
    language: str

    @property
    def headers(self) -> list[str]:
        return [c.header(self.language) for c in self.columns]


def build_rows(
    events: Sequence[Event],
    citations: Mapping[int, Citation] | None = None,
    language: str = "zh",
    columns: Sequence[str] | None = None,
) -> EventRows:
    """The table of ``events`` in their order; ``citations`` (event id → its article, see
    :func:`explorer.store.repository.event_citations`) fills 文章标题, 媒体, 发布日期 and URL;
    ``columns`` (keys) defaults to every column in citation order."""
    keys = tuple(columns) if columns is not None else tuple(c.key for c in COLUMNS)
    unknown = [k for k in keys if k not in BY_KEY]
    if unknown:
        raise ValueError(f"unknown table columns: {', '.join(unknown)}")
    found = citations or {}
    getters = [_VALUES[k] for k in keys]
    rows = []
    for event in events:
        citation = found.get(event.id, NO_CITATION) if event.id is not None else NO_CITATION
        rows.append(tuple(get(event, citation, language) for get in getters))
    return EventRows(tuple(BY_KEY[k] for k in keys), tuple(rows), tuple(events), language)
