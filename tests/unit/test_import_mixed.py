"""`explorer import` on the folder an analyst actually has: web pages, an MHTML archive, a
PDF page, Word files and text, some of them damaged. Each format is reported, every good
file imports, the bad ones get one line each, and nothing imported before is lost."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from explorer.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import format_writers  # bench/ is not a package: its synthetic-file writers


@dataclass
class _Article:  # invented for the tests; no news text
    title: str
    date: str
    source: str
    url: str
    body: str


def _article(n: int, district: str, deed: str) -> _Article:
    return _Article(
        f"某某{n}号项目{deed}",
        f"2022-08-{n:02d}",
        "某某日报",
        f"https://news.example.cn/{n}.html",
        f"2022年8月{n}日，某某{n}号项目在江门市{district}{deed}，总投资{n}0亿元。\n\n"
        f"该项目主要建设生产线和研发中心，将带动上下游企业落户{district}。",
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "inbox"
    out.mkdir()
    (out / "page.html").write_text(format_writers.html_page(_article(1, "新会区", "签约")), "utf-8")
    gbk = format_writers.html_page(_article(2, "台山市", "动工"), charset="gbk")
    (out / "gbk.htm").write_bytes(gbk.encode("gbk"))
    (out / "saved.mhtml").write_bytes(format_writers.mhtml_archive(_article(3, "开平市", "投产")))
    format_writers.write_docx(_article(4, "鹤山市", "签约"), out / "brief.docx")
    page = [_article(n, "蓬江区", "动工") for n in (5, 6, 7)]
    format_writers.write_pdf_page(page, out / "A10.pdf", "A10")
    (out / "note.txt").write_text("某某8号项目签约\n\n2022年8月8日，某某8号项目在恩平市签约。\n")
    return out


def _broken(out: Path) -> None:
    (out / "cut.pdf").write_bytes((out / "A10.pdf").read_bytes()[:300])
    (out / "menu.html").write_text(
        "<html><body><ul>" + "".join(f"<li><a href='/{i}'>栏目{i}</a></li>" for i in range(30))
    )
    (out / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    scan = out / "scan.pdf"
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(scan))
    canvas.rect(50, 50, 400, 600, fill=1)  # drawn, like a scanned image: no text layer
    canvas.save()


def test_a_folder_of_every_format_is_reported_per_format(capsys, folder, db_path) -> None:
    assert main(["import", str(folder), "--db", str(db_path), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "imported 6 documents (8 articles" in out and "failed 0" in out
    for line in (
        "  html: 2 imported (2 articles), 0 already imported, 0 failed",
        "  mhtml: 1 imported (1 articles), 0 already imported, 0 failed",
        "  pdf: 1 imported (3 articles), 0 already imported, 0 failed",
        "  docx: 1 imported (1 articles), 0 already imported, 0 failed",
        "  text: 1 imported (1 articles), 0 already imported, 0 failed",
    ):
        assert line in out, out
    conn = sqlite3.connect(db_path)
    titles = {t for (t,) in conn.execute("SELECT title FROM documents")}
    assert {"某某1号项目签约", "某某2号项目动工", "某某4号项目签约"} <= titles
    pages = {p for (p,) in conn.execute("SELECT page FROM articles WHERE page IS NOT NULL")}
    assert pages == {"A10"}
    districts = {d for (d,) in conn.execute("SELECT district FROM events")}
    assert {"新会区", "台山市", "开平市", "鹤山市", "蓬江区", "恩平市"} <= districts


def test_damaged_files_get_one_line_each_and_lose_nothing(capsys, folder, db_path) -> None:
    assert main(["import", str(folder), "--db", str(db_path)]) == 0
    capsys.readouterr()
    _broken(folder)
    (folder / "new.txt").write_text("某某9号项目投产\n\n2022年8月9日，某某9号项目在新会区投产。\n")
    assert main(["import", str(folder), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "imported 1 documents" in out and "skipped 6 already imported" in out
    failed = [line for line in out.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 4, out
    by_file = {Path(line.split(": ")[1]).name: line for line in failed}
    assert "damaged PDF" in by_file["cut.pdf"]
    assert "no text layer (scanned image)" in by_file["scan.pdf"]
    assert "no article text found" in by_file["menu.html"]
    assert "password-protected" in by_file["locked.docx"]
    assert "  pdf: 0 imported (0 articles), 1 already imported, 2 failed" in out
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 7


def test_a_traditional_page_is_read_simplified_and_quoted_as_written(
    capsys, tmp_path, db_path
) -> None:
    sentence = "2022年8月12日，某某儲能項目在江門市臺山市廣海灣舉行簽約儀式，總投資12億元。"
    page = _Article(
        "某某儲能項目簽約", "2022-08-13", "某某澳門日報", "https://hk.example.com/1", sentence
    )
    (tmp_path / "hk.html").write_text(format_writers.html_page(page), "utf-8")
    assert main(["import", str(tmp_path / "hk.html"), "--db", str(db_path)]) == 0
    conn = sqlite3.connect(db_path)
    (title, pub_date, source, raw) = conn.execute(
        "SELECT title, pub_date, source, raw_text FROM documents"
    ).fetchone()
    assert (title, pub_date, source) == ("某某儲能項目簽約", "2022-08-13", "某某澳門日報")
    (kind, district, amount, excerpt, start, end) = conn.execute(
        "SELECT type, district, amount_cny, excerpt, span_start, span_end FROM events"
    ).fetchone()
    assert (kind, district, amount) == ("signing", "台山市", 1_200_000_000)
    assert excerpt == sentence == raw[start:end]  # the traditional original, exactly
