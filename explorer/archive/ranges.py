"""Byte ranges of a JSONL table, so that a 2 GB table is many tasks, read and extracted apart.

A block ``[start, end)`` holds the lines that *begin* in it. Record ids default to the line
number (``corpus-1234``) and errors name ``file:line``, so a block needs the number of its
first line: the newlines before ``start``, counted per block by a cheap first pass
(:func:`count_newlines`, run on the workers) and summed on the client. Each line is decoded
on its own (:func:`explorer.pipeline.corpus.jsonl_record`), so a block reads exactly as
``explorer extract`` reads those lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

_CHUNK = 16 * 2**20  # bytes read at a time while counting
_SAMPLE = 2**20  # bytes read to estimate the size of a record
MIN_BLOCK = 4 * 2**10  # a floor against a sample of one huge line


def block_bounds(path: Path, records_per_block: int) -> list[tuple[int, int]]:
    """Ranges of about ``records_per_block`` lines each, from a sample of the table."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE)
    per_line = len(sample) / max(1, sample.count(b"\n"))
    block = max(MIN_BLOCK, int(per_line * records_per_block))
    return [(start, min(size, start + block)) for start in range(0, max(size, 1), block)]


def count_newlines(path: str, start: int, end: int) -> int:
    """Newlines in ``[start, end)`` of ``path``; 0 when it cannot be read (the block that
    reads it says why)."""
    count = 0
    try:
        with open(path, "rb") as handle:
            handle.seek(start)
            left = end - start
            while left > 0:
                chunk = handle.read(min(_CHUNK, left))
                if not chunk:
                    break
                count += chunk.count(b"\n")
                left -= len(chunk)
    except OSError:
        return 0
    return count


def numbered_lines(
    path: str, start: int, end: int, newlines_before: int
) -> Iterator[tuple[int, bytes]]:
    """The lines beginning in ``[start, end)`` with their 1-based line numbers.

    ``newlines_before``: newlines in ``[0, start)``. Raises ``OSError`` if unreadable.
    """
    with open(path, "rb") as handle:
        number = 1
        if start > 0:
            # The line running over ``start`` belongs to the block before: skip to its end.
            handle.seek(start - 1)
            skipped = handle.readline()
            number = newlines_before + skipped[1:].count(b"\n") + 1
        position = handle.tell()
        while position < end:
            raw = handle.readline()
            if not raw:
                break
            yield number, raw
            number += 1
            position += len(raw)
