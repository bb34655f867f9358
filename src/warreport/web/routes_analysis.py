"""Analysis endpoints: canonical (merged) events, territorial control, timelines, the daily
report. Thin wrappers over :mod:`warreport.analysis.api`; included by ``web/app.py`` when
this module exists."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from warreport.errors import InputError
from warreport.web.deps import Ctx, Reader

router = APIRouter(prefix="/api", tags=["analysis"])

DateParam = Annotated[str | None, Query(description="Date YYYY-MM-DD.")]


def _day(value: str | None, name: str, *, default: date | None = None) -> date:
    if value is None:
        if default is None:
            raise InputError(f"{name}: a date YYYY-MM-DD is required")
        return default
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{name}: expected YYYY-MM-DD, got {value!r}") from exc


def _opt_day(value: str | None, name: str) -> date | None:
    return None if value is None else _day(value, name)


@router.get("/control.geojson", summary="Who holds each known place on a date (GeoJSON points)")
def control_layer(
    ctx: Ctx, _reader: Reader, at: Annotated[str | None, Query(description="Date YYYY-MM-DD (default today).")] = None
) -> Response:
    import json

    from warreport.analysis.api import control_geojson

    body = control_geojson(ctx.store, _day(at, "at", default=date.today()))
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/geo+json")


@router.get("/control/{place}", summary="Who held a place on a date, on what evidence")
def control_of_place(ctx: Ctx, _reader: Reader, place: str, at: DateParam = None) -> dict[str, Any]:
    from warreport.analysis.api import control_answer

    answer = control_answer(ctx.store, place, _day(at, "at", default=date.today()))
    data = answer.model_dump(mode="json")
    data["controller"] = answer.controller
    return data


@router.get("/canonical", summary="Canonical (merged) events with their sources and disagreements")
def list_canonical(
    ctx: Ctx,
    _reader: Reader,
    date_from: DateParam = None,
    date_to: DateParam = None,
    country: Annotated[str | None, Query(description="Country name.")] = None,
    min_corroboration: Annotated[int, Query(ge=1, description="At least this many independent outlets.")] = 1,
) -> dict[str, Any]:
    from warreport.analysis.api import canonical_events

    events = canonical_events(
        ctx.store, date_from=_opt_day(date_from, "date_from"), date_to=_opt_day(date_to, "date_to"), country=country
    )
    items = [c.model_dump(mode="json") for c in events if c.corroboration >= min_corroboration]
    return {"events": items, "count": len(items)}


@router.get("/canonical/{canonical_id}", summary="One canonical event")
def one_canonical(ctx: Ctx, _reader: Reader, canonical_id: str) -> dict[str, Any]:
    from warreport.analysis.api import canonical_event

    return canonical_event(ctx.store, canonical_id).model_dump(mode="json")


@router.get("/timeline", summary="Chronology of a place or an actor, with sources")
def timeline(
    ctx: Ctx,
    _reader: Reader,
    place: Annotated[str | None, Query(description="Place name, any spelling.")] = None,
    actor: Annotated[str | None, Query(description="Actor name (or part of it) or side.")] = None,
    date_from: DateParam = None,
    date_to: DateParam = None,
) -> dict[str, Any]:
    from warreport.analysis.api import actor_timeline, place_timeline

    if not place and not actor:
        raise InputError("give place or actor")
    d0, d1 = _opt_day(date_from, "date_from"), _opt_day(date_to, "date_to")
    entries = (
        place_timeline(ctx.store, place, date_from=d0, date_to=d1)
        if place
        else actor_timeline(ctx.store, actor or "", date_from=d0, date_to=d1)
    )
    return {"entries": [e.model_dump(mode="json") for e in entries], "count": len(entries)}


@router.get("/timeline.png", summary="Chart of event counts by type over time (PNG)")
def timeline_chart(
    ctx: Ctx,
    _reader: Reader,
    place: Annotated[str | None, Query(description="Place name, any spelling.")] = None,
    actor: Annotated[str | None, Query(description="Actor name (or part of it) or side.")] = None,
    date_from: DateParam = None,
    date_to: DateParam = None,
    freq: Annotated[Literal["day", "week", "month"], Query(description="Bar width.")] = "day",
) -> Response:
    from warreport.analysis.api import timeline_chart_png

    png = timeline_chart_png(
        ctx.store,
        place=place,
        actor=actor,
        date_from=_opt_day(date_from, "date_from"),
        date_to=_opt_day(date_to, "date_to"),
        freq=freq,
    )
    return Response(png, media_type="image/png")


@router.get("/report", summary="The daily war report (markdown, HTML or PDF)")
def daily_report(
    ctx: Ctx,
    _reader: Reader,
    day: Annotated[str, Query(alias="date", description="Day of the report, YYYY-MM-DD.")],
    region: Annotated[str | None, Query(description="Country or first-level region.")] = None,
    days: Annotated[int, Query(ge=1, le=31, description="Days covered, ending on the date.")] = 2,
    fmt: Annotated[Literal["md", "html", "pdf", "json"], Query(alias="format", description="Output format.")] = "html",
) -> Response:
    from warreport.analysis.api import daily_report_data
    from warreport.report.mapplot import map_png
    from warreport.report.render import to_html, to_markdown, to_pdf

    report = daily_report_data(ctx.store, _day(day, "date"), region=region, days=days)
    if fmt == "json":
        return Response(report.model_dump_json(), media_type="application/json")
    if fmt == "pdf":
        return Response(to_pdf(report), media_type="application/pdf")
    if fmt == "md":
        return Response(to_markdown(report, None), media_type="text/markdown; charset=utf-8")
    png = map_png(report.events, report.control_changes, report.title)
    return Response(to_html(report, png), media_type="text/html; charset=utf-8")
