"""Benchmark: the timeline widget with N synthetic events (offscreen).

    python bench/bench_timeline.py --events 100000

Measures building the timeline data, the first paint of a 1600×900 view showing everything,
a pan frame and a zoom frame (median of 10), a hit test, and the process's peak memory. The
last line is the bench convention: ``name=value`` pairs with units in the names.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from datetime import date, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from explorer.core.events import Event
from explorer.core.vocabulary import DISTRICTS, EVENT_TYPES
from explorer.gui.timeline.items import TimelineData
from explorer.gui.timeline.view import TimelineView

WIDTH, HEIGHT = 1600, 900


def synthetic_events(count: int, seed: int) -> list[Event]:
    """Events over 2000–2026: 70 % day-precise, the rest months, quarters and years."""
    rng = random.Random(seed)
    first = date(2000, 1, 1)
    events = []
    for i in range(count):
        start = first + timedelta(days=rng.randrange(27 * 365))
        precision = rng.choices(("day", "month", "quarter", "year"), (70, 18, 6, 6))[0]
        if precision == "day":
            end = start
        elif precision == "month":
            start = start.replace(day=1)
            end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        elif precision == "quarter":
            start = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
            end = (start + timedelta(days=93)).replace(day=1) - timedelta(days=1)
        else:
            start, end = date(start.year, 1, 1), date(start.year, 12, 31)
        events.append(
            Event(
                document=f"d{i // 4}",
                type=rng.choice(EVENT_TYPES),
                date=start.isoformat(),
                date_end=end.isoformat(),
                date_precision=precision,
                status="planned" if rng.random() < 0.2 else "occurred",
                title=f"事件{i}",
                subject=f"项目{rng.randrange(2000)}",
                place=None,
                district=rng.choice(DISTRICTS),
                lat=None,
                lon=None,
                geo_precision=None,
                amount_cny=None,
                excerpt="",
                span=(0, 1),
                id=i,
            )
        )
    return events


def render_ms(view: TimelineView, image: QImage) -> float:
    started = time.perf_counter()
    image.fill(QColor("white"))
    painter = QPainter(image)
    view._paint(painter, view.palette())  # the widget's own paint routine, no window system
    painter.end()
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])

    events = synthetic_events(args.events, args.seed)
    started = time.perf_counter()
    data = TimelineData(events, "type")
    build_ms = (time.perf_counter() - started) * 1000

    view = TimelineView()
    view.resize(WIDTH, HEIGHT)
    view.set_events(data)
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32)
    first_paint_ms = render_ms(view, image)

    pans, zooms = [], []
    for _ in range(10):
        view.set_viewport(view.viewport.panned(50))
        pans.append(render_ms(view, image))
    for _ in range(10):
        view.zoom(1.25)
        zooms.append(render_ms(view, image))

    view.fit_all()
    started = time.perf_counter()
    for i in range(100):
        view.event_at(200 + i * 13, 50 + (i * 7) % 400)
    hit_test_ms = (time.perf_counter() - started) * 1000 / 100

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(data)} events in {len(data.lanes)} lanes; first paint {first_paint_ms:.0f} ms")
    print(
        f"events={len(data)} build_ms={build_ms:.0f} first_paint_ms={first_paint_ms:.1f} "
        f"pan_frame_ms={statistics.median(pans):.1f} zoom_frame_ms={statistics.median(zooms):.1f} "
        f"hit_test_ms={hit_test_ms:.2f} rss_mb={rss_mb:.0f}"
    )
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
