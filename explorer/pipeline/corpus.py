"""Read a corpus: folders of ``.txt``/``.md`` pages, ``.jsonl`` and ``.csv`` tables.

Nothing here touches the database. :func:`discover` lists what to read, :func:`read_source`
turns one source into :class:`~explorer.core.articles.Document` values, yielding an
:class:`~explorer.core.errors.InputError` instead of a document for anything it cannot
read, so one bad file never stops a batch.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from explorer.core.articles import Document
from explorer.core.errors import InputError
from explorer.pipeline.decoding import decode_text
from explorer.pipeline.frontmatter import parse_date, parse_front_matter
from explorer.pipeline.layout import split_articles

TEXT_SUFFIXES = frozenset({".txt", ".md"})
TABLE_SUFFIXES = frozenset({".jsonl", ".csv"})
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
    """One file to read and how to read it (``text``, ``jsonl`` or ``csv``)."""

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
    ``.txt``, ``.md``, ``.jsonl`` and ``.csv`` files are taken and the rest are ignored.
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
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in TABLE_SUFFIXES:
        return suffix[1:]
    return None


def read_source(source: Source) -> Iterator[Document | InputError]:
    """Yield the documents of ``source``, or an :class:`InputError` for each unreadable part."""
    readers = {"text": _read_text_file, "jsonl": _read_jsonl, "csv": _read_csv}
    try:
        yield from readers[source.kind](source.path)
    except InputError as error:
        yield error
    except (OSError, ValueError, RecursionError, csv.Error) as error:
        # Anything else the file does to a reader is still that file's problem only.
        yield InputError(str(source.path), f"cannot read: {type(error).__name__}: {error}")


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        _check_size(path, limit)
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "file disappeared before it could be read") from None
    except PermissionError:
        raise InputError(str(path), "permission denied") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from None


def _check_size(path: Path, limit: int) -> None:
    """Refuse oversized files before reading them (raises FileNotFoundError if gone)."""
    size = path.stat().st_size
    if size > limit:
        raise InputError(
            str(path),
            f"file too large: {size / 2**20:.1f} MB (the limit is {limit / 2**20:.0f} MB)",
        )


def _read_text_file(path: Path) -> Iterator[Document]:
    text, encoding = decode_text(_read_bytes(path, MAX_TEXT_BYTES), str(path))
    front = parse_front_matter(text)
    body = text[front.body_offset :]
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
        content_hash=_hash(text),
        articles=articles,
        warnings=tuple(front.warnings),
    )


def _read_jsonl(path: Path) -> Iterator[Document | InputError]:
    try:
        _check_size(path, MAX_TABLE_BYTES)
        handle = path.open("rb")
    except FileNotFoundError:
        raise InputError(str(path), "file disappeared before it could be read") from None
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from None
    with handle:
        # Line by line so that a 1 GB corpus never sits in memory; newline bytes cannot
        # occur inside a UTF-8 or GB18030 character, so splitting bytes first is safe.
        for number, raw in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                line, _ = decode_text(raw, where)
                record = json.loads(line)
            except InputError as error:
                yield error
                continue
            except json.JSONDecodeError as error:
                yield InputError(where, f"not valid JSON ({error.msg} at column {error.colno})")
                continue
            except RecursionError:
                yield InputError(where, "JSON nested too deeply")
                continue
            yield _record_document(record, where, path, number)


def _read_csv(path: Path) -> Iterator[Document | InputError]:
    text, _ = decode_text(_read_bytes(path, MAX_TABLE_BYTES), str(path))
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
        content_hash=_hash(json.dumps(meta, ensure_ascii=False)),
        articles=articles,
        warnings=warnings,
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


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
