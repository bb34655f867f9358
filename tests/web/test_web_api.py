"""The REST API over a hand-made store: filters, cursors, formats, documents, errors."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from warreport.export.acled import ACLED_COLUMNS
from warreport.web.security import TokenStore
from web_fixtures import build_store, make_client


def ids(resp: Any) -> set[str]:
    assert resp.status_code == 200, resp.text
    return {e["location"] for e in resp.json()["events"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"Deir ez-Zor", "Abu Kamal", "Ubaydi"}),
        ({"include_uncertain": "true"}, {"Deir ez-Zor", "Abu Kamal", "Ubaydi", "Raqqa"}),
        ({"date_from": "2017-10-31"}, {"Deir ez-Zor", "Abu Kamal"}),
        ({"date_to": "2017-10-30"}, {"Ubaydi"}),
        ({"bbox": "40.5,34,41.5,35"}, {"Abu Kamal", "Ubaydi"}),
        ({"lat": "35.336", "lon": "40.141", "radius_km": "30"}, {"Deir ez-Zor"}),
        ({"lat": "34.4", "lon": "41.0", "radius_km": "30"}, {"Abu Kamal", "Ubaydi"}),
        ({"country": "iraq"}, {"Ubaydi"}),
        ({"admin1": "Deir ez-Zor"}, {"Deir ez-Zor", "Abu Kamal"}),
        ({"actor": "russia"}, {"Abu Kamal"}),
        ({"event_type": "Explosions/Remote violence"}, {"Abu Kamal"}),
        ({"sub_event_type": "Government regains territory"}, {"Ubaydi"}),
        ({"certainty": "predicted"}, {"Raqqa"}),
        ({"source": "Levant Front Monitor"}, {"Deir ez-Zor", "Abu Kamal", "Ubaydi"}),
        ({"source": "Other"}, set()),
        ({"q": "kalibr"}, {"Abu Kamal"}),
        ({"q": "ubaydi", "country": "Iraq", "date_from": "2017-10-01"}, {"Ubaydi"}),
    ],
)
def test_event_filters(client: Any, params: dict[str, str], expected: set[str]) -> None:
    assert ids(client.get("/api/events", params=params)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "10,50,5,40"},
        {"date_from": "yesterday"},
        {"date_from": "2017-11-02", "date_to": "2017-11-01"},
        {"lat": "35", "lon": "40"},
        {"lat": "95", "lon": "40", "radius_km": "5"},
        {"certainty": "rumoured"},
        {"limit": "0"},
        {"limit": "5000"},
        {"order": "loudest"},
        {"cursor": "%%%"},
        {"values": "guessed"},
    ],
)
def test_bad_filters_are_422_json(client: Any, params: dict[str, str]) -> None:
    resp = client.get("/api/events", params=params)
    assert resp.status_code == 422, resp.text
    body = resp.json()
    assert body["error"]["status"] == 422
    assert body["error"]["message"]


@pytest.mark.parametrize("order", ["newest", "corroborated", "voted"])
def test_cursor_pages_cover_everything_once(client: Any, order: str) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params: dict[str, Any] = {"limit": 1, "order": order, "include_uncertain": "true"}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/api/events", params=params).json()
        seen += [e["event_id"] for e in body["events"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 4


def test_newest_order_and_corroborated_order(client: Any) -> None:
    newest = client.get("/api/events").json()["events"]
    assert [e["event_date"] for e in newest] == sorted((e["event_date"] for e in newest), reverse=True)
    most = client.get("/api/events", params={"order": "corroborated"}).json()["events"]
    assert [e["corroboration"] for e in most] == [3, 2, 1]


def test_geojson_validates_and_carries_properties(client: Any) -> None:
    from geojson_pydantic import FeatureCollection

    resp = client.get("/api/events.geojson", params={"include_uncertain": "true"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/geo+json")
    fc = FeatureCollection.model_validate(resp.json())
    assert len(fc.features) == 4
    feature = next(f for f in resp.json()["features"] if f["properties"]["location"] == "Abu Kamal")
    assert feature["geometry"] == {"type": "Point", "coordinates": [40.918, 34.452]}
    assert feature["properties"]["certainty"] == "reported"
    assert feature["properties"]["review_status"] == "unreviewed"


def test_geojson_pages_with_cursor(client: Any) -> None:
    first = client.get("/api/events.geojson", params={"limit": 2}).json()
    assert len(first["features"]) == 2 and first["next_cursor"]
    second = client.get("/api/events.geojson", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert {f["id"] for f in first["features"]}.isdisjoint(f["id"] for f in second["features"])
    assert second["next_cursor"] is None


def test_csv_has_acled_columns_first(client: Any) -> None:
    resp = client.get("/api/events.csv", params={"country": "Syria"})
    assert resp.status_code == 200
    assert "attachment" in resp.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    header = resp.text.splitlines()[0].split(",")
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert {r["location"] for r in rows} == {"Deir ez-Zor", "Abu Kamal"}
    abu = next(r for r in rows if r["location"] == "Abu Kamal")
    assert abu["iso"] == "760" and abu["region"] == "Middle East" and abu["year"] == "2017"
    assert abu["disorder_type"] == "Political violence" and abu["interaction"] == "28"


def test_parquet_and_jsonl(client: Any) -> None:
    import pyarrow.parquet as pq

    resp = client.get("/api/events.parquet")
    table = pq.read_table(io.BytesIO(resp.content))
    assert table.num_rows == 3
    assert tuple(table.column_names[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    lines = client.get("/api/events.jsonl", params={"limit": 2}).text.splitlines()
    assert len(lines) == 2


def test_one_event_and_404(client: Any, seeded: Any) -> None:
    event = seeded[2][1]
    body = client.get(f"/api/events/{event.event_id}").json()
    assert body["sentence"] == event.sentence
    assert body["fields_provenance"]["sub_event_type"]["rule"] == "trigger:liberated"
    assert body["history"] == [] and body["machine"]["location"] == "Abu Kamal"
    missing = client.get("/api/events/nope")
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "NotFoundError"
    assert client.get("/api/documents/nope").status_code == 404
    assert client.get("/api/no/such/path").status_code == 404


def test_document_with_body_events_sentences_comments(client: Any, seeded: Any) -> None:
    _, doc, events = seeded
    body = client.get(f"/api/documents/{doc.doc_id}").json()
    assert body["title"] == doc.title and body["body"] == doc.body
    assert len(body["events"]) == 4
    text = "\n\n".join(body["body"])
    for e in body["events"]:
        assert text[e["start_char"] : e["end_char"]] == e["sentence"]
        assert [e["start_char"], e["end_char"]] in body["sentences"]
    labels = {c["index"]: (c["label"], c["collapsed"]) for c in body["comments"]}
    assert labels == {0: (None, False), 1: ("hate", True)}
    listing = client.get("/api/documents").json()
    assert listing["documents"][0]["doc_id"] == doc.doc_id


def test_reference_endpoints(client: Any) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    sources = client.get("/api/sources").json()["sources"]
    assert sources == [{"source": "Levant Front Monitor", "documents": 1, "events": 4}]
    actors = {a["name"]: a["events"] for a in client.get("/api/actors").json()["actors"]}
    assert actors["Islamic State (Syria)"] == 3
    places = client.get("/api/places", params={"country": "Iraq"}).json()["places"]
    assert [p["location"] for p in places] == ["Ubaydi"]
    outlines = client.get("/api/outlines.geojson").json()
    assert outlines["type"] == "FeatureCollection" and len(outlines["features"]) > 150
    assert {"SYR", "IRQ", "FRA", "BRA"} <= {f["properties"]["iso3"] for f in outlines["features"]}


def test_openapi_docs_offline(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/events" in spec["paths"] and "/api/events.geojson" in spec["paths"]
    page = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/leaflet/leaflet.js").status_code == 200


def test_writes_need_a_valid_token(client: Any, seeded: Any, auth: dict[str, str]) -> None:
    event_id = seeded[2][0].event_id
    url = f"/api/events/{event_id}/vote"
    assert client.post(url, json={"value": 1}).status_code == 401
    bad = client.post(url, json={"value": 1}, headers={"Authorization": "Bearer wr_forged"})
    assert bad.status_code == 401 and bad.json()["error"]["type"] == "AuthError"
    assert client.post(url, json={"value": 1}, headers=auth).json()["votes"] == 1
    TokenStore(seeded[0].db).revoke("analyst")
    assert client.post(url, json={"value": 1}, headers=auth).status_code == 401


def test_private_read_needs_a_token(sqlite_url: str) -> None:
    store, _, _ = build_store(sqlite_url)
    token = TokenStore(store.db).create("reader")
    with make_client(sqlite_url, store, public_read=False) as c:
        assert c.get("/api/events").status_code == 401
        assert c.get("/api/health").status_code == 200
        ok = c.get("/api/events", headers={"X-API-Token": token})
        assert ok.status_code == 200


def test_write_rate_limit(sqlite_url: str) -> None:
    store, _, events = build_store(sqlite_url)
    token = TokenStore(store.db).create("busy")
    headers = {"Authorization": f"Bearer {token}"}
    with make_client(sqlite_url, store, write_rate_limit=3) as c:
        codes = [c.post(f"/api/events/{events[0].event_id}/vote", json={"value": 1}, headers=headers).status_code
                 for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_cors_off_by_default_on_when_configured(client: Any, sqlite_url: str, seeded: Any) -> None:
    origin = {"Origin": "https://analyst.example"}
    assert "access-control-allow-origin" not in client.get("/api/events", headers=origin).headers
    with make_client(sqlite_url, seeded[0], cors_origins="https://analyst.example") as c:
        resp = c.get("/api/events", headers=origin)
        assert resp.headers["access-control-allow-origin"] == "https://analyst.example"


def test_upload_too_large_is_413(sqlite_url: str) -> None:
    store, _, _ = build_store(sqlite_url)
    token = TokenStore(store.db).create("uploader")
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "text/plain"}
    with make_client(sqlite_url, store, max_page_bytes=1000) as c:
        big = b"x" * 200_000
        resp = c.post("/api/documents", content=big, headers=headers)
        assert resp.status_code == 413 and resp.json()["error"]["type"] == "TooLargeError"
        files = {"file": ("big.txt", big, "text/plain")}
        resp = c.post("/api/documents", files=files, headers={"Authorization": headers["Authorization"]})
        assert resp.status_code == 413
        assert c.post("/api/documents", content=b"hello", headers={"Content-Type": "text/plain"}).status_code == 401
        empty = c.post("/api/documents", content=b"   ", headers=headers)
        assert empty.status_code == 422


def test_api_on_sqlite_and_postgresql(db_url: str) -> None:
    """The same answers from both backends (PostgreSQL when WARREPORT_TEST_PG_URL is set)."""
    store, doc, events = build_store(db_url)
    token = TokenStore(store.db).create("pg")
    auth = {"Authorization": f"Bearer {token}"}
    with make_client(db_url, store) as c:
        assert ids(c.get("/api/events", params={"bbox": "40.5,34,41.5,35"})) == {"Abu Kamal", "Ubaydi"}
        assert ids(c.get("/api/events", params={"lat": "34.4", "lon": "41.0", "radius_km": "30"})) == {
            "Abu Kamal", "Ubaydi"}
        assert ids(c.get("/api/events", params={"actor": "RUSSIA", "q": "kalibr"})) == {"Abu Kamal"}
        c.post(f"/api/events/{events[2].event_id}/vote", json={"value": 1}, headers=auth)
        c.post(f"/api/events/{events[1].event_id}/review", json={"action": "correct", "changes": {"fatalities": 3}},
               headers=auth)
        voted = c.get("/api/events", params={"order": "voted"}).json()["events"]
        assert voted[0]["location"] == "Ubaydi"
        rows = list(csv.DictReader(io.StringIO(c.get("/api/events.csv").text)))
        assert {r["location"]: r["fatalities"] for r in rows}["Abu Kamal"] == "3"
        assert c.get(f"/api/documents/{doc.doc_id}").json()["comments"][1]["collapsed"] is True
