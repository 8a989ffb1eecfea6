"""Every export on a full disk: a clear message naming the file, the previous file byte
for byte, and no temporary left in the folder (tests/reliability/full_disk_runner.py).

Each export runs in its own process, the way a user runs it, with the file-size limit
that stands in for the full disk; the previous file is there before it starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("full_disk_runner.py")
CORPUS = REPO / "explorer" / "data" / "corpus"
PREVIOUS = b"the user's previous export, which must survive\n"
# Smaller than every export (the place fixes CSV of one fix is about 110 bytes).
LIMIT = 64

pytestmark = pytest.mark.slow


def _environment(data_dir: Path, folder: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # The worktree's code, not whichever checkout the venv's console script points at.
    env["PYTHONPATH"] = str(REPO)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["EXPLORER_DATA_DIR"] = str(data_dir)
    if folder is not None:
        env["FULL_DISK_FOLDER"] = str(folder)
        env["FULL_DISK_LIMIT"] = str(LIMIT)
    return env


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus imported, with one place fix to export."""
    folder = tmp_path_factory.mktemp("full-disk-db")
    db = folder / "events.sqlite3"
    env = _environment(folder / "data")
    for command in (
        ["import", str(CORPUS), "--db", str(db)],
        ["places", "set", "会城街道", "22.58", "113.08", "--note", "test", "--db", str(db)],
    ):
        subprocess.run(
            [sys.executable, "-m", "explorer", *command], env=env, check=True, capture_output=True
        )
    return db


EXPORTS = {
    "table csv": ("events.csv", ["table", "{db}", "{out}"]),
    "table xlsx": ("events.xlsx", ["table", "{db}", "{out}"]),
    "table geojson": ("events.geojson", ["table", "{db}", "{out}"]),
    "export-events xlsx": ("events.xlsx", ["export-events", "-o", "{out}", "--db", "{db}"]),
    "places csv": ("fixes.csv", ["places", "export", "-o", "{out}", "--db", "{db}"]),
    "extract jsonl": ("events.jsonl", ["extract", str(CORPUS), "-o", "{out}"]),
    "map html": ("map.html", ["export-map", "-o", "{out}", "--db", "{db}"]),
    "map png": ("map.png", ["export-map", "-o", "{out}", "--db", "{db}"]),
    "map pdf": ("map.pdf", ["export-map", "-o", "{out}", "--db", "{db}"]),
    "timeline png": ("timeline.png", ["export-timeline", "-o", "{out}", "--db", "{db}"]),
    "timeline svg": ("timeline.svg", ["export-timeline", "-o", "{out}", "--db", "{db}"]),
    "briefing pdf": ("briefing.pdf", ["export-briefing", "-o", "{out}", "--db", "{db}"]),
    "briefing docx": ("briefing.docx", ["export-briefing", "-o", "{out}", "--db", "{db}"]),
}


FIGURES = {"exports": 0, "previous_kept": 0, "debris": 0, "tracebacks": 0}


@pytest.fixture(scope="module", autouse=True)
def _figures_line(report_lines: list[str]) -> Iterator[None]:
    yield
    report_lines.append(
        "reliability: full disk (RLIMIT_FSIZE) "
        + " ".join(f"{name}={count}" for name, count in FIGURES.items())
    )


@pytest.mark.parametrize("export", list(EXPORTS))
def test_a_full_disk_keeps_the_previous_file(export: str, database: Path, tmp_path: Path) -> None:
    name, arguments = EXPORTS[export]
    folder = tmp_path / "exports"
    folder.mkdir()
    output = folder / name
    output.write_bytes(PREVIOUS)
    command = [a.format(db=database, out=output) for a in arguments]

    done = subprocess.run(
        [sys.executable, str(RUNNER), *command],
        env=_environment(tmp_path / "data", folder),
        capture_output=True,
        text=True,
        timeout=120,
    )

    FIGURES["exports"] += 1
    FIGURES["previous_kept"] += output.read_bytes() == PREVIOUS
    FIGURES["debris"] += len(os.listdir(folder)) - 1
    FIGURES["tracebacks"] += "Traceback" in done.stderr
    assert done.returncode not in (0, *range(-64, 0)), done.stderr  # failed, not killed
    assert "Traceback" not in done.stderr, done.stderr
    assert str(output) in done.stderr and "File too large" in done.stderr, done.stderr
    assert output.read_bytes() == PREVIOUS
    assert os.listdir(folder) == [name]  # no temporary left behind
