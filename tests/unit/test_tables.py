"""Event tables a spreadsheet or GIS opens: CSV with BOM, XLSX, GeoJSON."""

from __future__ import annotations

import csv
import json

import openpyxl
import pandas as pd
import pytest

from explorer.export.tables import write_events


@pytest.fixture
def events(make_event):
    return [
        make_event(
            id=1,
            type="topping_out",
            date="2022-07-30",
            date_end="2022-07-30",
            title="中创新航主厂房封顶",
            lat=22.53,
            lon=113.03,
            span=(5, 20),
        ),
        make_event(id=2, type="signing", title="签约", lat=None, lon=None),
    ]


def test_csv_has_a_bom_and_chinese_survives(tmp_path, events) -> None:
    path = tmp_path / "e.csv"
    write_events(events, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(path, encoding="utf-8-sig")
    assert frame["title"].tolist() == ["中创新航主厂房封顶", "签约"]
    assert frame.loc[0, "span_start"] == 5 and frame.loc[0, "span_end"] == 20


def test_xlsx_opens_with_the_same_rows(tmp_path, events) -> None:
    path = tmp_path / "e.xlsx"
    write_events(events, path)
    frame = pd.read_excel(path)
    assert frame["type"].tolist() == ["topping_out", "signing"]


def test_geojson_points_only_for_placed_events(tmp_path, events) -> None:
    path = tmp_path / "e.geojson"
    write_events(events, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [113.03, 22.53]}
    assert feature["properties"]["title"] == "中创新航主厂房封顶"


def test_unknown_format_is_refused(tmp_path, events) -> None:
    with pytest.raises(ValueError, match="unknown table format"):
        write_events(events, tmp_path / "e.txt")


@pytest.mark.parametrize("leader", ["=", "+", "-", "@", "\t", "\r"])
def test_text_cells_that_start_like_formulas_are_inert(tmp_path, make_event, leader) -> None:
    # OWASP's CSV injection: a spreadsheet runs such a cell; an apostrophe makes it text.
    text = f'{leader}HYPERLINK("http://evil","x")'
    events = [make_event(id=1, title=text, excerpt=text, document=text, amount_cny=-5)]
    write_events(events, tmp_path / "e.csv")
    with (tmp_path / "e.csv").open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    shown = "'" + text.replace("\r", "\n")
    assert row["title"] == row["excerpt"] == row["document"] == shown
    assert row["amount_cny"] == "-5"  # a number stays a number
    write_events(events, tmp_path / "e.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "e.xlsx").active
    assert sheet is not None
    cells = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, sheet.max_column + 1)}
    assert cells["title"].data_type == "s" and cells["title"].value == shown
    assert cells["amount_cny"].value == -5


def test_a_carriage_return_inside_a_cell_keeps_the_row_whole(tmp_path, make_event) -> None:
    # Unquoted, a lone CR ends the row for Excel and csv readers: "=1…" would start a row.
    events = [make_event(id=1, excerpt="2022年，\r=1项目签约。"), make_event(id=2)]
    write_events(events, tmp_path / "e.csv")
    with (tmp_path / "e.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["excerpt"] == "2022年，\n=1项目签约。"


def test_geojson_keeps_the_text_as_it_is(tmp_path, make_event) -> None:
    events = [make_event(id=1, title="=1+1", lat=22.5, lon=113.0)]
    write_events(events, tmp_path / "e.geojson")
    data = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
    assert data["features"][0]["properties"]["title"] == "=1+1"  # data for GIS, not a sheet


def test_control_characters_do_not_stop_the_xlsx(tmp_path, make_event) -> None:
    # openpyxl refuses text XML cannot hold (ESC, NUL): the whole export failed.
    events = [make_event(id=1, title="甲\x1b乙", excerpt="丙\x00丁")]
    write_events(events, tmp_path / "e.xlsx")
    frame = pd.read_excel(tmp_path / "e.xlsx")
    assert frame.loc[0, "title"] == "甲\ufffd乙" and frame.loc[0, "excerpt"] == "丙\ufffd丁"
