"""Benchmark: event extraction on the synthetic corpus, on one core and on all cores.

    python bench/bench_extract.py --articles 2000 [--seed 1] [--workers N]

Reads the corpus once (not timed), then times ``extract_document`` over every document in
this process, then over a process pool as ``explorer import`` runs it. The last line is the
bench convention: ``name=value`` pairs with units in the names.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from explorer.pipeline.corpus import discover, read_source
from explorer.pipeline.extract import extract_with_bundled_gazetteer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_import import generate  # noqa: E402 - bench/ is not a package


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench_extract_") as work:
        corpus = Path(work) / "corpus"
        generate(args.articles, args.seed, corpus)
        docs = [d for s in discover([corpus]).sources for d in read_source(s)]
    kb = sum(len(d.body.encode("utf-8")) for d in docs) / len(docs) / 1024

    extract_with_bundled_gazetteer(docs[0])  # load the gazetteer and jionlp outside the clock
    started = time.perf_counter()
    events = sum(len(extract_with_bundled_gazetteer(d)) for d in docs)
    one_core = len(docs) / (time.perf_counter() - started)

    started = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        pooled = sum(len(e) for e in pool.map(extract_with_bundled_gazetteer, docs, chunksize=8))
    all_cores = len(docs) / (time.perf_counter() - started)
    assert pooled == events

    print(f"{len(docs)} articles of {kb:.1f} KB: {events} events")
    print(
        f"articles={len(docs)} article_kb={kb:.1f} events={events} "
        f"one_core_articles_per_s={one_core:.0f} workers={args.workers} "
        f"all_cores_articles_per_s={all_cores:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
