"""Word documents: paragraphs and table cells in order, title, date and source, and one
clear line for a file that cannot be read. Every document is built by the test."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from explorer.core.errors import InputError
from explorer.pipeline.corpus import Source, read_source
from explorer.pipeline.readers.docx import read_docx

TITLE = "某某新能源项目在新会签约"
FIRST = "2022年7月30日，某某新能源项目在江门市新会区签约，总投资50亿元。"
SECOND = "该项目主要建设储能电池生产线，计划于今年10月动工。"


def read_one(path: Path):
    items = list(read_source(Source(path, "docx")))
    assert len(items) == 1, items
    return items[0]


def test_heading_paragraphs_and_date_line(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_heading(TITLE, level=1)
    word.add_paragraph("来源：江门日报")
    word.add_paragraph(FIRST)
    word.add_paragraph("")  # empty paragraphs are spacing, not text
    word.add_paragraph(SECOND)
    word.add_paragraph("2022年7月30日")
    path = tmp_path / "signing.docx"
    word.save(str(path))
    doc = read_one(path)
    assert doc.format == "docx" and doc.doc_id == "signing"
    assert doc.body == f"{TITLE}\n\n{FIRST}\n\n{SECOND}"
    assert doc.title == TITLE and doc.articles[0].title == TITLE
    assert (doc.pub_date, doc.pub_precision) == (date(2022, 7, 30), "day")
    assert doc.source == "江门日报"


def test_table_cells_come_in_order_and_merged_cells_once(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph(TITLE, style="Title")
    word.add_paragraph(FIRST)
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "项目进度表"
    table.cell(1, 0).text = "首期厂房"
    table.cell(1, 1).text = "2023年9月交付"
    word.add_paragraph(SECOND)
    path = tmp_path / "table.docx"
    word.save(str(path))
    doc = read_one(path)
    assert doc.body.split("\n\n") == [
        TITLE,
        FIRST,
        "项目进度表",
        "首期厂房",
        "2023年9月交付",
        SECOND,
    ]
    assert doc.pub_date is None


def test_outline_level_heading_and_chinese_numeral_date(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("江门市某某局")  # a short line above the heading is not the title
    heading = word.add_paragraph("关于某某产业园建设情况的通报")
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "0")
    heading._p.get_or_add_pPr().append(level)
    word.add_paragraph(FIRST)
    word.add_paragraph("二〇二二年七月三十日")
    path = tmp_path / "notice.docx"
    word.save(str(path))
    doc = read_one(path)
    assert doc.title == "关于某某产业园建设情况的通报"
    assert doc.body.split("\n\n") == [doc.title, "江门市某某局", FIRST]
    assert doc.pub_date == date(2022, 7, 30)


def test_without_heading_the_first_short_paragraph_is_the_title(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("【来源：江门日报】")
    word.add_paragraph("某某码头开工")
    word.add_paragraph(FIRST)
    path = tmp_path / "plain.docx"
    word.save(str(path))
    doc = read_one(path)
    assert doc.title == "某某码头开工" and doc.body == f"某某码头开工\n\n{FIRST}"
    assert doc.source == "江门日报"


def test_password_protected_docx_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    # Word's encrypted container is an OLE compound file, not a ZIP.
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    error = read_one(path)
    assert isinstance(error, InputError) and "locked.docx" in str(error)
    assert error.problem == (
        "password-protected (encrypted) Word document: remove the password in Word/WPS "
        "and import it again"
    )


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"PK\x03\x04 this is not a whole zip archive", "not a valid .docx ZIP package"),
        (None, "word/document.xml is missing"),
    ],
    ids=["bad-zip", "no-document-xml"],
)
def test_damaged_docx_is_one_clear_line(tmp_path: Path, content: bytes | None, detail: str) -> None:
    path = tmp_path / "broken.docx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("docProps/app.xml", "<Properties/>")
    else:
        path.write_bytes(content)
    error = read_one(path)
    assert isinstance(error, InputError) and "broken.docx" in str(error)
    assert error.problem.startswith("damaged Word document") and detail in error.problem
    assert "\n" not in str(error)


def test_empty_docx_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    with pytest.raises(InputError, match="has no text in it"):
        list(read_docx(path))


def test_an_old_doc_named_docx_says_so(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    error = read_one(path)
    assert isinstance(error, InputError) and "Word 97-2003 document (.doc)" in error.problem


def test_broken_xml_inside_a_docx_is_damaged(tmp_path: Path) -> None:
    good = tmp_path / "good.docx"
    word = docx.Document()
    word.add_paragraph(FIRST)
    word.save(str(good))
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, b"<w:document" if item.filename == "word/document.xml" else data)
    error = read_one(broken)
    assert isinstance(error, InputError) and error.problem.startswith("damaged Word document (")
