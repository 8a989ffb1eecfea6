"""Compile the UI translations (explorer/assets/translations/*.ts) to the .qm files Qt loads.

Run by `make setup`; `make translations` first refreshes the .ts from the sources.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explorer.gui.translations import build  # noqa: E402


def main() -> int:
    failed = 0
    for ts in sorted((ROOT / "explorer" / "assets" / "translations").glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if build(ts, qm):
            print(f"built {qm.relative_to(ROOT)}")
        else:
            print(f"cannot build {qm.relative_to(ROOT)}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
