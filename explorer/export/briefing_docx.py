"""The briefing as a Word document (python-docx): title, subtitle, the map and the timeline
pictures, the numbered table with its header row repeated on every page, the counts in the
page footer. No Qt: the pictures are PNG files the GUI layer rendered.

python-docx writes plain OOXML that Word, WPS and LibreOffice all open; an editable DOCX is
what an analyst pastes into a report, which a PDF is not.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.table import Table, _Row

from explorer.core.xml_text import xml_safe
from explorer.export.briefing import Briefing, BriefingRow, format_amount, source_label

# The East-Asian font of every run. A DOCX names one font, not a CSS fallback list:
# 微软雅黑 is on every Windows with Office or WPS (where briefings are read), a sans like
# the PDF's Noto Sans CJK; LibreOffice elsewhere substitutes an installed CJK sans
# through fontconfig. Latin text keeps the theme's font.
EAST_ASIAN_FONT = "Microsoft YaHei"
# Column widths (cm) of the table's ten columns on A4 landscape with 1.5 cm margins (26.7).
_WIDTHS = (0.9, 2.0, 1.3, 1.3, 2.6, 2.4, 1.4, 1.5, 7.5, 5.8)
# The timeline on portrait A4: across the page, or as tall as fits under its paragraph.
TIMELINE_WIDTH_CM = 18.0
TIMELINE_MAX_HEIGHT_CM = 24.0


def write_briefing_docx(
    briefing: Briefing, map_image: Path, timeline_image: Path, path: Path | BinaryIO
) -> None:
    document = Document()
    _east_asian_fonts(document)
    figures = document.sections[0]
    _a4(figures, landscape=False)
    # Text from pages may hold control characters, which a DOCX (XML) cannot: xml_safe.
    figures.footer.paragraphs[0].text = xml_safe(briefing.footer)  # the table's inherits it
    document.add_heading(xml_safe(briefing.title), level=0)
    document.add_paragraph(xml_safe(briefing.subtitle))
    document.add_picture(str(map_image), width=Cm(15.5))
    document.add_paragraph(xml_safe(briefing.footer))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _timeline_picture(document, timeline_image)
    # the ten columns need a landscape page; the pictures keep the portrait one
    _a4(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    _table(document, briefing)
    document.core_properties.title = xml_safe(briefing.title)
    document.core_properties.subject = xml_safe(briefing.subtitle)
    document.save(str(path) if isinstance(path, Path) else path)


def _timeline_picture(document: DocxDocument, image: Path) -> None:
    """The timeline across the page, or as tall as the page allows: it shows every lane,
    and many lanes make a tall picture."""
    width_px, height_px = struct.unpack(">II", image.read_bytes()[16:24])  # PNG's IHDR
    if height_px * TIMELINE_WIDTH_CM > width_px * TIMELINE_MAX_HEIGHT_CM:
        document.add_picture(str(image), height=Cm(TIMELINE_MAX_HEIGHT_CM))
    else:
        document.add_picture(str(image), width=Cm(TIMELINE_WIDTH_CM))


def _a4(section: Section, landscape: bool) -> None:
    short, long = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))


def _east_asian_fonts(document: DocxDocument) -> None:
    """Chinese text in :data:`EAST_ASIAN_FONT` in the defaults and every style, tagged
    zh-CN so Word picks simplified glyph forms and Chinese line breaking. The template's
    theme fonts (``w:eastAsiaTheme``) would win over a named font: they are removed."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    holders = [] if defaults is None else list(defaults.iter(qn("w:rPr")))
    holders += [style.element.get_or_add_rPr() for style in document.styles if style.type in (1, 2)]
    for properties in holders:
        fonts = properties.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            properties.insert(0, fonts)
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
        lang = properties.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            properties.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")


def _table(document: DocxDocument, briefing: Briefing) -> Table:
    table = document.add_table(rows=1, cols=len(briefing.columns))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text in zip(header.cells, briefing.columns, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in briefing.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, _cells(row, briefing.language), strict=True):
            cell.text = xml_safe(text)
    for row in table.rows:
        _no_split(row)
        for cell, width in zip(row.cells, _WIDTHS, strict=True):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    return table


def _cells(row: BriefingRow, language: str) -> tuple[str, ...]:
    source = source_label(row.source, language)
    if row.source.url:
        source = f"{source}\n{row.source.url}" if source else row.source.url
    return (
        str(row.number),
        row.date,
        row.type_label,
        row.status_label,
        row.project,
        row.place,
        row.district,
        format_amount(row.amount_yi),
        row.excerpt,
        source,
    )


def _repeat_as_header(row: _Row) -> None:
    """``w:tblHeader``: Word and LibreOffice repeat this row at the top of every page."""
    _row_property(row, "w:tblHeader")


def _no_split(row: _Row) -> None:
    """``w:cantSplit``: a row moves whole to the next page instead of breaking."""
    _row_property(row, "w:cantSplit")


def _row_property(row: _Row, name: str) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    properties.append(flag)
