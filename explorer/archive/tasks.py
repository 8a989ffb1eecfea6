"""What runs on the Dask workers: read articles, extract their events, write a Parquet part.

Every task writes its own part into the output folder (shared storage on a real cluster)
and returns only a small :class:`PartSummary`, so no events travel through the client.
Extraction is :func:`~explorer.pipeline.extract.extract_with_bundled_gazetteer`: a pure
function of the document, the gazetteer and the lexicon, both loaded once per worker
process (:class:`WarmCaches` loads them when a worker starts), never shipped with a task.

A JSONL table is read in byte ranges of about a batch of records each, every range a task
of its own (:func:`extract_jsonl_block`), so one 2 GB JSONL is read and extracted by every
worker. A CSV record may span lines: a CSV table is read by one task with the importer's own
reader, which hands its documents to the cluster in batches (:func:`split_table`). Either way
record ids, line numbers and errors are the ones ``explorer extract`` gives.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from distributed import WorkerPlugin, get_worker, wait, worker_client

from explorer.archive.ranges import numbered_lines
from explorer.archive.tables import write_part
from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.core.events import Event, Extraction
from explorer.pipeline.corpus import Source, jsonl_record, read_source
from explorer.pipeline.documents import Meta, document_from_text
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.pipeline.lexicon import bundled_lexicon

# Batches of one table in flight at once: enough to keep every worker busy, few enough that
# a 2 GB table never sits in the cluster's memory whole.
IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True, slots=True)
class PartSummary:
    """What one task did: documents read and extracted, events written, problems."""

    documents: int = 0
    events: int = 0
    parts: int = 0
    failures: tuple[str, ...] = ()  # "path: problem" (path:line for a record)
    warnings: tuple[str, ...] = ()

    def __add__(self, other: PartSummary) -> PartSummary:
        return PartSummary(
            self.documents + other.documents,
            self.events + other.events,
            self.parts + other.parts,
            self.failures + other.failures,
            self.warnings + other.warnings,
        )


@dataclass(frozen=True, slots=True)
class TaskSettings:
    """Where a task writes and how it reports; the same for every task of a run."""

    output: str  # the run's temporary output folder
    topic: str  # the progress topic the client listens to
    batch_size: int = 500


class WarmCaches(WorkerPlugin):
    """Load the gazetteer and the lexicon when a worker starts, not in its first task."""

    name = "explorer-warm-caches"

    def setup(self, worker: object) -> None:
        # Once per process, one thread at a time: the holiday calendar (jionlp) is imported
        # with stdout redirected, which two threads doing it at once would leave redirected.
        with _WARM_UP_LOCK:
            bundled_lexicon()
            # a date, a holiday and a cue: the date parser and the holiday calendar load too
            text = "2022年1月5日,项目签约。2022年春节期间,项目动工。"
            extract_with_bundled_gazetteer(document_from_text("warm-up", text, Meta(), "text"))


_WARM_UP_LOCK = threading.Lock()


def extract_files(sources: Sequence[Source], part: str, settings: TaskSettings) -> PartSummary:
    """Read files of one document each (text, web pages, PDF, Word) and extract them."""
    documents: list[Document] = []
    failures: list[str] = []
    for source in sources:
        for item in read_source(source):
            if isinstance(item, InputError):
                failures.append(str(item))
            else:
                documents.append(item)
    done = extract_batch(documents, part, settings)
    return done + PartSummary(failures=tuple(failures))


@dataclass(frozen=True, slots=True)
class JsonlBlock:
    """Lines of a JSONL table beginning in ``[start, end)``; ``newlines_before`` numbers them."""

    path: str
    start: int
    end: int
    newlines_before: int = 0


def extract_jsonl_block(block: JsonlBlock, part: str, settings: TaskSettings) -> PartSummary:
    """Read one block of a JSONL table (see :mod:`explorer.archive.ranges`) and extract it."""
    documents: list[Document] = []
    failures: list[str] = []
    path = Path(block.path)
    try:
        for number, raw in numbered_lines(
            block.path, block.start, block.end, block.newlines_before
        ):
            item = jsonl_record(path, number, raw)
            if isinstance(item, InputError):
                failures.append(str(item))
            elif item is not None:
                documents.append(item)
    except OSError as error:
        failures.append(str(InputError(block.path, f"cannot read: {error.strerror or error}")))
    done = extract_batch(documents, part, settings)
    return done + PartSummary(failures=tuple(failures))


def extract_batch(documents: Sequence[Document], part: str, settings: TaskSettings) -> PartSummary:
    """Extract ``documents`` and write them with their events as the part ``part``."""
    events: list[tuple[Event, str]] = []
    warnings: list[str] = []
    # The same file named twice (`explorer extract-archive dir dir`) is one document here:
    # nothing could tell its two copies' events apart in the dataset.
    documents = list({(d.source_path, d.content_hash): d for d in documents}.values())
    for doc in documents:
        found, notes = _extract(doc)
        events += [(event, doc.content_hash) for event in found]
        warnings += [f"{doc.source_path}: {note}" for note in (*doc.warnings, *notes)]
    write_part(Path(settings.output), part, documents, events)
    _report(settings.topic, len(documents), len(events))
    return PartSummary(len(documents), len(events), 1, (), tuple(warnings))


def _extract(doc: Document) -> tuple[list[Event], tuple[str, ...]]:
    """Events of ``doc``; a failure costs the document's events, never the run."""
    try:
        found = extract_with_bundled_gazetteer(doc)
    except Exception as error:  # reported against the document; the batch goes on
        return [], (f"event extraction failed ({type(error).__name__}: {error})",)
    return list(found), found.notes if isinstance(found, Extraction) else ()


def split_table(source: Source, prefix: str, settings: TaskSettings) -> PartSummary:
    """Read a CSV table and have its documents extracted in batches.

    A CSV record may span lines (a quoted field), so a table is read by one reader, the
    importer's, not by byte ranges as a JSONL table is.
    The batches run as tasks of their own on any worker (this task leaves its thread to
    them while it waits); at most a few per worker are in flight.
    """
    summary = PartSummary()
    read_failures: list[str] = []
    with worker_client() as client:
        limit = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
        pending: list[object] = []
        batches = _batches(read_source(source), settings.batch_size, read_failures)
        for number, batch in enumerate(batches):
            part = f"{prefix}-{number:06d}"
            pending.append(client.submit(extract_batch, batch, part, settings, pure=False))
            if len(pending) >= limit:
                finished, still = wait(pending, return_when="FIRST_COMPLETED")
                summary += _collected(finished, source)
                pending = list(still)
        summary += _collected(wait(pending).done, source)
    return summary + PartSummary(failures=tuple(read_failures))


def _batches(
    items: Iterable[Document | InputError], size: int, failures: list[str]
) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        if isinstance(item, InputError):
            failures.append(str(item))
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _collected(futures: Iterable[object], source: Source) -> PartSummary:
    summary = PartSummary()
    for future in futures:
        try:
            summary += future.result()  # type: ignore[attr-defined]
        except Exception as error:  # a batch lost (its worker died twice, a full disk)
            problem = f"a batch of its records failed: {type(error).__name__}: {error}"
            summary += PartSummary(failures=(f"{source.path}: {problem}",))
    return summary


def _report(topic: str, documents: int, events: int) -> None:
    """Tell the client's progress line what was done (best effort: progress only)."""
    with suppress(ValueError):  # ValueError: not on a worker (called directly)
        get_worker().log_event(topic, json.dumps({"documents": documents, "events": events}))
