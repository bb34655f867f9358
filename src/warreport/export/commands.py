"""CLI commands over stored events: `events` (a summary table) and `export` (CSV with ACLED's
columns, GeoJSON, Parquet, JSON Lines) with the same filters as the API."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def register(app: typer.Typer) -> None:
    app.command("events")(events_cmd)
    app.command("export")(export_cmd)


def events_cmd(
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many events, newest first.")] = 50,
    include_uncertain: Annotated[
        bool, typer.Option("--include-uncertain", help="Also show predicted and negated statements.")
    ] = False,
) -> None:
    """A table of stored events: date, type, actors, place, certainty, source."""
    from warreport.cli import get_config
    from warreport.store import EventQuery, Store

    store = Store(get_config().db)
    events, _ = store.query_events(EventQuery(limit=limit, include_uncertain=include_uncertain))
    table = Table(title=f"events ({len(events)} shown)", show_lines=False)
    for col in ("date", "sub-event type", "actor 1", "actor 2", "location", "prec.", "fat.", "certainty", "source"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(
            str(e.event_date or ""),
            e.sub_event_type,
            e.actor1 or "",
            e.actor2 or "",
            ", ".join(filter(None, [e.location, e.admin1, e.iso])),
            str(e.geo_precision or ""),
            str(e.fatalities),
            e.certainty.value,
            e.source or "",
        )
    # A terminal gets its own width; a pipe or a file gets lines long enough to stay readable.
    out = console if console.is_terminal else Console(width=200)
    out.print(table)


def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv (ACLED columns first), geojson, parquet or jsonl.")] = "csv",
    output: Annotated[
        str, typer.Option("--output", "-o", help="File to write; '-' writes to standard output (not for parquet).")
    ] = "-",
    date_from: Annotated[str | None, typer.Option("--date-from", help="First event date, YYYY-MM-DD.", show_default=False)] = None,
    date_to: Annotated[str | None, typer.Option("--date-to", help="Last event date, YYYY-MM-DD.", show_default=False)] = None,
    bbox: Annotated[str | None, typer.Option("--bbox", help="Area as min_lon,min_lat,max_lon,max_lat.", show_default=False)] = None,
    near: Annotated[str | None, typer.Option("--near", help="Centre LAT,LON of a circle (with --radius-km).", show_default=False)] = None,
    radius_km: Annotated[float | None, typer.Option("--radius-km", help="Radius around --near in km.", show_default=False)] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country name.", show_default=False)] = None,
    admin1: Annotated[str | None, typer.Option("--admin1", help="First-level region.", show_default=False)] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Text in actor 1 or actor 2.", show_default=False)] = None,
    event_type: Annotated[str | None, typer.Option("--event-type", help="ACLED event type.", show_default=False)] = None,
    sub_event_type: Annotated[str | None, typer.Option("--sub-event-type", help="ACLED sub-event type.", show_default=False)] = None,
    certainty: Annotated[
        str | None, typer.Option("--certainty", help="reported, claimed, alleged, predicted or negated.", show_default=False)
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="Source name.", show_default=False)] = None,
    doc_id: Annotated[str | None, typer.Option("--doc-id", help="Only events of this document.", show_default=False)] = None,
    text: Annotated[str | None, typer.Option("--q", "--text", help="Text in the sentence or the location.", show_default=False)] = None,
    include_uncertain: Annotated[
        bool | None,
        typer.Option("--include-uncertain/--factual-only", help="Also predicted and negated statements (setting include_uncertain).", show_default=False),
    ] = None,
    values: Annotated[
        str, typer.Option("--values", help="reviewed (analysts' corrections, rejected left out) or machine (as extracted).")
    ] = "reviewed",
    limit: Annotated[int | None, typer.Option("--limit", help="Stop after this many events.", show_default=False)] = None,
) -> None:
    """Export events with the API's filters: newest first, streamed page by page."""
    import sys
    from datetime import date

    from warreport.cli import get_config
    from warreport.errors import InputError
    from warreport.export.formats import FORMATS, export_items, write_export
    from warreport.store import EventQuery, Store
    from warreport.store.query import parse_bbox

    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r}: one of {', '.join(FORMATS)}")
    if fmt == "parquet" and output == "-":
        raise InputError("parquet is binary: give a file with --output")
    cfg = get_config()

    def day(value: str | None, flag: str) -> date | None:
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise InputError(f"{flag} {value!r}: expected YYYY-MM-DD") from exc

    lat = lon = None
    if near is not None:
        try:
            lat_text, lon_text = near.split(",")
            lat, lon = float(lat_text), float(lon_text)
        except ValueError as exc:
            raise InputError(f"--near {near!r}: expected LAT,LON") from exc
    from pydantic import ValidationError

    try:
        query = EventQuery(
            date_from=day(date_from, "--date-from"),
            date_to=day(date_to, "--date-to"),
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
            q=text,
            include_uncertain=cfg.include_uncertain if include_uncertain is None else include_uncertain,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(f"filter {'.'.join(map(str, first['loc']))}: {first['msg']}") from exc
    items = export_items(Store(cfg.db), query, values, limit)
    if output == "-":
        count = write_export(items, fmt, sys.stdout.buffer)
        sys.stdout.flush()
    else:
        with open(output, "wb") as fh:
            count = write_export(items, fmt, fh)
    typer.echo(f"exported {count} event(s) as {fmt}" + ("" if output == "-" else f" to {output}"), err=True)
