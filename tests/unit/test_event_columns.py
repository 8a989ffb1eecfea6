"""EventColumns.mask, the one definition of a filter, against the rules stated event by event."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core.event_columns import EventColumns
from explorer.core.filters import EventFilter
from explorer.core.vocabulary import DISTRICTS, EVENT_TYPES, STATUSES
from tests.conftest import new_event

days = st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def events(draw):
    start = draw(st.one_of(st.none(), days))
    end = None if start is None else draw(st.dates(min_value=start, max_value=date(2027, 12, 31)))
    return new_event(
        document=draw(st.sampled_from(["a", "b", "c"])),
        type=draw(st.sampled_from(EVENT_TYPES)),
        status=draw(st.sampled_from(STATUSES)),
        district=draw(st.one_of(st.none(), st.sampled_from(DISTRICTS))),
        date=start.isoformat() if start else None,
        date_end=end.isoformat() if end else None,
        title=draw(st.sampled_from(["中创新航封顶", "江门站开通", "签约仪式"])),
        lat=draw(st.one_of(st.none(), st.just(22.6))),
        lon=22.6,
    )


filters = st.builds(
    EventFilter,
    date_from=st.one_of(st.none(), days),
    date_to=st.one_of(st.none(), days),
    districts=st.frozensets(st.sampled_from(DISTRICTS), max_size=3),
    types=st.frozensets(st.sampled_from(EVENT_TYPES), max_size=3),
    statuses=st.frozensets(st.sampled_from(STATUSES), max_size=1),
    text=st.sampled_from(["", "封顶", "江门 开通", "仪式"]),
)


def passes(wanted: EventFilter, event) -> bool:
    """The filter's rules (EventFilter's docstring), written out for one event."""
    if wanted.districts and event.district not in wanted.districts:
        return False
    if wanted.types and event.type not in wanted.types:
        return False
    if wanted.statuses and event.status not in wanted.statuses:
        return False
    own_text = f"{event.title} {event.subject or ''} {event.excerpt}"
    if not all(term in own_text for term in wanted.text.split()):
        return False
    if wanted.date_from is None and wanted.date_to is None:
        return True
    if not event.date or not event.date_end:
        return False
    if wanted.date_from is not None and event.date_end < wanted.date_from.isoformat():
        return False
    return wanted.date_to is None or event.date <= wanted.date_to.isoformat()


@settings(max_examples=200, deadline=None)
@given(st.lists(events(), max_size=30), filters)
def test_mask_follows_the_rules(sample, wanted) -> None:
    columns = EventColumns.from_events(sample)
    assert list(columns.mask(wanted)) == [passes(wanted, e) for e in sample]


def test_articles_holding_the_words_let_their_events_through() -> None:
    sample = [
        new_event(document="p", title="x", article_id=1),
        new_event(document="p", title="y", article_id=2),  # same page, another article
        new_event(document="q", title="z"),
    ]
    columns = EventColumns.from_events(sample)
    assert list(columns.mask(EventFilter(text="封顶"), articles={2})) == [False, True, False]


def test_month_counts() -> None:
    sample = [
        new_event(date="2022-07-30", date_end="2022-07-30"),
        new_event(date="2022-07-01", date_end="2022-07-31", date_precision="month"),
        new_event(date="2023-01-05", date_end="2023-01-05"),
        new_event(date=None, date_end=None),
    ]
    columns = EventColumns.from_events(sample)
    assert columns.month_counts() == {"2022-07": 2, "2023-01": 1}
    assert columns.month_counts(columns.date < "2023") == {"2022-07": 2}
