"""CLI: ``warreport extract`` — events of war reports as JSON lines, ACLED CSV or GeoJSON."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)

SOURCES_HELP = (
    "Files, directories, http(s) URLs, RSS/Atom feeds, WARC files, JSONL files of "
    '{"id","text","published","source","url"} records, or - for stdin.'
)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_cmd)


def extract_cmd(
    sources: Annotated[list[str] | None, typer.Argument(help=SOURCES_HELP, show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: jsonl, csv (ACLED columns first) or geojson.")] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.", show_default=False)
    ] = None,
    input_jsonl: Annotated[
        list[Path] | None,
        typer.Option("--input-jsonl", help='JSONL file of {"id","text","published","source"} records; doc_id is the record id (repeatable).',
                     show_default=False),
    ] = None,
    include_uncertain: Annotated[
        bool, typer.Option("--include-uncertain", help="Also write predicted and negated statements (left out by default).")
    ] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Documents per batch handed to spaCy.")] = 50,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching private, loopback and link-local addresses.")
    ] = False,
) -> None:
    """Extract ACLED-coded events (type, actors, date, place, fatalities, certainty, provenance) from reports."""
    from warreport.cli import get_config
    from warreport.errors import InputError, WarreportError
    from warreport.extract import exportable, extract_many
    from warreport.extract.output import FORMATS, EventWriter
    from warreport.ingest.page import parse_page
    from warreport.ingest.sources import iter_jsonl, iter_sources
    from warreport.model import Document, Failure, RawPage

    if fmt not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if not sources and not input_jsonl:
        raise InputError("give at least one SOURCE or --input-jsonl FILE")
    config = get_config().with_overrides(allow_private=allow_private or None)
    include = include_uncertain or bool(config.include_uncertain)
    failures = 0

    def parsed(items: Iterable[RawPage | Failure]) -> Iterator[Document]:
        nonlocal failures
        for item in items:
            if isinstance(item, Failure):
                failures += 1
                err.print(f"[red]failed[/] {item.origin}: {item.reason}", highlight=False)
                continue
            try:
                yield parse_page(item, max_bytes=config.max_page_bytes)
            except WarreportError as exc:
                failures += 1
                err.print(f"[red]failed[/] {item.origin}: {exc.message}", highlight=False)

    def documents() -> Iterator[Document]:
        for path in input_jsonl or []:
            if not path.is_file():
                raise InputError(f"--input-jsonl {path}: no such file")
            yield from parsed(iter_jsonl(path))
        if sources:
            yield from parsed(iter_sources(sources, config))

    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    writer = EventWriter(handle, fmt)
    docs = 0
    try:
        for _, events in extract_many(documents(), batch_size=batch_size):
            docs += 1
            writer.write(exportable(events, include))
    finally:
        writer.close()
        if output:
            handle.close()
    err.print(f"{docs} documents, {writer.count} events written, {failures} failed", highlight=False)
