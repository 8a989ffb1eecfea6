"""Find gazetteer places and districts named in text.

Names and aliases are matched longest first, so 新会智造产业园凤山湖园区 wins over 新会. The
seven districts are recognised by their full and short names (新会区, 新会); a place outside
Jiangmen named as the venue (深圳, 重庆) means the event has no Jiangmen district.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from explorer.core.places import Place
from explorer.core.vocabulary import DISTRICTS
from explorer.pipeline.geography import DistrictBoundaries

_DISTRICT_SHORT = {name[:-1]: name for name in DISTRICTS}  # 新会 → 新会区, 台山 → 台山市
# 江海 is also the 江海区 of 江门 and a common word pair; keep only its full name.
_DISTRICT_SHORT.pop("江海", None)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    place: Place


class Gazetteer:
    """Places with a longest-match finder and district lookup."""

    def __init__(self, places: list[Place], boundaries: DistrictBoundaries | None = None) -> None:
        self.places = places
        self._by_name: dict[str, Place] = {}
        for place in places:
            for name in (place.name, *place.aliases):
                if _usable(name):
                    self._by_name.setdefault(name, place)
        names = sorted(self._by_name, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(n) for n in names)) if names else None
        self._districts = re.compile(
            "|".join(sorted([*DISTRICTS, *_DISTRICT_SHORT], key=len, reverse=True))
        )
        self._boundaries = boundaries
        self.district_seats = {p.name: p for p in places if p.kind == "district"}

    @classmethod
    def bundled(cls) -> Gazetteer:
        """The gazetteer and district boundaries shipped in ``data/``."""
        from explorer import paths
        from explorer.pipeline.gazetteer import read_gazetteer

        boundaries = DistrictBoundaries.from_geojson(paths.districts_path())
        return cls(read_gazetteer(paths.gazetteer_path()), boundaries)

    def find(self, text: str) -> list[PlaceMention]:
        """Gazetteer places named in ``text``, longest match first at each position."""
        if self._pattern is None:
            return []
        mentions = []
        for match in self._pattern.finditer(text):
            place = self._by_name[match.group(0)]
            if not self._qualified_elsewhere(text, match.start(), place):
                mentions.append(PlaceMention(match.start(), match.end(), place))
        return mentions

    def _qualified_elsewhere(self, text: str, start: int, place: Place) -> bool:
        """恩平轨道交通产业园 is not 新会's 轨道交通产业园: another district's name right
        before a match makes it a different place."""
        if place.kind == "district" or not place.district:
            return False
        before = self._districts.search(text, max(0, start - 3), start)
        if before is None or before.end() != start:
            return False
        named = _DISTRICT_SHORT.get(before.group(0), before.group(0))
        return named != place.district

    def districts_named(self, text: str) -> list[str]:
        """Districts named in ``text`` (新会区 or 新会), in order of mention."""
        return [_DISTRICT_SHORT.get(m.group(0), m.group(0)) for m in self._districts.finditer(text)]

    def district_of(self, place: Place) -> str | None:
        if place.district:
            return place.district
        if place.lat is not None and place.lon is not None and self._boundaries:
            return self._boundaries.district_at(place.lat, place.lon)
        return None

    def dominant_district(self, text: str) -> str | None:
        """The district a text is mostly about: most mentions of it and of its places."""
        votes: Counter[str] = Counter(self.districts_named(text))
        for mention in self.find(text):
            district = self.district_of(mention.place)
            if district and mention.place.kind != "district":
                votes[district] += 1
        return votes.most_common(1)[0][0] if votes else None


def _usable(name: str) -> bool:
    """Skip Latin aliases (pinyin, English): they are for search boxes, not Chinese text."""
    return len(name) >= 2 and not re.fullmatch(r"[A-Za-z' .\-]+", name)
