"""Benchmark: the map page with N synthetic events (offscreen QtWebEngine).

    python bench/bench_map.py --events 10000

Measures: page ready (basemap loaded, event layer initialised), all events drawn (clustered),
a filter to 10 % of them and back, selecting one event (pan + popup), and peak memory of this
process (the web engine's own processes are not counted). The last line is the bench
convention: ``name=value`` pairs with units in the names.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_timeline import synthetic_events  # noqa: E402 - bench/ is not a package

from explorer.gui.headless import ensure_application  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    ensure_application()
    from PySide6.QtCore import QEventLoop, QTimer

    from explorer.gui.map.view import MapView

    rng = random.Random(args.seed)
    events = [
        replace(
            e,
            lat=21.9 + rng.random() * 0.9,
            lon=112.3 + rng.random() * 0.9,
            geo_precision=rng.choice(("exact", "town", "district")),
        )
        for e in synthetic_events(args.events, args.seed)
    ]
    view = MapView()
    view.resize(1200, 900)
    view.show()

    def timed(signal, action) -> float:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(120_000, loop.quit)
        started = time.perf_counter()
        action()
        loop.exec()
        signal.disconnect(loop.quit)
        return (time.perf_counter() - started) * 1000

    ready_ms = timed(view.bridge.ready, view.load_page)
    drawn_ms = timed(view.bridge.drawn, lambda: view.set_events(events))
    tenth = events[: max(1, len(events) // 10)]
    filter_ms = timed(view.bridge.drawn, lambda: view.set_events(tenth))
    restore_ms = timed(view.bridge.drawn, lambda: view.set_events(events))
    started = time.perf_counter()
    view.select(events[len(events) // 2].id)
    done: list[object] = []
    script = "!!document.querySelector('.leaflet-popup-content')"
    while not done or done[-1] is not True:
        loop = QEventLoop()
        view.page().runJavaScript(
            script, 0, lambda value, loop=loop: (done.append(value), loop.quit())
        )
        loop.exec()
        if time.perf_counter() - started > 30:
            break
    select_ms = (time.perf_counter() - started) * 1000
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(events)} events: page ready in {ready_ms:.0f} ms")
    print(
        f"events={len(events)} ready_ms={ready_ms:.0f} drawn_ms={drawn_ms:.0f} "
        f"filter_ms={filter_ms:.0f} restore_ms={restore_ms:.0f} select_ms={select_ms:.0f} "
        f"rss_mb={rss_mb:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
