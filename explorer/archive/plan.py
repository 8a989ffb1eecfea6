"""Which tasks an archive run is made of: partitions by articles, not by files.

- files of one document each (text, web pages, PDF, Word): ``batch_size`` files a task;
- a JSONL table: byte ranges of about ``batch_size`` records, a task each, numbered once
  the newlines before each range are counted (:mod:`explorer.archive.ranges`);
- a CSV table: one reading task that hands batches of ``batch_size`` records on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from explorer.archive.ranges import block_bounds
from explorer.archive.tasks import JsonlBlock
from explorer.core.errors import InputError
from explorer.pipeline.corpus import Source


@dataclass(slots=True)
class Plan:
    """The tasks of a run, each with the name of the Parquet part(s) it writes."""

    file_batches: list[tuple[str, list[Source]]] = field(default_factory=list)
    jsonl_blocks: list[tuple[str, JsonlBlock]] = field(default_factory=list)
    csv_tables: list[tuple[str, Source]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # tables that cannot be opened

    @property
    def tasks(self) -> int:
        return len(self.file_batches) + len(self.jsonl_blocks) + len(self.csv_tables)

    def numbered(self, newlines: Sequence[int]) -> None:
        """Give each JSONL block the newlines before it, from each block's own count."""
        before: dict[str, int] = {}
        for number, ((part, block), count) in enumerate(
            zip(self.jsonl_blocks, newlines, strict=True)
        ):
            seen = before.get(block.path, 0)
            self.jsonl_blocks[number] = (part, replace(block, newlines_before=seen))
            before[block.path] = seen + count


def plan(sources: Sequence[Source], batch_size: int) -> Plan:
    made = Plan()
    files = [s for s in sources if s.kind not in ("jsonl", "csv")]
    for number, start in enumerate(range(0, len(files), batch_size)):
        made.file_batches.append((f"files-{number:06d}", files[start : start + batch_size]))
    tables = [s for s in sources if s.kind in ("jsonl", "csv")]
    for number, source in enumerate(tables):
        prefix = f"table{number:04d}"
        if source.kind == "csv":
            made.csv_tables.append((prefix, source))
            continue
        try:
            bounds = block_bounds(Path(source.path), batch_size)
        except OSError as error:
            problem = f"cannot read: {error.strerror or error}"
            made.failures.append(str(InputError(str(source.path), problem)))
            continue
        for block, (start, end) in enumerate(bounds):
            made.jsonl_blocks.append(
                (f"{prefix}-{block:06d}", JsonlBlock(str(source.path), start, end))
            )
    return made
