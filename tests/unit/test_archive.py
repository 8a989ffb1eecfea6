"""Archive extraction on a real Dask cluster, as a user runs it: ``explorer extract-archive``
writes a Parquet dataset holding what ``explorer extract`` finds, and ``explorer
import-events`` stores it so that the events show with their articles."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the archive extra (dask[distributed]) is missing")
pytest.importorskip("pyarrow", reason="the archive extra (pyarrow) is missing")

import pyarrow.parquet as pq
from distributed import LocalCluster

from explorer import cli_archive
from explorer.archive import ranges, run
from explorer.archive.run import extract_archive
from explorer.archive.tables import spec_of_row
from explorer.cli import main
from explorer.core.events import SPEC_FIELDS
from explorer.pipeline.corpus import discover, read_source
from explorer.store import curation, repository
from explorer.store.db import connect

# The spec's fields as Parquet columns (span as two integer columns), then the extensions.
EVENT_COLUMNS = [
    *(f for f in SPEC_FIELDS if f != "span"),
    "span_start",
    "span_end",
    "date_source",
    "date_inferred",
    "document_hash",
]


@pytest.fixture
def archive(tmp_path: Path, corpus_dir: Path) -> Path:
    """A folder of articles and a JSONL table of several records, and one bad file."""
    folder = tmp_path / "archive"
    shutil.copytree(corpus_dir, folder / "pages")
    documents = [d for s in discover([corpus_dir]).sources for d in read_source(s)]
    with (folder / "records.jsonl").open("w", encoding="utf-8") as table:
        for number, doc in enumerate(documents):
            record = {
                "id": f"rec-{number}",
                "title": doc.title,
                "date": doc.pub_date.isoformat() if doc.pub_date else "",
                "text": doc.body,
            }
            table.write(json.dumps(record, ensure_ascii=False) + "\n")
        table.write("{not json\n")  # one bad record: reported by line, the rest extracted
    with (folder / "records.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)  # paragraphs: quoted fields over several lines
        writer.writerow(["id", "title", "date", "text"])
        for number, doc in enumerate(documents[:3]):
            date = doc.pub_date.isoformat() if doc.pub_date else ""
            writer.writerow([f"csv-{number}", f"{doc.title}(表)", date, doc.body])
    (folder / "pages" / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return folder


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _spec_lines(events: list[dict[str, object]]) -> Counter[str]:
    return Counter(json.dumps(e, ensure_ascii=False, sort_keys=True) for e in events)


def _extracted(capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path) -> Counter[str]:
    """What ``explorer extract`` finds in ``archive``: the reference."""
    out = tmp_path / "reference.jsonl"
    _run(capsys, "extract", str(archive), "-o", str(out))
    return _spec_lines([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])


def _dataset_events(dataset: Path) -> Counter[str]:
    table = pq.read_table(dataset / "events")
    return _spec_lines([spec_of_row(row) for row in table.to_pylist()])


def test_extract_archive_writes_the_events_explorer_extract_finds(
    capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path
) -> None:
    reference = _extracted(capsys, archive, tmp_path)
    output = tmp_path / "events.parquet"
    code, out, err = _run(
        capsys,
        *("extract-archive", str(archive), "--output", str(output)),
        *("--workers", "2", "--batch-size", "2"),
    )
    assert code == 0
    assert f"wrote {output}" in out and "failed 2" in out
    # Progress on stderr, and each bad input named: the file, the record's line.
    assert "tasks 1/" in err
    assert any(line.startswith("failed: ") and "scan.txt" in line for line in err.splitlines())
    assert any("records.jsonl:" in line and "not valid JSON" in line for line in err.splitlines())

    table = pq.read_table(output / "events")
    assert table.column_names == EVENT_COLUMNS
    assert str(table.schema.field("date").type) == "date32[day]"
    assert str(table.schema.field("amount_cny").type) == "int64"
    assert _dataset_events(output) == reference and sum(reference.values()) > 50
    # The tables were extracted in batches of records, not as one task each.
    assert len(list((output / "documents").glob("table0000-*.parquet"))) >= 2  # the CSV
    assert len(list((output / "documents").glob("table0001-*.parquet"))) >= 3  # the JSONL
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".events.parquet")]


def test_one_worker_and_two_worker_processes_write_the_same_events(
    capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path
) -> None:
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    extract_archive([archive], one, workers=1, batch_size=3, processes=False)
    code, _, _ = _run(
        capsys,
        "extract-archive",
        str(archive),
        "-o",
        str(two),
        "--workers",
        "2",
        "--batch-size",
        "2",
    )
    assert code == 0
    assert _dataset_events(one) == _dataset_events(two)
    documents = [pq.read_table(d / "documents").sort_by("document_hash") for d in (one, two)]
    assert documents[0].equals(documents[1])


def test_extract_archive_runs_on_a_scheduler_given_by_address(
    capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path
) -> None:
    reference = _extracted(capsys, archive, tmp_path)
    output = tmp_path / "events.parquet"
    # Workers in this process, but a real scheduler listening on TCP like `dask scheduler`.
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        code, out, err = _run(
            capsys, "extract-archive", str(archive), "-o", str(output), "--scheduler", address
        )
    assert code == 0, err
    assert f"extracting on {address}" in err and "2 workers" in out
    assert _dataset_events(output) == reference


def test_an_unreachable_scheduler_is_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    archive: Path,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(run, "CONNECT_TIMEOUT_S", 1)  # nothing listens there: no need to wait
    output = tmp_path / "events.parquet"
    code, _, err = _run(
        capsys,
        "extract-archive",
        str(archive),
        "-o",
        str(output),
        "--scheduler",
        "tcp://127.0.0.1:9",
    )
    assert code == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert list(tmp_path.iterdir()) == [archive]


def test_import_events_shows_the_events_with_their_articles_and_twice_adds_nothing(
    capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path, db_path: Path
) -> None:
    dataset = tmp_path / "events.parquet"
    extract_archive([archive], dataset, workers=2, batch_size=2, processes=False)
    code, out, _ = _run(capsys, "import-events", str(dataset), "--db", str(db_path))
    assert code == 0 and "failed 0" in out
    conn = connect(db_path)
    events = repository.load_events(conn)
    assert _spec_lines([e.to_spec() for e in events]) == _dataset_events(dataset)
    # Every event quotes its stored article: the excerpt is the document body at its span.
    bodies = {d.doc_id: d.body for d in repository.load_documents(conn)}
    assert all(bodies[e.document][e.span[0] : e.span[1]] == e.excerpt for e in events)
    before = repository.counts(conn)

    code, out, _ = _run(capsys, "search", "封顶", "--db", str(db_path))
    assert code == 0 and "rec-" in out

    code, out, _ = _run(capsys, "import-events", str(dataset), "--db", str(db_path))
    assert code == 0 and "imported 0 documents" in out
    assert repository.counts(conn) == before


def test_import_events_never_overwrites_an_edited_event(
    capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path, db_path: Path
) -> None:
    dataset = tmp_path / "events.parquet"
    extract_archive([archive], dataset, workers=1, batch_size=50, processes=False)
    _run(capsys, "import-events", str(dataset), "--db", str(db_path))
    conn = connect(db_path)
    chosen = repository.load_events(conn)[0]
    assert chosen.id is not None
    curation.edit_event(conn, chosen.id, {"title": "分析员改过的标题"}, "analyst")
    count = len(repository.load_events(conn))

    _run(capsys, "import-events", str(dataset), "--db", str(db_path))
    after = repository.load_events(conn)
    (edited,) = [e for e in after if e.id == chosen.id]
    assert edited.title == "分析员改过的标题" and edited.edited_by == "analyst"
    assert len(after) == count  # the machine event it stands for is not added back


def test_an_output_that_is_not_a_dataset_is_left_alone(
    capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path
) -> None:
    output = tmp_path / "notes"
    output.mkdir()
    (output / "mine.txt").write_text("keep me", encoding="utf-8")
    code, _, err = _run(
        capsys, "extract-archive", str(archive), "-o", str(output), "--workers", "1"
    )
    assert code == 2 and "not an archive dataset" in err
    assert [p.name for p in output.iterdir()] == ["mine.txt"]

    dataset = tmp_path / "events.parquet"
    extract_archive([archive / "pages"], dataset, workers=1, processes=False)
    first = _dataset_events(dataset)
    extract_archive([archive], dataset, workers=1, processes=False)  # replaced whole
    assert _dataset_events(dataset) != first and first < _dataset_events(dataset)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_import_events_refuses_a_folder_that_is_not_a_dataset(
    capsys: pytest.CaptureFixture[str], archive: Path, db_path: Path
) -> None:
    code, _, err = _run(capsys, "import-events", str(archive), "--db", str(db_path))
    assert code == 2 and "not an archive dataset" in err and "extract-archive" in err


def test_without_the_archive_extra_the_commands_say_what_to_install(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    archive: Path,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(cli_archive, "missing_packages", lambda: ["pyarrow"])
    code, _, err = _run(capsys, "extract-archive", str(archive), "-o", str(tmp_path / "e.parquet"))
    assert code == 2
    assert "need pyarrow" in err and "pip install 'jiangmen-explorer[archive]'" in err
    code, _, err = _run(capsys, "import-events", str(tmp_path / "e.parquet"))
    assert code == 2 and "need pyarrow" in err


@pytest.mark.parametrize("data", [b"", b"a\n", b"a\nbb\n\nccc", b"\n\na\r\nb\r\n", b"x" * 50])
def test_byte_ranges_of_a_table_read_every_line_once_with_its_number(
    tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "t.jsonl"
    path.write_bytes(data)
    whole = list(enumerate(data.splitlines(keepends=True), start=1))
    for block in range(1, len(data) + 2):
        bounds = [(s, min(len(data), s + block)) for s in range(0, max(1, len(data)), block)]
        read, before = [], 0
        for start, end in bounds:
            read += list(ranges.numbered_lines(str(path), start, end, before))
            before += ranges.count_newlines(str(path), start, end)
        assert read == whole, block


def test_the_same_articles_twice_in_an_archive_are_stored_once(
    capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path, db_path: Path
) -> None:
    twice = tmp_path / "twice"
    twice.mkdir()
    for name in ("2022.jsonl", "copy.jsonl"):
        shutil.copy(archive / "records.jsonl", twice / name)
    dataset = tmp_path / "events.parquet"
    extract_archive([twice], dataset, workers=1, batch_size=2, processes=False)
    found = _dataset_events(dataset)
    assert set(found.values()) == {2}  # each file's events, as `explorer extract` gives them
    code, out, _ = _run(capsys, "import-events", str(dataset), "--db", str(db_path))
    assert code == 0 and "skipped 5 with the same content" in out
    stored = repository.load_events(connect(db_path))
    assert _spec_lines([e.to_spec() for e in stored]) == Counter(dict.fromkeys(found, 1))
