"""Shared fixtures: real SQLite files in tmp_path, a real PostgreSQL server when marked."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from desktop.core.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """No test touches the real user data dir or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("CLAIMDESK_DB", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "claimdesk.db"


@pytest.fixture
def store(db_path) -> Store:
    s = open_store(str(db_path))
    yield s
    s.close()


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def pg_url() -> str:
    """A fresh database on the PostgreSQL server named by CLAIMDESK_TEST_PG_URL.

    CI sets CLAIMDESK_REQUIRE_PG=1 so a missing server fails instead of skipping.
    """
    base = os.environ.get("CLAIMDESK_TEST_PG_URL")
    if not base:
        if os.environ.get("CLAIMDESK_REQUIRE_PG") == "1":
            pytest.fail("CLAIMDESK_TEST_PG_URL is not set but CLAIMDESK_REQUIRE_PG=1")
        pytest.skip("no PostgreSQL server (set CLAIMDESK_TEST_PG_URL)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"claimdesk_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_store(pg_url) -> Store:
    s = open_store(pg_url)
    yield s
    s.close()
