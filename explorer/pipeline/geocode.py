"""Online geocoding of place names the gazetteer lacks, through geopy (opt-in, never on import).

One :class:`PlaceGeocoder` asks one provider — Nominatim (OpenStreetMap) by default, ArcGIS,
or Baidu with an API key — through geopy's :class:`~geopy.extra.rate_limiter.RateLimiter`
(Nominatim's usage policy allows one request a second), with a timeout, and restricted to
Jiangmen: Nominatim gets a bounded viewbox, the others the city's name before the place, and
any answer whose point lies outside the seven districts counts as no answer. Coordinates come
back as WGS-84 whatever the provider's datum (Baidu answers in BD-09); the precision claimed is
never finer than what the result is (a house or point of interest: ``exact``; a village or
street: ``town``; and never finer than the size of the result's bounding box allows).

A failed request (timeout, HTTP error, unreadable answer) raises :class:`GeocodeError`: nothing
is learnt, the caller goes on with the next name and may ask again another day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from geopy.adapters import BaseAdapter, RequestsAdapter, URLLibAdapter
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import ArcGIS, BaiduV3, Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from explorer.core.coords import Datum, distance_m, to_wgs84
from explorer.core.vocabulary import GEO_PRECISIONS
from explorer.pipeline.geography import DistrictBoundaries

APP_NAME = "JiangmenExplorer"

# (south, west), (north, east): the extent of data/jiangmen_districts.geojson (21.46–22.86°N,
# 112.00–113.26°E, islands included), rounded outwards.
JIANGMEN_VIEWBOX = ((21.40, 111.90), (22.90, 113.30))
CITY_NAME = "江门市"


def user_agent(version: str, contact: str | None = None) -> str:
    """``JiangmenExplorer/<version> (+<contact>)``: who is asking, as Nominatim's policy wants."""
    agent = f"{APP_NAME}/{version}"
    return f"{agent} (+{contact})" if contact else agent


class GeocodeError(Exception):
    """A lookup failed (timeout, HTTP error, bad answer); nothing was learnt about the place."""

    def __init__(self, query: str, reason: str) -> None:
        super().__init__(f"{query}: {reason}")
        self.query = query
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Answer:
    """What a provider said about a place name. Coordinates are WGS-84.

    ``outcome`` is ``found`` (with coordinates and precision), ``none`` (no result) or
    ``outside`` (the result lies outside Jiangmen; its address is kept, not its point).
    """

    query: str
    provider: str
    outcome: str
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None
    source: str | None = None
    address: str | None = None


@dataclass(frozen=True, slots=True)
class ServiceOptions:
    """How to reach a provider. ``domain``/``scheme`` point at another server (tests, a
    self-hosted Nominatim); ``timeout`` is seconds per request."""

    user_agent: str
    api_key: str | None = None
    domain: str | None = None
    scheme: str = "https"
    timeout: float = 10.0


class Provider:
    """A geocoding service: how to build its geopy geocoder, what to ask, how to read it."""

    name: ClassVar[str]
    label: ClassVar[str]  # for the ``source`` of an answer
    datum: ClassVar[Datum] = "wgs84"
    min_delay_seconds: ClassVar[float] = 1.0
    needs_key: ClassVar[bool] = False

    def geocoder(self, options: ServiceOptions) -> Geocoder:
        raise NotImplementedError

    def request(self, place: str) -> tuple[str, dict[str, Any]]:
        """The query text and extra ``geocode`` arguments for ``place``."""
        return _in_jiangmen(place), {}

    def precision(self, raw: dict[str, Any]) -> str:
        raise NotImplementedError

    def source(self, raw: dict[str, Any]) -> str:
        return self.label


class NominatimProvider(Provider):
    """OpenStreetMap's Nominatim: free, one request a second, results under the ODbL."""

    name = "nominatim"
    label = "OpenStreetMap contributors (ODbL), via Nominatim"

    def geocoder(self, options: ServiceOptions) -> Geocoder:
        extra = {"domain": options.domain} if options.domain else {}
        return Nominatim(**_connection(options), **extra)

    def request(self, place: str) -> tuple[str, dict[str, Any]]:
        return place, {
            "viewbox": JIANGMEN_VIEWBOX,
            "bounded": True,
            "country_codes": "cn",
            "language": "zh-CN",
        }

    def precision(self, raw: dict[str, Any]) -> str:
        rank = _int(raw.get("place_rank"))
        if rank >= 28:  # houses, points of interest
            claimed = "exact"
        elif (raw.get("class"), raw.get("type")) in _PARK_KINDS:
            claimed = "park"
        elif rank >= 17:  # towns, villages, suburbs, streets
            claimed = "town"
        elif rank >= 12:  # county-level districts and cities
            claimed = "district"
        else:
            claimed = "city"
        box = raw.get("boundingbox")  # [south, north, west, east] as strings
        if isinstance(box, list) and len(box) == 4:
            south, north, west, east = (float(v) for v in box)
            return _coarsest(claimed, _precision_of_extent(south, west, north, east))
        return claimed

    def source(self, raw: dict[str, Any]) -> str:
        kind, number = raw.get("osm_type"), raw.get("osm_id")
        if kind and number:
            return f"{self.label}: https://www.openstreetmap.org/{kind}/{number}"
        return self.label


class ArcGISProvider(Provider):
    """Esri's World Geocoding Service (anonymous; check Esri's terms before storing much)."""

    name = "arcgis"
    label = "Esri ArcGIS World Geocoding"
    min_delay_seconds = 0.5

    def geocoder(self, options: ServiceOptions) -> Geocoder:
        extra = {"domain": options.domain} if options.domain else {}
        return ArcGIS(**_connection(options), **extra)

    def request(self, place: str) -> tuple[str, dict[str, Any]]:
        return _in_jiangmen(place), {"out_fields": ["Addr_type"]}

    def precision(self, raw: dict[str, Any]) -> str:
        kind = (raw.get("attributes") or {}).get("Addr_type", "")
        claimed = _ARCGIS_TYPES.get(kind, "city")
        extent = raw.get("extent")
        if isinstance(extent, dict) and {"xmin", "ymin", "xmax", "ymax"} <= extent.keys():
            south, west = float(extent["ymin"]), float(extent["xmin"])
            north, east = float(extent["ymax"]), float(extent["xmax"])
            return _coarsest(claimed, _precision_of_extent(south, west, north, east))
        return claimed


class BaiduProvider(Provider):
    """Baidu Maps geocoding v3 (API key required). Answers in BD-09, converted to WGS-84."""

    name = "baidu"
    label = "Baidu Maps (BD-09, converted to WGS-84)"
    datum = "bd09"
    min_delay_seconds = 0.5
    needs_key = True

    def geocoder(self, options: ServiceOptions) -> Geocoder:
        geocoder = BaiduV3(api_key=options.api_key or "", **_connection(options))
        if options.domain:  # geopy has no domain option for Baidu: rebuild its address
            geocoder.api = f"{geocoder.scheme}://{options.domain}{geocoder.api_path}"
        return geocoder

    def precision(self, raw: dict[str, Any]) -> str:
        level = str(raw.get("level", ""))
        if level in _BAIDU_LEVELS:
            return _BAIDU_LEVELS[level]
        # A point of interest or address: exact only when Baidu says the match is precise.
        return "exact" if raw.get("precise") == 1 else "town"


PROVIDERS: dict[str, Provider] = {
    p.name: p for p in (NominatimProvider(), ArcGISProvider(), BaiduProvider())
}


class PlaceGeocoder:
    """Look up place names with one provider, politely (rate limit, timeout, user agent).

    ``requests`` counts the requests sent, answered or not.
    """

    def __init__(
        self,
        provider: Provider,
        options: ServiceOptions,
        boundaries: DistrictBoundaries | None = None,
        min_delay_seconds: float | None = None,
    ) -> None:
        if provider.needs_key and not options.api_key:
            raise ValueError(f"{provider.name} needs an API key")
        self.provider = provider
        self._boundaries = boundaries
        delay = provider.min_delay_seconds if min_delay_seconds is None else min_delay_seconds
        # No retries here: a failed name is simply asked again on the next run.
        self._geocode = RateLimiter(
            provider.geocoder(options).geocode,
            min_delay_seconds=delay,
            max_retries=0,
            swallow_exceptions=False,
        )
        self.requests = 0

    def lookup(self, place: str) -> Answer:
        """Ask the provider about ``place``; raise :class:`GeocodeError` if that fails."""
        text, extra = self.provider.request(place)
        self.requests += 1
        try:
            location = self._geocode(text, exactly_one=True, **extra)
        except GeopyError as error:
            raise GeocodeError(place, f"{type(error).__name__}: {error}") from None
        except (KeyError, TypeError, ValueError) as error:  # geopy could not parse the answer
            raise GeocodeError(place, f"unreadable answer ({error!r})") from None
        if location is None:
            return Answer(place, self.provider.name, "none")
        try:
            return self._answer(place, location)
        except (KeyError, TypeError, ValueError) as error:
            raise GeocodeError(place, f"unreadable answer ({error!r})") from None

    def _answer(self, place: str, location: Location) -> Answer:
        raw = location.raw if isinstance(location.raw, dict) else {}
        lat, lon = to_wgs84(
            float(location.latitude), float(location.longitude), self.provider.datum
        )
        address = str(location.address) if location.address else None
        if not self._in_jiangmen(lat, lon):
            return Answer(place, self.provider.name, "outside", address=address)
        return Answer(
            place,
            self.provider.name,
            "found",
            lat=lat,
            lon=lon,
            precision=self.provider.precision(raw),
            source=self.provider.source(raw),
            address=address,
        )

    def _in_jiangmen(self, lat: float, lon: float) -> bool:
        if self._boundaries is not None:
            return self._boundaries.district_at(lat, lon) is not None
        (south, west), (north, east) = JIANGMEN_VIEWBOX
        return south <= lat <= north and west <= lon <= east


Lookup = Callable[[str], Answer]

_PARK_KINDS = {
    ("landuse", "industrial"),
    ("leisure", "park"),
    ("leisure", "nature_reserve"),
    ("boundary", "protected_area"),
}

_ARCGIS_TYPES = {
    **dict.fromkeys(
        ("PointAddress", "Subaddress", "StreetAddress", "StreetAddressExt", "StreetInt", "POI"),
        "exact",
    ),
    "BuildingName": "exact",
    **dict.fromkeys(
        ("StreetName", "StreetMidBlock", "DistanceMarker", "Locality", "PostalLoc", "PostalExt"),
        "town",
    ),
    "Postal": "town",
    "Subregion": "district",
}

_BAIDU_LEVELS = {
    "国家": "city",
    "省": "city",
    "城市": "city",
    "区县": "district",
    "乡镇": "town",
    "村庄": "town",
    "道路": "town",
    "商圈": "town",
    "工业园区": "park",
    "UNKNOWN": "city",
    "NoClass": "city",
}

# The finest precision a result of a given size (diagonal of its bounding box, in km) allows.
_EXTENT_LIMITS_KM = (("exact", 0.5), ("park", 5.0), ("town", 25.0), ("district", 80.0))


def _connection(options: ServiceOptions) -> dict[str, Any]:
    return {
        "user_agent": options.user_agent,
        "scheme": options.scheme,
        "timeout": options.timeout,
        "adapter_factory": _adapter,
    }


def _adapter(*, proxies: Any, ssl_context: Any) -> BaseAdapter:
    """geopy's HTTP adapter without requests' own retries: those would send a slow request
    three times and report a timeout as "unavailable". A failed name is asked on the next run."""
    if RequestsAdapter.is_available:
        return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)
    return URLLibAdapter(proxies=proxies, ssl_context=ssl_context)


def _precision_of_extent(south: float, west: float, north: float, east: float) -> str:
    diagonal = distance_m((south, west), (north, east)) / 1000
    for precision, limit in _EXTENT_LIMITS_KM:
        if diagonal <= limit:
            return precision
    return "city"


def _coarsest(*precisions: str) -> str:
    return max(precisions, key=GEO_PRECISIONS.index)


def _in_jiangmen(place: str) -> str:
    return place if "江门" in place else CITY_NAME + place


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0
