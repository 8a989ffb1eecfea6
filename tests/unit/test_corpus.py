"""Reading corpora: folders, JSONL, CSV, and every kind of bad input named by file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.pipeline import corpus
from explorer.pipeline.corpus import Source, discover, read_source

PAGE = "---\ntitle: 项目封顶\ndate: 2022-12-30\nsource: 江门日报\n---\n7月30日,主厂房封顶。\n"


def _read(path: Path) -> list[Document | InputError]:
    found = discover([path])
    return [item for source in found.sources for item in read_source(source)]


def test_folder_is_searched_recursively_skipping_hidden_and_other_types(tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "two.md").write_text(PAGE.replace("封顶", "投产"), encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    found = discover([tmp_path, tmp_path / "missing"])
    assert [s.path.name for s in found.sources] == ["one.txt", "two.md"]
    assert [p.name for p in found.ignored] == ["photo.jpg"]
    assert found.errors[0].problem == "no such file or folder"


def test_text_file_document_keeps_raw_text_and_body_offsets(tmp_path) -> None:
    path = tmp_path / "003_example.txt"
    path.write_bytes(PAGE.encode("gbk"))
    (doc,) = _read(path)
    assert isinstance(doc, Document)
    assert doc.doc_id == "003_example"
    assert doc.encoding == "gbk"
    assert doc.title == "项目封顶"
    assert doc.pub_date == date(2022, 12, 30)
    assert doc.source == "江门日报"
    assert doc.body == "7月30日,主厂房封顶。\n"
    assert doc.raw_text[doc.body_offset + doc.articles[0].start :].startswith("7月30日")


def test_same_text_in_utf8_and_gbk_has_the_same_content_hash(tmp_path) -> None:
    (tmp_path / "u.txt").write_bytes(PAGE.encode("utf-8"))
    (tmp_path / "g.txt").write_bytes(PAGE.encode("gb18030"))
    first, second = _read(tmp_path)
    assert first.content_hash == second.content_hash


def test_jsonl_records_and_bad_lines(tmp_path) -> None:
    path = tmp_path / "news.jsonl"
    good = {
        "id": "n1",
        "title": "签约",
        "date": "2022-01-05",
        "source": "江门日报",
        "url": "https://example.org/1",
        "text": "今日,项目签约落户新会。",
    }
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "n3"}),
        "",
        json.dumps({"id": "n4", "date": "2022-13-45", "text": "昨日动工。"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.doc_id for d in docs] == ["n1", "n4"]
    assert docs[0].pub_date == date(2022, 1, 5) and docs[0].url == "https://example.org/1"
    assert docs[1].pub_date is None and "2022-13-45" in docs[1].warnings[0]
    assert [e.path for e in errors] == [f"{path}:2", f"{path}:3"]
    assert "not valid JSON" in errors[0].problem
    assert "no text" in errors[1].problem


def test_csv_records_in_gbk_with_multiline_text(tmp_path) -> None:
    path = tmp_path / "news.csv"
    rows = (
        'id,title,date,source,url,text\nc1,标题,2023-02-16,江门日报,,"第一段。\n\n第二段,投产。"\n'
    )
    path.write_bytes(rows.encode("gbk"))
    (doc,) = _read(path)
    assert doc.doc_id == "c1"
    assert doc.body == "第一段。\n\n第二段,投产。"


def test_csv_without_text_column_is_refused(tmp_path) -> None:
    path = tmp_path / "news.csv"
    path.write_text("id,title\n1,x\n", encoding="utf-8")
    (error,) = _read(path)
    assert isinstance(error, InputError) and "'text' column" in error.problem


def test_oversized_file_is_refused_without_reading_it(tmp_path, monkeypatch) -> None:
    path = tmp_path / "huge.txt"
    path.write_text(PAGE, encoding="utf-8")
    monkeypatch.setattr(corpus, "MAX_TEXT_BYTES", 10)
    (error,) = _read(path)
    assert isinstance(error, InputError)
    assert error.path == str(path) and "file too large" in error.problem


def test_file_that_disappears_before_reading(tmp_path) -> None:
    path = tmp_path / "gone.txt"
    path.write_text(PAGE, encoding="utf-8")
    source = Source(path, "text")
    path.unlink()
    (error,) = list(read_source(source))
    assert isinstance(error, InputError)
    assert error.path == str(path) and "disappeared" in error.problem


def test_front_matter_without_body_is_an_error(tmp_path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("---\ntitle: 只有标题\n---\n\n", encoding="utf-8")
    (error,) = _read(path)
    assert isinstance(error, InputError) and "no article text" in error.problem


def test_a_damaged_front_matter_warns_and_the_article_keeps_a_title_from_its_body(
    tmp_path,
) -> None:
    path = tmp_path / "damaged.txt"
    path.write_text(
        "---\ntitle 某某智能装备项目动工\ndate: 2023-04-02\n---\n"
        "某某智能装备项目在江海区动工\n\n4月1日，某某智能装备项目在江海区动工。\n",
        encoding="utf-8",
    )
    (doc,) = _read(path)
    assert isinstance(doc, Document)
    assert doc.title == "某某智能装备项目在江海区动工"  # its first body line
    assert doc.pub_date == date(2023, 4, 2)  # the lines that could be read are used
    assert "title" not in doc.raw_text[doc.body_offset :]
    (warning,) = doc.warnings
    assert "line 2" in warning and "colon" in warning


def test_an_impossible_date_imports_the_article_without_a_publication_date(tmp_path) -> None:
    path = tmp_path / "bad_date.txt"
    path.write_text(
        "---\ntitle: 某某项目签约\ndate: 2022-02-30\n---\n2022年2月28日，某某项目签约。\n",
        encoding="utf-8",
    )
    (doc,) = _read(path)
    assert isinstance(doc, Document)
    assert doc.title == "某某项目签约" and doc.pub_date is None
    assert any("line 3" in w and "2022-02-30" in w for w in doc.warnings)


def test_a_rule_is_never_a_title(tmp_path) -> None:
    path = tmp_path / "rules.md"
    path.write_text("---\n某某产业园今年新签约项目十个。\n\n---\n\n正文。\n", encoding="utf-8")
    (doc,) = _read(path)
    assert isinstance(doc, Document)
    assert doc.title.startswith("某某产业园") and "---" not in doc.title
