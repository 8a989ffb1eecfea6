"""Split a newspaper page into articles and mark the lines that are not article prose.

Pages converted from print carry their layout as text: headlines (markdown ``#`` or short
lines without end punctuation), bylines, photo captions dropped between the two halves of a
sentence, page-jump markers and the page title repeated where a column breaks. Each line is
classified first (:func:`classify_lines`), then headline runs decide where an article
starts (:func:`split_articles`). Every offset refers to the body text, unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from explorer.core.articles import Article, Block, BlockKind
from explorer.pipeline.reading import reading_query, reading_spans

MAX_HEADING_CHARS = 40
MAX_CAPTION_CHARS = 60
_SENTENCE_END = "。！？!?…；;：:"
_CLOSERS = "”’\"'）)】」』"
_NO_HEADING_CHARS = "，,；;。"
# A headline may end with a closing quote or bracket, never with sentence or clause punctuation.
_NO_HEADING_END = "。！？!?；;：:，,、….)）"
_MD_HEADING = re.compile(r"^(#{1,6})\s+\S")
_NUMBERED = re.compile(r"^(\d{1,2}|[一二三四五六七八九十]{1,3})(\s+|[、.．])\S")
_JUMP = re.compile(
    r"^[(（]?\s*(上接|下转|接上|转第|接第|续第)\s*[A-Za-z]?\s*\d*\s*(版|页)?\s*[)）]?$"
)
_BYLINE = re.compile(
    r"^(文\s*[/／]\s*图|文图|文|图|摄影)\s*[/／:：\s]"  # 文/陈卓栋, 文/图 冯瑞君, 文图 …
    r"|^\S{0,10}(记者|通讯员)\s*[/／:：]?\s*[\u4e00-\u9fff·]{2,4}([\s、]+\S{2,8})*$"
    r"|^[(（][\u4e00-\u9fff·]{2,4}([\s、][\u4e00-\u9fff·]{2,4})*[)）]$"  # (钟珍玲)
    r"|^[(（]完[)）]$"  # (完): the end of a story
)
_PHOTO_CREDIT = re.compile(r"(\s[\u4e00-\u9fff·]{2,4}\s*摄(影)?|供图|图片来源\S*)$")
_LEAD = re.compile(r"^\S{0,16}讯\s*[(（]|^(本报讯|新华社)|^\S{0,12}电\s*[(（]记者")
# Headlines almost never open with a connective; a short line that does is a sentence
# fragment cut by the page layout ("而在一路之隔的园区一期生活配").
_CONNECTIVES = (
    "而",
    "因此",
    "所以",
    "但",
    "并且",
    "同时",
    "此外",
    "另外",
    "据",
    "其中",
    "由于",
    "在",
    "对",
)


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    gap_before: int  # blank lines before; layout puts 2+ around floating captions
    gap_after: int
    kind: BlockKind
    md_level: int = 0


def split_articles(
    body: str, page_title: str | None = None, headlines: Collection[int] = ()
) -> tuple[Article, ...]:
    """Split ``body`` into articles with titles where the page shows them.

    Parameters
    ----------
    body
        The document text after front matter.
    page_title
        The document's own title (front matter), used for the first article when the page
        opens without a headline, and to recognise the page title repeated mid-page.
    headlines
        Where lines known to be article headlines start (a PDF reader sees their type
        size): each starts an article, where text alone could not tell a headline from a
        section title.

    Lines are classified in the page's reading form (:mod:`explorer.pipeline.reading`), so
    that a traditional article's 記者, 本報訊 and 攝 are the byline, lead and photo credit
    the patterns know. Which articles are traditional is only known once the page is split:
    a page with any such article is split again on the reading form of the first split's
    articles. Titles are always the page's own characters.
    """
    articles = _split(body, body, page_title, page_title, headlines)
    reading = reading_spans(body, ((a.start, a.end) for a in articles))
    if reading is body or reading == body:
        return articles  # simplified throughout: the first split is the split
    read_title = reading_query(page_title) if page_title else page_title
    return _split(body, reading, page_title, read_title, headlines)


def _split(
    body: str,
    reading: str,
    page_title: str | None,
    read_title: str | None,
    headlines: Collection[int],
) -> tuple[Article, ...]:
    """Articles of ``body`` classified on ``reading`` (same length, the page title in the
    same form: ``read_title``), titled in the characters of ``body``."""
    lines = classify_lines(reading, read_title)
    if not lines:
        return ()
    for line in lines:
        if line.start in headlines:
            line.kind = BlockKind.HEADING
    groups = _group_articles(lines, any(line.md_level for line in lines), headlines)
    articles = []
    for seq, group in enumerate(groups):
        blocks = tuple(Block(line.start, line.end, line.kind) for line in group)
        title = _title_of(group, body, page_title if seq == 0 else None)
        articles.append(Article(seq, title, group[0].start, group[-1].end, blocks))
    return tuple(articles)


def classify_lines(body: str, page_title: str | None = None) -> list[_Line]:
    """Return the non-blank lines of ``body`` with their layout kind."""
    lines = _read_lines(body)
    uses_markdown = any(line.md_level for line in lines)
    for line in lines:
        line.kind = _kind_of(line, uses_markdown)
    _mark_running_heads(lines, page_title)
    _mark_floating_captions(lines, _usual_gap(lines))
    return lines


def _read_lines(body: str) -> list[_Line]:
    lines: list[_Line] = []
    blanks = 0
    pos = 0
    for raw in body.splitlines(keepends=True):
        content = raw.rstrip("\r\n")
        stripped = content.strip()
        if not stripped:
            blanks += 1
        else:
            if lines:
                lines[-1].gap_after = blanks
            lead = len(content) - len(content.lstrip())
            start = pos + lead
            end = start + len(stripped)
            heading = _MD_HEADING.match(stripped)
            level = len(heading.group(1)) if heading else 0
            lines.append(_Line(start, end, stripped, blanks, 99, BlockKind.TEXT, level))
            blanks = 0
        pos += len(raw)
    return lines


def _kind_of(line: _Line, uses_markdown: bool) -> BlockKind:
    text = line.text
    if line.md_level:
        return BlockKind.HEADING
    if len(text) <= MAX_HEADING_CHARS and _JUMP.match(text):
        return BlockKind.JUMP
    if len(text) <= MAX_HEADING_CHARS and _BYLINE.match(text) and not _ends_sentence(text):
        return BlockKind.BYLINE
    if len(text) <= MAX_CAPTION_CHARS and _PHOTO_CREDIT.search(text):
        return BlockKind.CAPTION
    if not uses_markdown and _looks_like_heading(text):
        return BlockKind.HEADING
    return BlockKind.TEXT


def _looks_like_heading(text: str) -> bool:
    return (
        len(text) <= MAX_HEADING_CHARS
        and _has_words(text)  # "---", "***": a rule, not a headline
        and text[-1] not in _NO_HEADING_END
        and not any(ch in text for ch in _NO_HEADING_CHARS)
        and not text.startswith(_CONNECTIVES)
    )


def _has_words(text: str) -> bool:
    """Does ``text`` hold a letter or a digit (not only rules, dots and stars)?"""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def _ends_sentence(text: str) -> bool:
    """Does ``text`` end a sentence? ``…再研发”`` does not, ``…平台。”`` does."""
    return text.rstrip().rstrip(_CLOSERS)[-1:] in _SENTENCE_END


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def _mark_running_heads(lines: list[_Line], page_title: str | None) -> None:
    """Mark the page title repeated mid-page (1–4 short lines) as a running head."""
    wanted = _normalise(page_title or "")
    if len(wanted) < 4:
        return
    for i in range(1, len(lines)):
        joined = ""
        for j in range(i, min(i + 4, len(lines))):
            if len(lines[j].text) > MAX_HEADING_CHARS:
                break
            joined += _normalise(lines[j].text)
            if joined == wanted:
                for line in lines[i : j + 1]:
                    line.kind = BlockKind.RUNNING_HEAD
                break
            if not wanted.startswith(joined):
                break


def _usual_gap(lines: list[_Line]) -> int:
    """How many blank lines separate paragraphs on this page (1 in print, 2 in some scrapes)."""
    gaps = Counter(line.gap_before for line in lines[1:] if line.kind is BlockKind.TEXT)
    return gaps.most_common(1)[0][0] if gaps else 1


def _mark_floating_captions(lines: list[_Line], usual: int) -> None:
    """Find captions by position: prose paragraphs sit the page's usual gap apart, while a
    caption floats with a wider gap, often between the two halves of a cut sentence."""
    wide = max(2, usual + 1)
    for i, line in enumerate(lines):
        if line.kind not in (BlockKind.TEXT, BlockKind.HEADING):
            continue
        if line.gap_before < wide or len(line.text) > MAX_CAPTION_CHARS:
            continue
        previous = lines[i - 1] if i else None
        following = lines[i + 1] if i + 1 < len(lines) else None
        cuts_sentence = (
            previous is not None
            and previous.kind is BlockKind.TEXT
            and not _ends_sentence(previous.text)
        )
        alone = (
            line.gap_before >= wide + 1
            or line.gap_after >= wide
            or following is None
            or following.kind is BlockKind.HEADING
        )
        if cuts_sentence or (alone and line.text[-1] in "。！？!?"):
            line.kind = BlockKind.CAPTION


def _group_articles(
    lines: list[_Line], uses_markdown: bool, headlines: Collection[int] = ()
) -> list[list[_Line]]:
    top_level = min((line.md_level for line in lines if line.md_level), default=0)
    groups: list[list[_Line]] = []
    current: list[_Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.kind is BlockKind.HEADING:
            run_end = _heading_run_end(lines, i)
            run = [x for x in lines[i:run_end] if x.kind is BlockKind.HEADING]
            known = any(x.start in headlines for x in run)
            if not current or _starts_article(
                run, lines, run_end, current, top_level, uses_markdown, known
            ):
                if current:
                    groups.append(current)
                current = []
            current.extend(lines[i:run_end])
            i = run_end
            continue
        continued = line.kind is BlockKind.JUMP and line.text.lstrip("(（").startswith(
            ("上接", "接上")
        )
        if continued and current and _has_text(current):
            groups.append(current)
            current = []
        current.append(line)
        i += 1
    if current:
        groups.append(current)
    return groups


def _heading_run_end(lines: list[_Line], i: int) -> int:
    """Headlines come in runs: kicker, headline, subtitle, with bylines/captions between."""
    j = i
    while j < len(lines) and lines[j].kind in (
        BlockKind.HEADING,
        BlockKind.BYLINE,
        BlockKind.CAPTION,
    ):
        j += 1
    return j


def _starts_article(
    run: list[_Line],
    lines: list[_Line],
    run_end: int,
    current: list[_Line],
    top_level: int,
    uses_markdown: bool,
    known_headline: bool = False,
) -> bool:
    if not _has_text(current):
        return False  # still the page's opening headlines
    if known_headline or _closed(current):
        return True
    if _opens_with_lead(lines, run_end):
        return True
    if uses_markdown:
        return any(line.md_level == top_level for line in run)
    # Plain pages: a kicker + headline pair starts a story; a lone line is a section
    # title, and numbered section titles never start one.
    return len(run) >= 2 and not _NUMBERED.match(run[0].text)


def _opens_with_lead(lines: list[_Line], start: int) -> bool:
    """Is there a dateline lead (江门日报讯(记者/…)) among the first lines after a headline?"""
    for line in lines[start : start + 6]:
        if line.kind is BlockKind.HEADING:
            return False
        if _LEAD.match(line.text):
            return True
    return False


def _has_text(group: list[_Line]) -> bool:
    return any(line.kind is BlockKind.TEXT for line in group)


def _closed(group: list[_Line]) -> bool:
    """An article that ended on an end byline or a 下转 marker is finished."""
    for line in reversed(group):
        if line.kind is BlockKind.CAPTION:
            continue
        if line.kind is BlockKind.JUMP:
            return True
        if line.kind is BlockKind.BYLINE:
            # A byline directly under the headline opens the story instead of ending it.
            index = group.index(line)
            return any(x.kind is BlockKind.TEXT for x in group[:index])
        return False
    return False


def _title_of(group: list[_Line], body: str, page_title: str | None) -> str:
    """The article's title, in the characters of ``body`` (lines may be read simplified)."""

    def text(line: _Line) -> str:
        return body[line.start : line.end]

    opening = []
    for line in group:
        if line.kind is BlockKind.HEADING:
            opening.append(line)
        elif line.kind not in (BlockKind.BYLINE, BlockKind.CAPTION, BlockKind.JUMP):
            break
    if opening and not _NUMBERED.match(opening[0].text):
        # Markdown: the highest level is the headline; plain: the last line of the run
        # (kicker first, headline last).
        best = min(opening, key=lambda x: (x.md_level or 99, -opening.index(x)))
        return _strip_markup(text(best))
    if page_title:
        return page_title
    sections = [line for line in group if line.kind is BlockKind.HEADING]
    if sections:
        return _strip_markup(text(sections[0]))
    # No headline anywhere: the opening words, so lists and search results show something.
    prose = next(
        (text(line) for line in group if line.kind is BlockKind.TEXT and _has_words(line.text)),
        "",
    )
    return prose[:30] + ("…" if len(prose) > 30 else "")


def _strip_markup(text: str) -> str:
    text = re.sub(r"^#{1,6}\s+", "", text)
    return re.sub(r"\*\*|__", "", text).strip()
