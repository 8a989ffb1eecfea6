"""Front matter: flat keys, comments, quoted values, validated dates."""

from __future__ import annotations

from datetime import date

from explorer.pipeline.frontmatter import parse_date, parse_front_matter

PAGE = """---
title: "中创新航江门基地项目一期M1主厂房88天封顶"
date: 2022-12-30          # publication date; relative dates resolve against it
date_precision: day
source: 江门日报
url: https://example.org/post_1.html#top
---
正文……
"""


def test_fields_body_offset_and_date() -> None:
    front = parse_front_matter(PAGE)
    assert front.fields["title"] == "中创新航江门基地项目一期M1主厂房88天封顶"
    assert front.fields["source"] == "江门日报"
    assert front.fields["url"] == "https://example.org/post_1.html#top"
    assert front.pub_date == date(2022, 12, 30)
    assert front.pub_precision == "day"
    assert PAGE[front.body_offset :] == "正文……\n"
    assert front.warnings == []


def test_invalid_date_is_a_warning_not_a_crash() -> None:
    front = parse_front_matter("---\ntitle: x\ndate: 2022-13-45\n---\n正文")
    assert front.pub_date is None
    assert len(front.warnings) == 1
    assert "2022-13-45" in front.warnings[0]
    assert front.fields["title"] == "x"


def test_month_date_cannot_be_claimed_as_a_day() -> None:
    front = parse_front_matter("---\ndate: 2024-03\ndate_precision: day\n---\n正文")
    assert front.pub_date == date(2024, 3, 1)
    assert front.pub_precision == "month"


def test_no_front_matter_means_whole_text_is_body() -> None:
    front = parse_front_matter("江门日报讯 昨日,项目签约。")
    assert front.body_offset == 0
    assert front.fields == {}


def test_unclosed_fence_keeps_the_text() -> None:
    front = parse_front_matter("---\ntitle: x\n正文没有结束的围栏")
    assert front.body_offset == 0
    assert "never closed" in front.warnings[0]


def test_crlf_front_matter() -> None:
    text = "---\r\ntitle: 标题\r\ndate: 2023-02-16\r\n---\r\n正文\r\n"
    front = parse_front_matter(text)
    assert front.fields["title"] == "标题"
    assert text[front.body_offset :] == "正文\r\n"


def test_date_forms() -> None:
    assert parse_date("2022年12月30日") == (date(2022, 12, 30), "day")
    assert parse_date("2024") == (date(2024, 1, 1), "year")
    assert parse_date("2022/7/3") == (date(2022, 7, 3), "day")
    assert parse_date("2023-02-29") is None
    assert parse_date("yesterday") is None
