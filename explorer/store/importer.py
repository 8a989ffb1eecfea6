"""Import a batch of corpus files into the store as one transaction.

:func:`import_corpus` is a generator: it yields :class:`Progress` as it goes (the CLI prints
it, the GUI worker forwards it as a signal) and *returns* the :class:`ImportReport`. The
whole batch is one transaction: files that cannot be read are reported and skipped, but if
the process dies or the caller stops iterating, nothing of the batch stays in the database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.pipeline.corpus import discover, read_source
from explorer.store import repository
from explorer.store.db import transaction
from explorer.store.repository import Added


class Progress(NamedTuple):
    done: int
    total: int
    message: str


@dataclass(slots=True)
class ImportReport:
    """What an import did: counts, and one line per problem naming the file."""

    documents: int = 0
    articles: int = 0
    duplicates: list[str] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored: int = 0

    @property
    def exit_code(self) -> int:
        """0 when anything was imported or found already there; 2 when nothing could be read."""
        return 0 if self.documents or self.duplicates else 2

    def summary_lines(self) -> list[str]:
        lines = [
            f"imported {self.documents} documents ({self.articles} articles)",
            f"skipped {len(self.duplicates)} already imported",
            f"failed {len(self.failures)}",
        ]
        if self.ignored:
            lines.append(f"ignored {self.ignored} files that are not .txt/.md/.jsonl/.csv")
        lines += [f"failed: {error}" for error in self.failures]
        lines += [f"warning: {warning}" for warning in self.warnings]
        return lines


def import_corpus(
    conn: sqlite3.Connection, paths: Iterable[str | Path]
) -> Generator[Progress, None, ImportReport]:
    """Read ``paths`` (files and folders) and store their documents in one transaction."""
    paths = [str(p) for p in paths]
    found = discover(paths)
    report = ImportReport(failures=list(found.errors), ignored=len(found.ignored))
    if not found.sources and not found.errors:
        report.failures.append(InputError(", ".join(paths), "no .txt/.md/.jsonl/.csv files found"))
    total = len(found.sources)
    with transaction(conn):
        import_id = repository.start_import(conn, paths)
        for done, source in enumerate(found.sources):
            yield Progress(done, total, str(source.path))
            for item in read_source(source):
                if isinstance(item, InputError):
                    report.failures.append(item)
                else:
                    _store(conn, item, import_id, report)
        repository.finish_import(
            conn,
            import_id,
            report.documents,
            report.articles,
            len(report.duplicates),
            len(report.failures),
        )
    yield Progress(total, total, "done")
    return report


def _store(conn: sqlite3.Connection, doc: Document, import_id: int, report: ImportReport) -> None:
    report.warnings += [
        w if w.startswith(doc.source_path) else f"{doc.source_path}: {w}" for w in doc.warnings
    ]
    result = repository.add_document(conn, doc, import_id)
    if result.outcome is Added.NEW:
        report.documents += 1
        report.articles += len(doc.articles)
    elif result.outcome is Added.DUPLICATE:
        report.duplicates.append(f"{doc.source_path}: same content as {result.other}")
    else:
        report.failures.append(
            InputError(
                doc.source_path,
                f"document id {doc.doc_id!r} is already used by different content "
                f"(from {result.other}); rename the file to import it as a new document",
            )
        )


def run_to_end(
    steps: Generator[Progress, None, ImportReport],
    on_progress: Callable[[Progress], None] | None = None,
) -> ImportReport:
    """Drive an import generator, passing each :class:`Progress` to ``on_progress``."""
    while True:
        try:
            progress = next(steps)
        except StopIteration as finished:
            return finished.value
        if on_progress is not None:
            on_progress(progress)
