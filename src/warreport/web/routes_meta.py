"""Reference endpoints: sources, actors, places, health, and the offline country outlines."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlalchemy import func, select, union_all

from warreport import __version__
from warreport.store.db import current_revision
from warreport.store.schema import ActorRow, DocumentRow, EventRow, PlaceRow
from warreport.web.deps import Ctx, Reader
from warreport.web.outlines import outlines

router = APIRouter(prefix="/api", tags=["reference"])


@router.get("/health", summary="Liveness and store status")
def health(ctx: Ctx) -> dict[str, Any]:
    store = ctx.store
    with store.db.session() as s:
        s.execute(select(1))
    return {
        "status": "ok",
        "version": __version__,
        "database": store.db.dialect,
        "schema_revision": current_revision(store.db.engine),
        "public_read": bool(ctx.config.public_read),
    }


@router.get("/stats", summary="How many documents, events, comments and failures are stored")
def stats(ctx: Ctx, _reader: Reader) -> dict[str, int]:
    st = ctx.store.stats()
    return {"documents": st.documents, "events": st.events, "comments": st.comments, "failures": st.failures}


@router.get("/sources", summary="Sources with their document and event counts")
def sources(ctx: Ctx, _reader: Reader) -> dict[str, Any]:
    with ctx.store.db.session() as s:
        docs = dict(
            s.execute(select(DocumentRow.source, func.count()).group_by(DocumentRow.source)).tuples().all()
        )
        events = dict(
            s.execute(select(EventRow.source, func.count()).group_by(EventRow.source)).tuples().all()
        )
    names = sorted({*docs, *events} - {None}, key=lambda n: str(n).lower())
    return {
        "sources": [{"source": n, "documents": docs.get(n, 0), "events": events.get(n, 0)} for n in names]
    }


@router.get("/actors", summary="Actors: the dictionary when loaded, else those named in events")
def actors(
    ctx: Ctx,
    _reader: Reader,
    q: Annotated[str | None, Query(description="Text in the actor's name.")] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict[str, Any]:
    with ctx.store.db.session() as s:
        named = union_all(
            select(EventRow.actor1.label("name")).where(EventRow.actor1.is_not(None)),
            select(EventRow.actor2.label("name")).where(EventRow.actor2.is_not(None)),
        ).subquery()
        stmt = select(named.c.name, func.count()).group_by(named.c.name)
        if q:
            stmt = stmt.where(func.lower(named.c.name).like(f"%{q.lower()}%"))
        counts: dict[str, int] = dict(s.execute(stmt).tuples().all())
        dictionary = {r.name: r for r in s.scalars(select(ActorRow))}
        out: list[dict[str, Any]] = []
        for name in sorted(set(counts) | set(dictionary), key=str.lower):
            if q and q.lower() not in name.lower():
                continue
            row = dictionary.get(name)
            out.append(
                {
                    "name": name,
                    "events": counts.get(name, 0),
                    "inter": row.inter if row else None,
                    "side": row.side if row else None,
                    "country": row.country if row else None,
                    "aliases": list(row.aliases or []) if row else [],
                }
            )
    out.sort(key=lambda a: (-a["events"], a["name"].lower()))
    return {"actors": out[:limit], "count": min(len(out), limit)}


@router.get("/places", summary="Places that events happened at, with coordinates and counts")
def places(
    ctx: Ctx,
    _reader: Reader,
    q: Annotated[str | None, Query(description="Text in the place name.")] = None,
    country: Annotated[str | None, Query(description="Only this country.")] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict[str, Any]:
    stmt = (
        select(
            EventRow.location,
            EventRow.admin1,
            EventRow.country,
            EventRow.geonameid,
            func.avg(EventRow.latitude),
            func.avg(EventRow.longitude),
            func.count(),
        )
        .where(EventRow.location.is_not(None))
        .group_by(EventRow.location, EventRow.admin1, EventRow.country, EventRow.geonameid)
        .order_by(func.count().desc(), EventRow.location)
        .limit(limit)
    )
    if q:
        stmt = stmt.where(func.lower(EventRow.location).like(f"%{q.lower()}%"))
    if country:
        stmt = stmt.where(func.lower(EventRow.country) == country.lower())
    with ctx.store.db.session() as s:
        rows = s.execute(stmt).all()
        gazetteer = s.scalar(select(func.count()).select_from(PlaceRow)) or 0
    return {
        "places": [
            {
                "location": loc,
                "admin1": adm1,
                "country": ctry,
                "geonameid": gid,
                "latitude": lat,
                "longitude": lon,
                "events": n,
            }
            for loc, adm1, ctry, gid, lat, lon, n in rows
        ],
        "count": len(rows),
        "gazetteer_places": gazetteer,
    }


@router.get("/outlines.geojson", summary="Country outlines for the offline basemap",
            response_class=Response, responses={200: {"content": {"application/geo+json": {}}}})
def country_outlines() -> Response:
    body, _ = outlines()
    return Response(body, media_type="application/geo+json",
                    headers={"Cache-Control": "public, max-age=86400"})
