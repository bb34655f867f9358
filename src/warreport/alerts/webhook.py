"""Webhook delivery: one signed POST per matching event, with retries.

Each POST carries ``X-Warreport-Signature: sha256=<hex>``, the HMAC-SHA256 of
``"<timestamp>.<body>"`` under the subscription's secret, and ``X-Warreport-Timestamp``, so a
receiver can check both origin and freshness. Network errors, 429 and 5xx are retried with
exponential backoff; other 4xx fail at once. Every (subscription, event) pair is recorded in
``alert_deliveries``, so a run never sends an event twice and a later run retries failures.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import select

from warreport.alerts.subscriptions import Subscription, SubscriptionStore, matching_events
from warreport.errors import FetchError, UnsafeURLError
from warreport.ingest.fetch import check_url
from warreport.logs import get_logger
from warreport.model import Event
from warreport.review import ReviewStore
from warreport.store.repository import Store
from warreport.store.schema import AlertDeliveryRow, EventRow, utcnow

log = get_logger(__name__)

SIGNATURE_HEADER = "X-Warreport-Signature"
TIMESTAMP_HEADER = "X-Warreport-Timestamp"
MAX_TOTAL_ATTEMPTS = 10  # over all runs; after that a failed delivery is left alone


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does: recompute and compare in constant time."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


@dataclass
class DeliveryReport:
    subscriptions: int = 0
    delivered: int = 0
    failed: int = 0
    attempts: int = 0
    errors: list[str] = field(default_factory=list)


def payload(sub: Subscription, event: Event, status: str, base_url: str) -> dict[str, Any]:
    base = base_url.rstrip("/")
    return {
        "type": "warreport.alert",
        "subscription": {"id": sub.id, "name": sub.name},
        "event": event.model_dump(mode="json", exclude={"fields_provenance"}),
        "review_status": status,
        "links": {
            "document": f"{base}/documents/{event.doc_id}?event={event.event_id}",
            "api": f"{base}/api/events/{event.event_id}",
        },
    }


class WebhookSender:
    """POSTs with retries; ``sleep`` and ``client`` are swappable for tests."""

    def __init__(
        self,
        *,
        client: httpx.Client | None = None,
        max_attempts: int = 3,
        backoff: float = 0.5,
        timeout: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
        user_agent: str = "warreport-alerts",
    ) -> None:
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=False)
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.sleep = sleep
        self.user_agent = user_agent

    def post(self, url: str, secret: str, body: bytes, delivery_id: int) -> tuple[bool, int, int | None, str]:
        """(ok, attempts, last HTTP status, last error)."""
        status: int | None = None
        error = ""
        for attempt in range(1, self.max_attempts + 1):
            stamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/json",
                "User-Agent": self.user_agent,
                "X-Warreport-Delivery": str(delivery_id),
                TIMESTAMP_HEADER: stamp,
                SIGNATURE_HEADER: sign(secret, stamp, body),
            }
            try:
                response = self.client.post(url, content=body, headers=headers)
                status = response.status_code
                if 200 <= status < 300:
                    return True, attempt, status, ""
                error = f"HTTP {status}"
                if status != 429 and status < 500:
                    return False, attempt, status, error
            except httpx.HTTPError as exc:
                status = None
                error = f"{type(exc).__name__}: {exc}"
            if attempt < self.max_attempts:
                self.sleep(self.backoff * 2 ** (attempt - 1))
        return False, self.max_attempts, status, error


def deliver_pending(
    store: Store,
    *,
    sender: WebhookSender | None = None,
    allow_private: bool = False,
    base_url: str = "http://127.0.0.1:8000",
    batch: int = 200,
) -> DeliveryReport:
    """Send every matching, not yet delivered event to every active webhook subscription."""
    sender = sender or WebhookSender()
    reviews = ReviewStore(store.db)
    report = DeliveryReport()
    for sub in SubscriptionStore(store.db).list():
        if not sub.active or not sub.webhook_url or not sub.secret:
            continue
        report.subscriptions += 1
        try:
            check_url(sub.webhook_url, allow_private=allow_private)
        except (UnsafeURLError, FetchError) as exc:
            report.errors.append(f"subscription {sub.id}: {exc}")
            log.warning("webhook of subscription %s refused: %s", sub.id, exc)
            continue
        todo = _retry_list(store, sub) + _new_deliveries(store, sub, batch)
        reviewed = {r.event.event_id: r for r in reviews.reviewed([e for _, e in todo], with_votes=False)}
        for delivery_id, event in todo:
            r = reviewed[event.event_id]
            if r.status == "rejected":
                _finish(store, delivery_id, "skipped", 0, None, "rejected by review")
                continue
            body = json.dumps(payload(sub, r.event, r.status, base_url), ensure_ascii=False).encode()
            ok, attempts, http_status, error = sender.post(sub.webhook_url, sub.secret, body, delivery_id)
            report.attempts += attempts
            _finish(store, delivery_id, "delivered" if ok else "failed", attempts, http_status, error)
            if ok:
                report.delivered += 1
            else:
                report.failed += 1
                report.errors.append(f"subscription {sub.id}, event {event.event_id}: {error}")
    return report


def _new_deliveries(store: Store, sub: Subscription, batch: int) -> list[tuple[int, Event]]:
    found = matching_events(store, sub, since=sub.created_at, limit=batch, undelivered=True)
    out = []
    with store.db.session() as s:
        for event, _ in reversed(found):  # oldest first
            row = AlertDeliveryRow(subscription_id=sub.id, event_id=event.event_id, status="pending",
                                   attempts=0, last_error="")
            s.add(row)
            s.flush()
            out.append((row.id, event))
    return out


def _retry_list(store: Store, sub: Subscription) -> list[tuple[int, Event]]:
    from warreport.store.repository import row_to_event

    with store.db.session() as s:
        rows = s.execute(
            select(AlertDeliveryRow.id, EventRow)
            .join(EventRow, EventRow.event_id == AlertDeliveryRow.event_id)
            .where(
                AlertDeliveryRow.subscription_id == sub.id,
                AlertDeliveryRow.status.in_(["failed", "pending"]),
                AlertDeliveryRow.attempts < MAX_TOTAL_ATTEMPTS,
            )
            .order_by(AlertDeliveryRow.id)
        ).all()
        return [(delivery_id, row_to_event(ev)) for delivery_id, ev in rows]


def _finish(
    store: Store, delivery_id: int, status: str, attempts: int, http_status: int | None, error: str
) -> None:
    with store.db.session() as s:
        row = s.get(AlertDeliveryRow, delivery_id)
        if row is None:
            return
        row.status = status
        row.attempts += attempts
        row.http_status = http_status
        row.last_error = error
        if status == "delivered":
            row.delivered_at = utcnow()
