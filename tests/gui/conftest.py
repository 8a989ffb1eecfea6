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
