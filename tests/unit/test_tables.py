"""Event tables as an analyst opens them in Excel/WPS or a GIS: CSV with BOM, XLSX, GeoJSON.

Chinese headers and values in citation order (日期 … URL, then the machine columns), dates at
their known precision, amounts in 亿元 as numbers, clean and formula-inert text.
"""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest

from explorer.export.event_rows import MACHINE_KEYS
from explorer.export.tables import write_events
from explorer.store.repository import Citation

CITATION_HEADERS = [
    "日期",
    "类型",
    "状态",
    "项目",
    "地点",
    "区县",
    "金额(亿元)",
    "摘录",
    "文章标题",
    "媒体",
    "发布日期",
    "URL",
]
ENGLISH_HEADERS = [
    "Date",
    "Type",
    "Status",
    "Project",
    "Place",
    "District",
    "Amount (100M yuan)",
    "Excerpt",
    "Article title",
    "Media",
    "Published",
    "URL",
]
PAPER = Citation("中创新航项目一期封顶", "江门日报", "2022-07-31", "day", "https://example.org/1")


@pytest.fixture
def events(make_event):
    return [
        make_event(
            id=1,
            type="topping_out",
            date="2022-07-30",
            date_end="2022-07-30",
            title="中创新航主厂房封顶",
            subject="中创新航江门基地项目",
            place="新会智造产业园",
            lat=22.53,
            lon=113.03,
            amount_cny=5_000_000_000,
            excerpt="**7月30日**,中创新航江门基地项目\n  举行封顶仪式。",
            span=(5, 20),
        ),
        make_event(
            id=2,
            type="signing",
            status="planned",
            date="2022-01-01",
            date_end="2022-12-31",
            date_precision="year",
            title="签约",
            lat=None,
            lon=None,
        ),
    ]


def _csv_rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_has_a_bom_chinese_headers_in_citation_order_and_chinese_values(
    tmp_path, events
) -> None:
    path = tmp_path / "e.csv"
    write_events(events, path, citations={1: PAPER})
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[:12] == CITATION_HEADERS
    assert header[12:] == list(MACHINE_KEYS)  # ids, ISO dates, offsets after the citation
    first, second = _csv_rows(path)
    assert (first["日期"], first["类型"], first["状态"]) == ("2022年7月30日", "封顶", "已发生")
    assert (second["类型"], second["状态"]) == ("签约", "计划")
    assert first["项目"] == "中创新航江门基地项目" and first["地点"] == "新会智造产业园"
    assert first["文章标题"] == "中创新航项目一期封顶" and first["媒体"] == "江门日报"
    assert first["发布日期"] == "2022年7月31日" and first["URL"] == "https://example.org/1"
    assert second["文章标题"] == second["媒体"] == ""  # no article known: blank, not "None"
    assert (first["span_start"], first["span_end"], first["id"]) == ("5", "20", "1")


def test_the_amount_is_a_plain_number_of_yi_yuan(tmp_path, make_event) -> None:
    events = [
        make_event(id=1, amount_cny=5_000_000_000),
        make_event(id=2, amount_cny=20_000_000_000_000),
        make_event(id=3, amount_cny=12_345),
        make_event(id=4, amount_cny=None),
    ]
    write_events(events, tmp_path / "e.csv")
    amounts = [row["金额(亿元)"] for row in _csv_rows(tmp_path / "e.csv")]
    assert amounts == ["50", "200000", "0.00012345", ""]  # never 5E+1 or 2e+05
    assert float(amounts[0]) == 50


def test_a_year_level_event_prints_as_the_year(tmp_path, events) -> None:
    write_events(events, tmp_path / "e.csv")
    rows = _csv_rows(tmp_path / "e.csv")
    assert rows[1]["日期"] == "2022年"  # not 2022-01-01
    # The machines' columns keep the interval and its precision.
    assert (rows[1]["date_start"], rows[1]["date_end"]) == ("2022-01-01", "2022-12-31")
    assert rows[1]["date_precision"] == "year"


def test_an_inferred_year_is_marked(tmp_path, make_event) -> None:
    write_events([make_event(id=1, date_inferred=True)], tmp_path / "e.csv")
    assert _csv_rows(tmp_path / "e.csv")[0]["日期"] == "约2022年1月1日"


def test_markdown_and_stray_whitespace_stay_out_of_the_cells(tmp_path, events) -> None:
    write_events(events, tmp_path / "e.csv")
    excerpt = _csv_rows(tmp_path / "e.csv")[0]["摘录"]
    assert excerpt == "7月30日,中创新航江门基地项目举行封顶仪式。"


def test_english_headers_and_values(tmp_path, events) -> None:
    write_events(events, tmp_path / "e.csv", citations={1: PAPER}, language="en")
    with (tmp_path / "e.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle))[:12] == ENGLISH_HEADERS
    first, second = _csv_rows(tmp_path / "e.csv")
    assert (first["Date"], first["Type"], first["Status"]) == (
        "30 Jul 2022",
        "Topping-out",
        "occurred",
    )
    assert (second["Date"], second["Type"], second["Status"]) == ("2022", "Signing", "planned")
    assert first["Published"] == "31 Jul 2022"


def test_xlsx_has_chinese_headers_and_a_numeric_amount_with_a_number_format(
    tmp_path, events
) -> None:
    path = tmp_path / "e.xlsx"
    write_events(events, path, citations={1: PAPER})
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:12] == CITATION_HEADERS
    amount = sheet.cell(2, header.index("金额(亿元)") + 1)
    assert amount.data_type == "n" and amount.value == 50
    assert "0.00" in amount.number_format  # shown as 50.00, never 5E+01
    assert sheet.cell(3, header.index("金额(亿元)") + 1).value is None
    assert sheet.cell(3, 1).value == "2022年"
    assert sheet.cell(2, header.index("类型") + 1).value == "封顶"
    assert sheet.freeze_panes == "A2"  # the header stays while scrolling


def test_chosen_columns_in_the_chosen_order(tmp_path, events) -> None:
    write_events(events, tmp_path / "e.csv", columns=["project", "date", "id"])
    with (tmp_path / "e.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle)) == ["项目", "日期", "id"]


def test_geojson_points_only_for_placed_events_with_the_table_s_properties(
    tmp_path, events
) -> None:
    path = tmp_path / "e.geojson"
    write_events(events, path, citations={1: PAPER})
    data = json.loads(path.read_text(encoding="utf-8"))
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [113.03, 22.53]}
    properties = feature["properties"]
    assert list(properties)[:12] == CITATION_HEADERS
    assert properties["类型"] == "封顶" and properties["金额(亿元)"] == 50
    assert properties["媒体"] == "江门日报"
    assert properties["title"] == "中创新航主厂房封顶" and properties["type_code"] == "topping_out"


def test_geojson_speaks_english_when_asked(tmp_path, events) -> None:
    write_events(events, tmp_path / "e.geojson", language="en")
    (feature,) = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))["features"]
    assert feature["properties"]["Type"] == "Topping-out"
    assert list(feature["properties"])[:12] == ENGLISH_HEADERS


def test_unknown_format_is_refused(tmp_path, events) -> None:
    with pytest.raises(ValueError, match="unknown table format"):
        write_events(events, tmp_path / "e.txt")


@pytest.mark.parametrize("leader", ["=", "+", "-", "@", "\t", "\r"])
def test_text_cells_that_start_like_formulas_are_inert(tmp_path, make_event, leader) -> None:
    # OWASP's CSV injection: a spreadsheet runs such a cell; an apostrophe makes it text.
    text = f'{leader}HYPERLINK("http://evil","x")'
    citation = Citation(text, text, None, None, text)
    events = [make_event(id=1, title=text, excerpt=text, document=text, amount_cny=-5)]
    write_events(events, tmp_path / "e.csv", citations={1: citation})
    (row,) = _csv_rows(tmp_path / "e.csv")
    numbers = {"amount_cny", "金额(亿元)"}
    texts = [v for k, v in row.items() if k not in numbers]
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r", "\n")) for v in texts)
    assert row["document"] == "'" + text.replace("\r", "\n")  # ids are kept as they are
    if leader not in "\t\r":  # cleaning takes the leading whitespace off the others
        assert row["摘录"] == row["项目"] == row["文章标题"] == row["URL"] == "'" + text
    assert row["amount_cny"] == "-5" and row["金额(亿元)"] == "-0.00000005"  # numbers
    write_events(events, tmp_path / "e.xlsx", citations={1: citation})
    sheet = openpyxl.load_workbook(tmp_path / "e.xlsx").active
    assert sheet is not None
    cells = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, sheet.max_column + 1)}
    assert cells["摘录"].data_type == "s" and cells["摘录"].value == row["摘录"]
    assert all(c.data_type != "f" for c in cells.values())
    assert cells["amount_cny"].value == -5


def test_a_carriage_return_inside_a_cell_keeps_the_row_whole(tmp_path, make_event) -> None:
    # Unquoted, a lone CR ends the row for Excel and csv readers: "=1…" would start a row.
    events = [
        make_event(id=1, excerpt="2022年，\r=1项目签约。", document="a\r=1"),
        make_event(id=2),
    ]
    write_events(events, tmp_path / "e.csv")
    rows = _csv_rows(tmp_path / "e.csv")
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["摘录"] == "2022年， =1项目签约。"  # the break is stray whitespace
    assert rows[0]["document"] == "a\n=1"


def test_geojson_keeps_the_text_as_it_is(tmp_path, make_event) -> None:
    events = [make_event(id=1, title="=1+1", excerpt="=2+2", lat=22.5, lon=113.0)]
    write_events(events, tmp_path / "e.geojson")
    data = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
    properties = data["features"][0]["properties"]
    assert properties["title"] == "=1+1" and properties["摘录"] == "=2+2"  # data, not a sheet


def test_control_characters_do_not_stop_the_xlsx(tmp_path, make_event) -> None:
    # openpyxl refuses text XML cannot hold (ESC, NUL): the whole export failed.
    events = [make_event(id=1, title="甲\x1b乙", excerpt="丙\x00丁")]
    write_events(events, tmp_path / "e.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "e.xlsx").active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("title") + 1).value == "甲\ufffd乙"
    assert sheet.cell(2, header.index("摘录") + 1).value == "丙\ufffd丁"
