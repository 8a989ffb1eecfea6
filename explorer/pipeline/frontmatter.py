"""Read the optional front-matter block at the top of an article file.

The block is flat ``key: value`` lines between ``---`` fences (a YAML subset: values may be
quoted, ``  # comment`` after a value is dropped). We parse it ourselves rather than with a
YAML library because YAML would silently turn ``date: 2022-13-45`` into a string, ``no``
into ``False`` and ``2024-03`` into an int expression; here every value stays a string and
dates are validated with a message a user can act on.

A damaged block is read as far as it can be: each line that is not ``key: value`` (a
missing colon), a date that does not exist and a block that is never closed is a warning
naming the line, and the lines that could be read are used. Only a block that reads as
no front matter at all (prose between two Markdown rules) is left to the article.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from explorer.core.vocabulary import PUBLICATION_PRECISIONS

_LINE = re.compile(r"([^\r\n]*)(?:\r?\n|\r|$)")
_FENCE = re.compile(r"---[ \t]*(\r?\n|$)")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*(\r?\n|$)", re.MULTILINE)
# A full-width colon (title：标题) is what a Chinese keyboard types: read it as a colon.
_KEY_VALUE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*[:：]\s?(.*)$")
# The keys the spec names: a line opening with one of them without a colon is a damaged
# field ("title 标题"), not prose.
KNOWN_KEYS = ("title", "date", "date_precision", "source", "url")
_KEYISH = re.compile(r"^\s*(" + "|".join(KNOWN_KEYS) + r")\b(?![:：])\s*[=\s]?", re.IGNORECASE)
_DATE_FORMS = (
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"), "day"),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"), "day"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})年(\d{1,2})月$"), "month"),
    (re.compile(r"^(\d{4})年?$"), "year"),
)
_TIME_OF_DAY = re.compile(
    r"(?<=\d)(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$"
)
DATE_FORMS_TEXT = "2022-12-30, 2022-12, 2022 or 2022年12月30日"


@dataclass(slots=True)
class FrontMatter:
    """What the block said, where the body starts, and what was wrong with it.

    ``lines``: the line number (1 = the opening fence) of each field, for warnings.
    """

    fields: dict[str, str] = field(default_factory=dict)
    body_offset: int = 0
    pub_date: date | None = None
    pub_precision: str | None = None
    warnings: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based, in the whole file
    start: int
    end: int  # after its line break
    text: str


def parse_front_matter(text: str) -> FrontMatter:
    """Split ``text`` into front matter and body; validate the publication date.

    A file that does not start with ``---`` has no front matter: the body is the whole
    text. A fence that is never closed holds the ``key: value`` lines right after it.
    """
    result = FrontMatter()
    opening = _FENCE.match(text)
    if not opening:
        return result
    closing = _CLOSE.search(text, opening.end())
    if closing:
        block = list(_lines(text, opening.end(), closing.start()))
        if not any(_is_field(line.text) for line in block):
            # Prose between two "---" rules is a Markdown page, not front matter.
            return result
        _read_fields(result, block)
        result.body_offset = closing.end()
    else:
        block = []
        for line in _lines(text, opening.end(), len(text)):
            if not _is_field(line.text):
                break
            block.append(line)
        if not block:
            return result  # a Markdown rule opening the page
        _read_fields(result, block)
        result.body_offset = block[-1].end
        read = "line 2" if len(block) == 1 else f"lines 2–{block[-1].number}"
        result.warnings.insert(
            0,
            f"front matter line 1: the block opened with --- is never closed; {read} "
            f"read as front matter, the rest as the article (end the block with a line ---)",
        )
    _read_date(result)
    return result


def _lines(text: str, start: int, end: int) -> Iterator[_Line]:
    """The lines of ``text[start:end]``, lazily: an unclosed block stops at its first
    line of prose, however long the file."""
    number = text.count("\n", 0, start) + 1
    for match in _LINE.finditer(text, start, end):
        yield _Line(number, match.start(), match.end(), match.group(1))
        number += 1


def _is_field(line: str) -> bool:
    """A ``key: value`` line, or one that clearly meant to be (``title 标题``)."""
    return bool(_KEY_VALUE.match(line) or _KEYISH.match(line))


def _read_fields(result: FrontMatter, block: list[_Line]) -> None:
    for line in block:
        if not line.text.strip() or line.text.lstrip().startswith("#"):
            continue
        match = _KEY_VALUE.match(line.text)
        if match:
            key = match.group(1).lower()
            result.fields[key] = _clean_value(match.group(2))
            result.lines[key] = line.number
            continue
        shown = line.text.strip()
        shown = shown if len(shown) <= 40 else shown[:38] + "…"
        result.warnings.append(
            f"front matter line {line.number}: {shown!r} is not key: value "
            f"(a colon is missing?); ignored"
        )


def _clean_value(raw: str) -> str:
    value = raw.strip()
    if value[:1] in ("'", '"'):
        quote = value[0]
        end = value.find(quote, 1)
        return value[1:end] if end > 0 else value[1:]
    # YAML comments need whitespace before the '#', so '#3号楼' stays intact.
    return re.split(r"\s+#", value, maxsplit=1)[0].strip()


def parse_date(value: str) -> tuple[date, str] | None:
    """Parse a publication date (``2022-12-30``, ``2024-03``, ``2024``, ``2022年12月30日``).

    Returns ``(first day of the stated period, precision)`` or ``None`` if not a date.
    """
    parts = _date_parts(value)
    if parts is None:
        return None
    numbers, precision = parts
    try:
        return date(*numbers), precision
    except ValueError:
        return None


def _date_parts(value: str) -> tuple[tuple[int, int, int], str] | None:
    # A time of day (2022-12-30 08:00, 2022-12-30T10:00:00+08:00) adds nothing we use.
    value = _TIME_OF_DAY.sub("", value.strip())
    for pattern, precision in _DATE_FORMS:
        match = pattern.match(value)
        if match:
            parts = [int(p) for p in match.groups()] + [1, 1]
            return (parts[0], parts[1], parts[2]), precision
    return None


def date_problem(value: str) -> str:
    """Why ``value`` is not a date, in words a user can act on (for warnings)."""
    parts = _date_parts(value)
    if parts is None:
        return f"is not a date (write {DATE_FORMS_TEXT})"
    (year, month, day), _ = parts
    if not 1 <= year <= 9999:
        return f"has no usable year ({year})"
    if not 1 <= month <= 12:
        return f"has no month {month}"
    days = calendar.monthrange(year, month)[1]
    return f"has no day {day}: {year}-{month:02d} has {days} days"


def _read_date(result: FrontMatter) -> None:
    raw = result.fields.get("date", "")
    parsed = parse_date(raw) if raw else None
    if raw and parsed is None:
        result.warnings.append(
            f"front matter line {result.lines.get('date', '?')}: date {raw!r} "
            f"{date_problem(raw)}; imported without a publication date (the years the "
            f"article states are used, marked inferred)"
        )
    stated = _stated_precision(result)
    if parsed is None:
        return
    result.pub_date, result.pub_precision = parsed
    if stated:
        # "date: 2024-03" with "date_precision: day" cannot be more precise than a month.
        coarseness = PUBLICATION_PRECISIONS.index
        result.pub_precision = max(stated, result.pub_precision, key=coarseness)
        if result.pub_precision == "year":
            result.pub_date = result.pub_date.replace(month=1, day=1)
        elif result.pub_precision == "month":
            result.pub_date = result.pub_date.replace(day=1)


def _stated_precision(result: FrontMatter) -> str | None:
    """``date_precision`` when it is one we know; else ``None``, with a warning if set."""
    stated = result.fields.get("date_precision", "").strip().lower()
    if stated in PUBLICATION_PRECISIONS:
        return stated
    if stated:
        result.warnings.append(
            f"front matter line {result.lines.get('date_precision', '?')}: date_precision "
            f"{stated!r} is not day, month or year; the date's own form says how precise it is"
        )
    return None
