"""What a project will yield is no event; what it plans, with a date, still is. And an
event's subject names a project, a company or a body — or nothing, never a fragment."""

from __future__ import annotations

from datetime import date

import pytest

from explorer.pipeline.documents import Meta, document_from_text
from explorer.pipeline.extract import extract_document
from explorer.pipeline.places import Gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.bundled()


def _events(text: str, gazetteer: Gazetteer, published: date = date(2023, 5, 10)):
    doc = document_from_text("t.txt", text, Meta("某某测试标题", published, "day"), "text")
    return list(extract_document(doc, gazetteer))


@pytest.mark.parametrize(
    "sentence",
    [
        "今年3月，某某科技产业园在江海区动工。项目达产后年产值约20亿元。",
        "今年3月，某某科技产业园在江海区动工。项目达产年产值约20亿元，投产后可实现税收1亿元。",
        "今年3月，某某科技产业园在江海区动工，建成投产后预计年产值可达15亿元。",
        "今年3月，某某科技产业园在江海区动工，全面达产达效后年产值将突破百亿元。",
        "今年3月，某某科技产业园在江海区动工，预计年产值50亿元。",
    ],
)
def test_a_projection_is_not_a_production_start(gazetteer, sentence) -> None:
    events = _events(sentence, gazetteer)
    assert [e.type for e in events] == ["groundbreaking"]


def test_a_projection_in_a_headline_is_not_an_event(gazetteer) -> None:
    text = "某某新能源项目达产后年产值将超50亿元\n\n5月9日，某某新能源项目在新会区签约。\n"
    assert [e.type for e in _events(text, gazetteer)] == ["signing"]


def test_a_dated_plan_beside_a_projection_is_still_a_planned_production_start(
    gazetteer,
) -> None:
    (event,) = _events("某某新材料项目计划于2024年投产，达产后年产值10亿元。", gazetteer)
    assert (event.type, event.date, event.date_end, event.status) == (
        "production_start",
        "2024-01-01",
        "2024-12-31",
        "planned",
    )


def test_a_production_start_that_happened_keeps_its_output_figure_aside(gazetteer) -> None:
    (event,) = _events("今年4月，某某食品项目全面投产，年产值约8亿元。", gazetteer)
    assert (event.type, event.date, event.status) == ("production_start", "2023-04-01", "occurred")


@pytest.mark.parametrize(
    "sentence",
    [
        "根据协议，今年6月底动工，力争明年投产。",
        "5月6日，根据协议签约。",
        "5月4日，通过招商推介会签约。",
        "力争年内建成投产。",
    ],
)
def test_a_fragment_is_never_a_subject(gazetteer, sentence) -> None:
    events = _events(sentence, gazetteer)
    assert events and all(e.subject is None for e in events), [e.subject for e in events]


def test_a_project_named_beside_a_fragment_is_the_subject(gazetteer) -> None:
    (event,) = _events("按照协议，某某智能装备项目今年底建成投产。", gazetteer)
    assert (event.type, event.subject) == ("production_start", "某某智能装备项目")


def test_the_recipient_of_an_award_plate_is_the_subject(gazetteer) -> None:
    (event,) = _events("3月2日，市有关部门还向某某材料公司授牌。", gazetteer)
    assert (event.type, event.subject) == ("unveiling", "某某材料公司")


def test_the_deed_after_a_name_is_not_part_of_the_subject(gazetteer) -> None:
    (event,) = _events("3月2日，向阳村文化广场建成启用。", gazetteer)
    assert (event.type, event.subject) == ("opening", "向阳村文化广场")
