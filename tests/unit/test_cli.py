"""The command line as a user meets it: reports, exit codes, search output, bad input."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.core.events import DATE_SOURCES, SPEC_FIELDS

GOOD = "---\ntitle: 项目签约\ndate: 2022-01-05\n---\n今日,江门中创新航项目签约。\n"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_report_and_exit_codes(capsys, db_path, corpus_dir) -> None:
    code, out, _ = _run(capsys, "import", str(corpus_dir), "--db", str(db_path))
    assert code == 0
    assert "imported 5 documents" in out and "skipped 0" in out and "failed 0" in out
    code, out, _ = _run(capsys, "import", str(corpus_dir), "--db", str(db_path))
    assert code == 0 and "imported 0 documents" in out and "skipped 5 already imported" in out


def test_bad_inputs_each_get_one_line_and_the_rest_imports(capsys, db_path, tmp_path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "good_gbk.txt").write_bytes(GOOD.replace("签约", "动工").encode("gbk"))
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbled.txt").write_bytes(b"\x81\x20\xff\xfe\x80 broken \xff")
    (folder / "bad_date.txt").write_text(
        GOOD.replace("2022-01-05", "2022-13-45").replace("签约", "投产"), encoding="utf-8"
    )
    with (folder / "huge.txt").open("wb") as handle:  # 50 MB of real text
        line = "江门日报讯 新会区重大项目集中动工,总投资100亿元。\n".encode()
        handle.write(line * (50 * 2**20 // len(line) + 1))
    code, out, _ = _run(capsys, "import", str(folder), "--db", str(db_path))
    assert code == 0
    assert "imported 3 documents" in out
    lines = out.splitlines()
    for name, problem in [
        ("binary.txt", "binary file"),
        ("empty.txt", "empty file"),
        ("garbled.txt", "undecodable bytes"),
        ("huge.txt", "file too large"),
    ]:
        (line,) = [x for x in lines if name in x]  # exactly one line names the file
        assert line.startswith("failed: ") and problem in line
    (warning,) = [x for x in lines if "bad_date.txt" in x]
    assert warning.startswith("warning: ") and "2022-13-45" in warning
    # Nothing half-written: the database holds exactly the three good documents.
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3


def test_the_import_report_names_every_skipped_file_with_its_reason(
    capsys, db_path, tmp_path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(12):  # more than a screenful of duplicates: each is still named
        (folder / f"page{i:02d}.txt").write_text(GOOD.replace("签约", f"签约{i}"), "utf-8")
    _run(capsys, "import", str(folder), "--db", str(db_path))
    (folder / "page_copy.txt").write_text(GOOD.replace("签约", "签约0"), encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "notes.xls").write_bytes(b"\xd0\xcf")
    code, out, _ = _run(capsys, "import", str(folder), "--db", str(db_path))
    assert code == 0
    lines = out.splitlines()
    for i in range(12):
        (line,) = [x for x in lines if f"page{i:02d}.txt" in x]
        assert line.startswith("skipped, already imported: ")
    (copy,) = [x for x in lines if "page_copy.txt" in x]
    assert copy.startswith("skipped, already imported: ") and "page00" in copy
    for name, kind in [("photo.jpg", ".jpg"), ("notes.xls", ".xls")]:
        (line,) = [x for x in lines if name in x]
        assert line.startswith("ignored: ") and f"a {kind} file" in line


def test_a_damaged_front_matter_is_a_warning_in_import_and_extract(
    capsys, db_path, tmp_path
) -> None:
    path = tmp_path / "damaged.txt"
    path.write_text(
        "---\ntitle 某某项目签约\ndate: 2022-01-05\n---\n今日,某某新材料项目在新会区签约。\n",
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, "import", str(path), "--db", str(db_path))
    assert code == 0 and "imported 1 documents (1 articles, 1 events)" in out
    (warning,) = [x for x in out.splitlines() if x.startswith("warning: ")]
    assert str(path) in warning and "front matter line 2" in warning
    title = sqlite3.connect(db_path).execute("SELECT title FROM documents").fetchone()[0]
    assert title == "今日,某某新材料项目在新会区签约。"
    code, out, err = _run(capsys, "extract", str(path))
    assert code == 0 and '"signing"' in out
    assert f"warning: {path}: front matter line 2" in err


def test_nothing_readable_exits_2(capsys, db_path, tmp_path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, _ = _run(
        capsys, "import", str(tmp_path / "empty.txt"), str(tmp_path / "nope"), "--db", str(db_path)
    )
    assert code == 2
    assert f"failed: {tmp_path / 'nope'}: no such file or folder" in out


def test_search_prints_title_date_and_marked_snippet(capsys, db_path, corpus_dir) -> None:
    _run(capsys, "import", str(corpus_dir), "--db", str(db_path))
    code, out, _ = _run(capsys, "search", "封顶", "--db", str(db_path), "--limit", "1")
    assert code == 0
    title_line, snippet_line = out.splitlines()
    assert title_line.startswith("中创新航江门基地项目一期M1主厂房 88天封顶")
    assert "2022-12-22" in title_line and "003_71290901aa77fecf" in title_line
    assert "【封顶】" in snippet_line
    code, out, _ = _run(capsys, "search", "不存在的词语", "--db", str(db_path))
    assert code == 1 and "no article matches" in out


def test_app_command_without_a_display_says_how_to_draw_offscreen(capsys, db_path, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert main(["--db", str(db_path)]) == 2
    assert "--screenshot" in capsys.readouterr().err


def test_version_and_module_entry_point(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("explorer 0.")
    child = subprocess.run(
        [sys.executable, "-m", "explorer", "--help"], capture_output=True, text=True, timeout=60
    )
    assert child.returncode == 0 and "import" in child.stdout and "search" in child.stdout


def test_unusable_database_is_a_clear_error(capsys, tmp_path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 50)
    code, _, err = _run(capsys, "search", "封顶", "--db", str(bad))
    assert code == 1 and str(bad) in err


KILLED_IMPORT = textwrap.dedent(
    """
    import sys, time
    from explorer.store.db import connect
    from explorer.store.importer import import_corpus
    conn = connect(sys.argv[1])
    for progress in import_corpus(conn, [sys.argv[2]]):
        if progress.done == int(sys.argv[3]):
            print("MIDWAY", flush=True)
            time.sleep(120)  # killed here, in the middle of the transaction
    """
)


def test_killed_import_leaves_a_clean_database_with_all_or_nothing(db_path, tmp_path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"p{i:03d}.txt").write_text(GOOD.replace("签约", f"签约{i}"), encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, str(db_path), str(folder), "25"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "MIDWAY"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    time.sleep(0.1)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    conn.close()
    assert main(["import", str(folder), "--db", str(db_path)]) == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 40


def test_help_lists_the_commands(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "import" in out and "search" in out and "--db" in out


def test_db_defaults_to_user_data_dir(capsys, monkeypatch, tmp_path, corpus_dir) -> None:
    monkeypatch.setenv("EXPLORER_DATA_DIR", str(tmp_path / "home"))
    assert main(["import", str(corpus_dir)]) == 0
    assert Path(tmp_path / "home" / "explorer.sqlite3").exists()


def test_extract_writes_clean_json_lines_to_stdout(capfd, corpus_dir) -> None:
    assert main(["extract", str(corpus_dir)]) == 0
    out, err = capfd.readouterr()
    events = [json.loads(line) for line in out.splitlines()]  # nothing else on stdout
    assert len(events) >= 40
    assert list(events[0])[: len(SPEC_FIELDS)] == list(SPEC_FIELDS)
    assert all(e["date_source"] in DATE_SOURCES for e in events)  # how sure each date is
    topping = [e for e in events if e["type"] == "topping_out"]
    assert [(e["date"], e["district"]) for e in topping] == [("2022-07-30", "新会区")]
    assert "extracted" in err


def test_extract_to_file_and_evaluate(capsys, tmp_path, corpus_dir) -> None:
    predicted = tmp_path / "pred.jsonl"
    assert main(["extract", str(corpus_dir), "-o", str(predicted)]) == 0
    gold = tmp_path / "gold.jsonl"
    gold.write_text(predicted.read_text(encoding="utf-8").splitlines()[0] + "\n", "utf-8")
    capsys.readouterr()
    assert main(["evaluate", str(gold), str(predicted)]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert (
        last.startswith("overall ") and "recall=1.000" in last and "district_accuracy=1.000" in last
    )


def test_evaluate_names_a_bad_line(capsys, tmp_path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"document": "a"}\nnot json\n', encoding="utf-8")
    assert main(["evaluate", str(bad), str(bad)]) == 2
    assert f"{bad}:1" in capsys.readouterr().err


def test_import_stores_events_and_reextract_keeps_edits(capsys, db_path, corpus_dir) -> None:
    assert main(["import", str(corpus_dir), "--db", str(db_path)]) == 0
    assert "events)" in capsys.readouterr().out
    conn = sqlite3.connect(db_path)
    total = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert total >= 40
    conn.execute("UPDATE events SET edited = 1, title = '人工修订' WHERE type = 'topping_out'")
    conn.commit()
    assert main(["reextract", "--db", str(db_path)]) == 0
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == total
    titles = [r[0] for r in conn.execute("SELECT title FROM events WHERE type = 'topping_out'")]
    assert titles == ["人工修订"]


def test_version_works_without_a_login_name(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]  # pytest fixtures
    """A container's uid with no passwd entry: getpass.getuser() raises KeyError; --version
    and every command that does not store a name must still run."""
    import getpass

    import pytest

    from explorer import cli
    from explorer.core.user import login_name

    def no_user() -> str:
        raise KeyError("getpwuid(): uid not found: 12345")

    monkeypatch.setattr(getpass, "getuser", no_user)
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip()
    assert login_name() == "user"


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [("--paper", "letter", "invalid choice: 'letter'"), ("--dpi", "200", "must be 150 or 300")],
)
def test_a_bad_paper_or_dpi_is_an_argparse_error(capsys, tmp_path, option, value, says) -> None:
    with pytest.raises(SystemExit) as done:
        main(["export-map", "-o", str(tmp_path / "m.pdf"), option, value])
    assert done.value.code == 2
    assert says in capsys.readouterr().err


def test_dpi_without_a_paper_is_refused(capsys, db_path, tmp_path) -> None:
    code, _out, err = _run(capsys, "--db", str(db_path), "export-map", "-o",
                           str(tmp_path / "m.png"), "--dpi", "300")  # fmt: skip
    assert code == 2 and "--dpi needs --paper" in err


def test_the_data_date_is_the_day_of_the_last_import(db_path, corpus_dir) -> None:
    from explorer.store import repository
    from explorer.store.db import connect

    conn = connect(db_path)
    assert repository.data_date(conn) is None
    main(["--db", str(db_path), "import", str(corpus_dir)])
    stamp = conn.execute("SELECT max(finished_at) FROM imports").fetchone()[0]
    assert repository.data_date(conn) == date.fromisoformat(stamp[:10])


ARTICLES = {
    "a": "---\ntitle: 新会区项目签约\ndate: 2022-03-05\nsource: 江门日报\n"
    "url: https://example.org/a\n---\n3月4日,新会区中创新航江门基地项目签约,总投资50亿元。\n",
    "b": "---\ntitle: 台山市项目动工\ndate: 2022-05-10\nsource: 台山侨报\n---\n"
    "5月9日,台山市广海湾工业园区大型项目动工。\n",
    "c": "---\ntitle: 新会区年度项目\ndate: 2022-12-30\nsource: 江门日报\n---\n"
    "今年,新会区某新材料项目建成投产。\n",
}


@pytest.fixture
def small_store(tmp_path, db_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    assert main(["import", str(folder), "--db", str(db_path)]) == 0
    return db_path


def _table(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_events_writes_only_the_filtered_events_with_their_articles(
    capsys, small_store, tmp_path
) -> None:
    out = tmp_path / "e.csv"
    code, said, _ = _run(
        capsys, "export-events", "-o", str(out), "--district", "新会区", "--db", str(small_store)
    )
    assert code == 0 and "2 events" in said
    rows = _table(out)
    assert {r["区县"] for r in rows} == {"新会区"}
    by_type = {r["类型"]: r for r in rows}
    assert set(by_type) == {"签约", "投产"}
    signing = by_type["签约"]
    assert (signing["日期"], signing["状态"], float(signing["金额(亿元)"])) == (
        "2022年3月4日",
        "已发生",
        50,
    )
    assert (signing["文章标题"], signing["媒体"], signing["发布日期"]) == (
        "新会区项目签约",
        "江门日报",
        "2022年3月5日",
    )
    assert signing["URL"] == "https://example.org/a"
    assert by_type["投产"]["日期"] == "2022年"  # 今年: a year, not 2022-01-01
    starts = [r["date_start"] for r in rows]
    assert starts == sorted(starts)  # in date order, as the table sorts it


def test_export_events_in_english_and_as_xlsx_and_geojson(capsys, small_store, tmp_path) -> None:
    import openpyxl

    def export(name: str, *options: str) -> int:
        return main(
            ["export-events", "--db", str(small_store), "-o", str(tmp_path / name), *options]
        )

    assert export("e.csv", "--language", "en") == 0
    rows = _table(tmp_path / "e.csv")
    assert {r["Type"] for r in rows} == {"Signing", "Groundbreaking", "Production start"}
    assert {r["Status"] for r in rows} == {"occurred"}
    assert export("e.xlsx", "--type", "signing") == 0  # Chinese by default
    sheet = openpyxl.load_workbook(tmp_path / "e.xlsx").active
    assert sheet is not None
    assert [c.value for c in sheet[1]][:3] == ["日期", "类型", "状态"]
    assert sheet.max_row == 2 and sheet.cell(2, 7).value == 50
    assert export("e.geojson", "--language", "en") == 0
    features = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))["features"]
    assert features and all("Type" in f["properties"] for f in features)


def test_export_events_refuses_an_unknown_extension(capsys, small_store, tmp_path) -> None:
    code, _, err = _run(
        capsys, "export-events", "--db", str(small_store), "-o", str(tmp_path / "e.txt")
    )
    assert code == 2 and ".csv or .xlsx or .geojson" in err
    assert not (tmp_path / "e.txt").exists()
