"""A user's locations for places: overrides that win over the gazetteer and the geocoder.

*Set location* of a place stores an :class:`Override` (WGS-84, the district the point lies in,
who, when, a note) and moves every event naming that place there, precision ``exact``. An event
without a place gets an override of its own, and counts as edited from then on, so that
re-extraction keeps it like any corrected event. :func:`apply_overrides` writes the overrides
into the events; :func:`explorer.store.repository.replace_machine_events` calls it for every
document it stores, so neither a re-extraction nor an import loses them.

Every step is a :class:`PlaceFix`: the overrides of the places it touched, before and after,
and the location of the events it moved as they were. :func:`undo` puts back the former
overrides and locations, :func:`redo` sets the new ones again. Events without such a snapshot
(a :func:`clear_override` of an old fix, events imported after the step) go back to where
extraction puts them: the gazetteer's coordinate, else a cached geocoder answer, else the
district seat (``explorer reextract`` restores machine events exactly).

Teams share fixes as CSV (:func:`export_csv`, :func:`import_csv`): UTF-8 with BOM, columns
``name, lat, lon, district, who, at, note`` and, on import only, an optional ``crs``
(``wgs84``, ``gcj02``, ``bd09``) for coordinates read off a Chinese map. An import checks
every row first (problems are reported with their line numbers) and applies all of them in
one transaction, or none. Fixes of single events stay in their database: event ids mean
nothing elsewhere.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from explorer.atomic import open_atomically
from explorer.core.cells import inert_cell, restored_cell
from explorer.core.coords import DATUMS, to_wgs84
from explorer.core.errors import InputError
from explorer.core.vocabulary import DISTRICTS
from explorer.pipeline.decoding import decode_text
from explorer.pipeline.geography import DistrictBoundaries
from explorer.store.db import now, transaction
from explorer.store.dialect import StoreConnection, dialect_of
from explorer.store.overrides import apply_overrides

# A fix may lie this far outside the district boundaries (a pier, a simplified coastline).
NEAR_KM = 5.0
CSV_COLUMNS: tuple[str, ...] = ("name", "lat", "lon", "district", "who", "at", "note")
# What a fix changes in an event, and so what undo puts back.
LOCATED: tuple[str, ...] = (
    "lat",
    "lon",
    "geo_precision",
    "district",
    "edited",
    "edited_by",
    "updated_at",
)
# The gazetteer's precisions that extraction passes on to events (extract._GEO_PRECISION).
_PLACE_PRECISIONS = ("exact", "town", "district")

Snapshot = dict[str, Any]
Target = tuple[str, str | int]  # ("place", name) or ("event", event id)


@dataclass(frozen=True, slots=True)
class Override:
    """A user's location of a place (``name``) or of one event (``event_id``), WGS-84."""

    name: str | None
    event_id: int | None
    lat: float
    lon: float
    district: str | None
    who: str
    at: str
    note: str | None = None

    @property
    def target(self) -> Target:
        return ("place", self.name) if self.name is not None else ("event", int(self.event_id or 0))


@dataclass(frozen=True)
class PlaceFix:
    """One step, undoable: the overrides of ``targets`` before and after it, and the located
    columns of the events it moved as they were before."""

    action: str  # set location | clear location | import locations
    targets: tuple[Target, ...]
    before: tuple[Override, ...]
    after: tuple[Override, ...]
    located: tuple[tuple[int, Snapshot], ...]

    @property
    def event_ids(self) -> tuple[int, ...]:
        return tuple(event_id for event_id, _ in self.located)


class FixesFileError(InputError):
    """A fixes CSV that cannot be imported; ``problems`` are ``(line, what)``, and nothing
    of the file was applied."""

    def __init__(self, path: str, problems: Sequence[tuple[int, str]]) -> None:
        self.problems = list(problems)
        shown = "; ".join(f"line {line}: {what}" for line, what in self.problems[:5])
        more = f"; … {len(self.problems) - 5} more" if len(self.problems) > 5 else ""
        super().__init__(path, f"nothing imported: {shown}{more}")


@cache
def bundled_boundaries() -> DistrictBoundaries:
    """The district boundaries shipped in ``data/``."""
    from explorer import paths

    return DistrictBoundaries.from_geojson(paths.districts_path())


def locate(
    lat: float,
    lon: float,
    crs: str = "wgs84",
    boundaries: DistrictBoundaries | None = None,
) -> tuple[float, float, str | None]:
    """The WGS-84 ``(lat, lon)`` of a point given in ``crs``, and its district.

    Raises ``ValueError`` for an unknown ``crs``, a coordinate out of range, or a point more
    than :data:`NEAR_KM` outside Jiangmen.
    """
    datum = crs.strip().lower().replace("-", "").replace("_", "") or "wgs84"
    if datum not in DATUMS:
        raise ValueError(f"crs {crs!r} is not one of {', '.join(DATUMS)}")
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise ValueError(f"lat {lat:g} is out of range (-90 to 90)" + _swapped(lat, lon))
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise ValueError(f"lon {lon:g} is out of range (-180 to 180)")
    boundaries = boundaries or bundled_boundaries()
    wlat, wlon = to_wgs84(lat, lon, datum)  # `in DATUMS` narrowed it to a Datum
    district = boundaries.district_at(wlat, wlon)
    if district is None:
        away = boundaries.distance_km(wlat, wlon)
        if away > NEAR_KM:
            raise ValueError(f"{lat:g}, {lon:g} lies {away:.0f} km outside Jiangmen")
    return wlat, wlon, district


def _swapped(lat: float, lon: float) -> str:
    return " (lat and lon swapped?)" if 100 <= lat <= 120 and 15 <= lon <= 30 else ""


# ------------------------------------------------------------------------------ steps


def set_override(
    conn: StoreConnection,
    name: str,
    lat: float,
    lon: float,
    who: str,
    *,
    crs: str = "wgs84",
    note: str | None = None,
    boundaries: DistrictBoundaries | None = None,
) -> PlaceFix:
    """Locate the place ``name`` (a gazetteer alias means its place) for every event naming
    it, now and after any re-extraction. Raises ``ValueError`` for a bad name or point."""
    place = canonical_name(conn, name)
    wlat, wlon, district = locate(lat, lon, crs, boundaries)
    override = Override(place, None, wlat, wlon, district, who, now(), note or None)
    return _step(conn, "set location", [override], [], who)


def set_event_override(
    conn: StoreConnection,
    event_id: int,
    lat: float,
    lon: float,
    who: str,
    *,
    crs: str = "wgs84",
    note: str | None = None,
    boundaries: DistrictBoundaries | None = None,
) -> PlaceFix:
    """Locate one event, whatever place it names."""
    _require_event(conn, event_id)
    wlat, wlon, district = locate(lat, lon, crs, boundaries)
    override = Override(None, event_id, wlat, wlon, district, who, now(), note or None)
    return _step(conn, "set location", [override], [], who)


def set_location(
    conn: StoreConnection,
    event_id: int,
    lat: float,
    lon: float,
    who: str,
    *,
    crs: str = "wgs84",
    note: str | None = None,
    boundaries: DistrictBoundaries | None = None,
) -> PlaceFix:
    """*Set location* of an event: of its place when it names one, else of the event alone
    (and of the event alone when it has a location of its own already)."""
    place = _require_event(conn, event_id)
    if place and _override(conn, ("event", event_id)) is None:
        return set_override(conn, place, lat, lon, who, crs=crs, note=note, boundaries=boundaries)
    return set_event_override(
        conn, event_id, lat, lon, who, crs=crs, note=note, boundaries=boundaries
    )


def clear_override(
    conn: StoreConnection, who: str, *, name: str | None = None, event_id: int | None = None
) -> PlaceFix:
    """Remove the override of a place (``name``) or of one event (``event_id``); its events
    go back to where extraction puts them."""
    target: Target = ("place", canonical_name(conn, name)) if name else ("event", event_id or 0)
    if _override(conn, target) is None:
        raise ValueError(f"no location was set for {name or f'event {event_id}'}")
    return _step(conn, "clear location", [], [target], who)


def clear_location(conn: StoreConnection, event_id: int, who: str) -> PlaceFix:
    """Remove what places an event: its own override, else its place's."""
    override = override_of_event(conn, event_id)
    if override is None:
        raise ValueError(f"no location was set for event {event_id}")
    return _step(conn, "clear location", [], [override.target], who)


def import_csv(
    conn: StoreConnection,
    path: str | Path,
    who: str,
    boundaries: DistrictBoundaries | None = None,
) -> PlaceFix:
    """Set every fix of a CSV file (see :func:`read_csv`) in one transaction.

    Raises :class:`FixesFileError` naming every bad row; then nothing is applied.
    """
    fixes = read_csv(path, who, boundaries, lambda name: canonical_name(conn, name))
    return _step(conn, "import locations", fixes, [], who)


def undo(conn: StoreConnection, fix: PlaceFix, who: str) -> tuple[int, ...]:
    """Put back the overrides and event locations ``fix`` replaced; the events moved.
    :class:`LocationConflict` when someone changed those locations since."""
    restore = dict(fix.located)
    with transaction(conn):
        _require_unchanged(conn, fix.targets, fix.after)
        return _write(conn, "undo " + fix.action, fix.targets, fix.before, restore, who)


def redo(conn: StoreConnection, fix: PlaceFix, who: str) -> tuple[int, ...]:
    """Set the overrides of ``fix`` again after an undo; the events moved."""
    with transaction(conn):
        _require_unchanged(conn, fix.targets, fix.before)
        return _write(conn, "redo " + fix.action, fix.targets, fix.after, {}, who)


class LocationConflict(ValueError):
    """Another analyst set or cleared a location since this step: undo would lose it."""


def _require_unchanged(
    conn: StoreConnection, targets: Sequence[Target], expected: Sequence[Override]
) -> None:
    wanted = {o.target: o for o in expected}
    for target in targets:
        current = _override(conn, target)
        if current != wanted.get(target):
            kind, key = target
            what = key if kind == "place" else f"event {key}"
            by = f" by {current.who} at {current.at}" if current is not None else ""
            raise LocationConflict(f"the location of {what} was changed{by} since; reload")


def _step(
    conn: StoreConnection,
    action: str,
    put: Sequence[Override],
    remove: Sequence[Target],
    who: str,
) -> PlaceFix:
    targets = tuple(dict.fromkeys([*(o.target for o in put), *remove]))
    with transaction(conn):  # the snapshot and the change see the same rows
        before = tuple(o for t in targets if (o := _override(conn, t)) is not None)
        ids = _events_at(conn, targets)
        fix = PlaceFix(action, targets, before, tuple(put), tuple(_snapshots(conn, ids)))
        _write(conn, action, targets, fix.after, {}, who)
    return fix


def _write(
    conn: StoreConnection,
    action: str,
    targets: Sequence[Target],
    wanted: Sequence[Override],
    restore: dict[int, Snapshot],
    who: str,
) -> tuple[int, ...]:
    """Make ``wanted`` the overrides of ``targets``; events of a target left without one get
    their ``restore`` snapshot, else their extraction's location. The caller's transaction."""
    ids = _events_at(conn, targets)
    before = [o for t in targets if (o := _override(conn, t)) is not None]
    for kind, key in targets:
        column = "name" if kind == "place" else "event_id"
        conn.execute(f"DELETE FROM place_overrides WHERE {column} = ?", (key,))
    conn.executemany(
        """INSERT INTO place_overrides (name, event_id, lat, lon, district, who, at, note)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [(o.name, o.event_id, o.lat, o.lon, o.district, o.who, o.at, o.note) for o in wanted],
    )
    kept = {o.target for o in wanted}
    for target in targets:
        if target not in kept:
            _unplace(conn, _events_at(conn, [target]), restore)
    stamp = now()
    conn.executemany(  # an event's own fix is a correction: re-extraction keeps the event
        "UPDATE events SET edited = 1, edited_by = ?, updated_at = ?, version = version + 1"
        " WHERE id = ?",
        [(o.who, stamp, o.event_id) for o in wanted if o.event_id is not None],
    )
    apply_overrides(conn, event_ids=ids)
    conn.execute(
        "INSERT INTO event_edits (action, event_ids, before, after, who, at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (action, json.dumps(list(ids)), _dump(before), _dump(wanted), who, stamp),
    )
    return ids


def _dump(overrides: Iterable[Override]) -> str:
    return json.dumps([asdict(o) for o in overrides], ensure_ascii=False)


# ------------------------------------------------------------------------------ events


def _unplace(conn: StoreConnection, ids: Sequence[int], restore: dict[int, Snapshot]) -> None:
    assignments = ", ".join(f"{column} = ?" for column in LOCATED)
    for event_id in ids:
        values = restore.get(event_id) or _machine_location(conn, event_id)
        conn.execute(
            f"UPDATE events SET {assignments}, version = version + 1 WHERE id = ?",
            (*(values[c] for c in LOCATED), event_id),
        )


def _machine_location(conn: StoreConnection, event_id: int) -> Snapshot:
    """Where extraction and the geocoder would put an event: its gazetteer place's
    coordinate, else a geocoder's answer for its place, else its district's seat."""
    row = conn.execute(f"SELECT place, {', '.join(LOCATED)} FROM events WHERE id = ?", (event_id,))
    located = dict(row.fetchone())
    place = located.pop("place")
    known = _gazetteer_place(conn, place) if place else None
    if known is not None and known["district"]:
        located["district"] = known["district"]  # the override may have moved it
    if known is not None and known["lat"] is not None:
        precision = known["precision"] if known["precision"] in _PLACE_PRECISIONS else None
        return located | {"lat": known["lat"], "lon": known["lon"], "geo_precision": precision}
    cached = conn.execute(
        """SELECT lat, lon, precision FROM geocode_cache WHERE query = ? AND outcome = 'found'
           ORDER BY fetched_at DESC LIMIT 1""",
        (place,),
    ).fetchone()
    if known is None and cached is not None:
        return (
            located
            | {"lat": cached["lat"], "lon": cached["lon"]}
            | {"geo_precision": cached["precision"]}
        )
    seat = conn.execute(
        "SELECT lat, lon FROM places WHERE kind = 'district' AND name = ? AND lat IS NOT NULL",
        (located["district"],),
    ).fetchone()
    if seat is not None:
        return located | {"lat": seat["lat"], "lon": seat["lon"], "geo_precision": "district"}
    return located | {"lat": None, "lon": None, "geo_precision": None}


def _gazetteer_place(conn: StoreConnection, name: str) -> Any:
    row = conn.execute(
        "SELECT name, district, lat, lon, precision FROM places WHERE name = ?", (name,)
    ).fetchone()
    if row is not None:
        return row
    for candidate in conn.execute(
        "SELECT name, aliases, district, lat, lon, precision FROM places WHERE aliases != ''"
    ):
        if name in candidate["aliases"].split("|"):
            return candidate
    return None


def canonical_name(conn: StoreConnection, name: str) -> str:
    """The place name events use: a gazetteer alias becomes its place's name."""
    name = name.strip()
    if not name:
        raise ValueError("the place name is empty")
    known = _gazetteer_place(conn, name)
    return str(known["name"]) if known is not None else name


def _require_event(conn: StoreConnection, event_id: int) -> str | None:
    """The place an event names; ``ValueError`` when the event is gone."""
    row = conn.execute("SELECT place FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise ValueError(f"event {event_id} no longer exists (extracted again?); reload")
    return (row["place"] or "").strip() or None


def _events_at(conn: StoreConnection, targets: Iterable[Target]) -> tuple[int, ...]:
    ids: list[int] = []
    for kind, key in targets:
        if kind == "place":
            rows = conn.execute("SELECT id FROM events WHERE place = ? ORDER BY id", (key,))
        else:
            rows = conn.execute("SELECT id FROM events WHERE id = ?", (key,))
        ids += [row[0] for row in rows]
    return tuple(dict.fromkeys(ids))


def _snapshots(conn: StoreConnection, ids: Sequence[int]) -> list[tuple[int, Snapshot]]:
    columns = ", ".join(LOCATED)
    rows = conn.execute(
        f"SELECT id, {columns} FROM events WHERE id IN ({dialect_of(conn).json_ints('?')})",
        (json.dumps(list(ids)),),
    )
    found = {row["id"]: {c: row[c] for c in LOCATED} for row in rows}
    return [(event_id, found[event_id]) for event_id in ids if event_id in found]


# ------------------------------------------------------------------------------ reading


def overrides(conn: StoreConnection) -> list[Override]:
    """Every override: places by name, then single events by id."""
    rows = conn.execute(
        """SELECT name, event_id, lat, lon, district, who, at, note FROM place_overrides
           ORDER BY name IS NULL, name, event_id"""
    )
    return [Override(*tuple(row)) for row in rows]


def override_of_event(conn: StoreConnection, event_id: int) -> Override | None:
    """What places an event: its own override, else its place's, else ``None``."""
    row = conn.execute(
        """SELECT o.name, o.event_id, o.lat, o.lon, o.district, o.who, o.at, o.note
           FROM events e JOIN place_overrides o ON o.event_id = e.id OR o.name = e.place
           WHERE e.id = ? ORDER BY o.event_id IS NULL LIMIT 1""",
        (event_id,),
    ).fetchone()
    return Override(*tuple(row)) if row is not None else None


def _override(conn: StoreConnection, target: Target) -> Override | None:
    kind, key = target
    column = "name" if kind == "place" else "event_id"
    row = conn.execute(
        f"""SELECT name, event_id, lat, lon, district, who, at, note FROM place_overrides
            WHERE {column} = ?""",
        (key,),
    ).fetchone()
    return Override(*tuple(row)) if row is not None else None


# ------------------------------------------------------------------------------ CSV


def export_csv(conn: StoreConnection, path: str | Path) -> int:
    """Write the fixes of places to ``path`` (UTF-8 with BOM, so Excel reads the Chinese);
    returns how many. Fixes of single events are left out: their ids mean nothing elsewhere."""
    named = [o for o in overrides(conn) if o.name is not None]
    with open_atomically(Path(path), encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for o in named:
            # Names and notes are typed by users or read from pages: a cell that starts like a
            # formula must not run in the spreadsheet that opens the file (read_csv undoes it).
            writer.writerow(
                [
                    inert_cell(o.name),
                    _number(o.lat),
                    _number(o.lon),
                    o.district or "",
                    inert_cell(o.who),
                    inert_cell(o.at),
                    inert_cell(o.note or ""),
                ]
            )
    return len(named)


def _number(value: float) -> str:
    """Seven decimals (about a centimetre), without trailing zeros."""
    return f"{value:.7f}".rstrip("0").rstrip(".")


def read_csv(
    path: str | Path,
    who: str,
    boundaries: DistrictBoundaries | None = None,
    canonical: Callable[[str], str] = str.strip,
) -> list[Override]:
    """The fixes of a CSV file: ``name, lat, lon`` required; ``district``, ``who``, ``at``,
    ``note`` and ``crs`` (wgs84 | gcj02 | bd09, default wgs84) optional. UTF-8 (with or
    without BOM) or GB18030, as Excel saves it in China. ``who`` stands in for an empty
    ``who`` column. Raises :class:`FixesFileError` naming every bad row by its line."""
    where = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(where, f"cannot read the file ({error.strerror})") from None
    text, _ = decode_text(data, where)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    reader.fieldnames = [(f or "").strip().lower() for f in reader.fieldnames or []]
    missing = [c for c in ("name", "lat", "lon") if c not in reader.fieldnames]
    if missing:
        raise FixesFileError(where, [(1, f"the header lacks {', '.join(missing)}")])
    boundaries = boundaries or bundled_boundaries()
    fixes: list[Override] = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    stamp = now()
    for row in reader:
        line = reader.line_num
        values = {k: restored_cell((v or "").strip()) for k, v in row.items() if isinstance(k, str)}
        if not any(values.values()):
            continue
        try:
            fix = _fix_of_row(values, who, stamp, boundaries, canonical)
        except ValueError as error:
            problems.append((line, str(error)))
            continue
        if fix.name in seen:
            problems.append((line, f"{fix.name} is fixed already on line {seen[fix.name]}"))
            continue
        seen[str(fix.name)] = line
        fixes.append(fix)
    if problems:
        raise FixesFileError(where, problems)
    return fixes


def _fix_of_row(
    values: dict[str, str],
    who: str,
    stamp: str,
    boundaries: DistrictBoundaries,
    canonical: Callable[[str], str],
) -> Override:
    if not values.get("name"):
        raise ValueError("the name is empty")
    coordinate: dict[str, float] = {}
    for column in ("lat", "lon"):
        try:
            coordinate[column] = float(values.get(column, ""))
        except ValueError:
            raise ValueError(f"{column} {values.get(column)!r} is not a number") from None
    lat, lon, district = locate(
        coordinate["lat"], coordinate["lon"], values.get("crs", ""), boundaries
    )
    given = values.get("district", "")
    if given and given not in DISTRICTS:
        raise ValueError(f"district {given!r} is not one of Jiangmen's seven")
    return Override(
        canonical(values["name"]),
        None,
        lat,
        lon,
        district or given or None,  # the point decides; just outside, the file's word
        values.get("who") or who,
        values.get("at") or stamp,
        values.get("note") or None,
    )
