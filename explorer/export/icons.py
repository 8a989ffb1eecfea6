"""Font Awesome 5 (solid) as qtawesome ships it: the font file and its character map.

Read from qtawesome's package folder without importing it (this package stays Qt-free), so
the map page shows the same icons as the window and the timeline.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path


def _fonts_folder() -> Path | None:
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "fonts"


@cache
def solid_charmap() -> dict[str, int]:
    """Icon name → code point (``train`` → 0xF238); empty if qtawesome is not installed."""
    folder = _fonts_folder()
    maps = sorted(folder.glob("fontawesome5-solid-webfont-charmap-*.json")) if folder else []
    if not maps:
        return {}
    return {name: int(code, 16) for name, code in json.loads(maps[-1].read_text()).items()}


def solid_font() -> Path | None:
    """The Font Awesome 5 solid TrueType file."""
    folder = _fonts_folder()
    fonts = sorted(folder.glob("fontawesome5-solid-webfont-*.ttf")) if folder else []
    return fonts[-1] if fonts else None
