"""Sentences with exact offsets, read through the layout of a page.

Prose blocks are joined across what the page put in between (a photo caption, a column or
page break, the running head), so a sentence cut by the layout comes back whole; its span
then covers the interruption, and the excerpt at that span is exactly the page's text.
Headlines are sentences of their own, flagged, because they state events without dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.core.articles import Article, BlockKind

# 。！？ and ASCII !? always end a sentence; ';' too (lists of measures read as one fact
# each); an ASCII '.' only when it is not a decimal point (4.2万).
_END = re.compile(r"[。！？!?；;：:]+[”’」』\"')）]*|(?<!\d)\.|\.(?!\d)")
_CLOSERS = "”’」』\"')）"
# Real sentences are short; a "sentence" of thousands of characters (a page without
# punctuation, a dump) is cut at commas, else hard, so analysis stays linear.
MAX_SENTENCE = 600
_COMMA = re.compile(r"[，,、]")
_SKIPPED = (BlockKind.CAPTION, BlockKind.BYLINE, BlockKind.JUMP, BlockKind.RUNNING_HEAD)


def mask_layout(body: str, articles: tuple[Article, ...]) -> str:
    """``body`` with captions, bylines, jumps and running heads blanked out.

    Same length as ``body``, so offsets found in it are offsets in ``body``: analysis reads
    the masked text, excerpts are cut from the real one.
    """
    chars = list(body)
    for article in articles:
        for block in article.blocks:
            if block.kind in _SKIPPED:
                chars[block.start : block.end] = " " * (block.end - block.start)
    return "".join(chars)


@dataclass(frozen=True, slots=True)
class Sentence:
    """``[start, end)`` in the document body; ``paragraph`` counts prose paragraphs."""

    start: int
    end: int
    text: str
    paragraph: int
    heading: bool = False


def article_sentences(body: str, article: Article) -> list[Sentence]:
    """The sentences of one article, in order, with headlines flagged.

    Pass the :func:`mask_layout` text as ``body`` so that a caption inside a cut sentence
    is blank in ``Sentence.text``.
    """
    sentences: list[Sentence] = []
    paragraph = 0
    run_start: int | None = None
    run_end = 0
    for block in article.blocks:
        if block.kind in _SKIPPED:
            continue
        if block.kind is BlockKind.HEADING:
            if run_start is not None:
                sentences += _split(body, run_start, run_end, paragraph)
                run_start = None
                paragraph += 1
            sentences += _headings(body, block.start, block.end, paragraph)
            paragraph += 1
            continue
        if run_start is None:
            run_start = block.start
        run_end = block.end
        if _ends_sentence(body[block.start : block.end]):
            sentences += _split(body, run_start, run_end, paragraph)
            run_start = None
            paragraph += 1
    if run_start is not None:
        sentences += _split(body, run_start, run_end, paragraph)
    return sentences


def _headings(body: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    """A headline is one sentence; a "headline" longer than any sentence (a page of text
    the layout took for one) is cut like a sentence, so its analysis stays linear too."""
    pieces = [(start, end)] if end - start <= MAX_SENTENCE else _bounded(body, [(start, end)])
    headings = []
    for s, e in pieces:
        text = body[s:e].lstrip("#").strip()
        if text or len(pieces) == 1:
            headings.append(Sentence(s, e, text, paragraph, heading=True))
    return headings


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(_CLOSERS)[-1:] in "。！？!?；;…:："


def _bounded(body: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    bounded = []
    for start, end in pieces:
        while end - start > MAX_SENTENCE:
            cut = start + MAX_SENTENCE
            commas = [m.end() for m in _COMMA.finditer(body, start + MAX_SENTENCE // 2, cut)]
            cut = commas[-1] if commas else cut
            bounded.append((start, cut))
            start = cut
        bounded.append((start, end))
    return bounded


def _split(body: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    pieces = []
    cursor = start
    for match in _END.finditer(body, start, end):
        pieces.append((cursor, match.end()))
        cursor = match.end()
    if cursor < end:
        pieces.append((cursor, end))
    sentences = []
    for s, e in _bounded(body, pieces):
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if e > s:
            sentences.append(Sentence(s, e, body[s:e], paragraph))
    return sentences
