"""Databases with overwritten pages, seeded: every command says so in one line, ``explorer
check`` finds the damage, and ``explorer recover`` brings back every document and every
curation whose own pages were not hit.

The damage is random bytes over pages chosen from the file's own page map (``dbstat``):
leaves of one table, a table's root (an interior page: everything below it is hidden from
SQLite, not lost), page 1 (header and schema), or pages anywhere. The figures line says
what came back.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store import curation, health, place_fixes, repository
from explorer.store.db import DAMAGED_EXIT, DamagedDatabase, connect
from explorer.store.importer import import_corpus, run_to_end
from tests.reliability.test_kill_import import make_corpus

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "explorer" / "data" / "corpus"
SEED = 20261205
TRIALS = 16
CURATOR = "王芳"
# What a trial overwrites: (table, which pages). "root" is the table's root page.
KINDS = [
    ("events", "leaves"),
    ("events", "root"),
    ("documents", "leaves"),
    ("documents", "root"),
    ("articles", "root"),
    ("event_edits", "leaves"),
    ("sqlite_schema", "root"),  # page 1
    (None, "anywhere"),
]


@dataclass(frozen=True, slots=True)
class Pristine:
    path: Path
    documents: dict[int, str]  # rowid → doc_id
    curated: dict[int, tuple[str, str, int]]  # event id → (title, status, deleted)
    place: str
    pages: dict[str, dict[str, list[int]]]  # table → page type → page numbers
    page_size: int


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    folder = tmp_path_factory.mktemp("damaged-pages")
    corpus = make_corpus(folder / "corpus", 120)
    path = folder / "pristine.sqlite3"
    conn = connect(path, backups=False)
    run_to_end(import_corpus(conn, [BUNDLED, corpus], extract_with_bundled_gazetteer))
    events = repository.load_events(conn)
    for event in events[:: max(1, len(events) // 6)][:6]:  # spread over the table's pages
        curation.edit_event(conn, event.id, {"title": f"核实：{event.title}"}, CURATOR)
    curation.delete_event(conn, events[1].id, CURATOR)
    placed = next(e for e in events if e.place)
    place_fixes.set_override(conn, placed.place, 22.6, 113.08, CURATOR)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    documents = dict(conn.execute("SELECT id, doc_id FROM documents").fetchall())
    curated = {
        row[0]: (row[1], row[2], row[3])
        for row in conn.execute("SELECT id, title, status, deleted FROM events WHERE edited = 1")
    }
    pages: dict[str, dict[str, list[int]]] = {}
    for name, kind, page in conn.execute("SELECT name, pagetype, pageno FROM dbstat"):
        pages.setdefault(name, {}).setdefault(kind, []).append(page)
    roots = dict(conn.execute("SELECT name, rootpage FROM sqlite_master WHERE rootpage"))
    for name, root in [*roots.items(), ("sqlite_schema", 1)]:
        pages.setdefault(name, {})["root"] = [root]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert pages["documents"].get("internal") and pages["events"].get("internal")
    return Pristine(path, documents, curated, placed.place, pages, size)


@dataclass(slots=True)
class Tally:
    trials: int = 0
    detected: int = 0
    one_line: int = 0
    tracebacks: int = 0
    recovered: int = 0
    documents_kept: int = 0
    documents_total: int = 0
    curations_kept: int = 0
    curations_total: int = 0
    data_lost: int = 0  # trials that lost a row whose own pages were sound
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"reliability: damaged databases trials={self.trials} detected={self.detected} "
            f"one_line_errors={self.one_line} tracebacks={self.tracebacks} "
            f"recovered={self.recovered} documents_kept={self.documents_kept}/"
            f"{self.documents_total} curations_kept={self.curations_kept}/"
            f"{self.curations_total} data_lost={self.data_lost}"
        )


def _overwrite(path: Path, pages: list[int], size: int, rng: random.Random) -> None:
    with path.open("r+b") as file:
        for page in pages:
            file.seek((page - 1) * size)
            file.write(rng.randbytes(size))


def _choose(pristine: Pristine, kind: tuple[str | None, str], rng: random.Random) -> list[int]:
    table, which = kind
    if table is None:
        everything = [p for kinds in pristine.pages.values() for ps in kinds.values() for p in ps]
        return rng.sample(sorted(set(everything) - {1}), 3)
    if which == "root":
        return pristine.pages[table]["root"]
    leaves = pristine.pages[table].get("leaf", [])
    return rng.sample(leaves, min(len(leaves), rng.randint(1, 3)))


def test_damaged_pages_are_reported_and_recovered(
    pristine: Pristine, tmp_path: Path, capsys, report_lines: list[str]
) -> None:
    rng = random.Random(SEED)
    tally = Tally()
    for number in range(TRIALS):
        kind = KINDS[number % len(KINDS)]
        hit = _choose(pristine, kind, rng)
        db = tmp_path / f"trial{number:02d}.sqlite3"
        shutil.copyfile(pristine.path, db)
        _overwrite(db, hit, pristine.page_size, rng)
        where = f"trial {number} ({kind[0] or 'any table'}, {kind[1]}: pages {hit})"
        tally.trials += 1
        _commands(db, where, capsys, tally)
        _recover(db, hit, pristine, where, tally)
    report_lines.append(tally.line())
    assert not tally.problems, "\n".join(tally.problems)


def _commands(db: Path, where: str, capsys, tally: Tally) -> None:
    with pytest.raises(DamagedDatabase):
        connect(db)
    tally.detected += 1
    lines = 0
    for argv in (["search", "项目"], ["reextract"], ["import", str(BUNDLED)], ["check"]):
        code = main([*argv, "--db", str(db)])
        out, err = capsys.readouterr()
        if "Traceback" in out + err:
            tally.tracebacks += 1
            tally.problems.append(f"{where}: {argv[0]} printed a traceback")
        if code != DAMAGED_EXIT:
            tally.problems.append(f"{where}: {argv[0]} exited {code}: {out}{err}")
        elif argv[0] == "check":
            if "DAMAGED" not in out:
                tally.problems.append(f"{where}: check said {out}")
        elif err.count("\n") == 1 and "explorer recover" in err:
            lines += 1
        else:
            tally.problems.append(f"{where}: {argv[0]} said {err!r}")
    tally.one_line += lines == 3


def _recover(db: Path, hit: list[int], pristine: Pristine, where: str, tally: Tally) -> None:
    out = db.with_name(db.stem + "-recovered.sqlite3")
    health.recover(db, out, extract_with_bundled_gazetteer, shell=None)
    conn = connect(out)  # sound: it passes the check at open
    try:
        tally.recovered += 1
        kept_docs = {r[0] for r in conn.execute("SELECT doc_id FROM documents")}
        events = {
            r[0]: (r[1], r[2], r[3])
            for r in conn.execute("SELECT id, title, status, deleted FROM events WHERE edited = 1")
        }
        fixes = [f.name for f in place_fixes.overrides(conn)]
    finally:
        conn.close()
    tally.documents_total += len(pristine.documents)
    tally.documents_kept += len(kept_docs & set(pristine.documents.values()))
    tally.curations_total += len(pristine.curated) + 1
    tally.curations_kept += sum(events.get(i) == v for i, v in pristine.curated.items())
    tally.curations_kept += fixes == [pristine.place]
    # Rows on sound pages must all come back: those of tables whose leaves (and, for the
    # documents' long texts, overflow pages) were not hit.
    sound = {
        name
        for name, kinds in pristine.pages.items()
        if not set(hit) & {*kinds.get("leaf", []), *kinds.get("overflow", [])}
    }
    lost = []
    if "documents" in sound and kept_docs != set(pristine.documents.values()):
        lost.append(f"{len(pristine.documents) - len(kept_docs)} documents")
    if {"events", "event_edits", "documents"} <= sound:
        missing = {i for i, v in pristine.curated.items() if events.get(i) != v}
        if missing:
            lost.append(f"curated events {sorted(missing)}")
    if "place_overrides" in sound and fixes != [pristine.place]:
        lost.append(f"place fixes {fixes}")
    if lost:
        tally.data_lost += 1
        tally.problems.append(f"{where}: lost {', '.join(lost)} on sound pages")
