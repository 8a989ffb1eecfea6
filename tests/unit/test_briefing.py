"""The briefing's model, its HTML and its PDF text fix: no Qt. Invented text only."""

from __future__ import annotations

import zlib
from datetime import date
from pathlib import Path

import pytest

from explorer.core.filters import EventFilter
from explorer.export.briefing import (
    SourceRef,
    amount_yi,
    build_briefing,
    clean_excerpt,
    format_amount,
    row_date,
    source_label,
)
from explorer.export.briefing_html import briefing_html
from explorer.export.pdf_text import fix_pdf, ideographs
from explorer.export.report_layout import number_events
from explorer.store.sources import EventSource


def _source(event_id: int) -> EventSource:
    return EventSource(
        doc_id=f"doc{event_id}",
        title=f"示例文章{event_id}",
        source="示例日报",
        pub_date="2022-08-01",
        url=f"https://example.org/{event_id}",
        paragraph="",
        quote=(0, 0),
        page="A10",
    )


@pytest.fixture
def events(make_event):
    return [
        make_event(id=7, date="2022-09-01", date_end="2022-09-30", date_precision="month"),
        make_event(id=3, date=None, date_end=None, date_precision=None, subject="无日期项目"),
        make_event(id=5, date="2022-03-29", subject="甲项目", amount_cny=10_022_000_000),
        make_event(id=9, date="2022-03-29", type="groundbreaking", status="planned"),
    ]


def test_rows_are_in_report_order_numbered_as_the_map_labels(events) -> None:
    briefing = build_briefing(events, _source)
    numbers = number_events(events)
    assert [row.event_id for row in briefing.rows] == [5, 9, 7, 3]
    assert all(row.number == numbers[row.event_id] for row in briefing.rows)


def test_a_row_carries_labels_amount_and_its_source(events) -> None:
    first = build_briefing(events, _source).rows[0]
    assert (first.type_label, first.status_label, first.project) == ("签约", "已发生", "甲项目")
    assert first.amount_yi == pytest.approx(100.22)
    assert first.source == SourceRef(
        "示例文章5", "示例日报", "2022-08-01", "A10", "https://example.org/5"
    )
    english = build_briefing(events, _source, language="en").rows[1]
    assert (english.type_label, english.status_label) == ("Groundbreaking", "planned")


def test_titles_default_from_the_filter_and_can_be_replaced(events) -> None:
    shown = build_briefing(events, _source, EventFilter(districts=frozenset({"新会区"})))
    assert shown.title.startswith("新会区")
    assert shown.subtitle == EventFilter(districts=frozenset({"新会区"})).describe("zh")
    own = build_briefing(events, _source, title="我的标题", subtitle="")
    assert (own.title, own.subtitle) == ("我的标题", "")


def test_the_footer_counts_events_and_says_how_recent_the_data_is(events) -> None:
    briefing = build_briefing(events, _source, data_date=date(2026, 1, 2))
    # None of these four has coordinates: the table lists them, the map cannot.
    assert briefing.footer == (
        "4 个事件（其中 4 个无位置，未标在图上），来自 1 篇文章 · 数据截至 2026-01-02"
    )


@pytest.mark.parametrize(
    ("start", "end", "precision", "zh", "en"),
    [
        ("2022-07-30", "2022-07-30", "day", "2022年7月30日", "30 Jul 2022"),
        ("2022-07-01", "2022-07-31", "month", "2022年7月", "Jul 2022"),
        ("2022-07-01", "2022-09-30", "quarter", "2022年第三季度", "Q3 2022"),
        ("2022-01-01", "2022-06-30", "half", "2022年上半年", "H1 2022"),
        ("2022-01-01", "2022-12-31", "year", "2022年", "2022"),
        ("2024-03-01", "2024-10-01", "year", "2024年", "2024"),  # "this year, before October"
        ("2022-07-30", "2022-08-02", "day", "2022年7月30日至8月2日", "30 Jul – 2 Aug 2022"),
        ("2022-01-01", "2023-12-31", "year", "2022年至2023年", "2022 – 2023"),
        (None, None, None, "日期不详", "undated"),
    ],
)
def test_dates_are_as_precise_as_known_never_more(make_event, start, end, precision, zh, en):
    event = make_event(date=start, date_end=end, date_precision=precision)
    assert row_date(event, "zh") == zh
    assert row_date(event, "en") == en


def test_amounts_are_numbers_in_yi_yuan() -> None:
    assert amount_yi(None) is None
    assert amount_yi(20_000_000_000) == 200.0
    assert format_amount(200.0) == "200"
    assert format_amount(100.22) == "100.22"
    assert format_amount(0.5) == "0.5"
    assert format_amount(None) == ""


def test_quoted_sentences_lose_leaked_markdown_and_broken_lines() -> None:
    assert clean_excerpt("**国内**某企业落户") == "国内某企业落户"
    assert clean_excerpt("## 某区签下“军令状”") == "某区签下“军令状”"
    assert clean_excerpt("引入欧盟\n\n园区运营理念") == "引入欧盟园区运营理念"
    assert clean_excerpt("1#厂房动工") == "1#厂房动工"  # not a heading


def test_a_source_is_cited_like_a_paper_reference() -> None:
    source = SourceRef("示例文章", "示例日报", "2022-08-01", "A10", "https://example.org")
    assert source_label(source) == "《示例文章》 · 示例日报 · 2022年8月1日 · A10 版"
    assert source_label(source, "en") == "示例文章 · 示例日报 · 1 Aug 2022 · p. A10"
    assert source_label(SourceRef()) == ""


def test_every_value_in_the_html_is_escaped(make_event) -> None:
    hostile = make_event(id=1, subject="<b>项目</b>", excerpt="<img src=x onerror=alert(1)>")
    briefing = build_briefing([hostile], _source, title="<script>alert(1)</script>")
    page = briefing_html(briefing, "map.png", "timeline.png")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;b&gt;项目&lt;/b&gt;" in page
    assert page.count("<tr>") == 2  # the header and the one event


def test_control_characters_do_not_stop_the_docx(make_event, tmp_path: Path) -> None:
    # XML holds no ESC, NUL or vertical tab; python-docx refused the whole document.
    from docx import Document

    from explorer.export.briefing_docx import write_briefing_docx

    event = make_event(id=1, subject="甲\x1b项目", excerpt="乙\x00丙\x0b丁")
    briefing = build_briefing([event], _source, title="标题\x07")
    picture = tmp_path / "p.png"
    picture.write_bytes(_PNG)
    write_briefing_docx(briefing, picture, picture, tmp_path / "b.docx")
    document = Document(str(tmp_path / "b.docx"))
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert "甲\ufffd项目" in cells and "乙\ufffd丙 丁" in cells  # a vertical tab is a space
    assert document.core_properties.title == "标题\ufffd"


# The smallest PNG python-docx reads: one white pixel.
_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02"
    b"\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_radicals_copy_as_the_ideographs_they_look_like() -> None:
    assert ideographs("江\u2ed4市第\u2f06\u2eda") == "江门市第二页"
    assert ideographs("2021\u20152024") == "2021\u20142024"


def _tiny_pdf(cmap: bytes) -> bytes:
    """A PDF of one ToUnicode stream, with a classic cross-reference table."""
    stream = zlib.compress(cmap)
    objects = [
        b"<</Type /Catalog /Pages 2 0 R>>",
        b"<</Type /Pages /Kids [] /Count 0>>",
        b"<</ToUnicode 4 0 R>>",
        b"<</Filter /FlateDecode /Length %d>>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    data, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 5\n0000000000 65535 f \n"
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return data + b"trailer\n<</Size 5 /Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref


def test_the_pdf_update_rewrites_radicals_and_sets_the_title(tmp_path: Path) -> None:
    cmap = (
        b"begincmap\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        b"1 beginbfchar\n<01> <2ED4>\nendbfchar\n1 beginbfrange\n<02> <03> <6C5F>\nendbfrange\n"
        b"endcmap\n"
    )
    path = tmp_path / "t.pdf"
    original = _tiny_pdf(cmap)
    path.write_bytes(original)
    fix_pdf(path, "简报 <一>")
    data = path.read_bytes()
    assert data.startswith(original)  # an incremental update: the original bytes stay
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        assert pdf.metadata["Title"] == "简报 <一>"
    update = data[data.rindex(b"4 0 obj") :]  # the map's new version
    start = update.index(b"stream\n") + len(b"stream\n")
    fixed = zlib.decompress(update[start : update.index(b"\nendstream", start)])
    assert b"<01> <95E8>" in fixed  # 门
    assert b"<02> <6C5F>" in fixed and b"<03> <6C60>" in fixed  # the range, spelled out


@pytest.mark.parametrize(("document", "copied"), [("落户", b"6237"), ("落戶", b"6236")])
def test_a_shared_glyph_copies_as_the_variant_the_document_uses(
    tmp_path: Path, document: str, copied: bytes
) -> None:
    """Chromium maps the glyph of 户 to the Kangxi radical ⼾ (U+2F3E), whose ideograph
    is the traditional 戶: the document's own text decides which one is copied."""
    cmap = (
        b"begincmap\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        b"1 beginbfchar\n<01> <2F3E>\nendbfchar\nendcmap\n"
    )
    path = tmp_path / "t.pdf"
    path.write_bytes(_tiny_pdf(cmap))
    fix_pdf(path, "t", f"<td>{document}</td>")
    data = path.read_bytes()
    update = data[data.rindex(b"4 0 obj") :]
    start = update.index(b"stream\n") + len(b"stream\n")
    fixed = zlib.decompress(update[start : update.index(b"\nendstream", start)])
    assert b"<01> <" + copied + b">" in fixed
