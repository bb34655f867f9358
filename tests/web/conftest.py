"""Fixtures for the web tests: an app over a hand-made store, a client and a write token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from web_fixtures import build_store

from warreport.config import load_config
from warreport.store import Store
from warreport.web.security import TokenStore


@pytest.fixture
def seeded(sqlite_url: str) -> tuple[Store, Any, Any]:
    return build_store(sqlite_url)


def make_client(url: str, store: Store, **settings: Any) -> Any:
    from fastapi.testclient import TestClient

    from warreport.web.app import create_app

    cfg = load_config(environ={}, db=url, tiles_url="", **settings)
    return TestClient(create_app(cfg, store=store))


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
