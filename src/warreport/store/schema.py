"""SQLAlchemy 2 tables of the event store.

Schema changes go through Alembic revisions in ``store/migrations/versions``; the store
runs ``upgrade head`` when it opens a database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class DocumentRow(Base):
    __tablename__ = "documents"

    doc_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[date | None] = mapped_column(Date, index=True)
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    body: Mapped[list[Any]] = mapped_column(JSON, default=list)
    boilerplate: Mapped[list[Any]] = mapped_column(JSON, default=list)
    format: Mapped[str] = mapped_column(String(16), default="text")
    origin: Mapped[str | None] = mapped_column(Text)
    n_events: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FailureRow(Base):
    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    error_type: Mapped[str] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(32), default="parse")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CommentRow(Base):
    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("doc_id", "idx", name="uq_comment_doc_idx"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("documents.doc_id", ondelete="CASCADE"), index=True
    )
    idx: Mapped[int] = mapped_column(Integer)
    author: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    reply_to: Mapped[int | None] = mapped_column(Integer)
    published: Mapped[datetime | None] = mapped_column(DateTime)
    label: Mapped[str | None] = mapped_column(String(16), index=True)
    label_score: Mapped[float | None] = mapped_column(Float)
    target: Mapped[str | None] = mapped_column(String(64))
    rationale: Mapped[list[Any]] = mapped_column(JSON, default=list)
    rule: Mapped[str | None] = mapped_column(String(200))


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_lat_lon", "latitude", "longitude"),
        Index("ix_events_date_type", "event_date", "event_type"),
    )

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    doc_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("documents.doc_id", ondelete="CASCADE"), index=True
    )
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    time_precision: Mapped[int] = mapped_column(Integer, default=1)
    event_type: Mapped[str] = mapped_column(String(64), index=True)
    sub_event_type: Mapped[str] = mapped_column(String(64), index=True)
    plover_type: Mapped[str | None] = mapped_column(String(64))
    actor1: Mapped[str | None] = mapped_column(String(200), index=True)
    assoc_actor_1: Mapped[list[Any]] = mapped_column(JSON, default=list)
    actor2: Mapped[str | None] = mapped_column(String(200), index=True)
    assoc_actor_2: Mapped[list[Any]] = mapped_column(JSON, default=list)
    inter1: Mapped[int | None] = mapped_column(Integer)
    inter2: Mapped[int | None] = mapped_column(Integer)
    actor1_mention: Mapped[str | None] = mapped_column(Text)
    actor2_mention: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(200), index=True)
    sub_locations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    admin1: Mapped[str | None] = mapped_column(String(200), index=True)
    admin2: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(100), index=True)
    iso: Mapped[str | None] = mapped_column(String(3))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    geonameid: Mapped[int | None] = mapped_column(Integer, index=True)
    fatalities: Mapped[int] = mapped_column(Integer, default=0)
    quantities: Mapped[list[Any]] = mapped_column(JSON, default=list)
    weapons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    certainty: Mapped[str] = mapped_column(String(16), index=True)
    framing: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sentence: Mapped[str] = mapped_column(Text, default="")
    start_char: Mapped[int] = mapped_column(Integer, default=0)
    end_char: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    source_url: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    fields_provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    corroboration: Mapped[int] = mapped_column(Integer, default=1)
    canonical_id: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ActorRow(Base):
    __tablename__ = "actors"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    inter: Mapped[int] = mapped_column(Integer)
    side: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str | None] = mapped_column(String(64))
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)


class PlaceRow(Base):
    __tablename__ = "places"

    geonameid: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(100))
    iso: Mapped[str | None] = mapped_column(String(3))
    feature_code: Mapped[str | None] = mapped_column(String(16))
    population: Mapped[int] = mapped_column(Integer, default=0)


class EventSourceRow(Base):
    """Links a canonical (merged) event to every source record that reports it."""

    __tablename__ = "event_sources"
    __table_args__ = (UniqueConstraint("canonical_id", "event_id", name="uq_event_source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    canonical_id: Mapped[str] = mapped_column(String(64), index=True)
    event_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("events.event_id", ondelete="CASCADE"), index=True
    )
    doc_id: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str | None] = mapped_column(String(200))


# -- web: review, votes, annotations, alerts, API tokens (revision 0002_web) ----------------


class EventVersionRow(Base):
    """One analyst review of an event: confirm, correct or reject. The machine row is never
    changed; the newest version's ``values`` overlay it in reviewed views and exports."""

    __tablename__ = "event_versions"
    __table_args__ = (UniqueConstraint("event_id", "version", name="uq_event_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("events.event_id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))  # confirm | correct | reject
    status: Mapped[str] = mapped_column(String(16))  # confirmed | corrected | rejected
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # field -> [old, new]
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # all corrections so far
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AnnotationRow(Base):
    """An analyst's comment anchored to a sentence (character span) of a source document."""

    __tablename__ = "annotations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("documents.doc_id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[str | None] = mapped_column(String(64), index=True)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class VoteRow(Base):
    """One voter's +1 or -1 on an event; feeds the feed's "Most voted" order."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("event_id", "voter", name="uq_vote_event_voter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("events.event_id", ondelete="CASCADE"), index=True
    )
    voter: Mapped[str] = mapped_column(String(200))
    value: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CommentReviewRow(Base):
    """A moderator's override of a comment's machine label (the machine label stays)."""

    __tablename__ = "comment_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("documents.doc_id", ondelete="CASCADE"), index=True
    )
    comment_idx: Mapped[int] = mapped_column(Integer)
    old_label: Mapped[str | None] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SubscriptionRow(Base):
    """An alert subscription ("Notify of"): area, actor and event type, Atom and/or webhook."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    feed_key: Mapped[str] = mapped_column(String(64), unique=True)
    bbox: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    radius_km: Mapped[float | None] = mapped_column(Float)
    actor: Mapped[str | None] = mapped_column(String(200))
    event_type: Mapped[str | None] = mapped_column(String(64))
    webhook_url: Mapped[str | None] = mapped_column(Text)
    secret: Mapped[str | None] = mapped_column(String(128))
    owner: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AlertDeliveryRow(Base):
    """One event sent (or to be sent) to one subscription's webhook; unique per pair."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "event_id", name="uq_delivery"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|delivered|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    http_status: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)


class ApiTokenRow(Base):
    """An API token for writes; only its SHA-256 hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


# -- scale: bulk loads of Parquet partitions (revision 0005_scale) ----------------------------


class LoadedPartitionRow(Base):
    """A Parquet partition `warreport load` has put into the store (loaded exactly once)."""

    __tablename__ = "loaded_partitions"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # "<run id>/<partition>"
    run_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(120))
    documents: Mapped[int] = mapped_column(Integer, default=0)
    events: Mapped[int] = mapped_column(Integer, default=0)
    loaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# -- analysis: canonical (merged) events and control periods (revision 0003_analysis) -------


class CanonicalEventRow(Base):
    """One happening merged from its source records (members in ``event_sources``).

    The columns are what queries filter on; ``payload`` holds the whole
    :class:`warreport.analysis.models.CanonicalEvent` (sources, contradictions ...).
    """

    __tablename__ = "canonical_events"
    __table_args__ = (
        Index("ix_canonical_family_span", "family", "span_start", "span_end"),
        Index("ix_canonical_lat_lon", "latitude", "longitude"),
    )

    canonical_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    family: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(64), index=True)
    sub_event_type: Mapped[str] = mapped_column(String(64), index=True)
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    span_start: Mapped[date | None] = mapped_column(Date)
    span_end: Mapped[date | None] = mapped_column(Date)
    actor1: Mapped[str | None] = mapped_column(String(200), index=True)
    actor2: Mapped[str | None] = mapped_column(String(200), index=True)
    location: Mapped[str | None] = mapped_column(String(200))
    place_key: Mapped[str] = mapped_column(String(200), index=True, default="")
    admin1: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(100), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    certainty: Mapped[str] = mapped_column(String(16))
    corroboration: Mapped[int] = mapped_column(Integer, default=1)
    n_sources: Mapped[int] = mapped_column(Integer, default=1)
    n_contradictions: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ControlPeriodRow(Base):
    """Who held a place from ``start`` (inclusive) to ``end`` (exclusive), on what evidence."""

    __tablename__ = "control_periods"
    __table_args__ = (Index("ix_control_place_start", "place_key", "start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    place_key: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200), index=True)
    controller: Mapped[str] = mapped_column(String(200), index=True)
    start: Mapped[date | None] = mapped_column(Date, index=True)
    end: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16))
    basis: Mapped[str] = mapped_column(String(16))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
