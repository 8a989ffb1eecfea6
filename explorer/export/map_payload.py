"""The events as the map page's compact columns (``explorer.loadEvents``), without folium.

Kept apart from the page builder so the window can send events without importing folium
(a second of start-up) when the page itself comes from the cache.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

import numpy as np

from explorer.core.date_labels import event_date_label
from explorer.core.events import Event
from explorer.core.vocabulary import (
    GEO_PRECISIONS,
    TYPE_COLORS,
    TYPE_ICONS,
    TYPE_LABELS,
)


def placed_events(events: Sequence[Event]) -> tuple[list[Event], np.ndarray]:
    """The events the map can show (stored, with coordinates) in id order, the page's rows,
    and their ids (int64, ascending)."""
    placed = [e for e in events if e.lat is not None and e.lon is not None and e.id is not None]
    ids = np.fromiter(map(attrgetter("id"), placed), dtype=np.int64, count=len(placed))
    if len(ids) > 1 and not (ids[1:] > ids[:-1]).all():
        order = np.argsort(ids, kind="stable")
        placed, ids = [placed[i] for i in order], ids[order]
    return placed, ids


def map_payload(
    events: Sequence[Event], language: str = "zh", caption: str = "", load: int = 1
) -> tuple[np.ndarray, dict[str, Any]]:
    """The ids of the page's rows (int64, ascending) and the payload of ``explorer.loadEvents``.

    Compact columns of :func:`placed_events`, only what markers and popups need: numbers as
    base64 of little-endian typed arrays (writing JSON floats costs 100 ms per 100k), with
    coordinates in millionths of a degree (0.1 m); types, date labels and places as codes
    into tables; ``date_end`` only where it differs from ``date``. ``geo`` (how precisely the
    place is known) and ``district`` are codes too: a selection zooms only as close as the
    place is known (a district-level event shows its district). ``load`` numbers the loaded
    set: ``explorer.showOnly`` names the set its mask is for.
    """
    zh = language.startswith("zh")
    placed, ids = placed_events(events)
    count = len(placed)
    column = _Columns(placed)
    type_codes = {key: i for i, key in enumerate(TYPE_LABELS)}  # others: labelled by key
    place_codes: dict[str, int] = {}
    geo_table: dict[str | None, int] = {key: i for i, key in enumerate([None, *GEO_PRECISIONS])}
    district_codes: dict[str, int] = {}
    when_codes: dict[str, int] = {}
    dates, ends = column("date"), column("date_end")
    differ = [i for i, (start, end) in enumerate(zip(dates, ends, strict=True)) if start != end]
    status_codes: dict[str | None, int] = {"planned": 0}
    geo_codes: dict[str | None, int] = {"town": 0, "district": 1, "city": 2}
    planned = _codes(column("status"), status_codes) == 0
    approx = _codes(column("geo_precision"), geo_codes) <= 2
    places = [p or d or "" for p, d in zip(column("place"), column("district"), strict=True)]
    id_type = "<i4" if count == 0 or (ids[0] >= -(2**31) and ids[-1] < 2**31) else "<f8"
    columns = {
        "id": _b64(ids, id_type),
        "lat": _b64(_microdegrees(column("lat")), "<i4"),
        "lon": _b64(_microdegrees(column("lon")), "<i4"),
        "type": _b64(_codes(column("type"), type_codes), "u1"),
        "flags": _b64(planned + 2 * approx, "u1"),
        "place": _b64(_codes(places, place_codes), "<i4"),
        "geo": _b64(_codes(column("geo_precision"), geo_table), "u1"),
        "district": _b64(_codes([d or "" for d in column("district")], district_codes), "<i4"),
        "date": dates,
        "date_end": {"rows": _b64(differ, "<i4"), "values": [ends[i] for i in differ]},
        "when": _b64(_codes(_whens(placed, language), when_codes), "<i4"),
        "title": column("title"),
    }
    types = {
        key: {"label": TYPE_LABELS[key][0 if zh else 1], "color": TYPE_COLORS[key],
              "glyph": _glyph(key)}
        for key in TYPE_LABELS
    }  # fmt: skip
    labels = {"planned": "计划" if zh else "planned",
              "approx": "(位置为镇/区级，近似)" if zh else "(approximate location)"}  # fmt: skip
    tables = {
        "type": list(type_codes),
        "place": list(place_codes),
        "geo": list(geo_table),
        "district": list(district_codes),
        "when": list(when_codes),
    }
    payload = {
        "load": load,
        "count": count,
        "id_bytes": 4 if id_type == "<i4" else 8,
        "columns": columns,
        "tables": tables,
        "types": types,
        "labels": labels,
        "caption": caption,
    }
    return ids, payload


def event_payload(
    events: Sequence[Event], language: str = "zh", caption: str = "", load: int = 1
) -> dict[str, Any]:
    """The payload of ``explorer.loadEvents`` / ``explorer.setEvents`` (see :func:`map_payload`)."""
    return map_payload(events, language, caption, load)[1]


def _b64(values: Sequence[Any] | np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.asarray(values, dtype=dtype).tobytes()).decode("ascii")


def _microdegrees(degrees: list[float]) -> np.ndarray:
    return np.rint(np.array(degrees, dtype=np.float64) * 1e6).astype(np.int32)


def _whens(events: list[Event], language: str) -> list[str]:
    """Each event's date as the popup prints it (date_labels; "计划" is on the type line),
    formatted once per distinct date: 100,000 events have a few thousand."""
    cache: dict[tuple[object, ...], str] = {}
    out = []
    for e in events:
        key = (e.date, e.date_end, e.date_precision, e.date_inferred)
        text = cache.get(key)
        if text is None:
            text = cache[key] = event_date_label(e, language, planned=False)
        out.append(text)
    return out


def _codes(values: list[Any], table: dict[Any, int]) -> np.ndarray:
    """The code of each value in ``table`` (values not in it are added, in order)."""
    for value in dict.fromkeys(values):
        table.setdefault(value, len(table))
    return np.fromiter(map(table.__getitem__, values), dtype=np.int64, count=len(values))


class _Columns:
    """One attribute of every event as a list (``map`` and ``attrgetter`` run in C)."""

    def __init__(self, events: list[Event]) -> None:
        self.events = events

    def __call__(self, name: str) -> list[Any]:
        return list(map(attrgetter(name), self.events))


def _glyph(event_type: str) -> str:
    """The Font Awesome character of a type's icon (the font ships with qtawesome)."""
    name = TYPE_ICONS[event_type].split(".", 1)[1]
    return chr(_FA_SOLID.get(name, 0xF111))


def _load_fa_solid() -> dict[str, int]:
    from explorer.export.icons import solid_charmap

    return solid_charmap()


_FA_SOLID = _load_fa_solid()
