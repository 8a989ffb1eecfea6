"""What the window imports: a folder of web pages, PDF and Word files dropped on it, an
article pasted from a phone (文件 → 粘贴文章…); the detail pane cites the newspaper page
an event was printed on."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from explorer.gui.paste_dialog import PasteArticleDialog
from explorer.pipeline.documents import Meta, Page, document_from_pages

# Invented for the tests; no news text.
TEXT = "2023年5月6日，某某储能项目在江门市新会区签约，总投资30亿元。"


def _ok(dialog: PasteArticleDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_dialog_accepts_only_text_with_a_real_date(qtbot) -> None:
    dialog = PasteArticleDialog()
    qtbot.addWidget(dialog)
    assert not _ok(dialog).isEnabled()  # nothing pasted yet
    dialog.text.setPlainText(TEXT)
    dialog.date.insert("五月某日")
    assert not _ok(dialog).isEnabled() and "五月某日" in dialog.error.text()
    dialog.date.clear()
    dialog.date.insert("2023-05-07")
    dialog.title.insert("储能项目签约")
    assert _ok(dialog).isEnabled() and not dialog.error.text()
    _ok(dialog).click()
    doc = dialog.document
    assert doc is not None and doc.title == "储能项目签约" and doc.format == "pasted"
    assert doc.body == f"储能项目签约\n\n{TEXT}"


def test_a_pasted_article_appears_with_its_quote_and_its_report(qtbot, window, monkeypatch):
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "show", lambda box: shown.append(box))

    def fill_and_accept(dialog: PasteArticleDialog) -> int:
        dialog.title.insert("储能项目签约")
        dialog.date.insert("2023-05-07")
        dialog.source.insert("某公众号")
        dialog.text.setPlainText(TEXT)
        dialog.accept()
        return 1

    monkeypatch.setattr(PasteArticleDialog, "exec", fill_and_accept)
    before = len(window.state.events)
    with qtbot.waitSignal(window.state.events_changed, timeout=30000):
        window._on_paste_article()
    assert len(window.state.events) == before + 1
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "粘贴的文章：导入 1 个" in shown[0].text(), shown[0].text()
    event = next(e for e in window.state.events if e.excerpt == TEXT)
    window.state.select(event.id)
    text = window.details.toPlainText()
    assert TEXT in text and "某公众号" in text


@pytest.mark.parametrize(
    ("page", "cited", "not_cited"),
    [("A10", "A10 版", "第 A10 页"), ("3版", "3 版", "第 3 页")],  # a numbered edition page too
)
def test_the_detail_pane_names_the_newspaper_page(
    qtbot, window, monkeypatch, page, cited, not_cited
) -> None:
    monkeypatch.setattr(QMessageBox, "show", lambda box: None)
    doc = document_from_pages("paper.pdf", [Page(page, f"储能项目签约\n\n{TEXT}")], Meta(), "pdf")
    with qtbot.waitSignal(window.state.events_changed, timeout=30000):
        window.start_import([], [doc])
    event = next(e for e in window.state.events if e.excerpt == TEXT)
    window.state.select(event.id)
    text = window.details.toPlainText()
    assert cited in text and not_cited not in text


def test_a_dropped_folder_of_pages_pdfs_and_word_files_imports_each(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import format_writers  # bench/ is not a package: its synthetic-file writers

    def article(n: int) -> SimpleNamespace:
        body = f"2023年6月{n}日，某某{n}号储能项目在江门市开平市动工，总投资{n}亿元。"
        return SimpleNamespace(
            title=f"某某{n}号储能项目动工",
            date=f"2023-06-{n:02d}",
            source="某某日报",
            url=f"https://news.example.cn/{n}.html",
            body=body,
        )

    folder = tmp_path / "dropped"
    folder.mkdir()
    (folder / "a.html").write_text(format_writers.html_page(article(1)), encoding="utf-8")
    format_writers.write_docx(article(2), folder / "b.docx")
    format_writers.write_pdf_page([article(3), article(4)], folder / "c.pdf", "A03")
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "show", lambda box: shown.append(box))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.state.events_changed, timeout=30000):
        window.dropEvent(drop)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    report = shown[0].text()
    for line in ("网页：导入 1 个", "Word 文档：导入 1 个", "PDF 版面：导入 1 个（2 篇文章）"):
        assert line in report, report
    new = [e for e in window.state.events if e.subject and "号储能项目" in e.subject]
    assert len(new) == 4 and {e.district for e in new} == {"开平市"}


def test_the_detail_pane_says_a_quote_is_traditional(qtbot, window, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "show", lambda box: None)
    sentence = "2023年5月8日，某某儲能項目在江門市新會區舉行簽約儀式，總投資30億元。"
    doc = document_from_pages("hk.pdf", [Page("A2", f"儲能項目簽約\n\n{sentence}")], Meta(), "pdf")
    with qtbot.waitSignal(window.state.events_changed, timeout=30000):
        window.start_import([], [doc])
    event = next(e for e in window.state.events if e.excerpt == sentence)
    assert event.district == "新会区"
    window.state.select(event.id)
    text = window.details.toPlainText()
    assert sentence in text and "繁体原文，按简体识别" in text and "A2 版" in text
