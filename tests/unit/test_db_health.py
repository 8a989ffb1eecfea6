"""A damaged database is detected at open, explained in one line, checked, recovered from
(keeping the user's curations) and backed up before it can happen."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store import backups, curation, health, place_fixes, repository
from explorer.store.db import DAMAGED_EXIT, DamagedDatabase, connect
from explorer.store.importer import import_corpus, run_to_end
from explorer.store.schema import MIGRATIONS

CURATOR = "李明"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    """The sample corpus with one edited event and one place fix: (file, event id, place).
    Built once; every test works on its own copy."""
    from tests.conftest import CORPUS

    path = tmp_path_factory.mktemp("pristine") / "curated.sqlite3"
    conn = connect(path, backups=False)
    run_to_end(import_corpus(conn, [CORPUS], extract_with_bundled_gazetteer))
    topping = next(e for e in repository.load_events(conn) if "封顶" in e.title)
    curation.edit_event(conn, topping.id, {"status": "planned"}, CURATOR)
    placed = next(e for e in repository.load_events(conn) if e.place)
    place_fixes.set_override(conn, placed.place, 22.6, 113.08, CURATOR)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
    conn.close()
    assert topping.id is not None and placed.place is not None
    return path, topping.id, placed.place


@pytest.fixture
def curated(pristine, tmp_path: Path) -> Path:
    path = tmp_path / "explorer.sqlite3"
    shutil.copyfile(pristine[0], path)
    return path


def damage(path: Path, table: str = "events") -> None:
    """Write garbage over the root page of ``table``, as a bad disk or a stray write would."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as file:
        file.seek((root[0] - 1) * size)
        file.write(b"\xa5" * size)


@pytest.fixture
def damaged(curated: Path) -> Path:
    damage(curated)
    return curated


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_connect_refuses_a_damaged_file_and_says_what_to_do(damaged: Path) -> None:
    with pytest.raises(DamagedDatabase) as raised:
        connect(damaged)
    message = str(raised.value)
    assert str(damaged) in message
    assert f"explorer check --db {damaged}" in message and "explorer recover" in message


@pytest.mark.parametrize(
    "command", [["search", "封顶"], ["import", "CORPUS"], ["reextract"], ["places", "export"]]
)
def test_every_command_prints_one_line_and_a_distinct_exit_code(
    capsys, damaged: Path, corpus_dir: Path, tmp_path: Path, command: list[str]
) -> None:
    argv = [str(corpus_dir) if a == "CORPUS" else a for a in command]
    if command[0] == "places":
        argv += ["-o", str(tmp_path / "fixes.csv")]
    code, out, err = _run(capsys, *argv, "--db", str(damaged))
    assert code == DAMAGED_EXIT
    assert "Traceback" not in out + err
    assert err.count("\n") == 1 and "damaged" in err and "explorer recover" in err


def test_damage_found_after_open_gets_the_same_line(capsys, curated: Path) -> None:
    connect(curated, backups=False).close()  # checked sound: not checked again this process
    damage(curated, "articles")  # what search reads
    code, _, err = _run(capsys, "search", "封顶", "--db", str(curated))
    assert code == DAMAGED_EXIT and "explorer recover" in err and "Traceback" not in err


def test_check_reports_ok_and_damage(capsys, curated: Path) -> None:
    code, out, _ = _run(capsys, "check", "--db", str(curated))
    assert code == 0 and "ok" in out
    damage(curated)
    code, out, _ = _run(capsys, "check", "--db", str(curated))
    assert code == DAMAGED_EXIT
    assert "DAMAGED" in out and "events" in out and "explorer recover" in out


def test_recover_keeps_documents_and_readable_curations(pristine, damaged: Path) -> None:
    _, edited_id, place = pristine
    before = damaged.read_bytes()
    out = damaged.with_name("recovered.sqlite3")
    report = health.recover(damaged, out, extract_with_bundled_gazetteer, shell=None)
    assert damaged.read_bytes() == before  # the damaged file is only read
    conn = connect(out)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    assert report.documents == 5 and report.machine_events > 0
    assert repository.search_articles(conn, "封顶")  # the search index is rebuilt
    # The events' root page was lost, its leaves were not (read from the pages): the
    # corrected event is back under its old id, and its record still names it.
    edited = next(e for e in repository.load_events(conn) if e.id == edited_id)
    assert (edited.status, edited.edited_by) == ("planned", CURATOR)
    assert report.curated_events == 1 and not report.lost
    assert [(r.action, r.who) for r in curation.history(conn, edited_id)] == [("edit", CURATOR)]
    # The place fix by name is kept and applied to the re-extracted events.
    assert [f.name for f in place_fixes.overrides(conn)] == [place]
    moved = [e for e in repository.load_events(conn) if e.place == place]
    assert moved and all((e.lat, e.lon) == (22.6, 113.08) for e in moved)
    assert sum(e.title == edited.title for e in repository.load_events(conn)) == 1


def damage_every_page(path: Path, table: str) -> None:
    """Overwrite every page of ``table`` (root, leaves, overflow): nothing of it reads."""
    conn = sqlite3.connect(path)
    pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as file:
        for page in pages:
            file.seek((page - 1) * size)
            file.write(b"\xa5" * size)


def test_a_lost_events_table_is_rebuilt_from_the_edit_log(pristine, curated: Path) -> None:
    _, edited_id, _ = pristine
    damage_every_page(curated, "events")
    out = curated.with_name("recovered.sqlite3")
    report = health.recover(curated, out, extract_with_bundled_gazetteer, shell=None)
    conn = connect(out)
    # The correction is made again on the re-extracted event, under its old id.
    edited = next(e for e in repository.load_events(conn) if e.id == edited_id)
    assert (edited.status, edited.edited_by) == ("planned", CURATOR)
    assert report.replayed == 1 and not report.lost
    assert [(r.action, r.who) for r in curation.history(conn, edited_id)] == [("edit", CURATOR)]


@pytest.mark.parametrize("table", ["documents", "events"])
def test_an_overwritten_root_page_loses_no_row_below_it(pristine, curated: Path, table) -> None:
    """The b-tree's root overwritten: every leaf still reads, straight from the pages
    (Debian's sqlite3 shell cannot .recover, so this is what recovery does)."""
    _, edited_id, place = pristine
    damage(curated, table)
    out = curated.with_name("recovered.sqlite3")
    report = health.recover(curated, out, extract_with_bundled_gazetteer, shell=None)
    conn = connect(out)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    assert report.documents == 5 and not report.lost
    edited = next(e for e in repository.load_events(conn) if e.id == edited_id)
    assert (edited.status, edited.edited_by) == ("planned", CURATOR)
    assert [f.name for f in place_fixes.overrides(conn)] == [place]


def test_a_file_whose_first_page_is_overwritten_is_recovered(pristine, curated: Path) -> None:
    """Page 1 holds the header (page size, encoding) and the schema: both are guessed."""
    _, edited_id, place = pristine
    with curated.open("r+b") as file:
        file.write(bytes(range(256)) * 16)
    out = curated.with_name("recovered.sqlite3")
    report = health.recover(curated, out, extract_with_bundled_gazetteer, shell=None)
    conn = connect(out)
    assert report.documents == 5 and not report.lost
    edited = next(e for e in repository.load_events(conn) if e.id == edited_id)
    assert (edited.status, edited.edited_by) == ("planned", CURATOR)
    assert [f.name for f in place_fixes.overrides(conn)] == [place]


def test_recover_of_a_sound_file_keeps_the_edited_event(pristine, curated: Path) -> None:
    _, edited_id, _ = pristine
    out = curated.with_name("copy.sqlite3")
    report = health.recover(curated, out, extract_with_bundled_gazetteer, shell=None)
    conn = connect(out)
    edited = next(e for e in repository.load_events(conn) if e.id == edited_id)
    assert edited.status == "planned" and edited.edited_by == CURATOR
    assert report.curated_events == 1 and not report.lost
    assert sum(e.title == edited.title for e in repository.load_events(conn)) == 1


def test_recover_command_prints_what_came_back(capsys, damaged: Path) -> None:
    out = damaged.with_name("new.sqlite3")
    code, stdout, _ = _run(capsys, "recover", "--db", str(damaged), "-o", str(out))
    assert code == 0 and out.is_file()
    assert "documents: 5" in stdout and "lost:" in stdout and "place fixes" in stdout
    code, _, err = _run(capsys, "recover", "--db", str(damaged), "-o", str(out))
    assert code == 2 and "already exists" in err  # never overwrites


def test_a_backup_is_made_before_a_migration(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    older = len(MIGRATIONS) - 1  # a database of the previous release
    conn = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:older]:
        for statement in step:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {older}")
    conn.close()
    connect(path, backups=True).close()
    made = backups.list_backups(path)
    assert [b.reason for b in made] == [f"pre-migration-v{older}"]  # and no daily one yet
    assert backups.verify(made[0].path) == ["ok"]
    kept = sqlite3.connect(made[0].path)
    assert kept.execute("PRAGMA user_version").fetchone()[0] == older
    kept.close()


def test_a_daily_backup_at_open_kept_n_deep(curated: Path) -> None:
    for days in range(1, 10):  # nine old backups
        stamp = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y%m%dT%H%M%SZ")
        folder = backups.backup_dir(curated)
        folder.mkdir(exist_ok=True)
        shutil.copyfile(curated, folder / f"explorer-{stamp}-daily.sqlite3")
    connect(curated, backups=True).close()
    made = backups.list_backups(curated)
    assert len(made) == backups.KEEP
    assert datetime.now(UTC) - made[0].made < timedelta(minutes=1)
    connect(curated, backups=True).close()  # not again the same day
    assert [b.path for b in backups.list_backups(curated)] == [b.path for b in made]


def test_no_backups_in_tests_or_in_memory(curated: Path) -> None:
    assert os.environ.get("EXPLORER_DATA_DIR")  # conftest: automatic backups stay off
    connect(curated).close()
    assert not backups.backup_dir(curated).exists()
    assert not backups.wanted(Path(":memory:"))


def test_restore_moves_the_current_file_aside(capsys, curated: Path) -> None:
    conn = connect(curated, backups=False)
    backup = backups.make_backup(conn, curated)
    conn.close()
    damage(curated)
    code, out, _ = _run(capsys, "backups", "--db", str(curated))
    assert code == 0 and backup.name in out
    code, out, _ = _run(capsys, "restore", backup.name, "--db", str(curated))
    assert code == 0
    aside = list(curated.parent.glob("explorer.sqlite3.replaced-*"))
    assert len(aside) == 1 and str(aside[0]) in out  # kept, never deleted
    assert connect(curated).execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    assert backup.is_file()  # the backup stays a backup
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]  # one file, no WAL


def test_a_damaged_backup_is_not_restored(curated: Path) -> None:
    conn = connect(curated, backups=False)
    backup = backups.make_backup(conn, curated)
    conn.close()
    damage(backup)
    with pytest.raises(ValueError, match="damaged"):
        backups.restore(curated, backup)
    assert connect(curated) is not None  # the current file is left where it was


def test_lost_articles_are_split_again_from_the_stored_text(pristine, curated: Path) -> None:
    conn = connect(curated)
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    events = len(repository.load_events(conn))
    conn.close()
    damage(curated, "articles")
    out = curated.with_name("new.sqlite3")
    health.recover(curated, out, extract_with_bundled_gazetteer, shell=None)
    conn = connect(out)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == articles
    assert len(repository.load_events(conn)) == events  # the same events as before


def test_a_failing_backup_never_keeps_the_database_closed(curated: Path, caplog) -> None:
    backups.backup_dir(curated).write_text("a file where the folder should be")
    conn = connect(curated, backups=True)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    assert "no backup made" in caplog.text


def test_an_overwritten_first_page_is_damage_not_a_foreign_file(
    capsys, curated: Path, tmp_path: Path
) -> None:
    """SQLite calls both "not a database": the damaged file gets the way out, a text file
    given by mistake does not."""
    with curated.open("r+b") as file:
        file.write(b"\xa5" * 4096)
    code, _, err = _run(capsys, "search", "封顶", "--db", str(curated))
    assert code == DAMAGED_EXIT and "explorer recover" in err and "Traceback" not in err
    with pytest.raises(DamagedDatabase):
        connect(curated)
    notes = tmp_path / "notes.txt"
    notes.write_text("我的笔记\n" * 100)
    code, _, err = _run(capsys, "search", "封顶", "--db", str(notes))
    assert code == 1 and "not a usable explorer database" in err


def test_a_backup_failing_midway_leaves_no_half_backup(curated: Path) -> None:
    """A full disk during the copy: no ``.partial`` left in backups/ taking room."""

    class FillsTheDisk:
        def backup(self, target: sqlite3.Connection) -> None:
            target.execute("CREATE TABLE half (x)")
            raise sqlite3.OperationalError("database or disk is full")

    with pytest.raises(sqlite3.OperationalError):
        backups.make_backup(FillsTheDisk(), curated, "daily")  # type: ignore[arg-type]
    assert list(backups.backup_dir(curated).iterdir()) == []
