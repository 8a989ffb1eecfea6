"""Start the window: open the database, import the sample corpus on first launch, show."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from explorer import paths
from explorer.core.filters import EventFilter
from explorer.gui.headless import ensure_application, prepare_webengine
from explorer.pipeline.extract import extract_with_bundled_gazetteer
from explorer.store.bootstrap import ensure_places, first_launch_import
from explorer.store.db import DamagedDatabase, connect, shown
from explorer.store.importer import run_to_end

if TYPE_CHECKING:
    from explorer.gui.settings import Settings

log = logging.getLogger(__name__)


def run_app(
    db_path: Path | str | None,
    screenshot: Path | None = None,
    size: tuple[int, int] = (1400, 900),
    wanted: EventFilter | None = None,
    select: int | None = None,
    settings_path: Path | None = None,
    theme: str | None = None,
    basemap: str | None = None,
) -> int:
    """Open the explorer window (or, with ``screenshot``, draw it offscreen and save a PNG).

    ``theme`` is ``system``, ``light`` or ``dark``; by default the saved preference, or
    ``system`` (light or dark as the desktop is, following it while the app runs).
    ``basemap`` (``offline``, ``osm``, ``amap``, ``amap-satellite``) overrides the saved
    choice for this run without replacing it.
    """
    if screenshot is None and not _has_display():
        print(
            "explorer: no display to open the window on; use --screenshot OUT.png to draw "
            "it offscreen, or run from a desktop session",
            file=sys.stderr,
        )
        return 2
    app, window, state = open_window(
        db_path,
        settings_path,
        theme,
        wanted,
        size,
        background=not screenshot,
        basemap=basemap,
        remember=screenshot is None,  # a screenshot shows what it was asked for, saves nothing
    )
    if screenshot is not None:
        return _save_screenshot(window, state, screenshot, select)
    return int(app.exec())  # type: ignore[attr-defined]  # app is typed as QCoreApplication | None


def open_window(
    db_path: Path | str | None,
    settings_path: Path | None = None,
    theme: str | None = None,
    wanted: EventFilter | None = None,
    size: tuple[int, int] = (1400, 900),
    background: bool = True,
    basemap: str | None = None,
    remember: bool = True,
):
    """Open the database and show the window; the events load in the background (or,
    ``background=False``, before the window shows: scripts want them all drawn).

    ``remember=False`` (headless runs) neither restores the saved window and filter nor
    writes any setting: the settings file stays as it was.

    Returns ``(app, window, state)``. The benchmark calls this too, so it measures what
    users get.
    """
    prepare_webengine()
    app = ensure_application()
    from explorer.gui import errors, translations
    from explorer.gui.main_window import MainWindow
    from explorer.gui.settings import Settings
    from explorer.gui.state import AppState
    from explorer.gui.theme import install_theme

    log_file = errors.install()  # first: a failure from here on is logged and shown
    settings = Settings(settings_path, ephemeral=not remember)
    db_path = chosen_database(db_path, settings)
    log.info("opening %s (log: %s)", shown(str(db_path)), log_file)  # no password
    conn = _open_database(db_path, interactive=background)
    ensure_places(conn, paths.gazetteer_path())
    run_to_end(first_launch_import(conn, paths.bundled_corpus(), extract_with_bundled_gazetteer))
    # Before the window exists, so it is built in the right palette and language.
    install_theme(app, theme or settings.theme)  # type: ignore[arg-type]  # settings.theme is checked against the Literal
    if not translations.install(app, settings.language):
        print("explorer: the Chinese UI translation is missing; showing English", file=sys.stderr)
    state = AppState(conn)
    if background:  # start now: the load overlaps building the window and the map page
        state.reload_in_background()
    window = MainWindow(state, settings)
    if basemap is not None:
        window.map.set_basemap(basemap)
    window.resize(*size)
    if background:  # on screen: never larger than the screen (1366×768 office laptops)
        room = window.screen().availableGeometry().size()
        window.resize(min(size[0], room.width()), min(size[1], room.height()))
    state.set_filter(wanted if wanted is not None else settings.last_filter())
    if background:
        window.show()
        if not state.events:
            window.show_loading()
    else:
        state.reload()
        window.show()
    return app, window, state


def chosen_database(given: Path | str | None, settings: Settings) -> Path | str:
    """The database to open: ``--db`` when given, else the one chosen under 设置 → 数据库…
    (a file or a team's server), else the local default."""
    return given or settings.database or paths.default_db_path()


def _open_database(db_path: Path | str, interactive: bool):
    """The database, or, when it is damaged, a dialog offering recovery or a backup instead
    of a crash. Headless runs (screenshots, scripts) have nobody to ask: the error goes up,
    and the command line prints its one line."""
    try:
        return connect(db_path)
    except DamagedDatabase as error:
        log.error("%s", error)
        from explorer.gui.db_health import resolve_damaged

        if not interactive or not resolve_damaged(db_path, error):
            raise
    return connect(db_path)


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return False  # a window nobody can see would wait forever
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _save_screenshot(window, state, output: Path, select: int | None) -> int:
    """Wait until the map has drawn the filtered events, then save the whole window."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    window.map.bridge.drawn.connect(lambda *_: loop.quit())
    QTimer.singleShot(30000, loop.quit)
    loop.exec()
    window.map.wait_for_basemap()  # online tiles in view, or the fallback to offline
    if select is not None:
        state.select(select)
    settle = QEventLoop()
    QTimer.singleShot(800, settle.quit)
    settle.exec()
    from explorer.atomic import write_bytes_atomically
    from explorer.gui.headless import png_labels
    from explorer.gui.image_files import png_bytes, with_png_text

    labels = png_labels(state.filter.describe(window.language))
    try:  # labelled in memory, written once: a failed write keeps the previous screenshot
        write_bytes_atomically(output, with_png_text(png_bytes(window.grab().toImage()), labels))
    except OSError as error:
        print(
            f"explorer: {output}: cannot write the PNG: {error.strerror or error}", file=sys.stderr
        )
        return 2
    print(f"wrote {output}")
    window.close()
    return 0
