"""Fixtures for the web tests: an app over a hand-made store, a client and a write token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from warreport.store import Store
from warreport.web.security import TokenStore
from web_fixtures import build_store, make_client


@pytest.fixture
def seeded(sqlite_url: str) -> tuple[Store, Any, Any]:
    return build_store(sqlite_url)


@pytest.fixture
def client(sqlite_url: str, seeded: tuple[Store, Any, Any]) -> Iterator[Any]:
    store = seeded[0]
    with make_client(sqlite_url, store) as c:
        yield c


@pytest.fixture
def token(seeded: tuple[Store, Any, Any]) -> str:
    return TokenStore(seeded[0].db).create("analyst")


@pytest.fixture
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
