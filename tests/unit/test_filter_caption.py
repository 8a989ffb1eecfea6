"""A snapshot's caption names every filter that left events out."""

from __future__ import annotations

from datetime import date

from explorer.core.filters import EventFilter


def test_caption_names_every_active_filter() -> None:
    wanted = EventFilter(
        date_from=date(2022, 1, 1),
        date_to=date(2022, 12, 31),
        districts=frozenset({"新会区"}),
        types=frozenset({"signing"}),
        statuses=frozenset({"planned"}),
        text=" 中创新航  基地 ",
    )
    assert (
        wanted.describe("zh")
        == "2022-01-01 – 2022-12-31 · 新会区 · 签约 · 计划 · 含“中创新航 基地”"
    )
    english = wanted.describe("en")
    assert "Signing" in english and "planned" in english
    assert "containing “中创新航 基地”" in english


def test_no_filter_is_the_whole_city() -> None:
    assert EventFilter().describe("zh") == "江门全市"
    assert EventFilter().describe("en") == "All of Jiangmen"


def test_types_are_named_in_the_vocabularys_order() -> None:
    """签约、动工、投产 as the legend lists them, not by their English keys."""
    chosen = EventFilter(types=frozenset({"production_start", "signing", "groundbreaking"}))
    assert chosen.describe("zh") == "江门全市 · 签约、动工、投产"
