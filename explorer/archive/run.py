"""Run archive extraction on a Dask cluster and put the dataset in place whole.

:func:`extract_archive` lists the inputs (:func:`explorer.pipeline.corpus.discover`), plans
the tasks (:func:`explorer.archive.tasks.plan`), runs them on a ``LocalCluster`` of worker
processes or on the cluster of a scheduler address, and writes into a temporary folder
beside the output that is renamed into place only when every task has finished: an
interrupted run leaves the previous dataset (or nothing) behind, never half a dataset.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster, as_completed

from explorer.archive.plan import Plan, plan
from explorer.archive.ranges import count_newlines
from explorer.archive.tables import DOCUMENTS, EVENTS, FORMAT_VERSION, MANIFEST
from explorer.archive.tasks import (
    PartSummary,
    TaskSettings,
    WarmCaches,
    extract_files,
    extract_jsonl_block,
    split_table,
)
from explorer.core.errors import InputError
from explorer.pipeline.corpus import SUFFIXES_TEXT, discover

# How long a scheduler given by address may take to answer, and to have a worker, before
# the run gives up.
CONNECT_TIMEOUT_S = 20
WORKER_WAIT_S = 60


class ArchiveError(Exception):
    """The run cannot start or finish (an output in the way, no workers): one line."""


@dataclass(slots=True)
class ArchiveProgress:
    """How far a run is: documents and events done, tasks finished of those planned."""

    documents: int = 0
    events: int = 0
    tasks_done: int = 0
    tasks: int = 0


@dataclass(slots=True)
class ArchiveReport:
    """What a run wrote and what it could not read (each problem names its file)."""

    output: Path
    documents: int = 0
    events: int = 0
    parts: int = 0
    workers: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored: int = 0

    def add(self, summary: PartSummary) -> None:
        self.documents += summary.documents
        self.events += summary.events
        self.parts += summary.parts
        self.failures += summary.failures
        self.warnings += summary.warnings


ProgressSink = Callable[[ArchiveProgress], None]


def extract_archive(
    inputs: Sequence[str | Path],
    output: Path,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    batch_size: int = 500,
    processes: bool = True,
    on_progress: ProgressSink | None = None,
) -> ArchiveReport:
    """Extract the events of ``inputs`` into the Parquet dataset folder ``output``.

    ``scheduler``: the address of a running Dask scheduler (``tcp://host:8786``), whose
    workers must see ``inputs`` and ``output`` at the same paths (shared storage); without
    it a ``LocalCluster`` of ``workers`` processes (threads with ``processes=False``) runs
    here. ``batch_size``: documents (or one-document files) per task.
    """
    output = Path(output).absolute()
    _check_output(output)
    found = discover([str(p) for p in inputs])
    report = ArchiveReport(output, failures=[str(e) for e in found.errors])
    report.ignored = len(found.ignored)
    if not found.sources and not found.errors:
        report.failures.append(
            str(InputError(", ".join(map(str, inputs)), f"no {SUFFIXES_TEXT} files found"))
        )
    temporary = output.parent / f".{output.name}.tmp-{uuid.uuid4().hex[:12]}"
    temporary.mkdir()
    for name in (EVENTS, DOCUMENTS):
        (temporary / name).mkdir()  # an empty run still leaves a dataset that reads
    try:
        with _client(scheduler, workers, processes) as client:
            report.workers = len(client.scheduler_info()["workers"])
            _run(client, found.sources, temporary, batch_size, report, on_progress)
        _write_manifest(temporary, inputs, report)
        _put_in_place(temporary, output)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return report


def _check_output(output: Path) -> None:
    """Refuse an output that is something else than an archive dataset this command made."""
    if not output.parent.is_dir():
        raise ArchiveError(f"{output}: the folder {output.parent} does not exist")
    if not os.access(output.parent, os.W_OK):
        raise ArchiveError(f"{output}: cannot write into {output.parent}")
    if output.is_dir() and not (output / MANIFEST).is_file() and any(output.iterdir()):
        raise ArchiveError(f"{output}: a folder that is not an archive dataset; nothing written")
    if output.exists() and not output.is_dir():
        raise ArchiveError(f"{output}: a file is in the way; nothing written")


@contextmanager
def _client(scheduler: str | None, workers: int, processes: bool) -> Iterator[Client]:
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except OSError as error:
            raise ArchiveError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        with client:
            try:
                client.wait_for_workers(1, timeout=WORKER_WAIT_S)
            except TimeoutError:
                raise ArchiveError(
                    f"the Dask scheduler at {scheduler} has no workers "
                    f"(waited {WORKER_WAIT_S} s; start `dask worker {scheduler}`)"
                ) from None
            yield client
        return
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=processes,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client


def _run(
    client: Client,
    sources: Sequence[Any],
    folder: Path,
    batch_size: int,
    report: ArchiveReport,
    on_progress: ProgressSink | None,
) -> None:
    tasks = plan(sources, batch_size)
    report.failures += tasks.failures
    topic = f"explorer-archive-{uuid.uuid4().hex}"
    settings = TaskSettings(str(folder), topic, batch_size)
    progress = ArchiveProgress(tasks=tasks.tasks)

    def on_event(event: tuple[float, str]) -> None:
        done = json.loads(event[1])
        progress.documents += done["documents"]
        progress.events += done["events"]
        if on_progress is not None:
            on_progress(progress)

    client.register_plugin(WarmCaches())
    client.subscribe_topic(topic, on_event)
    try:
        futures = _submit(client, tasks, settings)
        for future in as_completed(list(futures)):
            try:
                report.add(future.result())
            except Exception as error:  # a task lost: its files are named, the run goes on
                report.failures.append(f"{futures[future]}: {type(error).__name__}: {error}")
            progress.tasks_done += 1
            if on_progress is not None:
                on_progress(progress)
    finally:
        client.unsubscribe_topic(topic)


def _submit(client: Client, tasks: Plan, settings: TaskSettings) -> dict[Any, str]:
    """Submit every task; each future with the input it reads, to name on failure."""
    counts = [
        client.submit(count_newlines, block.path, block.start, block.end, pure=False)
        for _, block in tasks.jsonl_blocks
    ]
    tasks.numbered(client.gather(counts))
    futures: dict[Any, str] = {}
    for part, batch in tasks.file_batches:
        future = client.submit(extract_files, batch, part, settings, pure=False)
        futures[future] = ", ".join(str(s.path) for s in batch)
    for part, block in tasks.jsonl_blocks:
        future = client.submit(extract_jsonl_block, block, part, settings, pure=False)
        futures[future] = f"{block.path} (bytes {block.start}–{block.end})"
    for prefix, source in tasks.csv_tables:
        future = client.submit(split_table, source, prefix, settings, pure=False)
        futures[future] = str(source.path)
    return futures


def _write_manifest(folder: Path, inputs: Sequence[str | Path], report: ArchiveReport) -> None:
    manifest = {
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": [str(Path(p).absolute()) for p in inputs],
        "documents": report.documents,
        "events": report.events,
        "parts": report.parts,
        "failures": report.failures,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")


def _put_in_place(temporary: Path, output: Path) -> None:
    """Rename the finished dataset over ``output``; a previous dataset goes only after."""
    if not output.exists():
        os.replace(temporary, output)
        return
    previous = output.parent / f".{output.name}.old-{uuid.uuid4().hex[:12]}"
    os.replace(output, previous)
    os.replace(temporary, output)
    shutil.rmtree(previous, ignore_errors=True)
