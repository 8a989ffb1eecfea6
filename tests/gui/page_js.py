"""Reading values out of the map page in tests."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWebEngineWidgets import QWebEngineView


def js_value(qtbot: Any, view: QWebEngineView, script: str) -> Any:
    """The value of a JavaScript expression on ``view``'s page (JSON round trip; undefined
    is None)."""
    results: list[str] = []
    view.page().runJavaScript(f"JSON.stringify(({script}) ?? null)", 0, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    return json.loads(results[0])
