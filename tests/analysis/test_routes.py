"""The analysis endpoints of the web app, over a store filled with the oracle corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.analysis.test_persist import _fill

from warreport.config import load_config
from warreport.store.repository import Store

pytest.importorskip("fastapi")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from warreport.web.app import create_app

    path: Path = tmp_path_factory.mktemp("routes") / "store.db"
    url = f"sqlite:///{path}"
    store = Store(url)
    _fill(store)
    app = create_app(load_config(environ={}, db=url), store=store)
    with TestClient(app) as c:
        yield c


def test_control_layer_for_a_date(client: Any) -> None:
    r = client.get("/api/control.geojson", params={"at": "2017-11-02"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/geo+json")
    places = {f["properties"]["place"]: f["properties"] for f in r.json()["features"]}
    assert places["Al-Ubaydi"]["controller"].startswith("Military Forces of Iraq")
    assert places["Al-Ubaydi"]["status"] == "assessed"


def test_control_of_a_place(client: Any) -> None:
    r = client.get("/api/control/Albu Kamal", params={"at": "2017-11-15"})
    assert r.status_code == 200
    assert r.json()["controller"] == "Islamic State (Syria)"
    assert len(r.json()["timeline"]) == 4
    assert client.get("/api/control/Nowhere").status_code == 404
    assert client.get("/api/control/Kirkuk", params={"at": "yesterday"}).status_code == 422


def test_canonical_events_and_timeline(client: Any) -> None:
    r = client.get("/api/canonical", params={"min_corroboration": 3})
    assert r.status_code == 200
    assert r.json()["count"] == 4
    one = r.json()["events"][0]
    assert client.get(f"/api/canonical/{one['canonical_id']}").json()["corroboration"] == 3
    t = client.get("/api/timeline", params={"place": "Abu Kamal"}).json()
    assert t["count"] >= 4
    png = client.get("/api/timeline.png", params={"actor": "Islamic State", "freq": "week"})
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_daily_report_endpoint(client: Any) -> None:
    r = client.get("/api/report", params={"date": "2017-11-01", "format": "json"})
    assert r.status_code == 200
    assert {row["location"] for row in r.json()["table"]} >= {"Al-Ubaydi", "Deir ez-Zor"}
