"""The help texts: the user guide, the credits of the About page and the map legend.

The words are data (``assets/help/guide.zh.md``, ``guide.en.md``, ``credits.toml``,
``assets/map/legend.json``) that someone who knows the domain can edit; versions are read
from what is installed and fetched, never written by hand. Qt-free: the window's Help menu
and the map page both take their texts from here, and tests read them without a display.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from explorer import paths

DISTRIBUTION = "jiangmen-explorer"


@dataclass(frozen=True, slots=True)
class Credit:
    """One line of the About page: what, which version or source, its licence, what for."""

    name: str
    detail: str  # a version ("1.9.4") or a source ("GeoNames, geonames.org")
    licence: str
    note: str


@dataclass(frozen=True, slots=True)
class Credits:
    data: list[Credit]  # boundaries, place coordinates, icons
    basemaps: list[Credit]  # the opt-in online tiles
    web: list[Credit]  # the map page's libraries
    python: list[Credit]  # the Python libraries


def _lang(language: str) -> str:
    return "zh" if language.startswith("zh") else "en"


def help_dir() -> Path:
    return paths.assets_dir() / "help"


def guide(language: str = "zh") -> str:
    """The short user guide, Markdown, in ``language`` (zh or en)."""
    return (help_dir() / f"guide.{_lang(language)}.md").read_text(encoding="utf-8")


def app_version() -> str | None:
    """The installed version of the app, or ``None`` where no package metadata is."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return None


def credits(language: str = "zh") -> Credits:
    """Everything the About page lists, in ``language``."""
    lang = _lang(language)
    table = tomllib.loads((help_dir() / "credits.toml").read_text(encoding="utf-8"))
    data = [
        Credit(entry["name"][lang], entry["source"], entry["licence"], entry["note"][lang])
        for entry in table["data"]
    ]
    web_packages = json.loads(
        (paths.assets_dir() / "web-packages.json").read_text(encoding="utf-8")
    )["packages"]
    web = [
        Credit(p["name"], p["version"], *_licence_and_note(table["web"], p["name"], lang))
        for p in web_packages
    ]
    python = [
        Credit(name, _installed(name), entry["licence"], entry["note"][lang])
        for name, entry in table["python"].items()
    ]
    return Credits(data, _basemap_credits(table["basemaps"], lang), web, python)


def _licence_and_note(table: dict[str, Any], name: str, lang: str) -> tuple[str, str]:
    entry = table.get(name)
    if entry is None:  # a web package added without its credit: say so rather than guess
        return ("?", "")
    return entry["licence"], entry["note"][lang]


def _installed(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:  # the frozen app may carry the code without the metadata
        return ""


def _basemap_credits(table: dict[str, Any], lang: str) -> list[Credit]:
    """The online basemaps, loaded only when chosen: their names and attributions from
    ``basemaps.json``, their terms from the credits."""
    from explorer.export.basemaps import online_basemaps

    credits = []
    for name, entry in online_basemaps().items():
        terms = table.get(name, {})
        licence = terms.get("licence", "?")
        if isinstance(licence, dict):
            licence = licence[lang]
        note = terms.get("note", {}).get(lang, "")
        credits.append(Credit(entry["label"][lang], _plain(entry["attribution"]), licence, note))
    return credits


def _plain(markup: str) -> str:
    """An attribution written as HTML (``&copy; <a …>OpenStreetMap</a>``) as plain text."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def legend(language: str = "zh") -> dict[str, str]:
    """What each mark of the map means (``assets/map/legend.json``), by mark name:
    ``planned``, ``approx``, ``cluster``, ``selected``, ``place``."""
    entries = json.loads((paths.assets_dir() / "map" / "legend.json").read_text(encoding="utf-8"))
    return {key: texts[_lang(language)] for key, texts in entries.items() if key != "_comment"}
