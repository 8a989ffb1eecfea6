"""The one write path of every export (explorer.atomic): all or nothing, in-process."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from explorer.atomic import (
    open_atomically,
    replace_atomically,
    write_bytes_atomically,
    write_text_atomically,
)


class WriterCrash(RuntimeError):
    pass


def _crash_midway(path: Path) -> None:
    path.write_text("half of the new file")
    raise WriterCrash("the writer died")


def test_a_writer_failing_midway_leaves_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "events.csv"
    target.write_text("previous")
    with pytest.raises(WriterCrash):
        replace_atomically(target, _crash_midway)
    assert target.read_text() == "previous"
    assert os.listdir(tmp_path) == ["events.csv"]  # no temporary left behind


def test_a_failure_without_a_previous_file_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(WriterCrash):
        replace_atomically(tmp_path / "map.png", _crash_midway)
    assert os.listdir(tmp_path) == []


def test_the_writer_gets_a_temporary_with_the_same_suffix_beside_the_target(
    tmp_path: Path,
) -> None:
    seen: list[Path] = []

    def write(path: Path) -> None:
        seen.append(path)
        path.write_bytes(b"new")

    replace_atomically(tmp_path / "map.pdf", write)
    assert seen[0].parent == tmp_path and seen[0].suffix == ".pdf"
    assert seen[0] != tmp_path / "map.pdf" and not seen[0].exists()
    assert (tmp_path / "map.pdf").read_bytes() == b"new"


def test_the_new_file_keeps_the_previous_permissions(tmp_path: Path) -> None:
    target = tmp_path / "fixes.csv"
    target.write_text("previous")
    target.chmod(0o640)
    write_text_atomically(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text() == "new"


def test_a_new_file_gets_the_umask_mode_not_mkstemps_0600(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_bytes_atomically(tmp_path / "t.svg", b"<svg/>")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "t.svg").stat().st_mode) == 0o644


def test_open_atomically_renames_only_when_the_block_ends_well(tmp_path: Path) -> None:
    target = tmp_path / "events.jsonl"
    target.write_text("previous\n")
    with pytest.raises(WriterCrash), open_atomically(target) as out:
        out.write("{}\n")
        raise WriterCrash("the extractor died")
    assert target.read_text() == "previous\n"
    assert os.listdir(tmp_path) == ["events.jsonl"]
    with open_atomically(target) as out:
        out.write("new\n")
    assert target.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["events.jsonl"]
