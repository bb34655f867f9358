"""Scraped and user-supplied text is escaped in every HTML page; scripts never use innerHTML."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from warreport.web.security import TokenStore
from web_fixtures import XSS_IMG, XSS_SCRIPT, build_store, make_client

STATIC = Path(__file__).resolve().parents[2] / "src" / "warreport" / "web" / "static"


@pytest.fixture
def hostile(sqlite_url: str) -> Any:
    store, doc, events = build_store(sqlite_url, hostile=True)
    token = TokenStore(store.db).create(f"name{XSS_IMG}")
    with make_client(sqlite_url, store) as c:
        auth = {"Authorization": f"Bearer {token}"}
        c.post(f"/api/documents/{doc.doc_id}/annotations", headers=auth,
               json={"start_char": 0, "end_char": 20, "text": f"note {XSS_SCRIPT} {XSS_IMG}"})
        c.post(f"/api/events/{events[0].event_id}/review", headers=auth,
               json={"action": "correct", "changes": {"notes": XSS_SCRIPT}, "note": XSS_IMG})
        yield c, doc, events


def assert_no_raw_payload(html: str) -> None:
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror=alert(1)>" not in html
    assert not re.search(r"<img[^>]*onerror", html, re.I)


@pytest.mark.parametrize("path", ["/documents/{doc_id}", "/documents/{doc_id}?event={event_id}", "/"])
def test_pages_escape_payloads(hostile: Any, path: str) -> None:
    client, doc, events = hostile
    resp = client.get(path.format(doc_id=doc.doc_id, event_id=events[0].event_id))
    assert resp.status_code == 200
    assert_no_raw_payload(resp.text)
    if "documents" in path:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in resp.text  # shown as text, not run
        assert "note &lt;script&gt;" in resp.text  # the annotation too


def test_html_pages_have_a_strict_csp(hostile: Any) -> None:
    client, doc, _ = hostile
    for path in ("/", f"/documents/{doc.doc_id}"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert client.get(path).headers["x-content-type-options"] == "nosniff"


def test_atom_feed_escapes_payloads(hostile: Any, sqlite_url: str) -> None:
    client, _, _ = hostile
    token = TokenStore(client.app.state.ctx.store.db).create("subscriber")
    sub = client.post("/api/subscriptions", json={"name": XSS_SCRIPT},
                      headers={"Authorization": f"Bearer {token}"}).json()
    xml = client.get(sub["feed_url"].replace("http://testserver", "")).text
    assert "<script>" not in xml and "<img" not in xml
    assert "&lt;script&gt;" in xml


def test_json_api_returns_payloads_verbatim_as_data(hostile: Any) -> None:
    client, doc, _ = hostile
    body = client.get(f"/api/documents/{doc.doc_id}").json()
    assert XSS_SCRIPT in body["title"]  # JSON is data; the pages escape it
    assert client.get(f"/api/documents/{doc.doc_id}").headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("name", ["common.js", "cluster.js", "map.js", "document.js"])
def test_scripts_never_use_inner_html(name: str) -> None:
    source = (STATIC / name).read_text(encoding="utf-8")
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert forbidden not in source, f"{name} uses {forbidden}"
