"""Shared fixtures: every test gets its own user data directory and database."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from explorer.core.events import Event

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "explorer" / "data" / "corpus"


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never read or write the real user's database, settings or log from a test.

    ``EXPLORER_DATA_DIR`` moves all three (``explorer.paths``); the XDG folders too, for
    anything that still asks the platform (Qt's own settings, platformdirs)."""
    home = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("EXPLORER_DATA_DIR", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        folder = home / "xdg" / name.lower()
        folder.mkdir(parents=True)  # made, as a desktop has them (QtWebEngine's cache wants one)
        monkeypatch.setenv(name, str(folder))
    # A test that opens the window installs the app's exception hooks: put back pytest's.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    yield
    from explorer import logs

    logs.shutdown()  # close this test's log file; the next test logs under its own folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


def new_event(**fields: object) -> Event:
    """An event with plain defaults; tests name only the fields they care about."""
    values: dict[str, object] = dict(
        document="d",
        type="signing",
        date="2022-01-01",
        date_end="2022-01-01",
        date_precision="day",
        status="occurred",
        title="事件",
        subject=None,
        place=None,
        district="新会区",
        lat=None,
        lon=None,
        geo_precision=None,
        amount_cny=None,
        excerpt="x",
        span=(0, 1),
    )
    values.update(fields)
    if "title" not in fields and values["subject"]:
        values["title"] = f"{values['subject']}{values['type']}"
    return Event(**values)  # type: ignore[arg-type]  # fields checked by Event itself


@pytest.fixture
def make_event():
    """The :func:`new_event` factory."""
    return new_event
