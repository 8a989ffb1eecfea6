"""Rolling backups of the database, made with SQLite's online backup API.

A backup is a complete, consistent copy (``sqlite3.Connection.backup`` copies page by page
under a read transaction, so the window or an import may keep using the database). They
live in ``backups/`` next to the database, named ``<stem>-<UTC time>-<reason>.sqlite3`` so
that the names sort by age, and only the newest :data:`KEEP` stay.

Made before every migration (a schema step cannot be undone) and once a day at open (what
a damaged file costs is then at most a day of curation). Never for an in-memory database
nor, unless asked, while ``EXPLORER_DATA_DIR`` is set (tests, CI): set
``EXPLORER_BACKUPS=1`` to have them there too (a portable install), ``0`` to never.

This module imports nothing of the store: :mod:`explorer.store.db` calls it while opening.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

KEEP = 7
DAILY = timedelta(days=1)
_STAMP = "%Y%m%dT%H%M%SZ"
_SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    made: datetime  # UTC
    reason: str  # "daily", "pre-migration", "manual", "pre-restore"
    size: int  # bytes


def wanted(db_path: Path) -> bool:
    """Whether :func:`explorer.store.db.connect` backs up ``db_path`` by itself."""
    if str(db_path) in ("", ":memory:") or str(db_path).startswith("file::memory:"):
        return False
    choice = os.environ.get("EXPLORER_BACKUPS")
    if choice is not None:
        return choice.strip() not in ("", "0", "no", "false")
    return not os.environ.get("EXPLORER_DATA_DIR")


def backup_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def list_backups(db_path: Path) -> list[Backup]:
    """The backups of ``db_path``, newest first."""
    found = []
    stem = Path(db_path).stem
    for path in backup_dir(db_path).glob(f"{stem}-*.sqlite3"):
        parsed = _parse(path.name[len(stem) + 1 : -len(".sqlite3")])
        if parsed is not None:
            found.append(Backup(path, parsed[0], parsed[1], path.stat().st_size))
    return sorted(found, key=lambda b: (b.made, b.path.name), reverse=True)


def _parse(rest: str) -> tuple[datetime, str] | None:
    stamp, _, reason = rest.partition("-")
    try:
        made = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None  # another database's backups (``explorer-old-…``) or a stray file
    return made, reason or "backup"


def make_backup(
    conn: sqlite3.Connection, db_path: Path, reason: str = "manual", keep: int = KEEP
) -> Path:
    """Copy the open database into a new backup; drop the oldest beyond ``keep``.

    Written under a temporary name and renamed when complete, so an interrupted backup
    (the process killed mid-copy) never shows up as one.
    """
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    made = datetime.now(UTC)
    final = folder / f"{Path(db_path).stem}-{made.strftime(_STAMP)}-{reason}.sqlite3"
    partial = final.with_name(final.name + ".partial")
    target = sqlite3.connect(partial)
    try:
        conn.backup(target)
        # A single self-contained file: no WAL beside it that a copy or a reader could miss
        # (or leave behind); connect() turns WAL on again in a restored database.
        target.execute("PRAGMA journal_mode=DELETE")
        target.close()
        partial.replace(final)
    except BaseException:  # a full disk mid-copy: no half backup left taking its room
        target.close()
        for debris in (partial, Path(f"{partial}-journal")):
            debris.unlink(missing_ok=True)
        raise
    prune(db_path, keep)
    return final


def daily_backup(conn: sqlite3.Connection, db_path: Path) -> Path | None:
    """A backup when the newest is older than a day (or there is none); else ``None``.
    Costs one directory listing when none is due."""
    newest = next(iter(list_backups(db_path)), None)
    if newest is not None and datetime.now(UTC) - newest.made < DAILY:
        return None
    return make_backup(conn, db_path, "daily")


def prune(db_path: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups; the deleted paths."""
    old = [b.path for b in list_backups(db_path)[keep:]]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def find_backup(db_path: Path, name: str | Path) -> Path:
    """A backup given by path, or by file name inside ``backups/``; raises ``FileNotFoundError``."""
    given = Path(name)
    for candidate in (given, backup_dir(db_path) / given.name):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{name}: no such backup (see `explorer backups`)")


def verify(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` of a file opened read-only: ``["ok"]`` when sound."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        conn.close()


def move_aside(db_path: Path, label: str) -> Path | None:
    """Rename the database (and its WAL and shared-memory files) to ``<name>.<label>-<time>``:
    kept, never deleted, out of the way. The new main file's path, or ``None`` if none."""
    db_path = Path(db_path)
    if not db_path.exists():
        return None
    stamp = datetime.now(UTC).strftime(_STAMP)
    aside = db_path.with_name(f"{db_path.name}.{label}-{stamp}")
    for suffix in _SIDE_FILES:  # the WAL first: it belongs to the main file
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            side.replace(f"{aside}{suffix}")
    db_path.replace(aside)
    return aside


def restore(db_path: Path, backup: Path) -> Path | None:
    """Put ``backup`` in place of ``db_path``: the current file is moved aside first (its
    new path is returned), the backup is copied, never moved (it stays a backup).

    Raises ``ValueError`` when the backup itself fails its integrity check.
    """
    problems = verify(backup)
    if problems != ["ok"]:
        raise ValueError(f"{backup}: the backup is damaged too ({'; '.join(problems[:2])})")
    aside = move_aside(db_path, "replaced")
    partial = Path(f"{db_path}.partial")
    shutil.copyfile(backup, partial)
    partial.replace(db_path)
    return aside
