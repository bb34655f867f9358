"""What every route needs: the app context, the caller's token, and the event filter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import ValidationError

from warreport.alerts import SubscriptionStore
from warreport.config import Config
from warreport.errors import AuthError, InputError
from warreport.review import ReviewStore
from warreport.store import EventQuery, Store
from warreport.store.query import parse_bbox
from warreport.web.security import RateLimiter, TokenStore


@dataclass
class AppContext:
    config: Config
    store: Store
    reviews: ReviewStore
    tokens: TokenStore
    subscriptions: SubscriptionStore
    limiter: RateLimiter


def get_ctx(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


Ctx = Annotated[AppContext, Depends(get_ctx)]


def bearer_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return request.headers.get("x-api-token") or None


def require_read(request: Request, ctx: Ctx) -> str | None:
    """Reads are public unless ``public_read`` is off; then a valid token is needed."""
    token = bearer_token(request)
    if ctx.config.public_read:
        return None
    name = ctx.tokens.verify(token)
    if name is None:
        raise AuthError("reading needs an API token here (Authorization: Bearer <token>)")
    return name


def require_write(request: Request, ctx: Ctx) -> str:
    """Every write needs a valid token and stays under the per-token rate limit.

    Returns the token's name, recorded as the author of reviews, votes and annotations.
    """
    name = ctx.tokens.verify(bearer_token(request))
    if name is None:
        raise AuthError("writing needs a valid API token (Authorization: Bearer <token>); "
                        "create one with `warreport token create --name NAME`")
    ctx.limiter.hit(name)
    return name


Reader = Annotated[str | None, Depends(require_read)]
Writer = Annotated[str, Depends(require_write)]


def event_query(
    date_from: Annotated[date | None, Query(description="First event date (YYYY-MM-DD).")] = None,
    date_to: Annotated[date | None, Query(description="Last event date (YYYY-MM-DD).")] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
    lat: Annotated[float | None, Query(description="Centre latitude (with lon, radius_km).")] = None,
    lon: Annotated[float | None, Query(description="Centre longitude (with lat, radius_km).")] = None,
    radius_km: Annotated[float | None, Query(description="Radius around lat,lon in km.")] = None,
    country: Annotated[str | None, Query(description="Country name (case-insensitive).")] = None,
    admin1: Annotated[str | None, Query(description="First-level region (case-insensitive).")] = None,
    actor: Annotated[str | None, Query(description="Text in actor 1 or actor 2.")] = None,
    event_type: Annotated[str | None, Query(description="ACLED event type.")] = None,
    sub_event_type: Annotated[str | None, Query(description="ACLED sub-event type.")] = None,
    certainty: Annotated[
        str | None, Query(description="reported, claimed, alleged, predicted or negated.")
    ] = None,
    source: Annotated[str | None, Query(description="Source name.")] = None,
    doc_id: Annotated[str | None, Query(description="Only events of this document.")] = None,
    q: Annotated[str | None, Query(description="Text in the source sentence or the location.")] = None,
    include_uncertain: Annotated[
        bool, Query(description="Also predicted and negated statements.")
    ] = False,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
) -> EventQuery:
    """The API's event filter (the same EventQuery the CLI export and alerts use)."""
    check_certainty(certainty)
    try:
        return EventQuery(
            date_from=date_from,
            date_to=date_to,
            bbox=parse_bbox(bbox) if bbox else None,
            lat=lat,
            lon=lon,
            radius_km=radius_km,
            country=country,
            admin1=admin1,
            actor=actor,
            event_type=event_type,
            sub_event_type=sub_event_type,
            certainty=certainty,
            source=source,
            doc_id=doc_id,
            q=q,
            include_uncertain=include_uncertain,
            cursor=cursor,
        )
    except ValidationError as exc:
        raise InputError("; ".join(_messages(exc))) from exc


def _messages(exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        out.append(f"{where}: {msg}" if where else msg)
    return out


def check_certainty(value: str | None) -> None:
    from warreport.model import Certainty

    if value is not None and value.lower() not in {c.value for c in Certainty}:
        raise InputError(
            f"certainty {value!r}: one of {', '.join(c.value for c in Certainty)}"
        )


Filters = Annotated[EventQuery, Depends(event_query)]
