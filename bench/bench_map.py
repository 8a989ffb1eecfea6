"""Benchmark: the map page with N synthetic events (offscreen QtWebEngine).

    python bench/bench_map.py --events 10000

Measures, as the window uses the map (``load_events`` once per event set, ``show_only`` with
the visible ids on every filter change): page ready (basemap loaded, event layer initialised);
all events loaded and drawn (clustered); showing 10 % of them (the first tenth of the ids), a
narrow filter (one district and 2010–2019, about 5 %), everything again, the narrow filter
again (its index is cached); selecting one event (pan + popup); and peak memory of this
process (the web engine's own processes are not counted). Times run until the page reports
``drawn``; ``load_py_ms`` and ``show_py_ms`` (the slowest ``show_only`` call) are the part spent
in Python before control returns to the event loop. The last line is the bench convention:
``name=value`` pairs with units in the names.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections.abc import Callable
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
    import numpy as np
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

    python_ms: dict[str, list[float]] = {"load": [], "show": []}

    def in_python(kind: str, action: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            started = time.perf_counter()
            action()
            python_ms[kind].append((time.perf_counter() - started) * 1000)

        return run

    ready_ms = timed(view.bridge.ready, view.load_page)
    load = in_python("load", lambda: view.load_events(events))
    drawn_ms = timed(view.bridge.drawn, lambda: (load(), view.show_only(None)))
    tenth = np.array([e.id for e in events[: max(1, len(events) // 10)]], dtype=np.int64)
    narrow = np.array(
        [
            e.id
            for e in events
            if e.district == "新会区" and e.date and "2010" <= e.date[:4] <= "2019"
        ],
        dtype=np.int64,
    )
    filter_ms = timed(view.bridge.drawn, in_python("show", lambda: view.show_only(tenth)))
    narrow_ms = timed(view.bridge.drawn, in_python("show", lambda: view.show_only(narrow)))
    restore_ms = timed(view.bridge.drawn, in_python("show", lambda: view.show_only(None)))
    again_ms = timed(view.bridge.drawn, in_python("show", lambda: view.show_only(narrow)))
    timed(view.bridge.drawn, in_python("show", lambda: view.show_only(None)))
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
    print(
        f"{len(events)} events: page ready in {ready_ms:.0f} ms; narrow filter shows "
        f"{len(narrow)} ({100 * len(narrow) / len(events):.1f} %)"
    )
    print(
        f"events={len(events)} ready_ms={ready_ms:.0f} drawn_ms={drawn_ms:.0f} "
        f"load_py_ms={python_ms['load'][0]:.0f} filter_ms={filter_ms:.0f} "
        f"narrow_ms={narrow_ms:.0f} restore_ms={restore_ms:.0f} again_ms={again_ms:.0f} "
        f"show_py_ms={max(python_ms['show']):.1f} select_ms={select_ms:.0f} rss_mb={rss_mb:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
