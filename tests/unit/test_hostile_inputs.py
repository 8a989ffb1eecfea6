"""Inputs that broke earlier versions: each must give one line naming the file, or work."""

from __future__ import annotations

import codecs
import json
import sqlite3
import threading
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.core.articles import BlockKind
from explorer.core.errors import InputError
from explorer.export.map_page import _js_literal
from explorer.pipeline import corpus
from explorer.pipeline.corpus import discover, read_source
from explorer.pipeline.decoding import decode_text
from explorer.pipeline.frontmatter import parse_date, parse_front_matter
from explorer.pipeline.layout import classify_lines
from explorer.store.fts import find_hit

PAGE = "---\ntitle: 项目签约\ndate: 2022-01-05\n---\n今日,江门中创新航项目签约。\n"


def _items(path: Path) -> list:
    return [i for s in discover([path]).sources for i in read_source(s)]


def test_db_given_before_the_command_is_used(tmp_path, capsys) -> None:
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    db = tmp_path / "chosen.sqlite3"
    assert main(["--db", str(db), "import", str(tmp_path / "a.txt")]) == 0
    assert sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "s1", "text": "bad \\ud800 x"}', "invalid characters"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_poisoned_jsonl_records_fail_alone(tmp_path, line, problem) -> None:
    path = tmp_path / "c.jsonl"
    good = '{"id": "ok", "text": "今日项目签约。"}'
    path.write_text(line + "\n" + good + "\n", encoding="utf-8")
    items = _items(path)
    assert [type(i).__name__ for i in items] == ["InputError", "Document"]
    assert items[0].path == f"{path}:1" and problem in items[0].problem


def test_unlistable_folder_is_reported_and_the_rest_read(tmp_path, monkeypatch) -> None:
    (tmp_path / "ok.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real = Path.iterdir

    def iterdir(self):
        if self.name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    found = discover([tmp_path])
    assert [s.path.name for s in found.sources] == ["ok.txt"]
    assert "locked" in found.errors[0].path and "Permission denied" in found.errors[0].problem


def test_symlink_loops_end(tmp_path) -> None:
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "loop" / "x").symlink_to(tmp_path / "loop")
    (tmp_path / "loop" / "y").symlink_to(tmp_path / "loop")
    result: list = []
    walker = threading.Thread(target=lambda: result.append(discover([tmp_path / "loop"])))
    walker.start()
    walker.join(timeout=10)
    assert result, "discover did not finish"
    assert [s.path.name for s in result[0].sources] == ["a.txt"]


def test_double_spaced_page_keeps_its_prose() -> None:
    page = "新厂房封顶\n\n\n江门日报讯(记者张三)昨日,项目举行封顶仪式。\n\n\n该项目总投资20亿元。\n"
    kinds = [line.kind for line in classify_lines(page)]
    assert kinds == [BlockKind.HEADING, BlockKind.TEXT, BlockKind.TEXT]


def test_csv_with_a_long_record_keeps_every_row(tmp_path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        "\ufeffid,text\nc1,短文。\nc2," + "长" * 140_000 + "。\nc3,最后一篇。\n", encoding="utf-8"
    )
    assert [d.doc_id for d in _items(path)] == ["c1", "c2", "c3"]


def test_locked_database_is_a_clear_message(tmp_path, capsys, monkeypatch) -> None:
    db = tmp_path / "busy.sqlite3"
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    assert main(["import", str(tmp_path / "a.txt"), "--db", str(db)]) == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(sqlite3, "connect", _fast_timeout(sqlite3.connect))
    (tmp_path / "b.txt").write_text(PAGE.replace("签约", "动工"), encoding="utf-8")
    assert main(["import", str(tmp_path / "b.txt"), "--db", str(db)]) == 1
    assert "locked" in capsys.readouterr().err
    holder.execute("ROLLBACK")


def _fast_timeout(connect):
    return lambda *args, **kwargs: connect(*args, **{**kwargs, "timeout": 0.1})


def test_markdown_rules_are_not_front_matter() -> None:
    text = "---\n江门新厂房封顶。\n\n正文第一段。\n\n---\n\n正文第二段。\n"
    assert parse_front_matter(text).body_offset == 0


def test_utf32_and_unmarked_utf16_decode() -> None:
    text = "江门 project 封顶。"
    assert decode_text(codecs.BOM_UTF32_LE + text.encode("utf-32-le"), "a") == (text, "utf-32")
    assert decode_text("Jiangmen 2022 封顶".encode("utf-16-le"), "a")[0] == "Jiangmen 2022 封顶"


def test_dates_with_a_time_of_day() -> None:
    assert parse_date("2022-12-30 08:00") == parse_date("2022-12-30")
    assert parse_date("2022-12-30T10:00:00+08:00") == parse_date("2022-12-30")


def test_search_highlight_normalises_the_query() -> None:
    text = "项目主厂房封顶，５G基站启用"
    assert find_hit(text, "封顶。") == (5, 7)
    assert find_hit(text, '"封顶"') == (5, 7)
    assert find_hit(text, "5g") == (8, 10)


def test_limit_must_be_positive(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["search", "封顶", "--limit", "0"])
    assert "must be 1 or more" in capsys.readouterr().err


def test_record_id_zero_is_kept(tmp_path) -> None:
    path = tmp_path / "z.jsonl"
    path.write_text('{"id": 0, "text": "今日项目签约。"}\n', encoding="utf-8")
    assert [d.doc_id for d in _items(path)] == ["0"]


def test_reader_crash_inside_a_source_is_that_files_problem(tmp_path, monkeypatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text(PAGE, encoding="utf-8")

    def broken(_path):
        raise ValueError("boom")

    monkeypatch.setattr(corpus, "_read_text_file", broken)
    (error,) = list(read_source(discover([path]).sources[0]))
    assert isinstance(error, InputError) and error.path == str(path) and "boom" in error.problem


def test_a_script_literal_cannot_close_or_turn_over_its_script() -> None:
    # "<!--<script>" in a standalone map's text kept the real "</script>" from ending the
    # script: the page never ran. U+2028 ended string literals in pre-2019 browsers.
    value = {"title": "<!--<script>x</script>&\u2028\u2029"}
    literal = _js_literal(value)
    assert not any(c in literal for c in "<>&\u2028\u2029")
    assert json.loads(literal) == value
