"""Read Word documents (.docx) with python-docx (MIT).

Paragraphs and the cells of tables come out in document order, one paragraph of the text
per Word paragraph, laid out like the corpus's text pages: the title on the first line, a
blank line, then the paragraphs with a blank line between. The title is the first heading
(a "Title"/"Heading N"/"标题 N" style, or a paragraph with an outline level), else the first
short paragraph. A date standing alone near the top or at the end (the 落款) is the
publication date, a "来源：…" line the source; both are metadata and left out of the text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.pipeline.documents import Meta, document_from_text, read_bytes
from explorer.pipeline.frontmatter import parse_date

# Word files carry their images; a news article with photos stays far below this.
MAX_DOCX_BYTES = 64 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_HEADING_STYLE = re.compile(r"^(title|heading\s*\d|标题\s*\d*)$", re.IGNORECASE)
_MAX_TITLE_CHARS = 40
_NO_TITLE_END = "。！？!?；;，,：:"
# How far from either end of the document a standalone date counts as the document's own.
_DATE_REACH = 4
_CN_NUMERALS = dict(zip("〇零○一二三四五六七八九", "000123456789", strict=True))
_CN_DATE = re.compile(
    r"^([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$"
)
_SOURCE_LINE = re.compile(r"^[\[【(（]?\s*(?:来源|稿源)\s*[：:]\s*([^\s　|｜/】\])）]+)")
_DATED_LINE = re.compile(r"^(?:发布时间|发布日期|日期|时间)\s*[：:]\s*(.+)$")


def read_docx(path: Path) -> Iterator[Document]:
    """Yield the document of the Word file at ``path``."""
    name = str(path)
    data = read_bytes(path, MAX_DOCX_BYTES)
    word = _open(data, name)
    headed = list(_paragraphs(word))
    paragraphs = [text for text, _ in headed]
    if not paragraphs:
        raise InputError(name, "the Word document has no text in it (empty, or only images)")
    title_index = _title_index(headed)
    pub_date, date_index = _publication_date(paragraphs)
    source_index, source = _source(paragraphs)
    dropped = {i for i in (title_index, date_index, source_index) if i is not None}
    body = [text for i, text in enumerate(paragraphs) if i not in dropped]
    title = paragraphs[title_index] if title_index is not None else None
    if not body and title:
        body, title = [title], None  # a one-line document: that line is its text
    meta = Meta(title=title, pub_date=pub_date, pub_precision="day", source=source)
    text = "\n\n".join([title, *body]) if title else "\n\n".join(body)
    yield document_from_text(path, text, meta, "docx", doc_id=path.stem)


def _open(data: bytes, name: str) -> WordDocument:
    if data.startswith(_OLE_MAGIC):
        raise InputError(name, _ole_problem(data))
    _check_package(data, name)
    try:
        return docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise InputError(name, "damaged Word document (not a Word package)") from None
    except KeyError as error:
        part = str(error).strip("\"'")
        raise InputError(name, f"damaged Word document (missing part: {part})") from None
    except Exception as error:  # python-docx fails in many ways on a broken package
        raise InputError(name, f"damaged Word document ({type(error).__name__}: {error})") from None


def _check_package(data: bytes, name: str) -> None:
    """A .docx is a ZIP holding word/document.xml; say which of the two is broken."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise InputError(name, "damaged Word document (not a valid .docx ZIP package)") from None
    if not any(n.endswith("document.xml") for n in names):
        raise InputError(name, "damaged Word document (word/document.xml is missing)")


def _ole_problem(data: bytes) -> str:
    """A .docx that is an OLE compound file: Word's encrypted container, or an old .doc."""
    if "WordDocument".encode("utf-16-le") in data and (
        "EncryptedPackage".encode("utf-16-le") not in data
    ):
        return (
            "an old Word 97-2003 document (.doc) named .docx: save it as .docx in Word/WPS "
            "and import it again"
        )
    return (
        "password-protected (encrypted) Word document: remove the password in Word/WPS "
        "and import it again"
    )


def _paragraphs(word: WordDocument) -> Iterator[tuple[str, bool]]:
    """``(text, is_heading)`` of every non-empty paragraph, table cells included, in order."""
    for item in word.iter_inner_content():
        yield from _items(item)


def _items(item: Paragraph | Table) -> Iterator[tuple[str, bool]]:
    if isinstance(item, Paragraph):
        text = item.text.strip()
        if text:
            yield text, _is_heading(item)
        return
    seen: set[int] = set()
    for row in item.rows:
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans: read it once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            yield from _cell_items(cell)


def _cell_items(cell: _Cell) -> Iterator[tuple[str, bool]]:
    for inner in cell.iter_inner_content():
        for text, _ in _items(inner):
            yield text, False  # a heading style inside a table is table formatting


def _is_heading(paragraph: Paragraph) -> bool:
    style = paragraph.style
    names = (style.name or "", getattr(style, "style_id", "") or "") if style is not None else ()
    if any(_HEADING_STYLE.match(n.strip()) for n in names):
        return True
    # Documents from WPS or converters mark headings by outline level, not style name.
    levels = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if not levels and style is not None:
        levels = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
    return any(level.isdigit() and int(level) < 9 for level in levels)


def _title_index(paragraphs: list[tuple[str, bool]]) -> int | None:
    for i, (text, heading) in enumerate(paragraphs):
        if heading and len(text) <= 2 * _MAX_TITLE_CHARS:
            return i
    for i, (text, _) in enumerate(paragraphs[:_DATE_REACH]):
        metadata = _as_date(text) or _SOURCE_LINE.match(text)
        if len(text) <= _MAX_TITLE_CHARS and text[-1] not in _NO_TITLE_END and not metadata:
            return i
    return None


def _publication_date(paragraphs: list[str]) -> tuple[date | None, int | None]:
    """A date standing alone in one of the first or last paragraphs, and where it is."""
    count = len(paragraphs)
    near_end = range(count - 1, max(count - 1 - _DATE_REACH, -1), -1)
    for i in [*near_end, *range(min(_DATE_REACH, count))]:
        day = _as_date(paragraphs[i])
        if day:
            return day, i
    return None, None


def _as_date(text: str) -> date | None:
    """``2022年7月30日``, ``2022-07-30``, ``二〇二二年七月三十日``, ``发布时间：2022-07-30``."""
    value = re.sub(r"\s+", "", text)
    labelled = _DATED_LINE.match(value)
    if labelled:
        value = labelled.group(1)
    value = _arabic_date(value)
    parsed = parse_date(value)
    if parsed is None or parsed[1] != "day":
        return None
    return parsed[0] if date(1990, 1, 1) <= parsed[0] <= date.today() else None


def _arabic_date(value: str) -> str:
    match = _CN_DATE.match(value)
    if not match:
        return value
    year = "".join(_CN_NUMERALS[ch] for ch in match.group(1))
    return f"{year}年{_cn_number(match.group(2))}月{_cn_number(match.group(3))}日"


def _cn_number(text: str) -> int:
    """一 … 三十一 (months and days)."""
    if "十" not in text:
        return int(_CN_NUMERALS[text])
    tens, _, ones = text.partition("十")
    return int(_CN_NUMERALS[tens] if tens else 1) * 10 + (int(_CN_NUMERALS[ones]) if ones else 0)


def _source(paragraphs: list[str]) -> tuple[int | None, str | None]:
    for i, text in enumerate(paragraphs):
        match = _SOURCE_LINE.match(text)
        if match and len(text) <= 60:
            return i, match.group(1).rstrip("，,。；;：:")
    return None, None
