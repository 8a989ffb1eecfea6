"""The reading form of article text: what search and extraction read, never what is quoted.

Two kinds of input hide simplified Chinese words from lexicons, gazetteer and date patterns:

* PDF text layers that map glyphs to Kangxi radicals or compatibility ideographs (⼭ U+2F2D
  for 山, 8⽉8⽇ for 8月8日). NFKC maps each of them to the one unified ideograph it stands
  for; it is applied to those blocks only, so full-width digits, ligatures and the like stay
  what they are (the extraction handles them as it always did).
* Traditional script (Hong Kong, Macao and overseas-Chinese newsletters, 侨刊乡讯). An
  article whose Han characters are largely traditional is converted to simplified with
  OpenCC, per article: a newspaper page may print a traditional article beside simplified
  ones, and the simplified ones must come out unchanged.

The reading form has **exactly the length of the text**, character for character, so every
offset found in it (a sentence, a date, a search hit) is the same offset in the original:
the offset map is the identity *by construction*, and an excerpt is always sliced from the
original text, quoting the source's own characters. Both steps are made one-to-one: NFKC
only where it yields one character, OpenCC per run of Han characters, and a run whose
phrase conversion would change its length falls back to OpenCC's one-character mappings.

OpenCC (Apache-2.0, maintained, with phrase tables that pick 干 or 乾, 后 or 後 from context)
is used with its ``hk2s`` configuration: Hong Kong/Macao variants first (衞 → 卫, which
``t2s`` and ``tw2s`` leave alone), then OpenCC's standard traditional → simplified tables,
which also cover Taiwan and standard traditional text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from explorer.core.articles import Document

if TYPE_CHECKING:
    import opencc

OPENCC_CONFIG = "hk2s"

# An article is traditional when at least this share of its Han characters is one that
# OpenCC changes. Measured (tests/unit/test_reading.py): 0 % in every article of the
# simplified sample corpus and of the synthetic bench corpus; 29–45 % (median 38 %) in the
# same articles written in traditional by OpenCC (s2hk, s2tw, s2t), 48 % in an invented
# traditional report. 10 % is far from both, and leaves a simplified article quoting a few
# traditional names (香港賽馬會) alone.
TRADITIONAL_SHARE = 0.10
# ... and at least this many of them: one traditional character (a name, a variant in a
# headline fragment) decides nothing.
TRADITIONAL_MIN = 2

# The blocks whose characters stand for an ideograph (see the module docstring).
_COMPAT_BLOCKS = (
    (0x2E80, 0x2EFF),  # CJK Radicals Supplement (NFKC maps ⺟ and ⻳ only)
    (0x2F00, 0x2FDF),  # Kangxi Radicals
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x2F800, 0x2FA1F),  # CJK Compatibility Ideographs Supplement
)
_COMPAT = re.compile("|".join(f"[{chr(lo)}-{chr(hi)}]" for lo, hi in _COMPAT_BLOCKS))
# Han characters as OpenCC sees them (unified, extension A and B, compatibility).
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF))
_HAN_CLASS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _HAN_RANGES)
_HAN = re.compile(f"[{_HAN_CLASS}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_HAN_RUN = re.compile(f"[{_HAN_CLASS}]+")


@cache
def _compat_table() -> dict[int, str]:
    """``str.translate`` table: each compatibility character to its one NFKC character."""
    table = {}
    for lo, hi in _COMPAT_BLOCKS:
        for code in range(lo, hi + 1):
            normal = unicodedata.normalize("NFKC", chr(code))
            if len(normal) == 1 and normal != chr(code):
                table[code] = normal
    return table


def normalise_compat(text: str) -> str:
    """``text`` with Kangxi radicals and compatibility ideographs as unified ideographs."""
    if _COMPAT.search(text) is None:
        return text  # a regex scan is ten times faster than translate: the usual case
    return text.translate(_compat_table())


@cache
def _converter() -> opencc.OpenCC:
    """The OpenCC converter, made once per process on first use.

    Extraction runs in worker processes that receive module-level functions by pickling;
    a converter (a C++ object) is never pickled, each process builds its own here.
    """
    import opencc  # a C++ extension with dictionaries to load: only when first needed

    return opencc.OpenCC(OPENCC_CONFIG)


@cache
def _to_traditional_converter() -> opencc.OpenCC:
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(char: str) -> str:
    """The standard traditional form of one character (to recognise a variant, never to
    rewrite text: extraction reads simplified)."""
    converted: str = _to_traditional_converter().convert(char)
    return converted if len(converted) == len(char) else char


@cache
def _char_table() -> dict[int, str]:
    """OpenCC's one-character conversions: every Han character it changes, to one character.

    Built with a single conversion of all Han characters, newline-separated so that no
    phrase forms; a character whose conversion is not one character is left out (kept).
    """
    chars = [chr(c) for lo, hi in _HAN_RANGES for c in range(lo, hi + 1)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # a dictionary that maps to newlines: convert nothing
        return {}
    return {ord(a): b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}


@cache
def _traditional_chars() -> frozenset[str]:
    """The characters OpenCC changes."""
    return frozenset(map(chr, _char_table()))


@cache
def _traditional_bmp_chars() -> str:
    """Those in the Basic Multilingual Plane (all but 351 of extension B), escaped for a
    regex class: such a class scans at about 190 M characters/s, ten times
    ``set.isdisjoint``, while one astral character in it makes it a hundred times slower."""
    return re.escape("".join(sorted(c for c in _traditional_chars() if ord(c) <= 0xFFFF)))


@cache
def _traditional_bmp() -> re.Pattern[str]:
    chars = _traditional_bmp_chars()
    return re.compile(f"[{chars}]") if chars else re.compile(r"(?!)")


@cache
def _unusual() -> re.Pattern[str]:
    """Any character the reading form may change: a traditional or compatibility
    character, or an astral one (looked at more closely). One scan of simplified text."""
    compat = "\u2e80-\u2fdf\uf900-\ufaff"  # the BMP compatibility blocks
    return re.compile(f"[{_traditional_bmp_chars()}{compat}]|[\U00010000-\U0010ffff]")


def _plain(text: str) -> bool:
    """Is ``text`` its own reading form for certain (simplified, no radicals)?"""
    return _unusual().search(text) is None


def _has_traditional(text: str) -> bool:
    """Does ``text`` hold any character OpenCC changes? The fast test simplified text
    takes: a scan, and a set test only for text with astral characters."""
    if _traditional_bmp().search(text) is not None:
        return True
    return _ASTRAL.search(text) is not None and not _traditional_chars().isdisjoint(text)


def traditional_share(text: str) -> tuple[int, int]:
    """(Han characters OpenCC would change, all Han characters) of ``text``."""
    han = len(text) - len(_HAN.sub("", text))  # counts without a list of matches
    changed = len(_traditional_bmp().findall(text))
    if _ASTRAL.search(text) is not None:
        counts = Counter(c for c in text if ord(c) > 0xFFFF)
        changed += sum(n for c, n in counts.items() if c in _traditional_chars())
    return changed, han


def is_traditional(text: str) -> bool:
    """Is ``text`` (an article, say) written in traditional characters?"""
    return not _plain(text) and _traditional(normalise_compat(text))


def _traditional(normal: str) -> bool:
    if not _has_traditional(normal):
        return False  # the common case, simplified text: no need to count its Han characters
    changed, han = traditional_share(normal)
    return changed >= TRADITIONAL_MIN and changed >= TRADITIONAL_SHARE * han


def to_simplified(text: str) -> str:
    """``text`` in simplified characters, of the same length and with the same non-Han text.

    Runs of Han characters are converted in one OpenCC call (joined by newlines, which no
    phrase contains, so each run's conversion is found again by splitting); a run whose
    conversion has another length takes the one-character mappings instead.
    """
    runs = [m.span() for m in _HAN_RUN.finditer(text)]
    if not runs:
        return text
    originals = [text[start:end] for start, end in runs]
    converted = _converter().convert("\n".join(originals)).split("\n")
    if len(converted) != len(originals):
        converted = [run.translate(_char_table()) for run in originals]
    parts: list[str] = []
    cursor = 0
    for (start, end), original, simplified in zip(runs, originals, converted, strict=True):
        parts.append(text[cursor:start])
        same_length = len(simplified) == len(original)
        parts.append(simplified if same_length else original.translate(_char_table()))
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


def reading_form(text: str) -> str:
    """The reading form of one article's text: compatibility characters unified, and
    simplified if the article is traditional. Always ``len(reading_form(t)) == len(t)``."""
    if _plain(text):
        return text
    normal = normalise_compat(text)
    return to_simplified(normal) if _traditional(normal) else normal


def reading_query(term: str) -> str:
    """A search term as the index reads it: unified and simplified, whatever its share
    (a user typing 臺山 means 台山; two characters are too few to detect anything)."""
    return to_simplified(normalise_compat(term))


def reading_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each ``[start, end)`` of ``spans`` (articles) in its reading form and
    everything else only unified; same length as ``text``."""
    if _plain(text):
        return text  # simplified throughout (the usual case): no article to look at
    normal = normalise_compat(text)
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        start = max(start, cursor)
        if end <= start:
            continue
        pieces.append(normal[cursor:start])
        pieces.append(reading_form(normal[start:end]))
        cursor = end
    pieces.append(normal[cursor:])
    return "".join(pieces)


def reading_body(doc: Document) -> str:
    """The reading form of ``doc.body``: each article detected and converted on its own,
    the text between articles only unified. Offsets into it are offsets into the body."""
    return reading_spans(doc.body, ((a.start, a.end) for a in doc.articles))
