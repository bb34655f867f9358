"""Export writers shared by the CLI (`warreport export`) and the API: CSV with ACLED's
columns, GeoJSON, Parquet and JSON Lines, streamed page by page from the store.

``values="reviewed"`` lays analysts' newest corrections over the machine's values and drops
rejected events; ``values="machine"`` exports the extractor's output untouched.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Literal

from warreport.errors import InputError
from warreport.export.acled import (
    COLUMNS,
    DATE_COLUMNS,
    FLOAT_COLUMNS,
    INTEGER_COLUMNS,
    acled_row,
    csv_cell,
)
from warreport.model import Event
from warreport.store.query import EventQuery
from warreport.store.repository import Store

FORMATS: tuple[str, ...] = ("csv", "geojson", "parquet", "jsonl")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "parquet": "application/vnd.apache.parquet",
    "jsonl": "application/x-ndjson",
}
Values = Literal["reviewed", "machine"]
BATCH = 1000
# Provenance is kept out of GeoJSON properties (it is in JSONL and the event endpoint).
_GEOJSON_SKIP = frozenset({"fields_provenance"})


@dataclass(frozen=True)
class ExportItem:
    event: Event
    status: str = ""  # review status: "" (machine values), unreviewed, confirmed, corrected
    votes: int = 0


def _batched(events: Iterable[Event], size: int = BATCH) -> Iterator[list[Event]]:
    batch: list[Event] = []
    for event in events:
        batch.append(event)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def export_items(
    store: Store, query: EventQuery, values: str = "reviewed", max_events: int | None = None
) -> Iterator[ExportItem]:
    """Every event matching the query, newest first, with reviewed or machine values."""
    if values not in ("reviewed", "machine"):
        raise InputError(f"values must be 'reviewed' or 'machine', not {values!r}")
    events: Iterable[Event] = store.iter_events(query.model_copy(update={"limit": BATCH}))
    yield from review_items(store, events, values, max_events)


def review_items(
    store: Store, events: Iterable[Event], values: str, max_events: int | None = None
) -> Iterator[ExportItem]:
    from warreport.review import ReviewStore

    reviews = ReviewStore(store.db)
    count = 0
    for batch in _batched(events):
        if values == "machine":
            items = [ExportItem(e) for e in batch]
        else:
            items = [
                ExportItem(r.event, r.status, r.votes)
                for r in reviews.reviewed(batch)
                if r.status != "rejected"
            ]
        for item in items:
            if max_events is not None and count >= max_events:
                return
            count += 1
            yield item


# -- CSV ----------------------------------------------------------------------------------
def iter_csv(items: Iterable[ExportItem]) -> Iterator[str]:
    """CSV text in chunks: a header of ACLED's columns (then warreport's), one row per event."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for n, item in enumerate(items, start=1):
        row = acled_row(item.event, review_status=item.status)
        writer.writerow([csv_cell(row[c]) for c in COLUMNS])
        if n % 500 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


# -- GeoJSON ------------------------------------------------------------------------------
def feature(item: ExportItem) -> dict[str, Any]:
    event = item.event
    props = {k: v for k, v in event.model_dump(mode="json").items() if k not in _GEOJSON_SKIP}
    props["review_status"] = item.status
    props["votes"] = item.votes
    geometry = None
    if event.latitude is not None and event.longitude is not None:
        geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
    return {"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": props}


def iter_geojson(items: Iterable[ExportItem], extra: dict[str, Any] | None = None) -> Iterator[str]:
    """A FeatureCollection, streamed; ``extra`` adds foreign members (e.g. next_cursor)."""
    head = {"type": "FeatureCollection", **(extra or {})}
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": ['
    yield opening
    first = True
    chunk: list[str] = []
    for item in items:
        chunk.append(("" if first else ",") + json.dumps(feature(item), ensure_ascii=False))
        first = False
        if len(chunk) >= 200:
            yield "".join(chunk)
            chunk = []
    chunk.append("]}")
    yield "".join(chunk)


# -- JSON Lines ---------------------------------------------------------------------------
def iter_jsonl(items: Iterable[ExportItem]) -> Iterator[str]:
    for item in items:
        data = item.event.model_dump(mode="json")
        data["review_status"] = item.status
        yield json.dumps(data, ensure_ascii=False) + "\n"


# -- Parquet ------------------------------------------------------------------------------
def _arrow_schema() -> Any:
    import pyarrow as pa

    fields = []
    for col in COLUMNS:
        if col in INTEGER_COLUMNS:
            fields.append(pa.field(col, pa.int64()))
        elif col in FLOAT_COLUMNS:
            fields.append(pa.field(col, pa.float64()))
        elif col in DATE_COLUMNS:
            fields.append(pa.field(col, pa.date32()))
        else:
            fields.append(pa.field(col, pa.string()))
    return pa.schema(fields)


def write_parquet(items: Iterable[ExportItem], sink: str | IO[bytes]) -> int:
    """Write ACLED-column rows to a Parquet file (row groups of BATCH events)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    n = 0
    with pq.ParquetWriter(sink, schema) as writer:
        rows: list[dict[str, Any]] = []
        for item in items:
            rows.append(acled_row(item.event, review_status=item.status))
            n += 1
            if len(rows) >= BATCH:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    return n


def parquet_bytes(items: Iterable[ExportItem]) -> bytes:
    buf = io.BytesIO()
    write_parquet(items, buf)
    return buf.getvalue()


def write_export(items: Iterable[ExportItem], fmt: str, out: IO[bytes]) -> int:
    """Write one export format to a binary stream; returns the number of events."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    counted: list[int] = [0]

    def counting(src: Iterable[ExportItem]) -> Iterator[ExportItem]:
        for item in src:
            counted[0] += 1
            yield item

    if fmt == "parquet":
        return write_parquet(items, out)
    chunks = {"csv": iter_csv, "geojson": iter_geojson, "jsonl": iter_jsonl}[fmt](counting(items))
    for chunk in chunks:
        out.write(chunk.encode("utf-8"))
    return counted[0]
