"""Background work over superqt's generator workers: imports run off the UI thread.

Every worker is made by :func:`new_worker`: its ``errored`` goes to the one error sink
(:func:`explorer.gui.errors.report_error`), and it is kept in a registry until it finishes,
so that closing the window can stop and wait for it (:func:`stop_workers`).
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QThreadPool
from superqt.utils import FunctionWorker, GeneratorWorker, WorkerBase, create_worker

from explorer.core.articles import Document
from explorer.gui.errors import report_error
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store.db import connect
from explorer.store.importer import ImportReport, Progress, import_corpus, import_documents

if TYPE_CHECKING:  # geopy loads only when a lookup runs
    from explorer.store.geocache import GeocodeReport

log = logging.getLogger(__name__)
R = TypeVar("R")

# Running (or about to run) workers → how to ask each to stop. Only the GUI thread touches it.
_running: dict[WorkerBase, Callable[[], None]] = {}


def new_worker(
    func: Callable[..., Any],
    *args: Any,
    context: str,
    stop: Callable[[], None] | None = None,
) -> FunctionWorker | GeneratorWorker:
    """A worker running ``func(*args)``, not started yet (connect, then ``start()`` it).

    Parameters
    ----------
    context
        What failed if it raises, in the user's words ("Import failed"): the error dialog's
        headline.
    stop
        Asks it to stop when the window closes; by default ``worker.quit()`` (a generator
        stops at its next yield).
    """
    if inspect.isgeneratorfunction(func):
        func = _runtime_errors_kept(func)
    # _ignore_errors: superqt would otherwise re-raise in the GUI thread as well.
    worker = create_worker(func, *args, _start_thread=False, _ignore_errors=True)
    worker.errored.connect(lambda error: report_error(error, context))
    _running[worker] = stop or worker.quit
    worker.finished.connect(lambda: _running.pop(worker, None))
    return worker


class BackgroundError(Exception):
    """A RuntimeError raised by a generator job, carried as its ``__cause__``."""


def _runtime_errors_kept(func: Callable[..., Generator[Any, Any, Any]]) -> Callable[..., Any]:
    # superqt's GeneratorWorker takes a RuntimeError out of the generator for "the worker was
    # deleted": it warns, emits neither errored nor finished, and the import would hang
    # behind its progress dialog. Raised as another type, it reaches the error dialog.
    @functools.wraps(func)
    def job(*args: Any) -> Generator[Any, Any, Any]:
        try:
            return (yield from func(*args))
        except RuntimeError as error:
            raise BackgroundError(str(error) or type(error).__name__) from error

    return job


def running_workers() -> int:
    return len(_running)


def stop_workers(timeout_ms: int) -> bool:
    """Ask every worker to stop and wait up to ``timeout_ms`` for all background threads.
    False when some are still running (a slow network lookup): the caller goes on anyway,
    a thread cannot be killed."""
    for stop in list(_running.values()):
        stop()
    done = QThreadPool.globalInstance().waitForDone(timeout_ms)
    if not done:
        log.warning("%d background workers still running after %d ms", len(_running), timeout_ms)
    return done


def _until_cancelled(
    steps: Generator[Progress, None, R], cancelled: threading.Event
) -> Generator[Progress, None, R | None]:
    """``steps`` until ``cancelled`` is set; then closed here, in the worker's thread, so the
    transaction inside is rolled back by the thread that owns the connection."""
    while True:
        if cancelled.is_set():
            steps.close()  # GeneratorExit inside the transaction: nothing is kept
            return None
        try:
            progress = next(steps)
        except StopIteration as finished:
            return finished.value
        yield progress


def _import_job(
    db_path: Path,
    paths: list[str],
    documents: tuple[Document, ...],
    cancelled: threading.Event,
) -> Generator[Progress, None, ImportReport | None]:
    # SQLite connections belong to one thread: the worker opens its own.
    conn = connect(db_path)
    try:
        extract = extract_with_bundled_gazetteer
        if documents:
            steps = import_documents(conn, documents, "pasted", extract)
        else:
            steps = import_corpus(conn, paths, extract)
        return (yield from _until_cancelled(steps, cancelled))
    finally:
        conn.close()


class ImportJob:
    """An import in a worker: ``worker`` yields Progress and returns the report (or None).

    It reads ``paths`` (files and folders), or stores ``documents`` made in the window (a
    pasted article) through the same transaction.
    """

    def __init__(
        self,
        db_path: Path,
        paths: list[str],
        context: str = "Import failed",
        documents: Sequence[Document] = (),
    ) -> None:
        self.cancelled = threading.Event()
        self.worker: GeneratorWorker = new_worker(
            _import_job,
            db_path,
            paths,
            tuple(documents),
            self.cancelled,
            context=context,
            stop=self.cancel,
        )

    def cancel(self) -> None:
        self.cancelled.set()


def _geocode_job(
    db_path: Path, service: dict[str, str], version: str, cancelled: threading.Event
) -> Generator[Progress, None, GeocodeReport | None]:
    # geopy only when asked for; a worker thread with its own connection, like imports.
    from explorer import paths
    from explorer.pipeline.geocode import PROVIDERS, PlaceGeocoder, ServiceOptions, user_agent
    from explorer.pipeline.geography import DistrictBoundaries
    from explorer.store.geocache import geocode_places

    provider = PROVIDERS[service.get("provider") or "nominatim"]
    options = ServiceOptions(
        user_agent(version, service.get("contact") or None),
        api_key=service.get("api_key") or None,
        domain=service.get("domain") or None,
        scheme=service.get("scheme") or "https",
    )
    boundaries = DistrictBoundaries.from_geojson(paths.districts_path())
    conn = connect(db_path)
    try:
        geocoder = PlaceGeocoder(provider, options, boundaries)
        steps = geocode_places(conn, geocoder.lookup, provider.name, boundaries)
        return (yield from _until_cancelled(steps, cancelled))
    finally:
        conn.close()


def geocode_worker(
    db_path: Path, service: dict[str, str], version: str, context: str = "Looking up places failed"
) -> GeneratorWorker:
    """Locate the places the gazetteer lacks, in the background: yields Progress, returns
    a GeocodeReport (None when the window closed first). Never part of an import: it runs
    after one."""
    cancelled = threading.Event()
    return new_worker(
        _geocode_job, db_path, service, version, cancelled, context=context, stop=cancelled.set
    )
