"""PDF newspaper pages: reading order, rejoined lines, masthead, page labels, bad files.

Every PDF is written here with reportlab's built-in CID font (no font files needed); the
text is invented for the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from explorer.core.errors import InputError
from explorer.pipeline.corpus import Source, read_source
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.pipeline.readers import pdf as pdf_reader
from explorer.pipeline.readers.pdf import _PageReading, _read_masthead, read_pdf
from explorer.store import repository
from explorer.store.db import connect
from explorer.store.importer import import_corpus, run_to_end

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

BODY = 10.0
LEADING = 14.0
COLUMN_WIDTH = 150.0
LEFT_COLUMN = 60.0
RIGHT_COLUMN = 230.0  # a 20 pt gutter

HEADLINE_1 = "新会区新能源产业园项目集中签约"
ARTICLE_1 = [
    "江门日报讯（记者/陈某）2022年7月29日，某某新能源产业园项目在江门市新会区签约，"
    "总投资50亿元，主要建设储能电池生产线和研发中心。",
    "据介绍，该项目计划于2023年建成投产，达产后年产值预计超过80亿元，将带动上下游"
    "配套企业落户新会，进一步壮大当地新能源产业集群。",
]
HEADLINE_2 = "滨江大桥主体完工"
ARTICLE_2 = [
    "江门日报讯（记者/李某）记者从市交通部门获悉，位于蓬江区的滨江大桥主体工程"
    "于2022年8月|8日完工，比原计划提前两个月。",
    "该桥全长约1.2公里，建成后将缩短两岸通行时间。",
]
HEADLINE_3 = "侨乡文化节开幕"
ARTICLE_3 = [
    "江门日报讯（记者/王某）2022年7月28日晚，第五届某某侨乡文化节在台山市开幕，活动"
    "将持续至8月15日，期间举办非遗展示、美食市集等系列活动。",
]


def _width(text: str, size: float = BODY) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def _typeset(paragraphs: Sequence[str], width: float = COLUMN_WIDTH) -> list[tuple[str, bool]]:
    """Greedy line breaking of Chinese text: (line, is_last_of_paragraph) pairs; the first
    line of each paragraph is indented two characters; "|" forces a break."""
    lines: list[tuple[str, bool]] = []
    for paragraph in paragraphs:
        line, room = "", width - 2 * BODY
        for ch in paragraph:
            if ch == "|" or _width(line + ch) > room:
                lines.append((line, False))
                line, room = "", width
            if ch != "|":
                line += ch
        lines.append((line, True))
    return lines


def _draw_lines(
    canvas: Canvas, lines: Sequence[tuple[str, bool]], x: float, y: float, after: bool = True
) -> float:
    """Draw justified lines (the last line of a paragraph ragged) from baseline ``y``."""
    starts_paragraph = after
    for text, last in lines:
        indent = 2 * BODY if starts_paragraph else 0.0
        room = COLUMN_WIDTH - indent
        spare = room - _width(text)
        assert spare >= 0, text
        obj = canvas.beginText(x + indent, y)
        obj.setFont(FONT, BODY)
        if not last and len(text) > 1:
            assert spare < 3 * BODY, f"forced break leaves a short line: {text}"
            obj.setCharSpace(spare / (len(text) - 1))
        obj.textLine(text)
        canvas.drawText(obj)
        y -= LEADING
        starts_paragraph = last
    return y


def _masthead(canvas: Canvas, marker: str | None = "A10版") -> None:
    canvas.setFont(FONT, 12)
    canvas.drawString(60, 800, "江门日报")
    canvas.setFont(FONT, 9)
    canvas.drawString(230, 800, "2022年7月30日 星期六")
    if marker:
        canvas.drawString(500, 800, marker)


def _two_column_page(canvas: Canvas, marker: str | None = "A10版") -> None:
    """Masthead; article 1 under a headline across both columns; articles 2 and 3 below,
    one in each column."""
    _masthead(canvas, marker)
    canvas.setFont(FONT, 22)
    canvas.drawString(LEFT_COLUMN, 750, HEADLINE_1)
    lines = _typeset(ARTICLE_1)
    half = (len(lines) + 1) // 2
    bottom = _draw_lines(canvas, lines[:half], LEFT_COLUMN, 715)
    _draw_lines(canvas, lines[half:], RIGHT_COLUMN, 715, after=lines[half - 1][1])
    top = bottom - 20
    for x, headline, article in (
        (LEFT_COLUMN, HEADLINE_2, ARTICLE_2),
        (RIGHT_COLUMN, HEADLINE_3, ARTICLE_3),
    ):
        canvas.setFont(FONT, 16)
        canvas.drawString(x, top, headline)
        _draw_lines(canvas, _typeset(article), x, top - 30)


def _write(path: Path, *pages, **canvas_options) -> Path:
    canvas = Canvas(str(path), pagesize=A4, **canvas_options)
    for draw in pages:
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture
def two_columns(tmp_path: Path) -> Path:
    return _write(tmp_path / "a10.pdf", _two_column_page)


def _read(path: Path):
    (doc,) = list(read_pdf(path))
    return doc


def _body(doc) -> str:
    return doc.raw_text[doc.body_offset :]


def test_two_column_page_gives_three_articles_in_reading_order(two_columns: Path) -> None:
    doc = _read(two_columns)
    body = _body(doc)
    assert [a.title for a in doc.articles] == [HEADLINE_1, HEADLINE_2, HEADLINE_3]
    assert [a.page for a in doc.articles] == ["A10", "A10", "A10"]
    assert doc.format == "pdf" and doc.encoding == "pdf"
    assert str(doc.pub_date) == "2022-07-30" and doc.pub_precision == "day"
    assert doc.source == "江门日报"
    assert doc.title == HEADLINE_1  # reportlab's Title is "untitled"
    # Each paragraph comes back whole, lines rejoined without spaces or newlines, the
    # sentence that wraps from the left column into the right one too.
    for paragraph in ARTICLE_1 + ARTICLE_2 + ARTICLE_3:
        assert paragraph.replace("|", "") in body
    texts = [a.text(body) for a in doc.articles]
    assert "8月8日完工" in texts[1]
    assert ARTICLE_1[1] in texts[0] and ARTICLE_3[0] in texts[2]


def test_a_story_at_the_foot_of_a_column_keeps_its_headline(tmp_path: Path) -> None:
    """Two stories stacked in the left column, one in the right, whose text ends between
    the lower left headline and its text: the gap runs across the page, but the headline
    stays with its story, and each column is read top to bottom."""
    left_top = "2023年3月15日，某某光电项目在江门高新区签约，总投资25亿元，主要建设显示模组基地。"
    left_foot = "3月14日，位于鹤山市共和镇的某某物流园正式开园，首期仓储面积10万平方米。"
    right = "2023年3月13日，恩平市某某风电场首批机组并网发电，总投资约8亿元。"

    def page(canvas: Canvas) -> None:
        _masthead(canvas)
        for x, headline in ((LEFT_COLUMN, "光电项目签约"), (RIGHT_COLUMN, "风电场并网")):
            canvas.setFont(FONT, 18)
            canvas.drawString(x, 750, headline)
        bottom = _draw_lines(canvas, _typeset([left_top]), LEFT_COLUMN, 720)
        foot_headline = bottom - 14
        canvas.setFont(FONT, 18)
        canvas.drawString(LEFT_COLUMN, foot_headline, "物流园开园")
        _draw_lines(canvas, _typeset([left_foot]), LEFT_COLUMN, foot_headline - 30)
        # The right column's last line sits just below the foot headline's baseline.
        count = int((720 - (foot_headline - 8)) // LEADING) + 1
        paragraphs = [right]
        while len(_typeset(paragraphs)) < count:
            paragraphs.append("该项目建成后每年可提供清洁电能约2.5亿千瓦时。")
        assert len(_typeset(paragraphs)) == count
        _draw_lines(canvas, _typeset(paragraphs), RIGHT_COLUMN, 720)

    doc = _read(_write(tmp_path / "foot.pdf", page))
    body = _body(doc)
    assert [a.title for a in doc.articles] == ["光电项目签约", "物流园开园", "风电场并网"]
    assert left_foot in doc.articles[1].text(body)


def test_masthead_is_not_article_text(two_columns: Path) -> None:
    body = _body(_read(two_columns))
    assert "星期六" not in body and "A10" not in body and not body.startswith("江门日报")
    # Headlines stand alone between blank lines, for the layout to split at.
    assert f"\n\n{HEADLINE_2}\n\n" in body and body.startswith(f"{HEADLINE_1}\n\n")


def test_every_page_of_a_long_pdf_gives_its_articles(tmp_path: Path) -> None:
    # Speed is bench/bench_formats.py's business (docs/benchmarks.md), not a test's.
    path = _write(tmp_path / "many.pdf", *[_two_column_page] * 10)
    doc = _read(path)
    assert len(doc.articles) == 30


def test_headlines_in_large_type_start_articles_without_a_lead(tmp_path: Path) -> None:
    """Text alone cannot tell a lone headline from a section title; the type size can."""
    first = "2022年8月2日，某某储能项目在鹤山市动工，总投资20亿元。"
    second = "2022年8月3日，某某物流园在开平市签约。"

    def page(canvas: Canvas) -> None:
        _masthead(canvas)
        y = 740.0
        for headline, text in (("储能项目动工", first), ("物流园签约", second)):
            canvas.setFont(FONT, 18)
            canvas.drawString(LEFT_COLUMN, y, headline)
            y = _draw_lines(canvas, _typeset([text]), LEFT_COLUMN, y - 30) - 30

    doc = _read(_write(tmp_path / "leadless.pdf", page))
    assert [a.title for a in doc.articles] == ["储能项目动工", "物流园签约"]


def _simple_page(marker: str | None, headline: str, text: str, footer: str | None = None):
    """A one-column page: masthead (with ``marker`` in it, if any), headline, paragraph."""

    def draw(canvas: Canvas) -> None:
        _masthead(canvas, marker)
        canvas.setFont(FONT, 20)
        canvas.drawString(LEFT_COLUMN, 740, headline)
        _draw_lines(canvas, _typeset([text]), LEFT_COLUMN, 700)
        if footer:
            canvas.setFont(FONT, 9)
            canvas.drawString(280, 30, footer)

    return draw


def _scanned_page(canvas: Canvas) -> None:
    """Only a picture of a page: no characters at all."""
    picture = Image.new("RGB", (60, 80), "white")
    canvas.drawImage(ImageReader(picture), 60, 200, width=450, height=600)


def test_pages_carry_their_printed_labels(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "issue.pdf",
        _simple_page("A01版", "侨乡新区开工建设", "2022年7月20日，某某新区在开平市开工。"),
        _simple_page("A02版", "蓬江区举办招商会", "2022年7月21日，某某招商会在蓬江区举行。"),
        _simple_page(None, "鹤山市新桥通车", "2022年7月22日，某某新桥在鹤山市通车。", "第3版"),
    )
    doc = _read(path)
    assert [a.title for a in doc.articles] == [
        "侨乡新区开工建设",
        "蓬江区举办招商会",
        "鹤山市新桥通车",
    ]
    # 第3版 keeps its 版: the detail pane says "3 版", not "第 3 页" (the PDF's page 3)
    assert [a.page for a in doc.articles] == ["A01", "A02", "3版"]
    assert "第3版" not in _body(doc)


def test_without_a_page_marker_the_pdf_labels_or_numbers_name_the_pages(tmp_path: Path) -> None:
    pages = [
        _simple_page(None, "新会区举办论坛", "2022年7月20日，某某论坛在新会区举行。"),
        _simple_page(None, "台山市新港开港", "2022年7月21日，某某新港在台山市开港。"),
    ]
    numbered = _read(_write(tmp_path / "plain.pdf", *pages))
    assert [a.page for a in numbered.articles] == ["1", "2"]

    canvas = Canvas(str(tmp_path / "labelled.pdf"), pagesize=A4)
    for draw in pages:
        draw(canvas)
        canvas.showPage()
    canvas.addPageLabel(0, style="ARABIC", start=5, prefix="B")
    canvas.save()
    labelled = _read(tmp_path / "labelled.pdf")
    assert [a.page for a in labelled.articles] == ["B5", "B6"]


def test_a_scanned_pdf_fails_with_one_clear_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "scan.pdf", _scanned_page, _scanned_page)
    with pytest.raises(InputError, match="no text layer \\(scanned image\\); OCR it first"):
        list(read_pdf(path))
    (error,) = list(read_source(Source(path, "pdf")))
    assert isinstance(error, InputError) and error.path == str(path)


def test_a_scanned_page_among_text_pages_is_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path / "mixed.pdf", _two_column_page, _scanned_page)
    doc = _read(path)
    assert len(doc.articles) == 3
    assert doc.warnings == ("page 2 skipped: no text layer (scanned image); OCR it first",)


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_damaged_pdf_is_one_input_error(two_columns: Path, damage: str) -> None:
    data = two_columns.read_bytes()
    if damage == "truncated":
        two_columns.write_bytes(data[: len(data) // 2])
    else:
        two_columns.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    items = list(read_source(Source(two_columns, "pdf")))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].problem.startswith("damaged PDF (")
    assert str(two_columns) in str(items[0])


def test_a_file_that_is_not_a_pdf_says_so(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("江门 新闻", encoding="utf-8")
    with pytest.raises(InputError, match="not a PDF"):
        list(read_pdf(path))


def test_a_password_protected_pdf_says_so(tmp_path: Path) -> None:
    path = _write(tmp_path / "locked.pdf", _two_column_page, encrypt="secret")
    with pytest.raises(InputError, match="password-protected PDF"):
        list(read_pdf(path))


def test_importing_a_two_column_page_stores_its_articles_and_events(
    two_columns: Path, db_path: Path
) -> None:
    conn = connect(db_path)
    report = run_to_end(import_corpus(conn, [two_columns], extract=extract_with_bundled_gazetteer))
    assert (report.documents, report.articles, report.failures) == (1, 3, [])
    rows = conn.execute("SELECT title, page FROM articles ORDER BY id").fetchall()
    assert [tuple(row) for row in rows] == [
        (HEADLINE_1, "A10"),
        (HEADLINE_2, "A10"),
        (HEADLINE_3, "A10"),
    ]
    raw, offset = conn.execute("SELECT raw_text, body_offset FROM documents").fetchone()
    body = raw[offset:]
    events = conn.execute("SELECT excerpt, span_start, span_end FROM events").fetchall()
    assert events
    for excerpt, start, end in events:
        assert excerpt == body[start:end]
    assert any("8月8日完工" in excerpt for excerpt, _, _ in events)


def _hand_made_pdf(content: str, font: Sequence[str]) -> bytes:
    """A one-page PDF: ``content`` drawn with font /F1, whose objects are ``font`` (numbered
    from 5 on), with a correct cross-reference table."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        *font,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += b"".join(f"{offset:010d} 00000 n \n".encode("ascii") for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return bytes(out + trailer.encode("ascii"))


_DESCRIPTOR = (
    "<< /Type /FontDescriptor /FontName /HandMade /Flags 4 /FontBBox [0 -120 1000 880]"
    " /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
)


def _pdf_with_unicode_map(text: str) -> bytes:
    """A one-line PDF whose font maps each code to a character of ``text`` through its
    ToUnicode CMap, as a PDF typeset with a font that has Kangxi radical glyphs does."""
    codes = {ch: 0x21 + i for i, ch in enumerate(dict.fromkeys(text))}
    pairs = "\n".join(f"<{code:02X}> <{ord(ch):04X}>" for ch, code in codes.items())
    to_unicode = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Test def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(codes)} beginbfchar\n{pairs}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    shown = "".join(f"\\{codes[ch]:03o}" for ch in text)
    font = [
        # Every glyph one em wide, as a Chinese font's are.
        f"<< /Type /Font /Subtype /Type1 /BaseFont /HandMade /FirstChar 33"
        f" /LastChar {32 + len(codes)} /Widths [{' 1000' * len(codes)}]"
        " /ToUnicode 6 0 R /FontDescriptor 7 0 R >>",
        f"<< /Length {len(to_unicode)} >>\nstream\n{to_unicode}\nendstream",
        _DESCRIPTOR,
    ]
    return _hand_made_pdf(f"BT /F1 12 Tf 72 700 Td ({shown}) Tj ET", font)


def _pdf_without_unicode_map(glyph_count: int) -> bytes:
    """A line of glyphs of an embedded-style CID font with no way back to Unicode."""
    shown = "".join(f"{cid:04X}" for cid in range(1, glyph_count + 1))
    font = [
        "<< /Type /Font /Subtype /Type0 /BaseFont /HandMade /Encoding /Identity-H"
        " /DescendantFonts [6 0 R] >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /HandMade /DW 1000"
        " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        " /FontDescriptor 7 0 R >>",
        _DESCRIPTOR,
    ]
    return _hand_made_pdf(f"BT /F1 12 Tf 72 700 Td <{shown}> Tj ET", font)


def test_text_without_a_unicode_map_says_so(tmp_path: Path) -> None:
    path = tmp_path / "cid.pdf"
    path.write_bytes(_pdf_without_unicode_map(12))
    with pytest.raises(InputError, match=r"text cannot be decoded .*; OCR it first"):
        list(read_pdf(path))


def test_kangxi_radicals_in_the_text_layer_are_kept(tmp_path: Path) -> None:
    # reportlab's CID font maps ⼭ (U+2F2D) back to 山 when it writes the PDF, so this PDF
    # is written by hand, with a font whose ToUnicode map says U+2F2D.
    sentence = "鹤⼭市某某项目于2022年8⽉1⽇动工。"
    path = tmp_path / "kangxi.pdf"
    path.write_bytes(_pdf_with_unicode_map(sentence))
    assert _body(_read(path)).strip() == sentence


def test_kangxi_radicals_are_read_as_ideographs_but_quoted_as_printed(
    tmp_path: Path, db_path: Path
) -> None:
    """The stored text says what the page says; extraction and search see 鹤山市, 8月1日."""
    sentence = "鹤⼭市某某项目于2022年8⽉1⽇动工。"
    path = tmp_path / "kangxi.pdf"
    path.write_bytes(_pdf_with_unicode_map(sentence))
    conn = connect(db_path)
    run_to_end(import_corpus(conn, [path], extract_with_bundled_gazetteer))
    (event,) = repository.load_events(conn)
    assert (event.type, event.date, event.district) == ("groundbreaking", "2022-08-01", "鹤山市")
    assert event.excerpt == sentence  # quoted with the page's own code points
    (stored,) = conn.execute("SELECT raw_text FROM documents").fetchone()
    assert stored[event.span[0] : event.span[1]] == sentence
    assert [hit.doc_id for hit in repository.search_articles(conn, "鹤山")] == ["kangxi"]


@pytest.mark.parametrize(
    ("line", "label", "paper", "day"),
    [
        ("江门日报 2022年7月30日 星期六 A10版", "A10", "江门日报", date(2022, 7, 30)),
        ("A10", "A10", None, None),
        ("第3版", "3版", None, None),
        ("08 版 新会新闻", "08版", None, None),
        ("2022年7月30日 星期六 今日16版 CN44-0012", None, None, date(2022, 7, 30)),
    ],
)
def test_masthead_lines_give_label_paper_and_date(line, label, paper, day) -> None:
    reading = _PageReading()
    assert _read_masthead(line.split(" "), True, reading)
    assert (reading.label, reading.paper, reading.pub_date) == (label, paper, day)


@pytest.mark.parametrize("line", ["责任编辑 某某 美编 某某", "星期六", "- 3 -", "12"])
def test_editor_credits_in_a_band_are_masthead(line: str) -> None:
    assert _read_masthead([line], True, _PageReading())


def test_a_section_name_in_a_band_stays_text() -> None:
    assert not _read_masthead(["新会新闻"], True, _PageReading())


@pytest.mark.parametrize(
    "line",
    [
        "2022年7月30日，某某项目在新会区签约，总投资",  # the last line of a column
        "沿G325国道建设的某某物流园区",
    ],
)
def test_article_text_in_a_band_is_not_masthead(line: str) -> None:
    reading = _PageReading()
    assert not _read_masthead([line], False, reading)
    assert reading.pub_date is None and reading.label is None


def test_a_caption_in_small_type_floats_between_the_halves_of_a_sentence(
    tmp_path: Path,
) -> None:
    paragraph = (
        "江门日报讯（记者/赵某）2022年7月26日，某某智能制造基地在江海区举行奠基仪式，"
        "项目总投资约30亿元，建成后将生产新能源汽车零部件和智能装备产品。"
    )
    more = ["该基地位于江海区某某园区，占地约300亩。", "项目计划于2024年建成投产。"]
    caption = "图为奠基仪式现场。"

    def draw(canvas: Canvas) -> None:
        _masthead(canvas)
        canvas.setFont(FONT, 20)
        canvas.drawString(LEFT_COLUMN, 740, "智能制造基地奠基")
        lines = _typeset([paragraph])
        y = _draw_lines(canvas, lines[:2], LEFT_COLUMN, 700)
        canvas.setFont(FONT, 8)  # under a photo 60 pt high
        canvas.drawString(LEFT_COLUMN, y - 60, caption)
        y = _draw_lines(canvas, lines[2:], LEFT_COLUMN, y - 80, after=False)
        _draw_lines(canvas, _typeset(more), LEFT_COLUMN, y)

    doc = _read(_write(tmp_path / "caption.pdf", draw))
    body = _body(doc)
    (article,) = doc.articles
    kinds = {body[b.start : b.end]: b.kind.value for b in article.blocks}
    assert kinds[caption] == "caption"
    assert f"\n\n\n{caption}\n\n\n" in body


@pytest.mark.parametrize(
    ("first", "second", "size", "title"),
    [
        # Wider than the column: two parts of one headline.
        ("江门某某大道改造工程", "正式通车", 24, "江门某某大道改造工程 正式通车"),
        # As wide as the column under it: the headline ran on into the second line.
        ("某某新能源产业园一期", "项目在新会区动工", 15, "某某新能源产业园一期项目在新会区动工"),
    ],
)
def test_a_headline_set_over_two_lines_is_one_headline(
    tmp_path: Path, first: str, second: str, size: float, title: str
) -> None:
    def draw(canvas: Canvas) -> None:
        _masthead(canvas)
        canvas.setFont(FONT, size)
        canvas.drawString(LEFT_COLUMN, 740, first)
        canvas.drawString(LEFT_COLUMN, 740 - 1.2 * size, second)
        _draw_lines(canvas, _typeset([ARTICLE_1[0]]), LEFT_COLUMN, 680)

    doc = _read(_write(tmp_path / "headline.pdf", draw))
    assert doc.articles[0].title == title


def test_oversized_pdfs_are_refused_before_parsing(
    two_columns: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PDF_BYTES", 1000)
    with pytest.raises(InputError, match="file too large"):
        list(read_pdf(two_columns))


def test_a_pdf_with_too_many_pages_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "book.pdf", _two_column_page, _two_column_page)
    monkeypatch.setattr(pdf_reader, "MAX_PDF_PAGES", 1)
    with pytest.raises(InputError, match=r"too many pages: 2 \(the limit is 1\)"):
        list(read_pdf(path))


def test_a_page_with_only_rotated_text_says_so(tmp_path: Path) -> None:
    def draw(canvas: Canvas) -> None:
        canvas.rotate(90)
        canvas.setFont(FONT, 12)
        canvas.drawString(200, -100, "2022年7月30日，某某项目在新会区签约。")

    with pytest.raises(InputError, match=r"^[^ ]+: only rotated text"):
        list(read_pdf(_write(tmp_path / "sideways.pdf", draw)))


def test_a_three_column_page_set_by_a_paragraph_engine(tmp_path: Path) -> None:
    """reportlab's own line breaking (platypus, CJK wrap) leaves lines ragged by up to two
    characters; a kicker, headline and subtitle span three columns; the second and third
    articles share the lower half, the third across two columns under its headline."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph

    def style(size: float, **options) -> ParagraphStyle:
        return ParagraphStyle(
            f"s{size}", fontName=FONT, fontSize=size, leading=size * 1.45, **options
        )

    text = style(9.5, firstLineIndent=19, wordWrap="CJK", alignment=TA_JUSTIFY)
    width, height = A4
    column = (width - 80 - 24) / 3
    x = [40 + i * (column + 12) for i in range(3)]
    frames = [
        Frame(40, height - 160, width - 80, 100),  # kicker, headline, subtitle
        *(Frame(left, height - 470, column, 310) for left in x),  # article 1
        Frame(x[0], 40, column, height - 520),  # article 2
        Frame(x[1], height - 560, 2 * column + 12, 40),  # headline of article 3
        *(Frame(left, 40, column, height - 600) for left in x[1:]),  # article 3
    ]
    first = [
        "江门日报讯（记者/某某）2023年5月11日，某某高端装备产业园项目在新会区签约，"
        "总投资约85亿元，主要引进精密机械、工业机器人等企业。",
        "产业园规划用地约1200亩，分三期建设，一期计划于2024年6月建成投产，达产后年产值"
        "预计超过150亿元。",
        "有关负责人表示，将成立专班跟进服务，保障项目用地、用电等要素需求，推动项目尽快落地见效。",
    ]
    second = [
        "江门日报讯（记者/某某）2023年5月10日，某某学校新校区在鹤山市启用，可提供学位约3000个。"
    ]
    third = [
        "江门日报讯（记者/某某）记者从有关部门获悉，某某大桥于2023年5月9日顺利合龙，"
        "预计年底建成通车。",
        "大桥全长约2.3公里，双向六车道，建成后将进一步完善区域路网，缩短两岸通行时间。",
    ]
    story = [
        Paragraph("聚力招商引资 推动产业升级", style(12, alignment=TA_CENTER)),
        Paragraph("高端装备产业园落户新会", style(24, alignment=TA_CENTER)),
        # A subtitle with a comma: layout takes the last line of a headline run for the
        # title, and a subtitle without one would be taken.
        Paragraph("总投资约85亿元，一期明年建成", style(14, alignment=TA_CENTER)),
        FrameBreak(),
        *(Paragraph(p, text) for p in first * 3),
        FrameBreak(),
        FrameBreak(),
        Paragraph("新校区在鹤山启用", style(16)),
        *(Paragraph(p, text) for p in second * 2),
        FrameBreak(),
        Paragraph("某某大桥顺利合龙", style(16)),
        FrameBreak(),
        *(Paragraph(p, text) for p in third * 2),
    ]
    path = tmp_path / "a03.pdf"
    doc = BaseDocTemplate(str(path), pagesize=A4)
    doc.addPageTemplates([PageTemplate(frames=frames, onPage=lambda c, d: _masthead(c, "A03版"))])
    doc.build(story)

    read = _read(path)
    body = _body(read)
    assert [a.title for a in read.articles] == [
        "高端装备产业园落户新会",
        "新校区在鹤山启用",
        "某某大桥顺利合龙",
    ]
    for paragraph in first + second + third:
        assert paragraph in body
    assert body.index(first[2]) < body.index(second[0]) < body.index(third[0])
