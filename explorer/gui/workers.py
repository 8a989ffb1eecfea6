"""Background work over superqt's generator workers: imports run off the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING

from superqt.utils import GeneratorWorker, create_worker

from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store.db import connect
from explorer.store.importer import ImportReport, Progress, import_corpus

if TYPE_CHECKING:  # geopy loads only when a lookup runs
    from explorer.store.geocache import GeocodeReport


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


def _geocode_job(
    db_path: Path, service: dict[str, str], version: str
) -> Generator[Progress, None, GeocodeReport]:
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
        return (yield from geocode_places(conn, geocoder.lookup, provider.name, boundaries))
    finally:
        conn.close()


def geocode_worker(db_path: Path, service: dict[str, str], version: str) -> GeneratorWorker:
    """Locate the places the gazetteer lacks, in the background: yields Progress, returns
    a GeocodeReport. Never part of an import: it runs after one."""
    return create_worker(_geocode_job, db_path, service, version, _start_thread=False)
