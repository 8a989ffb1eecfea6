"""The map's basemaps: the offline district basemap (the default) and opt-in online tiles.

The online ones are defined in ``assets/map/basemaps.json`` (tile URL template, datum,
attribution, labels), which the page builder bakes into the page. Their URL templates can be
overridden — by the environment (``EXPLORER_TILE_URL_OSM``, ``EXPLORER_TILE_URL_AMAP``,
``EXPLORER_TILE_URL_AMAP_SATELLITE``) or by ``MapView.set_tile_urls`` — so tests draw tiles
from a server on 127.0.0.1. Neither Qt nor folium is imported here (the CLI's choices).
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from explorer import paths

log = logging.getLogger(__name__)

OFFLINE = "offline"
BASEMAPS = (OFFLINE, "osm", "amap", "amap-satellite")
ONLINE = BASEMAPS[1:]
TILE_URL_ENV = {name: "EXPLORER_TILE_URL_" + name.upper().replace("-", "_") for name in ONLINE}


def online_basemaps(file: Path | None = None) -> dict[str, dict[str, Any]]:
    """The definitions of the online basemaps, by name (``assets/map/basemaps.json``)."""
    return _read(file or paths.assets_dir() / "map" / "basemaps.json")


@cache
def _read(file: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(file.read_text(encoding="utf-8"))
    return {name: data[name] for name in ONLINE}


def check_template(url: str) -> str:
    """``url`` if it is an http(s) tile template with ``{x}``, ``{y}`` and ``{z}``.

    Raises
    ------
    ValueError
        Anything else (a ``file:`` or ``javascript:`` URL, a template missing a placeholder).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"a tile URL must be http(s)://host/…, not {url!r}")
    missing = [p for p in ("{x}", "{y}", "{z}") if p not in url]
    if missing:
        raise ValueError(f"tile URL {url!r} lacks {', '.join(missing)}")
    return url


def tile_urls(
    overrides: Mapping[str, str] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The tile URL template of every online basemap: ``overrides``, else the environment
    (an unusable value there is logged and ignored), else the definition.

    Raises
    ------
    ValueError
        An override names an unknown basemap or is not a tile template.
    """
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    unknown = set(overrides) - set(ONLINE)
    if unknown:
        raise ValueError(f"unknown online basemap(s) {sorted(unknown)}; expected {ONLINE}")
    urls = {}
    for name, definition in online_basemaps().items():
        url = environ.get(TILE_URL_ENV[name]) or definition["url"]
        try:
            check_template(url)
        except ValueError as error:
            log.warning("%s ignored: %s", TILE_URL_ENV[name], error)
            url = definition["url"]
        urls[name] = check_template(overrides[name]) if overrides.get(name) else url
    return urls


def host_pattern(template: str, subdomains: str = "") -> re.Pattern[str]:
    """The scheme, host and port that tiles of ``template`` come from, as a regex of a URL's
    start (``{s}`` stands for one of ``subdomains``)."""
    parts = urlsplit(template)
    host = re.escape(parts.netloc).replace(re.escape("{s}"), _alternatives(subdomains))
    return re.compile(f"{re.escape(parts.scheme)}://{host}/", re.IGNORECASE)


def _alternatives(subdomains: str) -> str:
    if not subdomains:
        return ""
    return "(?:" + "|".join(re.escape(s) for s in subdomains) + ")"
