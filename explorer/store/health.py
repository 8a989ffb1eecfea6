"""Checking a database file and rebuilding a damaged one (``explorer check``/``recover``).

Both work on the file without :func:`explorer.store.db.connect` (which refuses a damaged
file) and never write to it: the check opens it read-only, recovery reads a copy.

Recovery salvages what still reads, preferably with the ``sqlite3`` shell's ``.recover``
(it walks every page, also those no longer reachable from a damaged b-tree), else row by
row in Python. Then it builds a new database at the current schema: the documents with
their articles and search index, the user's curations (edited, user-made, deleted and
merged events, the edit log, place fixes), and machine events extracted again from the
documents' stored text, exactly as ``explorer reextract`` does.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from explorer.core.articles import Article, Block, BlockKind, Document
from explorer.pipeline.documents import content_hash
from explorer.pipeline.layout import split_articles
from explorer.store import page_salvage
from explorer.store.db import connect_file, transaction
from explorer.store.importer import Extractor, Progress, import_documents, reextract, run_to_end
from explorer.store.overrides import apply_overrides

Row = dict[str, Any]
log = logging.getLogger(__name__)


# --- check --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckReport:
    path: Path
    problems: tuple[str, ...]  # SQLite's messages; empty when the file is sound
    damaged: tuple[str, ...]  # the tables and indexes those messages name

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.ok:
            return [f"{self.path}: ok (full integrity check passed)"]
        found = len(self.problems)
        lines = [f"{self.path}: DAMAGED ({found} problem{'s' if found > 1 else ''} found)"]
        if self.damaged:
            lines.append("damaged: " + ", ".join(self.damaged))
        lines += [f"  {problem}" for problem in self.problems[:10]]
        if len(self.problems) > 10:
            lines.append(f"  … and {len(self.problems) - 10} more")
        lines.append(
            f"next: `explorer recover --db {self.path} -o NEW.sqlite3` rebuilds what still "
            f"reads; `explorer backups --db {self.path}` lists the backups to restore"
        )
        return lines


def check(path: Path, limit: int = 100) -> CheckReport:
    """The full ``PRAGMA integrity_check`` of ``path``, opened read-only."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such database file")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        try:
            rows = [row[0] for row in conn.execute(f"PRAGMA integrity_check({limit})")]
        except sqlite3.DatabaseError as error:  # the check itself stumbled: read table by table
            return CheckReport(path, (str(error),), _unreadable_tables(conn))
        problems = tuple(rows) if rows != ["ok"] else ()
        return CheckReport(path, problems, _named_trees(conn, problems))
    finally:
        conn.close()


def _unreadable_tables(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The tables a full read of fails on (when integrity_check cannot even finish)."""
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    except sqlite3.DatabaseError:
        return ("the schema (sqlite_master)",)
    broken = []
    for name in names:
        try:
            for _ in conn.execute(f'SELECT * FROM "{name}"'):
                pass
        except sqlite3.DatabaseError:
            broken.append(name)
    return tuple(broken)


def _named_trees(conn: sqlite3.Connection, problems: Sequence[str]) -> tuple[str, ...]:
    """The tables and indexes behind "Tree N page …" messages (N is a root page)."""
    roots = {int(m) for p in problems for m in re.findall(r"Tree (\d+)", p)}
    try:
        names = dict(conn.execute("SELECT rootpage, name FROM sqlite_master WHERE rootpage"))
    except sqlite3.DatabaseError:
        return ()
    named = [names.get(root, f"page tree {root}") for root in sorted(roots)]
    if any("wrong # of entries in index" in p for p in problems):
        named += [p.rsplit(" ", 1)[-1] for p in problems if "wrong # of entries" in p]
    return tuple(dict.fromkeys(named))


# --- salvage ------------------------------------------------------------------------------

# What recovery reads from the damaged file; the rest (articles' search index, machine
# events, the gazetteer) is rebuilt.
_TABLES = ("meta", "documents", "articles", "events", "event_edits", "place_overrides")
_OPTIONAL = ("geocode_cache",)


def _salvage_with_shell(shell: str, copy: Path, salvage: Path) -> bool:
    """``sqlite3 COPY .recover | sqlite3 SALVAGE``; False when the shell fails.

    It fails on Debian 12 (and its 3.40 shell): built without the ``sqlite_dbpage`` table
    that ``.recover`` reads pages through ("no such table: sqlite_dbpage"). That is why
    the ``sqlite3`` package is not in packaging/debian-packages.txt and the row-by-row
    reading below is what the tests exercise.
    """
    script = salvage.with_suffix(".sql")
    with script.open("wb") as out:
        # Its complaints ("sql error: SQL logic error") are for the log, not the terminal:
        # the reading below takes over and the report says how the file was read.
        dumped = subprocess.run(
            [shell, str(copy), ".recover"], stdout=out, stderr=subprocess.PIPE, check=False
        )
    if dumped.returncode != 0:
        log.info("sqlite3 .recover failed: %s", dumped.stderr.decode(errors="replace").strip())
        return False
    with script.open("rb") as sql:
        loaded = subprocess.run([shell, str(salvage)], stdin=sql, capture_output=True, check=False)
    return loaded.returncode == 0 or salvage.exists()


def _table_rows(conn: sqlite3.Connection, table: str) -> list[Row]:
    """Every row of ``table`` that reads, skipping damaged pages: read in rowid order, and
    after an error probe ever further ahead for the next rowid that reads."""
    rows: list[Row] = []
    after = -(2**63)
    while True:
        try:
            for row in conn.execute(
                f'SELECT rowid AS "_rowid_", * FROM "{table}" WHERE rowid > ? ORDER BY rowid',
                (after,),
            ):
                rows.append(dict(row))
                after = row["_rowid_"]
            return rows
        except sqlite3.DatabaseError:
            following = _next_readable(conn, table, after)
            if following is None:
                return rows
            after = following - 1


def _next_readable(conn: sqlite3.Connection, table: str, after: int) -> int | None:
    step = 1
    while step < 2**40:
        try:
            found = conn.execute(
                f'SELECT rowid FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT 1',
                (after + step,),
            ).fetchone()
            return None if found is None else int(found[0])
        except sqlite3.DatabaseError:
            step *= 2
    return None


def _read_tables(conn: sqlite3.Connection) -> dict[str, list[Row]]:
    conn.row_factory = sqlite3.Row
    try:
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        present = set()
    return {t: _table_rows(conn, t) if t in present else [] for t in (*_TABLES, *_OPTIONAL)}


def salvage(damaged: Path, work: Path, shell: str | None) -> tuple[dict[str, list[Row]], str]:
    """The rows that still read, by table, and how they were read. ``damaged`` is copied
    into ``work`` first (with its WAL): SQLite may write to a file it opens."""
    copy = work / "damaged.sqlite3"
    shutil.copyfile(damaged, copy)
    for suffix in ("-wal",):
        side = Path(f"{damaged}{suffix}")
        if side.exists():
            shutil.copyfile(side, f"{copy}{suffix}")
    _fold_wal(copy)
    if shell:
        salvaged = work / "salvaged.sqlite3"
        if _salvage_with_shell(shell, copy, salvaged):
            conn = sqlite3.connect(salvaged)
            try:
                return _read_tables(conn), "sqlite3 .recover"
            finally:
                conn.close()
    conn = sqlite3.connect(copy)
    try:
        how = "row by row" + (" (the sqlite3 program's .recover failed)" if shell else "")
        tables = _read_tables(conn)
    finally:
        conn.close()
    added = _add_from_pages(copy, work, tables)
    if added:
        how += f", and {added} rows from pages the damaged b-trees no longer reach"
    return tables, how


def _fold_wal(copy: Path) -> None:
    """Write the copy's WAL into it, as far as that goes: the page scan reads the file."""
    if not Path(f"{copy}-wal").exists():
        return
    conn = sqlite3.connect(copy)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError as error:
        log.info("%s: the WAL could not be folded in (%s)", copy, error)
    finally:
        conn.close()


def _add_from_pages(copy: Path, work: Path, tables: dict[str, list[Row]]) -> int:
    """Add to ``tables`` the rows of :mod:`explorer.store.page_salvage` whose rowids the
    reading through the b-trees did not give; how many were added.

    The tables' shapes come from the damaged file's own schema where it reads (its rows
    were written to it), else from a new database at the current schema."""
    reference = work / "reference.sqlite3"
    connect_file(reference, check=False, backups=False).close()
    conn = sqlite3.connect(reference)
    try:
        known = page_salvage.shapes(conn)
    finally:
        conn.close()
    conn = sqlite3.connect(copy)
    try:
        known.update(page_salvage.shapes(conn))
    except sqlite3.DatabaseError:
        pass  # the schema does not read: the current one stands in
    finally:
        conn.close()
    found = page_salvage.scan(copy, known)
    added = 0
    for table, rows in tables.items():
        have = {row.get("_rowid_") for row in rows}
        for row in found.rows.get(table, ()):
            if row["_rowid_"] not in have:
                have.add(row["_rowid_"])
                rows.append(row)
                added += 1
    return added


# --- rebuild ------------------------------------------------------------------------------


@dataclass(slots=True)
class RecoveryReport:
    method: str = ""
    documents: int = 0
    documents_expected: int | None = None  # what the imports table recorded, if it reads
    machine_events: int = 0
    curated_events: int = 0
    replayed: int = 0  # lost edited events rebuilt from the edit log
    edit_records: int = 0
    place_fixes: int = 0
    lost: list[str] = field(default_factory=list)

    def lines(self, out: Path) -> list[str]:
        expected = f" of at most {self.documents_expected}" if self.documents_expected else ""
        lines = [
            f"recovered into {out} (read with {self.method})",
            f"documents: {self.documents}{expected} (articles and search index rebuilt)",
            f"machine events: {self.machine_events} (extracted again from the documents)",
            f"your curations: {self.curated_events} edited/added/deleted/merged events, "
            f"{self.edit_records} edit records, {self.place_fixes} place fixes",
        ]
        if self.replayed:
            lines.append(
                f"re-applied: {self.replayed} corrected events whose rows were lost, "
                "from the edit log to the events extracted again"
            )
        missing = (self.documents_expected or 0) - self.documents
        lost = [f"up to {missing} documents that did not read"] if missing > 0 else []
        lines += [f"lost: {line}" for line in lost + self.lost] or ["lost: nothing that was read"]
        return lines


def recover(
    damaged: Path,
    out: Path,
    extract: Extractor,
    on_progress: Callable[[Progress], None] | None = None,
    shell: str | None = "auto",
) -> RecoveryReport:
    """Build ``out`` (which must not exist) from what still reads of ``damaged``.

    ``shell``: the ``sqlite3`` program (``"auto"``: found on PATH, ``None``: Python only).
    """
    damaged, out = Path(damaged), Path(out)
    if out.exists():
        raise FileExistsError(f"{out}: already exists; recovery writes a new file")
    if not damaged.is_file():
        raise FileNotFoundError(f"{damaged}: no such database file")
    if shell == "auto":
        shell = shutil.which("sqlite3")
    report = RecoveryReport()
    with tempfile.TemporaryDirectory(prefix="explorer-recover-") as work:
        tables, report.method = salvage(damaged, Path(work), shell)
    read_ids = [r["id"] for r in tables["documents"] if isinstance(r.get("id"), int)]
    report.documents_expected = max([_expected_documents(damaged) or 0, *read_ids]) or None
    conn = connect_file(out, backups=False)
    try:
        _rebuild(conn, tables, report, extract, on_progress)
    finally:
        conn.close()
    return report


def _expected_documents(damaged: Path) -> int | None:
    """How many documents the imports recorded (a hint at what was lost), if that reads."""
    try:
        conn = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT max(id) FROM documents").fetchone()[0] or 0)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None


def _rebuild(
    conn: sqlite3.Connection,
    tables: dict[str, list[Row]],
    report: RecoveryReport,
    extract: Extractor,
    on_progress: Callable[[Progress], None] | None,
) -> None:
    from explorer import paths
    from explorer.store.bootstrap import ensure_places

    ensure_places(conn, paths.gazetteer_path())
    documents = list(_documents(tables["documents"], tables["articles"]))
    run_to_end(import_documents(conn, [d for _, d in documents], "recovered"), on_progress)
    report.documents = len(documents)
    new_ids = dict(conn.execute("SELECT doc_id, id FROM documents").fetchall())
    by_old = {old: new_ids[doc.doc_id] for old, doc in documents if doc.doc_id in new_ids}
    with transaction(conn):
        _copy_simple(conn, "meta", tables["meta"])
        _copy_simple(conn, "geocode_cache", tables["geocode_cache"])
        kept = _copy_curated(conn, tables["events"], by_old, report)
        report.edit_records = _copy_simple(conn, "event_edits", tables["event_edits"])
        pending = _copy_place_fixes(conn, tables["place_overrides"], kept, report)
    run_to_end(reextract(conn, extract), on_progress)
    _renumber_machine_events(conn, tables)
    with transaction(conn):
        report.replayed = _replay_lost_edits(conn, tables["event_edits"])
    report.machine_events = conn.execute(
        "SELECT count(*) FROM events WHERE origin = 'machine' AND edited = 0"
    ).fetchone()[0]
    with transaction(conn):
        _event_fixes(conn, pending, tables["events"], by_old, report)
        apply_overrides(conn)
    _note_lost_edits(conn, tables["event_edits"], report)


def _renumber_machine_events(conn: sqlite3.Connection, tables: dict[str, list[Row]]) -> None:
    """Move the re-extracted events above every id the damaged file used, so the edit log
    never names a new event by a lost one's id.

    Nothing references them yet, so foreign keys are off meanwhile: with them on, every
    changed id scans the events for merges into it (``merged_into`` has no index), which
    took minutes at 10,000 articles.
    """
    used = [int(r["id"]) for r in tables["events"] if isinstance(r.get("id"), int)]
    for row in tables["event_edits"]:
        try:
            used += [int(i) for i in _json(row.get("event_ids") or "[]")]
        except (TypeError, ValueError):
            continue
    current = conn.execute("SELECT max(id) FROM events").fetchone()[0] or 0
    offset = max([current, *used])
    conn.execute("PRAGMA foreign_keys=OFF")  # only outside a transaction
    try:
        with transaction(conn):
            conn.execute(
                "UPDATE events SET id = id + ? WHERE origin = 'machine' AND edited = 0", (offset,)
            )
    finally:
        conn.execute("PRAGMA foreign_keys=ON")


def _documents(documents: list[Row], articles: list[Row]) -> Iterator[tuple[int, Document]]:
    """(old row id, document) for every salvaged document whose text reads."""
    by_document: dict[int, list[Article]] = {}
    for row in sorted(articles, key=lambda r: (r.get("document_id") or 0, r.get("seq") or 0)):
        try:
            blocks = tuple(Block(b[0], b[1], BlockKind(b[2])) for b in _json(row["blocks"]))
            article = Article(
                row["seq"], row["title"], row["start"], row["end"], blocks, row.get("page")
            )
        except (KeyError, TypeError, ValueError, IndexError):
            continue  # a half-read row: the document gets a whole-body article instead
        by_document.setdefault(row["document_id"], []).append(article)
    for row in documents:
        if not isinstance(row.get("raw_text"), str) or not row.get("doc_id"):
            continue
        yield row["id"], _document(row, tuple(by_document.get(row["id"], ())))


def _json(text: str) -> Any:
    return json.loads(text)


def _document(row: Row, articles: tuple[Article, ...]) -> Document:
    raw, offset = row["raw_text"], int(row.get("body_offset") or 0)
    if not articles:  # its articles were lost: split the text again as an import does
        articles = _split_again(raw[offset:], row.get("title") or row["doc_id"])
    pub = row.get("pub_date")
    return Document(
        doc_id=row["doc_id"],
        source_path=row.get("source_path") or "recovered",
        encoding=row.get("encoding") or "utf-8",
        raw_text=raw,
        body_offset=offset,
        title=row.get("title"),
        pub_date=date.fromisoformat(pub) if pub else None,
        pub_precision=row.get("pub_precision"),
        source=row.get("source"),
        url=row.get("url"),
        content_hash=row.get("content_hash") or content_hash(raw),
        articles=articles,
        format=row.get("format") or "text",
    )


def _split_again(body: str, title: str) -> tuple[Article, ...]:
    """The articles of a text page or record as the importer splits them (a PDF's or web
    page's own layout is not stored: those come back as their text would). One article of
    the whole body when the splitter finds none."""
    articles = tuple(split_articles(body, title))
    if articles:
        return articles
    return (Article(1, title, 0, len(body), (Block(0, len(body), BlockKind.TEXT),)),)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r["name"] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _insert(conn: sqlite3.Connection, table: str, row: Row, verb: str = "INSERT") -> bool:
    """Insert the columns of ``row`` the table has; False when the row breaks a constraint
    (a half-read row, a value damage changed)."""
    names = [c for c in _columns(conn, table) if c in row]
    quoted = ", ".join(f'"{c}"' for c in names)
    try:
        conn.execute(
            f'{verb} INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(names))})',
            [row[c] for c in names],
        )
    except sqlite3.IntegrityError:
        return False
    return True


def _copy_simple(conn: sqlite3.Connection, table: str, rows: list[Row]) -> int:
    return sum(_insert(conn, table, row, "INSERT OR REPLACE") for row in rows)


def _is_curated(row: Row) -> bool:
    return row.get("origin") == "user" or bool(row.get("edited")) or bool(row.get("deleted"))


def _copy_curated(
    conn: sqlite3.Connection, events: list[Row], by_old: dict[int, int], report: RecoveryReport
) -> set[int]:
    """Insert the curated events under their own ids (the edit log and merges name them);
    the ids kept. Machine events are extracted again instead."""
    curated = [r for r in events if _is_curated(r)]
    kept: set[int] = set()
    orphans = 0
    for row in curated:
        if row.get("document_id") not in by_old:
            orphans += 1
            continue
        fresh = {**row, "document_id": by_old[row["document_id"]]}
        fresh.update(article_id=None, place_id=None, merged_into=None)  # set below / again
        if _insert(conn, "events", fresh):
            kept.add(row["id"])
    for row in curated:  # merges point at kept events only
        if row["id"] in kept and row.get("merged_into") in kept:
            conn.execute(
                "UPDATE events SET merged_into = ? WHERE id = ?", (row["merged_into"], row["id"])
            )
    report.curated_events = len(kept)
    if orphans:
        report.lost.append(f"{orphans} curated events whose document was lost")
    if len(kept) + orphans < len(curated):
        report.lost.append(f"{len(curated) - len(kept) - orphans} curated events that did not read")
    return kept


def _copy_place_fixes(
    conn: sqlite3.Connection, fixes: list[Row], kept: set[int], report: RecoveryReport
) -> list[Row]:
    """Copy the fixes of places and of kept events; those of machine events wait for the
    events' new ids (returned)."""
    pending = []
    for row in fixes:
        if row.get("event_id") is not None and row["event_id"] not in kept:
            pending.append(row)
        elif _insert(conn, "place_overrides", {k: v for k, v in row.items() if k != "id"}):
            report.place_fixes += 1
    return pending


def _event_fixes(
    conn: sqlite3.Connection,
    pending: list[Row],
    events: list[Row],
    by_old: dict[int, int],
    report: RecoveryReport,
) -> None:
    """A fix of one machine event moves to the re-extracted event of the same document,
    type and sentence."""
    old_events = {r["id"]: r for r in events if "id" in r}
    for fix in pending:
        old = old_events.get(fix["event_id"])
        found = None
        if old is not None and old.get("document_id") in by_old:
            found = conn.execute(
                "SELECT id FROM events WHERE document_id = ? AND type = ? AND span_start = ?",
                (by_old[old["document_id"]], old.get("type"), old.get("span_start")),
            ).fetchone()
        row = {k: v for k, v in fix.items() if k != "id"}
        if found is not None and _insert(conn, "place_overrides", {**row, "event_id": found[0]}):
            report.place_fixes += 1
        else:
            report.lost.append(f"the place fix of event {fix['event_id']} (its event is lost)")


_CURATION_ACTIONS = ("edit", "delete", "merge")  # also as "undo edit", "redo merge"…


def _curation_records(edits: list[Row]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(before, after) snapshots by event id (as text) of each readable correction, oldest
    first; place fixes log to the same table and are left out (their fix rows are kept)."""
    for row in sorted(edits, key=lambda r: r.get("id") or 0):
        if str(row.get("action", "")).split()[-1:] not in [[a] for a in _CURATION_ACTIONS]:
            continue
        try:
            before, after = _json(row["before"]), _json(row["after"])
        except (KeyError, TypeError, ValueError):
            continue
        if isinstance(before, dict) and isinstance(after, dict):
            yield before, after


def _replay_lost_edits(conn: sqlite3.Connection, edits: list[Row]) -> int:
    """Rebuild the corrected events whose rows were lost: the edit log's "before" names the
    machine event (type, title, date, project), found again among the re-extracted ones;
    it takes the lost event's id and every later "after" in turn. Rows that read are left
    as they are (they hold the latest state already)."""
    columns = set(_columns(conn, "events"))
    present = {r[0] for r in conn.execute("SELECT id FROM events")}
    rebuilt: set[int] = set()
    for before, after in _curation_records(edits):
        for key, snapshot in after.items():
            event_id = int(key)
            if event_id not in present:
                match = _machine_event(conn, before.get(key) or {})
                if match is None:
                    continue
                conn.execute("UPDATE events SET id = ? WHERE id = ?", (event_id, match))
                present.add(event_id)
                rebuilt.add(event_id)
            if event_id in rebuilt:
                _set_snapshot(conn, event_id, snapshot, columns, present)
    return len(rebuilt)


def _machine_event(conn: sqlite3.Connection, before: dict[str, Any]) -> int | None:
    """The one uncorrected machine event that looks as ``before`` did, if exactly one."""
    rows = conn.execute(
        """SELECT id FROM events WHERE origin = 'machine' AND edited = 0 AND type = ?
           AND title = ? AND date IS ? AND subject IS ?""",
        (before.get("type"), before.get("title"), before.get("date"), before.get("subject")),
    ).fetchall()
    return int(rows[0][0]) if len(rows) == 1 else None


def _set_snapshot(
    conn: sqlite3.Connection,
    event_id: int,
    snapshot: dict[str, Any],
    columns: set[str],
    present: set[int],
) -> None:
    values = {k: v for k, v in snapshot.items() if k in columns and k != "id"}
    if values.get("merged_into") is not None and values["merged_into"] not in present:
        values["merged_into"] = None  # merged into an event that is lost
    assignments = ", ".join(f'"{k}" = ?' for k in values)
    # A snapshot this schema rejects: the event stays as extracted, its record stays.
    with contextlib.suppress(sqlite3.IntegrityError):
        conn.execute(f"UPDATE events SET {assignments} WHERE id = ?", (*values.values(), event_id))


def _note_lost_edits(conn: sqlite3.Connection, edits: list[Row], report: RecoveryReport) -> None:
    """Edit records whose events did not come back: the record (what was changed, by whom)
    is kept, the correction itself is not applied."""
    present = {r[0] for r in conn.execute("SELECT id FROM events")}
    missing = {int(k) for _, after in _curation_records(edits) for k in after} - present
    if missing:
        report.lost.append(
            f"{len(missing)} corrected events did not read; their edit records are kept "
            "(event_edits: what was changed, by whom, when), the corrections are not applied"
        )
