"""Rows read straight from a database file's pages, where its b-trees no longer lead.

SQLite finds a row by walking a table's b-tree from its root page; one overwritten interior
page (or the schema on page 1) hides every row below it, although the leaf pages holding
them still read. ``sqlite3``'s ``.recover`` reads the pages instead, but the shell of
Debian 12 cannot (built without ``sqlite_dbpage``), so recovery does the same here: every
table-leaf page of the file is decoded by the file format (sqlite.org/fileformat2.html),
overflow chains followed, and each page is given to the one table whose columns its rows
fit. Pages on the freelist hold deleted rows and are skipped; a page that two tables fit,
or none, is left out rather than guessed.

Nothing here writes; the caller adds only rows whose rowid the normal reading did not give.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HEADER = b"SQLite format 3\x00"
TABLE_LEAF = 0x0D
_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)  # SQLite's default first
_ENCODINGS = {1: "utf-8", 2: "utf-16-le", 3: "utf-16-be"}
_CHAIN_LIMIT = 1 << 20  # overflow pages followed for one row, at most (a loop guard)

Value = int | float | str | bytes | None


class _Bad(Exception):
    """A cell whose bytes do not decode as a record (damage, or not a cell at all)."""


@dataclass(frozen=True, slots=True)
class Shape:
    """A table as its rows are stored: what each column may hold."""

    name: str
    columns: tuple[str, ...]
    kinds: tuple[str, ...]  # "int", "text", "real" or "any", from the declared type
    not_null: tuple[bool, ...]
    rowid_alias: int | None  # the INTEGER PRIMARY KEY column, stored as NULL
    fewest: int  # rows written before later ALTER TABLE ADD COLUMNs have fewer values

    def fits(self, values: list[Value]) -> bool:
        if not self.fewest <= len(values) <= len(self.columns):
            return False
        for index, value in enumerate(values):
            if index == self.rowid_alias:
                if value is not None:
                    return False
            elif value is None:
                if self.not_null[index]:
                    return False
            elif not _kind_holds(self.kinds[index], value):
                return False
        return True

    def row(self, rowid: int, values: list[Value]) -> dict[str, Any]:
        """The row as :mod:`explorer.store.health` reads them: columns by name, and
        ``_rowid_``; columns missing from an old row are left out (their defaults apply)."""
        row: dict[str, Any] = {"_rowid_": rowid}
        row.update(zip(self.columns, values, strict=False))
        if self.rowid_alias is not None:
            row[self.columns[self.rowid_alias]] = rowid
        return row


def _kind_holds(kind: str, value: Value) -> bool:
    if kind == "int":
        return isinstance(value, int)
    if kind == "text":
        return isinstance(value, str)
    if kind == "real":
        return isinstance(value, int | float)
    return True


def _kind(declared: str) -> str:
    """SQLite's column affinity rules (datatype3.html, 3.1), as what a value may be."""
    upper = declared.upper()
    if "INT" in upper:
        return "int"
    if any(word in upper for word in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if any(word in upper for word in ("REAL", "FLOA", "DOUB")):
        return "real"
    return "any"


def shapes(conn: sqlite3.Connection) -> dict[str, Shape]:
    """The shapes of the ordinary rowid tables of ``conn``'s schema (a sound database)."""
    found = {}
    for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL"
    ).fetchall():
        text = " ".join(sql.upper().split())
        if text.startswith("CREATE VIRTUAL") or "WITHOUT ROWID" in text:
            continue
        info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
        # (cid, name, type, notnull, dflt_value, pk)
        pks = [row for row in info if row[5]]
        alias = None
        if len(pks) == 1 and pks[0][2].upper() == "INTEGER":
            alias = pks[0][0]
        required = [row[0] for row in info if row[3] and row[4] is None and row[0] != alias]
        found[name] = Shape(
            name=name,
            columns=tuple(row[1] for row in info),
            kinds=tuple(_kind(row[2] or "") for row in info),
            not_null=tuple(bool(row[3]) for row in info),
            rowid_alias=alias,
            fewest=max([2, *(i + 1 for i in required)]) if len(info) > 1 else 1,
        )
    return found


# --- the file format ----------------------------------------------------------------------


@dataclass(slots=True)
class _File:
    data: bytes
    page_size: int
    usable: int
    encoding: str

    @property
    def pages(self) -> int:
        return len(self.data) // self.page_size

    def page(self, number: int) -> bytes:
        start = (number - 1) * self.page_size
        return self.data[start : start + self.page_size]


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """(value, next offset) of the big-endian varint at ``at`` (1 to 9 bytes)."""
    value = 0
    for i in range(8):
        if at + i >= len(data):
            raise _Bad("varint past the end")
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    if at + 8 >= len(data):
        raise _Bad("varint past the end")
    return (value << 8) | data[at + 8], at + 9


def _open(path: Path) -> _File:
    data = path.read_bytes()
    if data.startswith(HEADER):
        size = struct.unpack(">H", data[16:18])[0]
        size = 65536 if size == 1 else size
        if size in _SIZES:
            reserved = data[20]
            encoding = _ENCODINGS.get(struct.unpack(">I", data[56:60])[0], "utf-8")
            return _File(data, size, size - reserved, encoding)
    # The header is gone: the page size whose pages look most like b-tree pages, by how
    # many and what share of them do (at half the true size every true page still looks
    # like one, but only half the starts; at twice the size only half the pages are seen).
    best = max(
        _SIZES, key=lambda size: _looks_like_pages(data, size) ** 2 / max(1, len(data) // size)
    )
    return _File(data, best, best, "utf-8")


def _looks_like_pages(data: bytes, size: int) -> int:
    count = 0
    for start in range(size, len(data) - size + 1, size):  # page 1 may be the damage
        flag = data[start]
        if flag in (0x02, 0x05, 0x0A, 0x0D) and data[start + 7] < 64:
            cells = struct.unpack(">H", data[start + 3 : start + 5])[0]
            count += 0 < cells < size // 4
    return count


def _freelist(file: _File) -> set[int]:
    """The pages the file's header lists as free (they may hold deleted rows)."""
    if not file.data.startswith(HEADER):
        return set()
    free: set[int] = set()
    trunk = struct.unpack(">I", file.data[32:36])[0]
    while 1 < trunk <= file.pages and trunk not in free:
        free.add(trunk)
        page = file.page(trunk)
        following, count = struct.unpack(">II", page[:8])
        if count > (file.usable - 8) // 4:
            break  # a damaged trunk: what it lists cannot be trusted
        for i in range(count):
            leaf = struct.unpack(">I", page[8 + 4 * i : 12 + 4 * i])[0]
            if 1 < leaf <= file.pages:
                free.add(leaf)
        trunk = following
    return free


def _payload(file: _File, page: bytes, at: int, size: int) -> bytes:
    """The ``size`` bytes of a cell's payload starting at ``at``, overflow pages joined."""
    usable = file.usable
    most_local = usable - 35
    if size <= most_local:
        local = size
    else:
        least = (usable - 12) * 32 // 255 - 23
        local = least + (size - least) % (usable - 4)
        if local > most_local:
            local = least
    if at + local > len(page):
        raise _Bad("cell past the page")
    parts = [page[at : at + local]]
    if local == size:
        return parts[0]
    if at + local + 4 > len(page):
        raise _Bad("overflow pointer past the page")
    following = struct.unpack(">I", page[at + local : at + local + 4])[0]
    have, seen = local, set[int]()
    while have < size:
        if not 1 < following <= file.pages or following in seen or len(seen) > _CHAIN_LIMIT:
            raise _Bad("broken overflow chain")
        seen.add(following)
        overflow = file.page(following)
        chunk = overflow[4 : 4 + min(usable - 4, size - have)]
        parts.append(chunk)
        have += len(chunk)
        following = struct.unpack(">I", overflow[:4])[0]
    return b"".join(parts)


def _record(payload: bytes, encoding: str) -> list[Value]:
    header_size, at = _varint(payload, 0)
    if not 0 < header_size <= len(payload):
        raise _Bad("record header size")
    types = []
    while at < header_size:
        serial, at = _varint(payload, at)
        types.append(serial)
    if at != header_size:
        raise _Bad("record header overruns")
    values: list[Value] = []
    body = header_size
    for serial in types:
        value, body = _value(payload, body, serial, encoding)
        values.append(value)
    if body != len(payload):
        raise _Bad("record length")
    return values


_INTS = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}


def _value(payload: bytes, at: int, serial: int, encoding: str) -> tuple[Value, int]:
    if serial == 0:
        return None, at
    if serial in _INTS:
        width = _INTS[serial]
        if at + width > len(payload):
            raise _Bad("integer past the record")
        return int.from_bytes(payload[at : at + width], "big", signed=True), at + width
    if serial == 7:
        if at + 8 > len(payload):
            raise _Bad("real past the record")
        return struct.unpack(">d", payload[at : at + 8])[0], at + 8
    if serial in (8, 9):
        return serial - 8, at
    if serial < 12:
        raise _Bad("reserved serial type")
    length = (serial - 12) // 2
    if at + length > len(payload):
        raise _Bad("text or blob past the record")
    raw = payload[at : at + length]
    if serial % 2 == 0:
        return raw, at + length
    try:
        return raw.decode(encoding), at + length
    except UnicodeDecodeError:
        raise _Bad("text that is not text") from None


def _leaf_cells(file: _File, number: int) -> Iterator[tuple[int, list[Value]]]:
    """(rowid, values) of every cell of table-leaf page ``number`` that decodes."""
    page = file.page(number)
    top = 100 if number == 1 else 0
    if len(page) < top + 8 or page[top] != TABLE_LEAF:
        return
    cells = struct.unpack(">H", page[top + 3 : top + 5])[0]
    if top + 8 + 2 * cells > file.usable:
        return
    for i in range(cells):
        pointer = struct.unpack(">H", page[top + 8 + 2 * i : top + 10 + 2 * i])[0]
        if not top + 8 + 2 * cells <= pointer < file.usable:
            continue
        try:
            size, at = _varint(page, pointer)
            rowid, at = _varint(page, at)
            if rowid >= 1 << 63:
                rowid -= 1 << 64
            yield rowid, _record(_payload(file, page, at, size), file.encoding)
        except _Bad:
            continue


# --- pages to tables ----------------------------------------------------------------------


@dataclass(slots=True)
class PageSalvage:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # by table
    pages: int = 0  # table-leaf pages decoded
    unplaced: int = 0  # leaf pages no table, or more than one, fits: left out


def scan(path: Path, known: dict[str, Shape]) -> PageSalvage:
    """The rows of every table-leaf page of the file at ``path``, by the table of
    ``known`` that alone fits all of the page's rows."""
    file = _open(Path(path))
    free = _freelist(file)
    found = PageSalvage()
    for number in range(1, file.pages + 1):
        if number in free:
            continue
        cells = list(_leaf_cells(file, number))
        if not cells:
            continue
        found.pages += 1
        fitting = [s for s in known.values() if all(s.fits(values) for _, values in cells)]
        if len(fitting) != 1:
            found.unplaced += 1
            continue
        shape = fitting[0]
        found.rows.setdefault(shape.name, []).extend(shape.row(r, v) for r, v in cells)
    return found
