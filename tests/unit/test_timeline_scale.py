"""Timeline maths without Qt: date ↔ x, ticks, lanes, bins, durations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from explorer.gui.timeline.items import TimelineData, subject_keys
from explorer.gui.timeline.scale import (
    MIN_SPAN_DAYS,
    Viewport,
    bin_counts,
    duration_label,
    fit,
    from_day,
    pack_rows,
    tick_level,
    ticks,
    to_day,
)


def test_day_numbers_round_trip() -> None:
    assert to_day(date(1970, 1, 1)) == 0
    assert from_day(to_day(date(2022, 7, 30)) + 0.99) == date(2022, 7, 30)


def test_zoom_keeps_the_day_under_the_cursor() -> None:
    vp = Viewport(0, 1000, 500)
    zoomed = vp.zoomed(4, 100)
    assert zoomed.span == pytest.approx(250)
    assert zoomed.day_at(100) == pytest.approx(vp.day_at(100))
    assert vp.zoomed(1e9, 0).span == MIN_SPAN_DAYS


def test_pan_moves_the_content_with_the_mouse() -> None:
    vp = Viewport(0, 100, 1000)
    assert vp.panned(100).start == pytest.approx(-10)  # dragging right goes back in time


@pytest.mark.parametrize(
    ("first", "last", "unit", "labels"),
    [
        (date(1950, 1, 1), date(2025, 1, 1), "year", ["1950年", "1960年", "1970年"]),
        (date(2022, 1, 1), date(2023, 4, 1), "month", ["2022年", "2月", "3月"]),
        (date(2022, 7, 1), date(2022, 7, 20), "day", ["7月", "2日", "3日"]),
    ],
)
def test_ticks_adapt_from_decades_to_days(first, last, unit, labels) -> None:
    vp = fit(to_day(first), to_day(last), 1200)
    assert tick_level(vp)[0] == unit
    found = [t.label for t in ticks(vp)]
    assert all(label in found for label in labels)


def test_english_tick_labels() -> None:
    vp = fit(to_day(date(2022, 1, 1)), to_day(date(2023, 1, 1)), 1200)
    assert {"2022", "Feb", "Jul"} <= {t.label for t in ticks(vp, "en")}


def test_pack_rows_uses_as_few_rows_as_the_overlap() -> None:
    rows = pack_rows(np.array([0.0, 1, 5, 2]), np.array([3.0, 4, 6, 3]))
    assert rows.tolist() == [0, 1, 0, 2]


def test_bins_count_only_visible_days() -> None:
    vp = Viewport(0, 100, 100)
    counts = bin_counts(np.array([0.5, 0.7, 50.2, 150.0]), vp, 10)
    assert counts.sum() == 3 and counts[0] == 2 and counts[5] == 1


def test_durations_read_like_a_person_writes_them() -> None:
    assert duration_label(40) == "40 天"
    assert duration_label(88) == "88 天"
    assert duration_label(400) == "13 个月"
    assert duration_label(1000, "en") == "2.7 y"


def _event(make_event, i, kind, start, end, precision, subject):
    return make_event(
        id=i,
        type=kind,
        date=start,
        date_end=end,
        date_precision=precision,
        subject=subject,
        title=subject,
    )


def test_data_lanes_and_honest_spans(make_event) -> None:
    events = [
        _event(make_event, 1, "signing", "2022-01-01", "2022-01-31", "month", "中创新航江门基地"),
        _event(
            make_event,
            2,
            "topping_out",
            "2022-07-30",
            "2022-07-30",
            "day",
            "中创新航江门基地项目一期M1",
        ),
        _event(
            make_event,
            3,
            "production_start",
            "2023-01-01",
            "2023-03-31",
            "quarter",
            "中创新航江门基地",
        ),
        replace(
            _event(make_event, 4, "signing", "2022-02-01", "2022-02-01", "day", "x"), date=None
        ),
    ]
    data = TimelineData(events, "subject")
    assert data.undated == 1 and len(data) == 3
    (lane,) = data.lanes
    assert lane.key == "中创新航江门基地"
    january = data.index_of(1)
    assert data.end[january] - data.start[january] == 31  # a month-wide span, not a day
    assert data.is_day.tolist() == [False, True, False]
    assert data.neighbour(1, 1) == 2 and data.neighbour(2, 1) == 3 and data.neighbour(3, 1) == 3
    assert data.neighbour(None, -1) == 3


def test_subject_lanes_join_longer_names_to_their_root() -> None:
    keys = subject_keys(["中创新航江门基地项目一期M1主厂房", "中创新航江门基地", "江门站"])
    assert keys == ["中创新航江门基地", "中创新航江门基地", "江门站"]
