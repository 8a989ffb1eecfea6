"""Import a batch of corpus files into the store as one transaction.

:func:`import_corpus` is a generator: it yields :class:`Progress` as it goes (the CLI prints
it, the GUI worker forwards it as a signal) and *returns* the :class:`ImportReport`. The
whole batch is one transaction: files that cannot be read are reported and skipped, but if
the process dies or the caller stops iterating, nothing of the batch stays in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple, TypeVar

from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.core.events import Event, Extraction
from explorer.pipeline.corpus import SUFFIXES_TEXT, discover, read_source
from explorer.pipeline.documents import document_warnings
from explorer.store import repository
from explorer.store.db import transaction
from explorer.store.dialect import StoreConnection
from explorer.store.repository import Added
from explorer.store.worker_pool import extraction_pool

# An extractor may return an Extraction (a list of events with notes): each note becomes a
# warning naming the document.
Extractor = Callable[[Document], list[Event]]
T = TypeVar("T")
# Documents are extracted in chunks so that worker processes get enough work per round trip.
CHUNK = 64


class Progress(NamedTuple):
    done: int
    total: int
    message: str


@dataclass(slots=True)
class FormatCount:
    """What one format (html, pdf, docx, text…) contributed to an import."""

    documents: int = 0
    articles: int = 0
    duplicates: int = 0
    failed: int = 0


@dataclass(slots=True)
class ImportReport:
    """What an import did: counts, and one line per file skipped or problem, naming the file.

    ``duplicates``: "path: the same text as document …" for each file already stored;
    ``ignored``: the files of a folder that are not of a kind it reads; ``failures``: the
    files (or records) that could not be read, each with its reason.
    """

    documents: int = 0
    articles: int = 0
    events: int = 0
    duplicates: list[str] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    # Per format, in the order met: a folder mixing web pages, PDFs and Word files says
    # what came of each.
    formats: dict[str, FormatCount] = field(default_factory=dict)

    def of_format(self, fmt: str) -> FormatCount:
        return self.formats.setdefault(fmt, FormatCount())

    @property
    def exit_code(self) -> int:
        """0 when anything was imported or found already there; 2 when nothing could be read."""
        return 0 if self.documents or self.duplicates else 2

    def summary_lines(self) -> list[str]:
        lines = [
            f"imported {self.documents} documents ({self.articles} articles, {self.events} events)",
            f"skipped {len(self.duplicates)} already imported",
            f"failed {len(self.failures)}",
        ]
        if self.ignored:
            lines.append(f"ignored {len(self.ignored)} files that are not {SUFFIXES_TEXT}")
        for fmt, count in sorted(self.formats.items()):
            lines.append(
                f"  {fmt}: {count.documents} imported ({count.articles} articles), "
                f"{count.duplicates} already imported, {count.failed} failed"
            )
        # Every file by name, however many: the user must be able to find each one.
        lines += [f"failed: {error}" for error in self.failures]
        lines += [f"skipped, already imported: {line}" for line in self.duplicates]
        lines += [f"ignored: {path}: {ignored_reason(path)}" for path in self.ignored]
        lines += [f"warning: {warning}" for warning in self.warnings]
        return lines


def import_corpus(
    conn: StoreConnection,
    paths: Iterable[str | Path],
    extract: Extractor | None = None,
    workers: int = 1,
) -> Generator[Progress, None, ImportReport]:
    """Read ``paths`` (files and folders) and store their documents in one transaction.

    With ``extract`` each new document's events are stored too; ``workers`` > 1 runs the
    extraction in that many processes (``extract`` must then be a module-level function).
    """
    names = [str(p) for p in paths]  # once: ``paths`` may be a one-shot iterator
    found = discover(names)
    report = ImportReport(failures=list(found.errors), ignored=[str(p) for p in found.ignored])
    if not found.sources and not found.errors:
        report.failures.append(InputError(", ".join(names), f"no {SUFFIXES_TEXT} files found"))
    sources = [(str(s.path), s.kind, read_source(s)) for s in found.sources]
    # Worker processes pay off only for real batches; a handful of files runs inline.
    parallel = extract is not None and workers > 1 and len(sources) >= CHUNK
    return (yield from _import(conn, names, sources, report, extract, workers if parallel else 1))


def import_documents(
    conn: StoreConnection,
    documents: Sequence[Document],
    label: str,
    extract: Extractor | None = None,
) -> Generator[Progress, None, ImportReport]:
    """Store documents made in the app (an article pasted into the window) exactly as files
    are stored: one transaction, de-duplicated by content, with their events."""
    sources = [(doc.source_path, doc.format, iter([doc])) for doc in documents]
    return (yield from _import(conn, [label], sources, ImportReport(), extract, 1))


def _import(
    conn: StoreConnection,
    names: list[str],
    sources: Sequence[tuple[str, str, Iterable[Document | InputError]]],
    report: ImportReport,
    extract: Extractor | None,
    workers: int,
) -> Generator[Progress, None, ImportReport]:
    total = len(sources)
    # Its workers die with this process, even by kill -9, and a cancel stops them
    # (extraction_pool). Left last, after the transaction is rolled back or committed.
    pool = extraction_pool(workers) if workers > 1 else nullcontext()
    with pool as executor, transaction(conn):
        import_id = repository.start_import(conn, names)
        pending: list[Document] = []
        for done, (name, kind, items) in enumerate(sources):
            yield Progress(done, total, name)
            for item in items:
                if isinstance(item, InputError):
                    report.failures.append(item)
                    report.of_format(kind).failed += 1
                    continue
                pending.append(item)
                if len(pending) >= CHUNK:
                    _store_chunk(conn, pending, import_id, report, extract, executor)
                    pending = []
        _store_chunk(conn, pending, import_id, report, extract, executor)
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


def _store_chunk(
    conn: StoreConnection,
    docs: Sequence[Document],
    import_id: int,
    report: ImportReport,
    extract: Extractor | None,
    executor: Executor | None,
) -> None:
    fresh = [d for d in docs if not repository.is_stored(conn, d.content_hash)]
    for doc, (events, problems) in zip(fresh, _extract_all(fresh, extract, executor), strict=True):
        doc_id = _store(conn, doc, import_id, report)
        if doc_id is None:
            continue
        report.warnings += [f"{doc.source_path}: {problem}" for problem in problems]
        unstorable: list[str] = []
        report.events += repository.replace_machine_events(conn, doc_id, events, unstorable)
        report.warnings += [f"{doc.source_path}: {problem}" for problem in unstorable]
    fresh_ids = {id(d) for d in fresh}
    for doc in docs:
        if id(doc) not in fresh_ids:
            _store(conn, doc, import_id, report)


def _extract_all(
    docs: Sequence[Document], extract: Extractor | None, executor: Executor | None
) -> Iterator[tuple[list[Event], tuple[str, ...]]]:
    if extract is None:
        return iter([([], ())] * len(docs))
    if executor is not None:
        return executor.map(_safely, [extract] * len(docs), docs, chunksize=8)
    return (_safely(extract, doc) for doc in docs)


def _safely(extract: Extractor, doc: Document) -> tuple[list[Event], tuple[str, ...]]:
    """Extraction must never cost the user an import: a failure becomes a warning, and so
    does what extraction noted it left out (an implausible amount, an article cut short)."""
    try:
        events = extract(doc)
    except Exception as error:  # reported per document; the import goes on
        return [], (f"event extraction failed ({type(error).__name__}: {error})",)
    return events, events.notes if isinstance(events, Extraction) else ()


def _store(
    conn: StoreConnection, doc: Document, import_id: int, report: ImportReport
) -> str | None:
    """Store one document; its document id when it was new, else ``None``."""
    result = repository.add_document(conn, doc, import_id)
    if result.outcome is Added.ID_TAKEN:
        # 2022/A01.txt and 2023/A01.txt: qualify the second id with its folder.
        qualified = replace(doc, doc_id=qualified_id(doc))
        retried = repository.add_document(conn, qualified, import_id)
        if retried.outcome is Added.NEW:
            report.warnings.append(
                f"{doc.source_path}: document id {doc.doc_id!r} is taken by {result.other}; "
                f"imported as {qualified.doc_id!r}"
            )
            doc, result = qualified, retried
    counts = report.of_format(doc.format)
    if result.outcome is Added.NEW:
        # A duplicate's warnings were told when its text was first imported.
        report.warnings += document_warnings(doc)
        report.documents += 1
        report.articles += len(doc.articles)
        counts.documents += 1
        counts.articles += len(doc.articles)
        return doc.doc_id
    if result.outcome is Added.DUPLICATE:
        report.duplicates.append(f"{doc.source_path}: the same text as document {result.other!r}")
        counts.duplicates += 1
    else:
        counts.failed += 1
        report.failures.append(
            InputError(
                doc.source_path,
                f"document id {doc.doc_id!r} is already used by different content "
                f"(from {result.other})",
            )
        )
    return None


def ignored_reason(path: str) -> str:
    """Why a file in an imported folder was left alone (English, like the CLI)."""
    suffix = Path(path).suffix.lower()
    kind = f"a {suffix} file" if suffix else "a file without an extension"
    return f"not read: {kind} (reads {SUFFIXES_TEXT})"


def qualified_id(doc: Document) -> str:
    """The id with its folder (files) or its corpus file (JSONL/CSV records) in front."""
    path, _, line = doc.source_path.rpartition(":")
    if line.isdigit() and Path(path).suffix.lower() in (".jsonl", ".csv"):
        return f"{Path(path).stem}/{doc.doc_id}"
    parent = Path(doc.source_path).parent.name
    return f"{parent}/{doc.doc_id}" if parent else f"{doc.doc_id}~2"


def reextract(
    conn: StoreConnection, extract: Extractor
) -> Generator[Progress, None, tuple[int, int]]:
    """Run extraction again on every stored document, in one transaction.

    Machine events are replaced; events a user made or edited stay as they are. Returns
    ``(documents, events)``.
    """
    documents = list(repository.load_documents(conn))
    events = 0
    with transaction(conn):
        for done, doc in enumerate(documents):
            yield Progress(done, len(documents), doc.doc_id)
            found, _ = _safely(extract, doc)
            events += repository.replace_machine_events(conn, doc.doc_id, found)
        repository.note_change(conn)  # windows on a shared database reload
    yield Progress(len(documents), len(documents), "done")
    return len(documents), events


def run_to_end(
    steps: Generator[Progress, None, T],
    on_progress: Callable[[Progress], None] | None = None,
) -> T:
    """Drive an import generator, passing each :class:`Progress` to ``on_progress``."""
    while True:
        try:
            progress = next(steps)
        except StopIteration as finished:
            return finished.value
        if on_progress is not None:
            on_progress(progress)
