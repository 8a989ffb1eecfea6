"""Read PDF newspaper pages (e-paper): the text of each page in reading order.

pdfplumber (MIT, on pdfminer.six) gives every character with its position and font size,
which reading order needs; pypdf's text extraction has no positions to order columns by,
and PyMuPDF is AGPL. The page's own text is rebuilt here from ``page.chars``:

1. characters on one baseline form *fragments*, broken where a gap is wide enough to be a
   column gutter (Chinese has no spaces, so nothing is inserted between CJK characters);
2. a recursive XY-cut orders the fragments: split at full-width horizontal gaps wider than
   the page's line spacing (a headline spanning two columns comes off first), then at
   vertical gutters, so that each column is read top to bottom before the next;
3. lines are rejoined into paragraphs: a line that runs to its column's right edge goes on
   in the next line (``8月`` / ``8日`` becomes ``8月8日``) unless that line is indented or
   set in another size; headlines (clearly larger type) stand alone between blank lines.

The masthead (paper name, date line, page marker) in the page's top or bottom band gives
the document's date, source and page labels and is left out of the text. Every character
is kept as the page has it: no Unicode normalisation (Kangxi radicals stay; the reading
form for search is made elsewhere).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.pipeline.documents import Meta, Page, check_size, document_from_pages

# An e-paper page is a few MB; a whole issue rarely 100 MB. Past these it is not a
# newspaper page (a scanned book, a map), and pdfminer would take minutes on it.
MAX_PDF_BYTES = 200 * 2**20
MAX_PDF_PAGES = 1000

# Where the masthead and the page footer sit, as a share of the page height from the top
# and from the bottom. Only lines in these bands are read as masthead (page marker, date
# line, paper name, editor credits); the same words lower down are article text.
TOP_BAND_SHARE = 0.10
BOTTOM_BAND_SHARE = 0.07
# The page marker: "A10版", "A10 版", "A10", "第3版", "第A03版", "08版". Group "label" is
# the page's label ("A10", "3"). A bare number without 版 is not a marker (it may be a
# page count or a phone number).
PAGE_MARKER = re.compile(
    r"第\s*(?P<label>[A-Za-z]{0,2}\d{1,3})\s*[版页]"
    r"|(?<![A-Za-z0-9])(?P<lettered>[A-Z]{1,2}\d{1,3})(?:\s*版)?(?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9])(?P<numbered>\d{1,3})\s*版"
)
# The date line of a masthead: "2022年7月30日 星期六" (the weekday is optional).
DATE_LINE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# The paper's name: a short run of Chinese ending in 日报, 晚报, 报 … standing on its own.
PAPER_NAME = re.compile(
    r"(?:^|\s)(?P<name>[\u4e00-\u9fff]{1,8}?(?:日报|晚报|早报|商报|时报|报))(?=\s|$)"
)
# Other masthead furniture in the bands: weekday, lunar date, editor credits.
MASTHEAD_FURNITURE = re.compile(
    r"^\s*(星期[一二三四五六日天]|农历|(责任)?编辑|责编|美编|校对|版式|组版|排版|值班)"
)

# Type sizes are compared with the page's body size (the size most characters are set in).
HEADLINE_RATIO = 1.2  # a line this much larger than the body is a headline
SAME_SIZE_RATIO = 0.1  # sizes within 10 % are one size
# Gaps in multiples of the body size.
GUTTER_EM = 0.75  # a gap this wide on one baseline separates columns (or masthead items)
LATIN_SPACE_EM = 0.2  # between two Latin letters/digits a gap this wide was a space
FULL_SLACK_EM = 1.0  # a line ending less than this short of the column's edge is full
INDENT_EM = 0.8  # a line starting this far in from the column's edge opens a paragraph
MIN_CUT_EM = 0.6  # a horizontal cut is at least this high …
CUT_OVER_LEADING_EM = 0.4  # … and this much higher than the page's usual line gap
MAX_CUT_DEPTH = 60  # XY-cut recursion bound (real pages need < 10 levels)

_NO_TEXT = "no text layer (scanned image); OCR it first"
_CID_ONLY = "text cannot be decoded (its fonts have no Unicode map)"
_USELESS_TITLES = {"untitled", "无标题", "none", "title"}


@dataclass(frozen=True, slots=True)
class _Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(slots=True)
class _Fragment:
    """Characters on one baseline without a gutter between them."""

    glyphs: list[_Glyph]
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def size(self) -> float:
        return _main_size(self.glyphs)


@dataclass(frozen=True, slots=True)
class _Frame:
    """A column's left and right edges, for telling full and indented lines."""

    left: float
    right: float


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    frame: _Frame
    heading: bool = False


@dataclass(slots=True)
class _PageReading:
    """What one PDF page gave: its text and what its masthead said."""

    text: str = ""
    marker: str | None = None
    pub_date: date | None = None
    paper: str | None = None
    problem: str | None = None  # no text layer, undecodable fonts, a parse error
    masthead: list[str] = field(default_factory=list)


def read_pdf(path: Path) -> Iterator[Document | InputError]:
    """Yield the one document of the PDF at ``path`` (one page of text per PDF page).

    Raises :class:`InputError` for a damaged, password-protected or text-less PDF.
    """
    name = str(path)
    _check_file(path)
    import pdfplumber  # a second to load: only when a PDF turns up

    try:
        pdf = pdfplumber.open(path)
    except Exception as error:  # pdfminer raises anything on a damaged file
        raise _open_error(name, error) from None
    with pdf:
        try:
            readings, labels, metadata = _read_pages(name, pdf)
        except InputError:
            raise
        except Exception as error:
            raise _open_error(name, error) from None
    yield _document(path, readings, labels, metadata)


def _check_file(path: Path) -> None:
    try:
        check_size(path, MAX_PDF_BYTES)
        with path.open("rb") as handle:
            head = handle.read(1024)
    except FileNotFoundError:
        raise InputError(str(path), "file disappeared before it could be read") from None
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from None
    if b"%PDF" not in head:
        raise InputError(str(path), "not a PDF (no %PDF header)")


def _open_error(name: str, error: Exception) -> InputError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    # pdfplumber wraps pdfminer's exception as the first argument of its own.
    cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    if isinstance(cause, PDFPasswordIncorrect):
        return InputError(name, "password-protected PDF")
    if isinstance(cause, PDFEncryptionError):
        return InputError(name, f"encrypted PDF that cannot be opened ({cause})")
    detail = str(cause) or type(cause).__name__
    return InputError(name, f"damaged PDF ({detail})")


def _read_pages(name: str, pdf: Any) -> tuple[list[_PageReading], list[str | None], dict]:
    count = _page_count(pdf)
    if count > MAX_PDF_PAGES:
        raise InputError(name, f"too many pages: {count} (the limit is {MAX_PDF_PAGES})")
    readings = []
    for page in pdf.pages:
        try:
            readings.append(_read_page(page))
        except Exception as error:  # one broken content stream spoils one page only
            readings.append(_PageReading(problem=f"cannot be read ({error or type(error)})"))
        finally:
            page.close()  # drop the page's cached objects: big issues stay small in memory
    return readings, _pdf_labels(pdf, len(readings)), dict(pdf.metadata)


def _page_count(pdf: Any) -> int:
    """The page count the page tree claims, read before pdfminer walks every page."""
    try:
        from pdfminer.pdftypes import resolve1

        return int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))
    except Exception:  # no usable /Count: walking the pages tells
        return len(pdf.pages)


def _pdf_labels(pdf: Any, count: int) -> list[str | None]:
    """The PDF's own /PageLabels ("A1", "iv"), or None for each page when it has none."""
    try:
        labels = list(islice(pdf.doc.get_page_labels(), count))
    except Exception:  # PDFNoPageLabels, or a malformed label tree: fall back to numbers
        return [None] * count
    return [str(label) or None for label in labels] + [None] * (count - len(labels))


# --- one page ------------------------------------------------------------------------------


def _read_page(page: Any) -> _PageReading:
    glyphs, undecodable = _glyphs(page)
    if not any(not g.text.isspace() for g in glyphs):
        problem = _CID_ONLY if undecodable else _NO_TEXT if _has_drawing(page) else None
        return _PageReading(problem=problem)
    body = _main_size(glyphs)
    fragments = _fragments(glyphs, body)
    reading = _PageReading()
    fragments = _strip_masthead(fragments, float(page.height), reading)
    if fragments:
        root = _frame_of(fragments, body)
        leaves = list(_xy_cut(fragments, root, _min_cut(fragments, body), body, 0))
        reading.text = _page_text(leaves, body)
    return reading


def _has_drawing(page: Any) -> bool:
    """An image or vector drawing but no characters: a scan, or text turned into curves."""
    return bool(page.images or page.curves or page.rects)


def _glyphs(page: Any) -> tuple[list[_Glyph], int]:
    """The page's upright characters, and how many had no Unicode ("(cid:123)")."""
    glyphs = []
    undecodable = 0
    for char in page.chars:
        text = char["text"]
        if text.startswith("(cid:"):
            undecodable += 1
            continue
        if not char.get("upright", True) or char["size"] <= 0:
            continue  # rotated text (a vertical kicker) is left out of the reading order
        glyphs.append(
            _Glyph(
                text,
                float(char["x0"]),
                float(char["x1"]),
                float(char["top"]),
                float(char["bottom"]),
                float(char["size"]),
            )
        )
    return glyphs, undecodable


def _main_size(glyphs: Sequence[_Glyph]) -> float:
    """The size most visible characters are set in (rounded to half a point)."""
    sizes = Counter(round(g.size * 2) / 2 for g in glyphs if not g.text.isspace())
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _fragments(glyphs: list[_Glyph], body: float) -> list[_Fragment]:
    """Group characters by baseline, then split each baseline at gutter-wide gaps."""
    fragments: list[_Fragment] = []
    for row in _baselines(glyphs):
        row.sort(key=lambda g: g.x0)
        current: list[_Glyph] = []
        right = -1e9  # right edge of the last visible character
        for glyph in row:
            visible = not glyph.text.isspace()
            if visible and current and glyph.x0 - right > GUTTER_EM * max(body, glyph.size):
                fragments.append(_fragment(current))
                current = []
            if visible and current and _doubled(current[-1], glyph):
                continue  # fake bold: the same character printed twice, a hair apart
            current.append(glyph)
            if visible:
                right = glyph.x1
        if current:
            fragments.append(_fragment(current))
    return [f for f in fragments if f.glyphs]


def _baselines(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Rows of characters sharing a baseline (bottoms within a third of their size)."""
    rows: list[list[_Glyph]] = []
    last_bottom = -1e9
    for glyph in sorted(glyphs, key=lambda g: (g.bottom, g.x0)):
        if rows and glyph.bottom - last_bottom <= 0.3 * glyph.size:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
        last_bottom = glyph.bottom
    return rows


def _doubled(previous: _Glyph, glyph: _Glyph) -> bool:
    return previous.text == glyph.text and abs(glyph.x0 - previous.x0) < 0.3 * glyph.size


def _fragment(glyphs: list[_Glyph]) -> _Fragment:
    # Spaces at either end are layout (an indent made of U+3000), not text.
    while glyphs and glyphs[-1].text.isspace():
        glyphs.pop()
    while glyphs and glyphs[0].text.isspace():
        glyphs.pop(0)
    if not glyphs:
        return _Fragment([], 0, 0, 0, 0)
    return _Fragment(
        glyphs,
        min(g.x0 for g in glyphs),
        max(g.x1 for g in glyphs),
        min(g.top for g in glyphs),
        max(g.bottom for g in glyphs),
    )


# --- masthead ------------------------------------------------------------------------------


def _strip_masthead(
    fragments: list[_Fragment], height: float, reading: _PageReading
) -> list[_Fragment]:
    """Take the masthead lines out of the top and bottom bands, noting what they say."""
    top_limit = height * TOP_BAND_SHARE
    bottom_limit = height * (1 - BOTTOM_BAND_SHARE)
    dropped: set[int] = set()
    band = [f for f in fragments if f.bottom <= top_limit or f.top >= bottom_limit]
    for row in _rows(band):
        text = " ".join(_plain_text(f.glyphs) for f in row)
        in_top = row[0].bottom <= top_limit
        if _read_masthead(text, in_top, reading):
            dropped.update(id(f) for f in row)
            reading.masthead.append(text)
    return [f for f in fragments if id(f) not in dropped]


def _rows(fragments: list[_Fragment]) -> list[list[_Fragment]]:
    rows: list[list[_Fragment]] = []
    for fragment in sorted(fragments, key=lambda f: (f.bottom, f.x0)):
        if rows and abs(fragment.bottom - rows[-1][-1].bottom) <= 0.3 * fragment.size:
            rows[-1].append(fragment)
        else:
            rows.append([fragment])
    return rows


def _read_masthead(text: str, in_top: bool, reading: _PageReading) -> bool:
    """Is ``text`` (a line in a band) masthead? Note its date, page marker, paper name."""
    found = False
    dated = DATE_LINE.search(text)
    if dated:
        found = True
        if reading.pub_date is None:
            reading.pub_date = _date_of(dated)
    marker = PAGE_MARKER.search(text)
    if marker:
        found = True
        if reading.marker is None:
            reading.marker = next(g for g in marker.groups() if g).upper()
    paper = PAPER_NAME.search(text) if in_top else None
    if paper:
        found = True
        reading.paper = reading.paper or paper.group("name")
    return found or bool(MASTHEAD_FURNITURE.match(text))


def _date_of(match: re.Match[str]) -> date | None:
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


# --- reading order: recursive XY-cut -------------------------------------------------------


def _min_cut(fragments: list[_Fragment], body: float) -> float:
    """How high a horizontal gap must be to cut: above the page's usual gap between lines,
    or every aligned line gap of two columns would cut them into interleaved strips."""
    gaps = []
    ordered = sorted(fragments, key=lambda f: f.top)
    for i, fragment in enumerate(ordered):
        for below in islice(ordered, i + 1, i + 40):
            if below.top >= fragment.bottom - 0.1 and _overlap_x(fragment, below):
                gaps.append(below.top - fragment.bottom)
                break
    usual = statistics.median(gaps) if gaps else 0.0
    return max(MIN_CUT_EM * body, usual + CUT_OVER_LEADING_EM * body)


def _overlap_x(a: _Fragment, b: _Fragment) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0


def _xy_cut(
    fragments: list[_Fragment], frame: _Frame, min_cut: float, body: float, depth: int
) -> Iterator[tuple[list[_Fragment], _Frame]]:
    """Yield blocks of fragments in reading order, each with its column's frame.

    Horizontal cuts come first, but a strip of headlines stays with the strip under it:
    two articles side by side with their headlines on one row are two columns, not a row
    of headlines above a row of texts. Only when no gutter divides the region either is a
    headline cut off on its own (the headline across both columns of its article).
    """
    if len(fragments) > 1 and depth < MAX_CUT_DEPTH:
        strips = _cut(fragments, lambda f: (f.top, f.bottom), min_cut)
        glued = _glue_headlines(strips, body) if len(strips) > 1 else strips
        columns = _cut(fragments, lambda f: (f.x0, f.x1), GUTTER_EM * body)
        if len(glued) > 1 or len(columns) == 1:
            for strip in glued if len(glued) > 1 else strips:
                # A horizontal cut keeps the column it is in.
                if len(strip) < len(fragments):
                    yield from _xy_cut(strip, frame, min_cut, body, depth + 1)
                else:
                    yield strip, frame
            return
        for column in columns:
            yield from _xy_cut(column, _frame_of(column, body), min_cut, body, depth + 1)
        return
    yield fragments, frame


def _glue_headlines(strips: list[list[_Fragment]], body: float) -> list[list[_Fragment]]:
    """Join each strip that holds only headline type to the strip below it."""
    glued: list[list[_Fragment]] = []
    pending: list[_Fragment] = []
    for strip in strips:
        pending = pending + strip
        if not all(f.size >= HEADLINE_RATIO * body for f in strip):
            glued.append(pending)
            pending = []
    if pending:
        glued.append(pending)
    return glued


def _cut(fragments: list[_Fragment], span: Any, min_gap: float) -> list[list[_Fragment]]:
    """Split at every gap of at least ``min_gap`` in the projection given by ``span``."""
    ordered = sorted(fragments, key=lambda f: span(f)[0])
    groups: list[list[_Fragment]] = [[]]
    reach = span(ordered[0])[1]
    for fragment in ordered:
        start, end = span(fragment)
        if groups[-1] and start - reach >= min_gap:
            groups.append([])
        groups[-1].append(fragment)
        reach = max(reach, end)
    return groups


def _frame_of(fragments: list[_Fragment], body: float) -> _Frame:
    """The column's edges where most lines start and end: the median among the lines near
    the extreme, so that punctuation hanging in the margin does not move the edge."""
    lefts = [f.x0 for f in fragments]
    rights = [f.x1 for f in fragments]
    least, most = min(lefts), max(rights)
    left = statistics.median(x for x in lefts if x <= least + 0.5 * body)
    right = statistics.median(x for x in rights if x >= most - 1.5 * body)
    return _Frame(left, right)


# --- lines and paragraphs ------------------------------------------------------------------


def _lines(fragments: list[_Fragment], frame: _Frame, body: float) -> list[_Line]:
    lines = []
    for row in _rows(fragments):
        row.sort(key=lambda f: f.x0)
        glyphs = [g for f in row for g in f.glyphs]
        size = _main_size(glyphs)
        lines.append(
            _Line(
                " ".join(_plain_text(f.glyphs) for f in row),
                row[0].x0,
                max(f.x1 for f in row),
                min(f.top for f in row),
                max(f.bottom for f in row),
                size,
                frame,
                heading=size >= HEADLINE_RATIO * body,
            )
        )
    return lines


def _plain_text(glyphs: Sequence[_Glyph]) -> str:
    """The characters of one fragment; a space only where Latin words had a gap between
    them, never between Chinese characters."""
    parts: list[str] = []
    previous: _Glyph | None = None
    for glyph in glyphs:
        if (
            previous is not None
            and not glyph.text.isspace()
            and not previous.text.isspace()
            and _latin(previous.text[-1])
            and _latin(glyph.text[0])
            and glyph.x0 - previous.x1 > LATIN_SPACE_EM * glyph.size
        ):
            parts.append(" ")
        parts.append(glyph.text)
        previous = glyph
    return re.sub(r"[ \t]{2,}", " ", "".join(parts))


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _page_text(leaves: list[tuple[list[_Fragment], _Frame]], body: float) -> str:
    """Paragraphs between blank lines; a line going on from a full line is joined to it."""
    paragraphs: list[str] = []
    previous: _Line | None = None
    for fragments, frame in leaves:
        first = True
        for line in _lines(fragments, frame, body):
            joiner = None if previous is None else _continuation(previous, line, first)
            if joiner is None:
                paragraphs.append(line.text)
            else:
                paragraphs[-1] += joiner + line.text
            previous = line
            first = False
    return "\n\n".join(paragraphs) + "\n"


def _continuation(previous: _Line, line: _Line, new_block: bool) -> str | None:
    """What joins ``line`` to the paragraph ``previous`` ended, or None when it starts a
    new one. Across blocks too: a sentence wraps from the foot of one column to the head
    of the next."""
    if previous.heading != line.heading or not _same_size(previous.size, line.size):
        return None
    if not new_block and line.top - previous.bottom > 1.5 * line.size:
        return None  # a wider gap than between lines: a new paragraph or item
    full = previous.frame.right - previous.x1 < FULL_SLACK_EM * previous.size
    if line.heading:
        # A headline set over two lines: the first runs on when it fills the column,
        # otherwise the lines are two parts of one headline, a space between them.
        if new_block or line.top - previous.bottom >= 0.6 * line.size:
            return None
        return _joiner(previous.text, line.text) if full else " "
    if not full or line.x0 - line.frame.left >= INDENT_EM * line.size:
        return None  # a short line ends a paragraph; an indented one opens the next
    return _joiner(previous.text, line.text)


def _joiner(before: str, after: str) -> str:
    """Nothing between the halves of a wrapped line, except between two Latin words."""
    if before[-1:].isascii() and before[-1:].isalpha() and _latin(after[:1]):
        return " "
    return ""


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_SIZE_RATIO * max(a, b)


# --- the document --------------------------------------------------------------------------


def _document(
    path: Path, readings: list[_PageReading], labels: list[str | None], metadata: dict
) -> Document:
    name = str(path)
    if not readings:
        raise InputError(name, "PDF without pages")
    if not any(r.text.strip() for r in readings):
        problems = {r.problem for r in readings if r.problem}
        if _CID_ONLY in problems:
            raise InputError(name, _CID_ONLY)
        if problems == {_NO_TEXT} or not problems:
            raise InputError(name, _NO_TEXT if problems else "no text on any page")
        raise InputError(name, f"damaged PDF (page 1 {next(iter(problems))})")
    pages = [
        Page(reading.marker or labels[i] or str(i + 1), reading.text)
        for i, reading in enumerate(readings)
    ]
    dated = next((r.pub_date for r in readings if r.pub_date), None)
    meta = Meta(
        title=_useful_title(metadata.get("Title")),
        pub_date=dated,
        pub_precision="day" if dated else None,
        source=next((r.paper for r in readings if r.paper), None),
    )
    return document_from_pages(
        path, pages, meta, "pdf", encoding="pdf", warnings=_warnings(readings, pages)
    )


def _warnings(readings: list[_PageReading], pages: list[Page]) -> list[str]:
    """One warning per kind of problem, naming the pages (by their labels) it hit."""
    by_problem: dict[str, list[str]] = {}
    for reading, page in zip(readings, pages, strict=True):
        if reading.problem and not reading.text.strip():
            by_problem.setdefault(reading.problem, []).append(str(page.label))
    return [
        f"page{'s' if len(where) > 1 else ''} {', '.join(where)} skipped: {problem}"
        for problem, where in by_problem.items()
    ]


def _useful_title(value: object) -> str | None:
    """The PDF's Title when it names the article: not "untitled", not a file name."""
    if not isinstance(value, str):
        return None
    title = value.strip()
    if (
        not title
        or title.lower() in _USELESS_TITLES
        or re.search(r"\.(pdf|docx?|indd|ps|eps|tiff?|jpe?g)$", title, re.IGNORECASE)
        or title.startswith("Microsoft Word")
        or len(re.findall(r"[\u4e00-\u9fff]", title)) < 2
    ):
        return None
    return title
