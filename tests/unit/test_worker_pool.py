"""The import's worker processes end with it: on a cancel, on Ctrl-C, and when its process
dies without a word (the kill -9 runs themselves: tests/reliability/test_kill_import.py)."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer.core.articles import Document
from explorer.core.events import Event
from explorer.store.db import connect
from explorer.store.importer import CHUNK, import_corpus
from explorer.store.worker_pool import extraction_pool, parent_gone, stop_pool

REPO = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's"
)


def no_events(doc: Document) -> list[Event]:
    return []


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie has ended; it only waits to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state not in "ZX"


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not _running(pid)


def _none_running(pids: list[int]) -> bool:
    return not any(_running(pid) for pid in pids)


def _workers() -> list[int]:
    return [process.pid for process in multiprocessing.active_children()]


def test_a_worker_knows_its_parent_is_alive() -> None:
    assert not parent_gone(os.getppid())
    assert parent_gone(os.getppid() + 1)  # not the pid the parent has: it must have died


def death_signal() -> int:
    """PR_GET_PDEATHSIG: the signal this process gets when its parent dies (0: none)."""
    found = ctypes.c_int(-1)
    ctypes.CDLL(None).prctl(2, ctypes.byref(found), 0, 0, 0)
    return found.value


@linux_only
def test_linux_kills_a_worker_with_its_parent() -> None:
    with extraction_pool(1) as pool:
        assert pool.submit(death_signal).result() == signal.SIGKILL


@linux_only
def test_a_cancelled_import_leaves_no_worker_and_nothing_stored(
    tmp_path: Path, db_path: Path
) -> None:
    for number in range(CHUNK + 6):  # enough files for the pool
        (tmp_path / f"note_{number:03d}.txt").write_text(f"标题{number}\n\n正文第{number}条。\n")
    conn = connect(db_path)
    steps = import_corpus(conn, [tmp_path], no_events, workers=2)
    for _ in range(CHUNK + 2):  # past the first chunk: the workers have started
        next(steps)
    workers = _workers()
    assert len(workers) == 2
    steps.close()  # what the window's Cancel does (gui/workers.py, _until_cancelled)
    assert _none_running(workers)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


@linux_only
def test_ctrl_c_stops_busy_workers_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), extraction_pool(2) as pool:
        for _ in range(4):
            pool.submit(time.sleep, 60)
        time.sleep(0.2)  # both workers are inside a sleep
        workers = _workers()
        raise KeyboardInterrupt
    assert time.monotonic() - started < 10
    assert len(workers) == 2 and _none_running(workers)


@linux_only
def test_stop_pool_terminates_a_worker_that_does_not_finish() -> None:
    with extraction_pool(1) as pool:
        pool.submit(time.sleep, 60)
        time.sleep(0.2)
        workers = _workers()
        stop_pool(pool, grace=0.1)
        assert len(workers) == 1 and _none_running(workers)


# Without PR_SET_PDEATHSIG (macOS, Windows) the watcher thread must end an orphan: run it on
# Linux too, in a pool whose parent is then killed with SIGKILL.
ORPHANED_BY_KILL = """
import os, signal, time
from concurrent.futures import ProcessPoolExecutor
from explorer.store.worker_pool import watch_parent

def main():
    pool = ProcessPoolExecutor(1, initializer=watch_parent, initargs=(os.getpid(), 0.05))
    print(pool.submit(os.getpid).result(), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

if __name__ == "__main__":
    main()
"""


@linux_only
def test_the_fallback_watcher_ends_an_orphaned_worker(tmp_path: Path) -> None:
    script = tmp_path / "orphan.py"
    script.write_text(ORPHANED_BY_KILL)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60
    )
    worker = int(done.stdout.split()[0])
    assert _gone_within(worker, 5), f"orphaned worker {worker} still running"
