"""Run one export as if the disk filled up: ``python full_disk_runner.py ARGS``.

``ARGS`` are the ``explorer`` command's, or ``table DB OUT`` for an event table (the
window's export, which has no command). The target folder is ``$FULL_DISK_FOLDER``.

The fault is ``RLIMIT_FSIZE``, not a full file system: mounting a small tmpfs needs root,
and the limit works on any POSIX machine and in CI. With SIGXFSZ ignored, a write beyond
``$FULL_DISK_LIMIT`` bytes fails with EFBIG, as one on a full disk fails with ENOSPC.

The limit starts when the process first opens a file in the target folder for writing
(an audit hook), not at start-up: QtWebEngine runs inside the process and dies (SIGTRAP)
when its shared-memory files cannot grow, which a full disk would not do to /dev/shm; the
database's journal files and the map page cache are written before the export too.
An export that bypassed explorer.atomic would still be caught: it writes the user's file.
"""

from __future__ import annotations

import os
import resource
import runpy
import signal
import sys
from pathlib import Path

FOLDER = os.path.realpath(os.environ["FULL_DISK_FOLDER"])
LIMIT = int(os.environ["FULL_DISK_LIMIT"])
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND


def _opens_for_writing(mode: object, flags: object) -> bool:
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & WRITING)


def _fill_the_disk(event: str, args: tuple[object, ...]) -> None:
    if event != "open" or not isinstance(args[0], str | bytes | os.PathLike):
        return
    path = os.fsdecode(os.fspath(args[0]))
    in_folder = os.path.dirname(os.path.realpath(path)) == FOLDER
    if in_folder and _opens_for_writing(args[1], args[2]):
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _export_table(db: str, output: str) -> int:
    """What the window's 导出 → 表格 does, and its message on failure (a dialog there)."""
    from explorer.export.tables import write_events
    from explorer.store import repository
    from explorer.store.db import connect

    conn = connect(Path(db))
    events = repository.load_events(conn)
    citations = repository.event_citations(conn, [e.id for e in events if e.id is not None])
    try:
        write_events(events, Path(output), citations=citations)
    except OSError as error:
        print(f"{output}: {error}", file=sys.stderr)  # main_window.export's message
        return 1
    return 0


def main() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG from write(), not death
    sys.addaudithook(_fill_the_disk)
    if sys.argv[1] == "table":
        sys.exit(_export_table(sys.argv[2], sys.argv[3]))
    sys.argv = ["explorer", *sys.argv[1:]]
    runpy.run_module("explorer", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
