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


# ---------------------------------------------------------------- the two store backends


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server for the session (tests/postgres_server.py); skips with the
    reason when its binaries or psycopg are missing, fails instead in CI."""
    from tests import postgres_server as pg

    binaries = pg.find_binaries()
    missing = None
    if binaries is None:
        missing = (
            "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql"
        )
    else:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            missing = "psycopg is not installed: pip install -e '.[dev]'"
    if missing:
        if pg.in_ci():
            pytest.fail(f"CI needs PostgreSQL for the store tests: {missing}")
        pytest.skip(missing)
    with pg.running(binaries) as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh database on the session's server, dropped after the test."""
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, db_path):
    """What ``connect`` opens, once per backend: a SQLite file, then a PostgreSQL URL."""
    if request.param == "sqlite":
        return db_path
    return request.getfixturevalue("postgres_url")
