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
# PostgreSQL has no FTS5. Its article_search holds each article's reading form, NFKC,
# lower-cased, as word tokens (\w+, so punctuation drops out) joined by single spaces, and a
# tsvector of the character bigrams of those tokens with a GIN index. A term is found by
# ``LIKE '%封顶%'``; its bigrams (``'封顶'``; ``'中欧' & '欧班' & '班列'``) let the index narrow
# the articles first. Measured (bench/bench_pg_search.py, docs/benchmarks.md): pg_trgm
# serves terms of three characters and more, but a two-character term gives it no trigram
# and every article is read; the bigram index serves two characters too. A one-character
# term has no bigram: LIKE alone, over every article.


def token_text(text: str) -> str:
    """``text`` as PostgreSQL's article_search stores it."""
    return " ".join(_TOKEN.findall(unicodedata.normalize("NFKC", text).lower()))


def bigrams(tokens: str) -> list[str]:
    """The distinct character bigrams inside the tokens of a :func:`token_text`, sorted."""
    return sorted({word[i : i + 2] for word in tokens.split() for i in range(len(word) - 1)})


def token_article(title: str, text: str) -> tuple[str, str, list[str]]:
    """An article's title and body as PostgreSQL's article_search stores them (the reading
    forms :func:`index_article` indexes), and the bigrams of both."""
    heading = reading_query(title) if is_traditional(text) else title
    title_tokens, body_tokens = token_text(heading), token_text(reading_form(text))
    return title_tokens, body_tokens, sorted({*bigrams(title_tokens), *bigrams(body_tokens)})


def index_insert(postgres: bool) -> str:
    """The statement that adds one article (rowid, then :func:`index_article` or
    :func:`token_article`) to ``article_search``."""
    if postgres:
        return (
            "INSERT INTO article_search (rowid, title, body, grams)"
            " VALUES (?, ?, ?, array_to_tsvector(?::text[]))"
        )
    return "INSERT INTO article_search (rowid, title, body) VALUES (?, ?, ?)"


def _pg_term(term: str) -> tuple[str, list[str]] | None:
    """SQL matching one form of a term in the title or body, and its parameters."""
    tokens = token_text(term)
    if not tokens:
        return None
    escaped = tokens.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    grams = bigrams(tokens)
    like = "(title LIKE ? OR body LIKE ?)"
    if not grams:
        return like, [pattern, pattern]
    query = " & ".join(f"'{gram}'" for gram in grams)
    return f"(grams @@ ?::tsquery AND {like})", [query, pattern, pattern]


def search_clause(postgres: bool, query: str) -> tuple[str, list[str], str, list[str]] | None:
    """``(where, its parameters, score, its parameters)`` over ``article_search`` for the
    articles matching every term of ``query``, lower scores first; ``None`` when nothing
    is searchable.

    SQLite: FTS5 MATCH, bm25 with titles weighing four times the body. PostgreSQL: the
    bigram index and LIKE; articles whose title holds every term first, then shorter ones
    (a term in a short article says more about it, as bm25 has it).
    """
    if not postgres:
        expression = match_expression(query)
        if expression is None:
            return None
        return "article_search MATCH ?", [expression], "bm25(article_search, 4.0, 1.0)", []
    where: list[str] = []
    where_params: list[str] = []
    in_title: list[str] = []
    title_params: list[str] = []
    for term in query.split():
        forms = [
            found
            for form in dict.fromkeys((term, reading_query(term)))
            if (found := _pg_term(form)) is not None
        ]
        forms = list({sql_params[1][-1]: sql_params for sql_params in forms}.values())
        if not forms:
            continue
        where.append("(" + " OR ".join(sql for sql, _ in forms) + ")")
        where_params += [p for _, params in forms for p in params]
        in_title.append("(" + " OR ".join("title LIKE ?" for _ in forms) + ")")
        title_params += [params[-1] for _, params in forms]
    if not where:
        return None
    score = f"(CASE WHEN {' AND '.join(in_title)} THEN 0 ELSE 1000000000 END + length(body))"
    return " AND ".join(where), where_params, score, title_params
