"""The archive's Parquet tables: events as ``shared/spec/events.md`` has them, and documents.

An archive dataset is a folder with two Parquet datasets of the same part names::

    events.parquet/
      events/part-000000.parquet …      one row per event (the spec's fields)
      documents/part-000000.parquet …   one row per document: its text, articles, metadata
      _archive.json                     what was read, counts, failures, the columns' version

Events columns: the spec's fields with their types — ``date``/``date_end`` as Parquet dates
(the spec's ISO dates), ``lat``/``lon`` doubles, ``amount_cny`` a 64-bit integer (yuan),
``span`` as two integer columns ``span_start``/``span_end`` (``[start, end)``: SQL engines
filter and sort on them without list functions, as the store does) — then ``date_source``
(issue 12's optional field, null when unknown), ``date_inferred`` (the date was resolved
against a publication date guessed from the text: the app marks such dates 约…) and
``document_hash``: document ids need not be unique in an archive (``2022/A01.txt`` and
``2023/A01.txt``), the hash names the row of ``documents/`` the event comes from.

The documents travel with their events so that every excerpt stays traceable to the
article it quotes once imported: an event without its article could not be shown in
context, searched or re-extracted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from explorer.core.articles import Article, Block, BlockKind, Document
from explorer.core.events import Event

EVENTS = "events"
DOCUMENTS = "documents"
MANIFEST = "_archive.json"
FORMAT_VERSION = 1

EVENT_SCHEMA = pa.schema(
    [
        ("document", pa.string()),
        ("type", pa.string()),
        ("date", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", pa.string()),
        ("status", pa.string()),
        ("title", pa.string()),
        ("subject", pa.string()),
        ("place", pa.string()),
        ("district", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("geo_precision", pa.string()),
        ("amount_cny", pa.int64()),
        ("excerpt", pa.string()),
        ("span_start", pa.int64()),
        ("span_end", pa.int64()),
        ("date_source", pa.string()),
        ("date_inferred", pa.bool_()),
        ("document_hash", pa.string()),
    ]
)

_BLOCK = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("kind", pa.string())])
_ARTICLE = pa.struct(
    [
        ("seq", pa.int32()),
        ("title", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("page", pa.string()),
        ("blocks", pa.list_(_BLOCK)),
    ]
)
DOCUMENT_SCHEMA = pa.schema(
    [
        ("document", pa.string()),
        ("document_hash", pa.string()),
        ("source_path", pa.string()),
        ("format", pa.string()),
        ("encoding", pa.string()),
        ("title", pa.string()),
        ("pub_date", pa.date32()),
        ("pub_precision", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("body_offset", pa.int64()),
        ("raw_text", pa.string()),
        ("articles", pa.list_(_ARTICLE)),
        ("warnings", pa.list_(pa.string())),
    ]
)
# An amount beyond 64 bits cannot be a Parquet int64 (the store refuses it too).
_INT64_MAX = 2**63 - 1


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def event_row(event: Event, document_hash: str) -> dict[str, Any]:
    """``event`` as a row of :data:`EVENT_SCHEMA`."""
    amount = event.amount_cny
    return {
        "document": event.document,
        "type": event.type,
        "date": _iso(event.date),
        "date_end": _iso(event.date_end),
        "date_precision": event.date_precision,
        "status": event.status,
        "title": event.title,
        "subject": event.subject,
        "place": event.place,
        "district": event.district,
        "lat": event.lat,
        "lon": event.lon,
        "geo_precision": event.geo_precision,
        "amount_cny": amount if amount is None or abs(amount) <= _INT64_MAX else None,
        "excerpt": event.excerpt,
        "span_start": event.span[0],
        "span_end": event.span[1],
        "date_source": event.date_source,
        "date_inferred": event.date_inferred,
        "document_hash": document_hash,
    }


def event_from_row(row: dict[str, Any]) -> Event:
    """The machine event a row of :data:`EVENT_SCHEMA` holds."""
    return Event(
        document=row["document"],
        type=row["type"],
        date=row["date"].isoformat() if row["date"] else None,
        date_end=row["date_end"].isoformat() if row["date_end"] else None,
        date_precision=row["date_precision"],
        status=row["status"],
        title=row["title"],
        subject=row["subject"],
        place=row["place"],
        district=row["district"],
        lat=row["lat"],
        lon=row["lon"],
        geo_precision=row["geo_precision"],
        amount_cny=row["amount_cny"],
        excerpt=row["excerpt"],
        span=(row["span_start"], row["span_end"]),
        date_inferred=bool(row["date_inferred"]),
        date_source=row["date_source"],
    )


def spec_of_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row as the spec's JSON object (what ``explorer extract`` prints for the event)."""
    return event_from_row(row).to_spec()


def document_row(doc: Document) -> dict[str, Any]:
    """``doc`` as a row of :data:`DOCUMENT_SCHEMA`: everything the store keeps of it."""
    return {
        "document": doc.doc_id,
        "document_hash": doc.content_hash,
        "source_path": doc.source_path,
        "format": doc.format,
        "encoding": doc.encoding,
        "title": doc.title,
        "pub_date": doc.pub_date,
        "pub_precision": doc.pub_precision,
        "source": doc.source,
        "url": doc.url,
        "body_offset": doc.body_offset,
        "raw_text": doc.raw_text,
        "articles": [_article_row(a) for a in doc.articles],
        "warnings": list(doc.warnings),
    }


def _article_row(article: Article) -> dict[str, Any]:
    return {
        "seq": article.seq,
        "title": article.title,
        "start": article.start,
        "end": article.end,
        "page": article.page,
        "blocks": [{"start": b.start, "end": b.end, "kind": b.kind.value} for b in article.blocks],
    }


def document_from_row(row: dict[str, Any]) -> Document:
    """The document a row of :data:`DOCUMENT_SCHEMA` holds, as the importer made it."""
    articles = tuple(
        Article(
            a["seq"],
            a["title"],
            a["start"],
            a["end"],
            tuple(Block(b["start"], b["end"], BlockKind(b["kind"])) for b in a["blocks"]),
            a["page"],
        )
        for a in row["articles"]
    )
    return Document(
        doc_id=row["document"],
        source_path=row["source_path"],
        encoding=row["encoding"],
        raw_text=row["raw_text"],
        body_offset=row["body_offset"],
        title=row["title"],
        pub_date=row["pub_date"],
        pub_precision=row["pub_precision"],
        source=row["source"],
        url=row["url"],
        content_hash=row["document_hash"],
        articles=articles,
        warnings=tuple(row["warnings"] or ()),
        format=row["format"],
    )


def write_part(
    folder: Path,
    part: str,
    documents: Sequence[Document],
    events: Iterable[tuple[Event, str]],
) -> None:
    """Write one part: ``documents`` and ``events`` (each with its document's hash).

    Both files are written even when empty, with the schema, so every dataset reads.
    """
    event_rows = [event_row(event, digest) for event, digest in events]
    doc_rows = [document_row(doc) for doc in documents]
    for name, schema, rows in (
        (EVENTS, EVENT_SCHEMA, event_rows),
        (DOCUMENTS, DOCUMENT_SCHEMA, doc_rows),
    ):
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(rows, schema=schema)
        pq.write_table(table, target / f"{part}.parquet", compression="zstd")


def part_names(folder: Path) -> list[str]:
    """The parts of the dataset at ``folder`` (names without ``.parquet``), in order."""
    return sorted(p.stem for p in (folder / EVENTS).glob("*.parquet"))


def read_rows(folder: Path, name: str, part: str) -> Iterator[dict[str, Any]]:
    """The rows of one part's ``events`` or ``documents`` table, a record batch at a time."""
    path = folder / name / f"{part}.parquet"
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
        yield from batch.to_pylist()
