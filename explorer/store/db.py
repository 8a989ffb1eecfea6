"""Open the event store: WAL, foreign keys, migrations, explicit transactions.

A SQLite file by default; ``postgresql://user@host:port/db`` opens a team's PostgreSQL
server instead (:mod:`explorer.store.pg`), with the same schema and migrations. What differs
between the two is in :mod:`explorer.store.dialect`.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from explorer.store import backups as rolling  # imports nothing of the store: no circle
from explorer.store.dialect import (
    SqliteConnection,
    StoreConnection,
    dialect_of,
    is_server_url,
)
from explorer.store.schema import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)


class StoreError(Exception):
    """The database cannot be used (not a database, newer schema, locked…)."""


# SQLite's messages for a file whose pages do not hold what its b-trees say (SQLITE_CORRUPT,
# SQLITE_NOTADB): no retry helps, only `explorer recover` or a backup.
_DAMAGE_MESSAGES = ("malformed", "not a database", "corrupt")
DAMAGED_EXIT = 3  # the CLI's exit code for a damaged database, distinct from 1 and 2


class DamagedDatabase(StoreError):
    """The database file is damaged: what the user can do is in the message."""

    def __init__(self, path: str | Path, detail: str) -> None:
        self.path = Path(path)
        self.detail = detail
        super().__init__(
            f"{path}: the database file is damaged ({detail}); run `explorer check --db {path}` "
            f"for details, then `explorer recover --db {path} -o NEW.sqlite3` to rebuild it "
            f"or `explorer backups --db {path}` to restore a backup"
        )


def is_damage(error: BaseException) -> bool:
    """True for the errors SQLite raises on a damaged file (not on a locked or busy one)."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    text = str(error).lower()
    return any(message in text for message in _DAMAGE_MESSAGES)


def connect(
    path: str | Path, *, check: bool = True, backups: bool | None = None
) -> StoreConnection:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date:
    a PostgreSQL URL (:func:`connect_server`), else a SQLite file (:func:`connect_file`)."""
    if is_server_url(path):
        return connect_server(str(path))
    return connect_file(path, check=check, backups=backups)


def connect_file(
    path: str | Path, *, check: bool = True, backups: bool | None = None
) -> sqlite3.Connection:
    """Open (creating if needed) the SQLite database at ``path``, schema up to date.

    ``check`` runs ``PRAGMA quick_check`` first and raises :class:`DamagedDatabase` on a
    damaged file, before any command trusts it. ``backups``: copy the database into
    ``backups/`` before a migration and once a day (:mod:`explorer.store.backups`); by
    default only for a user's real database, never in tests (``EXPLORER_DATA_DIR``).

    The connection is in autocommit mode; group writes with :func:`transaction`.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=30, factory=SqliteConnection)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"{path}: cannot open the database ({error})") from None
    try:
        conn.row_factory = sqlite3.Row
        # WAL: readers (the window) never block the importer and a crash mid-write
        # leaves the last committed state; NORMAL sync is durable enough with WAL.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        if check:
            _quick_check(conn, path)
        keep = rolling.wanted(path) if backups is None else backups
        version = _version(conn)  # 0: a database being created, nothing to keep yet
        if keep and 0 < version < SCHEMA_VERSION:
            _safely(lambda: rolling.make_backup(conn, path, f"pre-migration-v{version}"), path)
        migrate(conn)
        if keep and version:
            _safely(lambda: rolling.daily_backup(conn, path), path)
    except DamagedDatabase:
        conn.close()
        raise
    except sqlite3.DatabaseError as error:
        conn.close()
        if is_damage(error) and ("not a database" not in str(error) or _was_database(path)):
            raise DamagedDatabase(path, str(error)) from None
        raise StoreError(f"{path}: not a usable explorer database ({error})") from None
    except StoreError as error:
        conn.close()
        raise StoreError(f"{path}: {error}") from None
    return conn


def connect_server(url: str) -> StoreConnection:
    """Open a PostgreSQL database by URL and bring its schema up to date.

    No quick check and no backups: the server keeps its files sound, and a team backs it
    up with the server's own tools (pg_dump, base backups).
    """
    try:
        from explorer.store.pg import PgConnection

        conn = PgConnection(url)
    except ImportError as error:
        raise StoreError(f"{shown(url)}: PostgreSQL support is not installed ({error})") from None
    except Exception as error:  # psycopg.OperationalError: no server, no such database, auth
        raise StoreError(f"{shown(url)}: cannot open the database ({error})") from None
    try:
        migrate(conn)
    except StoreError as error:
        conn.close()
        raise StoreError(f"{shown(url)}: {error}") from None
    return conn


def is_server_error(error: BaseException) -> bool:
    """True for what psycopg raises mid-command (a dropped connection, a refused write)."""
    try:
        import psycopg
    except ImportError:
        return False
    return isinstance(error, psycopg.Error)


def location(conn: StoreConnection) -> Path | str:
    """What :func:`connect` opened: the SQLite file, or the server's URL (for the window's
    workers, which open their own connections)."""
    url = getattr(conn, "url", None)
    if isinstance(url, str):
        return url
    return Path(conn.execute("PRAGMA database_list").fetchone()[2])


def db_argument(text: str) -> Path | str:
    """``--db``: a PostgreSQL URL as given, else a file path (``Path`` would fold the URL's
    ``//``)."""
    return text if is_server_url(text) else Path(text)


def shown(url: str) -> str:
    """A server URL without its password, for messages and logs."""
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    user = credentials.partition(":")[0]
    return f"{scheme}://{user}@{host}"


def _safely(backup: Callable[[], object], path: Path) -> None:
    """Make a backup; one that fails (a full disk, a read-only folder) is logged and never
    keeps the user from the database. A migration still runs: it is one transaction."""
    try:
        backup()
    except (OSError, sqlite3.Error) as error:
        log.warning("%s: no backup made (%s)", path, error)


def _was_database(path: Path) -> bool:
    """Whether a file SQLite calls "not a database" is one whose first page was damaged
    rather than some other file given by mistake: a database is whole pages (512 bytes to
    64 KB, so a multiple of 512) and has backups or its own name."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    if size < 1024 or size % 512:
        return False
    return path.suffix in (".sqlite3", ".sqlite", ".db") or bool(rolling.list_backups(path))


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Raise :class:`DamagedDatabase` unless SQLite's quick check finds the file sound.

    ``quick_check`` reads every page (catching overwritten or truncated pages before a
    command dies half-way with a traceback) but does not match indexes to their tables.
    Row CHECK constraints are left out: they were enforced on every write, and evaluating
    them took 2-3 times as long (10,000 articles, 81 MB: 70-120 ms instead of 240-280;
    bench/bench_db_health.py). Once per file and process: the window's workers open the
    database again for every load.
    """
    key = _file_key(path)
    if key is not None and key in _checked:
        return
    conn.execute("PRAGMA ignore_check_constraints=ON")
    try:
        rows = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    finally:
        conn.execute("PRAGMA ignore_check_constraints=OFF")
    if rows != ["ok"]:
        raise DamagedDatabase(path, _first_problem(rows))
    if key is not None:
        _checked.add(key)


_checked: set[tuple[str, int, int]] = set()


def _first_problem(rows: list[str]) -> str:
    """SQLite's first finding, on one line (the full list is ``explorer check``'s)."""
    lines = [line for row in rows for line in row.splitlines() if not line.startswith("***")]
    more = f" and {len(lines) - 1} more problems" if len(lines) > 1 else ""
    return (lines[0] if lines else "quick_check failed") + more


def _file_key(path: Path) -> tuple[str, int, int] | None:
    """The file's identity (a restored or recovered file is another inode: checked again)."""
    try:
        stat = path.stat()
    except OSError:
        return None  # in memory
    return (str(path.resolve()), stat.st_dev, stat.st_ino)


def _version(conn: StoreConnection) -> int:
    """How many migration steps the database has run (SQLite: ``PRAGMA user_version``;
    PostgreSQL: the one row of ``explorer_schema``, which a new database lacks)."""
    if not dialect_of(conn).is_postgres:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    if conn.execute("SELECT to_regclass('explorer_schema')").fetchone()[0] is None:
        return 0
    row = conn.execute("SELECT version FROM explorer_schema").fetchone()
    return int(row[0]) if row else 0


def _set_version(conn: StoreConnection, version: int) -> None:
    if not dialect_of(conn).is_postgres:
        conn.execute(f"PRAGMA user_version = {version}")
        return
    conn.execute("DELETE FROM explorer_schema")
    conn.execute("INSERT INTO explorer_schema (version) VALUES (?)", (version,))


def migrate(conn: StoreConnection) -> int:
    """Run the migration steps this database has not run yet; return the new version.

    Each step runs in its own transaction with the version bump. On PostgreSQL two clients
    may start at once: a step first locks the version row and reads it again, so each step
    runs once.
    """
    dialect = dialect_of(conn)
    _refuse_newer(_version(conn))
    if _version(conn) == SCHEMA_VERSION:
        return SCHEMA_VERSION  # no write lock taken to open an up-to-date database
    if dialect.is_postgres:
        conn.execute("CREATE TABLE IF NOT EXISTS explorer_schema (version INTEGER NOT NULL)")
    while True:
        with transaction(conn):
            if dialect.is_postgres:
                conn.execute("LOCK TABLE explorer_schema IN EXCLUSIVE MODE")
            version = _version(conn)
            _refuse_newer(version)
            if version == SCHEMA_VERSION:
                return SCHEMA_VERSION
            for statement in MIGRATIONS[version]:
                for translated in dialect.ddl(statement):
                    conn.execute(translated)
            _set_version(conn, version + 1)


def _refuse_newer(version: int) -> None:
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"schema version {version} is newer than this program's ({SCHEMA_VERSION}); "
            "update Jiangmen Explorer"
        )


@contextmanager
def transaction(conn: StoreConnection) -> Iterator[StoreConnection]:
    """All statements inside commit together or not at all (also on GeneratorExit)."""
    conn.execute(dialect_of(conn).begin)
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def now() -> str:
    """The time stamp stored with imports, edits and fixes: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
