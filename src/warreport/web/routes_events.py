"""Event endpoints: the filtered list (JSON, GeoJSON, CSV, Parquet, JSONL), one event with
its review history, and the review and vote writes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from warreport.errors import InputError
from warreport.export.formats import (
    MEDIA_TYPES,
    ExportItem,
    export_items,
    iter_csv,
    iter_geojson,
    iter_jsonl,
    parquet_bytes,
)
from warreport.review import EventVersion, ReviewedEvent
from warreport.review.feed import FEED_ORDERS, feed
from warreport.web.deps import Ctx, Filters, Reader, Writer

router = APIRouter(prefix="/api", tags=["events"])

ValuesParam = Annotated[
    Literal["reviewed", "machine"],
    Query(description="reviewed: analysts' corrections laid over the machine's values; machine: as extracted."),
]


def event_json(r: ReviewedEvent, *, provenance: bool = False) -> dict[str, Any]:
    data = r.event.model_dump(mode="json", exclude=None if provenance else {"fields_provenance"})
    data["review"] = {"status": r.status, "version": r.version, "corrected_fields": r.corrected_fields}
    data["votes"] = r.votes
    return data


class EventPage(BaseModel):
    events: list[dict[str, Any]]
    count: int
    next_cursor: str | None = None
    order: str


@router.get("/events", response_model=EventPage, summary="Events matching the filters, one page")
def list_events(
    ctx: Ctx,
    _reader: Reader,
    query: Filters,
    limit: Annotated[int, Query(ge=1, le=1000, description="Events per page.")] = 100,
    order: Annotated[
        str, Query(description="newest, corroborated (most sources) or voted (most votes).")
    ] = "newest",
    values: ValuesParam = "reviewed",
    hide_rejected: Annotated[bool, Query(description="Leave out events analysts rejected.")] = False,
) -> JSONResponse:
    if order not in FEED_ORDERS:
        raise InputError(f"order {order!r}: one of {', '.join(FEED_ORDERS)}")
    page, cursor = feed(ctx.store, ctx.reviews, query.model_copy(update={"limit": limit}), order)
    if values == "machine":
        machine = _machine_events(ctx, [r.event.event_id for r in page])
        page = [r.model_copy(update={"event": machine[r.event.event_id]}) for r in page]
    if hide_rejected:
        page = [r for r in page if r.status != "rejected"]
    body = {"events": [event_json(r) for r in page], "count": len(page), "next_cursor": cursor, "order": order}
    return JSONResponse(body)  # already JSON-ready: skip re-validating it against EventPage


def _machine_events(ctx: Ctx, ids: list[str]) -> dict[str, Any]:
    from sqlalchemy import select

    from warreport.store.repository import row_to_event
    from warreport.store.schema import EventRow

    with ctx.store.db.session() as s:
        rows = s.scalars(select(EventRow).where(EventRow.event_id.in_(ids))).all() if ids else []
        return {r.event_id: row_to_event(r) for r in rows}


def _page_items(ctx: Ctx, query: Filters, limit: int, values: str) -> tuple[list[ExportItem], str | None]:
    events, cursor = ctx.store.query_events(query.model_copy(update={"limit": limit}))
    if values == "machine":
        scores = ctx.reviews.reviewed(events)
        return [ExportItem(e, r.status, r.votes) for e, r in zip(events, scores, strict=True)], cursor
    return [ExportItem(r.event, r.status, r.votes) for r in ctx.reviews.reviewed(events)], cursor


@router.get(
    "/events.geojson",
    summary="Events as a GeoJSON FeatureCollection (one page; next_cursor as a foreign member)",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
def events_geojson(
    ctx: Ctx,
    _reader: Reader,
    query: Filters,
    limit: Annotated[int, Query(ge=1, le=100_000, description="Features per page.")] = 5000,
    values: ValuesParam = "reviewed",
) -> Response:
    items, cursor = _page_items(ctx, query, limit, values)
    body = "".join(iter_geojson(items, {"next_cursor": cursor, "count": len(items)}))
    headers = {}
    if cursor:
        headers["X-Next-Cursor"] = cursor
    return Response(body, media_type=MEDIA_TYPES["geojson"], headers=headers)


def _download(name: str, fmt: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}


MaxEvents = Annotated[int | None, Query(ge=1, description="Stop after this many events (all when absent).")]


@router.get("/events.csv", summary="All matching events as CSV with ACLED's columns first",
            response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}})
def events_csv(ctx: Ctx, _reader: Reader, query: Filters, values: ValuesParam = "reviewed",
               limit: MaxEvents = None) -> StreamingResponse:
    items = export_items(ctx.store, query, values, limit)
    return StreamingResponse(iter_csv(items), media_type=MEDIA_TYPES["csv"], headers=_download("events", "csv"))


@router.get("/events.jsonl", summary="All matching events as JSON Lines (with provenance)",
            response_class=StreamingResponse, responses={200: {"content": {"application/x-ndjson": {}}}})
def events_jsonl(ctx: Ctx, _reader: Reader, query: Filters, values: ValuesParam = "reviewed",
                 limit: MaxEvents = None) -> StreamingResponse:
    items = export_items(ctx.store, query, values, limit)
    return StreamingResponse(iter_jsonl(items), media_type=MEDIA_TYPES["jsonl"],
                             headers=_download("events", "jsonl"))


@router.get("/events.parquet", summary="All matching events as Parquet (ACLED columns first)",
            response_class=Response, responses={200: {"content": {"application/vnd.apache.parquet": {}}}})
def events_parquet(ctx: Ctx, _reader: Reader, query: Filters, values: ValuesParam = "reviewed",
                   limit: MaxEvents = None) -> Response:
    data = parquet_bytes(export_items(ctx.store, query, values, limit))
    return Response(data, media_type=MEDIA_TYPES["parquet"], headers=_download("events", "parquet"))


@router.get("/events/{event_id}", summary="One event: reviewed and machine values, history, annotations")
def get_event(ctx: Ctx, _reader: Reader, event_id: str) -> dict[str, Any]:
    machine = ctx.store.get_event(event_id)
    reviewed = ctx.reviews.reviewed([machine])[0]
    data = event_json(reviewed, provenance=True)
    data["machine"] = machine.model_dump(mode="json", exclude={"fields_provenance"})
    data["history"] = [v.model_dump(mode="json") for v in ctx.reviews.history(event_id)]
    data["annotations"] = [
        a.model_dump(mode="json") for a in ctx.reviews.annotations(machine.doc_id, event_id=event_id)
    ]
    return data


@router.get("/events/{event_id}/history", response_model=list[EventVersion],
            summary="Every review of an event: who, when, what changed")
def event_history(ctx: Ctx, _reader: Reader, event_id: str) -> list[EventVersion]:
    return ctx.reviews.history(event_id)


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["confirm", "correct", "reject"]
    changes: dict[str, Any] = Field(default_factory=dict, description="field -> new value (correct only)")
    note: str = Field(default="", max_length=5000)


@router.post("/events/{event_id}/review", status_code=201,
             summary="Confirm, correct (any field) or reject an event; stored as a new version")
def review_event(ctx: Ctx, author: Writer, event_id: str, body: ReviewIn) -> dict[str, Any]:
    version = ctx.reviews.review(event_id, body.action, author, body.changes, body.note)
    reviewed = ctx.reviews.reviewed([ctx.store.get_event(event_id)])[0]
    return {"version": version.model_dump(mode="json"), "event": event_json(reviewed)}


class VoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Literal[-1, 0, 1] = Field(description="+1, -1, or 0 to withdraw")


@router.post("/events/{event_id}/vote", summary="Vote an event up (+1) or down (-1); 0 withdraws")
def vote_event(ctx: Ctx, voter: Writer, event_id: str, body: VoteIn) -> dict[str, Any]:
    return {"event_id": event_id, "votes": ctx.reviews.vote(event_id, voter, body.value)}
