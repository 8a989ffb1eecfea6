"""Qt pictures as bytes, so that exports write them through :mod:`explorer.atomic`.

Qt's file writers (QImage.save, QPdfWriter, QSvgGenerator) write the target path directly,
and QSvgGenerator does not even report a failed write: a full disk left a truncated SVG
under the user's file name. Encoded into memory first, the bytes are written and renamed
into place by Python, whose writes raise on every error.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt lazily, as in headless: the PNG labelling needs none
    from PySide6.QtCore import QBuffer, QByteArray
    from PySide6.QtGui import QImage

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def memory_device() -> tuple[QBuffer, QByteArray]:
    """A buffer open for writing and the byte array it fills (kept alive by the caller)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return buffer, data


def png_bytes(image: QImage) -> bytes:
    buffer, data = memory_device()
    if not image.save(buffer, "PNG"):
        raise ValueError("the picture cannot be encoded as PNG")
    buffer.close()
    return bytes(data.data())


def with_png_text(data: bytes, texts: Mapping[str, str]) -> bytes:
    """``data`` (a PNG file) with ``texts`` (``Software``, ``Title`` …) as UTF-8 ``iTXt``
    chunks after its header, so an exported picture says what made it and what it shows."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    header_end = 8 + 12 + struct.unpack(">I", data[8:12])[0]
    chunks = b""
    for key, text in texts.items():
        body = key.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
        crc = zlib.crc32(b"iTXt" + body)
        chunks += struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", crc)
    return data[:header_end] + chunks + data[header_end:]
