"""CLI commands of the analysis area: merge, control, timeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def register(app: typer.Typer) -> None:
    app.command("merge")(merge_cmd)
    app.command("control")(control_cmd)
    app.command("timeline")(timeline_cmd)


def _store():  # type: ignore[no-untyped-def]
    from warreport.cli import get_config
    from warreport.store.repository import Store

    return Store(get_config().db)


def _day(value: str | None, option: str) -> date | None:
    from warreport.errors import InputError

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{option}: expected a date YYYY-MM-DD, got {value!r}") from exc


def merge_cmd(
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Recompute every canonical event and control period from the stored records."),
    ] = False,
    show: Annotated[int, typer.Option("--show", help="Then list this many canonical events (most corroborated first).")] = 10,
) -> None:
    """Merge records of the same happening into canonical events (ingest does it incrementally)."""
    from warreport.analysis.persist import load_canonical_events, merge_new_events
    from warreport.analysis.persist import rebuild as rebuild_all
    from warreport.model import Event
    from warreport.store.query import EventQuery

    store = _store()
    if rebuild:
        result = rebuild_all(store)
    else:  # catch up: merge the records that have no canonical event yet
        pending: list[Event] = [
            e for e in store.iter_events(EventQuery(limit=5000, include_uncertain=True)) if e.canonical_id is None
        ]
        result = merge_new_events(store, pending)
    console.print(
        f"{result.records} records, {result.merged} merged into canonical events "
        f"({result.created} new, {result.updated} updated); control recomputed for "
        f"{result.control_places} places",
        highlight=False,
    )
    if show <= 0:
        return
    events = sorted(load_canonical_events(store), key=lambda c: (-c.corroboration, -(c.event_date or date.min).toordinal()))
    table = Table("date", "type", "location", "actor1", "outlets", "disagreements", "id")
    for c in events[:show]:
        table.add_row(
            str(c.event_date or ""),
            c.sub_event_type,
            c.location or "",
            c.actor1 or "",
            f"{c.corroboration}: {', '.join(c.outlets)}",
            ", ".join(x.field for x in c.contradictions) + (" conflicting accounts" if c.conflicts_with else ""),
            c.canonical_id,
        )
    console.print(table)


def control_cmd(
    place: Annotated[str, typer.Argument(help="Place name, any spelling (e.g. \"Al-Ubaydi\", \"Albu Kamal\").")],
    at: Annotated[
        str | None, typer.Option("--at", help="Date YYYY-MM-DD to answer for (default: today).", show_default=False)
    ] = None,
    timeline: Annotated[bool, typer.Option("--timeline", help="Also print the place's whole control timeline.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
) -> None:
    """Who held a place on a date, since when, on what evidence, assessed or claimed."""
    from warreport.analysis.api import control_answer
    from warreport.report.phrases import actor_name, day_text

    day = _day(at, "--at") or date.today()
    answer = control_answer(_store(), place, day)
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    p = answer.period
    if p is None:
        console.print(f"{answer.place}: no evidence of who held it on {day.isoformat()}", highlight=False)
    else:
        who = " and ".join(actor_name(x) for x in p.controller.split(" + "))
        since = f"since {day_text(p.start)}" if p.start else "before the first recorded change"
        until = f" until {day_text(p.end)}" if p.end else ""
        full = f" ({p.controller})" if who != p.controller else ""
        console.print(f"[bold]{answer.place}[/] on {day.isoformat()}: [bold]{who}[/]{full}", highlight=False)
        console.print(f"  {since}{until}; status [bold]{p.status.value}[/]; basis {p.basis.value}", highlight=False)
        console.print(f"  evidence: events {', '.join(p.event_ids)}", highlight=False)
        console.print(f"  canonical events: {', '.join(p.canonical_ids)}", highlight=False)
        outlets = "1 outlet" if p.corroboration == 1 else f"{p.corroboration} outlets"
        console.print(f"  sources ({outlets}): {', '.join(p.sources)}", highlight=False)
        if p.note:
            console.print(f"  note: {p.note}", highlight=False)
        if p.contested_by:
            console.print(f"  contested by: {', '.join(p.contested_by)}", highlight=False)
    if timeline:
        table = Table("from", "until", "controller", "status", "basis", "sources")
        for q in answer.timeline:
            table.add_row(str(q.start or "…"), str(q.end or "…"), q.controller, q.status.value, q.basis.value,
                          ", ".join(q.sources))
        console.print(table)


def timeline_cmd(
    place: Annotated[str | None, typer.Option("--place", help="Events at this place (any spelling, districts included).", show_default=False)] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Events involving this actor (part of a name, or a side).", show_default=False)] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First date YYYY-MM-DD.", show_default=False)] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last date YYYY-MM-DD.", show_default=False)] = None,
    chart: Annotated[Path | None, typer.Option("--chart", help="Also write a PNG chart of event counts by type over time.", show_default=False)] = None,
    freq: Annotated[str, typer.Option("--freq", help="Chart periods: day, week or month.")] = "day",
) -> None:
    """A chronological list of canonical events with their sources, per place or actor."""
    from warreport.analysis.persist import load_canonical_events
    from warreport.analysis.timeline import (
        chart_png,
        chronology,
        timeline_for_actor,
        timeline_for_place,
    )

    d0, d1 = _day(date_from, "--from"), _day(date_to, "--to")
    events = load_canonical_events(_store(), date_from=d0, date_to=d1)
    if place:
        entries = timeline_for_place(events, place)
        title = f"Events at {place}"
    elif actor:
        entries = timeline_for_actor(events, actor)
        title = f"Events involving {actor}"
    else:
        entries = chronology(events)
        title = "All events"
    for e in entries:
        console.print(f"[bold]{e.event_date}[/] {e.summary}  [dim]{e.canonical_id}[/]", highlight=False)
    if not entries:
        console.print("no events", highlight=False)
    if chart is not None:
        chart.parent.mkdir(parents=True, exist_ok=True)
        chart.write_bytes(chart_png(entries, f"{title} by type", freq))
        console.print(f"chart written to {chart}", highlight=False)
