"""Curation: a user corrects, deletes and merges events; the changes carry who/when,
survive re-extraction and re-import, and can be undone and redone."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store import curation, repository
from explorer.store.db import connect
from explorer.store.importer import import_corpus, reextract, run_to_end
from explorer.store.schema import MIGRATIONS


@pytest.fixture
def conn(store, corpus_dir):
    conn = connect(store)
    run_to_end(import_corpus(conn, [corpus_dir], extract_with_bundled_gazetteer))
    return conn


def _event(conn, title_part: str):
    return next(e for e in repository.load_events(conn) if title_part in e.title)


def _by_id(conn, event_id):
    return next((e for e in repository.load_events(conn) if e.id == event_id), None)


def test_an_edit_is_stored_with_who_and_when(conn) -> None:
    event = _event(conn, "封顶")
    curation.edit_event(
        conn, event.id, {"type": "completion", "district": "江海区", "status": "planned"}, "李明"
    )
    edited = _by_id(conn, event.id)
    assert (edited.type, edited.district, edited.status) == ("completion", "江海区", "planned")
    assert edited.edited and edited.edited_by == "李明" and edited.edited_at
    assert [(h.action, h.who) for h in curation.history(conn, event.id)] == [("edit", "李明")]


def test_a_new_precision_changes_the_interval(conn) -> None:
    event = _event(conn, "封顶")
    start, end = curation.date_interval(date(2022, 8, 15), "quarter")
    curation.edit_event(
        conn,
        event.id,
        {"date": start.isoformat(), "date_end": end.isoformat(), "date_precision": "quarter"},
        "me",
    )
    edited = _by_id(conn, event.id)
    assert (edited.date, edited.date_end, edited.date_precision) == (
        "2022-07-01",
        "2022-09-30",
        "quarter",
    )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"type": "explosion"}, "type"),
        ({"district": "广州市"}, "district"),
        ({"date": "2022-13-45"}, "date"),
        ({"date": "2022-07-30", "date_end": "2022-07-01"}, "before"),
        ({"title": ""}, "title"),
        ({"excerpt": "rewritten"}, "excerpt"),
        ({"lat": 95.0}, "lat"),
    ],
)
def test_a_bad_edit_is_refused_and_changes_nothing(conn, changes, message) -> None:
    event = _event(conn, "封顶")
    with pytest.raises(ValueError, match=message):
        curation.edit_event(conn, event.id, changes, "me")
    assert _by_id(conn, event.id) == event
    assert curation.history(conn, event.id) == []


def test_undo_and_redo_an_edit(conn) -> None:
    event = _event(conn, "封顶")
    change = curation.edit_event(conn, event.id, {"district": "江海区"}, "me")
    curation.undo(conn, change, "me")
    assert _by_id(conn, event.id) == event  # not even marked edited any more
    curation.redo(conn, change, "me")
    assert _by_id(conn, event.id).district == "江海区"
    assert [h.action for h in curation.history(conn, event.id)] == [
        "edit",
        "undo edit",
        "redo edit",
    ]


def test_a_deleted_event_is_hidden_and_can_come_back(conn) -> None:
    event = _event(conn, "封顶")
    change = curation.delete_event(conn, event.id, "me")
    assert _by_id(conn, event.id) is None
    curation.undo(conn, change, "me")
    assert _by_id(conn, event.id) == event


def test_merge_keeps_one_event_with_what_the_other_knew(conn) -> None:
    keep, drop = repository.load_events(conn)[:2]
    conn.execute("UPDATE events SET amount_cny = NULL WHERE id = ?", (keep.id,))
    conn.execute("UPDATE events SET amount_cny = 123 WHERE id = ?", (drop.id,))
    change = curation.merge_events(conn, keep.id, drop.id, "me")
    assert _by_id(conn, drop.id) is None
    assert _by_id(conn, keep.id).amount_cny == 123
    assert curation.merged_into(conn, keep.id) == [drop.id]
    curation.undo(conn, change, "me")
    assert _by_id(conn, drop.id) is not None and _by_id(conn, keep.id).amount_cny is None
    with pytest.raises(ValueError):
        curation.merge_events(conn, keep.id, keep.id, "me")


def test_curation_survives_reextraction_and_reimport(conn, corpus_dir) -> None:
    edited = _event(conn, "封顶")
    deleted, merged_away, kept = [
        e
        for e in repository.load_events(conn)
        if e.id != edited.id and e.document != edited.document
    ][:3]
    curation.edit_event(conn, edited.id, {"type": "completion"}, "me")
    curation.delete_event(conn, deleted.id, "me")
    curation.merge_events(conn, kept.id, merged_away.id, "me")
    before = repository.load_events(conn)

    run_to_end(reextract(conn, extract_with_bundled_gazetteer))
    run_to_end(import_corpus(conn, [corpus_dir], extract_with_bundled_gazetteer))

    after = repository.load_events(conn)
    assert sorted(e.to_spec().items().__repr__() for e in after) == sorted(
        e.to_spec().items().__repr__() for e in before
    )
    assert all(e.id not in (deleted.id, merged_away.id) for e in after)
    assert _by_id(conn, edited.id).type == "completion"


def test_a_version_1_database_is_upgraded_with_its_events(db_path) -> None:
    old = sqlite3.connect(db_path)
    for statement in MIGRATIONS[0]:
        old.execute(statement)
    old.execute("PRAGMA user_version = 1")
    old.execute(
        "INSERT INTO documents (doc_id, source_path, encoding, content_hash, raw_text,"
        " body_offset, imported_at) VALUES ('d', 'd.txt', 'utf-8', 'h', 'x', 0, 'now')"
    )
    old.execute(
        "INSERT INTO events (document_id, type, status, title, excerpt, span_start, span_end,"
        " created_at) VALUES (1, 'signing', 'occurred', '签约', 'x', 0, 1, 'now')"
    )
    old.commit()
    old.close()
    conn = connect(db_path)
    (event,) = repository.load_events(conn)
    assert event.type == "signing" and not event.edited
    row = conn.execute("SELECT extracted_type FROM events").fetchone()
    assert row[0] == "signing"


def test_correcting_one_of_two_events_in_a_sentence_keeps_the_other(conn, make_event) -> None:
    from explorer.store.db import transaction

    doc = "003_71290901aa77fecf"
    both = [
        make_event(document=doc, type="completion", title=title, span=(560, 590))
        for title in ("甲项目竣工", "乙项目竣工")
    ]
    with transaction(conn):
        repository.replace_machine_events(conn, doc, both)
    first = _event(conn, "甲项目竣工")
    curation.delete_event(conn, first.id, "me")
    with transaction(conn):
        repository.replace_machine_events(conn, doc, both)
    titles = [e.title for e in repository.load_events(conn) if e.document == doc]
    assert "乙项目竣工" in titles and "甲项目竣工" not in titles


# Two analysts on one database: each opens a connection of their own (a window each).
def test_an_edit_on_a_stale_view_is_refused_with_who_changed_it(conn, store) -> None:
    other = connect(store)  # the second analyst
    event = _event(conn, "封顶")
    seen = curation.versions(other)[event.id]  # what the second window read
    curation.edit_event(conn, event.id, {"title": "主厂房封顶"}, "李明")
    with pytest.raises(curation.EditConflict, match=rf"event {event.id} was changed by 李明"):
        curation.edit_event(other, event.id, {"title": "厂房封顶"}, "王芳", seen=seen)
    assert _by_id(conn, event.id).title == "主厂房封顶"  # never silently overwritten
    with pytest.raises(curation.EditConflict, match="reload"):
        curation.delete_event(other, event.id, "王芳", seen=seen)
    fresh = curation.versions(other, [event.id])[event.id]  # after a reload
    curation.edit_event(other, event.id, {"title": "厂房封顶"}, "王芳", seen=fresh)
    assert _by_id(conn, event.id).title == "厂房封顶"


def test_undo_refuses_to_put_back_what_another_analyst_changed_since(conn, store) -> None:
    other = connect(store)
    event = _event(conn, "封顶")
    change = curation.edit_event(conn, event.id, {"status": "planned"}, "李明")
    curation.edit_event(other, event.id, {"subject": "中创新航"}, "王芳")
    with pytest.raises(curation.EditConflict, match="changed by 王芳"):
        curation.undo(conn, change, "李明")
    assert _by_id(conn, event.id).subject == "中创新航"  # 王芳's correction stands


def test_undo_after_an_edit_typed_as_text_finds_what_was_stored(conn) -> None:
    event = _event(conn, "封顶")
    change = curation.edit_event(conn, event.id, {"lat": "22.55", "lon": "113.1"}, "李明")
    curation.undo(conn, change, "李明")  # the stored 22.55 is what undo expects, not "22.55"
    assert _by_id(conn, event.id).lat == event.lat


def test_the_change_token_moves_with_corrections_imports_and_reextraction(conn) -> None:
    # What a window on a shared database polls to see other analysts' work.
    seen = repository.change_token(conn)
    assert repository.change_token(conn) == seen  # reading changes nothing
    curation.edit_event(conn, _event(conn, "封顶").id, {"status": "planned"}, "李明")
    after_edit = repository.change_token(conn)
    assert after_edit != seen
    run_to_end(reextract(conn, extract_with_bundled_gazetteer))
    assert repository.change_token(conn) not in (seen, after_edit)
