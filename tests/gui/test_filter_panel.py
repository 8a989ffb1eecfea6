"""The filter panel's date range as a user meets it: histogram, slider, exact dates, reset."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import numpy as np
import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDateTimeEdit

from explorer.core.filters import EventFilter
from explorer.gui.date_range import DateRangeSelector, histogram_bins
from explorer.gui.filter_panel import FilterPanel

FIRST, LAST = date(2022, 1, 10), date(2022, 12, 20)
DAYS = (LAST - FIRST).days
# Events per month: a tall March and July, nothing in February or October.
PER_MONTH = {1: 2, 3: 9, 4: 3, 5: 1, 6: 4, 7: 8, 8: 2, 9: 3, 11: 5, 12: 1}


@pytest.fixture
def events(make_event):
    made = []
    for month, count in PER_MONTH.items():
        for i in range(count):
            day = FIRST if month == 1 else date(2022, month, 1 + i)
            district = "新会区" if i % 2 else "蓬江区"
            made.append(
                make_event(
                    id=len(made) + 1,
                    date=day.isoformat(),
                    date_end=day.isoformat(),
                    district=district,
                )
            )
    made.append(make_event(id=999, date=LAST.isoformat(), date_end=LAST.isoformat()))
    made.append(make_event(id=1000, date=None, date_end=None))  # undated: not in the histogram
    return made


def _months(days) -> Counter:
    """Events per month ('2022-07' → n), as EventColumns.month_counts gives them."""
    return Counter(day[:7] for day in days)


def _show(panel: FilterPanel, events, visible=None) -> None:
    """What the window does: the events as columns, the ``visible`` ones highlighted."""
    from explorer.core.event_columns import EventColumns

    columns = EventColumns.from_events(events)
    shown = set(map(id, events if visible is None else visible))
    mask = np.fromiter((id(e) in shown for e in events), bool, len(events))
    if visible is None:
        panel.show_columns(columns, mask)
    else:
        panel.show_visible_columns(columns, mask)


def _panel(qtbot, events, language: str = "zh") -> FilterPanel:
    panel = FilterPanel(language=language)
    qtbot.addWidget(panel)
    panel.resize(360, 700)
    _show(panel, events)
    panel.set_date_bounds(FIRST, LAST)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def panel(qtbot, events) -> FilterPanel:
    return _panel(qtbot, events)


def _handle_point(panel: FilterPanel, day: int) -> QPoint:
    """Where the centre of a handle showing ``day`` (days after FIRST) is, in the slider."""
    slider = panel.dates.slider
    x = panel.dates.histogram.x_of_day(day) + panel.dates.histogram.x() - slider.x()
    return QPoint(round(x), slider.height() // 2)


def test_dragging_a_handle_sets_the_filter_once_on_release(qtbot, panel) -> None:
    slider = panel.dates.slider
    april = (date(2022, 4, 1) - FIRST).days
    edited: list[tuple] = []
    panel.dates.range_edited.connect(lambda *args: edited.append(args))
    qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=_handle_point(panel, 0))
    for day in range(10, april + 1, 10):
        qtbot.mouseMove(slider, _handle_point(panel, day))
    qtbot.mouseMove(slider, _handle_point(panel, april))
    assert edited == []  # nothing while dragging
    assert abs(panel.date_from.date().toPython() - date(2022, 4, 1)) <= timedelta(days=2)
    with qtbot.waitSignal(panel.filter_edited, timeout=2000) as emitted:
        qtbot.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=_handle_point(panel, april))
    assert len(edited) == 1
    chosen = emitted.args[0]
    assert abs(chosen.date_from - date(2022, 4, 1)) <= timedelta(days=2)
    assert chosen.date_to is None  # the other handle still sits at the end of the data


def test_setting_the_slider_sets_the_dates_and_the_ends_mean_no_limit(qtbot, panel) -> None:
    with qtbot.waitSignal(panel.filter_edited, timeout=2000) as emitted:
        panel.dates.slider.setValue((30, 100))
    assert emitted.args[0] == EventFilter(FIRST + timedelta(30), FIRST + timedelta(100))
    assert panel.date_from.date() == QDate(2022, 2, 9)
    assert panel.date_to.date() == QDate(2022, 4, 20)
    with qtbot.waitSignal(panel.filter_edited, timeout=2000) as emitted:
        panel.dates.slider.setValue((0, DAYS))
    assert emitted.args[0] == EventFilter()


def test_typing_exact_dates_moves_the_slider(qtbot, panel) -> None:
    panel.date_to.setFocus()
    panel.date_to.setSelectedSection(QDateTimeEdit.Section.MonthSection)
    with qtbot.waitSignal(panel.filter_edited, timeout=2000) as emitted:
        qtbot.keyClicks(panel.date_to, "06")
    assert panel.date_to.date() == QDate(2022, 6, 20)
    assert panel.dates.slider.value() == (0, (date(2022, 6, 20) - FIRST).days)
    assert emitted.args[0] == EventFilter(date_to=date(2022, 6, 20))
    with qtbot.waitSignal(panel.filter_edited, timeout=2000) as emitted:
        panel.date_from.setDate(QDate(2022, 3, 1))
    assert panel.dates.slider.value()[0] == (date(2022, 3, 1) - FIRST).days
    assert emitted.args[0] == EventFilter(date(2022, 3, 1), date(2022, 6, 20))


def test_a_first_day_after_the_last_pulls_the_last_day_along(qtbot, panel) -> None:
    panel.date_to.setDate(QDate(2022, 3, 1))
    panel.date_from.setDate(QDate(2022, 5, 1))
    assert panel.dates.range() == (date(2022, 5, 1), date(2022, 5, 1))
    assert panel.date_to.date() == QDate(2022, 5, 1)


def test_histogram_bars_count_the_events_of_each_month(qtbot, panel, events) -> None:
    bins = panel.dates.bins()
    assert [b.start for b in bins] == [date(2022, m, 1) for m in range(1, 13)]
    expected = Counter(PER_MONTH)
    expected[12] += 1  # the event on the last day
    assert [b.total for b in bins] == [expected[m] for m in range(1, 13)]
    histogram = panel.dates.histogram
    march = histogram.bar_rect(2)
    assert march.height() > histogram.bar_rect(3).height() > 0
    assert histogram.bar_rect(1).height() == 0  # February: no events, no bar
    assert histogram.tooltip_at(march.center().x()) == "2022年3月: 9 个事件"


def test_tooltips_speak_english_in_an_english_window(qtbot, events) -> None:
    panel = _panel(qtbot, events, language="en")
    histogram = panel.dates.histogram
    assert histogram.tooltip_at(histogram.bar_rect(6).center().x()) == "Jul 2022: 8 events"
    _show(panel, events, [e for e in events if e.district == "新会区"])
    assert histogram.tooltip_at(histogram.bar_rect(6).center().x()) == (
        "Jul 2022: 8 events, 4 shown"
    )


def test_visible_events_are_highlighted(qtbot, panel, events) -> None:
    xinhui = [e for e in events if e.district == "新会区"]
    _show(panel, events, xinhui)
    visible = Counter(int(e.date[5:7]) for e in xinhui if e.date)
    assert [b.visible for b in panel.dates.bins()] == [visible[m] for m in range(1, 13)]
    histogram = panel.dates.histogram
    image = histogram.grab().toImage()
    ratio = image.devicePixelRatio()
    palette = histogram.palette()

    def colour_at(rect, y):
        return image.pixelColor(round(rect.center().x() * ratio), round(y * ratio)).name()

    march_total, march_shown = histogram.bar_rect(2), histogram.bar_rect(2, visible[3])
    highlight = palette.color(QPalette.ColorRole.Highlight).name()
    grey = palette.color(QPalette.ColorRole.Mid).name()
    assert colour_at(march_shown, march_shown.center().y()) == highlight
    assert colour_at(march_total, march_total.top() + 1) == grey  # the rest of the bar
    assert colour_at(histogram.bar_rect(4), histogram.bar_rect(4).center().y()) == grey  # May


def test_the_selected_range_is_shaded_above_the_handles(qtbot, panel) -> None:
    histogram = panel.dates.histogram
    panel.dates.slider.setValue((60, 200))
    image = histogram.grab().toImage()
    ratio = image.devicePixelRatio()
    background = image.pixelColor(round(histogram.x_of_day(30) * ratio), 2)
    inside = image.pixelColor(round(histogram.x_of_day(130) * ratio), 2)
    assert inside != background


def test_reset_clears_the_range(qtbot, panel) -> None:
    with qtbot.waitSignal(panel.filter_edited, timeout=2000):
        panel.dates.slider.setValue((40, 120))
    with qtbot.waitSignal(panel.filter_edited, timeout=2000) as emitted:
        qtbot.mouseClick(panel.reset, Qt.MouseButton.LeftButton)
    assert emitted.args[0] == EventFilter()
    assert panel.current() == EventFilter()
    assert panel.dates.slider.value() == (0, DAYS)
    assert (panel.date_from.date(), panel.date_to.date()) == (
        QDate(2022, 1, 10),
        QDate(2022, 12, 20),
    )


def test_set_filter_from_outside_shows_it_without_emitting(qtbot, panel) -> None:
    wanted = EventFilter(date(2022, 3, 1), date(2022, 8, 31), frozenset({"新会区"}))
    with (
        qtbot.assertNotEmitted(panel.filter_edited, wait=400),
        qtbot.assertNotEmitted(panel.dates.range_edited),
    ):
        panel.set_filter(wanted)
    assert panel.current() == wanted
    assert panel.dates.slider.value() == (
        (date(2022, 3, 1) - FIRST).days,
        (date(2022, 8, 31) - FIRST).days,
    )
    assert panel.date_from.date() == QDate(2022, 3, 1)


def test_a_saved_range_beyond_the_data_survives_new_bounds(qtbot, panel) -> None:
    wanted = EventFilter(date(2021, 1, 1), date(2022, 6, 30))
    panel.set_filter(wanted)
    panel.set_date_bounds(FIRST, date(2023, 2, 1))
    assert panel.current() == wanted  # the handle shows the nearest day, the filter stays
    assert panel.dates.slider.value()[0] == 0


def test_long_spans_are_binned_by_quarter_then_year() -> None:
    counts = _months(["2015-02-03", "2015-03-30", "2016-11-01"])
    quarterly = histogram_bins(date(2015, 1, 1), date(2020, 12, 31), counts, Counter())
    assert len(quarterly) == 24
    assert quarterly[0].total == 2 and quarterly[0].label(zh=True) == "2015年第一季度"
    yearly = histogram_bins(date(2005, 6, 1), date(2020, 12, 31), counts, counts)
    assert [b.start.year for b in yearly] == list(range(2005, 2021))
    assert yearly[10].total == 2 and yearly[10].tooltip(zh=False) == "2015: 2 events"


def test_year_level_events_are_spread_over_their_year_not_piled_into_january() -> None:
    from explorer.core.event_columns import EventColumns
    from tests.conftest import new_event

    events = [new_event(date="2022-07-30", date_end="2022-07-30")] + [
        new_event(date="2022-01-01", date_end="2022-12-31", date_precision="year")
        for _ in range(12)
    ]
    columns = EventColumns.from_events(events)
    assert columns.month_counts() == {"2022-07": 1}
    assert columns.period_counts() == {("year", "2022-01"): 12}
    bins = histogram_bins(date(2022, 1, 1), date(2022, 12, 31), columns.month_counts(),
                          Counter(), columns.period_counts())  # fmt: skip
    assert [b.total for b in bins] == [0] * 6 + [1] + [0] * 5
    assert [b.spread_total for b in bins] == [1.0] * 12  # one twelfth of 12 in each month
    assert bins[0].tooltip(zh=True) == "2022年1月: 0 个事件\n另有 12 个事件只知日期为2022年"
    english = histogram_bins(date(2022, 1, 1), date(2022, 12, 31), columns.month_counts(),
                             columns.month_counts(), columns.period_counts(), zh=False)  # fmt: skip
    assert english[6].tooltip(zh=False) == "Jul 2022: 1 event\nand 12 dated only 2022"


def test_a_hundred_thousand_events_are_all_binned(qtbot) -> None:
    selector = DateRangeSelector()
    qtbot.addWidget(selector)
    selector.set_bounds(date(2000, 1, 1), date(2024, 12, 31))
    days = [(date(2000, 1, 1) + timedelta(days=i % 9000)).isoformat() for i in range(100_000)]
    selector.set_month_counts(_months(days), _months(days[::3]))
    selector.histogram.grab()  # how fast: bench/bench_window.py, not a timed test
    assert sum(b.total for b in selector.bins()) == 100_000
