"""``kill -9`` of ``explorer import``: no worker process survives it, and the database is
never corrupted nor left holding part of the batch.

The import runs as a user runs it, ``python -m explorer import`` in a process of its own
(this checkout's code, through PYTHONPATH: the venv's console script may point at another
one), and is killed with SIGKILL, which runs no clean-up of any kind.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from explorer.store.db import StoreError, connect

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path("/proc/self/stat").exists(),
        reason="finds the import's worker processes through Linux's /proc",
    ),
]

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "explorer" / "data" / "corpus"  # the first, small batch (no worker pool)
TRIALS = 24
SEED = 20261204
# The kill -9 trials' batch: enough files for the worker pool (64 or more), few enough for
# 24 imports and 24 re-imports to take well under a minute.
TRIAL_ARTICLES = 128  # two chunks: a kill can fall between them
GONE_SECONDS = 5.0  # a worker must be gone this long after its parent's SIGKILL
TABLES = ("documents", "articles", "article_search", "events", "imports")


# ------------------------------------------------------------------ processes, via /proc


@dataclass(frozen=True, slots=True)
class Proc:
    """A process by pid and start time: a pid alone may be reused once the process ends."""

    pid: int
    started: int


def _stat(pid: int) -> list[str] | None:
    """/proc/PID/stat's fields after the command name (which may hold spaces), or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def _all_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def children(parent: int) -> set[Proc]:
    """The running children of ``parent``. /proc/PID/task/*/children needs a kernel option
    that not every kernel has: the parent pid in every process's stat is always there."""
    found = set()
    for pid in _all_pids():
        fields = _stat(pid)
        if fields and fields[1] == str(parent) and fields[0] not in "ZX":
            found.add(Proc(pid, int(fields[19])))
    return found


def running(procs: set[Proc]) -> set[Proc]:
    """Those of ``procs`` still running (a zombie has ended: it only waits to be reaped)."""
    alive = set()
    for proc in procs:
        fields = _stat(proc.pid)
        if fields and int(fields[19]) == proc.started and fields[0] not in "ZX":
            alive.add(proc)
    return alive


def running_with(marker: str) -> set[Proc]:
    """Running processes whose command line holds ``marker``: forked workers keep their
    parent's, so this finds a worker whichever process adopted it."""
    found = set()
    for pid in _all_pids():
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if marker in command and pid != os.getpid():
            found |= running({Proc(pid, int((_stat(pid) or ["0"] * 20)[19]))})
    return found


def wait_until_gone(procs: set[Proc], seconds: float = GONE_SECONDS) -> set[Proc]:
    """``procs`` still running after ``seconds`` (empty when all ended in time)."""
    deadline = time.monotonic() + seconds
    while (left := running(procs)) and time.monotonic() < deadline:
        time.sleep(0.02)
    return left


# ------------------------------------------------------------------ the import and the store


def start_import(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "explorer", "import", str(corpus)]
    command += ["--db", str(db), "--workers", "2"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def run_import(corpus: Path, db: Path) -> None:
    process = start_import(corpus, db)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors.decode(errors="replace")


def counts(db: Path) -> dict[str, int]:
    """Rows per table, through the app's own connect (which refuses a damaged file)."""
    conn = connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def integrity(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def minus(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {t: a[t] - b[t] for t in TABLES}


def make_corpus(out: Path, articles: int) -> Path:
    """A synthetic corpus of ``articles`` text files (bench/make_corpus.py): generated
    text, no real article in the repository."""
    command = [sys.executable, str(REPO / "bench" / "make_corpus.py"), "--articles"]
    command += [str(articles), "--seed", "1", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return out


# ------------------------------------------------------------------ (a) workers die too


@pytest.fixture(scope="module")
def pool_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 articles: enough for the worker pool (64 files or more), and a second or two of
    import to kill."""
    return make_corpus(tmp_path_factory.mktemp("corpus") / "c400", 400)


def test_workers_die_with_a_killed_import(tmp_path: Path, pool_corpus: Path) -> None:
    process = start_import(pool_corpus, tmp_path / "killed.sqlite3")
    try:
        workers = _wait_for_children(process, 2)
    finally:
        process.kill()
        process.wait()
        if process.stderr:  # not read: surviving workers would hold it open
            process.stderr.close()
    assert len(workers) == 2, "the import did not start its two extraction workers"
    left = wait_until_gone(workers)
    assert not left, f"workers still running {GONE_SECONDS} s after the import's kill -9: {left}"


def _wait_for_children(process: subprocess.Popen[bytes], wanted: int) -> set[Proc]:
    deadline = time.monotonic() + 30
    found: set[Proc] = set()
    while len(found) < wanted and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
        found = children(process.pid)
    return found


# ------------------------------------------------------------------ (b) kill -9 at random


@dataclass(slots=True)
class Tally:
    trials: int = 0
    corrupted: int = 0
    half_imported: int = 0
    data_lost: int = 0
    workers_left: int = 0
    with_workers: int = 0  # trials whose kill found the worker pool running
    stored_none: int = 0
    stored_all: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self, seconds: float) -> str:
        return (
            f"reliability: kill -9 trials={self.trials} corrupted={self.corrupted} "
            f"half_imported={self.half_imported} data_lost={self.data_lost} "
            f"workers_left={self.workers_left} (with workers running: {self.with_workers}; "
            f"batch stored: none={self.stored_none} all={self.stored_all}; {seconds:.1f} s)"
        )


@dataclass(frozen=True, slots=True)
class Baseline:
    template: Path  # the first batch alone
    first: dict[str, int]  # its rows
    batch: dict[str, int]  # the rows the trial batch adds, from one import to the end
    complete: dict[str, int]  # first batch + trial batch
    anchors: list[Anchor]  # the moments to kill at, from that import


def test_kill_minus_9_never_corrupts_nor_half_imports(tmp_path: Path, figures: list[str]) -> None:
    started = time.monotonic()
    corpus = make_corpus(tmp_path / "batch", TRIAL_ARTICLES)
    base = _baseline(tmp_path, corpus)
    tally = Tally()
    for number, (anchor, delay) in enumerate(kill_plan(base.anchors, TRIALS, SEED)):
        _trial(tmp_path / f"trial{number:02d}.sqlite3", corpus, base, anchor, delay, tally)
    figures.append(tally.line(time.monotonic() - started))
    assert not tally.problems, "\n".join(tally.problems)
    assert tally.trials == TRIALS


class Watched:
    """An import whose progress lines (stderr, one per tenth of the files) are timed as they
    come: kill moments anchored on them hold whatever the machine's load."""

    def __init__(self, corpus: Path, db: Path) -> None:
        self.started = time.monotonic()
        self.process = start_import(corpus, db)
        self.progress: dict[int, float] = {}  # files done → seconds from the start
        self.errors: list[str] = []
        self._news = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for raw in self.process.stderr:
            text = raw.decode(errors="replace")
            with self._news:
                if text.startswith("importing "):
                    done = int(text.split()[1].partition("/")[0])
                    self.progress[done] = time.monotonic() - self.started
                else:
                    self.errors.append(text)
                self._news.notify_all()

    def wait_for(self, done: int | None) -> None:
        """Until the line for ``done`` files is out (None: at once), or the import ended."""
        with self._news:
            self._news.wait_for(
                lambda: done is None or done in self.progress or self.process.poll() is not None,
                timeout=60,
            )

    def finish(self) -> int:
        """The exit status, once the import and its output have ended."""
        self.process.wait(timeout=120)
        self._reader.join(timeout=GONE_SECONDS)  # EOF: the workers held the pipe too
        return self.process.returncode


@dataclass(frozen=True, slots=True)
class Anchor:
    """A kill moment's reference point: a progress line (None: the process's start), and
    how long the reference import took from there to the next line (or its end)."""

    done: int | None
    gap: float


def reference_anchors(watched: Watched) -> list[Anchor]:
    times = [(None, 0.0), *sorted(watched.progress.items())]
    total = time.monotonic() - watched.started
    *before_done, _ = times  # the last line comes after the commit: no anchor
    ends = [t for _, t in before_done[1:]] + [total * 1.1]  # then the exit, and a bit more
    return [Anchor(done, end - t) for (done, t), end in zip(before_done, ends, strict=True)]


def kill_plan(anchors: list[Anchor], trials: int, seed: int) -> list[tuple[Anchor, float]]:
    """Seeded kill moments: a quarter after the last line before the commit (the last chunk
    stored, the commit, a few after the exit), the others spread over the earlier lines,
    start-up included; each some random part of the way to the next line."""
    rng = random.Random(seed)
    *earlier, last = anchors
    chosen = [last] * (trials // 4)
    chosen += [earlier[i % len(earlier)] for i in range(trials - len(chosen))]
    rng.shuffle(chosen)
    return [(anchor, rng.uniform(0, anchor.gap)) for anchor in chosen]


def _baseline(tmp_path: Path, corpus: Path) -> Baseline:
    template = tmp_path / "first-batch.sqlite3"
    run_import(BUNDLED, template)
    first = counts(template)
    reference = tmp_path / "reference.sqlite3"
    shutil.copyfile(template, reference)  # closed cleanly: the WAL is folded into the file
    watched = Watched(corpus, reference)
    assert watched.finish() == 0, "".join(watched.errors)
    anchors = reference_anchors(watched)
    complete = counts(reference)
    batch = minus(complete, first)
    assert batch["documents"] == TRIAL_ARTICLES and batch["events"] > 0
    return Baseline(template, first, batch, complete, anchors)


def _trial(
    db: Path, corpus: Path, base: Baseline, anchor: Anchor, delay: float, tally: Tally
) -> None:
    shutil.copyfile(base.template, db)
    tally.trials += 1
    watched = Watched(corpus, db)
    watched.wait_for(anchor.done)
    time.sleep(delay)
    workers = children(watched.process.pid)
    watched.process.send_signal(signal.SIGKILL)
    watched.finish()
    tally.with_workers += bool(workers)
    where = f"{db.name} (kill {delay:.2f} s after line {anchor.done})"
    left = wait_until_gone(workers | running_with(str(db)))
    if left:
        tally.workers_left += len(left)
        tally.problems.append(f"{where}: workers left {left}")
    if _check_killed(db, base, where, tally):
        _check_reimport(db, corpus, base, tally)
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()


def _check_killed(db: Path, base: Baseline, where: str, tally: Tally) -> bool:
    """The killed import's database: sound, and holding all of the batch or none of it."""
    try:
        found = counts(db)
        checked = integrity(db)
    except (StoreError, sqlite3.DatabaseError) as error:
        tally.corrupted += 1
        tally.problems.append(f"{where}: cannot be opened: {error}")
        return False
    if checked != ["ok"]:
        tally.corrupted += 1
        tally.problems.append(f"{where}: integrity_check says {checked[:5]}")
        return False
    added = minus(found, base.first)
    if added == base.batch:
        tally.stored_all += 1
    elif not any(added.values()):
        tally.stored_none += 1
    else:
        tally.half_imported += 1
        tally.problems.append(f"{where}: part of the batch stored: {added} of {base.batch}")
    return True


def _check_reimport(db: Path, corpus: Path, base: Baseline, tally: Tally) -> None:
    """Importing the batch again stores what an uninterrupted import stores: nothing lost
    (the first batch included), nothing twice. Only the import log may differ: a batch
    the killed import had committed is logged again, as all duplicates."""
    run_import(corpus, db)
    found = counts(db)
    logged = found["imports"] - base.complete["imports"]
    if {**found, "imports": 0} != {**base.complete, "imports": 0} or logged not in (0, 1):
        tally.data_lost += 1
        tally.problems.append(f"{db.name}: after the re-import {found}, expected {base.complete}")
