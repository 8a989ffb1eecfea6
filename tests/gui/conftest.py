"""GUI tests run offscreen; QtWebEngine needs --no-sandbox when tests run as root."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if "--no-sandbox" not in flags:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()

# QtWebEngine must be imported before the QApplication exists (it sets up OpenGL sharing).
import pytest
from PySide6 import QtWebEngineWidgets  # noqa: F401


@pytest.fixture(autouse=True)
def _chinese_ui(qapp):
    """The UI speaks Chinese by default, as the app does; a test may switch to English."""
    from explorer.gui import translations

    assert translations.install(qapp, "zh"), "the Chinese UI translation did not load"
    yield
    translations.install(qapp, "zh")


@pytest.fixture(autouse=True)
def _delete_windows_after_each_test(qapp):
    """Web pages alive when Qt releases the web profile at exit crash the interpreter:
    delete every window a test left behind."""
    yield
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    for widget in qapp.topLevelWidgets():
        if shiboken6.isValid(widget):  # some are already on their way out
            widget.close()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(qtbot, tmp_path, corpus_dir):
    """The main window on the sample corpus, with its map drawn."""
    from explorer import paths
    from explorer.gui.main_window import MainWindow
    from explorer.gui.settings import Settings
    from explorer.gui.state import AppState
    from explorer.pipeline.extract import extract_with_bundled_gazetteer
    from explorer.store.bootstrap import ensure_places
    from explorer.store.db import connect
    from explorer.store.importer import import_corpus, run_to_end

    conn = connect(tmp_path / "w.sqlite3")
    ensure_places(conn, paths.gazetteer_path())
    run_to_end(import_corpus(conn, [corpus_dir], extract_with_bundled_gazetteer))
    state = AppState(conn)
    settings = Settings(tmp_path / "settings.ini")
    win = MainWindow(state, settings)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    with qtbot.waitSignal(win.map.bridge.drawn, timeout=20000):
        state.reload()
    return win
