"""Value types for what the importer reads: documents, their articles and layout blocks.

Offsets are character offsets into a document's *body* (its text after the front
matter), the coordinate system of the spec's ``span``. A document keeps the full decoded
file text and where the body starts in it, so file offsets are ``body_offset + start``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block of a newspaper page is, as far as later stages care."""

    HEADING = "heading"  # headline, kicker or section title
    BYLINE = "byline"  # 文/图 …, 江门日报记者 …, (钟珍玲)
    CAPTION = "caption"  # photo caption, may sit in the middle of a sentence: skip it
    JUMP = "jump"  # page-break marker: 上接 A09 版, 下转第3版
    RUNNING_HEAD = "running_head"  # the page title repeated where a column breaks
    TEXT = "text"  # article prose


@dataclass(frozen=True, slots=True)
class Block:
    """A run of non-blank lines, ``[start, end)`` in the document body."""

    start: int
    end: int
    kind: BlockKind


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a document: ``[start, end)`` in the body, with its layout blocks."""

    seq: int
    title: str
    start: int
    end: int
    blocks: tuple[Block, ...]
    # The newspaper page it was printed on ("A10", or the PDF page number), when known.
    page: str | None = None

    def text(self, body: str) -> str:
        """Return the article's exact slice of ``body``."""
        return body[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded input: one file, or one record of a JSONL/CSV corpus.

    Attributes
    ----------
    doc_id
        The spec's document id: the file name without extension, or the record's ``id``.
    raw_text
        The decoded text exactly as read (no newline translation, BOM removed).
    body_offset
        Where the body starts in ``raw_text``; the body is ``raw_text[body_offset:]``.
    pub_date, pub_precision
        Publication date from front matter or the record, ``None`` when unknown.
    format
        What the text was read from: ``text``, ``jsonl``, ``csv``, ``html``, ``mhtml``,
        ``pdf``, ``docx`` or ``pasted``. ``raw_text`` of a web page, PDF or Word file is the
        text read out of it (the article's characters as they are), not the file's bytes.
    warnings
        Problems that did not stop the import (a bad front-matter date, say).
    """

    doc_id: str
    source_path: str
    encoding: str
    raw_text: str
    body_offset: int
    title: str | None
    pub_date: date | None
    pub_precision: str | None
    source: str | None
    url: str | None
    content_hash: str
    articles: tuple[Article, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    format: str = "text"

    @property
    def body(self) -> str:
        """The text after the front matter; spans and article offsets refer to it."""
        return self.raw_text[self.body_offset :]
