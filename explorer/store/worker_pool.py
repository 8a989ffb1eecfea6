"""The import's extraction worker processes: they never outlive the import that started them.

An import killed with SIGKILL runs no clean-up, so a worker cannot count on being told to
stop: each one arranges at start-up (:func:`die_with_parent`) to end when its parent does.
An import that stops early (the window's Cancel, Ctrl-C, an error) stops its workers
itself (:func:`extraction_pool`): pending work is dropped and stragglers are terminated.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.process import BaseProcess

# <linux/prctl.h>: deliver a signal to this process when the thread that forked it exits.
PR_SET_PDEATHSIG = 1
# How often the fallback watcher looks at the parent (platforms without PR_SET_PDEATHSIG).
WATCH_SECONDS = 1.0
# After a cancel, how long workers get to finish their current chunk (a few documents,
# tens of milliseconds) before they are terminated, then killed.
GRACE_SECONDS = 1.0
ORPHAN_EXIT = 70  # a worker whose parent died: nobody reads the code, it names the cause

# "fork" on Linux: a worker starts in milliseconds (spawn and forkserver import the
# extractor again, ~0.2 s each), and it is the importer's own child, which the parent-pid
# check relies on (a forkserver's workers are the server's children). Elsewhere "spawn",
# the platforms' default (fork is unsafe on macOS, missing on Windows). The CLI forks from
# its only thread; the window imports with one worker, in-thread, and forks nothing.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"


@contextmanager
def extraction_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes that die with this one; stopped hard unless the
    ``with`` block ends normally (then it finishes as usual, all work being done).

    Its processes are started by the thread that submits work, which must outlive them:
    on Linux a worker's death signal follows the thread that forked it. Hence no
    ``max_tasks_per_child``, with which the pool's own manager thread forks replacements.
    """
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(START_METHOD),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        yield pool
    except BaseException:  # GeneratorExit and KeyboardInterrupt too: no worker stays behind
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def stop_pool(pool: ProcessPoolExecutor, grace: float = GRACE_SECONDS) -> None:
    """Drop the work not started, give the workers ``grace`` seconds to end, then
    terminate (and if need be kill) those still running."""
    # Private attributes (CPython's): shutdown() forgets the processes, and the executor has
    # no public way to end one that is busy.
    workers = list((pool._processes or {}).values())
    # (typeshed types this one as the thread's wake-up pipe: it is the thread)
    manager: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    _wait(workers, grace)
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    _wait(workers, grace)
    for worker in workers:
        if worker.is_alive():
            worker.kill()
            worker.join(grace)
    # The executor's thread reaps the workers too, and closes its pipes: let it finish, so
    # that nothing of the pool is left running once the import has returned.
    if manager is not None:
        manager.join(grace)


def _wait(workers: Sequence[BaseProcess], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))


def die_with_parent(parent_pid: int) -> None:
    """Pool initializer (module level: spawned workers unpickle it by name).

    On Linux the kernel kills the worker when its parent dies (``PR_SET_PDEATHSIG``), even
    by SIGKILL, at once and with no thread of ours. Elsewhere a daemon thread watches the
    parent. Both ways miss a parent that died before they were set up, hence the check
    at the end: ``parent_pid`` is the pid the parent had when it made the pool.
    """
    # Ctrl-C reaches the whole process group: the parent alone decides, and stops us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _kill_me_with_parent():
        watch_parent(parent_pid)
    if parent_gone(parent_pid):
        os._exit(ORPHAN_EXIT)


def _kill_me_with_parent() -> bool:
    """Ask Linux for SIGKILL when the parent dies; False where that cannot be had."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the running program's libc, glibc or musl
        return int(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):  # no libc to load, no prctl in it (a seccomp jail)
        return False


def watch_parent(parent_pid: int, every: float = WATCH_SECONDS) -> threading.Thread:
    """Start a daemon thread that ends this process once ``parent_pid`` is gone."""

    def watch() -> None:
        while not parent_gone(parent_pid):
            time.sleep(every)
        os._exit(ORPHAN_EXIT)  # at once: no clean-up that could wait on the dead parent

    thread = threading.Thread(target=watch, name="explorer-parent-watch", daemon=True)
    thread.start()
    return thread


def parent_gone(parent_pid: int) -> bool:
    """Whether the process that started this one has ended.

    On POSIX an orphan is adopted by another process, so its parent pid changes. On Windows
    it never changes: there the pipe or handle multiprocessing keeps to the parent tells.
    """
    if os.getppid() != parent_pid:
        return True
    parent = multiprocessing.parent_process()
    return sys.platform == "win32" and parent is not None and not parent.is_alive()
