"""Where events are stated: the paragraph around an event's sentence, the whole article
with all its events marked. Read-only views over ``documents``, ``articles`` and ``events``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from explorer.store.dialect import StoreConnection


@dataclass(frozen=True, slots=True)
class EventSource:
    """Where an event is stated: its article and the paragraph around the quoted sentence."""

    doc_id: str
    title: str | None  # the title a citation gives (see :func:`cited_title`)
    source: str | None
    pub_date: str | None
    url: str | None
    paragraph: str
    quote: tuple[int, int]  # the excerpt's [start, end) inside ``paragraph``
    # The newspaper page the article was printed on ("A10") and what the document was
    # read from (pdf, html…), so the pane can cite "A10 版" like a paper reference.
    page: str | None = None
    format: str = "text"
    pub_precision: str | None = None  # day | month | year, as the front matter said


def cited_title(
    document_title: str | None, article_title: str | None, articles_on_page: int
) -> str | None:
    """The title to cite an event's source by, the same in the detail pane, tables and
    briefings. A page of several articles: the article's own title (the document's is the
    page's). One article: the front matter's title, which the article's (its first line)
    only stands in for."""
    if articles_on_page > 1:
        return article_title or document_title
    return document_title or article_title


def _event_with_document(conn: StoreConnection, event_id: int) -> Any:
    """An event's span with its document's text and details (both readers below need them)."""
    return conn.execute(
        """SELECT e.document_id, e.span_start, e.span_end, d.doc_id, d.title, d.source,
                  d.pub_date, d.url, d.raw_text, d.body_offset, d.format,
                  d.pub_precision,
                  (SELECT a.page FROM articles a WHERE a.id = e.article_id) AS page,
                  (SELECT a.title FROM articles a WHERE a.id = e.article_id) AS article_title,
                  (SELECT count(*) FROM articles a WHERE a.document_id = e.document_id)
                      AS articles_on_page
           FROM events e JOIN documents d ON d.id = e.document_id WHERE e.id = ?""",
        (event_id,),
    ).fetchone()


def event_source(conn: StoreConnection, event_id: int) -> EventSource | None:
    """The paragraph an event's sentence stands in, with the sentence's place in it."""
    row = _event_with_document(conn, event_id)
    if row is None:
        return None
    body = row["raw_text"][row["body_offset"] :]
    start, end = row["span_start"], row["span_end"]
    # The paragraph: from the blank line before the sentence to the blank line after it.
    left = body.rfind("\n\n", 0, start)
    left = 0 if left < 0 else left + 2
    right = body.find("\n\n", end)
    right = len(body) if right < 0 else right
    return EventSource(
        row["doc_id"],
        cited_title(row["title"], row["article_title"], row["articles_on_page"] or 0),
        row["source"],
        row["pub_date"],
        row["url"],
        body[left:right],
        (start - left, end - left),
        row["page"],
        row["format"],
        row["pub_precision"],
    )


@dataclass(frozen=True, slots=True)
class ArticleText:
    """The whole article an event is stated in, with every shown event's place in it."""

    doc_id: str
    title: str
    source: str | None
    pub_date: str | None
    url: str | None
    text: str
    marks: tuple[tuple[int, int, int, str], ...]  # (event id, start, end, type) in ``text``
    pub_precision: str | None = None


def article_of(conn: StoreConnection, event_id: int) -> ArticleText | None:
    """The article holding ``event_id``'s sentence (the whole body if the page has no
    articles), with all its events' sentences located in it."""
    row = _event_with_document(conn, event_id)
    if row is None:
        return None
    body = row["raw_text"][row["body_offset"] :]
    start, end, title = 0, len(body), row["title"] or row["doc_id"]
    for article in conn.execute(
        'SELECT title, start, "end" FROM articles WHERE document_id = ? ORDER BY seq',
        (row["document_id"],),
    ):
        if article["start"] <= row["span_start"] < article["end"]:
            start, end, title = article["start"], article["end"], article["title"]
            break
    marks = tuple(
        (r["id"], r["span_start"] - start, r["span_end"] - start, r["type"])
        for r in conn.execute(
            """SELECT id, span_start, span_end, type FROM events
               WHERE document_id = ? AND deleted = 0 AND span_start >= ? AND span_end <= ?
               ORDER BY span_start, id""",
            (row["document_id"], start, end),
        )
    )
    return ArticleText(
        row["doc_id"],
        title,
        row["source"],
        row["pub_date"],
        row["url"],
        body[start:end],
        marks,
        row["pub_precision"],
    )
