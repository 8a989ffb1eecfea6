"""The text of a printed page from its characters' positions: reading order and paragraphs.

Plain geometry, no PDF library: :mod:`explorer.pipeline.readers.pdf` hands in each
character with its box and font size. Three steps:

1. characters on one baseline form *fragments*, broken where a gap is wide enough to be a
   column gutter (Chinese has no spaces, so nothing is inserted between CJK characters);
2. a recursive XY-cut orders the fragments: split at full-width horizontal gaps wider than
   the page's line spacing (a headline across two columns comes off first), then at
   vertical gutters, so that each column is read top to bottom before the next;
3. lines are rejoined into paragraphs: a line that runs to its column's right edge goes on
   in the next line (``8月`` / ``8日`` becomes ``8月8日``) unless that line is indented or
   set in another size; headlines (clearly larger type) stand alone between blank lines.

Coordinates are points from the top left of the page (its MediaBox), ``top`` < ``bottom``.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

# Type sizes are compared with the page's body size (the size most characters are set in).
HEADLINE_RATIO = 1.2  # a line this much larger than the body is a headline
# Type this much larger than the body is an article's headline, never a section title
# (小标题 are set at most a size or two above the body): it starts an article for sure.
ARTICLE_HEADLINE_RATIO = 1.5
CAPTION_RATIO = 0.9  # a line this much smaller is a caption, byline or credit
SAME_SIZE_RATIO = 0.05  # sizes within 5 % are one size (a 9 pt caption is not 10 pt text)
# Gaps in multiples of the body size.
GUTTER_EM = 0.75  # a gap this wide on one baseline separates columns (or masthead items)
LATIN_SPACE_EM = 0.2  # between two Latin letters/digits a gap this wide was a space
FULL_SLACK_EM = 1.0  # a line ending less than this short of the column's edge is full
# … and one ending mid-sentence less than this short: unjustified text leaves a character's
# room or two where the next would have started a line with a comma (禁则), and a sentence
# cut by a wrong paragraph break loses its date; a break at a sentence end costs nothing.
RAGGED_SLACK_EM = 2.0
INDENT_EM = 0.8  # a line starting this far in from the column's edge opens a paragraph
MIN_CUT_EM = 0.6  # a horizontal cut is at least this high …
CUT_OVER_LEADING_EM = 0.4  # … and this much higher than the page's usual line gap
MAX_CUT_DEPTH = 60  # XY-cut recursion bound (real pages need < 10 levels)


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character as the page places it."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(slots=True)
class Fragment:
    """Characters on one baseline without a gutter between them."""

    glyphs: list[Glyph]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(frozen=True, slots=True)
class _Frame:
    """A column's left and right edges, for telling full and indented lines."""

    left: float
    right: float
    # Do several lines end at ``right``? A frame drawn around a lone headline is no column
    # to tell a full line by.
    ruled: bool = True


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    frame: _Frame


_Block = tuple[list[Fragment], _Frame]


def main_size(glyphs: Sequence[Glyph]) -> float:
    """The size most visible characters are set in (rounded to half a point)."""
    sizes = Counter(round(g.size * 2) / 2 for g in glyphs if not g.text.isspace())
    return sizes.most_common(1)[0][0] if sizes else 10.0


def fragments(glyphs: list[Glyph], body: float) -> list[Fragment]:
    """Group characters by baseline, then split each baseline at gutter-wide gaps."""
    found: list[Fragment] = []
    for row in _baselines(glyphs):
        row.sort(key=lambda g: g.x0)
        current: list[Glyph] = []
        right = -1e9  # right edge of the last visible character
        for glyph in row:
            visible = not glyph.text.isspace()
            if visible and current and glyph.x0 - right > GUTTER_EM * max(body, glyph.size):
                found.extend(_fragment(current))
                current = []
            if visible and current and _doubled(current[-1], glyph):
                continue  # fake bold: the same character printed twice, a hair apart
            current.append(glyph)
            if visible:
                right = glyph.x1
        found.extend(_fragment(current))
    return found


def _baselines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Rows of characters sharing a baseline (bottoms within a third of their size)."""
    rows: list[list[Glyph]] = []
    last_bottom = -1e9
    for glyph in sorted(glyphs, key=lambda g: (g.bottom, g.x0)):
        if rows and glyph.bottom - last_bottom <= 0.3 * glyph.size:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
        last_bottom = glyph.bottom
    return rows


def _doubled(previous: Glyph, glyph: Glyph) -> bool:
    return previous.text == glyph.text and abs(glyph.x0 - previous.x0) < 0.3 * glyph.size


def _fragment(glyphs: list[Glyph]) -> list[Fragment]:
    """The fragment of ``glyphs`` (none if blank); spaces at either end are layout (an
    indent made of U+3000), not text."""
    start, end = 0, len(glyphs)
    while start < end and glyphs[start].text.isspace():
        start += 1
    while end > start and glyphs[end - 1].text.isspace():
        end -= 1
    kept = glyphs[start:end]
    if not kept:
        return []
    box = (min(g.x0 for g in kept), max(g.x1 for g in kept))
    return [
        Fragment(kept, *box, min(g.top for g in kept), max(g.bottom for g in kept), main_size(kept))
    ]


def rows(items: list[Fragment]) -> list[list[Fragment]]:
    """Fragments on one baseline, top to bottom (each row in no particular order)."""
    found: list[list[Fragment]] = []
    for fragment in sorted(items, key=lambda f: (f.bottom, f.x0)):
        if found and abs(fragment.bottom - found[-1][-1].bottom) <= 0.3 * fragment.size:
            found[-1].append(fragment)
        else:
            found.append([fragment])
    return found


def fragment_text(glyphs: Sequence[Glyph]) -> str:
    """The characters of one fragment; a space only where Latin words had a gap between
    them, never between Chinese characters."""
    parts: list[str] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        if (
            previous is not None
            and _latin(previous.text[-1:])
            and _latin(glyph.text[:1])
            and glyph.x0 - previous.x1 > LATIN_SPACE_EM * glyph.size
        ):
            parts.append(" ")
        parts.append(glyph.text)
        previous = glyph
    return re.sub(r"[ \t]{2,}", " ", "".join(parts))


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True, slots=True)
class PageText:
    """A page's text and where its article headlines (much larger type) start in it."""

    text: str
    headlines: tuple[int, ...] = ()


def page_text(items: list[Fragment], body: float) -> PageText:
    """The page's paragraphs in reading order, separated by blank lines."""
    if not items:
        return PageText("")
    blocks = _xy_cut(items, _frame_of(items, body), _min_cut(items, body), body, 0)
    return _paragraphs(list(blocks), body)


# --- reading order: recursive XY-cut -------------------------------------------------------


def _min_cut(items: list[Fragment], body: float) -> float:
    """How high a horizontal gap must be to cut: above the page's usual gap between lines,
    or every aligned line gap of two columns would cut them into interleaved strips."""
    gaps = []
    ordered = sorted(items, key=lambda f: f.top)
    for i, fragment in enumerate(ordered):
        for below in islice(ordered, i + 1, i + 40):
            if below.top >= fragment.bottom - 0.1 and _overlap_x(fragment, below):
                gaps.append(below.top - fragment.bottom)
                break
    usual = statistics.median(gaps) if gaps else 0.0
    return max(MIN_CUT_EM * body, usual + CUT_OVER_LEADING_EM * body)


def _overlap_x(a: Fragment, b: Fragment) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0


def _xy_cut(
    items: list[Fragment], frame: _Frame, min_cut: float, body: float, depth: int
) -> Iterator[_Block]:
    """Yield blocks of fragments in reading order, each with its column's frame.

    Horizontal cuts come first, but a strip of headlines stays with the strip under it:
    two articles side by side with their headlines on one row are two columns, not a row
    of headlines above a row of texts. Only when no gutter divides the region either is a
    headline cut off on its own (the headline across both columns of its article).
    """
    if len(items) < 2 or depth >= MAX_CUT_DEPTH:
        yield items, _leaf_frame(items, frame, body)
        return
    strips = _cut(items, lambda f: (f.top, f.bottom), min_cut)
    glued = _glue_headlines(strips, body)
    columns = _cut(items, lambda f: (f.x0, f.x1), GUTTER_EM * body)
    if len(glued) == 1 and len(columns) > 1:
        for column in columns:
            yield from _xy_cut(column, _frame_of(column, body), min_cut, body, depth + 1)
        return
    parts = glued if len(glued) > 1 else strips
    if len(parts) == 1:
        yield items, _leaf_frame(items, frame, body)  # no gap either way: one block
        return
    for part in parts:  # a horizontal cut keeps the column it is in
        yield from _xy_cut(part, frame, min_cut, body, depth + 1)


def _cut(
    items: list[Fragment], span: Callable[[Fragment], tuple[float, float]], min_gap: float
) -> list[list[Fragment]]:
    """Split at every gap of at least ``min_gap`` in the projection given by ``span``."""
    ordered = sorted(items, key=lambda f: span(f)[0])
    groups: list[list[Fragment]] = [[]]
    reach = span(ordered[0])[1]
    for fragment in ordered:
        start, end = span(fragment)
        if groups[-1] and start - reach >= min_gap:
            groups.append([])
        groups[-1].append(fragment)
        reach = max(reach, end)
    return groups


def _glue_headlines(strips: list[list[Fragment]], body: float) -> list[list[Fragment]]:
    """Join a strip to the strip below it when the cut between them would part a headline
    from its text: the strip holds only headline type, or a column of it ends in a
    headline that has text under it in the next strip. The second case is a story at the
    foot of one column whose text starts just below where the next column's text ends:
    the gap runs across the page, but it is not the end of a row of stories."""
    glued: list[list[Fragment]] = []
    pending: list[Fragment] = []
    for strip, below in zip(strips, [*strips[1:], []], strict=True):
        pending = pending + strip
        only_headlines = all(f.size >= HEADLINE_RATIO * body for f in strip)
        if not (only_headlines or _headline_over(strip, below, body)):
            glued.append(pending)
            pending = []
    if pending:
        glued.append(pending)
    return glued


def _headline_over(strip: list[Fragment], below: list[Fragment], body: float) -> bool:
    """Does a column of ``strip`` end in headline type, with text under it in ``below``?"""
    for headline in strip:
        if headline.size < HEADLINE_RATIO * body:
            continue
        under = (f for f in strip if f.top >= headline.bottom - 0.1 and _overlap_x(f, headline))
        if next(under, None) is None and any(_overlap_x(headline, f) for f in below):
            return True
    return False


def _leaf_frame(items: list[Fragment], outer: _Frame, body: float) -> _Frame:
    """A block's own edges when its lines show them (several end at one edge), else the
    edges of the column or page it is in: a headline wider than the text under it widens
    the page's frame, but not that of the text's block."""
    own = _frame_of(items, body)
    return own if own.ruled else outer


def _frame_of(items: list[Fragment], body: float) -> _Frame:
    """The column's edges where most lines start and end: the median among the lines near
    the extreme, so that punctuation hanging in the margin does not move the edge."""
    least = min(f.x0 for f in items)
    most = max(f.x1 for f in items)
    left = statistics.median([f.x0 for f in items if f.x0 <= least + 0.5 * body])
    ends = [f.x1 for f in items if f.x1 >= most - 1.5 * body]
    return _Frame(left, statistics.median(ends), len(ends) > 1)


# --- lines and paragraphs ------------------------------------------------------------------


def _lines(block: _Block) -> list[_Line]:
    items, frame = block
    lines = []
    for row in rows(items):
        row.sort(key=lambda f: f.x0)
        lines.append(
            _Line(
                " ".join(fragment_text(f.glyphs) for f in row),
                row[0].x0,
                max(f.x1 for f in row),
                min(f.top for f in row),
                max(f.bottom for f in row),
                main_size([g for f in row for g in f.glyphs]),
                frame,
            )
        )
    return lines


def _paragraphs(blocks: list[_Block], body: float) -> PageText:
    """Paragraphs between blank lines; a line going on from a full line is joined to it.
    Small type (captions, credits) gets two blank lines around it, as converted pages set
    a caption floating in a column, so that the layout module can tell it from prose."""
    paragraphs: list[tuple[str, float]] = []  # text, size of its first line
    previous: _Line | None = None
    for block in blocks:
        first = True
        for line in _lines(block):
            joiner = None if previous is None else _continuation(previous, line, first, body)
            if joiner is None:
                paragraphs.append((line.text, line.size))
            else:
                paragraphs[-1] = (paragraphs[-1][0] + joiner + line.text, paragraphs[-1][1])
            previous = line
            first = False
    out: list[str] = []
    headlines: list[int] = []
    length = 0
    for i, (text, size) in enumerate(paragraphs):
        if i:
            small = size <= CAPTION_RATIO * body or paragraphs[i - 1][1] <= CAPTION_RATIO * body
            out.append("\n\n\n" if small else "\n\n")
            length += len(out[-1])
        if size >= ARTICLE_HEADLINE_RATIO * body:
            headlines.append(length)
        out.append(text)
        length += len(text)
    return PageText("".join(out) + "\n", tuple(headlines))


def _continuation(previous: _Line, line: _Line, new_block: bool, body: float) -> str | None:
    """What joins ``line`` to the paragraph ``previous`` ended, or None when it starts a
    new one. Across blocks too: a sentence wraps from the foot of one column to the head
    of the next."""
    heading = line.size >= HEADLINE_RATIO * body
    if not _same_size(previous.size, line.size):
        return None
    if not new_block and line.top - previous.bottom > 1.5 * line.size:
        return None  # a wider gap than between lines: a new paragraph or item
    full = _full(previous)
    if heading:
        # A headline set over two lines: the first runs on when it fills the column the
        # text below it fills, otherwise the lines are two parts of one headline (主题 in
        # two lines), a space between them.
        if new_block or line.top - previous.bottom >= 0.6 * line.size:
            return None
        return _joiner(previous.text, line.text) if full and previous.frame.ruled else " "
    if not full or line.x0 - line.frame.left >= INDENT_EM * line.size:
        return None  # a short line ends a paragraph; an indented one opens the next
    return _joiner(previous.text, line.text)


def _full(line: _Line) -> bool:
    """Does ``line`` run to its column's right edge (so its paragraph goes on)?"""
    spare = (line.frame.right - line.x1) / line.size
    return spare < FULL_SLACK_EM or (spare < RAGGED_SLACK_EM and not _ends_sentence(line.text))


def _ends_sentence(text: str) -> bool:
    return text.rstrip("”’」』）)\"'")[-1:] in "。！？!?…"


def _joiner(before: str, after: str) -> str:
    """Nothing between the halves of a wrapped line, except between two Latin words."""
    if before[-1:].isascii() and before[-1:].isalpha() and _latin(after[:1]):
        return " "
    return ""


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_SIZE_RATIO * max(a, b)
