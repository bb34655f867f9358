"""The side feed: events in "Newest", "Most corroborated" or "Most voted" order.

"Newest" pages with the store's stable (date, id) cursor; the other two orders page by
offset, encoded in an opaque cursor of their own.
"""

from __future__ import annotations

import base64
from typing import Literal, cast

from sqlalchemy import func, select

from warreport.errors import InputError
from warreport.review.service import ReviewedEvent, ReviewStore
from warreport.store.query import EventQuery, haversine_km
from warreport.store.repository import Store, row_to_event
from warreport.store.schema import EventRow, VoteRow

FeedOrder = Literal["newest", "corroborated", "voted"]
FEED_ORDERS: tuple[str, ...] = ("newest", "corroborated", "voted")


def _encode_offset(order: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{order}:{offset}".encode()).decode().rstrip("=")


def _decode_offset(order: str, cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()).decode()
        name, _, number = raw.partition(":")
        offset = int(number)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"invalid cursor {cursor!r}") from exc
    if name != order or offset < 0:
        raise InputError(f"cursor {cursor!r} belongs to another order")
    return offset


def feed(
    store: Store, reviews: ReviewStore, query: EventQuery, order: str = "newest"
) -> tuple[list[ReviewedEvent], str | None]:
    """One page of reviewed events in the asked order, and the cursor of the next page."""
    if order not in FEED_ORDERS:
        raise InputError(f"unknown order {order!r}; one of {', '.join(FEED_ORDERS)}")
    if order == "newest":
        events, cursor = store.query_events(query)
        return reviews.reviewed(events), cursor
    offset = _decode_offset(order, query.cursor) if query.cursor else 0
    stmt = Store._filtered(query)
    tail = (EventRow.event_date.desc().nulls_last(), EventRow.event_id)
    if order == "corroborated":
        stmt = stmt.order_by(EventRow.corroboration.desc(), *tail)
    else:
        score = (
            select(VoteRow.event_id, func.sum(VoteRow.value).label("score"))
            .group_by(VoteRow.event_id)
            .subquery()
        )
        stmt = stmt.outerjoin(score, score.c.event_id == EventRow.event_id).order_by(
            func.coalesce(score.c.score, 0).desc(), EventRow.corroboration.desc(), *tail
        )
    with store.db.session() as s:
        rows = cast(list[EventRow], list(s.scalars(stmt.offset(offset).limit(query.limit + 1))))
        events = [row_to_event(r) for r in rows[: query.limit]]
    if query.radius_km is not None and query.lat is not None and query.lon is not None:
        lat, lon, km = query.lat, query.lon, query.radius_km
        events = [
            e
            for e in events
            if e.latitude is not None
            and e.longitude is not None
            and haversine_km(lat, lon, e.latitude, e.longitude) <= km
        ]
    cursor = _encode_offset(order, offset + query.limit) if len(rows) > query.limit else None
    return reviews.reviewed(events), cursor
