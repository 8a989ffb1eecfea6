"""Every persisted setting, declared once, over QSettings (path injectable for tests).

The file is ``paths.settings_path()``: an INI file next to the database, so
``EXPLORER_DATA_DIR`` moves it too and no test or CI run touches the user's own.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from explorer import paths
from explorer.core.filters import EventFilter
from explorer.core.user import login_name
from explorer.export.basemaps import BASEMAPS, OFFLINE
from explorer.export.report_layout import DPIS, PAPERS, SnapshotSpec
from explorer.store.db import db_argument

# Where QSettings kept them before they moved next to the database (the native location:
# ~/.config/JiangmenExplorer/explorer.conf, the registry, a plist); read once, to carry over.
ORGANISATION = "JiangmenExplorer"
APPLICATION = "explorer"
# Saved UI state, as opposed to preferences: a headless run neither restores nor saves it.
UI_STATE = frozenset(
    {"window/geometry", "window/state", "window/table_header", "filter/last", "timeline/lanes"}
)


class _Choice:
    """A setting that holds one of a few values; anything else stored reads as the default
    (a hand-edited INI file, a value an older version wrote)."""

    def __init__(self, key: str, allowed: tuple[str, ...], default: str) -> None:
        self.key, self.allowed, self.default = key, allowed, default

    def __get__(self, settings: Settings, owner: type | None = None) -> str:
        value = str(settings._value(self.key, self.default))
        return value if value in self.allowed else self.default

    def __set__(self, settings: Settings, value: str) -> None:
        settings._set(self.key, value)


class Settings:
    """User preferences and window state.

    Preferences: ``ui/language`` (zh|en), ``ui/theme`` (system|light|dark), ``map/basemap``
    (offline|osm|amap|amap-satellite; online ones are opt-in), ``geocode/*`` (opt-in online
    geocoding: on/off, provider, key, contact, server),
    ``user/name`` (who corrections are stored as; the login name by default),
    ``store/database`` (the database the window opens: a file or a PostgreSQL URL),
    ``snapshot/*`` (the map snapshot dialog's last paper, dpi, pixel size and labels).
    UI state: ``window/geometry``, ``window/state`` (dock layout), ``filter/last`` (the last
    filter, as plain values), ``timeline/lanes`` (type|district|subject).

    Parameters
    ----------
    path
        The INI file; ``paths.settings_path()`` by default.
    ephemeral
        For headless runs (``explorer --screenshot``): preferences are read, saved UI state
        is not, and nothing is written; changes last as long as this object.
    """

    language = _Choice("ui/language", ("zh", "en"), "zh")
    theme = _Choice("ui/theme", ("system", "light", "dark"), "system")
    basemap = _Choice("map/basemap", tuple(BASEMAPS), OFFLINE)
    # UI state: the timeline's lanes
    timeline_lanes = _Choice("timeline/lanes", ("type", "district", "subject"), "type")

    def __init__(self, path: Path | None = None, ephemeral: bool = False) -> None:
        self.path = path if path is not None else paths.settings_path()
        self.ephemeral = ephemeral
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)
        self._changes: dict[str, object] = {}  # an ephemeral run's writes
        if path is None and not ephemeral and not self.path.exists():
            _carry_over(_legacy_settings(), self._q)

    def _value(self, key: str, default: object = None) -> object:
        if key in self._changes:
            return self._changes[key]
        if self.ephemeral and key in UI_STATE:
            return default
        return self._q.value(key, default)

    def _set(self, key: str, value: object) -> None:
        if self.ephemeral:
            self._changes[key] = value
        else:
            self._q.setValue(key, value)

    @property
    def geocode_online(self) -> bool:
        """Look up places the gazetteer lacks with an online geocoder (opt-in)."""
        return str(self._value("geocode/online", "false")).lower() == "true"

    @geocode_online.setter
    def geocode_online(self, value: bool) -> None:
        self._set("geocode/online", "true" if value else "false")

    def geocode_service(self) -> dict[str, str]:
        """Provider (nominatim|arcgis|baidu), api_key, contact for the user agent, and the
        server (``domain``, ``scheme``: a self-hosted Nominatim, or a test's fake one)."""
        keys = ("provider", "api_key", "contact", "domain", "scheme")
        defaults = {"provider": "nominatim", "scheme": "https"}
        return {k: str(self._value(f"geocode/{k}", defaults.get(k, "")) or "") for k in keys}

    def set_geocode_service(self, **values: str) -> None:
        for key, value in values.items():
            self._set(f"geocode/{key}", value)

    @property
    def user_name(self) -> str:
        value = str(self._value("user/name", "") or "").strip()
        return value or login_name()

    @user_name.setter
    def user_name(self, value: str) -> None:
        self._set("user/name", value.strip())

    @property
    def database(self) -> Path | str | None:
        """The database the window opens when ``--db`` does not say: a SQLite file or a
        team's PostgreSQL URL (设置 → 数据库…); ``None``: the local one by default."""
        value = str(self._value("store/database", "") or "").strip()
        return db_argument(value) if value else None

    @database.setter
    def database(self, value: Path | str | None) -> None:
        self._set("store/database", str(value).strip() if value else "")

    def window_geometry(self) -> QByteArray | None:
        value = self._value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self._value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._set("window/geometry", geometry)
        self._set("window/state", state)

    def table_header(self, columns: str) -> QByteArray | None:
        """The events table's header (hidden, moved and sized columns, the sort) saved for
        the same ``columns``: a table with other columns starts afresh."""
        raw = self._value("window/table_header")
        if not isinstance(raw, dict) or raw.get("columns") != columns:
            return None
        state = raw.get("state")
        return state if isinstance(state, QByteArray) else None

    def save_table_header(self, columns: str, state: QByteArray) -> None:
        self._set("window/table_header", {"columns": columns, "state": state})

    def last_filter(self) -> EventFilter:
        raw = self._value("filter/last")
        if not isinstance(raw, dict):
            return EventFilter()
        try:
            return EventFilter(
                date_from=date.fromisoformat(raw["date_from"]) if raw.get("date_from") else None,
                date_to=date.fromisoformat(raw["date_to"]) if raw.get("date_to") else None,
                districts=frozenset(raw.get("districts") or ()),
                types=frozenset(raw.get("types") or ()),
                statuses=frozenset(raw.get("statuses") or ()),
                text=str(raw.get("text") or ""),
            )
        except (ValueError, TypeError):
            return EventFilter()

    def save_filter(self, wanted: EventFilter) -> None:
        values = asdict(wanted)
        values["date_from"] = wanted.date_from.isoformat() if wanted.date_from else ""
        values["date_to"] = wanted.date_to.isoformat() if wanted.date_to else ""
        for key in ("districts", "types", "statuses"):
            values[key] = sorted(values[key])
        self._set("filter/last", values)

    def snapshot_spec(self) -> SnapshotSpec:
        """The snapshot dialog's last choices (titles come from the filter each time)."""
        paper = str(self._value("snapshot/paper", "a4-landscape"))
        dpi, width, height = (
            _int(self._value(key, default), default)
            for key, default in (
                ("snapshot/dpi", 150),
                ("snapshot/width", 1200),
                ("snapshot/height", 900),
            )
        )
        try:
            return SnapshotSpec(
                paper=paper if paper in PAPERS else None,
                dpi=dpi if dpi in DPIS else 150,
                width=width,
                height=height,
                labels=str(self._value("snapshot/labels", "true")).lower() != "false",
            )
        except ValueError:  # a hand-edited size of 0
            return SnapshotSpec(paper="a4-landscape")

    def save_snapshot_spec(self, spec: SnapshotSpec) -> None:
        self._set("snapshot/paper", spec.paper or "pixels")
        self._set("snapshot/dpi", spec.dpi)
        self._set("snapshot/width", spec.width)
        self._set("snapshot/height", spec.height)
        self._set("snapshot/labels", "true" if spec.labels else "false")

    def sync(self) -> None:
        if not self.ephemeral:
            self._q.sync()


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


def _legacy_settings() -> QSettings | None:
    """The settings of versions before the INI file, unless ``EXPLORER_DATA_DIR`` says this is
    a test's or a CI run's data (never the real user's)."""
    if os.environ.get("EXPLORER_DATA_DIR"):
        return None
    return QSettings(ORGANISATION, APPLICATION)


def _carry_over(legacy: QSettings | None, target: QSettings) -> None:
    """A new INI file starts from the legacy settings, so an update keeps the user's
    language, theme, basemap and window."""
    if legacy is None or not legacy.allKeys():
        return
    for key in legacy.allKeys():
        target.setValue(key, legacy.value(key))
    target.sync()
