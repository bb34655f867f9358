"""CLI commands that show stored events: `events` (a summary table)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def register(app: typer.Typer) -> None:
    app.command("events")(events_cmd)


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
    console.print(table)
