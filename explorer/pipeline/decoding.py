"""Turn the bytes of a text file into text, detecting UTF-8 (with or without BOM) and GB18030/GBK.

Chinese news files arrive in both families and users do not know which one they have.
UTF-8 is tried first because its byte structure is strict: GBK text practically never
decodes as UTF-8, while UTF-8 text can decode as (garbled) GB18030.
"""

from __future__ import annotations

import codecs
import unicodedata

from explorer.core.errors import InputError

# Signatures of binary formats users drop into corpus folders by mistake.
_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (docx/xlsx?)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"SQLite format 3": "an SQLite database",
    b"\x1f\x8b": "a gzip archive",
}


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``.

    Line endings are kept as they are, so offsets into the text stay exact; a UTF-8 or
    UTF-16 byte-order mark is removed.

    Raises
    ------
    InputError
        For an empty file, a binary file, or bytes that are neither UTF-8 nor GB18030.
    """
    if not data.strip():
        raise InputError(path, "empty file")
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),  # before UTF-16: its BOM starts alike
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    )
    for bom, codec, name in boms:
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec, path), name
    unmarked = _utf16_without_bom(data)
    if unmarked:
        return _strict(data, unmarked, path), "utf-16"
    _reject_binary(data, path)
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", path), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as gb_error:
        raise InputError(
            path,
            f"undecodable bytes: not UTF-8 (bad byte 0x{data[first_bad]:02x} at offset "
            f"{first_bad}) and not GB18030/GBK (bad byte at offset {gb_error.start})",
        ) from None
    if not _looks_like_text(text):
        raise InputError(path, "undecodable bytes: neither UTF-8 nor plausible GB18030/GBK text")
    return text, _gb_name(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: ASCII characters put NULs in every other byte."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    evens, odds = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odds > half * 0.3 and evens == 0:
        return "utf-16-le"
    if evens > half * 0.3 and odds == 0:
        return "utf-16-be"
    return None


def _strict(data: bytes, codec: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(
            path, f"undecodable bytes: invalid {codec} at offset {error.start}"
        ) from None


def _reject_binary(data: bytes, path: str) -> None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(path, f"binary file ({what}), not text")
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(path, "binary file (contains NUL bytes), not text")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > len(head) * 0.05:
        raise InputError(path, "binary file (too many control bytes), not text")


def _looks_like_text(text: str) -> bool:
    """Reject GB18030 decodes of random bytes: real text has few unassigned/private chars."""
    sample = text[:20000]
    odd = sum(1 for ch in sample if unicodedata.category(ch) in ("Co", "Cn", "Cs"))
    return odd <= max(2, len(sample) // 200)


def _gb_name(data: bytes) -> str:
    try:
        data.decode("gbk")
    except UnicodeDecodeError:
        return "gb18030"
    return "gbk"
