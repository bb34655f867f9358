"""Alert subscriptions over HTTP, and each subscription's Atom feed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from warreport.alerts import Subscription, SubscriptionSpec
from warreport.alerts.atom import render_atom
from warreport.alerts.subscriptions import matching_events
from warreport.errors import NotFoundError
from warreport.web.deps import Ctx, Writer

router = APIRouter(tags=["alerts"])


def _public(sub: Subscription, request: Request, *, with_secret: bool = False) -> dict[str, Any]:
    data = sub.model_dump(mode="json", exclude={"secret"})
    data["description"] = sub.describe()
    data["feed_url"] = str(request.url_for("alert_feed", feed_key=sub.feed_key))
    if with_secret:
        data["secret"] = sub.secret
    return data


@router.get("/api/subscriptions", summary="Alert subscriptions (needs a token; secrets are not shown)")
def list_subscriptions(ctx: Ctx, _writer: Writer, request: Request) -> dict[str, Any]:
    subs = ctx.subscriptions.list()
    return {"subscriptions": [_public(s, request) for s in subs], "count": len(subs)}


@router.post("/api/subscriptions", status_code=201,
             summary="Subscribe to events by area (bbox, or lat+lon+radius_km), actor and event type; "
             "the webhook secret is shown once")
def add_subscription(ctx: Ctx, owner: Writer, request: Request, spec: SubscriptionSpec) -> dict[str, Any]:
    sub = ctx.subscriptions.add(spec, owner=owner)
    return _public(sub, request, with_secret=True)


@router.delete("/api/subscriptions/{sub_id}", status_code=204, summary="Remove a subscription")
def remove_subscription(ctx: Ctx, _writer: Writer, sub_id: int) -> Response:
    ctx.subscriptions.remove(sub_id)
    return Response(status_code=204)


@router.get("/alerts/{feed_key}.atom", name="alert_feed", response_class=Response,
            summary="Atom feed of the newest events matching one subscription (the key is the secret)",
            responses={200: {"content": {"application/atom+xml": {}}}})
def alert_feed(
    ctx: Ctx,
    request: Request,
    feed_key: str,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Response:
    if len(feed_key) > 64:
        raise NotFoundError("no subscription with that feed key")
    sub = ctx.subscriptions.by_feed_key(feed_key)
    found = matching_events(ctx.store, sub, limit=limit)
    reviewed = ctx.reviews.reviewed([e for e, _ in found], with_votes=False)
    entries = [(r, at) for r, (_, at) in zip(reviewed, found, strict=True) if r.status != "rejected"]
    base = str(request.base_url)
    body = render_atom(sub, entries, base_url=base, feed_url=str(request.url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")
