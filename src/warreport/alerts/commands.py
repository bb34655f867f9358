"""`warreport alerts list|add|remove|deliver`: alert subscriptions from the command line."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()
alerts_app = typer.Typer(
    help="Alert subscriptions (\"Notify of\"): by area, actor and event type; "
    "delivered as an Atom feed and as signed webhook POSTs.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(alerts_app, name="alerts")


def _base_url() -> str:
    from warreport.cli import get_config

    cfg = get_config()
    return f"http://{cfg.host}:{cfg.port}"


@alerts_app.command("list")
def list_cmd() -> None:
    """Every subscription: id, name, filter, webhook and Atom feed path."""
    from warreport.alerts import SubscriptionStore
    from warreport.cli import get_config
    from warreport.store import Store

    subs = SubscriptionStore(Store(get_config().db).db).list()
    table = Table(title=f"subscriptions ({len(subs)})")
    for col in ("id", "name", "filter", "webhook", "atom feed"):
        table.add_column(col, overflow="fold")
    for sub in subs:
        table.add_row(str(sub.id), sub.name, sub.describe(), sub.webhook_url or "",
                      f"/alerts/{sub.feed_key}.atom")
    console.print(table)


@alerts_app.command("add")
def add_cmd(
    name: Annotated[str, typer.Option("--name", help="A name for the subscription.")],
    bbox: Annotated[
        str | None, typer.Option("--bbox", help="Area as min_lon,min_lat,max_lon,max_lat.", show_default=False)
    ] = None,
    near: Annotated[
        str | None, typer.Option("--near", help="Centre of a circle as LAT,LON (with --radius-km).", show_default=False)
    ] = None,
    radius_km: Annotated[
        float | None, typer.Option("--radius-km", help="Radius of the circle around --near, in km.", show_default=False)
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Match events whose actor 1 or 2 contains this text.", show_default=False)
    ] = None,
    event_type: Annotated[
        str | None, typer.Option("--event-type", help="Match one ACLED event type, e.g. Battles.", show_default=False)
    ] = None,
    webhook: Annotated[
        str | None, typer.Option("--webhook", help="URL that receives a signed POST per new matching event.", show_default=False)
    ] = None,
) -> None:
    """Add a subscription; prints its Atom feed URL and (with --webhook) its signing secret once."""
    from warreport.alerts import SubscriptionStore
    from warreport.alerts.subscriptions import parse_spec
    from warreport.cli import get_config
    from warreport.errors import InputError
    from warreport.store import Store
    from warreport.store.query import parse_bbox

    lat = lon = None
    if near is not None:
        try:
            lat_text, lon_text = near.split(",")
            lat, lon = float(lat_text), float(lon_text)
        except ValueError as exc:
            raise InputError(f"--near {near!r}: expected LAT,LON") from exc
    spec = parse_spec(
        name=name,
        bbox=parse_bbox(bbox) if bbox else None,
        lat=lat,
        lon=lon,
        radius_km=radius_km,
        actor=actor,
        event_type=event_type,
        webhook_url=webhook,
    )
    sub = SubscriptionStore(Store(get_config().db).db).add(spec, owner="cli")
    console.print(f"subscription {sub.id} added: {sub.describe()}", highlight=False)
    console.print(f"atom feed: {_base_url()}/alerts/{sub.feed_key}.atom", highlight=False)
    if sub.secret:
        console.print(f"webhook secret (shown once, for checking X-Warreport-Signature): {sub.secret}",
                      highlight=False)


@alerts_app.command("remove")
def remove_cmd(
    sub_id: Annotated[int, typer.Argument(help="Id of the subscription (see `warreport alerts list`).")],
) -> None:
    """Remove a subscription and its delivery records."""
    from warreport.alerts import SubscriptionStore
    from warreport.cli import get_config
    from warreport.store import Store

    SubscriptionStore(Store(get_config().db).db).remove(sub_id)
    console.print(f"subscription {sub_id} removed")


@alerts_app.command("deliver")
def deliver_cmd(
    attempts: Annotated[int, typer.Option("--attempts", help="Tries per POST before it counts as failed.")] = 3,
    backoff: Annotated[float, typer.Option("--backoff", help="Seconds before the first retry; doubles each time.")] = 1.0,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="Public URL of the web app, for links in payloads.", show_default=False)
    ] = None,
) -> None:
    """POST every new matching event to each subscription's webhook (retrying failures)."""
    from warreport.alerts.webhook import WebhookSender, deliver_pending
    from warreport.cli import get_config
    from warreport.store import Store

    cfg = get_config()
    sender = WebhookSender(max_attempts=attempts, backoff=backoff, timeout=cfg.fetch_timeout,
                           user_agent=cfg.user_agent)
    report = deliver_pending(Store(cfg.db), sender=sender, allow_private=cfg.allow_private,
                             base_url=base_url or _base_url())
    console.print(
        f"{report.subscriptions} webhook subscription(s): {report.delivered} delivered, "
        f"{report.failed} failed, {report.attempts} POST attempt(s)", highlight=False
    )
    for line in report.errors:
        console.print(f"  {line}", highlight=False, soft_wrap=True)
    if report.failed:
        raise typer.Exit(1)
