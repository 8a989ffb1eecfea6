"""The visible events as CSV (UTF-8 with BOM for Excel), XLSX and GeoJSON. No Qt."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from explorer.atomic import replace_atomically, write_bytes_atomically
from explorer.core.cells import inert_cell
from explorer.core.events import SPEC_FIELDS, Event

# The spec's fields, with the span split so spreadsheets can sort it.
COLUMNS = [f for f in SPEC_FIELDS if f != "span"] + ["span_start", "span_end", "id", "edited"]


def events_frame(events: Sequence[Event]) -> pd.DataFrame:
    """The rows a spreadsheet gets (CSV and XLSX). Text cells that start like a formula
    (titles, sentences and document ids come from untrusted pages) get a leading apostrophe
    (:func:`~explorer.core.cells.inert_cell`); numbers stay numbers."""
    rows = []
    for event in events:
        spec = event.to_spec()
        start, end = spec.pop("span")
        row = {name: inert_cell(value) for name, value in spec.items()}
        row.update(span_start=start, span_end=end, id=event.id, edited=event.edited)
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def write_csv(events: Sequence[Event], path: Path) -> None:
    """UTF-8 with a byte-order mark, so Excel shows the Chinese text."""
    events_frame(events).to_csv(path, index=False, encoding="utf-8-sig")


def write_xlsx(events: Sequence[Event], path: Path | BinaryIO) -> None:
    events_frame(events).to_excel(path, index=False, sheet_name="events")


def write_geojson(events: Sequence[Event], path: Path) -> None:
    """Events with coordinates as Point features (WGS-84); the rest are left out."""
    features = []
    for event in events:
        if event.lat is None or event.lon is None:
            continue
        properties = event.to_spec()
        properties["span"] = list(event.span)
        properties["id"] = event.id
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "Point", "coordinates": [event.lon, event.lat]},
            }
        )
    document = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


WRITERS = {".csv": write_csv, ".xlsx": write_xlsx, ".geojson": write_geojson}


def write_events(events: Sequence[Event], path: Path) -> None:
    """Write ``events`` in the format the file name asks for (.csv, .xlsx, .geojson)."""
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise ValueError(f"{path}: unknown table format (use .csv, .xlsx or .geojson)")
    # Through a temporary beside ``path`` (same suffix: pandas picks the engine by it), so
    # a failed write keeps the user's previous table.
    if writer is write_xlsx:
        # In memory first: openpyxl leaves its zip file open when a write fails, and the
        # zip's clean-up then prints a traceback at exit.
        buffer = io.BytesIO()
        write_xlsx(events, buffer)
        write_bytes_atomically(path, buffer.getvalue())
    else:
        replace_atomically(path, partial(writer, events))
