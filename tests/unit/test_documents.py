"""Documents made from text every reader shares: pages with labels, pasted articles, and
what an import says per format."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from explorer.core.errors import InputError
from explorer.pipeline.documents import Meta, Page, document_from_pages, pasted_document
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store import repository
from explorer.store.db import connect
from explorer.store.importer import import_corpus, import_documents, run_to_end
from explorer.store.schema import MIGRATIONS
from explorer.store.sources import event_source

# Invented for the tests; no news text.
FRONT = "新能源园区动工\n\n2022年8月8日，某某新能源项目在江门市新会区动工，总投资50亿元。\n"
BACK = "港口物流中心签约\n\n2022年8月9日，某某物流中心项目在台山市签约。\n"


def test_each_page_is_split_on_its_own_and_its_articles_keep_its_label() -> None:
    doc = document_from_pages(
        "paper.pdf", [Page("A10", FRONT), Page("A11", BACK)], Meta(source="某报"), "pdf"
    )
    assert [(a.title, a.page) for a in doc.articles] == [
        ("新能源园区动工", "A10"),
        ("港口物流中心签约", "A11"),
    ]
    assert [a.seq for a in doc.articles] == [0, 1]
    assert doc.articles[1].text(doc.body).startswith("港口物流中心签约")
    assert doc.format == "pdf" and doc.source == "某报"


def test_pages_without_text_are_an_error_naming_the_file() -> None:
    with pytest.raises(InputError, match=r"empty\.pdf: no article text"):
        document_from_pages("empty.pdf", [Page("1", "  \n")], Meta(), "pdf")


def test_the_detail_source_names_the_page_an_event_was_printed_on(db_path) -> None:
    conn = connect(db_path)
    doc = document_from_pages("paper.pdf", [Page("A10", FRONT), Page("A11", BACK)], Meta(), "pdf")
    run_to_end(import_documents(conn, [doc], "test", extract_with_bundled_gazetteer))
    events = repository.load_events(conn)
    pages = {e.type: event_source(conn, e.id).page for e in events}
    assert pages == {"groundbreaking": "A10", "signing": "A11"}
    assert {event_source(conn, e.id).format for e in events} == {"pdf"}


def test_the_detail_pane_and_the_tables_cite_a_page_s_article_by_its_own_title(db_path) -> None:
    conn = connect(db_path)
    meta = Meta(title="某报 A10–A11 版")
    doc = document_from_pages("paper.pdf", [Page("A10", FRONT), Page("A11", BACK)], meta, "pdf")
    run_to_end(import_documents(conn, [doc], "test", extract_with_bundled_gazetteer))
    events = repository.load_events(conn)
    citations = repository.event_citations(conn, [e.id for e in events])
    titles = {e.type: event_source(conn, e.id).title for e in events}
    assert titles == {"groundbreaking": "新能源园区动工", "signing": "港口物流中心签约"}
    assert {e.type: citations[e.id].title for e in events} == titles


def test_a_pasted_article_leads_with_its_headline_and_is_stored_once(db_path) -> None:
    text = "2022年8月8日，某某新能源项目在江门市新会区动工。"
    doc = pasted_document(
        text, "新能源园区动工", "2022年8月10日", "某公众号", "https://example.org/a"
    )
    assert doc.body.startswith("新能源园区动工\n\n")
    assert (doc.pub_date, doc.pub_precision, doc.format) == (date(2022, 8, 10), "day", "pasted")
    conn = connect(db_path)
    first = run_to_end(import_documents(conn, [doc], "pasted", extract_with_bundled_gazetteer))
    assert (first.documents, first.events) == (1, 1)
    again = pasted_document(
        text, "新能源园区动工", "2022年8月10日", "某公众号", "https://example.org/a"
    )
    second = run_to_end(import_documents(conn, [again], "pasted", extract_with_bundled_gazetteer))
    assert second.documents == 0 and len(second.duplicates) == 1
    (event,) = repository.load_events(conn)
    assert event.excerpt in doc.body and event.district == "新会区"


@pytest.mark.parametrize(
    ("text", "when", "problem"),
    [("  \n", "", "no article text"), ("某项目动工。", "去年夏天", "is not a date")],
)
def test_a_pasted_article_without_text_or_with_a_bad_date_is_refused(text, when, problem):
    with pytest.raises(InputError, match=problem):
        pasted_document(text, "标题", when)


def test_an_import_reports_what_each_format_gave(db_path, tmp_path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text(FRONT, encoding="utf-8")
    (folder / "b.jsonl").write_text(
        '{"id": "b1", "title": "t", "text": "某项目签约。"}\n{"id": "b2"}\n', encoding="utf-8"
    )
    (folder / "c.txt").write_bytes(b"")
    report = run_to_end(import_corpus(connect(db_path), [folder]))
    counts = {fmt: (c.documents, c.failed) for fmt, c in report.formats.items()}
    assert counts == {"text": (1, 1), "jsonl": (1, 1)}
    lines = report.summary_lines()
    assert "  text: 1 imported (1 articles), 0 already imported, 1 failed" in lines
    assert "  jsonl: 1 imported (1 articles), 0 already imported, 1 failed" in lines


def test_a_version_7_database_keeps_its_documents_as_text_without_pages(db_path) -> None:
    old = sqlite3.connect(db_path)
    for migration in MIGRATIONS[:7]:
        for statement in migration:
            old.execute(statement)
    old.execute("PRAGMA user_version = 7")
    old.execute(
        "INSERT INTO documents (doc_id, source_path, encoding, content_hash, raw_text,"
        " body_offset, imported_at) VALUES ('d', 'd.txt', 'utf-8', 'h', 'x', 0, 'now')"
    )
    old.execute(
        'INSERT INTO articles (document_id, seq, title, start, "end", blocks)'
        " VALUES (1, 0, 't', 0, 1, '[]')"
    )
    old.commit()
    old.close()
    (doc,) = repository.load_documents(connect(db_path))
    assert doc.format == "text" and doc.articles[0].page is None
