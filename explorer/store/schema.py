"""The database schema as numbered migration steps.

``PRAGMA user_version`` holds how many steps a database has run. A step is a list of
statements run in one transaction together with the version bump, so a crash mid-upgrade
leaves the previous version intact. Never edit a released step: append a new one.
"""

from __future__ import annotations

from explorer.core.vocabulary import (
    DATE_PRECISIONS,
    DISTRICTS,
    EVENT_TYPES,
    GEO_PRECISIONS,
    STATUSES,
)


def _one_of(column: str, values: tuple[str, ...], nullable: bool = True) -> str:
    allowed = ", ".join(f"'{v}'" for v in values)
    check = f"{column} IN ({allowed})"
    return f"CHECK ({column} IS NULL OR {check})" if nullable else f"CHECK ({check})"


_V1 = [
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        paths TEXT NOT NULL,
        documents INTEGER NOT NULL DEFAULT 0,
        articles INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL UNIQUE,
        source_path TEXT NOT NULL,
        encoding TEXT NOT NULL,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT,
        pub_date TEXT,
        pub_precision TEXT,
        source TEXT,
        url TEXT,
        raw_text TEXT NOT NULL,
        body_offset INTEGER NOT NULL,
        import_id INTEGER REFERENCES imports(id),
        imported_at TEXT NOT NULL
    )""",
    """CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        title TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        blocks TEXT NOT NULL,
        UNIQUE (document_id, seq)
    )""",
    # Contentless: the article text lives in documents.raw_text; the index holds the
    # text segmented one token per CJK character (see store/fts.py).
    """CREATE VIRTUAL TABLE article_search USING fts5(
        title, body, content='', tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TABLE places (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        aliases TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        district TEXT,
        lat REAL,
        lon REAL,
        precision TEXT,
        source TEXT
    )""",
    f"""CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        type TEXT NOT NULL {_one_of("type", EVENT_TYPES, nullable=False)},
        date TEXT,
        date_end TEXT,
        date_precision TEXT {_one_of("date_precision", DATE_PRECISIONS)},
        date_inferred INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL {_one_of("status", STATUSES, nullable=False)},
        title TEXT NOT NULL,
        subject TEXT,
        place TEXT,
        place_id INTEGER REFERENCES places(id) ON DELETE SET NULL,
        district TEXT {_one_of("district", DISTRICTS)},
        lat REAL,
        lon REAL,
        geo_precision TEXT {_one_of("geo_precision", GEO_PRECISIONS)},
        amount_cny INTEGER,
        excerpt TEXT NOT NULL,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        origin TEXT NOT NULL DEFAULT 'machine' CHECK (origin IN ('machine', 'user')),
        edited INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT
    )""",
    "CREATE INDEX events_by_date ON events(date, date_end)",
    "CREATE INDEX events_by_document ON events(document_id)",
    "CREATE INDEX events_by_type ON events(type)",
    "CREATE INDEX events_by_district ON events(district)",
    "CREATE INDEX articles_by_document ON articles(document_id)",
]

# Curation: a user's corrections, deletions and merges are kept as rows, so re-extraction
# can recognise the machine event each one stands for (``extracted_type`` + span) and never
# brings a deleted or merged event back. Every change is logged with who and when.
_V2 = [
    "ALTER TABLE events ADD COLUMN extracted_type TEXT",
    "UPDATE events SET extracted_type = type WHERE origin = 'machine'",
    "ALTER TABLE events ADD COLUMN edited_by TEXT",
    "ALTER TABLE events ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE events ADD COLUMN merged_into INTEGER REFERENCES events(id) ON DELETE SET NULL",
    """CREATE TABLE event_edits (
        id INTEGER PRIMARY KEY,
        action TEXT NOT NULL,
        event_ids TEXT NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        who TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
]

# Online geocoding (``explorer geocode --online``): every answer a provider gave for a place
# name, so no name is asked twice. ``outcome`` is ``found`` (with a WGS-84 coordinate,
# converted from GCJ-02/BD-09 where the provider uses those), ``none`` (no result) or
# ``outside`` (the result lies outside Jiangmen). Failed requests are not stored.
_V3 = [
    f"""CREATE TABLE geocode_cache (
        provider TEXT NOT NULL,
        query TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('found', 'none', 'outside')),
        lat REAL,
        lon REAL,
        precision TEXT {_one_of("precision", GEO_PRECISIONS)},
        source TEXT,
        address TEXT,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (provider, query),
        CHECK ((outcome = 'found') = (lat IS NOT NULL AND lon IS NOT NULL))
    )""",
]

# One sentence can state two events of one type (two projects 竣工 in one sentence): the
# extracted title tells them apart, so correcting one never hides its sibling on
# re-extraction. Rows curated before this step keep matching by type and sentence.
_V4 = [
    "ALTER TABLE events ADD COLUMN extracted_title TEXT",
    "UPDATE events SET extracted_title = title WHERE origin = 'machine' AND edited = 0",
]

# Place fixes: a user's location for a place (``name``, every event naming it) or for one
# event (``event_id``, an event without a place), WGS-84, with the district the point lies
# in (point-in-polygon; NULL just outside Jiangmen). An override wins over the gazetteer and
# the geocoder: store/place_fixes.py writes it into the events, and again after every
# re-extraction or import. ``events_by_place`` finds the events of a place at 100k events.
_V5 = [
    f"""CREATE TABLE place_overrides (
        id INTEGER PRIMARY KEY,
        name TEXT,
        event_id INTEGER REFERENCES events(id) ON DELETE CASCADE,
        lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
        district TEXT {_one_of("district", DISTRICTS)},
        who TEXT NOT NULL,
        at TEXT NOT NULL,
        note TEXT,
        CHECK ((name IS NULL) != (event_id IS NULL))
    )""",
    "CREATE UNIQUE INDEX place_overrides_by_name ON place_overrides(name) WHERE name IS NOT NULL",
    """CREATE UNIQUE INDEX place_overrides_by_event ON place_overrides(event_id)
       WHERE event_id IS NOT NULL""",
    "CREATE INDEX events_by_place ON events(place)",
]

# Where each event's date came from (sentence, frame, dateline, publication): how sure it is.
_V6 = ["ALTER TABLE events ADD COLUMN date_source TEXT"]

# The article (of a page's several) whose body holds an event's sentence: what the text
# filter searches and what "in the same article" means. Set at every insert of events
# (repository.replace_machine_events) and here for the events stored before.
ARTICLE_OF_EVENT = """(SELECT a.id FROM articles a WHERE a.document_id = events.document_id
    AND a.start <= events.span_start AND events.span_start < a."end" ORDER BY a.seq LIMIT 1)"""
_V7 = [f"UPDATE events SET article_id = {ARTICLE_OF_EVENT} WHERE article_id IS NULL"]

# What each document was read from (text, html, pdf, docx…) and the newspaper page each
# article was printed on (the detail pane says "A10 版"). Older documents were all text.
_V8 = [
    "ALTER TABLE documents ADD COLUMN format TEXT NOT NULL DEFAULT 'text'",
    "ALTER TABLE articles ADD COLUMN page TEXT",
]

# Analysts sharing one database (a team's PostgreSQL server): every write to an event's
# curated or located columns counts up its version, so a correction made on a stale view
# (another analyst changed the event since it was read) is refused, never silently
# overwritten (store/curation.py).
_V9 = ["ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 0"]

MIGRATIONS: tuple[list[str], ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9)
SCHEMA_VERSION = len(MIGRATIONS)
