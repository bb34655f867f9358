"""CLI commands of the ingest area: parse, ingest, stats, failures, db."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from collections.abc import Iterator

    from warreport.config import Config
    from warreport.model import Document, Failure

console = Console()
err_console = Console(stderr=True)

SOURCES_HELP = (
    "Files, directories, http(s) URLs, RSS/Atom feeds, WARC files, JSONL files of "
    '{"id","text","published","source","url"} records, or - for stdin.'
)


def register(app: typer.Typer) -> None:
    app.command("parse")(parse_cmd)
    app.command("ingest")(ingest_cmd)
    app.command("stats")(stats_cmd)
    app.command("failures")(failures_cmd)
    app.command("migrate")(migrate_cmd)


def parse_cmd(
    sources: Annotated[list[str], typer.Argument(help=SOURCES_HELP, show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per page (JSON lines).")] = False,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching private, loopback and link-local addresses.")
    ] = False,
) -> None:
    """Parse pages: title, date, outlet, body paragraphs, boilerplate removed, comments apart."""
    from warreport.cli import get_config
    from warreport.model import Failure

    config = get_config().with_overrides(allow_private=allow_private or None)
    failures: list[Failure] = []
    pages = 0
    for doc in parsed_pages(sources, config):
        if isinstance(doc, Failure):
            failures.append(doc)
            continue
        pages += 1
        if as_json:
            typer.echo(json.dumps(doc.to_json_dict(), ensure_ascii=False))
        else:
            _print_document(doc)
    finish_pages(pages, failures)


def parsed_pages(sources: list[str], config: Config) -> Iterator[Document | Failure]:
    """Every page of the sources parsed, or the failure that stopped it; one bad page never stops the rest."""
    from warreport.errors import WarreportError
    from warreport.ingest.page import parse_page
    from warreport.ingest.sources import iter_sources
    from warreport.model import Failure

    for item in iter_sources(sources, config):
        if isinstance(item, Failure):
            yield item
            continue
        try:
            yield parse_page(item, max_bytes=config.max_page_bytes)
        except WarreportError as exc:
            yield Failure(origin=item.origin, reason=exc.message, error_type=type(exc).__name__)


def finish_pages(pages: int, failures: list[Failure]) -> None:
    """End of a per-page command: one source with one problem is that error (its line and exit code);
    otherwise each failure is listed, and exit code 3 when no page got through."""
    if pages == 0 and len(failures) == 1:
        raise error_for(failures[0])
    for failure in failures:
        err_console.print(f"[red]failed[/] {failure.reason}", highlight=False, soft_wrap=True)
    if pages == 0 and failures:
        raise typer.Exit(3)


def error_for(failure: Failure) -> Exception:
    """The warreport error a recorded failure stands for (its class decides the exit code)."""
    from warreport import errors

    cls = getattr(errors, failure.error_type, None)
    if not (isinstance(cls, type) and issubclass(cls, errors.WarreportError)):
        cls = errors.InputError
    return cls(failure.reason)


def _print_document(doc: Document) -> None:
    console.rule(doc.title or doc.origin or "")
    console.print(
        f"published {doc.published}  source {doc.source}  language {doc.language}  "
        f"{len(doc.body)} paragraphs  {len(doc.boilerplate)} boilerplate blocks  "
        f"{len(doc.comments)} comments",
        highlight=False,
    )
    for para in doc.body:
        console.print(para, highlight=False)
        console.print()
    for comment in doc.comments:
        who = comment.author or "(no name)"
        reply = f" → #{comment.reply_to}" if comment.reply_to is not None else ""
        console.print(f"[dim]#{comment.index} {who}{reply}:[/] {comment.text}", highlight=False)


def ingest_cmd(
    sources: Annotated[list[str], typer.Argument(help=SOURCES_HELP, show_default=False)],
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", help="Worker processes (default: setting `workers`).", show_default=False)
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching private, loopback and link-local addresses.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad document instead of recording it.")] = False,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Run on a Dask cluster: a scheduler address (tcp://host:8786), `local` "
                     "(a LocalCluster of --workers processes) or `slurm` (--workers SLURM jobs via dask-jobqueue). "
                     "Writes Parquet partitions, then loads them.", show_default=False),
    ] = None,
    parquet: Annotated[
        str | None,
        typer.Option("--parquet", help="Directory for the Parquet partitions of --dask (default ./warreport-parquet); "
                     "every worker must see it.", show_default=False),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary table.")] = False,
) -> None:
    """Parse, extract and store pages. Re-ingesting a page changes nothing; bad pages are recorded."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from warreport.cli import get_config
    from warreport.ingest.sources import iter_sources
    from warreport.pipeline import raise_errors, record_and_continue
    from warreport.scale.commands import ingest_dask, run_local
    from warreport.store import Store

    config = get_config().with_overrides(workers=workers, allow_private=allow_private or None)
    store = Store(config.db)
    if dask is not None:
        ingest_dask(sources, config, dask, parquet, on_error=raise_errors if strict else record_and_continue, quiet=quiet)
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("pages"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=quiet,
        transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=None)
        report = run_local(
            iter_sources(sources, config),
            store,
            config,
            on_error=raise_errors if strict else record_and_continue,
            on_progress=lambda n: progress.advance(task, n),
        )
    if not quiet:
        table = Table(title="ingest", show_header=True)
        for col in ("pages seen", "new documents", "already stored", "failed", "events"):
            table.add_column(col, justify="right")
        table.add_row(str(report.seen), str(report.new), str(report.duplicates), str(len(report.failures)), str(report.events))
        console.print(table)
        for failure in report.failures[:20]:
            console.print(f"[red]failed[/] {failure.reason}", highlight=False, soft_wrap=True)


def stats_cmd() -> None:
    """Counts of what the store holds."""
    from warreport.cli import get_config
    from warreport.store import Store

    stats = Store(get_config().db).stats()
    table = Table(title="store")
    for col in ("documents", "events", "comments", "failures"):
        table.add_column(col, justify="right")
    table.add_row(str(stats.documents), str(stats.events), str(stats.comments), str(stats.failures))
    console.print(table)


def failures_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines instead of a table.")] = False,
) -> None:
    """Documents that could not be processed, with the reason."""
    from warreport.cli import get_config
    from warreport.store import Store

    failures = Store(get_config().db).failures()
    if as_json:
        for f in failures:
            typer.echo(f.model_dump_json())
        return
    table = Table(title="failures")
    for col in ("origin", "stage", "error", "reason"):
        table.add_column(col)
    for f in failures:
        table.add_row(f.origin, f.stage, f.error_type, f.reason)
    console.print(table)


def migrate_cmd() -> None:
    """Create or upgrade the store's schema to the newest migration."""
    from warreport.cli import get_config
    from warreport.store.db import Database, current_revision

    db = Database(get_config().db)
    console.print(f"schema at revision {current_revision(db.engine)}", highlight=False)
