"""Alerts: subscriptions by area, actor and type; Atom feeds; signed webhook POSTs with
retries, delivered to a webhook receiver on the loopback interface."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from warreport.alerts import SubscriptionStore
from warreport.alerts.subscriptions import matching_events, parse_spec
from warreport.alerts.webhook import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WebhookSender,
    deliver_pending,
    verify_signature,
)
from warreport.errors import InputError
from warreport.store.schema import AlertDeliveryRow
from warreport.web.security import TokenStore
from web_fixtures import build_store, make_client

ATOM = "{http://www.w3.org/2005/Atom}"


class Receiver:
    """A webhook endpoint on 127.0.0.1 that fails the first ``fail_first`` POSTs with 503."""

    def __init__(self, fail_first: int = 0, status: int = 200) -> None:
        self.fail_first = fail_first
        self.status = status
        self.requests: list[tuple[dict[str, str], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                code = 503 if len(outer.requests) <= outer.fail_first else outer.status
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def seeded(sqlite_url: str) -> Any:
    return build_store(sqlite_url)


def no_sleep(_: float) -> None:
    return None


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"bbox": (40.5, 34.0, 41.5, 35.0)}, {"Abu Kamal", "Ubaydi"}),
        ({"lat": 35.336, "lon": 40.141, "radius_km": 25}, {"Deir ez-Zor"}),
        ({"actor": "iraq"}, {"Ubaydi"}),
        ({"event_type": "Explosions/Remote violence"}, {"Abu Kamal"}),
        ({"actor": "Islamic State", "bbox": (39, 34, 41, 36)}, {"Deir ez-Zor", "Abu Kamal"}),
        ({}, {"Deir ez-Zor", "Abu Kamal", "Ubaydi"}),
    ],
)
def test_subscription_matching(seeded: Any, spec: dict[str, Any], expected: set[str]) -> None:
    store = seeded[0]
    sub = SubscriptionStore(store.db).add(parse_spec(name="s", **spec))
    assert {e.location for e, _ in matching_events(store, sub)} == expected


@pytest.mark.parametrize(
    "spec",
    [
        {"name": ""},
        {"name": "x", "lat": 35.0},
        {"name": "x", "bbox": (10, 50, 5, 40)},
        {"name": "x", "webhook_url": "ftp://example.org/x"},
        {"name": "x", "radius_km": -1, "lat": 1, "lon": 1},
    ],
)
def test_bad_subscriptions(spec: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        parse_spec(**spec)


def test_atom_feed_per_subscription(seeded: Any, sqlite_url: str) -> None:
    store = seeded[0]
    token = TokenStore(store.db).create("watcher")
    with make_client(sqlite_url, store) as c:
        resp = c.post("/api/subscriptions", headers={"Authorization": f"Bearer {token}"},
                      json={"name": "Euphrates valley", "bbox": [40.5, 34.0, 41.5, 35.0]})
        assert resp.status_code == 201, resp.text
        sub = resp.json()
        assert sub["secret"] is None and sub["feed_url"].endswith(".atom")
        feed = c.get(sub["feed_url"].replace("http://testserver", ""))
        assert feed.headers["content-type"].startswith("application/atom+xml")
        root = ET.fromstring(feed.content)
        assert root.tag == f"{ATOM}feed"
        titles = sorted(e.findtext(f"{ATOM}title") or "" for e in root.findall(f"{ATOM}entry"))
        assert len(titles) == 2 and any("Abu Kamal" in t for t in titles)
        for entry in root.findall(f"{ATOM}entry"):
            assert entry.findtext(f"{ATOM}id", "").startswith("urn:warreport:event:")
            assert entry.findtext(f"{ATOM}updated")
        assert c.get("/alerts/unknownkey.atom").status_code == 404
        listing = c.get("/api/subscriptions", headers={"Authorization": f"Bearer {token}"}).json()
        assert listing["count"] == 1 and "secret" not in listing["subscriptions"][0]
        assert c.get("/api/subscriptions").status_code == 401
        assert c.delete(f"/api/subscriptions/{sub['id']}", headers={"Authorization": f"Bearer {token}"}).status_code == 204
        assert c.get(sub["feed_url"].replace("http://testserver", "")).status_code == 404


def _add_webhook(store: Any, url: str, **spec: Any) -> Any:
    sub = SubscriptionStore(store.db).add(parse_spec(name="hook", webhook_url=url, **spec))
    # the seed events were stored before the subscription; backdate it so they count as new
    from datetime import datetime

    from warreport.store.schema import SubscriptionRow

    with store.db.session() as s:
        row = s.get(SubscriptionRow, sub.id)
        row.created_at = datetime(2000, 1, 1)
    return SubscriptionStore(store.db).get(sub.id)


def test_webhook_delivery_signed_and_once(seeded: Any) -> None:
    store = seeded[0]
    with Receiver() as receiver:
        sub = _add_webhook(store, receiver.url, actor="Islamic State")
        report = deliver_pending(store, sender=WebhookSender(sleep=no_sleep), allow_private=True,
                                 base_url="http://127.0.0.1:8000")
        assert (report.delivered, report.failed) == (3, 0)
        assert len(receiver.requests) == 3
        for headers, body in receiver.requests:
            assert verify_signature(sub.secret, headers[TIMESTAMP_HEADER.lower()], body,
                                    headers[SIGNATURE_HEADER.lower()])
            assert not verify_signature("wrong", headers[TIMESTAMP_HEADER.lower()], body,
                                        headers[SIGNATURE_HEADER.lower()])
            payload = json.loads(body)
            assert payload["type"] == "warreport.alert" and payload["subscription"]["id"] == sub.id
            assert payload["links"]["document"].startswith("http://127.0.0.1:8000/documents/")
        again = deliver_pending(store, sender=WebhookSender(sleep=no_sleep), allow_private=True)
        assert again.delivered == 0 and len(receiver.requests) == 3  # never twice


def test_webhook_retries_then_succeeds(seeded: Any) -> None:
    store = seeded[0]
    sleeps: list[float] = []
    with Receiver(fail_first=2) as receiver:
        _add_webhook(store, receiver.url, event_type="Explosions/Remote violence")
        sender = WebhookSender(sleep=sleeps.append, max_attempts=3, backoff=0.5)
        report = deliver_pending(store, sender=sender, allow_private=True)
    assert (report.delivered, report.failed, report.attempts) == (1, 0, 3)
    assert sleeps == [0.5, 1.0]  # exponential backoff


def test_webhook_failure_is_recorded_and_retried_later(seeded: Any) -> None:
    store = seeded[0]
    with Receiver(fail_first=100) as receiver:
        _add_webhook(store, receiver.url, event_type="Explosions/Remote violence")
        report = deliver_pending(store, sender=WebhookSender(sleep=no_sleep, max_attempts=2), allow_private=True)
        assert (report.delivered, report.failed) == (0, 1)
        receiver.fail_first = 0
        receiver.requests.clear()
        later = deliver_pending(store, sender=WebhookSender(sleep=no_sleep), allow_private=True)
    assert later.delivered == 1
    with store.db.session() as s:
        row = s.query(AlertDeliveryRow).one()
        assert row.status == "delivered" and row.attempts == 3


def test_webhook_client_errors_are_not_retried(seeded: Any) -> None:
    store = seeded[0]
    with Receiver(status=410) as receiver:
        _add_webhook(store, receiver.url, event_type="Explosions/Remote violence")
        report = deliver_pending(store, sender=WebhookSender(sleep=no_sleep, max_attempts=3), allow_private=True)
    assert report.failed == 1 and len(receiver.requests) == 1


def test_webhook_to_private_address_is_refused_by_default(seeded: Any) -> None:
    store = seeded[0]
    with Receiver() as receiver:
        _add_webhook(store, receiver.url)
        report = deliver_pending(store, sender=WebhookSender(sleep=no_sleep))
    assert report.delivered == 0 and receiver.requests == [] and report.errors


def test_rejected_events_are_not_sent(seeded: Any) -> None:
    from warreport.review import ReviewStore

    store, _, events = seeded
    ReviewStore(store.db).review(events[1].event_id, "reject", "me")
    with Receiver() as receiver:
        _add_webhook(store, receiver.url, event_type="Explosions/Remote violence")
        report = deliver_pending(store, sender=WebhookSender(sleep=no_sleep), allow_private=True)
    assert report.delivered == 0 and receiver.requests == []


def test_new_events_after_subscribing_only(seeded: Any) -> None:
    store = seeded[0]
    with Receiver() as receiver:
        SubscriptionStore(store.db).add(parse_spec(name="fresh", webhook_url=receiver.url))
        report = deliver_pending(store, sender=WebhookSender(sleep=no_sleep), allow_private=True)
    assert report.delivered == 0  # the seed was stored before the subscription
