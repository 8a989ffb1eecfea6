"""The map page, built once and kept: folium and the page build cost a second at every start.

The cache key is a hash of everything the page is made from — the builder's code, the map
script and style, the fetched web libraries, the icon font, the district boundaries and the
gazetteer — and the language, so any change rebuilds it. Theme and events are not in the
page: they arrive over the bridge. In the frozen app there are no ``.py`` files to hash: the
builder's code is inside the executable, so the executable stands for it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from explorer import paths


def page_inputs() -> list[Path]:
    """Every file the page is built from."""
    from explorer.export.icons import solid_font

    assets = paths.assets_dir()
    files = [
        *builder_code(),
        *sorted((assets / "map").glob("*")),
        *sorted(p for p in (assets / "vendor").rglob("*") if p.is_file()),
        paths.districts_path(),
        paths.gazetteer_path(),
    ]
    font = solid_font()
    return files + ([font] if font else [])


def builder_code() -> list[Path]:
    """The code that writes the page: its source files, or, where they do not exist (the
    frozen app), the executable that carries the compiled code."""
    here = Path(__file__).parent
    package = here.parent
    sources = [
        here / "map_page.py",
        here / "map_payload.py",
        here / "basemaps.py",
        here / "icons.py",
        package / "core" / "vocabulary.py",  # district fills, type colours and labels
        package / "pipeline" / "gazetteer.py",  # how the places are read
        package / "help_texts.py",  # how the legend's words are read
    ]
    if all(source.is_file() for source in sources):
        return sources
    return [Path(sys.executable)]


def page_key(language: str) -> str:
    digest = hashlib.sha256(language.encode())
    digest.update(_folium_version().encode())  # folium writes the page's skeleton
    for file in page_inputs():
        digest.update(str(file).encode())  # the page links files by absolute path
        digest.update(_fingerprint(file))
    return digest.hexdigest()[:20]


def _fingerprint(file: Path) -> bytes:
    """A file's bytes; for the (large) executable its size and time, which every build
    changes; ``-`` for a file that is missing, so a key can always be made."""
    try:
        if file == Path(sys.executable):
            stat = file.stat()
            return f"{stat.st_size}:{stat.st_mtime_ns}".encode()
        return file.read_bytes()
    except OSError:
        return b"-"


def cached_page(language: str, folder: Path | None = None) -> Path:
    """The map page for ``language``: from the cache, or built now and cached."""
    folder = folder or paths.user_cache_dir() / "map"
    page = folder / f"map-{language}-{page_key(language)}.html"
    if page.exists():
        return page
    from explorer.export.icons import solid_font
    from explorer.export.map_page import PageAssets, build_page  # folium: only when building
    from explorer.pipeline.gazetteer import read_gazetteer

    assets = PageAssets(paths.assets_dir(), solid_font() or Path())
    districts = json.loads(paths.districts_path().read_text(encoding="utf-8"))
    places = read_gazetteer(paths.gazetteer_path())
    html = build_page(assets, districts, places, language)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"map-{language}-*.html"):
        old.unlink(missing_ok=True)
    partial = page.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(html, encoding="utf-8")
    partial.replace(page)  # atomic: another window never reads half a page
    return page


def _folium_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("folium")
    except PackageNotFoundError:  # the frozen app: the executable's fingerprint covers it
        return ""
