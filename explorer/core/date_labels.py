"""How an event's date is printed: what is known and no more.

A year-level event is "2022年", never "2022-01-01": every view and export (table, detail
pane, tooltips, timeline, CSV/XLSX, briefings, snapshot labels) prints dates through
:func:`date_label`, so a date can never claim more precision in one place than another.
Planned events read "预计…" (en "expected …"); a date resolved against a guessed
publication year reads "约…" (en "c. …"). The ISO interval stays in the data for sorting.

Qt-free: the headless exports use it as the window does.
"""

from __future__ import annotations

from datetime import date

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip
_QUARTERS_ZH = ("第一季度", "第二季度", "第三季度", "第四季度")
_HALVES_ZH = ("上半年", "下半年")


def _zh(language: str) -> bool:
    return language.startswith("zh")


def _parse(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _day(d: date, zh: bool, with_year: bool = True) -> str:
    if zh:
        return f"{d.year}年{d.month}月{d.day}日" if with_year else f"{d.month}月{d.day}日"
    text = f"{d.day} {_MONTHS_EN[d.month - 1]}"
    return f"{text} {d.year}" if with_year else text


def _month(d: date, zh: bool) -> str:
    return f"{d.year}年{d.month}月" if zh else f"{_MONTHS_EN[d.month - 1]} {d.year}"


def _period(d: date, precision: str, zh: bool) -> str:
    """The period of ``precision`` holding ``d``: 2022年 / 2022年第三季度 / 2022年上半年 /
    2022年7月 (en 2022 / Q3 2022 / H1 2022 / Jul 2022)."""
    if precision == "year":
        return f"{d.year}年" if zh else str(d.year)
    if precision == "half":
        half = 0 if d.month <= 6 else 1
        return f"{d.year}年{_HALVES_ZH[half]}" if zh else f"H{half + 1} {d.year}"
    if precision == "quarter":
        quarter = (d.month - 1) // 3
        return f"{d.year}年{_QUARTERS_ZH[quarter]}" if zh else f"Q{quarter + 1} {d.year}"
    return _month(d, zh)


def period_label(
    start: str | date | None, end: str | date | None, precision: str | None, language: str = "zh"
) -> str:
    """The period ``start``–``end`` at ``precision`` (day|month|quarter|half|year), no
    prefix: 2022年 / 2022年第一季度 / 2022年上半年 / 2022年7月 / 2022年7月30日, a run of days
    as 2022年7月30日至8月2日 (en: 2022 / Q1 2022 / H1 2022 / Jul 2022 / 30 Jul 2022,
    30 Jul – 2 Aug 2022). An unknown date is "" ."""
    first = _parse(start)
    if first is None:
        return ""
    last = _parse(end) or first
    if last < first:  # a date_end that does not follow (hand-made data): the start alone
        last = first
    zh = _zh(language)
    precision = precision or "day"
    if precision != "day":
        # A coarse date over several periods: both ends at that precision (2022年至2023年).
        a, b = _period(first, precision, zh), _period(last, precision, zh)
        return a if a == b else a + ("至" if zh else " – ") + b
    if last == first:
        return _day(first, zh)
    if zh:
        tail = _day(last, zh, with_year=last.year != first.year)
        return f"{_day(first, zh)}至{tail}"
    if last.year == first.year:
        return f"{_day(first, zh, with_year=False)} – {_day(last, zh)}"
    return f"{_day(first, zh)} – {_day(last, zh)}"


def date_label(
    start: str | date | None,
    end: str | date | None,
    precision: str | None,
    language: str = "zh",
    *,
    planned: bool = False,
    inferred: bool = False,
) -> str:
    """:func:`period_label` with what a reader must know about it: "预计" for a planned
    event, "约" when the year was inferred (en "expected", "c."). No date: "" ."""
    text = period_label(start, end, precision, language)
    if not text:
        return ""
    zh = _zh(language)
    if inferred:
        text = ("约" if zh else "c. ") + text
    if planned:
        text = ("预计" if zh else "expected ") + text
    return text


def event_date_label(
    event: object, language: str = "zh", *, planned: bool = True, inferred: bool = True
) -> str:
    """``date_label`` of an event (anything with ``date``, ``date_end``,
    ``date_precision``, ``status`` and ``date_inferred``). ``planned=False`` or
    ``inferred=False`` leaves out 预计 or 约 where a column or line beside the date says so
    already (a 状态 column, the detail pane's inferred-year note)."""
    get = getattr
    return date_label(
        get(event, "date", None),
        get(event, "date_end", None),
        get(event, "date_precision", None),
        language,
        planned=planned and get(event, "status", None) == "planned",
        inferred=inferred and bool(get(event, "date_inferred", False)),
    )
