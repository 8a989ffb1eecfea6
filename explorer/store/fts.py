"""Full-text search over Chinese text with SQLite FTS5.

FTS5's trigram tokenizer cannot match queries shorter than three characters, yet the
words users search for are mostly two (封顶, 签约, 投产). So the index gets one token per
CJK character (we insert spaces around each one) and a query becomes a phrase of those
tokens: ``封顶`` → ``"封 顶"``, which matches the two characters side by side. Latin
words and numbers stay whole tokens. Both sides are NFKC-normalised so full-width
``２０２２`` finds ``2022``.

Articles are indexed in their reading form (:mod:`explorer.pipeline.reading`): a
traditional article in simplified characters, so that 台山 finds one that prints 臺山. A
query term is looked up as typed and in simplified characters, so 臺山 finds simplified
articles too. Simplified articles index exactly as before (NFKC already unified Kangxi
radicals and compatibility ideographs), so a database built earlier needs no re-indexing.
"""

from __future__ import annotations

import re
import unicodedata

from explorer.pipeline.reading import is_traditional, reading_form, reading_query

# Han (with extensions and compatibility ideographs), kana, hangul: one token each.
_CJK_RANGES = (
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2EBEF),
    (0x30000, 0x3134F),
)
_TOKEN = re.compile(r"\w+")


class _SpaceCJK(dict[int, str]):
    """A ``str.translate`` table that pads CJK characters with spaces.

    Filled lazily, so after the first few articles every character is a C-level dict hit;
    a regex substitution with a template was the slowest step of an import.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = f" {char} " if any(lo <= code <= hi for lo, hi in _CJK_RANGES) else char
        self[code] = value
        return value


_SPACE_CJK = _SpaceCJK()


def index_text(text: str) -> str:
    """The form of ``text`` stored in the index: normalised, CJK characters spaced apart."""
    return unicodedata.normalize("NFKC", text).translate(_SPACE_CJK)


def index_article(title: str, text: str) -> tuple[str, str]:
    """The indexed forms of an article's title and text, both in its reading form.

    Whether the article is traditional is decided on its text, and the title follows it:
    a headline alone is often too short to tell, and a simplified article's title indexes
    exactly as before.
    """
    heading = reading_query(title) if is_traditional(text) else title
    return index_text(heading), index_text(reading_form(text))


def match_expression(query: str) -> str | None:
    """Turn a user query into an FTS5 MATCH expression, or ``None`` if nothing is searchable.

    Whitespace separates terms; all terms must occur (AND). Each term is a quoted phrase
    of plain word tokens, so FTS5 operators typed by a user are never interpreted; a term
    whose simplified form differs matches either form (``("臺 山" OR "台 山")``).
    """
    phrases = []
    for term in query.split():
        forms = dict.fromkeys(_phrase(form) for form in (term, reading_query(term)))
        alternatives = [form for form in forms if form]
        if len(alternatives) == 1:
            phrases.append(alternatives[0])
        elif alternatives:
            phrases.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(phrases) if phrases else None


def _phrase(term: str) -> str | None:
    tokens = _TOKEN.findall(index_text(term))
    return '"' + " ".join(tokens) + '"' if tokens else None


def find_hit(text: str, query: str) -> tuple[int, int] | None:
    """Where the first query term occurs in ``text`` (for snippets), or ``None``.

    Compared in the index's normal form (NFKC, case-folded, punctuation dropped from the
    query), so ``５G`` highlights ``5G`` and ``"封顶。"`` highlights ``封顶``; ``text`` is read
    in its reading form, which has its length, so 台山 highlights the 臺山 of a
    traditional article and the offsets returned are offsets into ``text`` as given.
    """
    folded, origin = _normalised_with_origin(reading_form(text))
    for term in query.split():
        found = [
            (start, start + len(needle))
            for needle in dict.fromkeys((_needle(term), _needle(reading_query(term))))
            if needle and (start := folded.find(needle)) >= 0
        ]
        if found:
            start, end = min(found)
            return origin[start], origin[end - 1] + 1
    return None


def _needle(term: str) -> str:
    return "".join(_TOKEN.findall(unicodedata.normalize("NFKC", term).casefold()))


def _normalised_with_origin(text: str) -> tuple[str, list[int]]:
    """``text`` normalised character by character, with each output char's source index."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        normal = unicodedata.normalize("NFKC", char).casefold() if ord(char) > 127 else char.lower()
        out.append(normal)
        origin.extend([index] * len(normal))
    return "".join(out), origin


# ------------------------------------------------------------------ PostgreSQL
#
# PostgreSQL has no FTS5. Its article_search holds the same tokens as FTS5's index (the
# reading form, NFKC, one token per CJK character), lower-cased and separated by single
# spaces with a space at each end; a term is found by ``LIKE '% 封 顶 %'``: its tokens side
# by side, whole, as an FTS5 phrase matches them. A pg_trgm GIN index serves that LIKE for
# terms of any length, also two characters: every CJK character is a word of its own there,
# so the index finds the articles holding all of a term's characters and the LIKE check
# keeps those where they stand together. Over unspaced text a two-character term yields no
# trigram at all and the index is scanned whole (measured in docs/benchmarks.md).


def token_text(indexed: str) -> str:
    """An :func:`index_text` form as stored for PostgreSQL: `` tok tok … ``."""
    return " " + " ".join(_TOKEN.findall(indexed.lower())) + " "


def token_article(title: str, text: str) -> tuple[str, str]:
    """:func:`index_article` in the PostgreSQL form."""
    heading, body = index_article(title, text)
    return token_text(heading), token_text(body)


def like_terms(query: str) -> list[list[str]]:
    """Per query term, the LIKE patterns of its forms (as typed, simplified); a match needs
    one pattern of every term. Empty when nothing is searchable."""
    terms = []
    for term in query.split():
        forms = dict.fromkeys(_like(form) for form in (term, reading_query(term)))
        alternatives = [form for form in forms if form]
        if alternatives:
            terms.append(alternatives)
    return terms


def _like(term: str) -> str | None:
    tokens = _TOKEN.findall(index_text(term).lower())
    if not tokens:
        return None
    escaped = " ".join(tokens).replace("\\", "\\\\").replace("_", "\\_")
    return f"% {escaped} %"


def search_clause(postgres: bool, query: str) -> tuple[str, list[str], str, list[str]] | None:
    """``(where, its parameters, score, its parameters)`` over ``article_search`` for the
    articles matching every term of ``query``, lower scores first; ``None`` when nothing
    is searchable.

    SQLite: FTS5 MATCH, bm25 with titles weighing four times the body. PostgreSQL: LIKE over
    the token text; articles whose title holds every term first, then shorter ones (a term
    in a short article says more about it, as bm25 has it).
    """
    if not postgres:
        expression = match_expression(query)
        if expression is None:
            return None
        return "article_search MATCH ?", [expression], "bm25(article_search, 4.0, 1.0)", []
    terms = like_terms(query)
    if not terms:
        return None

    def every(columns: tuple[str, ...]) -> tuple[str, list[str]]:
        parts = [
            "(" + " OR ".join(f"{column} LIKE ?" for _ in forms for column in columns) + ")"
            for forms in terms
        ]
        return " AND ".join(parts), [form for forms in terms for form in forms for _ in columns]

    in_title, title_params = every(("title",))
    in_either, either_params = every(("title", "body"))
    score = f"(CASE WHEN {in_title} THEN 0 ELSE 1000000000 END + length(body))"
    return in_either, either_params, score, title_params
