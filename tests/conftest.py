"""Shared fixtures: every test gets its own user data directory and database."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "data" / "corpus"


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never read or write the real user's database from a test."""
    monkeypatch.setenv("EXPLORER_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS
