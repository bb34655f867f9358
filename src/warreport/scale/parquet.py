"""Parquet partitions: what a distributed run writes and `warreport load` bulk-loads.

A dataset directory holds one Parquet dataset per store table, one file per partition::

    DIR/_dataset.json                    run id, sources, when it started
    DIR/documents/part-00000.parquet     rows of the `documents` table
    DIR/comments/part-00000.parquet
    DIR/events/part-00000.parquet
    DIR/failures/part-00000.parquet
    DIR/_parts/part-00000.json           written last: the partition is complete

Columns are the store's columns (the same conversions as :class:`~warreport.store.Store`),
minus surrogate ids and load-time timestamps, so ``pandas.read_parquet(DIR / "events")`` gives
the event table. JSON columns (lists, provenance) are stored as JSON text. A partition is
written to temporary files and renamed; its marker file comes last, so a crash never leaves
a partition that looks complete.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, Table

from warreport.errors import InputError
from warreport.model import Failure, ProcessedDocument
from warreport.store.repository import comment_to_row, document_to_row, event_to_row
from warreport.store.schema import Base, CommentRow, DocumentRow, EventRow, FailureRow

TABLES: dict[str, Table] = {
    "documents": DocumentRow.__table__,  # type: ignore[dict-item]
    "comments": CommentRow.__table__,  # type: ignore[dict-item]
    "events": EventRow.__table__,  # type: ignore[dict-item]
    "failures": FailureRow.__table__,  # type: ignore[dict-item]
}
# Set when the rows reach the store, not when they are computed.
LOAD_TIME_COLUMNS = {"ingested_at", "created_at", "at"}
MANIFEST = "_dataset.json"
PARTS_DIR = "_parts"


def stored_columns(table: Table) -> list[Column[Any]]:
    """The columns a partition carries: all but autoincrement ids and load-time stamps."""
    return [
        c
        for c in table.columns
        if c.name not in LOAD_TIME_COLUMNS and not (c.primary_key and c.autoincrement is True)
    ]


def _arrow_type(column: Column[Any]) -> pa.DataType:
    kind = column.type
    if isinstance(kind, JSON):
        return pa.string()
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    if isinstance(kind, DateTime):
        return pa.timestamp("us")
    if isinstance(kind, Date):
        return pa.date32()
    return pa.string()


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(c.name, _arrow_type(c), nullable=True) for c in stored_columns(table)])


def is_json(column: Column[Any]) -> bool:
    return isinstance(column.type, JSON)


def _row_dict(row: Base, table: Table) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in stored_columns(table):
        value = getattr(row, column.key)
        out[column.name] = json.dumps(value, ensure_ascii=False) if is_json(column) else value
    return out


def table_rows(processed: Iterable[ProcessedDocument], failures: Iterable[Failure]) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table for these documents, deduplicated the way ``Store.save`` does."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    seen_docs: set[str] = set()
    for item in processed:
        doc = item.document
        if doc.doc_id in seen_docs:
            continue
        seen_docs.add(doc.doc_id)
        rows["documents"].append(_row_dict(document_to_row(doc, n_events=len(item.events)), TABLES["documents"]))
        for comment in doc.comments:
            rows["comments"].append(_row_dict(comment_to_row(doc.doc_id, comment), TABLES["comments"]))
        seen_events: set[str] = set()
        for event in item.events:
            if event.event_id in seen_events:
                continue
            seen_events.add(event.event_id)
            rows["events"].append(_row_dict(event_to_row(event), TABLES["events"]))
    for failure in failures:
        rows["failures"].append(failure.model_dump(include={"origin", "reason", "error_type", "stage"}))
    return rows


@dataclass(frozen=True)
class PartitionInfo:
    """The marker of a complete partition: its name and row counts."""

    name: str
    documents: int
    events: int
    comments: int
    failures: int
    seen: int = 0
    duplicates: int = 0


@dataclass(frozen=True)
class Dataset:
    root: Path
    run_id: str
    sources: list[str]
    started: str
    plan: str = ""  # signature of the partition plan that wrote it (see scale.partitions)


def start_dataset(root: Path, sources: list[str], plan: str = "") -> Dataset:
    """Create a dataset directory, or reuse one a run of the same plan started (same run id)."""
    root.mkdir(parents=True, exist_ok=True)
    if (root / MANIFEST).is_file():
        dataset = open_dataset(root)
        if dataset.plan != plan:
            raise InputError(f"{root} holds the output of a different run (other sources or partition size); "
                             "choose another output directory")
        return dataset
    dataset = Dataset(root=root, run_id=uuid.uuid4().hex[:16], sources=list(sources),
                      started=datetime.now(UTC).isoformat(timespec="seconds"), plan=plan)
    manifest = {"run_id": dataset.run_id, "sources": dataset.sources, "started": dataset.started, "plan": plan}
    _atomic_write_text(root / MANIFEST, json.dumps(manifest, indent=1))
    return dataset


def open_dataset(root: Path) -> Dataset:
    path = root / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Dataset(root=root, run_id=str(data["run_id"]), sources=list(data.get("sources", [])),
                       started=str(data.get("started", "")), plan=str(data.get("plan", "")))
    except FileNotFoundError as exc:
        raise InputError(f"{root} is not a warreport Parquet dataset (no {MANIFEST})") from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: broken dataset manifest: {exc}") from exc


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_partition(
    root: Path,
    name: str,
    processed: list[ProcessedDocument],
    failures: list[Failure],
    *,
    seen: int = 0,
    duplicates: int = 0,
) -> PartitionInfo:
    """Write one partition's tables, then its marker. Rewriting a partition replaces it."""
    rows = table_rows(processed, failures)
    for table_name, table in TABLES.items():
        directory = root / table_name
        directory.mkdir(parents=True, exist_ok=True)
        arrow = pa.Table.from_pylist(rows[table_name], schema=arrow_schema(table))
        final = directory / f"{name}.parquet"
        tmp = directory / f".{name}.{os.getpid()}.tmp"
        pq.write_table(arrow, tmp, compression="zstd")
        os.replace(tmp, final)
    info = PartitionInfo(
        name=name,
        documents=len(rows["documents"]),
        events=len(rows["events"]),
        comments=len(rows["comments"]),
        failures=len(rows["failures"]),
        seen=seen,
        duplicates=duplicates,
    )
    (root / PARTS_DIR).mkdir(exist_ok=True)
    _atomic_write_text(root / PARTS_DIR / f"{name}.json", json.dumps(asdict(info)))
    return info


def complete_partitions(root: Path) -> list[PartitionInfo]:
    """Every partition whose marker was written, in name order."""
    infos = []
    for marker in sorted((root / PARTS_DIR).glob("*.json")):
        try:
            infos.append(PartitionInfo(**json.loads(marker.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError) as exc:
            raise InputError(f"{marker}: broken partition marker: {exc}") from exc
    return infos


def read_partition(root: Path, name: str, table_name: str, *, decode_json: bool = True) -> list[dict[str, Any]]:
    """One table of one partition as row dicts (JSON columns decoded unless asked not to)."""
    table = TABLES[table_name]
    path = root / table_name / f"{name}.parquet"
    try:
        rows = pq.read_table(path, schema=arrow_schema(table)).to_pylist()
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"{path}: cannot read partition: {exc}") from exc
    if decode_json:
        json_columns = [c.name for c in stored_columns(table) if is_json(c)]
        for row in rows:
            for col in json_columns:
                if row[col] is not None:
                    row[col] = json.loads(row[col])
    return rows


def iter_table(root: Path, table_name: str) -> Iterator[dict[str, Any]]:
    """Every row of one table over the complete partitions of a dataset."""
    for info in complete_partitions(root):
        yield from read_partition(root, info.name, table_name)
