"""Where things live: bundled data and assets, and the user's own data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "JiangmenExplorer"


def bundle_root() -> Path:
    """The folder holding ``data/`` and ``assets/``: the repository, or the frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


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
