"""Shared fixtures: paths to ../shared data, and store URLs for SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from warreport.config import env_flag

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
SEED = SHARED / "seed" / "war-report-2017-11-01.txt"
GOLD = SHARED / "seed" / "gold.json"
SAMPLES = REPO / "src" / "warreport" / "data" / "samples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the test is skipped when the data is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


@pytest.fixture
def seed_path() -> Path:
    return shared_path("seed", "war-report-2017-11-01.txt")


def _postgres_url() -> str | None:
    return env_flag("WARREPORT_TEST_PG_URL")


@contextmanager
def _fresh_postgres(base: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the server of ``base``, dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"wr_{uuid.uuid4().hex[:12]}"
    admin_url = base.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name}
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """The default store of a test: a SQLite file.

    With ``WARREPORT_TEST_STORES=postgres`` (``make test-pg``, the second pass of ``.ci/run``)
    it is a fresh PostgreSQL database instead, so every area's store tests run on both.
    """
    base = _postgres_url()
    if env_flag("WARREPORT_TEST_STORES") == "postgres" and base:
        with _fresh_postgres(base) as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    base = _postgres_url()
    if not base:
        pytest.skip("WARREPORT_TEST_PG_URL is not set")
    with _fresh_postgres(base) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Run a test against SQLite and, when a server is configured, PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))
