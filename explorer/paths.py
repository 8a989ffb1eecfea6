"""Where things live: bundled data and assets, and the user's own data directory."""

from __future__ import annotations

import os
import sys
from importlib.resources import files
from pathlib import Path

import platformdirs

APP_NAME = "JiangmenExplorer"
DISPLAY_NAME = "Jiangmen Explorer"
ICON_NAME = "jiangmen-explorer"  # the icon's and the desktop entry's name (freedesktop)


def is_frozen() -> bool:
    """True in the app built by PyInstaller (``packaging/explorer.spec``): no Python sources,
    no ``python`` to run, only what the spec copied beside the compiled code."""
    return bool(getattr(sys, "frozen", False))


def package_dir() -> Path:
    """The ``explorer`` package's folder, which holds ``data/`` and ``assets/`` (package data,
    ``[tool.setuptools.package-data]`` in pyproject.toml): the source tree (also behind an
    editable install), an installed wheel's ``site-packages/explorer``, or, in the frozen
    app, ``sys._MEIPASS/explorer``, where ``packaging/explorer.spec`` copies them.

    A real folder, not just a resource reader: Qt, sqlite and the map page want file paths.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:  # PyInstaller's resource reader gives the same folder; say it outright
        return Path(frozen) / "explorer"
    root = files("explorer")
    if not isinstance(root, Path):  # e.g. a zip import: nothing on disk to hand to Qt
        raise RuntimeError(f"the explorer package is not a folder on disk: {root!r}")
    return root.absolute()  # the map page links its files by absolute path


def assets_dir() -> Path:
    """The map page's script, style and web libraries, the icon and the UI translations."""
    return package_dir() / "assets"


def icon_files() -> list[Path]:
    """The application icon: the SVG, then the PNG sizes rendered from it at build time
    (``scripts/render_icons.py``; the frozen app has them, a wheel or checkout only the SVG)."""
    icons = assets_dir() / "icons"
    svg = icons / f"{ICON_NAME}.svg"
    pngs = sorted(
        icons.glob(f"hicolor/*/apps/{ICON_NAME}.png"), key=lambda p: int(p.parts[-3].split("x")[0])
    )
    return ([svg] if svg.is_file() else []) + pngs


def data_dir() -> Path:
    """Bundled reference data: sample corpus, district boundaries, gazetteer, cue lexicon."""
    return package_dir() / "data"


def bundled_corpus() -> Path:
    return data_dir() / "corpus"


def gazetteer_path() -> Path:
    return data_dir() / "jiangmen_gazetteer.csv"


def districts_path() -> Path:
    return data_dir() / "jiangmen_districts.geojson"


def user_data_dir() -> Path:
    """Per-user data (the database, logs). ``EXPLORER_DATA_DIR`` overrides it (tests, CI)."""
    return _under_override("") or platformdirs.user_data_path(APP_NAME, appauthor=False)


def user_cache_dir() -> Path:
    """Rebuildable files (the built map page, translations built on the fly). Under
    ``EXPLORER_DATA_DIR`` when that is set, so tests never touch the real cache."""
    return _under_override("cache") or platformdirs.user_cache_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return user_data_dir() / "explorer.sqlite3"


def user_log_dir() -> Path:
    """The app's log files. Under ``EXPLORER_DATA_DIR`` when that is set, so a test's or a
    CI run's errors land beside its database, not in the real user's log."""
    return _under_override("logs") or platformdirs.user_log_path(APP_NAME, appauthor=False)


def log_path() -> Path:
    return user_log_dir() / "explorer.log"


def settings_path() -> Path:
    """The window's preferences and saved UI state, an INI file next to the database (so
    ``EXPLORER_DATA_DIR`` moves both, and a copy of the folder carries them along)."""
    return user_data_dir() / "settings.ini"


def _under_override(folder: str) -> Path | None:
    """``folder`` inside ``$EXPLORER_DATA_DIR`` when that is set (tests, CI, a portable
    install keep everything in one place), else ``None``."""
    override = os.environ.get("EXPLORER_DATA_DIR")
    return Path(override) / folder if override else None
