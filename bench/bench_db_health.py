"""Benchmark: what the database health checks and backups cost at open.

    python bench/bench_db_health.py --articles 10000   # generate and import, then measure
    python bench/bench_db_health.py --db FILE           # measure an existing database

Each open is timed in a fresh child process (the quick check runs once per file and process,
so a second open in the same process would measure nothing). The last line of output is the
bench convention: ``name=value`` pairs with units in the names.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_OPEN = """
import sys, time
from explorer.store.db import connect
started = time.perf_counter()
connect(sys.argv[1], check=sys.argv[2] == "1", backups=sys.argv[3] == "1").close()
print((time.perf_counter() - started) * 1000)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing database (copied, never changed)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_health_") as work:
        db = Path(work) / "bench.sqlite3"
        if args.db:
            shutil.copyfile(args.db, db)
        else:
            _build(db, args.articles, Path(work))
        plain = _median(db, args.runs, check=False, backups=False)
        checked = _median(db, args.runs, check=True, backups=False)
        not_due = _median(db, args.runs, check=True, backups=True)  # the first made one...
        shutil.rmtree(db.parent / "backups")
        due = [_open_ms(db, True, True)]  # ...a daily backup, once a day
        shutil.rmtree(db.parent / "backups")
        mb = db.stat().st_size / 2**20
    print(
        f"db_mb={mb:.0f} open_ms={plain:.1f} open_quick_check_ms={checked:.1f} "
        f"quick_check_ms={checked - plain:.1f} open_backup_not_due_ms={not_due:.1f} "
        f"open_daily_backup_ms={due[0]:.1f} backup_ms={due[0] - checked:.1f}"
    )
    return 0


def _build(db: Path, articles: int, work: Path) -> None:
    sys.path.insert(0, str(HERE))
    from bench_import import generate

    from explorer.pipeline.extract import extract_with_bundled_gazetteer
    from explorer.store.db import connect
    from explorer.store.importer import import_corpus, run_to_end

    generate(articles, 1, work / "corpus")
    conn = connect(db, backups=False)
    run_to_end(import_corpus(conn, [work / "corpus"], extract_with_bundled_gazetteer, 4))
    conn.close()


def _open_ms(db: Path, check: bool, backups: bool) -> float:
    env = {k: v for k, v in os.environ.items() if k != "EXPLORER_DATA_DIR"}
    command = [sys.executable, "-c", _OPEN, str(db), str(int(check)), str(int(backups))]
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    return float(out.stdout.strip())


def _median(db: Path, runs: int, check: bool, backups: bool) -> float:
    return statistics.median(_open_ms(db, check, backups) for _ in range(runs))


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"# {time.perf_counter() - started:.1f} s", file=sys.stderr)
    raise SystemExit(code)
