"""CLI command of the report area: the daily war report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)


def report_cmd(
    day: Annotated[str, typer.Option("--date", help="Day of the report, YYYY-MM-DD.", show_default=False)],
    region: Annotated[
        str | None,
        typer.Option("--region", help="Only this country or first-level region (e.g. Syria, \"Deir ez-Zor\").", show_default=False),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="Output format: md (with a PNG map beside it), html or pdf.")] = "md",
    days: Annotated[int, typer.Option("--days", help="Days covered, ending on --date (2: the day and the day before).")] = 2,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output file (default report-DATE.FORMAT in the current folder).", show_default=False),
    ] = None,
) -> None:
    """Write the day's situation report: neutral summary per front, a map, a table of events."""
    from datetime import date

    from warreport.analysis.api import daily_report_data
    from warreport.cli import get_config
    from warreport.errors import InputError
    from warreport.report.render import FORMATS, write_report
    from warreport.store.repository import Store

    if fmt not in FORMATS:
        raise InputError(f"--format: use one of {', '.join(FORMATS)}")
    try:
        when = date.fromisoformat(day)
    except ValueError as exc:
        raise InputError(f"--date: expected YYYY-MM-DD, got {day!r}") from exc
    report = daily_report_data(Store(get_config().db), when, region=region, days=days)
    target = out or Path(f"report-{when.isoformat()}{'-' + region.replace(' ', '_') if region else ''}.{fmt}")
    written = write_report(report, target, fmt)
    console.print(f"{report.title}: {report.overview}", highlight=False)
    for path in written:
        console.print(f"wrote {path}", highlight=False)
