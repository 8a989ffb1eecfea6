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


def test_unclosed_fence_reads_its_fields_and_keeps_the_text() -> None:
    text = "---\ntitle: x\ndate: 2023-04-02\n\n正文没有结束的围栏"
    front = parse_front_matter(text)
    assert front.fields == {"title": "x", "date": "2023-04-02"}
    assert front.pub_date == date(2023, 4, 2)
    assert text[front.body_offset :].strip() == "正文没有结束的围栏"
    assert front.warnings[0].startswith("front matter line 1:")
    assert "never closed" in front.warnings[0]


def test_a_line_without_a_colon_is_a_warning_naming_its_line() -> None:
    text = "---\ntitle 某某园区新厂房动工\ndate: 2023-04-02\nsource: 测试日报\n---\n正文"
    front = parse_front_matter(text)
    assert front.fields == {"date": "2023-04-02", "source": "测试日报"}  # the rest is read
    assert front.pub_date == date(2023, 4, 2)
    assert text[front.body_offset :] == "正文"  # the block is not taken as article text
    (warning,) = front.warnings
    assert warning.startswith("front matter line 2:")
    assert "title 某某园区新厂房动工" in warning and "colon" in warning


def test_an_impossible_date_says_which_line_and_why() -> None:
    front = parse_front_matter("---\ntitle: 标题\ndate: 2022-02-30\n---\n正文")
    assert front.pub_date is None and front.fields["title"] == "标题"
    (warning,) = front.warnings
    assert warning.startswith("front matter line 3:")
    assert "2022-02-30" in warning and "28 days" in warning


def test_an_unknown_precision_names_its_line() -> None:
    front = parse_front_matter("---\ndate: 2024-03-05\ndate_precision: week\n---\n正文")
    assert front.pub_date == date(2024, 3, 5) and front.pub_precision == "day"
    (warning,) = front.warnings
    assert warning.startswith("front matter line 3:") and "'week'" in warning


def test_a_full_width_colon_is_read_as_a_colon() -> None:
    front = parse_front_matter("---\ntitle：某某项目签约\ndate：2023-04-02\n---\n正文")
    assert front.fields["title"] == "某某项目签约" and front.pub_date == date(2023, 4, 2)
    assert front.warnings == []


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
