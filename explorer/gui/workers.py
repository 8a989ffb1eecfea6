"""Background work over superqt's generator workers: imports run off the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Generator
from pathlib import Path

from superqt.utils import GeneratorWorker, create_worker

from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store.db import connect
from explorer.store.importer import ImportReport, Progress, import_corpus


def _import_job(
    db_path: Path, paths: list[str], cancelled: threading.Event
) -> Generator[Progress, None, ImportReport | None]:
    # SQLite connections belong to one thread: the worker opens its own, and closes the
    # import generator itself on cancel, so the rollback happens in this thread too.
    conn = connect(db_path)
    steps = import_corpus(conn, paths, extract_with_bundled_gazetteer)
    try:
        while True:
            if cancelled.is_set():
                steps.close()  # GeneratorExit inside the transaction: nothing is kept
                return None
            try:
                progress = next(steps)
            except StopIteration as finished:
                return finished.value
            yield progress
    finally:
        conn.close()


class ImportJob:
    """An import in a worker: ``worker`` yields Progress and returns the report (or None)."""

    def __init__(self, db_path: Path, paths: list[str]) -> None:
        self.cancelled = threading.Event()
        self.worker: GeneratorWorker = create_worker(
            _import_job, db_path, paths, self.cancelled, _start_thread=False
        )

    def cancel(self) -> None:
        self.cancelled.set()
