"""The store: schema and migrations, WAL, all-or-nothing imports, dedupe, search, events."""

from __future__ import annotations

import sqlite3

import pytest

from explorer import paths
from explorer.core.events import Event
from explorer.pipeline.corpus import discover, read_source
from explorer.pipeline.documents import Meta, document_from_text
from explorer.store import importer, repository
from explorer.store.bootstrap import ensure_places, first_launch_import
from explorer.store.db import StoreError, connect, transaction
from explorer.store.dialect import dialect_of
from explorer.store.fts import find_hit, index_article, index_text, match_expression
from explorer.store.importer import import_corpus, run_to_end
from explorer.store.schema import SCHEMA_VERSION


def _import(conn, *paths):
    return run_to_end(import_corpus(conn, list(paths)))


# SQLite-only: WAL, PRAGMA user_version and a damaged file are the SQLite file's matters
# (a PostgreSQL server keeps its own files); the rest of this file runs on both backends.
def test_new_database_is_wal_and_at_the_current_schema(db_path) -> None:
    conn = connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_database_from_a_newer_version_is_refused(db_path) -> None:
    sqlite3.connect(db_path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(StoreError, match="newer"):
        connect(db_path)


def test_a_file_that_is_not_a_database_is_refused(db_path) -> None:
    db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=str(db_path.name)):
        connect(db_path)


@pytest.mark.postgres
def test_a_new_server_database_gets_the_current_schema_once(postgres_url) -> None:
    conn = connect(postgres_url)
    assert conn.execute("SELECT version FROM explorer_schema").fetchall() == [(SCHEMA_VERSION,)]
    connect(postgres_url).close()  # up to date: opened without running a step again
    assert conn.execute("SELECT count(*) FROM explorer_schema").fetchone()[0] == 1
    conn.execute("UPDATE explorer_schema SET version = ?", (SCHEMA_VERSION + 5,))
    with pytest.raises(StoreError, match="newer than this program"):
        connect(postgres_url)


def test_an_unreachable_server_is_a_store_error() -> None:
    # One line either way: no server there, or no psycopg in this installation.
    with pytest.raises(StoreError, match=r"cannot open the database|support is not installed"):
        connect("postgresql://nobody:secret@127.0.0.1:1/none")


def test_import_then_reimport_adds_nothing(store, corpus_dir) -> None:
    conn = connect(store)
    first = _import(conn, corpus_dir)
    assert (first.documents, first.duplicates, first.failures) == (5, [], [])
    assert first.articles == repository.counts(conn)["articles"] >= 20
    again = _import(conn, corpus_dir)
    assert again.documents == 0 and len(again.duplicates) == 5
    assert again.exit_code == 0
    assert repository.counts(conn)["documents"] == 5


def test_failure_inside_a_batch_leaves_nothing_half_written(store, corpus_dir, monkeypatch) -> None:
    conn = connect(store)
    real_add = repository.add_document
    calls = []

    def add_then_fail(conn, doc, import_id):
        calls.append(doc.doc_id)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return real_add(conn, doc, import_id)

    monkeypatch.setattr(repository, "add_document", add_then_fail)
    with pytest.raises(sqlite3.OperationalError):
        _import(conn, corpus_dir)
    assert repository.counts(conn) == {"documents": 0, "articles": 0, "events": 0, "places": 0}
    assert conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 0
    assert repository.search_articles(conn, "封顶") == []


def test_abandoned_import_generator_rolls_back(store, corpus_dir) -> None:
    conn = connect(store)
    steps = import_corpus(conn, [corpus_dir])
    next(steps), next(steps), next(steps)  # two files stored, then the caller gives up
    steps.close()
    assert repository.counts(conn)["documents"] == 0


def test_same_file_name_in_two_folders_gets_a_qualified_id(store, tmp_path) -> None:
    conn = connect(store)
    for folder, text in (("2022", "项目签约。"), ("2023", "项目动工。")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "A01.txt").write_text(text, encoding="utf-8")
    report = _import(conn, tmp_path)
    assert report.documents == 2 and report.failures == []
    ids = {r[0] for r in conn.execute("SELECT doc_id FROM documents")}
    assert ids == {"A01", "2023/A01"}
    (warning,) = report.warnings
    assert "2023/A01.txt" in warning and "imported as '2023/A01'" in warning


def test_id_taken_even_when_qualified_is_a_named_failure(store, tmp_path) -> None:
    conn = connect(store)
    for folder, text in (("x", "项目签约。"), ("y/x", "项目动工。"), ("z/x", "项目投产。")):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "page.txt").write_text(text, encoding="utf-8")
    report = _import(conn, tmp_path / "x", tmp_path / "y", tmp_path / "z")
    assert report.documents == 2
    (failure,) = report.failures
    assert failure.path.endswith("z/x/page.txt") and "already used" in failure.problem


def test_search_finds_two_character_words_and_ranks_titles(store, corpus_dir) -> None:
    conn = connect(store)
    _import(conn, corpus_dir)
    topping = repository.search_articles(conn, "封顶")
    assert topping[0].title == "中创新航江门基地项目一期M1主厂房 88天封顶"
    assert topping[0].doc_id == "003_71290901aa77fecf"
    start, end = topping[0].hit
    assert topping[0].snippet[start:end] == "封顶"
    signing = repository.search_articles(conn, "签约")
    assert {h.doc_id for h in signing} >= {"002_29067f03fc52df4d", "003_71290901aa77fecf"}
    both = repository.search_articles(conn, "中欧班列 鹤山")
    assert [h.title for h in both] == ["江门鹤山 打造国家级中欧合作样板区"]
    assert repository.search_articles(conn, "M1")[0].doc_id == "003_71290901aa77fecf"
    assert repository.search_articles(conn, "ｍ１")[0].doc_id == "003_71290901aa77fecf"


@pytest.mark.parametrize("query", ['"', "封顶 OR", "NEAR(封 顶)", "*", "AND", "title:x", "()"])
def test_search_syntax_typed_by_users_never_errors(store, corpus_dir, query) -> None:
    conn = connect(store)
    _import(conn, corpus_dir)
    repository.search_articles(conn, query)  # no sqlite3.OperationalError


def test_gazetteer_loads_once(store) -> None:
    conn = connect(store)
    assert ensure_places(conn, paths.gazetteer_path()) == 134
    assert ensure_places(conn, paths.gazetteer_path()) == 134
    row = conn.execute("SELECT district, kind FROM places WHERE name = '新会区'").fetchone()
    assert tuple(row) == ("新会区", "district")


def test_bundled_corpus_is_imported_on_first_launch_only(store, corpus_dir) -> None:
    conn = connect(store)
    report = run_to_end(first_launch_import(conn, corpus_dir))
    assert report is not None and report.documents == 5
    conn.execute("DELETE FROM documents")
    assert run_to_end(first_launch_import(conn, corpus_dir)) is None
    assert repository.counts(conn)["documents"] == 0


def _event(title: str, **changes) -> Event:
    values = dict(
        document="003_71290901aa77fecf",
        type="topping_out",
        date="2022-07-30",
        date_end="2022-07-30",
        date_precision="day",
        status="occurred",
        title=title,
        subject="中创新航江门基地项目",
        place="新会智造产业园凤山湖园区",
        district="新会区",
        lat=22.6,
        lon=112.9,
        geo_precision="park",
        amount_cny=20_000_000_000,
        excerpt="7月30日,中创新航江门基地项目举行一期M1主厂房封顶仪式。",
        span=(560, 590),
    )
    values.update(changes)
    return Event(**values)


def test_reextraction_replaces_machine_events_but_keeps_user_edits(store, corpus_dir) -> None:
    conn = connect(store)
    _import(conn, corpus_dir)
    doc = "003_71290901aa77fecf"
    with transaction(conn):
        repository.replace_machine_events(conn, doc, [_event("M1封顶"), _event("旧")])
    conn.execute("UPDATE events SET edited = 1 WHERE title = 'M1封顶'")
    with transaction(conn):
        again = _event("M1封顶 (machine)")  # the machine version of the edited event
        repository.replace_machine_events(conn, doc, [again, _event("新", span=(600, 620))])
    events = repository.load_events(conn)
    assert sorted(e.title for e in events) == ["M1封顶", "新"]
    kept = next(e for e in events if e.title == "M1封顶")
    assert kept.edited and kept.to_spec() == _event("M1封顶").to_spec()


def test_events_outside_the_vocabulary_are_refused(store, corpus_dir) -> None:
    conn = connect(store)
    _import(conn, corpus_dir)
    with pytest.raises(dialect_of(conn).integrity_error()), transaction(conn):
        repository.replace_machine_events(
            conn, "003_71290901aa77fecf", [_event("x", type="explosion")]
        )
    with pytest.raises(dialect_of(conn).integrity_error()), transaction(conn):
        repository.replace_machine_events(
            conn, "003_71290901aa77fecf", [_event("x", district="广州市")]
        )


def test_progress_counts_files(store, corpus_dir) -> None:
    conn = connect(store)
    seen = []
    importer.run_to_end(import_corpus(conn, [corpus_dir]), seen.append)
    assert seen[0].done == 0 and seen[-1].done == seen[-1].total == 5


def test_the_date_source_is_stored_with_each_event(store, corpus_dir) -> None:
    """The window can say how sure a date is: extraction's date_source survives the store."""
    from explorer.core.events import DATE_SOURCES
    from explorer.pipeline.extract import extract_with_bundled_gazetteer
    from explorer.store import repository
    from explorer.store.importer import import_corpus, run_to_end

    conn = connect(store)
    run_to_end(import_corpus(conn, [corpus_dir], extract_with_bundled_gazetteer))
    sources = {e.date_source for e in repository.load_events(conn)}
    assert sources and sources <= set(DATE_SOURCES)


# Invented traditional and Kangxi articles (made-up projects), for search across scripts.
_TRADITIONAL_PAGE = (
    "# 臺山華廷儲能項目簽約\n\n"
    "2022年7月30日，華廷儲能項目在臺山市廣海灣工業園區舉行簽約儀式，總投資50億元。"
)
_KANGXI_PAGE = "# 某某电池项目动工\n\n开平市某某电池项目8⽉8⽇在⽔⼝镇动工。"


def _store(conn, doc_id: str, text: str) -> None:
    doc = document_from_text(f"{doc_id}.txt", text, Meta(), "text")
    with transaction(conn):
        assert repository.add_document(conn, doc, None).outcome is repository.Added.NEW


def test_simplified_queries_find_traditional_articles_and_quote_them(store) -> None:
    conn = connect(store)
    _store(conn, "trad", _TRADITIONAL_PAGE)
    (hit,) = repository.search_articles(conn, "台山 签约")
    assert hit.doc_id == "trad" and hit.title == "臺山華廷儲能項目簽約"
    assert hit.hit is not None and hit.snippet[hit.hit[0] : hit.hit[1]] == "臺山"
    (hit,) = repository.search_articles(conn, "广海湾")
    assert hit.hit is not None and hit.snippet[hit.hit[0] : hit.hit[1]] == "廣海灣"
    assert repository.search_articles(conn, "臺山")[0].doc_id == "trad"  # as printed


def test_traditional_queries_find_simplified_articles(store, corpus_dir) -> None:
    conn = connect(store)
    _import(conn, corpus_dir)
    simplified = repository.search_articles(conn, "鹤山")
    traditional = repository.search_articles(conn, "鶴山")
    assert simplified and [h.article_id for h in traditional] == [h.article_id for h in simplified]
    start, end = traditional[0].hit or (0, 0)
    assert traditional[0].snippet[start:end] == "鹤山"


def test_kangxi_radicals_are_searched_and_highlighted_as_ideographs(store) -> None:
    conn = connect(store)
    _store(conn, "kangxi", _KANGXI_PAGE)
    (hit,) = repository.search_articles(conn, "8月8日 水口")
    assert hit.hit is not None and hit.snippet[hit.hit[0] : hit.hit[1]] == "8⽉8⽇"


def test_find_hit_returns_offsets_into_the_original_text() -> None:
    text = _TRADITIONAL_PAGE
    start, end = find_hit(text, "广海湾") or (0, 0)
    assert text[start:end] == "廣海灣"
    start, end = find_hit(text, "舉行") or (0, 0)
    assert text[start:end] == "舉行"
    start, end = find_hit(_KANGXI_PAGE, "水口镇") or (0, 0)
    assert _KANGXI_PAGE[start:end] == "⽔⼝镇"


def test_terms_with_a_simplified_form_match_either_form() -> None:
    assert match_expression("臺山 签约") == '("臺 山" OR "台 山") AND "签 约"'
    assert match_expression("台山") == '"台 山"'


def test_simplified_articles_index_as_before(corpus_dir) -> None:
    """So a database built before the reading form needs no re-indexing."""
    docs = [d for s in discover([corpus_dir]).sources for d in read_source(s)]
    for doc in docs:
        for article in doc.articles:
            text = article.text(doc.body)
            assert index_article(article.title, text) == (
                index_text(article.title),
                index_text(text),
            )


def test_event_citations_name_each_event_s_article_in_one_query(store, corpus_dir) -> None:
    from explorer.pipeline.extract import extract_with_bundled_gazetteer

    conn = connect(store)
    ensure_places(conn, paths.gazetteer_path())
    run_to_end(import_corpus(conn, [corpus_dir], extract_with_bundled_gazetteer))
    events = repository.load_events(conn)
    assert len(events) > 40
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    citations = repository.event_citations(conn, [e.id for e in events])
    conn.set_trace_callback(None)
    assert len(statements) == 1  # not one query per event
    assert set(citations) == {e.id for e in events}
    for event in events:
        citation = citations[event.id]
        document = conn.execute(
            "SELECT title, source, pub_date, url, (SELECT count(*) FROM articles a"
            " WHERE a.document_id = d.id) AS articles FROM documents d WHERE doc_id = ?",
            (event.document,),
        ).fetchone()
        assert (citation.source, citation.pub_date, citation.url) == (
            document["source"],
            document["pub_date"],
            document["url"],
        )
        if document["articles"] > 1:  # a newspaper page: the article's own title
            (article,) = conn.execute(
                "SELECT title FROM articles WHERE id = ?", (event.article_id,)
            ).fetchone()
            assert citation.title == article
    assert repository.event_citations(conn, []) == {}


@pytest.mark.postgres
def test_the_command_line_works_on_a_server(postgres_url, corpus_dir, capsys) -> None:
    from explorer.cli import main

    assert main(["import", str(corpus_dir), "--db", postgres_url]) == 0
    capsys.readouterr()  # the import summary
    assert main(["search", "封顶", "--db", postgres_url]) == 0
    assert "88天封顶" in capsys.readouterr().out
    conn = connect(postgres_url)
    assert repository.counts(conn)["documents"] == 5 and repository.counts(conn)["events"] > 40
    assert main(["check", "--db", postgres_url]) == 1
    assert "PostgreSQL server with its own tools" in capsys.readouterr().err


def test_a_password_is_never_shown() -> None:
    from explorer.store.db import shown

    assert shown("postgresql://ana:s3cret@db.example:5432/team") == (
        "postgresql://ana@db.example:5432/team"
    )
