"""Every persisted setting, declared once, over QSettings (path injectable for tests)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from explorer.core.filters import EventFilter
from explorer.core.user import login_name
from explorer.export.basemaps import BASEMAPS, OFFLINE

ORGANISATION = "JiangmenExplorer"
APPLICATION = "explorer"


class Settings:
    """User preferences and window state.

    Preferences: ``ui/language`` (zh|en), ``ui/theme`` (system|light|dark), ``map/basemap``
    (offline|osm|amap|amap-satellite; online ones are opt-in), ``geocode/*`` (opt-in online
    geocoding: on/off, provider, key, contact, server),
    ``user/name`` (who corrections are stored as; the login name by default).
    UI state: ``window/geometry``, ``window/state`` (dock layout), ``filter/last`` (the last
    filter, as plain values).
    """

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            self._q = QSettings(ORGANISATION, APPLICATION)
        else:
            self._q = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def language(self) -> str:
        value = str(self._q.value("ui/language", "zh"))
        return value if value in ("zh", "en") else "zh"

    @language.setter
    def language(self, value: str) -> None:
        self._q.setValue("ui/language", value)

    @property
    def theme(self) -> str:
        value = str(self._q.value("ui/theme", "system"))
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._q.setValue("ui/theme", value)

    @property
    def basemap(self) -> str:
        value = str(self._q.value("map/basemap", OFFLINE))
        return value if value in BASEMAPS else OFFLINE

    @basemap.setter
    def basemap(self, value: str) -> None:
        self._q.setValue("map/basemap", value)

    @property
    def geocode_online(self) -> bool:
        """Look up places the gazetteer lacks with an online geocoder (opt-in)."""
        return str(self._q.value("geocode/online", "false")).lower() == "true"

    @geocode_online.setter
    def geocode_online(self, value: bool) -> None:
        self._q.setValue("geocode/online", "true" if value else "false")

    def geocode_service(self) -> dict[str, str]:
        """Provider (nominatim|arcgis|baidu), api_key, contact for the user agent, and the
        server (``domain``, ``scheme``: a self-hosted Nominatim, or a test's fake one)."""
        keys = ("provider", "api_key", "contact", "domain", "scheme")
        defaults = {"provider": "nominatim", "scheme": "https"}
        return {k: str(self._q.value(f"geocode/{k}", defaults.get(k, "")) or "") for k in keys}

    def set_geocode_service(self, **values: str) -> None:
        for key, value in values.items():
            self._q.setValue(f"geocode/{key}", value)

    @property
    def user_name(self) -> str:
        value = str(self._q.value("user/name", "") or "").strip()
        return value or login_name()

    @user_name.setter
    def user_name(self, value: str) -> None:
        self._q.setValue("user/name", value.strip())

    def window_geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self._q.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._q.setValue("window/geometry", geometry)
        self._q.setValue("window/state", state)

    def last_filter(self) -> EventFilter:
        raw = self._q.value("filter/last")
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
        self._q.setValue("filter/last", values)

    def sync(self) -> None:
        self._q.sync()

    @property
    def timeline_lanes(self) -> str:
        """UI state ``timeline/lanes``: the timeline's lanes (type|district|subject)."""
        value = str(self._q.value("timeline/lanes", "type"))
        return value if value in ("type", "district", "subject") else "type"

    @timeline_lanes.setter
    def timeline_lanes(self, value: str) -> None:
        self._q.setValue("timeline/lanes", value)
