"""Dates print what is known: a year-level event is 2022年, never 2022-01-01."""

from __future__ import annotations

import pytest

from explorer.core.date_labels import date_label, event_date_label, period_label
from explorer.core.events import Event


@pytest.mark.parametrize(
    ("start", "end", "precision", "zh", "en"),
    [
        ("2022-01-01", "2022-12-31", "year", "2022年", "2022"),
        ("2022-01-01", "2022-03-31", "quarter", "2022年第一季度", "Q1 2022"),
        ("2022-10-01", "2022-12-31", "quarter", "2022年第四季度", "Q4 2022"),
        ("2022-01-01", "2022-06-30", "half", "2022年上半年", "H1 2022"),
        ("2022-07-01", "2022-12-31", "half", "2022年下半年", "H2 2022"),
        ("2022-07-01", "2022-07-31", "month", "2022年7月", "Jul 2022"),
        ("2022-07-30", "2022-07-30", "day", "2022年7月30日", "30 Jul 2022"),
        ("2022-07-30", "2022-08-02", "day", "2022年7月30日至8月2日", "30 Jul – 2 Aug 2022"),
        ("2022-12-30", "2023-01-02", "day", "2022年12月30日至2023年1月2日",
         "30 Dec 2022 – 2 Jan 2023"),
        ("2022-07-30", None, None, "2022年7月30日", "30 Jul 2022"),
    ],
)  # fmt: skip
def test_each_precision_prints_only_what_is_known(start, end, precision, zh, en) -> None:
    assert period_label(start, end, precision, "zh") == zh
    assert period_label(start, end, precision, "en") == en


def test_planned_and_inferred_dates_say_so() -> None:
    assert date_label("2023-01-01", "2023-12-31", "year", "zh", planned=True) == "预计2023年"
    assert date_label("2022-07-30", None, "day", "zh", inferred=True) == "约2022年7月30日"
    assert date_label("2023-07-01", "2023-07-31", "month", "en", planned=True) == (
        "expected Jul 2023"
    )
    assert date_label(None, None, None, "zh", planned=True) == ""


def test_an_events_label_comes_from_its_fields() -> None:
    event = Event(
        document="a", type="production_start", date="2023-01-01", date_end="2023-12-31",
        date_precision="year", status="planned", title="t", subject=None, place=None,
        district=None, lat=None, lon=None, geo_precision=None, amount_cny=None,
        excerpt="x", span=(0, 1), date_inferred=True,
    )  # fmt: skip
    assert event_date_label(event, "zh") == "预计约2023年"
    assert event_date_label(event, "zh", planned=False, inferred=False) == "2023年"
    assert event_date_label(event, "zh", planned=False) == "约2023年"
    assert event_date_label(event, "en") == "expected c. 2023"
