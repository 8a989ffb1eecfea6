"""Geocoding in the store: which place names need a lookup, the answer cache, filling events.

A place name needs a lookup when events name it, it is neither a gazetteer name nor alias,
and those events have no coordinates. Every answer a provider gives (found, none, outside
Jiangmen) is cached per provider, so a name is never asked twice; errors are not cached.
Found coordinates fill only events that lack them and that no user has edited; the gazetteer
(``places``) is never touched. Re-extraction drops the filled coordinates with the machine
events; the next ``explorer geocode`` puts them back from the cache without a request.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field

from explorer.pipeline.geocode import Answer, GeocodeError, Lookup
from explorer.pipeline.geography import DistrictBoundaries
from explorer.store import repository
from explorer.store.db import now, transaction
from explorer.store.dialect import StoreConnection
from explorer.store.importer import Progress


@dataclass(frozen=True, slots=True)
class GeocodePlan:
    """What a run would do: names to ask (with how many events each) and names cached."""

    to_ask: list[tuple[str, int]]
    cached: list[tuple[str, int]]


@dataclass(slots=True)
class GeocodeReport:
    """What a run did. ``found``/``not_found``/``errors`` count requests; ``from_cache``
    counts names answered by the cache."""

    found: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    errors: list[GeocodeError] = field(default_factory=list)
    from_cache: int = 0
    events_filled: int = 0

    def summary_lines(self) -> list[str]:
        lines = [
            f"found {len(self.found)}, not found {len(self.not_found)}, "
            f"errors {len(self.errors)}, from cache {self.from_cache}; "
            f"{self.events_filled} events got coordinates"
        ]
        lines += [f"error: {error}" for error in self.errors]
        return lines


def places_to_locate(conn: StoreConnection) -> list[tuple[str, int]]:
    """Names of places outside the gazetteer whose unedited events lack coordinates, with
    their event counts, most events first."""
    known: set[str] = set()
    for row in conn.execute("SELECT name, aliases FROM places"):
        known.add(row["name"])
        known.update(a for a in row["aliases"].split("|") if a)
    rows = conn.execute(
        """SELECT place, count(*) AS n FROM events
           WHERE place IS NOT NULL AND trim(place) != '' AND lat IS NULL AND lon IS NULL
                 AND edited = 0 AND deleted = 0
           GROUP BY place ORDER BY n DESC, place"""
    )
    return [(row["place"], row["n"]) for row in rows if row["place"] not in known]


def plan(conn: StoreConnection, provider: str) -> GeocodePlan:
    """Split the places to locate into those to ask ``provider`` and those it answered."""
    to_ask: list[tuple[str, int]] = []
    cached: list[tuple[str, int]] = []
    for name, count in places_to_locate(conn):
        (cached if cached_answer(conn, provider, name) else to_ask).append((name, count))
    return GeocodePlan(to_ask, cached)


def cached_answer(conn: StoreConnection, provider: str, query: str) -> Answer | None:
    row = conn.execute(
        """SELECT outcome, lat, lon, precision, source, address FROM geocode_cache
           WHERE provider = ? AND query = ?""",
        (provider, query),
    ).fetchone()
    if row is None:
        return None
    return Answer(query, provider, *tuple(row))


def remember(conn: StoreConnection, answer: Answer) -> None:
    """Cache ``answer`` (replacing an older one for the same provider and name)."""
    conn.execute(
        """INSERT INTO geocode_cache
               (provider, query, outcome, lat, lon, precision, source, address, fetched_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (provider, query) DO UPDATE SET outcome = excluded.outcome,
               lat = excluded.lat, lon = excluded.lon, precision = excluded.precision,
               source = excluded.source, address = excluded.address,
               fetched_at = excluded.fetched_at""",
        (
            answer.provider,
            answer.query,
            answer.outcome,
            answer.lat,
            answer.lon,
            answer.precision,
            answer.source,
            answer.address,
            now(),
        ),
    )


def fill_events(
    conn: StoreConnection, answer: Answer, boundaries: DistrictBoundaries | None
) -> int:
    """Give the found coordinates to the unedited events of that place that lack them; their
    district too where they have none (point in polygon). Returns how many events changed."""
    if answer.outcome != "found" or answer.lat is None or answer.lon is None:
        return 0
    district = boundaries.district_at(answer.lat, answer.lon) if boundaries else None
    cursor = conn.execute(
        """UPDATE events SET lat = ?, lon = ?, geo_precision = ?,
               district = coalesce(district, ?), version = version + 1
           WHERE place = ? AND lat IS NULL AND lon IS NULL AND edited = 0 AND deleted = 0""",
        (answer.lat, answer.lon, answer.precision, district, answer.query),
    )
    return cursor.rowcount


def geocode_places(
    conn: StoreConnection,
    lookup: Lookup,
    provider: str,
    boundaries: DistrictBoundaries | None,
) -> Generator[Progress, None, GeocodeReport]:
    """Locate every place that needs it: from the cache, else by ``lookup`` (a request).

    Yields ``(done, total, message)`` after each name. Each answer is stored with its events
    in its own transaction, so an interrupted run keeps what it learnt; no transaction is
    open while a request waits.
    """
    report = GeocodeReport()
    names = places_to_locate(conn)
    for done, (name, _) in enumerate(names, start=1):
        answer = cached_answer(conn, provider, name)
        fresh = answer is None
        if answer is None:
            try:
                answer = lookup(name)
            except GeocodeError as error:
                report.errors.append(error)
                yield Progress(done, len(names), f"{name}: error ({error.reason})")
                continue
            (report.found if answer.outcome == "found" else report.not_found).append(name)
        else:
            report.from_cache += 1
        with transaction(conn):
            if fresh:
                remember(conn, answer)
            filled = fill_events(conn, answer, boundaries)
            if filled:
                repository.note_change(conn)  # windows on a shared database reload
            report.events_filled += filled
        yield Progress(done, len(names), _describe(answer, fresh))
    return report


def _describe(answer: Answer, fresh: bool) -> str:
    where = "" if fresh else " (cache)"
    if answer.outcome == "found":
        return f"{answer.query}: {answer.lat:.5f}, {answer.lon:.5f} ({answer.precision}){where}"
    outcome = "outside Jiangmen" if answer.outcome == "outside" else "not found"
    return f"{answer.query}: {outcome}{where}"
