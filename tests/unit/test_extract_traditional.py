"""Extraction reads the reading form and quotes the original: traditional and Kangxi text.

The articles are invented for the tests (made-up projects and companies).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import opencc
import pytest

from explorer.core.articles import Document
from explorer.core.events import Event
from explorer.pipeline.corpus import discover, read_source
from explorer.pipeline.documents import Meta, document_from_text
from explorer.pipeline.extract import extract_document
from explorer.pipeline.layout import split_articles
from explorer.pipeline.places import Gazetteer

TRADITIONAL_PAGE = (
    "# 江門華廷新能源項目簽約\n\n"
    "本報訊 2022年7月30日，華廷新能源項目在江門市新會區舉行簽約儀式，總投資50億元。"
    "該項目主要建設儲能電池生產線。"
)
SIMPLIFIED_PAGE = (
    "# 江门华廷新能源项目签约\n\n"
    "本报讯 2022年7月30日，华廷新能源项目在江门市新会区举行签约仪式，总投资50亿元。"
    "该项目主要建设储能电池生产线。"
)
CORPUS = Path(__file__).resolve().parents[2] / "explorer" / "data" / "corpus"
KANGXI_PAGE = "# 台⼭某某储能项目动工\n\n台⼭市某某储能项目8⽉8⽇在⼴海湾动工，总投资30亿元。"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.bundled()


def _doc(text: str, published: date) -> Document:
    return document_from_text("t.txt", text, Meta(pub_date=published, pub_precision="day"), "text")


def _events(doc: Document, gazetteer: Gazetteer) -> list[Event]:
    events = extract_document(doc, gazetteer)
    for event in events:
        assert event.excerpt == doc.body[event.span[0] : event.span[1]]
    return events


def test_a_traditional_signing_is_found_and_quoted_in_traditional(gazetteer) -> None:
    doc = _doc(TRADITIONAL_PAGE, date(2022, 7, 31))
    (signing,) = [e for e in _events(doc, gazetteer) if e.type == "signing"]
    assert (signing.date, signing.date_precision, signing.status) == (
        "2022-07-30",
        "day",
        "occurred",
    )
    assert signing.district == "新会区"
    assert signing.amount_cny == 5_000_000_000
    assert "舉行簽約儀式" in signing.excerpt  # the source's characters
    assert signing.subject is not None and "华廷新能源项目" in signing.subject  # read simplified


def test_traditional_and_simplified_texts_give_the_same_events(gazetteer) -> None:
    published = date(2022, 7, 31)
    traditional = _events(_doc(TRADITIONAL_PAGE, published), gazetteer)
    simplified = _events(_doc(SIMPLIFIED_PAGE, published), gazetteer)

    def facts(events: list[Event]) -> list[tuple[object, ...]]:
        return [(e.type, e.date, e.district, e.amount_cny, e.subject, e.span) for e in events]

    assert facts(traditional) == facts(simplified)


def test_kangxi_radicals_are_read_as_ideographs(gazetteer) -> None:
    doc = _doc(KANGXI_PAGE, date(2023, 8, 9))
    (groundbreaking,) = [e for e in _events(doc, gazetteer) if e.type == "groundbreaking"]
    assert groundbreaking.date == "2023-08-08"
    assert groundbreaking.district == "台山市"
    assert groundbreaking.amount_cny == 3_000_000_000
    assert "8⽉8⽇" in groundbreaking.excerpt  # quoted as the PDF's text layer has it


def test_a_simplified_article_beside_a_traditional_one_is_read_as_it_is(gazetteer) -> None:
    page = (
        "# 蓬江区某某产业园开园\n\n2023年3月1日，蓬江区某某产业园正式开园。\n\n" + TRADITIONAL_PAGE
    )
    doc = _doc(page, date(2023, 3, 2))
    assert len(doc.articles) == 2
    kinds = {(e.type, e.date, e.district) for e in _events(doc, gazetteer)}
    assert ("opening", "2023-03-01", "蓬江区") in kinds
    assert ("signing", "2022-07-30", "新会区") in kinds


def test_a_caption_inside_a_traditional_sentence_is_skipped(gazetteer) -> None:
    page = (
        "臺山某某儲能項目\n動工儀式舉行\n\n"
        "本報訊 2023年8月8日，臺山市某某儲能項目在廣海灣\n\n"
        "項目施工現場。 李四 攝\n\n"  # a photo credit (攝) in the normal flow
        "舉行動工儀式，總投資30億元。\n\n該項目預計明年建成投產。"
    )
    doc = _doc(page, date(2023, 8, 9))
    (groundbreaking,) = [e for e in _events(doc, gazetteer) if e.type == "groundbreaking"]
    assert groundbreaking.date == "2023-08-08"
    assert groundbreaking.amount_cny == 3_000_000_000
    assert groundbreaking.excerpt.startswith("本報訊 2023年8月8日")
    assert groundbreaking.excerpt.endswith("總投資30億元。")  # the whole sentence, caption within


def test_the_sample_pages_in_traditional_script_give_the_same_events(gazetteer) -> None:
    """The sample corpus written in Hong Kong traditional by OpenCC (in memory): the same
    events at the same spans, quoting the traditional sentences."""
    converter = opencc.OpenCC("s2hk")
    docs = [d for s in discover([CORPUS]).sources for d in read_source(s)]
    assert len(docs) == 5
    for doc in docs:
        body = converter.convert(doc.body)
        assert len(body) == len(doc.body)
        title = converter.convert(doc.title) if doc.title else None
        traditional = replace(
            doc, raw_text=body, body_offset=0, articles=split_articles(body, title)
        )
        assert [a.title for a in traditional.articles] == [
            converter.convert(a.title) for a in doc.articles
        ]
        expected = [_fact(e) for e in extract_document(doc, gazetteer)]
        assert [_fact(e) for e in _events(traditional, gazetteer)] == expected


def _fact(event: Event) -> tuple[object, ...]:
    return (
        event.type,
        event.date,
        event.date_end,
        event.status,
        event.subject,
        event.place,
        event.district,
        event.amount_cny,
        event.span,
    )
