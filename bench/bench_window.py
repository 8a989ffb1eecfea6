"""Benchmark: the explorer window on an existing database of N synthetic events (offscreen).

    python bench/bench_window.py --events 100000 [--db PATH] [--repeat 5] [--profile OUT]

Step 1 builds the database once (``--db``, default a file in the temp folder that later runs
reuse): synthetic events as in ``bench_map.py`` (dates as in ``bench_timeline.py``, spread
over Jiangmen), four per document, each document's body holding its events' sentences.

Step 2 runs the window in a fresh child process, so interpreter start and imports count. It
follows ``explorer.gui.app.run_app``: connect → places → first-launch check → AppState →
MainWindow → reload → last filter → show, then waits until the timeline has painted and the
map page reports the events drawn. Times are from the moment the child was spawned:
``window_ms`` when the window is shown with the timeline painted, ``map_drawn_ms`` when the
map's ``drawn`` signal arrives.

Step 3 changes the filter (新会区 and 2010–2019, then back to everything) ``--repeat`` times
each: from ``AppState.set_filter`` until the table model was reset, the timeline repainted and
the map's ``drawn`` came back. ``filter_sync_ms`` is the part spent in Python before control
returns to the event loop (filtering, timeline data, table model, the map's JSON payload).
``facet_counts_median_ms`` is what the filter panel's counts (per district, type and status,
under the other filters) add to the index's filtering of those two filters.

``rss_mb`` is the child's peak memory (the web engine's processes are not counted). With
``--profile OUT`` the child also writes cProfile statistics of start-up and of one filter change
each way to ``OUT.start``, ``OUT.narrow``, ``OUT.restore`` (read with ``python -m pstats``).
The last line is the bench convention: ``name=value`` pairs with units in the names.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from statistics import median
from typing import Any

HERE = Path(__file__).resolve().parent


# ------------------------------------------------------------------------------ database


def database_path(events: int, seed: int) -> Path:
    return Path(tempfile.gettempdir()) / f"explorer_bench_window_{events}_{seed}.sqlite3"


def stored_events(db: Path) -> int:
    """How many events ``db`` holds (0 when it does not exist or is not a database)."""
    import sqlite3
    from contextlib import closing

    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    except sqlite3.Error:
        return 0


def build_database(db: Path, count: int, seed: int) -> float:
    """Write ``count`` synthetic events into a new database at ``db``; return seconds taken."""
    import hashlib
    import random

    sys.path.insert(0, str(HERE))
    from bench_timeline import synthetic_events  # bench/ is not a package

    from explorer import paths
    from explorer.core.articles import Article, Block, BlockKind, Document
    from explorer.core.vocabulary import TYPE_LABELS
    from explorer.store import repository
    from explorer.store.bootstrap import BUNDLED_CORPUS_KEY, ensure_places
    from explorer.store.db import connect, now, transaction

    started = time.perf_counter()
    partial = db.with_name(db.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    rng = random.Random(seed)
    by_document: dict[str, list] = {}
    for e in synthetic_events(count, seed):
        place = f"{e.district}{rng.choice(('工业园', '产业园', '科技园', '高新区'))}"
        sentence = f"{e.date}，{e.subject}在{place}{TYPE_LABELS[e.type][0]}，{e.title}。"
        event = replace(
            e,
            id=None,
            place=place,
            lat=21.9 + rng.random() * 0.9,
            lon=112.3 + rng.random() * 0.9,
            geo_precision=rng.choice(("exact", "town", "district")),
            amount_cny=rng.randrange(1, 500) * 10**7 if rng.random() < 0.3 else None,
            excerpt=sentence,
        )
        by_document.setdefault(e.document, []).append(event)
    conn = connect(partial)
    ensure_places(conn, paths.gazetteer_path())
    with transaction(conn):
        for doc_id, events in by_document.items():
            body, placed = "", []
            for event in events:
                start = len(body)
                body += event.excerpt
                placed.append(replace(event, span=(start, len(body))))
                body += "\n\n"
            title = f"{doc_id} 江门项目动态"
            block = Block(0, len(body), BlockKind.TEXT)
            document = Document(
                doc_id=doc_id,
                source_path=f"synthetic/{doc_id}.txt",
                encoding="utf-8",
                raw_text=body,
                body_offset=0,
                title=title,
                pub_date=None,
                pub_precision=None,
                source="江门日报",
                url=None,
                content_hash=hashlib.sha256(f"{doc_id}\n{body}".encode()).hexdigest(),
                articles=(Article(0, title, 0, len(body), (block,)),),
            )
            repository.add_document(conn, document, None)
            repository.replace_machine_events(conn, doc_id, placed)
        # An existing user database: the first launch's sample import happened long ago.
        repository.set_meta(conn, BUNDLED_CORPUS_KEY, now())
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    partial.replace(db)
    return time.perf_counter() - started


# ------------------------------------------------------------------------------- child


class Clock:
    """Milliseconds since the parent spawned this process (interpreter start included)."""

    def __init__(self, spawned: float) -> None:
        self.offset_ms = (time.time() - spawned) * 1000  # before this line could run
        self._origin = time.perf_counter()

    def ms(self, at: float | None = None) -> float:
        moment = time.perf_counter() if at is None else at
        return self.offset_ms + (moment - self._origin) * 1000


@dataclass
class Started:
    """The running window and when each start-up stage finished (ms since spawn)."""

    app: Any
    window: Any
    state: Any
    conn: Any
    drawn: list[float]  # perf_counter of each map ``drawn`` signal
    times: dict[str, float] = field(default_factory=dict)


def start_window(db: Path, settings_path: Path, clock: Clock) -> Started:
    """Open the window with ``explorer.gui.app.open_window``, as ``explorer`` does: the
    window shows at once and the events load in a worker thread."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from explorer.gui.app import open_window

    times = {"imported": clock.ms()}

    class PaintWatch(QObject):
        paints = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            self.paints += event.type() == QEvent.Type.Paint
            return False

    app, window, state = open_window(db, settings_path, size=(1400, 900))
    watch = PaintWatch()
    window.timeline.installEventFilter(watch)
    loaded: list[float] = []
    state.events_changed.connect(lambda: loaded.append(time.perf_counter()))
    drawn: list[float] = []
    window.map.bridge.drawn.connect(
        lambda *_: drawn.append(time.perf_counter()) if loaded else None
    )
    while not watch.paints:  # the window is up once the timeline has painted
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    times["window"] = clock.ms()
    # Wait in a real event loop, as the app does: a processEvents() spin keeps the GIL
    # from the thread loading the events and slows it down twofold.
    loop = QEventLoop()
    window.map.bridge.drawn.connect(lambda *_: loop.quit() if drawn else None)
    QTimer.singleShot(120_000, loop.quit)
    if not drawn:
        loop.exec()
    if not drawn:
        raise TimeoutError("the map never reported the loaded events drawn")
    times["loaded"] = clock.ms(loaded[0])
    times["map_drawn"] = clock.ms(drawn[0])
    window.timeline.removeEventFilter(watch)
    return Started(app, window, state, state.conn, drawn, times)


def change_filter(started: Started, wanted: Any) -> tuple[float, float]:
    """Set the filter; ms until every view updated, and ms spent before the event loop."""
    from PySide6.QtCore import QEventLoop, QTimer

    window, drawn = started.window, started.drawn
    drawn.clear()
    resets: list[bool] = []

    def on_reset() -> None:
        resets.append(True)

    window.table.model_.modelReset.connect(on_reset)
    loop = QEventLoop()
    window.map.bridge.drawn.connect(loop.quit)
    QTimer.singleShot(60_000, loop.quit)
    began = time.perf_counter()
    started.state.set_filter(wanted)  # table and timeline data now; the map call is queued
    window.timeline.repaint()  # paint the new timeline data synchronously
    synced = time.perf_counter()
    if not drawn:
        loop.exec()  # until the page says the events are drawn
    finished = time.perf_counter()
    window.map.bridge.drawn.disconnect(loop.quit)
    window.table.model_.modelReset.disconnect(on_reset)
    if not (drawn and resets):
        raise RuntimeError("a view did not update")
    return (finished - began) * 1000, (synced - began) * 1000


def facet_cost(index: Any, filters: tuple[Any, ...], repeat: int) -> float:
    """Median ms the facet counts add to a filter change: the index's mask with the counts
    (``EventIndex.filtered``, what the window runs) less the mask alone, each the fastest
    of five runs (the difference is small beside the noise of one)."""

    def fastest(run: Any) -> float:
        times = []
        for _ in range(5):
            began = time.perf_counter()
            run()
            times.append(time.perf_counter() - began)
        return min(times)

    extra = []
    for _ in range(repeat):
        for wanted in filters:
            alone = fastest(lambda w=wanted: index.mask(w))
            extra.append((fastest(lambda w=wanted: index.filtered(w)) - alone) * 1000)
    return median(extra)


@contextmanager
def profiled(profile: Path | None, name: str) -> Iterator[None]:
    """cProfile the block into ``PROFILE.name`` when profiling was asked for."""
    if profile is None:
        yield
        return
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        profiler.dump_stats(f"{profile}.{name}")


def dispose(started: Started) -> None:
    """Delete the web view before the QApplication goes: a live page at exit crashes Python."""
    from PySide6.QtCore import QCoreApplication, QEvent

    started.window.close()
    started.window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    started.conn.close()


def measure(db: Path, spawned: float, repeat: int, profile: Path | None) -> int:
    """Run in the child: start the window as run_app does, then change the filter."""
    clock = Clock(spawned)
    with tempfile.TemporaryDirectory(prefix="bench_window_") as folder:
        with profiled(profile, "start"):
            started = start_window(db, Path(folder) / "settings.ini", clock)
        from explorer.core.filters import EventFilter

        narrow = EventFilter(date(2010, 1, 1), date(2019, 12, 31), frozenset({"新会区"}))
        everything = EventFilter()
        settle = time.perf_counter() + 0.3
        while time.perf_counter() < settle:  # let the page finish its first paint
            started.app.processEvents()
        from explorer.core.vocabulary import DISTRICTS

        # Six districts of seven: most events stay, nothing can be reused.
        wide = EventFilter(districts=frozenset(DISTRICTS[1:]))
        narrow_ms, restore_ms, wide_ms, sync_ms = [], [], [], []
        shown = wide_shown = 0
        for _ in range(repeat):
            total, sync = change_filter(started, narrow)
            shown = len(started.state.visible)
            narrow_ms.append(total)
            sync_ms.append(sync)
            total, sync = change_filter(started, everything)
            restore_ms.append(total)
            sync_ms.append(sync)
            total, sync = change_filter(started, wide)
            wide_shown = len(started.state.visible)
            wide_ms.append(total)
            sync_ms.append(sync)
            change_filter(started, everything)
        facet_ms = facet_cost(started.state.index, (narrow, wide), repeat)
        for name, wanted in (("narrow", narrow), ("restore", everything)) if profile else ():
            with profiled(profile, name):
                change_filter(started, wanted)
        events = len(started.state.events)
        dispose(started)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times = started.times
    print(
        f"start: imports done {times['imported']:.0f} ms, events loaded {times['loaded']:.0f} ms "
        f"(interpreter start {clock.offset_ms:.0f} ms)"
    )
    print(
        f"filter to {shown} events (新会区 2010–2019): median {median(narrow_ms):.0f} ms, "
        f"max {max(narrow_ms):.0f} ms; back to {events}: median {median(restore_ms):.0f} ms, "
        f"max {max(restore_ms):.0f} ms"
    )
    print(
        f"filter to {wide_shown} events (six districts): median {median(wide_ms):.0f} ms, "
        f"max {max(wide_ms):.0f} ms"
    )
    both = narrow_ms + restore_ms + wide_ms
    print(
        f"events={events} window_ms={times['window']:.0f} loaded_ms={times['loaded']:.0f} "
        f"map_drawn_ms={times['map_drawn']:.0f} "
        f"filter_median_ms={median(both):.0f} filter_max_ms={max(both):.0f} "
        f"filter_narrow_median_ms={median(narrow_ms):.0f} "
        f"filter_restore_median_ms={median(restore_ms):.0f} "
        f"filter_wide_median_ms={median(wide_ms):.0f} "
        f"filter_sync_median_ms={median(sync_ms):.0f} facet_counts_median_ms={facet_ms:.2f} "
        f"rss_mb={rss_mb:.0f}"
    )
    return 0


# -------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, help="database to use (built when missing)")
    parser.add_argument("--repeat", type=int, default=5, help="filter changes each way (≥ 1)")
    parser.add_argument("--profile", type=Path, help="write cProfile stats to PROFILE.*")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)  # spawn time (epoch)
    args = parser.parse_args(argv)
    db = args.db or database_path(args.events, args.seed)
    if args.child is not None:
        return measure(db, args.child, args.repeat, args.profile)

    if args.rebuild or stored_events(db) != args.events:
        db.unlink(missing_ok=True)
        seconds = build_database(db, args.events, args.seed)
        print(f"built {db} with {args.events} events in {seconds:.1f} s")
    else:
        print(f"reusing {db}")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, str(Path(__file__).resolve()), "--db", str(db)]
    command += ["--repeat", str(args.repeat)]
    command += ["--profile", str(args.profile)] if args.profile else []
    # Spawn time as wall clock: the child measures from here, interpreter start included.
    command += ["--child", repr(time.time())]
    return subprocess.run(command, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
