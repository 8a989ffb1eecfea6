"""The log file: where it is, what reaches it, and unhandled exceptions (no Qt)."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

from explorer import logs, paths


def _log_text() -> str:
    return paths.log_path().read_text(encoding="utf-8")


def test_the_log_is_under_the_data_dir_and_gets_every_explorer_module() -> None:
    where = logs.configure()
    assert where == Path(os.environ["EXPLORER_DATA_DIR"], "logs", "explorer.log").absolute()
    logging.getLogger("explorer.pipeline.something").warning("gazetteer has 三 duplicates")
    logging.getLogger("someone.else").warning("not ours")
    text = _log_text()
    assert "WARNING explorer.pipeline.something" in text and "三 duplicates" in text
    assert "not ours" not in text


def test_the_log_rotates_instead_of_growing_without_end() -> None:
    logs.configure()
    chunk = "x" * 10_000
    for _ in range(2 * logs.MAX_BYTES // len(chunk)):
        logging.getLogger("explorer.test").info(chunk)
    files = sorted(p.name for p in paths.user_log_dir().iterdir())
    assert files[:2] == ["explorer.log", "explorer.log.1"]
    assert all(p.stat().st_size <= logs.MAX_BYTES + 20_000 for p in paths.user_log_dir().iterdir())


def test_a_new_data_dir_moves_the_log(tmp_path, monkeypatch) -> None:
    first = logs.configure()
    monkeypatch.setenv("EXPLORER_DATA_DIR", str(tmp_path / "other"))
    second = logs.configure()
    logging.getLogger("explorer.test").warning("after the move")
    assert second == (tmp_path / "other" / "logs" / "explorer.log").absolute() != first
    assert "after the move" in second.read_text(encoding="utf-8")
    assert first is not None and "after the move" not in first.read_text(encoding="utf-8")


def test_an_unwritable_log_folder_does_not_stop_the_app(tmp_path, monkeypatch, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("EXPLORER_DATA_DIR", str(blocker))  # logs/ cannot be made in a file
    assert logs.configure() is None and logs.log_file() is None
    assert "cannot write the log" in capsys.readouterr().err


def _raise(message: str) -> None:
    raise RuntimeError(message)


def test_an_unhandled_exception_is_logged_then_printed(capsys) -> None:
    logs.configure()
    try:
        _raise("unhandled 江门")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    text = _log_text()
    assert "CRITICAL" in text and "unhandled 江门" in text and "in _raise" in text
    assert "unhandled 江门" in capsys.readouterr().err  # a terminal user still sees it


def test_a_thread_s_exception_reaches_the_report_once() -> None:
    seen: list[BaseException] = []
    logs.configure(report=seen.append)
    thread = threading.Thread(target=_raise, args=("in a thread",), name="worker-7")
    thread.start()
    thread.join()
    assert [str(e) for e in seen] == ["in a thread"]
    assert "unhandled exception in thread worker-7" in _log_text()


def test_a_failing_report_is_logged_and_not_retried(capsys) -> None:
    calls: list[BaseException] = []

    def broken(error: BaseException) -> None:
        calls.append(error)
        raise ValueError("the dialog broke")

    logs.configure(report=broken)
    try:
        _raise("first")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert len(calls) == 1
    text = _log_text()
    assert "the error report failed" in text and "the dialog broke" in text
    assert "first" in capsys.readouterr().err
