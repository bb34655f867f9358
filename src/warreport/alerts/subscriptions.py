"""Subscriptions: what an analyst wants to hear about, and the events that match.

A subscription is a filter (point + radius or bounding box, actor, event type) turned into
the same :class:`EventQuery` the API and the exports use, so an alert matches exactly what
the map would show for the same filter.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy import select

from warreport.errors import InputError, NotFoundError
from warreport.model import Event
from warreport.store.db import Database
from warreport.store.query import EventQuery, haversine_km
from warreport.store.repository import Store, row_to_event
from warreport.store.schema import AlertDeliveryRow, EventRow, SubscriptionRow


class SubscriptionSpec(BaseModel):
    """What a new subscription asks for (the body of POST /api/subscriptions)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    bbox: tuple[float, float, float, float] | None = Field(
        default=None, description="min_lon,min_lat,max_lon,max_lat"
    )
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    radius_km: float | None = Field(default=None, gt=0, le=20000)
    actor: str | None = Field(default=None, max_length=200)
    event_type: str | None = Field(default=None, max_length=64)
    webhook_url: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _check(self) -> SubscriptionSpec:
        self.query()  # the same rules as the API's filters
        if self.webhook_url is not None and not self.webhook_url.startswith(("http://", "https://")):
            raise ValueError("webhook_url must be an http(s) URL")
        return self

    def query(self, limit: int = 100) -> EventQuery:
        return EventQuery(
            bbox=self.bbox,
            lat=self.lat,
            lon=self.lon,
            radius_km=self.radius_km,
            actor=self.actor,
            event_type=self.event_type,
            limit=limit,
        )


class Subscription(SubscriptionSpec):
    model_config = ConfigDict(extra="forbid", from_attributes=True)

    id: int
    feed_key: str
    secret: str | None = None
    owner: str = ""
    active: bool = True
    created_at: datetime

    def describe(self) -> str:
        parts = []
        if self.bbox:
            parts.append("bbox " + ",".join(f"{v:g}" for v in self.bbox))
        if self.radius_km is not None:
            parts.append(f"{self.radius_km:g} km around {self.lat:g},{self.lon:g}")
        if self.actor:
            parts.append(f"actor ~ {self.actor}")
        if self.event_type:
            parts.append(f"type = {self.event_type}")
        return "; ".join(parts) or "all events"


def _to_model(row: SubscriptionRow) -> Subscription:
    bbox = row.bbox
    return Subscription(
        id=row.id,
        name=row.name,
        bbox=(bbox[0], bbox[1], bbox[2], bbox[3]) if bbox else None,
        lat=row.lat,
        lon=row.lon,
        radius_km=row.radius_km,
        actor=row.actor,
        event_type=row.event_type,
        webhook_url=row.webhook_url,
        feed_key=row.feed_key,
        secret=row.secret,
        owner=row.owner,
        active=row.active,
        created_at=row.created_at,
    )


class SubscriptionStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, spec: SubscriptionSpec, owner: str = "") -> Subscription:
        row = SubscriptionRow(
            name=spec.name,
            feed_key=secrets.token_hex(16),
            bbox=list(spec.bbox) if spec.bbox else None,
            lat=spec.lat,
            lon=spec.lon,
            radius_km=spec.radius_km,
            actor=spec.actor,
            event_type=spec.event_type,
            webhook_url=spec.webhook_url,
            secret=secrets.token_hex(32) if spec.webhook_url else None,
            owner=owner,
            active=True,
        )
        with self.db.session() as s:
            s.add(row)
            s.flush()
            return _to_model(row)

    def list(self) -> list[Subscription]:
        with self.db.session() as s:
            return [_to_model(r) for r in s.scalars(select(SubscriptionRow).order_by(SubscriptionRow.id))]

    def get(self, sub_id: int) -> Subscription:
        with self.db.session() as s:
            row = s.get(SubscriptionRow, sub_id)
            if row is None:
                raise NotFoundError(f"no subscription {sub_id}")
            return _to_model(row)

    def by_feed_key(self, key: str) -> Subscription:
        with self.db.session() as s:
            row = s.scalars(select(SubscriptionRow).where(SubscriptionRow.feed_key == key)).first()
            if row is None:
                raise NotFoundError("no subscription with that feed key")
            return _to_model(row)

    def remove(self, sub_id: int) -> None:
        with self.db.session() as s:
            row = s.get(SubscriptionRow, sub_id)
            if row is None:
                raise NotFoundError(f"no subscription {sub_id}")
            s.delete(row)


def parse_spec(**fields: object) -> SubscriptionSpec:
    """Build a spec from loose values (CLI), turning validation errors into InputError."""
    try:
        return SubscriptionSpec.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "subscription"
        raise InputError(f"{where}: {first['msg']}") from exc


def matching_events(
    store: Store,
    sub: Subscription,
    *,
    since: datetime | None = None,
    limit: int = 50,
    undelivered: bool = False,
) -> list[tuple[Event, datetime]]:
    """Events that match a subscription with the time each was stored, newest first.

    ``since`` keeps events stored at or after that time (a webhook only hears of events
    stored after the subscription was made); ``undelivered`` skips events that already have
    a delivery record for this subscription.
    """
    query = sub.query(limit=limit)
    stmt = Store._filtered(query).add_columns(EventRow.created_at)
    if since is not None:
        stmt = stmt.where(EventRow.created_at >= since)
    if undelivered:
        done = select(AlertDeliveryRow.id).where(
            AlertDeliveryRow.subscription_id == sub.id,
            AlertDeliveryRow.event_id == EventRow.event_id,
        )
        stmt = stmt.where(~done.exists())
    stmt = stmt.order_by(EventRow.created_at.desc(), EventRow.event_id).limit(limit)
    with store.db.session() as s:
        found = [(row_to_event(row), created) for row, created in s.execute(stmt)]
    if sub.radius_km is not None and sub.lat is not None and sub.lon is not None:
        lat, lon, km = sub.lat, sub.lon, sub.radius_km
        found = [
            (e, at)
            for e, at in found
            if e.latitude is not None
            and e.longitude is not None
            and haversine_km(lat, lon, e.latitude, e.longitude) <= km
        ]
    return found
