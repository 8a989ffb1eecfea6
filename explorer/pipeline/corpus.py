"""Read a corpus: folders of text pages, tables, web pages, PDF pages and Word files.

Nothing here touches the database. :func:`discover` lists what to read, :func:`read_source`
turns one source into :class:`~explorer.core.articles.Document` values, yielding an
:class:`~explorer.core.errors.InputError` instead of a document for anything it cannot
read, so one bad file never stops a batch. Text pages and tables are read here; web pages,
PDF and Word files by their readers in :mod:`explorer.pipeline.readers`, imported only when
a file of theirs turns up (their libraries take a while to load).
"""

from __future__ import annotations

import csv
import importlib
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.pipeline.decoding import decode_text
from explorer.pipeline.documents import check_size, content_hash, read_bytes
from explorer.pipeline.frontmatter import parse_date, parse_front_matter
from explorer.pipeline.layout import split_articles

# File name endings → the kind of reader; inside folders only these files are taken.
KINDS = {
    ".txt": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".pdf": "pdf",
    ".docx": "docx",
}
# The readers that live in their own modules: kind → (module, function).
_FORMAT_READERS = {
    "html": ("explorer.pipeline.readers.html", "read_html"),
    "mhtml": ("explorer.pipeline.readers.html", "read_mhtml"),
    "pdf": ("explorer.pipeline.readers.pdf", "read_pdf"),
    "docx": ("explorer.pipeline.readers.docx", "read_docx"),
}
SUFFIXES_TEXT = ", ".join(sorted(KINDS))
# One article or newspaper page is a few KB; a text file far larger than any page is
# almost certainly not an article (a log, a dump) and would only bloat the database.
MAX_TEXT_BYTES = 16 * 1024 * 1024
MAX_TABLE_BYTES = 2 * 1024 * 1024 * 1024
MAX_RECORD_CHARS = 4 * 1024 * 1024
RECORD_COLUMNS = ("id", "title", "date", "source", "url", "text")
# The csv module refuses fields over 128 KB by default; a long article is larger.
csv.field_size_limit(MAX_RECORD_CHARS * 4)


@dataclass(frozen=True, slots=True)
class Source:
    """One file to read and how to read it (a kind of :data:`KINDS`)."""

    path: Path
    kind: str


@dataclass(frozen=True, slots=True)
class Discovery:
    """What :func:`discover` found: sources to read, paths it could not use, files ignored."""

    sources: tuple[Source, ...]
    errors: tuple[InputError, ...]
    ignored: tuple[Path, ...]


def discover(paths: Iterable[str | Path]) -> Discovery:
    """List the sources under ``paths`` (folders are searched recursively, hidden ones skipped).

    A file named explicitly is read as text whatever its extension; inside folders only
    files with an ending of :data:`KINDS` are taken and the rest are ignored.
    """
    sources: list[Source] = []
    errors: list[InputError] = []
    ignored: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(_walk(path, set(), errors)):
                kind = _kind_of(child)
                (sources.append(Source(child, kind)) if kind else ignored.append(child))
        elif path.is_file():
            sources.append(Source(path, _kind_of(path) or "text"))
        else:
            errors.append(InputError(str(path), "no such file or folder"))
    return Discovery(tuple(sources), tuple(errors), tuple(ignored))


def _walk(folder: Path, seen: set[Path], errors: list[InputError]) -> Iterator[Path]:
    """Files under ``folder``; each real folder is visited once, so symlink loops end."""
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    try:
        children = sorted(folder.iterdir())
    except OSError as error:
        errors.append(InputError(str(folder), f"cannot list folder: {error.strerror or error}"))
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from _walk(child, seen, errors)
        elif child.is_file():
            yield child


def _kind_of(path: Path) -> str | None:
    return KINDS.get(path.suffix.lower())


Reader = Callable[[Path], Iterable[Document | InputError]]


def _reader(kind: str) -> Reader:
    if kind in _FORMAT_READERS:
        module, name = _FORMAT_READERS[kind]
        reader: Reader = getattr(importlib.import_module(module), name)
        return reader
    return {"text": _read_text_file, "jsonl": _read_jsonl, "csv": _read_csv}[kind]


def read_source(source: Source) -> Iterator[Document | InputError]:
    """Yield the documents of ``source``, or an :class:`InputError` for each unreadable part."""
    try:
        yield from _reader(source.kind)(source.path)
    except InputError as error:
        yield error
    except (OSError, ValueError, RecursionError, csv.Error) as error:
        yield InputError(str(source.path), f"cannot read: {type(error).__name__}: {error}")
    except Exception as error:  # a parser library's own exception on a damaged file
        # Anything a file does to a reader is still that file's problem only.
        yield InputError(str(source.path), f"cannot read: {type(error).__name__}: {error}")


def _read_text_file(path: Path) -> Iterator[Document]:
    text, encoding = decode_text(read_bytes(path, MAX_TEXT_BYTES), str(path))
    front = parse_front_matter(text)
    body = text[front.body_offset :]
    if not text.strip():
        raise InputError(str(path), "empty: the file holds no text")
    if not body.strip():
        raise InputError(str(path), "no article text after the front matter")
    fields = front.fields
    articles = split_articles(body, fields.get("title") or None)
    title = fields.get("title") or (articles[0].title if articles else "") or path.stem
    yield Document(
        doc_id=path.stem,
        source_path=str(path),
        encoding=encoding,
        raw_text=text,
        body_offset=front.body_offset,
        title=title,
        pub_date=front.pub_date,
        pub_precision=front.pub_precision,
        source=fields.get("source") or None,
        url=fields.get("url") or None,
        content_hash=content_hash(text),
        articles=articles,
        warnings=tuple(front.warnings),
    )


def _read_jsonl(path: Path) -> Iterator[Document | InputError]:
    try:
        check_size(path, MAX_TABLE_BYTES)
        handle = path.open("rb")
    except FileNotFoundError:
        raise InputError(str(path), "file disappeared before it could be read") from None
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from None
    with handle:
        # Line by line so that a 1 GB corpus never sits in memory; newline bytes cannot
        # occur inside a UTF-8 or GB18030 character, so splitting bytes first is safe.
        for number, raw in enumerate(handle, start=1):
            item = jsonl_record(path, number, raw)
            if item is not None:
                yield item


def jsonl_record(path: Path, number: int, raw: bytes) -> Document | InputError | None:
    """The document of line ``number`` (``raw``, its bytes) of the JSONL table ``path``, an
    :class:`InputError` naming ``path:number``, or None for a blank line.

    Each line stands alone (decoded on its own), so a byte range of a large table can be
    read apart from the rest (``explorer extract-archive``).
    """
    where = f"{path}:{number}"
    if not raw.strip():
        return None
    try:
        line, _ = decode_text(raw, where)
        record = json.loads(line)
    except InputError as error:
        return error
    except json.JSONDecodeError as error:
        return InputError(where, f"not valid JSON ({error.msg} at column {error.colno})")
    except RecursionError:
        return InputError(where, "JSON nested too deeply")
    return _record_document(record, where, path, number)


def _read_csv(path: Path) -> Iterator[Document | InputError]:
    text, _ = decode_text(read_bytes(path, MAX_TABLE_BYTES), str(path))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "text" not in [f.strip().lower() for f in reader.fieldnames]:
        raise InputError(
            str(path), f"CSV needs a 'text' column (columns: {', '.join(RECORD_COLUMNS)})"
        )
    try:
        for row in reader:
            record = {(k or "").strip().lower(): v for k, v in row.items()}
            yield _record_document(record, f"{path}:{reader.line_num}", path, reader.line_num)
    except csv.Error as error:
        raise InputError(f"{path}:{reader.line_num}", f"malformed CSV: {error}") from None


def _record_document(record: object, where: str, path: Path, number: int) -> Document | InputError:
    if not isinstance(record, dict):
        return InputError(where, "a record must be an object with id, title, date, text…")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(where, "record has no text")
    if len(text) > MAX_RECORD_CHARS:
        return InputError(where, f"record text too large: {len(text):,} characters")
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return InputError(where, "record contains invalid characters (lone surrogates)")
    raw_id = record.get("id")
    doc_id = ("" if raw_id is None else str(raw_id).strip()) or f"{path.stem}-{number}"
    title = _str_or_none(record.get("title"))
    pub_date, precision, warnings = _record_date(record.get("date"), where)
    articles = split_articles(text, title)
    meta = [title, str(pub_date), _str_or_none(record.get("source")), text]
    return Document(
        doc_id=doc_id,
        source_path=where,
        encoding="utf-8",
        raw_text=text,
        body_offset=0,
        title=title or (articles[0].title if articles else doc_id),
        pub_date=pub_date,
        pub_precision=precision,
        source=_str_or_none(record.get("source")),
        url=_str_or_none(record.get("url")),
        content_hash=content_hash(json.dumps(meta, ensure_ascii=False)),
        articles=articles,
        warnings=warnings,
        format="csv" if path.suffix.lower() == ".csv" else "jsonl",
    )


def _record_date(value: object, where: str) -> tuple[date | None, str | None, tuple[str, ...]]:
    if value in (None, ""):
        return None, None, ()
    parsed = parse_date(str(value))
    if parsed is None:
        return None, None, (f"{where}: date {value!r} is not a valid date; imported without one",)
    return parsed[0], parsed[1], ()


def _str_or_none(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None
