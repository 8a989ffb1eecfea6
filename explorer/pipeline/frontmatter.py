"""Read the optional front-matter block at the top of an article file.

The block is flat ``key: value`` lines between ``---`` fences (a YAML subset: values may be
quoted, ``  # comment`` after a value is dropped). We parse it ourselves rather than with a
YAML library because YAML would silently turn ``date: 2022-13-45`` into a string, ``no``
into ``False`` and ``2024-03`` into an int expression; here every value stays a string and
dates are validated with a message a user can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from explorer.core.vocabulary import PUBLICATION_PRECISIONS

_FENCE = re.compile(r"---[ \t]*(\r?\n|$)")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*(\r?\n|$)", re.MULTILINE)
_KEY_VALUE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*:\s?(.*)$")
_DATE_FORMS = (
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"), "day"),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"), "day"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})年(\d{1,2})月$"), "month"),
    (re.compile(r"^(\d{4})年?$"), "year"),
)


@dataclass(slots=True)
class FrontMatter:
    """What the block said, where the body starts, and what was wrong with it."""

    fields: dict[str, str] = field(default_factory=dict)
    body_offset: int = 0
    pub_date: date | None = None
    pub_precision: str | None = None
    warnings: list[str] = field(default_factory=list)


def parse_front_matter(text: str) -> FrontMatter:
    """Split ``text`` into front matter and body; validate the publication date.

    A file that does not start with ``---`` has no front matter: the body is the whole
    text. A fence that is never closed is not front matter either (the text is kept).
    """
    result = FrontMatter()
    opening = _FENCE.match(text)
    if not opening:
        return result
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        result.warnings.append("front matter opened with --- but never closed; read as text")
        return result
    fields = {}
    for line in text[opening.end() : closing.start()].splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY_VALUE.match(line)
        if not match:
            # Prose between two "---" rules is a Markdown page, not front matter.
            return result
        fields[match.group(1).lower()] = _clean_value(match.group(2))
    result.fields = fields
    result.body_offset = closing.end()
    _read_date(result)
    return result


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
    # A time of day (2022-12-30 08:00, 2022-12-30T10:00:00+08:00) adds nothing we use.
    value = re.sub(
        r"(?<=\d)(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$",
        "",
        value.strip(),
    )
    for pattern, precision in _DATE_FORMS:
        match = pattern.match(value)
        if not match:
            continue
        parts = [int(p) for p in match.groups()] + [1, 1]
        try:
            return date(parts[0], parts[1], parts[2]), precision
        except ValueError:
            return None
    return None


def _read_date(result: FrontMatter) -> None:
    raw = result.fields.get("date", "")
    if not raw:
        return
    parsed = parse_date(raw)
    if parsed is None:
        result.warnings.append(
            f"front-matter date {raw!r} is not a valid date; imported without a publication date"
        )
        return
    result.pub_date, result.pub_precision = parsed
    stated = result.fields.get("date_precision", "").strip().lower()
    if stated in PUBLICATION_PRECISIONS:
        # "date: 2024-03" with "date_precision: day" cannot be more precise than a month.
        coarseness = PUBLICATION_PRECISIONS.index
        result.pub_precision = max(stated, result.pub_precision or "day", key=coarseness)
        if result.pub_precision == "year":
            result.pub_date = result.pub_date.replace(month=1, day=1)
        elif result.pub_precision == "month":
            result.pub_date = result.pub_date.replace(day=1)
    elif stated:
        result.warnings.append(
            f"front-matter date_precision {stated!r} is not day/month/year; "
            f"using {result.pub_precision!r} from the date's form"
        )
