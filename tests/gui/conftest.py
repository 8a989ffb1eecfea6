"""GUI tests run offscreen; QtWebEngine needs --no-sandbox when tests run as root."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if "--no-sandbox" not in flags:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()

# QtWebEngine must be imported before the QApplication exists (it sets up OpenGL sharing).
from PySide6 import QtWebEngineWidgets  # noqa: F401
