"""Where things live: bundled data and assets, and the user's own data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "JiangmenExplorer"
DISPLAY_NAME = "Jiangmen Explorer"
ICON_NAME = "jiangmen-explorer"  # the icon's and the desktop entry's name (freedesktop)


def is_frozen() -> bool:
    """True in the app built by PyInstaller (``packaging/explorer.spec``): no Python sources,
    no ``python`` to run, everything under :func:`bundle_root`."""
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """The folder holding ``data/``, ``assets/`` and ``packaging/icons/``: the repository,
    or the frozen bundle, which keeps the same layout (``packaging/explorer.spec``)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    """The map page's script, style and web libraries, and the UI translations."""
    return bundle_root() / "assets"


def icon_files() -> list[Path]:
    """The application icon: the SVG, then the PNG sizes rendered from it at build time
    (``scripts/render_icons.py``; the bundle has them, a source checkout only the SVG)."""
    icons = bundle_root() / "packaging" / "icons"
    svg = icons / f"{ICON_NAME}.svg"
    pngs = sorted(
        icons.glob(f"hicolor/*/apps/{ICON_NAME}.png"), key=lambda p: int(p.parts[-3].split("x")[0])
    )
    return ([svg] if svg.is_file() else []) + pngs


def data_dir() -> Path:
    """Bundled reference data: sample corpus, district boundaries, gazetteer."""
    return bundle_root() / "data"


def bundled_corpus() -> Path:
    return data_dir() / "corpus"


def gazetteer_path() -> Path:
    return data_dir() / "jiangmen_gazetteer.csv"


def districts_path() -> Path:
    return data_dir() / "jiangmen_districts.geojson"


def user_data_dir() -> Path:
    """Per-user data (the database, logs). ``EXPLORER_DATA_DIR`` overrides it (tests, CI)."""
    override = os.environ.get("EXPLORER_DATA_DIR")
    if override:
        return Path(override)
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def user_cache_dir() -> Path:
    """Rebuildable files (the built map page, translations built on the fly). Under
    ``EXPLORER_DATA_DIR`` when that is set, so tests never touch the real cache."""
    override = os.environ.get("EXPLORER_DATA_DIR")
    if override:
        return Path(override) / "cache"
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return user_data_dir() / "explorer.sqlite3"
