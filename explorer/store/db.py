"""Open the SQLite event store: WAL, foreign keys, migrations, explicit transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from explorer.store.schema import MIGRATIONS, SCHEMA_VERSION


class StoreError(Exception):
    """The database cannot be used (not a database, newer schema, locked…)."""


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    The connection is in autocommit mode; group writes with :func:`transaction`.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"{path}: cannot open the database ({error})") from None
    try:
        conn.row_factory = sqlite3.Row
        # WAL: readers (the window) never block the importer and a crash mid-write
        # leaves the last committed state; NORMAL sync is durable enough with WAL.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        migrate(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        raise StoreError(f"{path}: not a usable explorer database ({error})") from None
    except StoreError as error:
        conn.close()
        raise StoreError(f"{path}: {error}") from None
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Run the migration steps this database has not run yet; return the new version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"schema version {version} is newer than this program's ({SCHEMA_VERSION}); "
            "update Jiangmen Explorer"
        )
    for step in range(version, SCHEMA_VERSION):
        with transaction(conn):
            for statement in MIGRATIONS[step]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")
    return SCHEMA_VERSION


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All statements inside commit together or not at all (also on GeneratorExit)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def now() -> str:
    """The time stamp stored with imports, edits and fixes: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
