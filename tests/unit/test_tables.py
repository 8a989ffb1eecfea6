"""Event tables a spreadsheet or GIS opens: CSV with BOM, XLSX, GeoJSON."""

from __future__ import annotations

import json

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
