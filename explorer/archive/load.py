"""Store an archive dataset (``explorer import-events``): its documents and their events.

The dataset carries its documents (text, articles, metadata), so every event arrives with
the article it quotes: it can be shown in context, found by search and extracted again.
Importing works like ``explorer import`` in one transaction, de-duplicated by content:

- a document not yet stored is stored with its events;
- a document already stored (the same content: a second import, or the archive of a run
  after a lexicon change) gets the dataset's events in place of its machine events. Events
  a user made, edited, deleted or merged stay as they are, and the machine events they
  stand for are not added again (:func:`explorer.store.repository.replace_machine_events`).

So importing the same dataset twice changes nothing, and importing a newer run brings the
newer extraction without touching anyone's corrections.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from dataclasses import dataclass, field, replace
from pathlib import Path

from explorer.archive.tables import (
    DOCUMENTS,
    EVENTS,
    FORMAT_VERSION,
    MANIFEST,
    document_from_row,
    event_from_row,
    part_names,
    read_rows,
)
from explorer.core.articles import Document
from explorer.core.events import Event
from explorer.store import repository
from explorer.store.db import transaction
from explorer.store.dialect import StoreConnection
from explorer.store.importer import Progress, qualified_id
from explorer.store.repository import Added


class DatasetError(Exception):
    """The path is not an archive dataset ``explorer extract-archive`` wrote."""


@dataclass(slots=True)
class EventsReport:
    """What an import of a dataset did."""

    documents: int = 0  # stored new
    articles: int = 0  # of the new documents
    refreshed: int = 0  # already stored: machine events replaced by the dataset's
    events: int = 0  # machine events stored
    duplicates: list[str] = field(default_factory=list)  # same content twice in the dataset
    failures: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        lines = [
            f"imported {self.documents} documents ({self.articles} articles, {self.events} events)",
            f"{self.refreshed} documents were already stored: their machine events were "
            "replaced by the dataset's, edited events kept",
            f"skipped {len(self.duplicates)} with the same content as another of the dataset",
            f"failed {len(self.failures)}",
        ]
        lines += [f"failed: {failure}" for failure in self.failures]
        lines += [f"skipped: {line}" for line in self.duplicates[:10]]
        if len(self.duplicates) > 10:
            lines.append(f"skipped: … and {len(self.duplicates) - 10} more")
        return lines


def check_dataset(folder: Path) -> None:
    """Raise :class:`DatasetError` unless ``folder`` holds an archive dataset."""
    if not (folder / MANIFEST).is_file() or not (folder / DOCUMENTS).is_dir():
        raise DatasetError(
            f"{folder}: not an archive dataset (no {MANIFEST} and {DOCUMENTS}/ in it; "
            "write one with `explorer extract-archive`)"
        )
    try:
        version = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["format_version"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DatasetError(f"{folder / MANIFEST}: cannot be read ({error})") from None
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise DatasetError(
            f"{folder}: written in archive format {version}, newer than this explorer "
            f"reads ({FORMAT_VERSION}); update explorer"
        )


def import_events(conn: StoreConnection, folder: Path) -> Generator[Progress, None, EventsReport]:
    """Store the documents and events of the dataset at ``folder``, one part at a time.

    A generator like :func:`explorer.store.importer.import_corpus`: it yields progress
    per part and returns the report; all of it is one transaction.
    """
    folder = Path(folder)
    check_dataset(folder)
    parts = part_names(folder)
    report = EventsReport()
    with transaction(conn):
        import_id = repository.start_import(conn, [str(folder)])
        handled: set[str] = set()
        for done, part in enumerate(parts):
            yield Progress(done, len(parts), part)
            _import_part(conn, folder, part, import_id, report, handled)
        repository.finish_import(
            conn,
            import_id,
            report.documents,
            report.articles,
            report.refreshed,
            len(report.failures),
        )
    yield Progress(len(parts), len(parts), "done")
    return report


def _import_part(
    conn: StoreConnection,
    folder: Path,
    part: str,
    import_id: int,
    report: EventsReport,
    handled: set[str],
) -> None:
    # By content and id: two records of one content (a JSONL and a CSV of the same
    # articles) are two documents with events of their own in the dataset.
    by_document: dict[tuple[str, str], list[Event]] = {}
    for row in read_rows(folder, EVENTS, part):
        key = (row["document_hash"], row["document"])
        by_document.setdefault(key, []).append(event_from_row(row))
    for row in read_rows(folder, DOCUMENTS, part):
        doc = document_from_row(row)
        if doc.content_hash in handled:
            # The same content twice in the dataset: stored once, as `explorer import` does.
            report.duplicates.append(f"{doc.source_path}: same content as another document")
            continue
        handled.add(doc.content_hash)
        stored = _store(conn, doc, import_id, report)
        if stored is not None:
            events = by_document.get((doc.content_hash, doc.doc_id), [])
            problems: list[str] = []
            report.events += repository.replace_machine_events(conn, stored, events, problems)
            report.failures += [f"{doc.source_path}: {problem}" for problem in problems]


def _store(
    conn: StoreConnection, doc: Document, import_id: int, report: EventsReport
) -> str | None:
    """The stored document id of ``doc`` (stored now or before), or None if it cannot be."""
    result = repository.add_document(conn, doc, import_id)
    if result.outcome is Added.ID_TAKEN:
        # Another content has this id (2022/A01.txt and 2023/A01.txt): qualify it with
        # its folder, as `explorer import` does.
        qualified = replace(doc, doc_id=qualified_id(doc))
        result = repository.add_document(conn, qualified, import_id)
        doc = qualified
    if result.outcome is Added.NEW:
        report.documents += 1
        report.articles += len(doc.articles)
        return doc.doc_id
    if result.outcome is Added.DUPLICATE:
        report.refreshed += 1
        return result.other
    report.failures.append(
        f"{doc.source_path}: document id {doc.doc_id!r} is already used by different "
        f"content (from {result.other})"
    )
    return None
