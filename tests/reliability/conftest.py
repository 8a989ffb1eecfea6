"""Reliability suites: whole paths (import → every export) under hostile or failing input.

QtWebEngine is set up as in ``tests/gui/conftest.py`` (offscreen, ``--no-sandbox`` as root,
imported before the QApplication exists). Suites append their figures to
:data:`REPORT_LINES` (through the ``report_lines`` fixture); they are printed at the end of
the run, so CI's ``pytest -q`` output shows them.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if "--no-sandbox" not in flags:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()

import pytest
from PySide6 import QtWebEngineWidgets  # noqa: F401  (before the QApplication exists)

# One line per suite, e.g. "reliability: hostile payloads=9 exports=12 scripts_run=0 …".
REPORT_LINES: list[str] = []


@pytest.fixture(scope="session")
def report_lines() -> list[str]:
    """The lines printed in the terminal summary: append yours."""
    return REPORT_LINES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in REPORT_LINES:
        terminalreporter.write_line(line)


@pytest.fixture
def figures(report_lines: list[str]) -> list[str]:
    """The kill -9 suite's name for the same list."""
    return report_lines
