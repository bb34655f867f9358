"""Analysis endpoints over :mod:`warreport.analysis.api`: who controls what on a date (GeoJSON
for the map's control layer), control timelines, merged (canonical) events, timelines and
their charts, and the daily report's data."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from warreport.errors import InputError
from warreport.web.deps import Ctx, Reader

router = APIRouter(prefix="/api", tags=["analysis"])

DateParam = Annotated[date | None, Query(description="Day (YYYY-MM-DD); default: today.")]


def _day(value: date | None) -> date:
    return value or date.today()


@router.get("/control.geojson", summary="Who holds each known place on a date (points)",
            response_class=Response, responses={200: {"content": {"application/geo+json": {}}}})
def control_geojson(ctx: Ctx, _reader: Reader, at: Annotated[date | None, Query(alias="date")] = None) -> Response:
    import json

    from warreport.analysis import api

    body = api.control_geojson(ctx.store, _day(at))
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/geo+json")


@router.get("/control", summary="Who held a place on a date, with evidence and the place's timeline")
def control_answer(
    ctx: Ctx,
    _reader: Reader,
    place: Annotated[str, Query(min_length=1, description="Place name (any known spelling).")],
    at: Annotated[date | None, Query(alias="date")] = None,
) -> Any:
    from warreport.analysis import api

    return api.control_answer(ctx.store, place, _day(at)).model_dump(mode="json")


@router.get("/canonical-events", summary="Merged events (one per real-world event, N sources)")
def canonical_events(
    ctx: Ctx,
    _reader: Reader,
    date_from: Annotated[date | None, Query()] = None,
    date_to: Annotated[date | None, Query()] = None,
    country: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict[str, Any]:
    from warreport.analysis import api

    found = api.canonical_events(ctx.store, date_from=date_from, date_to=date_to, country=country)
    return {"events": [c.model_dump(mode="json") for c in found[:limit]], "count": min(len(found), limit)}


@router.get("/canonical-events/{canonical_id}", summary="One merged event with its sources and contradictions")
def canonical_event(ctx: Ctx, _reader: Reader, canonical_id: str) -> Any:
    from warreport.analysis import api

    return api.canonical_event(ctx.store, canonical_id).model_dump(mode="json")


def _timeline_args(place: str | None, actor: str | None) -> None:
    if place and actor:
        raise InputError("give place or actor, not both")


@router.get("/timeline", summary="Chronology of merged events at a place, of an actor, or of everything")
def timeline(
    ctx: Ctx,
    _reader: Reader,
    place: Annotated[str | None, Query()] = None,
    actor: Annotated[str | None, Query()] = None,
    date_from: Annotated[date | None, Query()] = None,
    date_to: Annotated[date | None, Query()] = None,
) -> dict[str, Any]:
    from warreport.analysis import api

    _timeline_args(place, actor)
    if place:
        entries = api.place_timeline(ctx.store, place, date_from=date_from, date_to=date_to)
    elif actor:
        entries = api.actor_timeline(ctx.store, actor, date_from=date_from, date_to=date_to)
    else:
        from warreport.analysis.timeline import chronology

        entries = chronology(api.canonical_events(ctx.store, date_from=date_from, date_to=date_to))
    return {"entries": [e.model_dump(mode="json") for e in entries], "count": len(entries)}


@router.get("/timeline.png", summary="Chart of event counts by type over time (PNG)",
            response_class=Response, responses={200: {"content": {"image/png": {}}}})
def timeline_png(
    ctx: Ctx,
    _reader: Reader,
    place: Annotated[str | None, Query()] = None,
    actor: Annotated[str | None, Query()] = None,
    date_from: Annotated[date | None, Query()] = None,
    date_to: Annotated[date | None, Query()] = None,
    freq: Annotated[str, Query(description="day, week or month")] = "day",
) -> Response:
    from warreport.analysis import api

    _timeline_args(place, actor)
    png = api.timeline_chart_png(ctx.store, place=place, actor=actor, date_from=date_from, date_to=date_to,
                                 freq=freq)
    return Response(png, media_type="image/png")


@router.get("/reports/daily", summary="The daily situation report's data for a day")
def daily_report(
    ctx: Ctx,
    _reader: Reader,
    at: Annotated[date | None, Query(alias="date")] = None,
    region: Annotated[str | None, Query()] = None,
    days: Annotated[int, Query(ge=1, le=31)] = 2,
) -> Any:
    from warreport.analysis import api

    return api.daily_report_data(ctx.store, _day(at), region=region, days=days).model_dump(mode="json")
