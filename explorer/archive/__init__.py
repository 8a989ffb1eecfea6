"""Archive-scale extraction on a Dask cluster, written as Parquet (no Qt).

``explorer extract-archive`` maps :func:`explorer.pipeline.extract.extract_document` over
the articles of an archive on a Dask cluster (:mod:`explorer.archive.run`, the tasks in
:mod:`explorer.archive.tasks`) and writes a Parquet dataset (:mod:`explorer.archive.tables`);
``explorer import-events`` stores that dataset (:mod:`explorer.archive.load`).

Dask and pyarrow are the ``archive`` extra: the desktop app does without them, so nothing
here is imported until one of those commands runs, and :func:`missing_packages` says what
to install when they are absent.
"""

from __future__ import annotations

from importlib.util import find_spec

# module name → the distribution that provides it
REQUIRED = {"dask": "dask", "distributed": "distributed", "pyarrow": "pyarrow"}
INSTALL_HINT = "pip install 'jiangmen-explorer[archive]'"


def missing_packages() -> list[str]:
    """The distributions the archive commands need that are not installed."""
    return [dist for module, dist in REQUIRED.items() if find_spec(module) is None]
