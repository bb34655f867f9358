"""CLI of the scale area: ``warreport load``, and the ``ingest --workers/--dask`` runners."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from warreport.config import Config
    from warreport.model import Failure, RawPage
    from warreport.pipeline import BatchReport, ErrorHandler, Sink
    from warreport.scale.dask_runner import DaskReport
    from warreport.scale.load import LoadReport

console = Console()
err_console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("load")(load_cmd)


def load_cmd(
    dataset: Annotated[Path, typer.Argument(help="Directory of Parquet partitions written by `ingest --dask`.", show_default=False)],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")] = False,
) -> None:
    """Bulk-load Parquet partitions into the store (COPY on PostgreSQL). Loading twice changes nothing."""
    from warreport.cli import get_config
    from warreport.scale.load import load_dataset

    report = load_dataset(dataset, get_config().db)
    if not quiet:
        console.print(load_table(report))


def load_table(report: LoadReport) -> Table:
    table = Table(title="load")
    for col in ("partitions loaded", "already loaded", "new documents", "already stored", "events", "comments", "failures"):
        table.add_column(col, justify="right")
    table.add_row(*(str(v) for v in (report.partitions, report.already_loaded, report.documents, report.duplicates,
                                      report.events, report.comments, report.failures)))
    return table


def run_local(
    items: Iterable[RawPage | Failure],
    sink: Sink,
    config: Config,
    *,
    on_error: ErrorHandler,
    on_progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """The ``ingest`` runner: one process, or a process pool when ``workers`` > 1."""
    from warreport.pipeline import run_batch

    if config.workers <= 1:
        return run_batch(items, sink, config, on_error=on_error, on_progress=on_progress)
    from warreport.scale.pool import run_pool

    return run_pool(items, sink, config, workers=config.workers, on_error=on_error, on_progress=on_progress)


def ingest_dask(
    sources: list[str],
    config: Config,
    address: str,
    parquet: str | None,
    *,
    on_error: ErrorHandler,
    quiet: bool = False,
) -> DaskReport:
    """``ingest --dask``: partitions on the cluster -> Parquet in ``parquet`` -> bulk load into the store."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from warreport.scale.dask_runner import run_dask
    from warreport.scale.partitions import DEFAULT_PARTITION_DOCS

    out = Path(parquet or "warreport-parquet")
    with Progress(TextColumn("[bold]dask[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("partitions"),
                  TimeElapsedColumn(), console=err_console, disable=quiet) as progress:
        task = progress.add_task("dask", total=None)
        report = run_dask(
            sources, config, out, address=address, partition_docs=DEFAULT_PARTITION_DOCS, on_error=on_error,
            on_partition=lambda _info: progress.advance(task, 1), load_into=config.db,
        )
    if not quiet:
        table = Table(title=f"ingest on Dask -> {out}")
        for col in ("partitions", "reused", "pages seen", "documents", "events", "failed"):
            table.add_column(col, justify="right")
        table.add_row(*(str(v) for v in (report.partitions, report.reused, report.seen, report.documents,
                                          report.events, report.failures)))
        console.print(table)
        if report.load is not None:
            console.print(load_table(report.load))
    return report
