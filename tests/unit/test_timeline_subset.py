"""A filtered timeline sliced from the full one equals one built from the filtered events."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.core.vocabulary import DISTRICTS, EVENT_TYPES
from explorer.gui.timeline.items import TimelineData
from tests.conftest import new_event


@pytest.mark.parametrize("mode", ["type", "district", "subject"])
def test_subset_equals_a_fresh_build(mode) -> None:
    rng = np.random.default_rng(7)
    events = []
    for i in range(400):
        day = f"2022-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}"
        undated = rng.random() < 0.1
        events.append(
            new_event(
                id=i,
                type=EVENT_TYPES[rng.integers(len(EVENT_TYPES))],
                district=DISTRICTS[rng.integers(len(DISTRICTS))],
                subject=f"项目{rng.integers(20)}",
                date=None if undated else day,
                date_end=None if undated else day,
                date_precision="day" if rng.random() < 0.7 else "month",
            )
        )
    full = TimelineData(events, mode)
    mask = rng.random(len(events)) < 0.4
    visible = [e for e, keep in zip(events, mask, strict=True) if keep]
    rows = np.flatnonzero(mask[full.source_rows])
    sliced = TimelineData.subset(full, rows, undated=len(visible) - len(rows))
    fresh = TimelineData(visible, mode)
    assert sliced.events == fresh.events and sliced.undated == fresh.undated
    for name in ("ids", "start", "end", "type_index", "planned", "is_day", "is_period"):
        assert np.array_equal(getattr(sliced, name), getattr(fresh, name))
    assert [(lane.key, lane.indices.tolist()) for lane in sliced.lanes] == [
        (lane.key, lane.indices.tolist()) for lane in fresh.lanes
    ]
