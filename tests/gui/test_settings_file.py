"""Where settings live, and runs that must not touch them (screenshots)."""

from __future__ import annotations

import os
import struct
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from explorer import paths
from explorer.core.filters import EventFilter
from explorer.gui import settings as settings_module
from explorer.gui.settings import Settings

PENGJIANG = EventFilter(date(2020, 1, 1), date(2020, 12, 31), frozenset({"蓬江区"}))


def test_settings_are_an_ini_file_next_to_the_data() -> None:
    settings = Settings()
    settings.language = "en"
    settings.sync()
    where = Path(os.environ["EXPLORER_DATA_DIR"]) / "settings.ini"
    assert settings.path == where == paths.settings_path()
    assert "language=en" in where.read_text(encoding="utf-8")
    assert Settings().language == "en"


def test_an_ephemeral_run_reads_preferences_but_no_ui_state_and_writes_nothing(tmp_path):
    path = tmp_path / "s.ini"
    saved = Settings(path)
    saved.language = "en"
    saved.save_filter(PENGJIANG)
    saved.save_window(QByteArray(b"geometry"), QByteArray(b"state"))
    saved.sync()
    before = path.read_bytes()
    headless = Settings(path, ephemeral=True)
    assert headless.language == "en"  # a preference: the screenshot speaks the user's language
    assert headless.last_filter() == EventFilter()
    assert headless.window_geometry() is None and headless.window_state() is None
    headless.basemap = "osm"
    headless.save_filter(EventFilter(districts=frozenset({"新会区"})))
    headless.sync()
    assert headless.basemap == "osm"  # for the rest of this run
    assert path.read_bytes() == before
    assert not Settings(tmp_path / "none.ini", ephemeral=True).path.exists()


def test_settings_of_earlier_versions_are_carried_over(tmp_path, monkeypatch) -> None:
    legacy = QSettings(str(tmp_path / "legacy.conf"), QSettings.Format.IniFormat)
    legacy.setValue("ui/language", "en")
    legacy.setValue("map/basemap", "osm")
    legacy.sync()
    monkeypatch.setattr(settings_module, "_legacy_settings", lambda: legacy)
    settings = Settings()
    assert (settings.language, settings.basemap) == ("en", "osm")
    assert paths.settings_path().exists()


def _png_title(path: Path) -> str:
    """The ``Title`` iTXt chunk the screenshot writes (the filter it shows)."""
    data, at = path.read_bytes(), 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind == b"iTXt" and body.startswith(b"Title\0"):
            return body.split(b"\0", 5)[5].decode("utf-8")
        at += 12 + length
    return ""


def _saved_state() -> bytes:
    """A settings file as a user's window leaves it: a filter and a geometry saved."""
    saved = Settings()
    saved.save_filter(PENGJIANG)
    saved.save_window(QByteArray(b"\x01\xd9\xd0\xcb"), QByteArray(b"\x00\x00\x00\xff"))
    saved.sync()
    return paths.settings_path().read_bytes()


def test_a_screenshot_with_filters_leaves_the_settings_file_unchanged(tmp_path, capsys) -> None:
    from explorer.cli import main

    before = _saved_state()
    out = tmp_path / "window.png"
    argv = ["--db", str(tmp_path / "s.sqlite3"), "--screenshot", str(out), "--district", "新会区"]
    assert main(argv) == 0
    assert _png_title(out) == "新会区"  # what was asked for…
    assert paths.settings_path().read_bytes() == before  # …and the user's filter is kept


def test_a_screenshot_without_filters_does_not_restore_the_saved_one(tmp_path, capsys) -> None:
    from explorer.cli import main

    before = _saved_state()
    out = tmp_path / "all.png"
    assert main(["--db", str(tmp_path / "s.sqlite3"), "--screenshot", str(out)]) == 0
    assert _png_title(out) == "江门全市"  # every event, not the saved 蓬江区 2020
    assert paths.settings_path().read_bytes() == before


def test_a_screenshot_creates_no_settings_file(tmp_path, capsys) -> None:
    from explorer.cli import main

    out = tmp_path / "first.png"
    assert main(["--db", str(tmp_path / "s.sqlite3"), "--screenshot", str(out)]) == 0
    assert not paths.settings_path().exists()
