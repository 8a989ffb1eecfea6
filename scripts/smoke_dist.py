"""Run the built app (dist/explorer/) as a user would, and check what it draws.

No Python from the project (a bare environment: no PYTHONPATH, PATH without the venv), no
network (inside ``unshare -n`` where the kernel allows it), a fresh home and data folder:

1. ``explorer --version``
2. ``explorer --screenshot``: first launch, imports the bundled corpus, draws the window
3. the same again: a later launch (the map page is cached)
4. ``explorer export-map`` of one district, PNG; then HTML
5. ``explorer export-timeline``
6. ``explorer import`` of new files (extracted in two worker processes), ``explorer search``

Every PNG must be a real picture (many colours, not one flat tone) and carry the app's name.
Prints the timings and the bundle's size; ``--json FILE`` keeps them (docs/benchmarks.md).
Run by ``make dist-smoke`` (CI, after ``make test``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEW_FILES = ROOT / "tests" / "data" / "corpus"
MAKE_CORPUS = ROOT / "bench" / "make_corpus.py"
SYNTHETIC = 200  # more than one chunk (explorer.store.importer.CHUNK): worker processes
DISTRICT = "新会区"


def main() -> int:
    parser = argparse.ArgumentParser(description="smoke-test the built app")
    parser.add_argument("bundle", type=Path, nargs="?", default=ROOT / "dist" / "explorer")
    parser.add_argument("--out", type=Path, help="keep the PNGs here (default: a temp folder)")
    parser.add_argument("--json", type=Path, help="write sizes and timings here")
    args = parser.parse_args()
    executable = args.bundle / ("explorer.exe" if os.name == "nt" else "explorer")
    if not executable.is_file():
        print(f"smoke: no built app at {executable} (run make dist)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="explorer-smoke-") as scratch:
        out = args.out or Path(scratch) / "out"
        out.mkdir(parents=True, exist_ok=True)
        runner = Runner(executable, Path(scratch))
        try:
            results = run_all(runner, out)
        except SmokeFailure as failure:
            print(f"smoke: FAILED: {failure}", file=sys.stderr)
            print(f"smoke: {runner.passed} passed, 1 failed")
            return 1
    results["bundle_mb"] = round(folder_size(args.bundle) / 2**20)
    results["network"] = "none (unshare -n)" if runner.isolated else "not isolated"
    for key, value in results.items():
        print(f"  {key}: {value}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print("the built app works offline")
    print(f"smoke: {runner.passed} passed, 0 failed")
    return 0


class SmokeFailure(Exception):
    pass


class Runner:
    """Runs the app in a bare environment, offscreen, with no network if possible."""

    def __init__(self, executable: Path, scratch: Path) -> None:
        self.executable = executable.resolve()
        self.scratch = scratch
        home = scratch / "home"
        home.mkdir()
        self.env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "EXPLORER_DATA_DIR": str(scratch / "data"),
            "QT_QPA_PLATFORM": "offscreen",
        }
        self.prefix = ["unshare", "-n"] if _can_unshare() else []
        self.isolated = bool(self.prefix)
        self.passed = 0  # commands that succeeded and pictures that passed their checks

    def __call__(self, *arguments: str, timeout: int = 180) -> tuple[str, float]:
        """Run ``explorer ARGUMENTS``; its stdout and the seconds it took."""
        command = [*self.prefix, str(self.executable), *arguments]
        started = time.perf_counter()
        done = subprocess.run(
            command,
            env=self.env,
            cwd=self.env["HOME"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        seconds = round(time.perf_counter() - started, 2)
        if done.returncode != 0:
            raise SmokeFailure(
                f"explorer {' '.join(arguments)} exited {done.returncode}:\n{done.stderr[-3000:]}"
            )
        self.passed += 1
        return done.stdout, seconds

    def check(self, path: Path, title: str | None = None) -> None:
        check_png(path, title)
        self.passed += 1


def run_all(run: Runner, out: Path) -> dict[str, object]:
    results: dict[str, object] = {}
    version, _ = run("--version")
    results["version"] = version.strip()

    shot = out / "window.png"
    _, results["first_launch_screenshot_s"] = run("--screenshot", str(shot))
    run.check(shot)
    _, results["screenshot_s"] = run("--screenshot", str(shot))
    run.check(shot)

    snapshot = out / "map.png"
    said, results["export_map_s"] = run("export-map", "-o", str(snapshot), "--district", DISTRICT)
    if "(0 events)" in said:
        raise SmokeFailure(f"export-map found no events in {DISTRICT}: {said.strip()}")
    run.check(snapshot, title=DISTRICT)

    page = out / "map.html"
    run("export-map", "-o", str(page))
    if "leaflet" not in page.read_text(encoding="utf-8").lower():
        raise SmokeFailure(f"{page}: no map in the standalone page")

    timeline = out / "timeline.png"
    _, results["export_timeline_s"] = run("export-timeline", "-o", str(timeline))
    run.check(timeline)

    # New files: the test corpus (GB18030 among them) and enough synthetic articles for the
    # import to extract in worker processes, which a frozen app must be able to start.
    new_files = run.scratch / "new-files"
    shutil.copytree(NEW_FILES, new_files)
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), "--articles", str(SYNTHETIC), str(new_files)],
        check=True,
        capture_output=True,
    )
    write_other_formats(new_files / "formats")
    said, results["import_s"] = run("import", str(new_files), "--workers", "2")
    imported = re.search(r"(\d+) articles", said)
    if not imported or int(imported.group(1)) < SYNTHETIC:
        raise SmokeFailure(f"import did not import the {SYNTHETIC}+ new articles: {said!r}")
    for fmt in ("html", "mhtml", "pdf", "docx"):  # their readers and data files are bundled
        if f"  {fmt}: 1 imported" not in said:
            raise SmokeFailure(f"the bundle did not import the {fmt} file: {said!r}")
    run("search", "封顶")
    return results


def write_other_formats(folder: Path) -> None:
    """One saved web page, MHTML archive, PDF page and Word file (bench/format_writers.py)."""
    sys.path.insert(0, str(MAKE_CORPUS.parent))
    import format_writers
    from make_corpus import default_gazetteer_path, load_gazetteer, make_article

    gazetteer = load_gazetteer(default_gazetteer_path())
    article = make_article(7, 0, gazetteer)
    folder.mkdir(parents=True)
    (folder / "page.html").write_text(format_writers.html_page(article), encoding="utf-8")
    (folder / "page.mhtml").write_bytes(format_writers.mhtml_archive(make_article(7, 1, gazetteer)))
    format_writers.write_docx(make_article(7, 2, gazetteer), folder / "brief.docx")
    page = [make_article(7, i, gazetteer) for i in range(3, 6)]
    format_writers.write_pdf_page(page, folder / "A10.pdf", "A10")


def check_png(path: Path, title: str | None = None) -> None:
    """A real picture: many colours and some contrast; the app's name in its text chunks."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        raise SmokeFailure(f"{path}: not a PNG")
    step = max(1, min(image.width(), image.height()) // 200)
    colours, tones = set(), []
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            rgb = image.pixel(x, y) & 0xFFFFFF
            colours.add(rgb)
            tones.append(((rgb >> 16) * 299 + ((rgb >> 8) & 255) * 587 + (rgb & 255) * 114) // 1000)
    mean = sum(tones) / len(tones)
    spread = (sum((t - mean) ** 2 for t in tones) / len(tones)) ** 0.5
    if len(colours) < 64 or spread < 8:
        raise SmokeFailure(f"{path}: looks blank ({len(colours)} colours, spread {spread:.1f})")
    if path.name != "window.png" and "Jiangmen Explorer" not in image.text("Software"):
        raise SmokeFailure(f"{path}: no Software text naming the app")
    if title is not None and title not in image.text("Title"):
        raise SmokeFailure(f"{path}: title {image.text('Title')!r} does not mention {title}")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
