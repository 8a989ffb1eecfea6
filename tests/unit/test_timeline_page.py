"""The words and lane sizes of the timeline, without Qt: what an export's reader is told."""

from __future__ import annotations

from datetime import date

from explorer.core.filters import EventFilter
from explorer.export.timeline_page import timeline_page
from explorer.gui.timeline.items import TimelineData
from explorer.gui.timeline.layout import COMPACT, DENSITIES, ROOMY, choose_density
from tests.conftest import new_event


def test_the_page_names_the_filter_in_the_language_asked_for() -> None:
    events = [new_event(id=1, date="2022-03-01", date_end="2022-03-01")]
    wanted = EventFilter(date_from=date(2022, 1, 1), districts=frozenset({"新会区"}))
    zh = timeline_page(events, wanted, "zh")
    assert zh.title.startswith("时间轴 · 新会区")
    assert zh.caption == "筛选：" + wanted.describe("zh")
    en = timeline_page(events, wanted, "en", title="Q1 report")
    assert en.title == "Q1 report" and en.caption.startswith("Filter: ")
    assert en.mark_label("planned") == "hollow/dashed: planned"
    assert "计划" in zh.mark_label("planned") and "不是工期" in zh.mark_label("period")


def test_the_count_note_says_what_was_left_out() -> None:
    page = timeline_page([], None, "zh")
    assert (
        page.count_note(45, 3, 12, "type")
        == "按类型分道 · 12 道 · 45 个事件 · 3 个无日期事件未画出"
    )
    assert "undated" not in timeline_page([], None, "en").count_note(45, 0, 12, "type")


def test_lanes_are_drawn_denser_until_they_fit_then_scroll() -> None:
    assert choose_density([0, 2], 500) == ROOMY
    twelve = [1] * 12
    fits = [d for d in DENSITIES if sum(d.lane_height(r) for r in twelve) <= 400]
    assert choose_density(twelve, 400) == fits[0] != ROOMY
    assert choose_density(twelve, 100) == COMPACT  # no density fits: the view scrolls
    assert COMPACT.point_row >= 20  # the readable minimum


def test_periods_are_told_from_runs_of_days_and_labelled_as_everywhere() -> None:
    events = [
        new_event(id=1, date="2022-01-01", date_end="2022-12-31", date_precision="year"),
        new_event(id=2, date="2022-07-30", date_end="2022-08-02", date_precision="day"),
        new_event(id=3, date="2022-04-01", date_end="2022-06-30", date_precision="quarter"),
    ]
    data = TimelineData(events)
    assert data.is_period.tolist() == [True, False, True]
    assert data.is_day.tolist() == [False, False, False]
    assert data.period_label(0, "zh") == "2022年"
    assert data.period_label(2, "en") == "Q2 2022"
    assert data.lane_of.tolist() == [0, 0, 0]  # all signings: one lane
