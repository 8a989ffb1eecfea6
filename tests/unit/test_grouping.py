"""The same event told by several papers is one group with several sources."""

from __future__ import annotations

from explorer.core.events import Event
from explorer.pipeline.grouping import group_events


def _event(doc: str, kind: str, start: str, end: str, subject: str | None) -> Event:
    return Event(
        document=doc,
        type=kind,
        date=start,
        date_end=end,
        date_precision="day",
        status="occurred",
        title=subject or kind,
        subject=subject,
        place=None,
        district=None,
        lat=None,
        lon=None,
        geo_precision=None,
        amount_cny=None,
        excerpt="x",
        span=(0, 1),
    )


def test_same_type_nested_dates_similar_subjects_group() -> None:
    events = [
        _event("a", "topping_out", "2022-07-30", "2022-07-30", "中创新航江门基地项目一期M1主厂房"),
        _event("b", "topping_out", "2022-07-01", "2022-07-31", "中创新航江门基地项目"),
        _event("c", "topping_out", "2022-07-30", "2022-07-30", "江门站站房"),
        _event("d", "signing", "2022-07-30", "2022-07-30", "中创新航江门基地项目"),
        _event("e", "topping_out", "2022-09-01", "2022-09-01", "中创新航江门基地项目"),
    ]
    assert group_events(events) == [0, 0, 1, 2, 3]


def test_events_of_one_document_are_not_grouped_here() -> None:
    events = [
        _event("a", "award", "2022-01-01", "2022-12-31", "新会区"),
        _event("a", "award", "2022-09-01", "2022-09-30", "新会区"),
    ]
    assert group_events(events) == [0, 1]


def test_grouping_is_transitive_and_skips_undated() -> None:
    events = [
        _event("a", "launch", "2022-10-27", "2022-10-27", "新会陈皮数字化溯源管理系统"),
        _event("b", "launch", "2022-10-01", "2022-10-31", "陈皮数字化溯源"),
        _event("c", "launch", "2022-01-01", "2022-12-31", "新会陈皮数字化溯源管理系统"),
        _event("d", "launch", None, None, "新会陈皮数字化溯源管理系统"),  # type: ignore[arg-type]
    ]
    groups = group_events(events)
    assert groups[0] == groups[1] == groups[2] != groups[3]
