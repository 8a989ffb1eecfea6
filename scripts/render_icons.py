"""Render the application icon (explorer/assets/icons/jiangmen-explorer.svg) to PNGs.

Writes ``OUT/hicolor/NxN/apps/jiangmen-explorer.png`` for N in 16…256, the layout of a
freedesktop icon theme, so ``packaging/install-linux.sh`` copies the folder as it is and
the frozen app finds each size beside the SVG (``packaging/explorer.spec`` puts it in
``explorer/assets/icons/``). Run by ``make dist`` (default OUT: build/icons): the PNGs are
a build product of the bundle, not package data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "explorer" / "assets" / "icons" / "jiangmen-explorer.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(source: Path, out: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """Draw ``source`` at each size into ``out``; returns the files written."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source}: not an SVG Qt can draw")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{source.stem}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target)):
            raise SystemExit(f"{target}: cannot write")
        written.append(target)
    scalable = out / "hicolor" / "scalable" / "apps" / source.name
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(source.read_bytes())
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=ROOT / "build" / "icons")
    args = parser.parse_args()
    files = render(SOURCE, args.out)
    print(f"rendered {len(files)} icon sizes into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
