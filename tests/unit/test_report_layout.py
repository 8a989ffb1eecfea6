"""What snapshots and briefings share: paper sizes, default titles, numbers, footer."""

from __future__ import annotations

from datetime import date

import pytest

from explorer.core.filters import EventFilter
from explorer.export.report_layout import (
    SnapshotSpec,
    default_titles,
    footer,
    in_report_order,
    number_events,
)


def test_a_paper_at_a_dpi_is_laid_out_at_its_css_size_and_drawn_denser() -> None:
    spec = SnapshotSpec(paper="a4-landscape", dpi=300)
    assert spec.pixel_size() == (3508, 2480)
    assert spec.css_size() == (1123, 794)
    assert spec.device_scale() == pytest.approx(3.125)
    assert SnapshotSpec(paper="a3-portrait", dpi=150).pixel_size() == (1754, 2480)
    assert SnapshotSpec(width=800, height=600, scale=2).pixel_size() == (1600, 1200)


@pytest.mark.parametrize("bad", [{"paper": "letter"}, {"dpi": 0}, {"width": -1}])
def test_impossible_sizes_are_refused(bad) -> None:
    with pytest.raises(ValueError):
        SnapshotSpec(**bad)


def test_events_are_numbered_in_date_order_undated_last(make_event) -> None:
    late = make_event(id=1, date="2022-09-01")
    undated = make_event(id=2, date=None, date_end=None)
    early = make_event(id=3, date="2022-03-01")
    same_day = make_event(id=4, date="2022-03-01")
    events = [late, undated, early, same_day]
    assert [e.id for e in in_report_order(events)] == [3, 4, 1, 2]
    assert number_events(events) == {3: 1, 4: 2, 1: 3, 2: 4}


def test_the_default_title_names_district_year_and_types(make_event) -> None:
    events = [
        make_event(id=1, date="2022-03-01", type="signing", district="新会区"),
        make_event(id=2, date="2022-07-30", type="groundbreaking", district="新会区"),
        make_event(id=3, date="2022-11-01", type="production_start", district="新会区"),
    ]
    shown = EventFilter(date(2022, 1, 1), date(2022, 12, 31), frozenset({"新会区"}))
    title, subtitle = default_titles(events, shown, "zh")
    assert title == "新会区 · 2022年 · 签约/动工/投产"
    assert subtitle == shown.describe("zh")
    assert default_titles(events, shown, "en")[0] == (
        "新会区 · 2022 · Signing/Groundbreaking/Production start"
    )
    everywhere, _ = default_titles([*events, make_event(id=4, district="台山市")], EventFilter())
    assert everywhere.startswith("江门市 · 2022")


def test_the_default_title_names_the_filters_types_even_one_without_events(make_event) -> None:
    """A figure of 签约/动工/投产 says so, though no 投产 happened in the range."""
    events = [
        make_event(id=1, date="2022-03-01", type="groundbreaking", district="新会区"),
        make_event(id=2, date="2022-07-30", type="signing", district="新会区"),
    ]
    chosen = EventFilter(
        date(2022, 1, 1),
        date(2022, 12, 31),
        frozenset({"新会区"}),
        frozenset({"production_start", "signing", "groundbreaking"}),
    )
    assert default_titles(events, chosen)[0] == "新会区 · 2022年 · 签约/动工/投产"


def test_the_footer_counts_events_articles_and_dates_the_data(make_event) -> None:
    at = {"lat": 22.5, "lon": 113.0}
    events = [
        make_event(id=1, document="a", article_id=10, **at),
        make_event(id=2, document="a", article_id=10, **at),
        make_event(id=3, document="b", article_id=11, **at),
    ]
    assert footer(events, date(2026, 12, 4)) == "3 个事件，来自 2 篇文章 · 数据截至 2026-12-04"
    assert footer(events, None, "en") == "3 events from 2 articles"


def test_the_footer_says_how_many_events_are_not_on_the_map(make_event) -> None:
    """The legend counts what the map shows; the footer counts every event and says which
    ones have no place, so the numbers missing on the map are accounted for."""
    events = [
        make_event(id=1, document="a", lat=22.5, lon=113.0),
        make_event(id=2, document="a", lat=None, lon=None),
        make_event(id=3, document="b", lat=None, lon=None),
    ]
    assert footer(events, None) == "3 个事件（其中 2 个无位置，未标在图上），来自 2 篇文章"
    assert footer(events, None, "en") == (
        "3 events (2 without a location, not on the map) from 2 articles"
    )


def test_a_map_label_is_number_project_type_and_date_as_precise_as_known(make_event) -> None:
    from explorer.export.report_layout import event_label, label_date

    month = make_event(type="topping_out", subject="中创新航", date="2022-07-01",
                       date_precision="month")  # fmt: skip
    assert event_label(month, 3) == "3 · 中创新航 · 封顶 · 2022年7月"
    assert event_label(month, 3, "en") == "3 · 中创新航 · Topping-out · Jul 2022"
    long_name = make_event(subject=None, place="新会智造产业园凤山湖园区", date=None)
    assert event_label(long_name, 12).split(" · ")[1] == "新会智造产业园…"
    assert label_date(make_event(date="2022-01-01", date_precision="year")) == "2022年"
    assert label_date(make_event(date="2022-03-05", date_precision="day")) == "2022年3月5日"
    planned = make_event(date="2023-01-01", date_precision="quarter", status="planned")
    assert label_date(planned) == "预计2023年第一季度"
