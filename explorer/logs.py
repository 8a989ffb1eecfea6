"""Logging set-up, Qt-free: one rotating log file, and unhandled exceptions written to it.

The window (``explorer.gui.errors``) and the command line both call :func:`configure`; the
window also passes a ``report`` callback, which shows the error to the user after it is
logged. The file is ``paths.log_path()``: the platform's log folder, or ``logs/`` under
``EXPLORER_DATA_DIR`` when that is set.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from explorer import paths

LOGGER = "explorer"  # every module logs under explorer.<module>; third parties stay out
MAX_BYTES = 1_000_000
BACKUPS = 3  # four files of 1 MB at most: weeks of a normal user's messages
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger(LOGGER)
Report = Callable[[BaseException], None]
_report: Report | None = None


def configure(report: Report | None = None, level: int = logging.INFO) -> Path | None:
    """Send the ``explorer`` loggers to the rotating log file and log unhandled exceptions
    (main thread and other threads) there. Idempotent; called again after
    ``EXPLORER_DATA_DIR`` changed (tests), it moves to the new file.

    Parameters
    ----------
    report
        Called with each unhandled exception after it is logged (the window's error
        dialog). Without it the exception is also printed to stderr, as Python does.
    level
        The least severe level written.

    Returns
    -------
    The log file, or None when it cannot be created (the app still runs; stderr only).
    """
    global _report
    _report = report
    log.setLevel(level)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    return _attach_file_handler(paths.log_path())


def log_file() -> Path | None:
    """The file the log is written to, if :func:`configure` set one up."""
    handler = _file_handler()
    return Path(handler.baseFilename) if handler is not None else None


def shutdown() -> None:
    """Close and detach the log file; unhandled exceptions go back to Python's default."""
    global _report
    _report = None
    handler = _file_handler()
    if handler is not None:
        log.removeHandler(handler)
        handler.close()
    if sys.excepthook is _excepthook:
        sys.excepthook = sys.__excepthook__
    if threading.excepthook is _thread_excepthook:
        threading.excepthook = threading.__excepthook__


def _file_handler() -> RotatingFileHandler | None:
    return next((h for h in log.handlers if isinstance(h, RotatingFileHandler)), None)


def _attach_file_handler(path: Path) -> Path | None:
    current = _file_handler()
    if current is not None and Path(current.baseFilename) == path.absolute():
        return path.absolute()
    if current is not None:
        log.removeHandler(current)
        current.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as error:  # a read-only home must not stop the app from starting
        print(f"explorer: {path}: cannot write the log: {error}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    log.addHandler(handler)
    return path.absolute()


def _excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in a terminal is not a bug
        sys.__excepthook__(kind, error, trace)
        return
    log.critical("unhandled exception", exc_info=(kind, error, trace))
    _pass_on(error, lambda: sys.__excepthook__(kind, error, trace))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    error = args.exc_value if args.exc_value is not None else args.exc_type()
    log.critical(
        "unhandled exception in thread %s",
        name,
        exc_info=(args.exc_type, error, args.exc_traceback),
    )
    _pass_on(error, lambda: threading.__excepthook__(args))


def _pass_on(error: BaseException, default: Callable[[], object]) -> None:
    report = _report
    if report is None:
        default()
        return
    try:
        report(error)
    except Exception:
        # The report itself failed (a dialog that cannot be built): log that and print the
        # original, never report again, so a broken dialog cannot loop.
        log.exception("the error report failed")
        default()
