"""One error path: a failure anywhere is logged, and the user sees it without the app blocking."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from explorer import paths
from explorer.gui import errors


def _log_text() -> str:
    return paths.log_path().read_text(encoding="utf-8")


@pytest.fixture
def sink(qapp):
    """The app's error reporter, installed as ``open_window`` does, with no dialog left over."""
    errors.install()
    reporter = errors.reporter()
    assert reporter is not None
    reporter.dialog = None
    return reporter


def _broken_import(db_path, paths_, documents, cancelled):
    raise RuntimeError("disk on fire")
    yield  # a generator, as the real job is


def test_a_failed_import_shows_the_error_and_the_log_has_it(qtbot, window, sink, monkeypatch):
    from explorer.gui import workers

    monkeypatch.setattr(workers, "_import_job", _broken_import)
    with qtbot.waitSignal(sink.reported, timeout=30000):
        window.start_import([str(paths.bundled_corpus())])
    box = sink.dialog
    assert box.isVisible()
    assert box.text() == "导入失败: disk on fire"
    assert "Traceback" in box.detailedText() and "_broken_import" in box.detailedText()
    assert str(paths.log_path()) in box.informativeText()  # where to find it again
    text = _log_text()
    assert "ERROR" in text and "导入失败" in text and "disk on fire" in text
    assert "_broken_import" in text
    progress = window.findChildren(QProgressDialog)
    qtbot.waitUntil(lambda: not any(p.isVisible() for p in progress))  # not stuck "Importing…"


def test_an_unreadable_file_is_named_in_the_report_and_the_log(
    qtbot, window, sink, tmp_path, monkeypatch
):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "show", lambda box: shown.append((box.text(), box.detailedText()))
    )
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"title": "cut off', encoding="utf-8")
    with qtbot.waitSignal(window.state.events_changed, timeout=30000):
        window.start_import([str(bad)])
    [(text, details)] = shown
    assert "失败 1" in text and f"{bad}:1" in details  # the report speaks the UI language
    assert f"import: failed: {bad}:1" in _log_text()
    assert sink.dialog is None  # an expected failure is not a bug report


def test_an_exception_in_a_slot_opens_the_dialog_without_blocking(qtbot, sink) -> None:
    def broken_slot() -> None:
        raise KeyError("no such district")

    with qtbot.waitSignal(sink.reported, timeout=5000) as reported:
        QTimer.singleShot(0, broken_slot)
    assert "no such district" in reported.args[0]
    assert "broken_slot" in sink.dialog.detailedText()
    assert "CRITICAL" in _log_text() and "unhandled exception" in _log_text()
    # The app goes on: a second error while the dialog is up is logged, not stacked.
    with qtbot.waitSignal(sink.reported, timeout=500, raising=False) as again:
        QTimer.singleShot(0, lambda: 1 / 0)
        qtbot.wait(100)
    assert not again.signal_triggered and "ZeroDivisionError" in _log_text()


def test_an_exception_in_another_thread_reaches_the_dialog(qtbot, sink) -> None:
    def background() -> None:
        raise OSError("network gone")

    with qtbot.waitSignal(sink.reported, timeout=5000):
        thread = threading.Thread(target=background, name="lookup")
        thread.start()
        thread.join()
    assert "network gone" in sink.dialog.text()
    assert "unhandled exception in thread lookup" in _log_text()


def test_a_dialog_that_cannot_open_is_logged_not_retried(qtbot, sink, monkeypatch) -> None:
    opened: list[QMessageBox] = []

    def broken_open(box: QMessageBox) -> None:
        opened.append(box)
        raise RuntimeError("no screen")

    monkeypatch.setattr(QMessageBox, "open", broken_open)
    QTimer.singleShot(0, lambda: errors.report_error(ValueError("first"), "Export failed"))
    qtbot.waitUntil(lambda: "cannot show the error dialog" in _log_text(), timeout=5000)
    qtbot.wait(100)
    assert len(opened) == 1 and sink.dialog is None
    text = _log_text()
    assert "Export failed" in text and "no screen" in text


def test_expected_errors_are_a_plain_message(qtbot, sink) -> None:
    from explorer.core.errors import InputError

    with qtbot.waitSignal(sink.reported, timeout=5000):
        errors.report_error(InputError("a.csv:3", "malformed CSV"), "Import failed")
    assert sink.dialog.text() == "Import failed: a.csv:3: malformed CSV"
    assert sink.dialog.detailedText() == ""  # nothing to copy: it is not a bug
    assert "WARNING" in _log_text() and "Import failed: a.csv:3: malformed CSV" in _log_text()


def _many_articles(folder, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        (folder / f"a{i}.txt").write_text(f"第{i}篇。2022年3月{i % 28 + 1}日,项目{i}动工。")


def test_closing_the_window_stops_a_running_import(qtbot, window, tmp_path, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    _many_articles(tmp_path / "many", 300)
    window.start_import([str(tmp_path / "many")])
    window.close()
    # Closing waited for the worker: no thread left, nothing of the batch kept, no message
    # popping up over a window that is gone.
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    qtbot.wait(50)
    count = window.state.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert count == 5 and told == []
    from explorer.gui.workers import running_workers

    assert running_workers() == 0


def test_map_page_console_messages_go_to_the_log(qtbot, window) -> None:
    from explorer import logs

    logs.configure()
    window.map.page().runJavaScript("console.error('map says 你好')")
    qtbot.waitUntil(lambda: "map page: map says 你好" in _log_text(), timeout=10000)
