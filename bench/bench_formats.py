"""Benchmark: read and import the same synthetic articles as web pages, MHTML, PDF pages
and Word files.

    python bench/bench_formats.py --files 1000 [--formats txt,html,mhtml,pdf,docx] [--seed 1]

For each format, ``--files`` files are written (a PDF file is one two-column newspaper page
of three articles), then read (``read_source``: the format's own cost) and imported with
extraction on one process (what a user waits for). The last line is the bench convention:
``name=value`` pairs with units in the names.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from explorer.pipeline.corpus import discover, read_source
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store.db import connect
from explorer.store.importer import import_corpus, run_to_end

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import format_writers  # noqa: E402 - bench/ is not a package
from make_corpus import default_gazetteer_path, load_gazetteer, make_article  # noqa: E402

PDF_ARTICLES_PER_PAGE = 3


def write_files(fmt: str, files: int, seed: int, out: Path) -> None:
    gazetteer = load_gazetteer(default_gazetteer_path())
    out.mkdir(parents=True)
    for i in range(files):
        if fmt == "pdf":
            page = [
                make_article(seed, i * PDF_ARTICLES_PER_PAGE + k, gazetteer)
                for k in range(PDF_ARTICLES_PER_PAGE)
            ]
            format_writers.write_pdf_page(page, out / f"page_{i:05d}.pdf", f"A{i % 20 + 1:02d}")
            continue
        article = make_article(seed, i, gazetteer)
        if fmt == "txt":  # the baseline: what every other format is compared with
            (out / f"{article.ident}.txt").write_text(article.to_txt(), "utf-8")
        elif fmt == "html":
            (out / f"{article.ident}.html").write_text(format_writers.html_page(article), "utf-8")
        elif fmt == "mhtml":
            (out / f"{article.ident}.mhtml").write_bytes(format_writers.mhtml_archive(article))
        else:
            format_writers.write_docx(article, out / f"{article.ident}.docx")


def measure(fmt: str, files: int, seed: int, work: Path) -> dict[str, float]:
    folder = work / fmt
    write_files(fmt, files, seed, folder)
    started = time.perf_counter()
    read = failed = 0
    for source in discover([folder]).sources:
        for item in read_source(source):
            read += hasattr(item, "articles")
            failed += not hasattr(item, "articles")
    read_s = time.perf_counter() - started
    conn = connect(work / f"{fmt}.sqlite3")
    started = time.perf_counter()
    report = run_to_end(import_corpus(conn, [folder], extract_with_bundled_gazetteer, workers=1))
    import_s = time.perf_counter() - started
    conn.close()
    return {
        "files": files,
        "failed": failed + len(report.failures),
        "articles": report.articles,
        "events": report.events,
        "read_files_per_s": read / read_s,
        "import_files_per_s": report.documents / import_s,
        "import_articles_per_s": report.articles / import_s,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--formats", default="txt,html,mhtml,pdf,docx")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    pairs: list[str] = []
    failed = 0
    with tempfile.TemporaryDirectory(prefix="bench_formats_") as work:
        for fmt in args.formats.split(","):
            result = measure(fmt, args.files, args.seed, Path(work))
            failed += int(result["failed"])
            unit = "pages" if fmt == "pdf" else "files"
            print(
                f"{fmt}: {args.files} {unit}, {result['articles']:.0f} articles, "
                f"{result['events']:.0f} events; read {result['read_files_per_s']:.1f} {unit}/s, "
                f"import {result['import_files_per_s']:.1f} {unit}/s "
                f"({result['import_articles_per_s']:.1f} articles/s), failed {result['failed']:.0f}"
            )
            pairs += [
                f"{fmt}_read_{unit}_per_s={result['read_files_per_s']:.1f}",
                f"{fmt}_import_{unit}_per_s={result['import_files_per_s']:.1f}",
                f"{fmt}_import_articles_per_s={result['import_articles_per_s']:.1f}",
            ]
    print(f"files={args.files} failed={failed} " + " ".join(pairs))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
