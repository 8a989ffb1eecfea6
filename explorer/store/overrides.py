"""Writing the user's place fixes (``place_overrides``) into the events.

Its own module, below both :mod:`explorer.store.repository` (which re-applies the fixes to the
events of a re-extracted document) and :mod:`explorer.store.place_fixes` (which sets and clears
them), so neither imports the other.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from explorer.store.dialect import StoreConnection, dialect_of


def apply_overrides(
    conn: StoreConnection,
    *,
    event_ids: Iterable[int] | None = None,
    document_id: int | None = None,
) -> None:
    """Write the overrides into the events (all, those of ``event_ids``, or those of one
    stored document): coordinates, precision ``exact``, and the district when the point lies
    in one. An event's own override wins over its place's. The caller's transaction."""
    scope = ""
    params: tuple[object, ...] = ()
    if event_ids is not None:
        scope = f" AND events.id IN ({dialect_of(conn).json_ints('?')})"
        params = (json.dumps(list(event_ids)),)
    elif document_id is not None:
        scope = " AND events.document_id = ?"
        params = (document_id,)
    for match in ("o.name = events.place", "o.event_id = events.id"):
        conn.execute(
            f"""UPDATE events SET lat = o.lat, lon = o.lon, geo_precision = 'exact',
                       district = coalesce(o.district, events.district),
                       version = events.version + 1
                FROM place_overrides AS o WHERE {match}{scope}""",
            params,
        )
