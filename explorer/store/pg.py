"""A PostgreSQL connection that the store uses like a :class:`sqlite3.Connection`.

psycopg 3 (LGPL-3.0, used as an unmodified, dynamically imported library, which the licence
allows in a distributed app) in autocommit mode: :func:`explorer.store.db.transaction` opens
and closes every transaction itself, as on SQLite. The store's ``?`` placeholders are turned
into psycopg's ``%s`` once per statement text; rows read by name (``row["title"]``), by
position (``row[0]``) and as ``dict(row)``, like :class:`sqlite3.Row`; a cursor whose
``row_factory`` is set to ``None`` returns plain tuples, as the event loader asks of SQLite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from explorer.store.dialect import POSTGRES


class Row(tuple[Any, ...]):
    """A result row: a tuple that also answers to its column names."""

    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _rows(cursor: Any) -> Any:
    """psycopg row factory: :class:`Row` with this result's column names."""
    names = {column.name: i for i, column in enumerate(cursor.description or ())}
    row_class = type("Row", (Row,), {"_names": names})
    return lambda values: row_class(values)


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """``?`` placeholders as ``%s`` and a literal ``%`` as ``%%``, outside quoted text."""
    out: list[str] = []
    quote: str | None = None
    for char in sql:
        if quote is not None:
            out.append("%%" if char == "%" else char)
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
            out.append(char)
        elif char == "?":
            out.append("%s")
        elif char == "%":
            out.append("%%")
        else:
            out.append(char)
    return "".join(out)


class PgCursor:
    """The part of :class:`sqlite3.Cursor` the store uses."""

    def __init__(self, cursor: Any, trace: Callable[[str], object] | None = None) -> None:
        self._cursor = cursor
        self._cursor.row_factory = _rows
        self._trace = trace

    @property
    def row_factory(self) -> object:
        return self._cursor.row_factory

    @row_factory.setter
    def row_factory(self, factory: object) -> None:
        from psycopg.rows import tuple_row

        self._cursor.row_factory = tuple_row if factory is None else _rows

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> PgCursor:
        if self._trace is not None:
            self._trace(sql)
        self._cursor.execute(translate(sql), tuple(parameters))
        return self

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> PgCursor:
        if self._trace is not None:
            self._trace(sql)
        self._cursor.executemany(translate(sql), [tuple(row) for row in rows])
        return self

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall()) if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


CONNECT_TIMEOUT_S = 10


class PgConnection:
    """A PostgreSQL database opened by URL (``postgresql://user@host:port/db``)."""

    dialect = POSTGRES

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        # A server that does not answer is an error after CONNECT_TIMEOUT_S, not a window
        # that hangs for the operating system's two minutes.
        self.raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        self._trace: Callable[[str], object] | None = None

    def set_trace_callback(self, trace: Callable[[str], object] | None) -> None:
        """Like sqlite3's: ``trace`` gets the text of every statement run."""
        self._trace = trace

    def cursor(self) -> PgCursor:
        return PgCursor(self.raw.cursor(), self._trace)

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> PgCursor:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> PgCursor:
        return self.cursor().executemany(sql, rows)

    def close(self) -> None:
        self.raw.close()
