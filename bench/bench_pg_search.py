"""Benchmark: which PostgreSQL index serves the short Chinese queries users type.

    python bench/bench_pg_search.py --articles 10000

Starts a throw-away PostgreSQL server (tests/postgres_server.py: Debian's initdb and pg_ctl),
imports a synthetic corpus (bench/make_corpus.py) through the store, then counts the
articles holding each query term in three layouts of the same articles:

- ``bigram+gin``: what the store uses (store/fts.py) — a tsvector of each article's
  character bigrams with a GIN index; a term's bigrams (``'封顶'``; ``'中欧' & '欧班' &
  '班列'``) narrow, ``LIKE`` confirms;
- ``plain+trgm``: the text with a pg_trgm GIN index, ``LIKE '%封顶%'`` (a two-character term
  gives pg_trgm no trigram: the index cannot narrow the search);
- ``plain+scan``: the same LIKE without an index.

``bigram+gin(forced)`` is the store's query with ``enable_seqscan = off``, as the store runs
it (store/dialect.py ``index_scans``); ``bigram+gin`` the same query left to the planner,
which prices a scan of the table as cheap (the text lies in TOAST) and so often reads it all.

Each query runs ``--runs`` times; the median is reported with whether the plan used an
index. The last line is the bench convention: ``name=value`` pairs with units in the names.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

QUERIES = ("封顶", "签约", "投产", "江门", "中欧班列", "新能源")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plans", action="store_true", help="print each query plan")
    args = parser.parse_args(argv)

    from explorer.store.db import connect
    from explorer.store.fts import search_clause
    from explorer.store.importer import import_corpus, run_to_end
    from tests import postgres_server

    binaries = postgres_server.find_binaries()
    if binaries is None:
        print("no PostgreSQL server binaries (apt-get install postgresql)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(HERE))
    import make_corpus

    with tempfile.TemporaryDirectory(prefix="bench_pg_") as work:
        make_corpus.main(["--articles", str(args.articles), str(Path(work) / "corpus")])
        with postgres_server.running(binaries) as server:
            url = server.new_database()
            conn = connect(url)
            started = time.perf_counter()
            run_to_end(import_corpus(conn, [Path(work) / "corpus"]))
            print(f"imported in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            conn.execute(
                "CREATE TABLE plain AS SELECT a.id, substr(d.raw_text,"
                ' (d.body_offset + a.start)::int + 1, (a."end" - a.start)::int) AS body'
                " FROM articles a JOIN documents d ON d.id = a.document_id"
            )
            conn.execute("CREATE TABLE plain_scan AS SELECT * FROM plain")
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            conn.execute("CREATE INDEX plain_trgm ON plain USING gin (body gin_trgm_ops)")
            conn.execute("ANALYZE")
            layouts = ("bigram+gin", "bigram+gin(forced)", "plain+trgm", "plain+scan")
            results: dict[str, float] = {}
            print(f"{'query':10} {'layout':20} {'ms':>8} {'hits':>6}  plan")
            for query in QUERIES:
                for layout in layouts:
                    forced = layout.endswith("(forced)")  # the planner kept off seq scans
                    conn.execute(f"SET enable_seqscan = {'off' if forced else 'on'}")
                    if layout.startswith("bigram+gin"):
                        clause = search_clause(True, query)
                        assert clause is not None
                        where, params = clause[0], tuple(clause[1])
                        sql = f"SELECT count(*) FROM article_search WHERE {where}"
                    else:
                        table = "plain" if layout == "plain+trgm" else "plain_scan"
                        sql = f"SELECT count(*) FROM {table} WHERE body LIKE ?"
                        params = (f"%{query}%",)
                    plan = " ".join(r[0] for r in conn.execute("EXPLAIN " + sql, params))
                    if args.plans:
                        print(plan, file=sys.stderr)
                    uses = "index" if "Bitmap Index Scan" in plan else "scan"
                    times = []
                    for _ in range(args.runs):
                        begun = time.perf_counter()
                        hits = conn.execute(sql, params).fetchone()[0]
                        times.append((time.perf_counter() - begun) * 1000)
                    median = statistics.median(times)
                    results[f"{layout}:{query}"] = median
                    print(f"{query:10} {layout:20} {median:8.1f} {hits:6}  {uses}")
            conn.close()
    two = [q for q in QUERIES if len(q) == 2]
    summary = {layout: statistics.mean(results[f"{layout}:{q}"] for q in two) for layout in layouts}
    print(
        f"articles={args.articles} "
        + " ".join(
            f"{k.replace('+', '_').replace('(forced)', '_forced')}_2char_ms={v:.1f}"
            for k, v in summary.items()
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
