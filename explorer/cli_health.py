"""The database health commands: ``check``, ``recover``, ``backups`` and ``restore``.

Apart from :mod:`explorer.cli` so that its other commands stay easy to merge; they never
open the database with :func:`explorer.store.db.connect`, which refuses a damaged file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from explorer import paths
from explorer.store.db import DAMAGED_EXIT, StoreError, db_argument


def add_parsers(commands: Any, db_help: str) -> None:
    checking = commands.add_parser(
        "check", help="check the database file for damage (full integrity check)"
    )
    checking.set_defaults(handler=cmd_check)
    recovering = commands.add_parser(
        "recover",
        help="rebuild a damaged database into a new file: documents, your curations, "
        "events extracted again (the damaged file is only read)",
    )
    recovering.add_argument("-o", "--output", type=Path, required=True, metavar="NEW.sqlite3")
    recovering.add_argument(
        "--no-shell", action="store_true", help="do not use the sqlite3 program's .recover"
    )
    recovering.set_defaults(handler=cmd_recover)
    listing = commands.add_parser("backups", help="list the database's automatic backups")
    listing.add_argument("--make", action="store_true", help="make a backup now")
    listing.set_defaults(handler=cmd_backups)
    restoring = commands.add_parser(
        "restore", help="put a backup in place of the database (the current file is kept aside)"
    )
    restoring.add_argument("backup", metavar="BACKUP", help="a name from `explorer backups`")
    restoring.set_defaults(handler=cmd_restore)
    for parser in (checking, recovering, listing, restoring):
        parser.add_argument("--db", type=db_argument, help=db_help, default=argparse.SUPPRESS)


def _db(args: argparse.Namespace) -> Path:
    target = getattr(args, "db", None) or paths.default_db_path()
    if isinstance(target, str):  # a server URL: its files are the server's to check and back up
        raise StoreError(
            "check, recover, backups and restore work on a SQLite database file; check and "
            "back up a PostgreSQL server with its own tools (pg_amcheck, pg_dump)"
        )
    return Path(target)


def cmd_check(args: argparse.Namespace) -> int:
    from explorer.store.health import check

    try:
        report = check(_db(args))
    except FileNotFoundError as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 2
    for line in report.lines():
        print(line)
    return 0 if report.ok else DAMAGED_EXIT


def cmd_recover(args: argparse.Namespace) -> int:
    from explorer.cli import _ProgressPrinter  # the import's progress lines, the same here
    from explorer.pipeline.extract import extract_with_bundled_gazetteer
    from explorer.store.health import recover

    printer = _ProgressPrinter(sys.stderr)
    try:
        report = recover(
            _db(args),
            args.output,
            extract_with_bundled_gazetteer,
            printer,
            shell=None if args.no_shell else "auto",
        )
    except (FileExistsError, FileNotFoundError) as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 2
    finally:
        printer.close()
    for line in report.lines(args.output):
        print(line)
    print(f"the damaged file {_db(args)} was not changed; to use the new one: --db {args.output}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from explorer.store import backups

    db = _db(args)
    if args.make:
        from explorer.store.db import connect_file

        conn = connect_file(db, backups=False)
        try:
            print(f"made {backups.make_backup(conn, db, 'manual')}")
        finally:
            conn.close()
    found = backups.list_backups(db)
    if not found:
        print(f"no backups of {db} yet (in {backups.backup_dir(db)}; one is made every day)")
        return 0
    print(f"backups of {db} in {backups.backup_dir(db)}, newest first:")
    for backup in found:
        made = backup.made.strftime("%Y-%m-%d %H:%M UTC")
        print(f"  {backup.path.name}  {made}  {backup.reason}  {backup.size / 2**20:.1f} MB")
    print(f"restore one with: explorer restore NAME --db {db}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from explorer.store import backups

    db = _db(args)
    try:
        chosen = backups.find_backup(db, args.backup)
        aside = backups.restore(db, chosen)
    except (FileNotFoundError, ValueError) as error:
        print(f"explorer: {error}", file=sys.stderr)
        return 2
    print(f"restored {db} from {chosen}")
    if aside is not None:
        print(f"the previous file is kept as {aside}")
    return 0
