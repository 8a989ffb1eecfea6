"""Hostile text through the real importer and out through every export and the map page.

Invented articles carry script tags, event handlers, a ``javascript:`` URL, U+2028/U+2029,
template braces and spreadsheet formula leaders in their titles, sources, URLs and
sentences. Every surface must show them as characters: no script of the data runs
(``window.__pwned`` stays undefined), no element of the data exists in a page's DOM, no
``javascript:`` URL becomes a link, and no spreadsheet cell starts like a live formula.

One store, one map view and one standalone page for the module (each costs seconds).
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pdfplumber
import pytest
from docx import Document

from explorer import cli, paths
from explorer.core.cells import FORMULA_LEADERS
from explorer.core.events import Event
from explorer.core.xml_text import xml_safe
from explorer.export.briefing import build_briefing
from explorer.export.briefing_html import briefing_html
from explorer.export.event_rows import clean_text
from explorer.export.map_page import standalone_map
from explorer.export.report_layout import SnapshotSpec
from explorer.export.tables import write_events
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store import place_fixes, repository
from explorer.store.bootstrap import ensure_places
from explorer.store.db import connect
from explorer.store.importer import import_corpus, run_to_end
from explorer.store.sources import article_of, event_source

# Whole attacks: they reach titles, sources, URLs and whole articles. An ASCII '.' or ':' and
# a '!' end a sentence, so inside events they arrive cut; "<!--<script>" turns an HTML
# parser's script state over (a later "</script>" no longer ends the script).
MARKUP = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    '"><svg onload=window.__pwned=1>',
    "<!--<script>",
)
# The same attacks without a dot (and template braces), so that they reach event titles
# and sentences whole.
WHOLE = (
    "<script>__pwned=1</script>",
    "<img src=x onerror=__pwned=1>",
    "</script><script>__pwned=1</script>",
    '"><svg onload=__pwned=1>',
    "{{__pwned}}",
)
LINE_SEPARATORS = "\u2028\u2029"
# "//evil", not "http://evil": a ':' would end the sentence before the formula.
FORMULAS = ('=HYPERLINK("//evil","x")', "+1+1", "-1+1", "@SUM(1)", "\t=1", "\r=1")
JS_URL = "javascript:window.__pwned=1"
# A caption or title the user types (a filter's words): markup and a line separator.
CAPTION = "<!--<script>__pwned=1</script>\u2028甲"
# Control characters XML cannot hold (XLSX, DOCX and SVG are XML).
CONTROLS = "\x1b\x00\x0b\x07"
# Kinds of attack: the markup, template braces, line separators, the URL, each leader,
# control characters.
PAYLOADS = len(MARKUP) + 3 + len(FORMULAS) + 1
# Pages: whether a script of the data ran, and which elements of the data exist.
PWNED = "typeof window.__pwned !== 'undefined'"
INJECTED = (
    "document.querySelectorAll('[onerror],[onload],img[src=\"x\"],svg[onload]').length"
    " + Array.from(document.scripts).filter(s => /^\\s*(window\\.)?__pwned/.test(s.text)).length"
)

FIGURES: dict[str, int] = {"exports": 0, "scripts_run": 0, "formulas_live": 0}


def _records() -> list[dict[str, str]]:
    records = []
    for n, (markup, whole) in enumerate(zip(MARKUP, WHOLE, strict=True), start=1):
        records.append(
            {
                "id": f"markup-{n}",
                "title": f"{markup}项目签约{LINE_SEPARATORS[n % 2]}",
                "date": "2022-08-01",
                "source": markup,
                "url": JS_URL if n % 2 else f"https://example.com/?q={markup}",
                "text": f"2022年8月{n}日，{whole}新能源电池{LINE_SEPARATORS}项目"
                f"在江门市新会区签约。{markup}。",
            }
        )
    for n, leader in enumerate(FORMULAS, start=1):
        records.append(
            {
                "id": f"{leader.strip()}{n}",  # a document id that starts like a formula
                "title": f"{leader}标题",
                "date": "2022-09-01",
                "source": leader,
                "url": JS_URL,
                "text": f"{leader}储能项目于2022年9月{n}日在江门市蓬江区开工。"
                f"2022年10月{n}日，{leader}光伏项目在江门市鹤山市签约。",
            }
        )
    records.append(
        {
            "id": "controls",
            "title": f"控制{CONTROLS}字符",
            "date": "2022-08-01",
            "source": f"源{CONTROLS}",
            "text": f"2022年8月9日，储能{CONTROLS}项目在江门市新会区签约。",
        }
    )
    return records


@pytest.fixture(scope="module", autouse=True)
def _figures(report_lines: list[str]) -> Iterator[None]:
    yield
    report_lines.append(
        f"reliability: hostile payloads={PAYLOADS} exports={FIGURES['exports']} "
        f"scripts_run={FIGURES['scripts_run']} formulas_live={FIGURES['formulas_live']}"
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    corpus = folder / "hostile.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in _records()]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "hostile.sqlite3"
    conn = connect(db)
    ensure_places(conn, paths.gazetteer_path())
    report = run_to_end(import_corpus(conn, [corpus], extract_with_bundled_gazetteer))
    assert not report.failures
    place_fixes.set_override(
        conn, '=HYPERLINK("//evil","x")园', 22.5, 113.0, "@SUM(1)", note="+1<script>x</script>"
    )
    conn.close()
    return db


@pytest.fixture(scope="module")
def events(store: Path) -> list[Event]:
    return repository.load_events(connect(store))


def _text_of(event: Event) -> str:
    return f"{event.document} {event.title} {event.subject} {event.excerpt}"


def test_the_hostile_text_reached_events(events: list[Event]) -> None:
    texts = " ".join(_text_of(e) for e in events)
    for attack in WHOLE:
        assert attack in texts, attack
    assert LINE_SEPARATORS[0] in texts and "\x1b" in texts
    for leader in FORMULAS:
        assert any(leader in e.excerpt for e in events), repr(leader)
    # Cells of the event table that start like formulas: sentences, titles, document ids.
    for column in ("excerpt", "title", "document"):
        starts = {getattr(e, column)[0] for e in events}
        assert starts >= {"=", "+", "-", "@"}, column
    assert all(e.lat is not None for e in events)  # every one is on the map


# ---------------------------------------------------------------------------- pages


def _dispose(view: Any) -> None:
    from explorer.gui.headless import _dispose as dispose

    dispose(view)  # now: a page alive when Qt releases its web profile crashes the exit


def _run_js(qtbot: Any, page: Any, script: str, timeout: int = 5000) -> Any:
    results: list[str] = []
    page.runJavaScript(f"JSON.stringify(({script}) ?? null)", 0, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=timeout)
    return json.loads(results[0])


def _assert_page_clean(qtbot: Any, page: Any) -> None:
    pwned = _run_js(qtbot, page, PWNED)
    FIGURES["scripts_run"] += bool(pwned)
    assert pwned is False, "a script from the data ran"
    assert _run_js(qtbot, page, INJECTED) == 0, "an element from the data is in the DOM"


def _open_every_popup(qtbot: Any, page: Any, events: list[Event]) -> list[str]:
    popups = []
    for event in events:
        assert _run_js(qtbot, page, f"window.explorer.clickMarker({event.id})") is True
        popups.append(_run_js(qtbot, page, f"window.explorer.popupText({event.id})"))
    opened = "document.querySelector('.leaflet-popup-content') !== null"
    assert _run_js(qtbot, page, opened) is True
    return popups


@pytest.fixture(scope="module")
def map_view(qapp, events: list[Event]) -> Iterator[Any]:
    from explorer.gui.map.view import MapView

    view = MapView()
    view.resize(900, 650)
    view.show()
    yield view
    _dispose(view)


def test_the_app_map_runs_no_script_of_the_data(qtbot, map_view, events) -> None:
    with qtbot.waitSignal(map_view.bridge.ready, timeout=20000):
        map_view.load_page()
    with qtbot.waitSignal(map_view.bridge.drawn, timeout=10000) as drawn:
        map_view.set_events(events, caption=CAPTION)
    assert drawn.args == [len(events)]  # U+2028 and "</script>" did not break the JS
    caption = "document.getElementById('ev-caption').textContent"
    assert _run_js(qtbot, map_view.page(), caption) == CAPTION
    popups = _open_every_popup(qtbot, map_view.page(), events)
    FIGURES["exports"] += 1
    _assert_page_clean(qtbot, map_view.page())
    assert any("&lt;script&gt;__pwned=1&lt;/script&gt;" in p for p in popups)
    assert not any("<script" in p or "<img" in p for p in popups)


def test_the_standalone_map_runs_no_script_of_the_data(qtbot, qapp, events, tmp_path) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView

    text = standalone_map(events, caption=CAPTION)
    assert "<!--<script>" not in text and "<script>__pwned" not in text
    path = tmp_path / "map.html"
    path.write_text(text, encoding="utf-8")
    view = QWebEngineView()  # shown and sized: Leaflet draws markers only in a viewport
    view.resize(900, 650)
    view.show()
    page = view.page()
    try:
        with qtbot.waitSignal(page.loadFinished, timeout=20000):
            view.load(QUrl.fromLocalFile(str(path)))
        drawn = "document.querySelectorAll('.ev-marker, .ev-cluster').length > 0"
        qtbot.waitUntil(lambda: _run_js(qtbot, page, drawn) is True, timeout=10000)
        _open_every_popup(qtbot, page, events)
        caption = _run_js(qtbot, page, "document.getElementById('ev-caption').textContent")
        assert caption == CAPTION
        FIGURES["exports"] += 1
        _assert_page_clean(qtbot, page)
    finally:
        _dispose(view)


def test_the_print_snapshot_runs_no_script_of_the_data(qtbot, qapp, events) -> None:
    from explorer.gui.headless import snapshot_view

    spec = SnapshotSpec(title=CAPTION, subtitle=WHOLE[1], width=800, height=600, scale=1.0)
    view, drawn = snapshot_view(events, spec)
    try:
        assert drawn["events"] == len(events)
        heading = "document.getElementById('print-title').textContent"
        assert _run_js(qtbot, view.page(), heading) == CAPTION + WHOLE[1]  # as characters
        FIGURES["exports"] += 1
        _assert_page_clean(qtbot, view.page())
    finally:
        _dispose(view)


# ---------------------------------------------------------------------------- tables


def _live(cell: object) -> bool:
    return isinstance(cell, str) and cell.startswith(FORMULA_LEADERS)


def _count_live(cells: list[object]) -> int:
    live = sum(map(_live, cells))
    FIGURES["formulas_live"] += live
    return live


def _citations(store: Path, events: list[Event]) -> dict[int, repository.Citation]:
    """The events' articles: hostile titles, sources and URLs reach the citation columns."""
    return repository.event_citations(connect(store), [e.id for e in events if e.id])


def test_csv_cells_that_start_like_formulas_are_inert(events, store, tmp_path) -> None:
    path = tmp_path / "e.csv"
    write_events(events, path, citations=_citations(store, events))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    FIGURES["exports"] += 1
    cells: list[object] = [v for row in rows for v in row.values()]
    assert _count_live(cells) == 0
    assert any(str(c).startswith("'=HYPERLINK(") for c in cells)  # the text, neutralised
    assert any(row["媒体"] and row["URL"] for row in rows)  # the articles' fields are there
    # A CR would break the row, a control character the XLSX: see explorer.core.cells.
    excerpts = {xml_safe(clean_text(e.excerpt)) for e in events}
    assert {row["摘录"].lstrip("'") for row in rows} == excerpts


def test_xlsx_has_no_formula_and_no_cell_that_starts_like_one(events, store, tmp_path) -> None:
    path = tmp_path / "e.xlsx"
    write_events(events, path, citations=_citations(store, events))
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row]
    FIGURES["exports"] += 1
    formulas = [c.value for c in cells if c.data_type == "f"]
    FIGURES["formulas_live"] += len(formulas)
    assert formulas == []
    assert _count_live([c.value for c in cells]) == 0


def test_geojson_is_valid_and_keeps_the_text(events, store, tmp_path) -> None:
    path = tmp_path / "e.geojson"
    write_events(events, path, citations=_citations(store, events))
    data = json.loads(path.read_text(encoding="utf-8"))
    FIGURES["exports"] += 1
    excerpts = {f["properties"]["摘录"] for f in data["features"]}
    # Cleaned of Markdown and stray whitespace, not neutralised: GIS reads it as data.
    assert excerpts == {clean_text(e.excerpt) for e in events}


def test_place_fixes_csv_is_inert_and_imports_back(store, tmp_path) -> None:
    path = tmp_path / "fixes.csv"
    assert cli.main(["places", "export", "-o", str(path), "--db", str(store)]) == 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    FIGURES["exports"] += 1
    assert _count_live([cell for row in rows for cell in row]) == 0
    (fix,) = place_fixes.read_csv(path, "me")
    assert (fix.name, fix.who, fix.note) == (
        '=HYPERLINK("//evil","x")园',
        "@SUM(1)",
        "+1<script>x</script>",
    )


# ---------------------------------------------------------------------------- documents


def test_timeline_svg_is_well_formed_and_has_no_script(events, tmp_path, qapp) -> None:
    from explorer.gui.headless import export_timeline

    path = tmp_path / "t.svg"
    export_timeline(events, path, lanes="subject")
    raw = path.read_text(encoding="utf-8")
    root = ET.fromstring(raw)  # well-formed XML, whatever the titles hold
    FIGURES["exports"] += 1
    assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("script", "img")]
    assert "<script" not in raw and "onerror" not in re.sub(r"&lt;.*?&gt;", "", raw)
    labels = "".join(e.text or "" for e in root.iter() if e.tag.endswith("text"))
    assert "<script>__" in labels  # drawn as characters (elided to the lane's width)


class _Tags(HTMLParser):
    """The tags of an HTML document and their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _unsafe_tags(html: str, allowed_images: tuple[str, ...] = ()) -> list[str]:
    """Script, svg and handler-bearing tags, images not in ``allowed_images``, and links to
    anything but http(s) or the app's own event: / merge: schemes."""
    unsafe = []
    for tag, attrs in _tags(html):
        href = (attrs.get("href") or "").strip().lower()
        if (
            tag in ("script", "svg", "iframe")
            or any(name.startswith("on") for name in attrs)
            or (tag == "img" and attrs.get("src") not in allowed_images)
            or (tag == "a" and not href.startswith(("http://", "https://", "event:", "merge:")))
        ):
            unsafe.append(f"<{tag} {attrs}>")
    return unsafe


def test_briefing_html_shows_the_text_as_characters(store, events) -> None:
    conn = connect(store)
    briefing = build_briefing(events, lambda i: event_source(conn, i), title=MARKUP[0])
    html = briefing_html(briefing, "map.png", "timeline.png")
    FIGURES["exports"] += 1
    assert _unsafe_tags(html, ("map.png", "timeline.png")) == []
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html


@pytest.fixture(scope="module")
def briefings(store: Path, events: list[Event], qapp) -> dict[str, Path]:
    from explorer.gui.briefing import export_briefing

    conn = connect(store)
    out = {}
    for suffix in (".pdf", ".docx"):
        out[suffix] = store.parent / f"brief{suffix}"
        export_briefing(conn, events, out[suffix], title=MARKUP[1])
    return out


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_briefing_pdf_prints_the_text(briefings) -> None:
    with pdfplumber.open(briefings[".pdf"]) as pdf:
        text = _squeezed("".join(page.extract_text() or "" for page in pdf.pages))
        links = [str(a.get("uri")) for page in pdf.pages for a in page.annots]
    FIGURES["exports"] += 1
    assert _squeezed(MARKUP[1]) in text  # the title
    assert "<script>" in text  # sentences and titles (table cells wrap them)
    assert JS_URL in text and not [u for u in links if "javascript" in u.lower()]


def test_briefing_docx_holds_the_text(briefings) -> None:
    document = Document(str(briefings[".docx"]))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "".join([p.text for p in document.paragraphs] + cells)
    FIGURES["exports"] += 1
    assert MARKUP[1] in text and "<script>__pwned=1</script>" in text


# ---------------------------------------------------------------------------- the window


def _hostile_event(events: list[Event]) -> Event:
    """An event of the article with the javascript: URL and a script tag in its title."""
    return next(e for e in events if e.document == "markup-1")


def test_detail_pane_escapes_and_links_only_the_web(store, events, qapp) -> None:
    from explorer.gui.detail_pane import DetailPane

    conn = connect(store)
    pane = DetailPane()
    try:
        for event in events:
            pane.show_event(event, event_source(conn, event.id), {"": events[:3]}, [])
            html = pane.text.toHtml()
            assert _unsafe_tags(html) == [], event.document
            assert "javascript:" not in "".join(
                str(a.get("href")) for _, a in _tags(html) if "href" in a
            )
        event = _hostile_event(events)
        pane.show_event(event, event_source(conn, event.id))
        assert MARKUP[0] in pane.toPlainText()
        FIGURES["exports"] += 1
    finally:
        pane.deleteLater()


def test_article_dialog_escapes_and_links_only_the_web(store, events, qapp) -> None:
    from explorer.gui.article_dialog import ArticleDialog

    conn = connect(store)
    for document in ("markup-1", "markup-2"):  # a javascript: URL, an http URL with markup
        event = next(e for e in events if e.document == document)
        article = article_of(conn, event.id)
        assert article is not None
        dialog = ArticleDialog(article, event.id)
        try:
            html = dialog.text.toHtml()
            assert _unsafe_tags(html) == []
            assert article.text.split("。")[-2] in dialog.text.toPlainText()  # the markup
        finally:
            dialog.deleteLater()
    FIGURES["exports"] += 1
