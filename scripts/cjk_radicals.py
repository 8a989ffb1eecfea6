"""Print the table of CJK radicals a CJK font draws with an ideograph's glyph.

Noto Sans CJK (and Source Han Sans) map, say, U+2ED4 ⻔ (CJK RADICAL C-SIMPLIFIED GATE) and
U+95E8 门 to one glyph. PDF writers (Chromium's Skia, Qt) build a font's ToUnicode map from
its cmap, the lowest code point first, so text copied from the PDF reads 江⻔ instead of
江门. ``explorer/export/pdf_text.py`` rewrites those maps with this table; Kangxi radicals
(U+2F00–U+2FD5) need no table, their compatibility decomposition (NFKC) is the ideograph.

Usage: ``python scripts/cjk_radicals.py [FONT.ttc] [FACE]`` (default: Noto Sans CJK SC).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

DEFAULT_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SUPPLEMENT = range(0x2E80, 0x2F00)  # CJK Radicals Supplement


def face_offsets(data: bytes) -> list[int]:
    """Where each font of a collection (.ttc) starts; a single font starts at 0."""
    if data[:4] != b"ttcf":
        return [0]
    (count,) = struct.unpack(">I", data[8:12])
    return list(struct.unpack(f">{count}I", data[12 : 12 + 4 * count]))


def _table(data: bytes, face: int, wanted: bytes) -> int:
    (tables,) = struct.unpack(">H", data[face + 4 : face + 6])
    for i in range(tables):
        tag, _, offset, _ = struct.unpack(">4sIII", data[face + 12 + 16 * i : face + 28 + 16 * i])
        if tag == wanted:
            return int(offset)
    raise ValueError(f"no {wanted.decode()} table")


def code_points(data: bytes, face: int) -> dict[int, int]:
    """Code point → glyph, from the face's format 12 (full Unicode) cmap subtable."""
    cmap = _table(data, face, b"cmap")
    (subtables,) = struct.unpack(">H", data[cmap + 2 : cmap + 4])
    for j in range(subtables):
        (offset,) = struct.unpack(">I", data[cmap + 8 + 8 * j : cmap + 12 + 8 * j])
        sub = cmap + offset
        if struct.unpack(">H", data[sub : sub + 2])[0] != 12:
            continue
        (groups,) = struct.unpack(">I", data[sub + 12 : sub + 16])
        mapping = {}
        for g in range(groups):
            first, last, glyph = struct.unpack(">III", data[sub + 16 + 12 * g : sub + 28 + 12 * g])
            for code in range(first, last + 1):
                mapping[code] = glyph + code - first
        return mapping
    raise ValueError("no format 12 cmap subtable")


def radical_table(mapping: dict[int, int]) -> dict[int, int]:
    """Supplement radical → the ideograph drawn with the same glyph."""
    ideograph_of: dict[int, int] = {}
    for code in sorted(mapping):
        if 0x3400 <= code <= 0x9FFF or 0x20000 <= code <= 0x3FFFF:
            ideograph_of.setdefault(mapping[code], code)
    return {
        code: ideograph_of[mapping[code]]
        for code in SUPPLEMENT
        if code in mapping and mapping[code] in ideograph_of
    }


def main() -> int:
    font = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FONT
    data = font.read_bytes()
    faces = face_offsets(data)
    # Noto Sans CJK's collection: JP, KR, SC, TC, HK (then the Mono faces)
    face = faces[int(sys.argv[2])] if len(sys.argv) > 2 else faces[2]
    table = radical_table(code_points(data, face))
    print("RADICALS = {")
    for code, ideograph in sorted(table.items()):
        print(f'    "\\u{code:04x}": "{chr(ideograph)}",  # {chr(code)}')
    print("}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
