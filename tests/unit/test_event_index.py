"""EventIndex: one answer to which events a filter shows and what relates to an event."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace

import pytest

from explorer import paths
from explorer.core.filters import EventFilter
from explorer.index import EventIndex
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.pipeline.subjects import SubjectIndex, similar_subjects
from explorer.store import repository
from explorer.store.bootstrap import ensure_places
from explorer.store.db import connect
from explorer.store.fts import index_text
from explorer.store.importer import import_corpus, run_to_end


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> sqlite3.Connection:
    from tests.conftest import CORPUS

    conn = connect(tmp_path_factory.mktemp("index") / "s.sqlite3")
    ensure_places(conn, paths.gazetteer_path())
    run_to_end(import_corpus(conn, [CORPUS], extract_with_bundled_gazetteer))
    return conn


def _article_texts(conn: sqlite3.Connection) -> dict[int, str]:
    """Each stored article's title and body, read straight from the documents."""
    texts = {}
    for row in conn.execute(
        """SELECT a.id, a.title, a.start, a."end", d.raw_text, d.body_offset
           FROM articles a JOIN documents d ON d.id = a.document_id"""
    ):
        body = row["raw_text"][row["body_offset"] :]
        texts[row["id"]] = index_text(row["title"] + " " + body[row["start"] : row["end"]])
    return texts


def test_every_stored_event_knows_its_article(store) -> None:
    events = repository.load_events(store)
    assert events and all(e.article_id is not None for e in events)
    texts = _article_texts(store)
    for event in events[:40]:  # its sentence is in that article's text
        assert index_text(event.excerpt)[:8] in texts[event.article_id]


@pytest.mark.parametrize("words", ["开工", "江门", "签约 项目", "封顶。"])
def test_text_matches_the_events_own_article_not_the_page(store, words) -> None:
    events = repository.load_events(store)
    shown = {e.id for e in EventIndex(events, store).shown(EventFilter(text=words))}
    texts = _article_texts(store)
    terms = [index_text(t).replace(" ", "").strip("。") for t in words.split()]

    def in_article(event) -> bool:
        text = texts[event.article_id].replace(" ", "")
        return all(term in text for term in terms)

    assert shown == {e.id for e in events if in_article(e)}
    # A page holds several articles: matching per page would let more through.
    assert len(shown) < len(events)


def test_without_a_store_the_events_own_text_decides(make_event) -> None:
    events = [
        make_event(title="中创新航封顶", excerpt="x", article_id=1, id=1),
        make_event(title="江门站开通", excerpt="开工仪式", article_id=1, id=2),
    ]
    index = EventIndex(events)
    assert [e.id for e in index.shown(EventFilter(text="开工"))] == [2]
    assert [e.id for e in index.shown(EventFilter(text="封顶 中创"))] == [1]


def test_counts_follow_the_mask(make_event) -> None:
    events = [
        make_event(id=1, lat=22.5, lon=113.0, district="蓬江区"),
        make_event(id=2, date=None, date_end=None, district="新会区"),
    ]
    index = EventIndex(events)
    counts = index.counts(index.mask(EventFilter(districts=frozenset({"新会区"}))))
    assert counts == {"shown": 1, "total": 2, "undated": 1, "unplaced": 1}


@pytest.fixture
def report(make_event):
    numbers = iter(range(1, 100))

    def build(doc, kind, start, end, subject, article=None):
        return make_event(
            document=doc,
            type=kind,
            date=start,
            date_end=end,
            subject=subject,
            district=None,
            id=next(numbers),
            article_id=article,
        )

    return build


def test_other_papers_reporting_the_same_event(report) -> None:
    events = [
        report("a", "topping_out", "2022-07-30", "2022-07-30", "中创新航江门基地项目一期M1主厂房"),
        report("b", "topping_out", "2022-07-01", "2022-07-31", "中创新航江门基地项目"),
        report("c", "topping_out", "2022-07-30", "2022-07-30", "江门站站房"),
        report("d", "signing", "2022-07-30", "2022-07-30", "中创新航江门基地项目"),
        report("e", "topping_out", "2022-09-01", "2022-09-01", "中创新航江门基地项目"),
        report("a", "topping_out", "2022-07-01", "2022-07-31", "中创新航江门基地"),
    ]
    related = EventIndex(events).related(1)
    assert [e.document for e in related.reports] == ["b"]  # not its own paper, not d or e
    assert {e.id for e in related.project} == {2, 4, 5, 6}  # the project's events
    assert [e.id for e in related.project] == sorted(
        [e.id for e in related.project], key=lambda i: events[i - 1].date
    )


def test_undated_events_are_no_report_of_anything(report) -> None:
    events = [
        report("a", "launch", "2022-10-27", "2022-10-27", "新会陈皮数字化溯源管理系统"),
        report("d", "launch", None, None, "新会陈皮数字化溯源管理系统"),
    ]
    index = EventIndex(events)
    assert index.related(1).reports == [] and index.related(2).reports == []


def test_same_article_means_the_article_not_the_page(report) -> None:
    events = [
        report("p", "signing", "2022-01-05", "2022-01-05", "甲项目", article=10),
        report("p", "opening", "2022-01-05", "2022-01-05", "乙大桥", article=10),
        report("p", "launch", "2022-01-05", "2022-01-05", "丙系统", article=11),
    ]
    assert [e.id for e in EventIndex(events).related(1).article] == [2]


def test_unknown_event_has_nothing_related(report) -> None:
    assert EventIndex([]).related(7).reports == []


def test_with_replaced_keeps_order_or_declines(report) -> None:
    events = [
        report("a", "signing", "2022-01-05", "2022-01-05", "甲项目"),
        report("a", "opening", "2022-02-05", "2022-02-05", "乙大桥"),
    ]
    index = EventIndex(events)
    renamed = {1: replace(events[0], title="改")}
    swapped = index.with_replaced(renamed)
    assert swapped is not None and swapped.events[0].title == "改"
    assert swapped.columns.text[0].startswith("改")
    moved = {2: replace(events[1], date="2021-01-01")}
    assert EventIndex(events).with_replaced(moved) is None


def test_subject_index_finds_what_a_scan_finds() -> None:
    rng = random.Random(3)
    alphabet = "中创新航江门基地项目一期厂房大广海湾"
    subjects = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 12))) for _ in range(400)
    ]
    subjects += ["中创新航", "中创新航江门基地", "江门", "中创新航江门基地项目一期M1主厂房"]
    index = SubjectIndex(subjects)
    for query in [*subjects[:120], "中创新航江门基地项目", "江", "大广海湾经济区"]:
        expected = {s for s in set(subjects) if similar_subjects(s, query)}
        assert index.similar_to(query) == expected, query


# ------------------------------------------------------------------- facet counts
def _facet_events():
    from tests.conftest import new_event

    spec = [  # district, type, status, date
        ("新会区", "signing", "occurred", "2022-03-01"),
        ("新会区", "signing", "planned", "2023-03-01"),
        ("新会区", "groundbreaking", "occurred", "2022-05-01"),
        ("蓬江区", "signing", "occurred", "2022-06-01"),
        ("蓬江区", "production_start", "occurred", "2022-07-01"),
        ("台山市", "groundbreaking", "occurred", "2021-07-01"),
        (None, "signing", "occurred", None),
    ]
    return [
        new_event(
            id=i + 1, district=d, type=t, status=s, date=day, date_end=day, excerpt=f"第{i}句"
        )
        for i, (d, t, s, day) in enumerate(spec)
    ]


def test_facet_counts_follow_every_other_filter_but_not_their_own() -> None:
    from datetime import date

    events = _facet_events()
    index = EventIndex(events)
    wanted = EventFilter(
        date(2022, 1, 1), date(2022, 12, 31), frozenset({"新会区"}), frozenset({"signing"})
    )
    filtered = index.filtered(wanted)
    assert filtered.mask.tolist() == index.mask(wanted).tolist()
    # Types: 2022 events in 新会区, whatever their type (the type facet's own choice aside).
    assert dict(filtered.counts["type"]) == {"signing": 1, "groundbreaking": 1}
    # Districts: 2022 signings, whatever their district.
    assert dict(filtered.counts["district"]) == {"新会区": 1, "蓬江区": 1}
    assert dict(filtered.counts["status"]) == {"occurred": 1}


def test_facet_counts_of_a_district_equal_its_events_of_each_type() -> None:
    events = _facet_events()
    counts = EventIndex(events).filtered(EventFilter(districts=frozenset({"新会区"}))).counts
    for event_type in ("signing", "groundbreaking", "production_start"):
        expected = sum(1 for e in events if e.district == "新会区" and e.type == event_type)
        assert counts["type"].get(event_type, 0) == expected
    everything = EventIndex(events).filtered(EventFilter()).counts
    assert sum(everything["district"].values()) == len(events)  # None counted, not shown


def test_facet_counts_apply_the_text_filter(store) -> None:
    events = repository.load_events(store)
    index = EventIndex(events, store)
    wanted = EventFilter(text="封顶", types=frozenset({"signing"}))
    shown_without_types = index.shown(EventFilter(text="封顶"))
    counts = index.filtered(wanted).counts["type"]
    for event_type, n in counts.items():
        assert n == sum(1 for e in shown_without_types if e.type == event_type)
    assert counts.get("topping_out", 0) > 0


def test_facet_counts_after_a_correction_count_the_corrected_event() -> None:
    events = _facet_events()
    index = EventIndex(events)
    index.filtered(EventFilter())  # the facet codes are made
    fresh = replace(events[0], type="award", district="鹤山市")  # values not seen before
    corrected = index.with_replaced({fresh.id: fresh})
    assert corrected is not None
    counts = corrected.filtered(EventFilter()).counts
    assert counts["type"]["award"] == 1 and counts["type"]["signing"] == 3
    assert counts["district"]["鹤山市"] == 1 and counts["district"]["新会区"] == 2
