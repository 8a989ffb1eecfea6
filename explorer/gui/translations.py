"""The UI's languages through Qt translations.

Source strings are English (``self.tr("…")``); ``assets/translations/explorer_zh_CN.ts`` holds
the Chinese, compiled to ``.qm`` by ``scripts/build_translations.py`` at set-up. Qt's own
translations (standard buttons, dialogs) come with PySide6.

Dates, durations and the vocabulary's labels (types, statuses, precisions) are not Qt
strings: the Qt-free exports need them too, so ``explorer.core.vocabulary`` and the
timeline's scale format them for a language passed in.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from explorer import paths

log = logging.getLogger(__name__)

LANGUAGES = {"zh": "zh_CN", "en": None}  # English is the source language: nothing to load
_installed: list[QTranslator] = []
_language = "en"  # what the UI speaks: English until a translation loads


def ui_language() -> str:
    """The language the UI speaks now (zh|en): the one :func:`install` loaded, English if
    its translation was missing. Widgets label types, statuses and precisions in it, so
    those labels never disagree with the Qt strings around them."""
    return _language


def install(app: QCoreApplication, language: str) -> bool:
    """Make ``language`` (zh|en) the UI language; ``False`` if its translation is missing.

    Replaces translators installed before, so tests can switch languages.
    """
    global _language
    _language = "en"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    locale_name = LANGUAGES.get(language)
    if locale_name is None:
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return language in LANGUAGES
    QLocale.setDefault(QLocale(locale_name))
    ours = compiled(locale_name)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    files = [ours, Path(qt_dir) / f"qtbase_{locale_name}.qm"]
    for file in files:
        translator = QTranslator(app)
        if file is not None and translator.load(str(file)):
            app.installTranslator(translator)
            _installed.append(translator)
            if file == ours:  # our strings speak it now (Qt's own alone do not)
                _language = language
        else:
            log.warning("no UI translation at %s", file)
    return ours is not None and bool(_installed)


def source(locale_name: str) -> Path:
    return paths.assets_dir() / "translations" / f"explorer_{locale_name}.ts"


def compiled(locale_name: str) -> Path | None:
    """The ``.qm`` for a locale: the one built at set-up if it is current, else one built
    now into the user's cache (a source checkout that skipped set-up still speaks Chinese).

    The frozen app ships the ``.qm`` and only that: it has no Python to run lrelease with
    (its ``sys.executable`` is the app itself).
    """
    ts = source(locale_name)
    built = ts.with_suffix(".qm")
    if paths.is_frozen():
        return built if built.exists() else None
    if built.exists() and (not ts.exists() or built.stat().st_mtime >= ts.stat().st_mtime):
        return built
    if not ts.exists():
        return None
    cached = paths.user_cache_dir() / built.name
    if cached.exists() and cached.stat().st_mtime >= ts.stat().st_mtime:
        return cached
    cached.parent.mkdir(parents=True, exist_ok=True)
    return cached if build(ts, cached) else None


def build(ts: Path, qm: Path) -> bool:
    """Compile ``ts`` to ``qm`` with the lrelease that ships with PySide6 (not in the frozen
    app, whose executable is not a Python interpreter)."""
    if paths.is_frozen():
        return False
    command = [sys.executable, "-c", "from PySide6.scripts.pyside_tool import lrelease; lrelease()"]
    try:
        subprocess.run(
            [*command, str(ts), "-qm", str(qm)], check=True, capture_output=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("cannot compile %s: %s", ts, error)
        return False
    return qm.exists()
