"""A user's corrections to events: edit, delete, merge, and undo or redo any of them.

Every change is a :class:`Change`: the curated columns of the rows it touched, before and
after. Undo writes the ``before`` values back, redo the ``after`` values, so one function
serves both. Each change is also logged in ``event_edits`` with who made it and when.

Deleted and merged events stay in the table (``deleted = 1``) so that re-extraction, which
skips every machine event a user has curated, never brings them back.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from explorer.core.vocabulary import (
    DATE_PRECISIONS,
    DISTRICTS,
    EVENT_TYPES,
    GEO_PRECISIONS,
    STATUSES,
)
from explorer.store.db import now, transaction
from explorer.store.dialect import StoreConnection, dialect_of

# What a user may change, and what a change records besides.
EDITABLE: tuple[str, ...] = (
    "type",
    "date",
    "date_end",
    "date_precision",
    "status",
    "title",
    "subject",
    "place",
    "district",
    "lat",
    "lon",
    "geo_precision",
    "amount_cny",
)
CURATED: tuple[str, ...] = (
    *EDITABLE,
    "edited",
    "edited_by",
    "updated_at",
    "deleted",
    "merged_into",
)

Snapshot = dict[str, Any]


@dataclass(frozen=True)
class Change:
    """One curation step: which rows, their curated columns before and after."""

    action: str  # edit | delete | merge
    before: tuple[tuple[int, Snapshot], ...]
    after: tuple[tuple[int, Snapshot], ...]

    @property
    def event_ids(self) -> tuple[int, ...]:
        return tuple(event_id for event_id, _ in self.before)


class EditConflict(ValueError):
    """Another analyst changed the event since the one correcting it read it."""

    def __init__(self, event_id: int, who: str | None, at: str | None) -> None:
        self.event_id = event_id
        by = f" by {who}" if who else ""
        when = f" at {at}" if at else ""
        super().__init__(f"event {event_id} was changed{by}{when} since you opened it; reload")


@dataclass(frozen=True, slots=True)
class EditRecord:
    """One line of an event's history."""

    action: str
    who: str
    at: str


def date_interval(day: date, precision: str) -> tuple[date, date]:
    """The interval a date of ``precision`` stands for (2022-07-10, month → July)."""
    if precision == "day":
        return day, day
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    months = {"month": 1, "quarter": 3, "half": 6}[precision]
    first_month = (day.month - 1) // months * months + 1
    last_month = first_month + months - 1
    last_day = calendar.monthrange(day.year, last_month)[1]
    return date(day.year, first_month, 1), date(day.year, last_month, last_day)


def edit_event(
    conn: StoreConnection,
    event_id: int,
    changes: Mapping[str, Any],
    who: str,
    seen: int | None = None,
) -> Change:
    """Correct an event. Raises ``ValueError`` naming the field that cannot take a value,
    :class:`EditConflict` when ``seen`` (the event's version as the user read it) is not
    its version any more."""
    _check_seen(conn, {event_id: seen})
    current = _snapshot(conn, event_id)
    wanted = {**current, **_checked(changes)}
    if wanted["date"] and wanted["date_precision"] is None:
        wanted["date_precision"] = "day"
    if wanted["date"] and not wanted["date_end"]:
        wanted["date_end"] = wanted["date"]
    if wanted["date"] and wanted["date_end"] < wanted["date"]:
        raise ValueError(f"date_end {wanted['date_end']} is before date {wanted['date']}")
    if not wanted["date"]:
        wanted.update(date_end=None, date_precision=None)
    wanted.update(edited=1, edited_by=who, updated_at=now())
    return _apply(conn, "edit", {event_id: wanted}, who)


def delete_event(conn: StoreConnection, event_id: int, who: str, seen: int | None = None) -> Change:
    """Hide a false event; it stays stored so re-extraction does not add it again."""
    _check_seen(conn, {event_id: seen})
    wanted = {**_snapshot(conn, event_id), "deleted": 1, "edited": 1}
    wanted.update(edited_by=who, updated_at=now())
    return _apply(conn, "delete", {event_id: wanted}, who)


def merge_events(
    conn: StoreConnection,
    keep_id: int,
    drop_id: int,
    who: str,
    seen: Mapping[int, int | None] | None = None,
) -> Change:
    """Merge two reports of one event: ``keep_id`` stays, taking from ``drop_id`` what it
    lacks (place, district, coordinates, amount, subject) and the more precise date;
    ``drop_id`` is hidden and remembered as merged into ``keep_id``."""
    if keep_id == drop_id:
        raise ValueError("an event cannot be merged with itself")
    _check_seen(conn, dict(seen or {}))
    keep, drop = _snapshot(conn, keep_id), _snapshot(conn, drop_id)
    merged = dict(keep)
    if drop["lat"] is not None and keep["lat"] is None:
        for column in ("place", "district", "lat", "lon", "geo_precision"):
            merged[column] = drop[column]
    for column in ("subject", "amount_cny", "place", "district"):
        if merged[column] is None:
            merged[column] = drop[column]
    if drop["date"] and (not keep["date"] or _narrower(drop, keep)):
        for column in ("date", "date_end", "date_precision"):
            merged[column] = drop[column]
    stamp = now()
    merged.update(edited=1, edited_by=who, updated_at=stamp)
    dropped = {**drop, "deleted": 1, "merged_into": keep_id, "edited": 1}
    dropped.update(edited_by=who, updated_at=stamp)
    return _apply(conn, "merge", {keep_id: merged, drop_id: dropped}, who)


def undo(conn: StoreConnection, change: Change, who: str) -> None:
    """Put back what ``change`` replaced; :class:`EditConflict` if someone changed the
    events since."""
    _write(conn, "undo " + change.action, change.after, change.before, who)


def redo(conn: StoreConnection, change: Change, who: str) -> None:
    """Make ``change`` again after an undo; :class:`EditConflict` if someone changed the
    events since."""
    _write(conn, "redo " + change.action, change.before, change.after, who)


def versions(conn: StoreConnection, event_ids: Iterable[int] | None = None) -> dict[int, int]:
    """The version of every event (or of ``event_ids``): what a window read, to pass back
    as ``seen`` with a correction."""
    if event_ids is None:
        rows = conn.execute("SELECT id, version FROM events")
    else:
        ids = dialect_of(conn).json_ints("?")
        rows = conn.execute(
            f"SELECT id, version FROM events WHERE id IN ({ids})",
            (json.dumps([int(i) for i in event_ids]),),
        )
    return {row[0]: row[1] for row in rows}


def _check_seen(conn: StoreConnection, seen: Mapping[int, int | None]) -> None:
    for event_id, version in seen.items():
        if version is None:
            continue
        row = conn.execute(
            "SELECT version, edited_by, updated_at FROM events WHERE id = ?", (event_id,)
        ).fetchone()
        if row is not None and row[0] != version:
            raise EditConflict(event_id, row[1], row[2])


def history(conn: StoreConnection, event_id: int) -> list[EditRecord]:
    """Who changed an event and when, oldest first."""
    ids = dialect_of(conn).json_ints("event_edits.event_ids")
    rows = conn.execute(
        f"SELECT action, who, at FROM event_edits WHERE ? IN ({ids}) ORDER BY id",
        (event_id,),
    )
    return [EditRecord(r["action"], r["who"], r["at"]) for r in rows]


def merged_into(conn: StoreConnection, keep_id: int) -> list[int]:
    """The events a user merged into ``keep_id``."""
    rows = conn.execute(
        "SELECT id FROM events WHERE merged_into = ? AND deleted = 1 ORDER BY id", (keep_id,)
    )
    return [r["id"] for r in rows]


def _narrower(a: Snapshot, b: Snapshot) -> bool:
    order = {p: i for i, p in enumerate(DATE_PRECISIONS)}
    return order.get(a["date_precision"], 9) < order.get(b["date_precision"], 9)


def _checked(changes: Mapping[str, Any]) -> Snapshot:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"cannot edit {', '.join(sorted(unknown))}")
    allowed = {
        "type": EVENT_TYPES,
        "status": STATUSES,
        "date_precision": DATE_PRECISIONS,
        "district": DISTRICTS,
        "geo_precision": GEO_PRECISIONS,
    }
    checked = {k: (None if v == "" else v) for k, v in changes.items()}
    for column, values in allowed.items():
        value = checked.get(column)
        if value is not None and value not in values:
            raise ValueError(f"{column}: {value!r} is not one of {', '.join(values)}")
    for column in ("type", "status", "title"):
        if column in checked and not checked[column]:
            raise ValueError(f"{column} cannot be empty")
    for column in ("date", "date_end"):
        if checked.get(column) is not None:
            try:
                checked[column] = date.fromisoformat(str(checked[column])).isoformat()
            except ValueError:
                raise ValueError(
                    f"{column}: {checked[column]!r} is not a date (YYYY-MM-DD)"
                ) from None
    for column, bound in (("lat", 90), ("lon", 180)):
        value = checked.get(column)
        if value is not None and not -bound <= float(value) <= bound:
            raise ValueError(f"{column}: {value} is out of range")
    return checked


def _snapshot(conn: StoreConnection, event_id: int) -> Snapshot:
    columns = ", ".join(CURATED)
    row = conn.execute(f"SELECT {columns} FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise ValueError(f"event {event_id} no longer exists (extracted again?); reload")
    return dict(zip(CURATED, row, strict=True))


def _apply(conn: StoreConnection, action: str, wanted: dict[int, Snapshot], who: str) -> Change:
    # ``before`` is what the rows held when read: _write refuses to go on if they hold
    # anything else by the time it writes (another analyst in between).
    before = tuple((event_id, _snapshot(conn, event_id)) for event_id in wanted)
    stored = _write(conn, action, before, tuple(wanted.items()), who)
    return Change(action, before, stored)


def _write(
    conn: StoreConnection,
    action: str,
    before: tuple[tuple[int, Snapshot], ...],
    after: tuple[tuple[int, Snapshot], ...],
    who: str,
) -> tuple[tuple[int, Snapshot], ...]:
    """Write ``after`` over rows that must hold ``before``; the rows as stored (what an
    undo expects to find: the database's types, 22.5 for a "22.5" typed)."""
    assignments = ", ".join(f"{column} = ?" for column in CURATED)
    expected = dict(before)
    stored = []
    columns = ", ".join(CURATED)
    with transaction(conn):  # all rows of a change and its log line, or nothing
        for event_id, values in after:
            row = conn.execute(
                f"SELECT {columns}, version FROM events WHERE id = ?", (event_id,)
            ).fetchone()
            if row is None:  # raising rolls the whole change back
                raise ValueError(f"event {event_id} no longer exists (extracted again?); reload")
            current = dict(zip(CURATED, row, strict=False))
            if current != expected[event_id]:
                raise EditConflict(event_id, current["edited_by"], current["updated_at"])
            # ``version = ?``: on PostgreSQL another writer may commit between the read and
            # this update (READ COMMITTED); then nothing is updated and the change refused.
            changed = conn.execute(
                f"UPDATE events SET {assignments}, version = version + 1"
                " WHERE id = ? AND version = ?",
                (*(values[c] for c in CURATED), event_id, row[len(CURATED)]),
            ).rowcount
            if changed != 1:
                raise EditConflict(event_id, None, None)
            stored.append((event_id, _snapshot(conn, event_id)))
        conn.execute(
            "INSERT INTO event_edits (action, event_ids, before, after, who, at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                action,
                json.dumps([event_id for event_id, _ in after]),
                json.dumps(dict(before), ensure_ascii=False),
                json.dumps(dict(after), ensure_ascii=False),
                who,
                now(),
            ),
        )
    return tuple(stored)
