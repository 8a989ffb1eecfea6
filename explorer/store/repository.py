"""Reading and writing the store. Functions take an open connection and plain values.

Callers own transactions (:func:`explorer.store.db.transaction`): an import wraps all its
``add_document`` calls in one, so a batch lands whole or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from explorer.core.articles import Article, Block, BlockKind, Document
from explorer.core.events import Event
from explorer.core.places import Place
from explorer.store.db import now
from explorer.store.dialect import StoreConnection, dialect_of, index_scans
from explorer.store.fts import (
    find_hit,
    index_article,
    index_insert,
    search_clause,
    token_article,
)
from explorer.store.overrides import apply_overrides
from explorer.store.schema import ARTICLE_OF_EVENT
from explorer.store.sources import cited_title


class Added(StrEnum):
    """What :func:`add_document` did with a document."""

    NEW = "new"
    DUPLICATE = "duplicate"  # the same content is already stored
    ID_TAKEN = "id_taken"  # another content already uses this document id


@dataclass(frozen=True, slots=True)
class AddResult:
    outcome: Added
    other: str | None = None  # doc id / path of the stored document it collided with


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article matching a search, with a snippet and where the hit is inside it."""

    article_id: int
    doc_id: str
    title: str
    pub_date: str | None
    snippet: str
    hit: tuple[int, int] | None  # [start, end) within ``snippet``


def is_stored(conn: StoreConnection, content_hash: str) -> bool:
    row = conn.execute("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,))
    return row.fetchone() is not None


def add_document(conn: StoreConnection, doc: Document, import_id: int | None) -> AddResult:
    """Store ``doc`` with its articles and search index, unless it is already there."""
    same = conn.execute(
        "SELECT doc_id FROM documents WHERE content_hash = ?", (doc.content_hash,)
    ).fetchone()
    if same:
        return AddResult(Added.DUPLICATE, same["doc_id"])
    taken = conn.execute(
        "SELECT source_path FROM documents WHERE doc_id = ?", (doc.doc_id,)
    ).fetchone()
    if taken:
        return AddResult(Added.ID_TAKEN, taken["source_path"])
    # RETURNING (both engines) rather than lastrowid (SQLite's); fetchall ends the statement.
    inserted = conn.execute(
        """INSERT INTO documents (doc_id, source_path, encoding, content_hash, title, pub_date,
               pub_precision, source, url, raw_text, body_offset, import_id, imported_at, format)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
        (
            doc.doc_id,
            doc.source_path,
            doc.encoding,
            doc.content_hash,
            doc.title,
            doc.pub_date.isoformat() if doc.pub_date else None,
            doc.pub_precision,
            doc.source,
            doc.url,
            doc.raw_text,
            doc.body_offset,
            import_id,
            now(),
            doc.format,
        ),
    )
    document_id = inserted.fetchall()[0][0]
    body = doc.body
    postgres = dialect_of(conn).is_postgres
    indexed = token_article if postgres else index_article
    for article in doc.articles:
        blocks = json.dumps([[b.start, b.end, b.kind.value] for b in article.blocks])
        row = conn.execute(
            'INSERT INTO articles (document_id, seq, title, start, "end", blocks, page)'
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                document_id,
                article.seq,
                article.title,
                article.start,
                article.end,
                blocks,
                article.page,
            ),
        )
        conn.execute(
            index_insert(postgres),
            (row.fetchall()[0][0], *indexed(article.title, article.text(body))),
        )
    return AddResult(Added.NEW)


def search_articles(conn: StoreConnection, query: str, limit: int = 20) -> list[SearchHit]:
    """Articles matching every term of ``query``, best first (bm25 on SQLite)."""
    clause = search_clause(dialect_of(conn).is_postgres, query)
    if clause is None:
        return []
    where, where_params, score, score_params = clause
    with index_scans(conn):
        rows = conn.execute(
            f"""SELECT a.id, a.title, a.start, a."end", d.doc_id, d.pub_date, d.raw_text,
                      d.body_offset
               FROM (SELECT rowid, {score} AS score FROM article_search
                     WHERE {where} ORDER BY score LIMIT ?) AS best
               JOIN articles a ON a.id = best.rowid
               JOIN documents d ON d.id = a.document_id
               ORDER BY best.score""",
            (*score_params, *where_params, limit),
        ).fetchall()
    hits = []
    for row in rows:
        offset = row["body_offset"]
        text = row["raw_text"][offset + row["start"] : offset + row["end"]]
        snippet, hit = _snippet(text, query)
        hits.append(
            SearchHit(row["id"], row["doc_id"], row["title"], row["pub_date"], snippet, hit)
        )
    return hits


def articles_matching(conn: StoreConnection, query: str) -> set[int]:
    """Ids of the articles whose title or body holds every term of ``query``."""
    clause = search_clause(dialect_of(conn).is_postgres, query)
    if clause is None:
        return set()
    where, params, _, _ = clause
    with index_scans(conn):
        rows = conn.execute(f"SELECT rowid FROM article_search WHERE {where}", params)
        return {row[0] for row in rows}


def _snippet(text: str, query: str, width: int = 36) -> tuple[str, tuple[int, int] | None]:
    found = find_hit(text, query)
    if found is None:
        return " ".join(text[: 2 * width].split()), None
    start, end = found
    left = max(0, start - width)
    before = " ".join(text[left:start].split())
    match = text[start:end]
    after = " ".join(text[end : end + width].split())
    prefix = "…" if left > 0 else ""
    suffix = "…" if end + width < len(text) else ""
    head = prefix + before
    return head + match + after + suffix, (len(head), len(head) + len(match))


def counts(conn: StoreConnection) -> dict[str, int]:
    """How many documents, articles, events and places the store holds."""
    tables = ("documents", "articles", "events", "places")
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def change_token(conn: StoreConnection) -> tuple[int, ...]:
    """What changes whenever someone corrects events, fixes a place (both log a line in
    ``event_edits``), finishes an import or changes events otherwise (:func:`note_change`:
    re-extraction, geocoding): a window on a shared database polls it and reloads when it
    moved."""
    row = conn.execute(
        """SELECT (SELECT coalesce(max(id), 0) FROM event_edits),
                  (SELECT count(*) FROM imports WHERE finished_at IS NOT NULL),
                  (SELECT value FROM meta WHERE key = ?)""",
        (CHANGES_KEY,),
    ).fetchone()
    return (int(row[0]), int(row[1]), int(row[2] or 0))


CHANGES_KEY = "events_changed"  # in meta: how many times events changed outside curation


def note_change(conn: StoreConnection) -> None:
    """Count a change of events that leaves no line in ``event_edits``; the caller's
    transaction."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE"
        " SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)",
        (CHANGES_KEY,),
    )


def get_meta(conn: StoreConnection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row["value"] if row else None


def set_meta(conn: StoreConnection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def start_import(conn: StoreConnection, paths: Sequence[str]) -> int:
    cursor = conn.execute(
        "INSERT INTO imports (started_at, paths) VALUES (?, ?) RETURNING id",
        (now(), json.dumps(list(paths), ensure_ascii=False)),
    )
    return int(cursor.fetchall()[0][0])


def finish_import(
    conn: StoreConnection,
    import_id: int,
    documents: int,
    articles: int,
    duplicates: int,
    failed: int,
) -> None:
    conn.execute(
        """UPDATE imports SET finished_at = ?, documents = ?, articles = ?, duplicates = ?,
           failed = ? WHERE id = ?""",
        (now(), documents, articles, duplicates, failed, import_id),
    )


def replace_places(conn: StoreConnection, places: Iterable[Place]) -> int:
    """Replace the gazetteer with ``places``; events keep their place names."""
    conn.execute("DELETE FROM places")
    rows = [
        (p.name, "|".join(p.aliases), p.kind, p.district, p.lat, p.lon, p.precision, p.source)
        for p in places
    ]
    conn.executemany(
        """INSERT INTO places (name, aliases, kind, district, lat, lon, precision, source)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        rows,
    )
    return len(rows)


def replace_machine_events(
    conn: StoreConnection,
    doc_id: str,
    events: Iterable[Event],
    problems: list[str] | None = None,
) -> int:
    """Replace the machine events of a document, keeping every event a user made or edited.

    An amount SQLite cannot hold is stored as none rather than failing the batch; with
    ``problems``, a line per such event is appended to it.
    """
    row = conn.execute("SELECT id FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        raise KeyError(doc_id)
    conn.execute(
        "DELETE FROM events WHERE document_id = ? AND origin = 'machine' AND edited = 0",
        (row["id"],),
    )
    # An event a user edited, deleted or merged stands for the machine event it came from
    # (its type as extracted, at the same sentence): do not add that event again.
    # A curated row stands for the machine event it came from: same type and sentence, and
    # the same extracted title when two events of one type share the sentence. Rows whose
    # title did not come back (a changed extractor, rows curated before titles were kept)
    # stand for the remaining events of their sentence, one each.
    curated: dict[tuple[str, int], list[str | None]] = {}
    for r in conn.execute(
        "SELECT type, extracted_type, extracted_title, span_start FROM events"
        " WHERE document_id = ?",
        (row["id"],),
    ):
        key = (r["extracted_type"] or r["type"], r["span_start"])
        curated.setdefault(key, []).append(r["extracted_title"])
    fresh: dict[tuple[str, int], list[Event]] = {}
    for event in events:
        event = _storable(event, problems if problems is not None else [])
        fresh.setdefault((event.type, event.span[0]), []).append(event)
    stamp = now()
    rows = []
    for key, candidates in fresh.items():
        standing = list(curated.get(key, ()))
        unmatched = []
        for event in candidates:
            if event.title in standing:
                standing.remove(event.title)
            else:
                unmatched.append(event)
        rows += [_event_row(row["id"], e, stamp) for e in unmatched[len(standing) :]]
    conn.executemany(
        """INSERT INTO events (document_id, type, date, date_end, date_precision,
               date_inferred, status, title, subject, place, district, lat, lon,
               geo_precision, amount_cny, excerpt, span_start, span_end, origin, edited,
               created_at, extracted_type, extracted_title, date_source)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        rows,
    )
    conn.execute(
        f"UPDATE events SET article_id = {ARTICLE_OF_EVENT}"
        " WHERE document_id = ? AND article_id IS NULL",
        (row["id"],),
    )
    # A user's place fixes win over the gazetteer: put them back into the fresh events.
    apply_overrides(conn, document_id=row["id"])
    return len(rows)


# SQLite's INTEGER is a signed 64-bit number: binding a larger Python int raises
# OverflowError, which would abort the whole import transaction.
SQLITE_INT_MIN, SQLITE_INT_MAX = -(2**63), 2**63 - 1


def _storable(event: Event, problems: list[str]) -> Event:
    """``event`` as the database can hold it: an amount beyond 64 bits becomes none."""
    amount = event.amount_cny
    if not isinstance(amount, int) or SQLITE_INT_MIN <= amount <= SQLITE_INT_MAX:
        return event
    problems.append(
        f"the {event.type} event at character {event.span[0]} states an amount too large "
        f"to store ({amount.bit_length()} bits): stored without an amount"
    )
    return replace(event, amount_cny=None)


def _event_row(document_id: int, e: Event, stamp: str) -> tuple[object, ...]:
    return (
        document_id,
        e.type,
        e.date,
        e.date_end,
        e.date_precision,
        int(e.date_inferred),
        e.status,
        e.title,
        e.subject,
        e.place,
        e.district,
        e.lat,
        e.lon,
        e.geo_precision,
        e.amount_cny,
        e.excerpt,
        e.span[0],
        e.span[1],
        e.origin,
        int(e.edited),
        stamp,
        e.type if e.origin == "machine" else None,
        e.title if e.origin == "machine" else None,
        e.date_source,
    )


def load_documents(conn: StoreConnection) -> Iterator[Document]:
    """Every stored document with its articles, as the importer made them."""
    articles: dict[int, list[Article]] = {}
    for row in conn.execute(
        'SELECT document_id, seq, title, start, "end", blocks, page FROM articles'
        " ORDER BY document_id, seq"
    ):
        blocks = tuple(Block(b[0], b[1], BlockKind(b[2])) for b in json.loads(row["blocks"]))
        article = Article(row["seq"], row["title"], row["start"], row["end"], blocks, row["page"])
        articles.setdefault(row["document_id"], []).append(article)
    for row in conn.execute("SELECT * FROM documents ORDER BY id"):
        yield Document(
            doc_id=row["doc_id"],
            source_path=row["source_path"],
            encoding=row["encoding"],
            raw_text=row["raw_text"],
            body_offset=row["body_offset"],
            title=row["title"],
            pub_date=date.fromisoformat(row["pub_date"]) if row["pub_date"] else None,
            pub_precision=row["pub_precision"],
            source=row["source"],
            url=row["url"],
            content_hash=row["content_hash"],
            articles=tuple(articles.get(row["id"], [])),
            format=row["format"],
        )


# The columns of an Event, in the order load_events reads them (document_id first, then
# the Event's own fields); positional rows build 100k events in half the time of Row access.
_EVENT_COLUMNS = (
    "document_id, type, date, date_end, date_precision, status, title, subject, place,"
    " district, lat, lon, geo_precision, amount_cny, excerpt, span_start, span_end,"
    " date_inferred, origin, edited, id, edited_by, updated_at, date_source, article_id"
)


def load_events(conn: StoreConnection, ids: Iterable[int] | None = None) -> list[Event]:
    """Every stored event a user has not deleted or merged away (or those of ``ids`` that
    are still shown), in date order, undated last."""
    where = "deleted = 0"
    params: tuple[int, ...] = ()
    if ids is not None:
        params = tuple(ids)
        where += f" AND id IN ({', '.join('?' * len(params))})"
    documents = dict(conn.execute("SELECT id, doc_id FROM documents").fetchall())
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples
    rows = cursor.execute(
        f"SELECT {_EVENT_COLUMNS} FROM events WHERE {where} ORDER BY date IS NULL, date, id",
        params,
    ).fetchall()
    return [
        Event(
            documents[r[0]],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            r[11],
            r[12],
            r[13],
            r[14],
            (r[15], r[16]),
            bool(r[17]),
            r[18],
            bool(r[19]),
            r[20],
            r[21],
            r[22] if r[19] else None,
            r[23],
            r[24],
        )
        for r in rows
    ]


def place_names(
    conn: StoreConnection,
) -> list[tuple[str, str | None, float | None, float | None, str | None]]:
    """The gazetteer's places as (name, district, lat, lon, precision), by name; a place a
    user located (``place_overrides``) has that location, so choosing it keeps the fix."""
    rows = conn.execute(
        """SELECT p.name, coalesce(o.district, p.district) AS district,
                  coalesce(o.lat, p.lat) AS lat, coalesce(o.lon, p.lon) AS lon,
                  CASE WHEN o.name IS NULL THEN p.precision ELSE 'exact' END AS precision
           FROM places p LEFT JOIN place_overrides o ON o.name = p.name ORDER BY p.name"""
    )
    return [(r["name"], r["district"], r["lat"], r["lon"], r["precision"]) for r in rows]


def data_date(conn: StoreConnection) -> date | None:
    """The day of the last import (UTC; its end, or its start if it never finished): what a
    snapshot's footer says the data is as of. None for a store without imports."""
    row = conn.execute(
        "SELECT max(coalesce(finished_at, started_at)) AS at FROM imports"
    ).fetchone()
    return date.fromisoformat(row["at"][:10]) if row and row["at"] else None


@dataclass(frozen=True, slots=True)
class Citation:
    """Where an event was published, for a table's citation columns."""

    title: str | None  # the article's title (one of a newspaper page's several), else the file's
    source: str | None  # the paper or site (front matter ``source``)
    pub_date: str | None  # ISO, at ``pub_precision``
    pub_precision: str | None  # day | month | year
    url: str | None


def event_citations(conn: StoreConnection, event_ids: Iterable[int]) -> dict[int, Citation]:
    """The article each of ``event_ids`` is stated in, by event id, in one query (the ids
    travel as one JSON array: no limit on how many, no query per event). Events of one
    article share one :class:`Citation`."""
    ids = [int(i) for i in event_ids]
    if not ids:
        return {}
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: half the time of Row access for 100k events
    rows = cursor.execute(
        f"""SELECT e.id, e.document_id, e.article_id, d.title, a.title, d.source, d.pub_date,
                  d.pub_precision, d.url, pages.articles
           FROM ({dialect_of(conn).json_ints("?")}) AS wanted
           JOIN events e ON e.id = wanted.value
           JOIN documents d ON d.id = e.document_id
           LEFT JOIN articles a ON a.id = e.article_id
           LEFT JOIN (SELECT document_id, count(*) AS articles FROM articles
                      GROUP BY document_id) AS pages ON pages.document_id = e.document_id""",
        (json.dumps(ids),),
    )
    shared: dict[tuple[int, int | None], Citation] = {}
    citations = {}
    for event_id, document_id, article_id, document_title, article_title, *rest in rows:
        key = (document_id, article_id)
        citation = shared.get(key)
        if citation is None:
            source, pub_date, pub_precision, url, articles = rest
            title = cited_title(document_title, article_title, articles or 0)
            citation = shared[key] = Citation(title, source, pub_date, pub_precision, url)
        citations[event_id] = citation
    return citations
