"""First launch: fill a new user database with the bundled gazetteer and sample corpus."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

from explorer.pipeline.gazetteer import read_gazetteer
from explorer.store import repository
from explorer.store.db import now, transaction
from explorer.store.dialect import StoreConnection
from explorer.store.importer import Extractor, ImportReport, Progress, import_corpus

BUNDLED_CORPUS_KEY = "bundled_corpus_imported"


def ensure_places(conn: StoreConnection, gazetteer: Path) -> int:
    """Load the gazetteer into ``places`` if the table is empty; return the place count."""
    present = conn.execute("SELECT count(*) FROM places").fetchone()[0]
    if present:
        return int(present)
    places = read_gazetteer(gazetteer)
    with transaction(conn):
        return repository.replace_places(conn, places)


def first_launch_import(
    conn: StoreConnection, corpus: Path, extract: Extractor | None = None
) -> Generator[Progress, None, ImportReport | None]:
    """Import the bundled corpus once per database; ``None`` if that was done before.

    Remembered in ``meta`` rather than inferred from an empty table, so a user who deletes
    the sample documents does not get them back on the next start.
    """
    if repository.get_meta(conn, BUNDLED_CORPUS_KEY):
        return None
    report = yield from import_corpus(conn, [corpus], extract)
    if report.exit_code == 0:
        with transaction(conn):
            repository.set_meta(conn, BUNDLED_CORPUS_KEY, now())
    return report
