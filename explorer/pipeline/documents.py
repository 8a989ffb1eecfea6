"""Build :class:`~explorer.core.articles.Document` values from text every reader shares.

A reader (plain text, web page, PDF, Word) knows how to get text, a title and a date out of
its format; what a document is made of from there — the articles of a page, their page
labels, the content hash that de-duplicates imports — is decided here, once, so that every
format goes through the same rules.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from explorer.core.articles import Article, Block, Document
from explorer.core.errors import InputError
from explorer.pipeline.frontmatter import parse_date
from explorer.pipeline.layout import split_articles

# Between two pages of one document: a blank line more than between articles, so that the
# layout never reads the end of one page and the top of the next as one paragraph.
PAGE_BREAK = "\n\n\n"


@dataclass(frozen=True, slots=True)
class Page:
    """The text of one printed page (one PDF page, say) and its label ("A10", "3").

    ``headlines``: where lines the page sets as article headlines start in ``text`` (a PDF
    knows type sizes; text does not), so that each starts an article.
    """

    label: str | None
    text: str
    headlines: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Meta:
    """What a reader found about a document besides its text (each may be unknown)."""

    title: str | None = None
    pub_date: date | None = None
    pub_precision: str | None = None
    source: str | None = None
    url: str | None = None


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, or an :class:`InputError` naming the file and the problem."""
    try:
        check_size(path, limit)
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "file disappeared before it could be read") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from None


def check_size(path: Path, limit: int) -> None:
    """Refuse oversized files before reading them (raises FileNotFoundError if gone)."""
    size = path.stat().st_size
    if size > limit:
        raise InputError(
            str(path),
            f"file too large: {size / 2**20:.1f} MB (the limit is {limit / 2**20:.0f} MB)",
        )


def document_warnings(doc: Document) -> list[str]:
    """The document's warnings, each naming its file (a record's already names its line)."""
    name = doc.source_path
    return [w if w.startswith(name) else f"{name}: {w}" for w in doc.warnings]


def content_hash(text: str) -> str:
    """What de-duplicates imports: the same text (and metadata, for records) is stored once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_from_text(
    path: Path | str,
    text: str,
    meta: Meta,
    fmt: str,
    *,
    doc_id: str | None = None,
    encoding: str = "utf-8",
    warnings: Sequence[str] = (),
    one_article: bool = False,
) -> Document:
    """A document of one text (a web page's article, a Word file, a pasted article).

    ``one_article``: the text is one story whatever its lines look like (a web page's
    article as the extraction library found it, a pasted article): a subheading or a
    dateline-like line does not start another one, and the story is titled ``meta.title``.
    Lines are still classified (bylines and captions stay out of extraction).

    Raises :class:`InputError` when there is no text to speak of.
    """
    doc = document_from_pages(
        path,
        [Page(None, text)],
        meta,
        fmt,
        doc_id=doc_id,
        encoding=encoding,
        warnings=warnings,
    )
    if not one_article or not doc.articles:
        return doc
    first, last = doc.articles[0], doc.articles[-1]
    story = replace(
        first,
        title=meta.title or first.title,
        end=last.end,
        blocks=tuple(block for article in doc.articles for block in article.blocks),
    )
    return replace(doc, articles=(story,))


def document_from_pages(
    path: Path | str,
    pages: Sequence[Page],
    meta: Meta,
    fmt: str,
    *,
    doc_id: str | None = None,
    encoding: str = "utf-8",
    warnings: Sequence[str] = (),
) -> Document:
    """A document of printed pages: each page is split into its articles on its own, and
    every article keeps its page's label. ``raw_text`` is the pages' text joined.

    Raises :class:`InputError` when no page has any text.
    """
    name = str(path)
    parts: list[str] = []
    articles: list[Article] = []
    offset = 0
    for page in pages:
        lead = len(page.text) - len(page.text.lstrip("\n"))
        text = page.text.strip("\n")
        if not text.strip():
            continue
        if parts:
            parts.append(PAGE_BREAK)
            offset += len(PAGE_BREAK)
        title = meta.title if not articles else None
        headlines = frozenset(start - lead for start in page.headlines)
        for article in split_articles(text, title, headlines):
            articles.append(_shifted(article, offset, len(articles), page.label))
        parts.append(text)
        offset += len(text)
    if not parts:
        raise InputError(name, "no article text in it")
    raw = "".join(parts)
    title = meta.title or (articles[0].title if articles else None) or Path(name).stem
    return Document(
        doc_id=doc_id or Path(name).stem,
        source_path=name,
        encoding=encoding,
        raw_text=raw,
        body_offset=0,
        title=title,
        pub_date=meta.pub_date,
        pub_precision=meta.pub_precision if meta.pub_date else None,
        source=meta.source,
        url=meta.url,
        content_hash=content_hash(raw),
        articles=tuple(articles),
        warnings=tuple(warnings),
        format=fmt,
    )


def _shifted(article: Article, offset: int, seq: int, page: str | None) -> Article:
    blocks = tuple(Block(b.start + offset, b.end + offset, b.kind) for b in article.blocks)
    return replace(
        article,
        seq=seq,
        start=article.start + offset,
        end=article.end + offset,
        blocks=blocks,
        page=page,
    )


def pasted_document(
    text: str,
    title: str = "",
    when: str = "",
    source: str = "",
    url: str = "",
) -> Document:
    """An article pasted into the window (a WeChat article copied from the phone, say).

    The headline leads the text, as on a printed page, so headline events are found the
    same way; the id is derived from the content, so pasting it twice is a duplicate.
    Raises :class:`InputError` for an empty text or a date that is not one.
    """
    title, text = title.strip(), text.strip()
    if not text:
        raise InputError("pasted article", "no article text")
    parsed = parse_date(when) if when.strip() else None
    if when.strip() and parsed is None:
        raise InputError("pasted article", f"{when.strip()!r} is not a date (2022-07-30)")
    body = text if not title or text.startswith(title) else f"{title}\n\n{text}"
    digest = content_hash(body)[:12]
    meta = Meta(
        title or None,
        parsed[0] if parsed else None,
        parsed[1] if parsed else None,
        source.strip() or None,
        url.strip() or None,
    )
    name = f"pasted:{title or digest}"
    return document_from_text(
        name, body, meta, "pasted", doc_id=f"pasted-{digest}", one_article=True
    )
