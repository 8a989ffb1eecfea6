"""Read the gazetteer CSV into :class:`~explorer.core.places.Place` values."""

from __future__ import annotations

import csv
from pathlib import Path

from explorer.core.errors import InputError
from explorer.core.places import Place

REQUIRED_COLUMNS = ("name", "aliases", "kind", "district", "lat", "lon", "precision")


def read_gazetteer(path: str | Path) -> list[Place]:
    """Parse the gazetteer at ``path`` (UTF-8 CSV with a header row)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(str(path), f"gazetteer lacks columns: {', '.join(missing)}")
            return [_place(row, f"{path}:{reader.line_num}") for row in reader]
    except OSError as error:
        raise InputError(str(path), f"cannot read the gazetteer ({error.strerror})") from None


def _place(row: dict[str, str], where: str) -> Place:
    try:
        lat = float(row["lat"]) if row["lat"].strip() else None
        lon = float(row["lon"]) if row["lon"].strip() else None
    except ValueError:
        raise InputError(where, "coordinate is not a number") from None
    aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
    return Place(
        name=row["name"].strip(),
        aliases=aliases,
        kind=row["kind"].strip(),
        district=row["district"].strip() or None,
        lat=lat,
        lon=lon,
        precision=row["precision"].strip() or None,
        source=(row.get("source") or "").strip() or None,
    )
