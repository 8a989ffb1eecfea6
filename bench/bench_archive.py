"""Benchmark: `explorer extract-archive` on a Dask LocalCluster of 1, 2 … worker processes.

    python bench/bench_archive.py --articles 100000 --workers 1,2 [--seed 1] [--batch-size 500]

Writes a synthetic JSONL archive with ``bench/make_corpus.py`` (generated, no news text),
then for each worker count starts a LocalCluster of that many single-threaded worker
processes (not timed) and times ``extract_archive`` on it through the scheduler's address,
as a multi-machine run goes: reading the table, extraction in batches, the Parquet parts.
The last line is the bench convention: ``name=value`` pairs with units in the names.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from distributed import LocalCluster

from explorer.archive.run import extract_archive

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.workers.split(",")]

    results: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench_archive_") as work:
        corpus = Path(work) / "corpus"
        command = [sys.executable, str(HERE / "make_corpus.py"), "--format", "jsonl"]
        command += ["--articles", str(args.articles), "--seed", str(args.seed), str(corpus)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        archive_mb = (corpus / "corpus.jsonl").stat().st_size / 2**20
        for workers in counts:
            output = Path(work) / f"events-{workers}.parquet"
            seconds, report = _timed_run(corpus, output, workers, args.batch_size)
            dataset_mb = sum(p.stat().st_size for p in output.rglob("*.parquet")) / 2**20
            results[workers] = report.documents / seconds
            print(
                f"{workers} workers: {report.documents} articles, {report.events} events in "
                f"{seconds:.1f} s ({results[workers]:.0f} articles/s); "
                f"{len(report.failures)} failed; dataset {dataset_mb:.1f} MB"
            )

    pairs = [f"articles={args.articles}", f"archive_mb={archive_mb:.1f}"]
    pairs += [f"workers_{n}_articles_per_s={rate:.0f}" for n, rate in results.items()]
    if len(counts) > 1:
        first, last = counts[0], counts[-1]
        pairs.append(f"scaling_{last}_over_{first}={results[last] / results[first]:.2f}")
    pairs.append(f"events={report.events} dataset_mb={dataset_mb:.1f}")
    print(" ".join(pairs))
    return 0


def _timed_run(corpus: Path, output: Path, workers: int, batch_size: int):  # type: ignore[no-untyped-def]
    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        started = time.perf_counter()
        report = extract_archive(
            [corpus], output, scheduler=cluster.scheduler_address, batch_size=batch_size
        )
        return time.perf_counter() - started, report


if __name__ == "__main__":
    sys.exit(main())
