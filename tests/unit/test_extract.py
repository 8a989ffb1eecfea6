"""Events from whole documents: dates, one event per fact, places, quotes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from explorer.core.articles import Document
from explorer.pipeline.corpus import discover, read_source
from explorer.pipeline.extract import extract_document
from explorer.pipeline.frontmatter import parse_front_matter
from explorer.pipeline.layout import split_articles
from explorer.pipeline.places import Gazetteer

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.bundled()


def _doc(text: str, published: date | None = date(2022, 12, 22)) -> Document:
    front = parse_front_matter(text)
    body = text[front.body_offset :]
    return Document(
        doc_id="t",
        source_path="t.txt",
        encoding="utf-8",
        raw_text=text,
        body_offset=front.body_offset,
        title=None,
        pub_date=published,
        pub_precision="day" if published else None,
        source=None,
        url=None,
        content_hash="h",
        articles=split_articles(body, None),
    )


def test_a_fact_told_three_times_is_one_event(gazetteer) -> None:
    text = (
        "中创新航江门基地项目一期M1主厂房88天封顶\n\n"
        "7月30日,中创新航江门基地项目举行一期M1主厂房封顶仪式。\n\n"
        "该厂房从5月4日进入主体结构施工阶段,至7月30日完成主体结构封顶,仅用时88天。\n"
    )
    (event,) = extract_document(_doc(text), gazetteer)
    assert (event.type, event.date, event.date_precision) == ("topping_out", "2022-07-30", "day")
    assert event.status == "occurred"
    assert "中创新航江门基地项目" in (event.subject or "")
    assert event.district == "新会区"


def test_excerpt_is_the_body_at_span_even_across_a_caption(gazetteer) -> None:
    text = (
        "在鹤山市金宝力电器有限公司车\n\n\n\n今年4月底，“江门号”中欧班列从鹤山发出\n\n\n\n"
        "间内，4月28日首趟中欧班列从鹤山开出。\n"
    )
    doc = _doc(text, date(2022, 5, 22))
    (event,) = extract_document(doc, gazetteer)
    start, end = event.span
    assert doc.body[start:end] == event.excerpt
    assert event.excerpt.startswith("在鹤山市") and event.excerpt.endswith("开出。")
    assert event.date == "2022-04-28"  # not the caption's 4月底


def test_planned_and_future_dates(gazetteer) -> None:
    text = (
        "咬住“明年第一季度投产”这个目标,项目马力全开。\n\n区政协会议定于2023年2月18日至20日召开。\n"
    )
    events = extract_document(_doc(text), gazetteer)
    assert [(e.type, e.status, e.date, e.date_end) for e in events] == [
        ("production_start", "planned", "2023-01-01", "2023-03-31"),
        ("meeting", "planned", "2023-02-18", "2023-02-20"),
    ]


def test_same_day_anaphor_and_outside_venue(gazetteer) -> None:
    text = (
        "4月7日,自贸协定升级议定书正式生效。当天,经贸合作座谈会在台山市召开。\n\n"
        "8月15日,江门市招商推介会在深圳举行。\n"
    )
    meeting, elsewhere = extract_document(_doc(text), gazetteer)
    assert (meeting.date, meeting.district) == ("2022-04-07", "台山市")
    assert (elsewhere.date, elsewhere.district) == ("2022-08-15", None)


def test_undated_events_are_left_out(gazetteer) -> None:
    text = "日前,项目签约落户新会。目前,一期厂房已全部封顶。\n"
    assert extract_document(_doc(text), gazetteer) == []


def test_headline_event_takes_the_leads_date(gazetteer) -> None:
    text = "28支招商队伍获授旗\n\n昨日,新会区召开招商引资动员大会。\n"
    events = extract_document(_doc(text, date(2023, 2, 16)), gazetteer)
    assert {(e.type, e.date) for e in events} == {
        ("unveiling", "2023-02-15"),
        ("meeting", "2023-02-15"),
    }


def test_place_coordinates_are_honest_about_precision(gazetteer) -> None:
    text = "5月12日,睦洲派出所入选全国“枫桥式公安派出所”名单。\n"
    (event,) = extract_document(_doc(text), gazetteer)
    assert (event.place, event.district, event.geo_precision) == ("睦洲镇", "新会区", "town")
    assert event.lat is not None and event.lon is not None


def test_amounts_in_yuan(gazetteer) -> None:
    text = "3月29日,24个重大项目集中动工,总投资额100.22亿元。\n"
    (event,) = extract_document(_doc(text), gazetteer)
    assert event.amount_cny == 10_022_000_000


def test_no_publication_date_infers_and_flags(gazetteer) -> None:
    text = "2023年,新会区获评示范县。今年3月,园区道路建成通车。\n"
    events = extract_document(_doc(text, published=None), gazetteer)
    assert [(e.type, e.date, e.date_inferred) for e in events] == [
        ("award", "2023-01-01", False),
        ("completion", "2023-03-01", True),
    ]


def test_golden_corpus() -> None:
    """The small hand-written corpus in tests/data gives exactly the reviewed events."""
    gazetteer = Gazetteer.bundled()
    docs = [d for s in discover([DATA / "corpus"]).sources for d in read_source(s)]
    got = [e.to_spec() for d in docs for e in extract_document(d, gazetteer)]
    lines = (DATA / "golden_events.jsonl").read_text(encoding="utf-8").splitlines()
    assert got == [json.loads(line) for line in lines]


def test_city_level_activity_of_several_districts_has_no_district(gazetteer) -> None:
    text = "8月15日,江门市(新会·台山)招商推介会成功举办。\n\n8月16日,新会区召开座谈会。\n"
    shared, local = extract_document(_doc(text), gazetteer)
    assert shared.district is None and local.district == "新会区"


def test_project_history_with_same_year_and_antecedents(gazetteer) -> None:
    text = (
        "昨天上午，位于鹤山工业城的江门新材料总部基地项目正式投产。"
        "该项目于2021年3月签约，同年6月动工，总投资15亿元。\n\n"
        "6月18日，江门市招商推介会在深圳举办，现场签约项目28个。\n"
    )
    events = extract_document(_doc(text, date(2023, 6, 30)), gazetteer)
    project = [
        (e.type, e.date, e.date_precision) for e in events if e.subject == "江门新材料总部基地项目"
    ]
    assert project == [
        ("production_start", "2023-06-29", "day"),
        ("groundbreaking", "2021-06-01", "month"),
        ("signing", "2021-03-01", "month"),
    ]
    elsewhere = [e for e in events if e.date == "2023-06-18"]
    assert {e.type for e in elsewhere} == {"meeting", "signing"}
    assert all(e.district is None and e.place is None for e in elsewhere)


def test_city_wide_counts_attend_and_commercial_operation(gazetteer) -> None:
    text = (
        "8月1日，江门市重大项目集中开工活动在蓬江区棠下镇举行。"
        "据介绍，位于江海区的某电子信息产业园项目已于7月20日完成主体结构封顶。\n\n"
        "当天下午，市领导出席了翠山湖新区招商推介会。\n\n"
        "今年以来，全市新签约亿元以上项目156个。\n\n"
        "台山核电一期工程1号机组于2018年12月13日投入商业运行。\n"
    )
    events = {e.type: e for e in extract_document(_doc(text, date(2023, 8, 2)), gazetteer)}
    assert events["groundbreaking"].district == "蓬江区"
    assert events["topping_out"].subject == "某电子信息产业园项目"
    assert (events["meeting"].subject, events["meeting"].district) == (
        "翠山湖新区招商推介会",
        "开平市",
    )
    assert events["signing"].district is None  # 全市: the whole city
    assert (events["opening"].date, events["opening"].district) == ("2018-12-13", "台山市")


def test_a_ceremony_dates_the_deeds_told_after_it(gazetteer) -> None:
    """Signings and unveilings at a dated ceremony take its day; each says where from."""
    text = (
        "12月7日,江门市重大项目集中签约活动在江门高新区举行。\n\n"
        "活动上,13个项目签约落户,双方还签订全面深化合作协议,江门市产业服务中心揭牌。\n\n"
        "在鹤山分会场,5个项目集中动工。\n"
    )
    events = extract_document(_doc(text), gazetteer)
    told = sorted((e.type, e.date, e.date_source) for e in events)
    assert ("unveiling", "2022-12-07", "frame") in told
    assert ("groundbreaking", "2022-12-07", "frame") in told
    signings = [e for e in events if e.type == "signing"]
    assert {e.date for e in signings} == {"2022-12-07"} and len(signings) == 2


def test_what_is_unveiled_at_an_opening_ceremony_takes_the_ceremony_s_day(gazetteer) -> None:
    text = "11月5日，某某文化旅游节在台山市川岛镇启动。\n\n开幕式上，川岛旅游服务中心揭牌。\n"
    events = extract_document(_doc(text), gazetteer)
    told = sorted((e.type, e.date, e.date_source) for e in events)
    assert ("unveiling", "2022-11-05", "frame") in told


def test_a_count_of_train_runs_is_not_a_first_departure(gazetteer) -> None:
    text = "今年计划开行中欧班列不少于80列，并力争在二季度开通江门至莫斯科的回程班列。\n"
    events = extract_document(_doc(text), gazetteer)
    assert [(e.type, e.date_precision) for e in events] == [("first_departure", "quarter")]


def test_a_plan_without_a_date_and_a_conditional_are_not_events(gazetteer) -> None:
    text = "3月29日,项目举行开工仪式。项目将加快建设,力争早日投产。项目建成后将年产值超10亿元。\n"
    events = extract_document(_doc(text), gazetteer)
    assert [(e.type, e.date) for e in events] == [("groundbreaking", "2022-03-29")]


def test_targets_with_chinese_months_are_planned(gazetteer) -> None:
    text = "M2厂房节点目标七月底封顶,预计2024年10月达产。\n"
    events = extract_document(_doc(text, date(2023, 5, 2)), gazetteer)
    assert sorted((e.type, e.date, e.date_end, e.status) for e in events) == [
        ("production_start", "2024-10-01", "2024-10-31", "planned"),
        ("topping_out", "2023-07-01", "2023-07-31", "planned"),
    ]


def test_a_meeting_named_by_its_title_in_a_dateline(gazetteer) -> None:
    text = "昨日,江门市2023年全市招商引资工作会议提出,全年新引进项目不少于300个。\n"
    (event,) = extract_document(_doc(text, date(2023, 2, 4)), gazetteer)
    assert (event.type, event.date, event.date_source) == ("meeting", "2023-02-03", "publication")


def test_a_review_paragraph_dates_its_items(gazetteer) -> None:
    text = "去年,新会区招商工作取得新突破。某新能源项目正式投产,某智能装备产业园开园。\n"
    events = extract_document(_doc(text, date(2023, 1, 20)), gazetteer)
    assert sorted((e.type, e.date_precision, e.date) for e in events) == [
        ("opening", "year", "2022-01-01"),
        ("production_start", "year", "2022-01-01"),
    ]


def test_trace_says_why_a_cue_was_dropped(gazetteer) -> None:
    trace: list = []
    extract_document(_doc("日前,项目签约落户新会。确保早开工、早投产。\n"), gazetteer, trace)
    why = {d.cue.text: d.outcome or d.cue.dropped for d in trace}
    assert "undated marker" in why["签约"]
    assert "vetoed by common.toml" in trace[[d.cue.text for d in trace].index("开工")].cue.dropped
