"""Time expressions resolved against the publication date, with honest precision."""

from __future__ import annotations

from datetime import date

import pytest

from explorer.pipeline.dates import BaseDate, find_dates, infer_base

BASE = BaseDate(date(2022, 12, 22), "day")


def _one(text: str, base: BaseDate | None = BASE) -> tuple[str, str, str]:
    (mention,) = find_dates(text, base)
    return mention.date.isoformat(), mention.date_end.isoformat(), mention.precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7月30日,项目封顶", ("2022-07-30", "2022-07-30", "day")),
        ("今年1月项目签约", ("2022-01-01", "2022-01-31", "month")),
        ("去年,新会区引进项目", ("2021-01-01", "2021-12-31", "year")),
        ("咬住“明年第一季度投产”这个目标", ("2023-01-01", "2023-03-31", "quarter")),
        ("上半年完成投资", ("2022-01-01", "2022-06-30", "half")),
        ("力促美达新材料年内动工", ("2022-01-01", "2022-12-31", "year")),
        ("文达路6月底建成通车", ("2022-06-01", "2022-06-30", "month")),
        ("会议定于2月18日至20日召开", ("2022-02-18", "2022-02-20", "day")),
        ("2023年2月20-21日召开", ("2023-02-20", "2023-02-21", "day")),
        ("昨日中午12时许", ("2022-12-21", "2022-12-21", "day")),
        ("2022年2月,新会区获评", ("2022-02-01", "2022-02-28", "month")),
        ("过去一年,园区建成道路17公里", ("2021-01-01", "2021-12-31", "year")),
        ("今年以来,一批企业落户", ("2022-01-01", "2022-12-31", "year")),
        ("3月29日举行", ("2022-03-29", "2022-03-29", "day")),
    ],
)
def test_expressions(text: str, expected: tuple[str, str, str]) -> None:
    assert _one(text) == expected


def test_holiday_goes_through_jionlp_and_stays_honest() -> None:
    start, end, precision = _one(
        "力争冈州宾馆今年国庆节前开业", BaseDate(date(2024, 3, 1), "month")
    )
    # No precision level fits "before a day": the holiday's whole year, never a made-up day.
    assert (start, end, precision) == ("2024-01-01", "2024-12-31", "year")


def test_before_next_year_s_holiday_is_next_year() -> None:
    start, end, precision = _one("预计明年春节前开业", BaseDate(date(2024, 10, 26), "day"))
    assert (start, end, precision) == ("2025-01-01", "2025-12-31", "year")


def test_a_quarter_after_a_named_year_is_in_that_year() -> None:
    mentions = find_dates(
        "明年将力促储能项目投产，计划一季度推动产业园一期竣工", BaseDate(date(2023, 12, 20), "day")
    )
    assert [(m.text, m.date.isoformat(), m.date_end.isoformat()) for m in mentions] == [
        ("明年", "2024-01-01", "2024-12-31"),
        ("一季度", "2024-01-01", "2024-03-31"),
    ]


def test_a_month_after_since_a_year_is_not_in_that_year() -> None:
    mentions = find_dates("自2022年开行首趟班列以来，截至11月已开行百余列", BASE)
    assert [m.date.isoformat() for m in mentions] == ["2022-01-01", f"{BASE.date.year}-11-01"]


def test_from_to_gives_both_days() -> None:
    mentions = find_dates("该厂房从5月4日进入施工阶段,至7月30日完成封顶", BASE)
    assert [m.date.isoformat() for m in mentions] == ["2022-05-04", "2022-07-30"]


@pytest.mark.parametrize(
    "text",
    [
        "全区2092家新会陈皮经营者",
        "仅用时88天",
        "4/5G基站",
        "案号(2022)粤0705刑初123号",
        "春节过后,两地签署协议",
        "日前召开的会议",
        "近日,项目推进",
        "目前已建成",
    ],
)
def test_figures_and_vague_times_are_not_dates(text: str) -> None:
    assert [m for m in find_dates(text, BASE) if not m.text.startswith("2022")] == []


def test_names_in_quotes_are_not_dates_but_targets_are() -> None:
    assert find_dates("在“2022年广东省百强区县”榜单中", BASE) == []
    assert find_dates("《2022年报告》", BASE) == []
    assert _one("咬住“明年投产”") == ("2023-01-01", "2023-12-31", "year")


def test_relative_day_needs_a_day_precise_base() -> None:
    assert find_dates("昨日签约", BaseDate(date(2024, 3, 1), "month")) == []
    assert find_dates("昨日签约", None) == []


def test_anaphors_are_flagged_for_the_caller() -> None:
    (mention,) = find_dates("当天,座谈会召开", BASE)
    assert mention.anaphor


def test_base_is_inferred_from_explicit_years() -> None:
    base = infer_base("2021年项目签约,2022年动工,2022年底投产。“2019年度”不算。")
    assert base is not None and base.inferred
    assert (base.date.year, base.precision) == (2022, "year")
    assert infer_base("没有年份的文字") is None


def test_explicit_and_relative_mentions_are_told_apart() -> None:
    first, second = find_dates("2021年12月28日通车,今年1月验收", BASE)
    assert not first.relative and second.relative


def test_december_in_an_early_january_paper_is_last_year() -> None:
    january = BaseDate(date(2023, 1, 5), "day")
    assert _one("12月28日,项目竣工", january)[0] == "2022-12-28"
    assert _one("2023年12月28日", january)[0] == "2023-12-28"  # stated years stay
    assert _one("12月28日", BaseDate(date(2023, 3, 5), "day"))[0] == "2023-12-28"


# Dates written the ways news writes them (issue 12).
_Base, _find = BaseDate, find_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("节点目标七月底封顶", ("2023-07-01", "2023-07-31", "month")),
        ("十二月三日签约", ("2023-12-03", "2023-12-03", "day")),
        ("二〇二二年五月动工", ("2022-05-01", "2022-05-31", "month")),
        ("今天(11日),项目开工", ("2023-03-11", "2023-03-11", "day")),
        ("27日,项目签约", ("2023-02-27", "2023-02-27", "day")),
        ("力争年底竣工", ("2023-10-01", "2023-12-31", "quarter")),
        ("2024年末建成", ("2024-10-01", "2024-12-31", "quarter")),
        ("预计2024年10月达产", ("2024-10-01", "2024-10-31", "month")),
    ],
)
def test_more_date_shapes(text, expected) -> None:
    (mention,) = _find(text, _Base(date(2023, 3, 12), "day"))
    assert (mention.date.isoformat(), mention.date_end.isoformat(), mention.precision) == expected


@pytest.mark.parametrize("text", ["3日内完成审批", "每月15日发布", "历时30日", "用时88天"])
def test_day_counts_are_not_dates(text) -> None:
    assert _find(text, _Base(date(2023, 3, 12), "day")) == []


def test_last_week_is_the_week_before_the_paper_s() -> None:
    (mention,) = find_dates("上周，某市召开重点项目推进会", BaseDate(date(2025, 1, 13), "day"))
    assert (mention.date.isoformat(), mention.date_end.isoformat()) == ("2025-01-06", "2025-01-12")
    assert find_dates("上周，某市召开推进会", BaseDate(date(2025, 1, 1), "month")) == []


def test_a_year_inside_a_phrase_leaves_later_dates_in_the_paper_s_year() -> None:
    mentions = find_dates("2020年签约的项目，6月28日正式投产", BASE)
    assert [m.date.isoformat() for m in mentions] == ["2020-01-01", "2022-06-28"]
