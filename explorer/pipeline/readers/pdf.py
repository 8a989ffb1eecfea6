"""Read PDF newspaper pages (e-paper): one document, the text of each page in reading order.

pdfplumber (MIT, on pdfminer.six) gives every character with its position and font size,
which ordering columns needs; pypdf's text extraction has no positions to order by, and
PyMuPDF is AGPL. Only the characters are asked for (no ``extract_text``, no layout
analysis): :mod:`explorer.pipeline.readers.pdf_layout` orders them and rejoins lines.
:mod:`explorer.pipeline.corpus` imports this module (and so pdfminer, slow to load) only
when a PDF turns up.

The masthead (paper name, date line, page marker) in the page's top or bottom band gives
the document's date, source and page labels and is left out of the text. Every character
is kept as the page has it: no Unicode normalisation (Kangxi radicals stay; the reading
form for search is made elsewhere).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTItem
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfplumber.page import Page as PDFPlumberPage
from pdfplumber.pdf import PDF

from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.pipeline.documents import Meta, Page, check_size, document_from_pages
from explorer.pipeline.readers.pdf_layout import (
    Fragment,
    Glyph,
    fragment_text,
    fragments,
    main_size,
    page_text,
    rows,
)

# An e-paper page is a few MB; a whole issue rarely 100 MB. Past these it is not a
# newspaper page (a scanned book, a map), and pdfminer would take minutes on it.
MAX_PDF_BYTES = 200 * 2**20
MAX_PDF_PAGES = 1000

# Where the masthead and the page footer sit, as a share of the page height from the top
# and from the bottom. Only lines in these bands are read as masthead (page marker, date
# line, paper name, editor credits); the same words lower down are article text.
TOP_BAND_SHARE = 0.10
BOTTOM_BAND_SHARE = 0.07
# The page marker, with its 版: "A10版", "A10 版", "第3版", "第A03版", "08版"; the group
# "label" is the page's label ("A10", "3", "08"). Not the front page's "今日16版" (today's
# issue has 16 pages) nor "共16版".
PAGE_MARKER = re.compile(
    r"(?<![A-Za-z0-9])(?<!今日)(?<!共)第?\s*(?P<label>[A-Z]{0,2}\d{1,3})\s*版"
    r"|第\s*(?P<page>[A-Z]{0,2}\d{1,3})\s*页"
)
# A bare marker "A10" counts only when no line of the band has one with 版. Not a bare
# number (a page count, a phone number), nor "CN44-0012" (the serial number).
BARE_PAGE_MARKER = re.compile(r"(?<![A-Za-z0-9-])(?P<label>[A-Z]{1,2}\d{1,3})(?![A-Za-z0-9-])")
# The date line of a masthead: "2022年7月30日 星期六" (the weekday is optional).
DATE_LINE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# The paper's name: a short run of Chinese ending in 日报, 晚报, 报 … standing on its own.
PAPER_NAME = re.compile(
    r"(?:^|\s)(?P<name>[\u4e00-\u9fff]{1,8}?(?:日报|晚报|早报|商报|时报|报))(?=\s|$)"
)
# Clause punctuation: a band line with it is article text, not masthead.
MASTHEAD_NOT = re.compile(r"[，。；！？、]")
# Other masthead furniture in the bands: weekday, lunar date, editor credits, and a page
# number standing alone ("3", "- 3 -"; not taken for the label, which a 版 marker gives).
MASTHEAD_FURNITURE = re.compile(
    r"^\s*(星期[一二三四五六日天]|农历|(责任)?编辑|责编|美编|校对|版式|组版|排版|值班)"
    r"|^[\s\-–—]*\d{1,3}[\s\-–—]*$"
)

# Titles that PDF makers write when nobody gave one.
_USELESS_TITLES = {"untitled", "无标题", "none", "title"}
_NO_TEXT = "no text layer (scanned image); OCR it first"
_ROTATED_ONLY = "only rotated text, which is not read"
_CID_ONLY = "text cannot be decoded (its fonts have no Unicode map); OCR it first"


@dataclass(slots=True)
class _PageReading:
    """What one PDF page gave: its text and what its masthead said."""

    text: str = ""
    headlines: tuple[int, ...] = ()  # where lines in headline type start in ``text``
    marker: str | None = None
    bare_marker: str | None = None
    pub_date: date | None = None
    paper: str | None = None
    problem: str | None = None  # no text layer, undecodable fonts, a parse error

    @property
    def label(self) -> str | None:
        return self.marker or self.bare_marker


def read_pdf(path: Path) -> Iterator[Document | InputError]:
    """Yield the one document of the PDF at ``path`` (one page of text per PDF page).

    Raises :class:`InputError` for a damaged, password-protected or text-less PDF.
    """
    name = str(path)
    _check_file(path)
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
    cause = _cause(error)
    if isinstance(cause, PDFPasswordIncorrect):
        return InputError(name, "password-protected PDF")
    if isinstance(cause, PDFEncryptionError):
        return InputError(name, f"encrypted PDF that cannot be opened ({_describe(cause)})")
    return InputError(name, f"damaged PDF ({_describe(cause)})")


def _cause(error: Exception) -> Exception:
    """pdfminer's exception: pdfplumber wraps it as the first argument of its own."""
    inner = error.args[0] if error.args else None
    return inner if isinstance(inner, Exception) else error


def _describe(error: Exception) -> str:
    return str(error) or type(error).__name__


def _read_pages(name: str, pdf: PDF) -> tuple[list[_PageReading], list[str | None], dict[str, Any]]:
    count = _page_count(pdf)
    if count > MAX_PDF_PAGES:
        raise InputError(name, f"too many pages: {count} (the limit is {MAX_PDF_PAGES})")
    readings = []
    for page in pdf.pages:
        try:
            readings.append(_read_page(page))
        except Exception as error:  # one broken content stream spoils one page only
            problem = f"cannot be read ({_describe(_cause(error))})"
            readings.append(_PageReading(problem=problem))
        finally:
            page.close()  # drop the page's cached objects: big issues stay small in memory
    return readings, _pdf_labels(pdf, len(readings)), dict(pdf.metadata)


def _page_count(pdf: PDF) -> int:
    """The page count the page tree claims, read before pdfminer walks every page."""
    try:
        return int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))
    except Exception:  # no usable /Count: walking the pages tells
        return len(pdf.pages)


def _pdf_labels(pdf: PDF, count: int) -> list[str | None]:
    """The PDF's own /PageLabels ("A1", "iv"), or None for each page when it has none."""
    try:
        labels = list(islice(pdf.doc.get_page_labels(), count))
    except Exception:  # PDFNoPageLabels, or a malformed label tree: fall back to numbers
        return [None] * count
    return [str(label) or None for label in labels] + [None] * (count - len(labels))


# --- one page ------------------------------------------------------------------------------


def _read_page(page: PDFPlumberPage) -> _PageReading:
    width, height = _media_size(page)
    glyphs, skipped = _glyphs(page.layout, width, height)
    if not any(not g.text.isspace() for g in glyphs):
        return _PageReading(problem=_why_blank(skipped))
    body = main_size(glyphs)
    reading = _PageReading()
    kept = _strip_masthead(fragments(glyphs, body), height, reading)
    result = page_text(kept, body)
    reading.text, reading.headlines = result.text, result.headlines
    return reading


def _media_size(page: PDFPlumberPage) -> tuple[float, float]:
    """The width and height of the page's MediaBox, which pdfminer's coordinates are in."""
    x0, y0, x1, y1 = (float(v) for v in page.page_obj.mediabox)
    return abs(x1 - x0), abs(y1 - y0)


def _why_blank(skipped: Counter[str]) -> str | None:
    """Why a page gave no characters to read (None: it is blank)."""
    if skipped["undecodable"]:
        return _CID_ONLY
    if skipped["rotated"]:
        return _ROTATED_ONLY
    return _NO_TEXT if skipped["drawing"] else None


def _glyphs(
    layout: Iterable[LTItem], width: float, height: float
) -> tuple[list[Glyph], Counter[str]]:
    """The page's upright characters on the page, and a count of what was left out:
    characters without Unicode ("(cid:123)": a font without a map to Unicode), rotated
    or off the page, and images or drawings.

    Read from pdfminer's layout objects, which pdfplumber's ``page.chars`` turns into
    dicts of some twenty entries each: walking them directly reads pages twice as fast.
    Coordinates become points from the page's top left (pdfminer counts from the bottom).
    """
    glyphs = []
    skipped: Counter[str] = Counter()
    for item in _layout_items(layout):
        if not isinstance(item, LTChar):
            skipped["drawing"] += 1
            continue
        text = item.get_text()
        top, bottom = height - item.y1, height - item.y0
        if text.startswith("(cid:"):
            skipped["undecodable"] += 1
        elif not item.upright or item.size <= 0:
            skipped["rotated"] += 1  # a vertical kicker: left out of the reading order
        elif item.x1 < 0 or item.x0 > width or bottom < 0 or top > height:
            skipped["off the page"] += 1  # the bleed, a slug line
        else:
            glyphs.append(Glyph(text, item.x0, item.x1, top, bottom, float(item.size)))
    return glyphs, skipped


def _layout_items(container: Iterable[LTItem]) -> Iterator[LTItem]:
    """Characters, images and drawings, also inside figures (form XObjects)."""
    for item in container:
        if isinstance(item, LTContainer):
            yield from _layout_items(item)
        elif isinstance(item, (LTChar, LTImage, LTCurve)):
            yield item


# --- masthead ------------------------------------------------------------------------------


def _strip_masthead(items: list[Fragment], height: float, reading: _PageReading) -> list[Fragment]:
    """Take the masthead lines out of the top and bottom bands, noting what they say."""
    top_limit = height * TOP_BAND_SHARE
    bottom_limit = height * (1 - BOTTOM_BAND_SHARE)
    dropped: set[int] = set()
    band = [f for f in items if f.bottom <= top_limit or f.top >= bottom_limit]
    for row in rows(band):
        row.sort(key=lambda f: f.x0)
        parts = [fragment_text(f.glyphs) for f in row]
        if _read_masthead(parts, row[0].bottom <= top_limit, reading):
            dropped.update(id(f) for f in row)
    return [f for f in items if id(f) not in dropped]


def _read_masthead(parts: list[str], in_top: bool, reading: _PageReading) -> bool:
    """Is the band line made of ``parts`` (its fragments) masthead? Note its date, page
    marker and paper name if so. A line with clause punctuation is prose that runs into
    the band (the last line of a column), never masthead, whatever date it names."""
    text = " ".join(parts)
    if MASTHEAD_NOT.search(text):
        return False
    dated = DATE_LINE.search(text)
    paper = PAPER_NAME.search(text) if in_top else None
    marker = PAGE_MARKER.search(text)
    # A bare "A10" only standing alone or beside the date or paper name: "G325" in a
    # line of text is a road.
    bare = None
    if not marker and (dated or paper or any(BARE_PAGE_MARKER.fullmatch(p) for p in parts)):
        bare = BARE_PAGE_MARKER.search(text)
    if dated:
        reading.pub_date = reading.pub_date or _date_of(dated)
    if paper:
        reading.paper = reading.paper or paper["name"]
    if marker:
        reading.marker = reading.marker or _printed_label(marker)
    if bare:
        reading.bare_marker = reading.bare_marker or bare["label"]
    return bool(dated or paper or marker or bare or MASTHEAD_FURNITURE.match(text))


def _printed_label(marker: re.Match[str]) -> str:
    """The page label a marker prints: ``A10`` for "A10版"; "第3版" keeps its 版 (``3版``)
    so that it is not taken for the PDF's page number 3 ("第 3 页" in the detail pane)."""
    label = marker["label"]
    if label is None:
        return str(marker["page"])  # 第3页: a page number
    return f"{label}版" if label.isdigit() else label


def _date_of(match: re.Match[str]) -> date | None:
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


# --- the document --------------------------------------------------------------------------


def _document(
    path: Path, readings: list[_PageReading], labels: list[str | None], metadata: dict[str, Any]
) -> Document:
    name = str(path)
    if not readings:
        raise InputError(name, "PDF without pages")
    if not any(r.text.strip() for r in readings):
        raise InputError(name, _why_no_text([r.problem for r in readings]))
    pages = [
        Page(reading.label or labels[i] or str(i + 1), reading.text, reading.headlines)
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


def _why_no_text(problems: list[str | None]) -> str:
    """The one line that says why no page gave text, the likeliest cause first."""
    known = {p for p in problems if p}
    for problem in (_NO_TEXT, _CID_ONLY, _ROTATED_ONLY):
        if problem in known:
            return problem
    if known:  # every page failed to parse
        return f"damaged PDF (no page could be read: {sorted(known)[0]})"
    return "no text on any page (blank pages)"


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
        or re.search(r"\d{6,}", title)  # a file code such as 江门日报20220730A10
        or len(re.findall(r"[\u4e00-\u9fff]", title)) < 2
    ):
        return None
    return title
