"""The archive commands: ``extract-archive`` (on a Dask cluster, to Parquet) and
``import-events`` (that Parquet into the store).

Apart from :mod:`explorer.cli` so that its other commands stay easy to merge; Dask and
pyarrow (the ``archive`` extra) are imported only when one of these commands runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from explorer import paths
from explorer.archive import INSTALL_HINT, missing_packages
from explorer.pipeline.corpus import SUFFIXES_TEXT

if TYPE_CHECKING:
    from explorer.archive.run import ArchiveProgress
    from explorer.store.importer import Progress


def add_parsers(commands: Any, db_help: str) -> None:
    extracting = commands.add_parser(
        "extract-archive",
        help="extract the events of an archive on a Dask cluster into a Parquet dataset "
        "(a local cluster by default, or --scheduler tcp://host:8786)",
    )
    extracting.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    extracting.add_argument(
        "-o", "--output", type=Path, required=True, metavar="EVENTS.parquet", help="dataset folder"
    )
    extracting.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler (tcp://host:8786); its workers must see INPUT and "
        "the output at the same paths",
    )
    extracting.add_argument(
        "--workers",
        type=_positive,
        default=os.cpu_count() or 1,
        help="worker processes of the local cluster (default: all cores)",
    )
    extracting.add_argument(
        "--batch-size",
        type=_positive,
        default=500,
        help="documents per task and per Parquet part (default 500)",
    )
    extracting.set_defaults(handler=cmd_extract_archive)
    importing = commands.add_parser(
        "import-events",
        help="store the events and articles of an extract-archive dataset (keeps your edits)",
    )
    importing.add_argument("dataset", type=Path, metavar="EVENTS.parquet")
    importing.add_argument("--db", type=Path, help=db_help, default=argparse.SUPPRESS)
    importing.set_defaults(handler=cmd_import_events)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


def _missing() -> bool:
    """Say what to install when Dask or pyarrow is absent (the desktop app lacks them)."""
    missing = missing_packages()
    if missing:
        print(
            f"explorer: the archive commands need {', '.join(missing)}, which are not "
            f"installed; install them with: {INSTALL_HINT}",
            file=sys.stderr,
        )
    return bool(missing)


def cmd_extract_archive(args: argparse.Namespace) -> int:
    if _missing():
        return 2
    from explorer.archive.run import ArchiveError, extract_archive

    printer = _ArchivePrinter(sys.stderr)
    where = args.scheduler or f"a local cluster of {args.workers} worker processes"
    print(f"extracting on {where}", file=sys.stderr)
    try:
        report = extract_archive(
            args.inputs,
            args.output,
            scheduler=args.scheduler,
            workers=args.workers,
            batch_size=args.batch_size,
            on_progress=printer,
        )
    except ArchiveError as error:
        printer.close()
        print(f"explorer: {error}", file=sys.stderr)
        return 2
    printer.close()
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for failure in report.failures:
        print(f"failed: {failure}", file=sys.stderr)
    if report.ignored:
        print(f"ignored {report.ignored} files that are not {SUFFIXES_TEXT}", file=sys.stderr)
    print(
        f"wrote {report.output}: {report.events} events from {report.documents} documents "
        f"({report.parts} parts, {report.workers} workers); failed {len(report.failures)}"
    )
    return 0 if report.documents else 2


def cmd_import_events(args: argparse.Namespace) -> int:
    if _missing():
        return 2
    from explorer.archive.load import DatasetError, check_dataset, import_events
    from explorer.store.bootstrap import ensure_places
    from explorer.store.db import connect
    from explorer.store.importer import run_to_end

    try:
        check_dataset(args.dataset)
    except DatasetError as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 2
    conn = connect(getattr(args, "db", None) or paths.default_db_path())
    ensure_places(conn, paths.gazetteer_path())
    report = run_to_end(import_events(conn, args.dataset), _print_part)
    for line in report.summary_lines():
        print(line)
    return 0


def _print_part(progress: Progress) -> None:
    if progress.total:
        print(
            f"importing part {progress.done}/{progress.total} {progress.message}", file=sys.stderr
        )


class _ArchivePrinter:
    """Progress on a terminal: one rewritten line on a TTY, else a line per batch done."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.shown = False

    def __call__(self, progress: ArchiveProgress) -> None:
        line = (
            f"{progress.documents} documents, {progress.events} events; "
            f"tasks {progress.tasks_done}/{progress.tasks} done"
        )
        if self.tty:
            self.stream.write(f"\r\x1b[2K{line}")
            self.shown = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
