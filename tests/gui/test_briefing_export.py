"""The briefing, PDF and DOCX, rendered offscreen from the sample corpus and read back.

One database and one document of each kind for the module: each takes seconds to render.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn
from pdfminer.pdftypes import resolve1

from explorer import cli, paths
from explorer.core.filters import EventFilter
from explorer.export.briefing import clean_excerpt
from explorer.export.report_layout import in_report_order
from explorer.gui.briefing import export_briefing
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store import repository
from explorer.store.bootstrap import ensure_places
from explorer.store.db import connect
from explorer.store.importer import import_corpus, run_to_end

HOSTILE_TITLE = "<script>alert(1)</script>"
XINHUI = ["--district", "新会区"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("briefing") / "sample.sqlite3"
    conn = connect(db)
    ensure_places(conn, paths.gazetteer_path())
    run_to_end(import_corpus(conn, [paths.bundled_corpus()], extract_with_bundled_gazetteer))
    conn.close()
    return db


@pytest.fixture(scope="module")
def pdf_path(store: Path, qapp) -> Path:
    """Made by the CLI, in-process and headless, with a title that looks like a script."""
    out = store.parent / "brief.pdf"
    args = ["export-briefing", "-o", str(out), "--db", str(store), "--title", HOSTILE_TITLE]
    assert cli.main([*args, *XINHUI]) == 0
    return out


@pytest.fixture(scope="module")
def docx_path(store: Path, qapp) -> Path:
    """Made by the function the window calls."""
    out = store.parent / "brief.docx"
    conn = connect(store)
    events = repository.load_events(conn)
    export_briefing(conn, events, out, title="江门市项目简报")
    return out


def _xinhui_events(store: Path):
    conn = connect(store)
    return [e for e in repository.load_events(conn) if e.district == "新会区"]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_pdf_has_the_map_the_timeline_and_the_table(pdf_path: Path, store: Path) -> None:
    events = _xinhui_events(store)
    with pdfplumber.open(pdf_path) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
        pictures = [len(page.images) for page in pdf.pages]
        title = pdf.metadata.get("Title")
        rows = [row for page in pdf.pages[2:] for table in page.extract_tables() for row in table]
    assert len(pages) >= 3
    assert pictures[0] == 1 and pictures[1] == 1  # the map, then the timeline
    assert HOSTILE_TITLE in pages[0]  # printed as characters, never run
    assert title == HOSTILE_TITLE
    assert f"{len(events)} 个事件" in pages[0]
    assert "时间轴" in pages[1]
    numbered = [row for row in rows if row[0] and row[0].isdigit()]  # not the repeated headers
    assert [int(row[0]) for row in numbered] == list(range(1, len(events) + 1))
    first = in_report_order(events)[0]
    assert _squeezed(numbered[0][6]) == _squeezed(clean_excerpt(first.excerpt))
    assert "江门" in "".join(pages) and "⻔" not in "".join(pages)  # 门, not the radical


def test_the_pdf_carries_its_fonts(pdf_path: Path) -> None:
    """Every font is in the file (glyph procedures or an embedded font program), so any
    reader shows the Chinese text without font packs."""
    with pdfplumber.open(pdf_path) as pdf:
        fonts = [
            resolve1(font)
            for page in pdf.pages
            for font in resolve1(page.page_obj.resources.get("Font", {})).values()
        ]
    assert fonts
    for font in fonts:
        if font["Subtype"].name == "Type3":
            assert resolve1(font["CharProcs"])
            continue
        descendant = resolve1(resolve1(font.get("DescendantFonts", [font]))[0])
        descriptor = resolve1(descendant["FontDescriptor"])
        assert {"FontFile", "FontFile2", "FontFile3"} & set(descriptor)


def test_the_docx_has_title_pictures_and_the_numbered_table(docx_path: Path, store) -> None:
    events = repository.load_events(connect(store))
    document = Document(str(docx_path))
    assert document.paragraphs[0].text == "江门市项目简报"
    assert len(document.inline_shapes) == 2
    (table,) = document.tables
    assert len(table.rows) == len(events) + 1
    header = table.rows[0]._tr
    assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeats a page
    assert [row.cells[0].text for row in table.rows[1:4]] == ["1", "2", "3"]
    quotes = {row.cells[8].text for row in table.rows[1:]}
    assert clean_excerpt(in_report_order(events)[0].excerpt) in quotes
    assert f"{len(events)} 个事件" in document.sections[0].footer.paragraphs[0].text
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "Microsoft YaHei"


def test_an_empty_selection_writes_nothing(store: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "empty.pdf"
    args = ["export-briefing", "-o", str(out), "--db", str(store)]
    assert cli.main([*args, "--from", "1990-01-01", "--to", "1990-12-31"]) == 1
    assert "no events" in capsys.readouterr().err
    assert not out.exists()


def test_an_unwritable_or_unknown_target_is_refused(store: Path, tmp_path: Path, capsys):
    base = ["export-briefing", "--db", str(store)]
    assert cli.main([*base, "-o", str(tmp_path / "missing" / "b.pdf")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert cli.main([*base, "-o", str(tmp_path / "b.odt")]) == 2
    assert ".pdf or .docx" in capsys.readouterr().err


def test_export_briefing_from_the_window_writes_the_shown_events(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    """导出 → 简报…: the title asked for (prefilled from the filter), then the file."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    asked: list[str] = []

    def title(parent, caption, label, text=""):
        asked.append(text)
        return "<b>新会简报</b>", True

    target = tmp_path / "简报.docx"
    monkeypatch.setattr(QInputDialog, "getText", title)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.state.set_filter(EventFilter(districts=frozenset({"新会区"})))
    window._on_export_briefing()
    assert asked and asked[0].startswith("新会区")
    doc = Document(str(target))
    assert "<b>新会简报</b>" in "\n".join(p.text for p in doc.paragraphs)
    rows = len(doc.tables[0].rows) - 1
    assert rows == len(window.state.visible)
