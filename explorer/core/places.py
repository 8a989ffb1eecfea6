"""A named place of the gazetteer (``data/jiangmen_gazetteer.csv``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """A park, site, station, town or district with its WGS-84 coordinate if known.

    ``precision`` says what the coordinate is: ``exact`` (the place's own), ``town`` (the
    town it lies in) or ``district`` (the district seat); ``None`` without a coordinate.
    """

    name: str
    aliases: tuple[str, ...]
    kind: str
    district: str | None
    lat: float | None
    lon: float | None
    precision: str | None
    source: str | None
