"""Write a file whole or not at all: every export goes through here.

The data goes to a temporary file beside the target (same folder, so the rename stays on
one file system; same suffix, so writers that pick a format by extension still do), is
flushed to the disk, and only then renamed over the target. A failed write (a full disk, a
crash in the writer) leaves the user's previous file as it was and no temporary behind.

Plain Python (no Qt), below every layer: export, store, the CLI and the GUI all use it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def replace_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Have ``write`` write a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        _fsync_file(temporary)
        os.chmod(temporary, _file_mode(path))  # mkstemp's 0600 would hide it from others
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    replace_atomically(path, lambda temporary: temporary.write_bytes(data))


def write_text_atomically(path: Path, text: str, encoding: str = "utf-8") -> None:
    replace_atomically(path, lambda temporary: temporary.write_text(text, encoding=encoding))


@contextmanager
def open_atomically(
    path: Path, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """A text file to write ``path`` through: renamed into place when the block ends
    without an error, removed when it raises."""
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    temporary = Path(name)
    try:
        with open(handle, "w", encoding=encoding, newline=newline) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _file_mode(path))
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _fsync_file(path: Path) -> None:
    """Force the data to the disk before the rename: otherwise a power cut can leave the
    new name on an empty file (the rename is journalled before the data is written)."""
    with path.open("r+b") as handle:  # Windows' fsync needs a handle open for writing
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder for this)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems (network, FUSE) refuse to sync a folder: the file is safe
    finally:
        os.close(descriptor)


def _file_mode(path: Path) -> int:
    """The replaced file's permissions, or what a new file gets under the umask."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
