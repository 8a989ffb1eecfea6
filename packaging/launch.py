"""The frozen app's entry point (PyInstaller runs this, not ``explorer/__main__.py``)."""

import multiprocessing
import sys

from explorer.cli import main

if __name__ == "__main__":
    # `explorer import` extracts in worker processes; where they are spawned (Windows,
    # macOS) a frozen child must stop here instead of running the command again.
    multiprocessing.freeze_support()
    sys.exit(main())
