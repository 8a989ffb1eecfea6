"""The events as CSV (UTF-8 with BOM for Excel/WPS), XLSX and GeoJSON. No Qt.

Every format writes the one table of :mod:`explorer.export.event_rows`: citation columns in
the reader's language, then the machine columns. Spreadsheet text is formula-inert
(:func:`~explorer.core.cells.inert_cell`: titles, sentences and URLs come from untrusted
pages); amounts are numbers — a numeric XLSX cell with a number format, plain decimal text
in a CSV, never 5E+10. Every file is written atomically: a failed write keeps the old one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from explorer.atomic import replace_atomically, write_bytes_atomically
from explorer.core.cells import inert_cell
from explorer.core.events import Event
from explorer.export.event_rows import EventRows, build_rows, cell_text
from explorer.store.repository import Citation

FORMATS = (".csv", ".xlsx", ".geojson")
# Excel number formats by column kind: 亿元 with two to four decimals (1万元 = 0.0001),
# degrees to the metre. Integers need one only past General's 11 digits (amount_cny: yuan).
NUMBER_FORMATS = {"amount": "#,##0.00##", "float": "0.000000"}
LONG_INTEGERS = frozenset({"amount_cny"})
# Column widths in characters (a CJK character counts about two).
WIDTHS = {"date": 18, "project": 28, "place": 20, "excerpt": 60, "article_title": 36, "url": 30}


def _spreadsheet_text(value: Any) -> Any:
    """What a CSV cell holds: text made inert, numbers as plain decimals."""
    if isinstance(value, str):
        return inert_cell(value)
    return cell_text(value)


def _number_format(key: str, kind: str) -> str | None:
    return "0" if key in LONG_INTEGERS else NUMBER_FORMATS.get(kind)


def write_csv(table: EventRows, path: Path) -> None:
    """UTF-8 with a byte-order mark, so Excel and WPS show the Chinese text."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([_spreadsheet_text(v) for v in row])


def write_xlsx(table: EventRows, path: Path | BinaryIO) -> None:
    """One sheet, bold frozen header, numbers as numeric cells with number formats."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("事件" if table.language.startswith("zh") else "events")
    for number, column in enumerate(table.columns, start=1):
        width = WIDTHS.get(column.key, 14 if not column.machine else 12)
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in table.headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    formats = [_number_format(c.key, c.kind) for c in table.columns]
    for row in table.rows:
        # Plain values where General shows them right: a styled cell costs ten times more
        # (100,000 events × 28 columns).
        cells: list[Any] = []
        for value, number_format in zip(row, formats, strict=True):
            if isinstance(value, str):
                cells.append(inert_cell(value) if value else None)
            elif number_format is None or value is None:
                cells.append(value)
            else:
                cell = WriteOnlyCell(
                    sheet, value=float(value) if isinstance(value, Decimal) else value
                )
                cell.number_format = number_format
                cells.append(cell)
        sheet.append(cells)
    book.save(path)


def _json_value(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def write_geojson(table: EventRows, path: Path) -> None:
    """Events with coordinates as Point features (WGS-84); the rest are left out. The
    properties are the table's columns under the same headers; text stays as it is (data
    for a GIS, not a spreadsheet)."""
    features = []
    headers = table.headers
    for event, row in zip(table.events, table.rows, strict=True):
        if event.lat is None or event.lon is None:
            continue
        properties = {h: _json_value(v) for h, v in zip(headers, row, strict=True)}
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


def write_events(
    events: Sequence[Event],
    path: Path,
    *,
    citations: Mapping[int, Citation] | None = None,
    language: str = "zh",
    columns: Sequence[str] | None = None,
) -> None:
    """Write ``events`` (in their order) in the format the file name asks for (.csv, .xlsx,
    .geojson). ``citations`` (event id → article) fills the article columns; ``columns``
    (keys of :mod:`explorer.export.event_rows`) defaults to every column."""
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise ValueError(f"{path}: unknown table format (use .csv, .xlsx or .geojson)")
    table = build_rows(events, citations, language, columns)
    if writer is write_xlsx:
        # In memory first: openpyxl leaves its zip file open when a write fails, and the
        # zip's clean-up then prints a traceback at exit.
        buffer = io.BytesIO()
        write_xlsx(table, buffer)
        write_bytes_atomically(path, buffer.getvalue())
    else:
        # Through a temporary beside ``path``, so a failed write keeps the previous table.
        replace_atomically(path, partial(writer, table))
