"""Bulk-load Parquet partitions into the store: COPY on PostgreSQL, executemany elsewhere.

Each partition is loaded in one transaction together with a row in ``loaded_partitions``,
so a load killed half-way leaves every partition either fully in the store or not at all,
and loading the same dataset again changes nothing. Documents already in the store (from an
earlier run or another partition) are skipped with their comments and events, exactly as
``Store.save`` skips them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from warreport.errors import StoreError
from warreport.pipeline import merge_in
from warreport.scale.parquet import (
    TABLES,
    PartitionInfo,
    complete_partitions,
    open_dataset,
    read_partition,
    stored_columns,
)
from warreport.store.db import Database
from warreport.store.repository import row_to_event
from warreport.store.schema import DocumentRow, EventRow, FailureRow, LoadedPartitionRow, utcnow

_STAMP = {"documents": "ingested_at", "events": "created_at", "comments": None}
_CONFLICT = {"documents": "(doc_id)", "events": "(event_id)", "comments": "ON CONSTRAINT uq_comment_doc_idx"}


@dataclass
class LoadReport:
    partitions: int = 0
    already_loaded: int = 0
    documents: int = 0
    duplicates: int = 0
    events: int = 0
    comments: int = 0
    failures: int = 0

    def add(self, other: LoadReport) -> None:
        for name in ("partitions", "documents", "duplicates", "events", "comments", "failures"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def load_dataset(
    root: Path,
    db: Database | str,
    *,
    on_progress: Callable[[PartitionInfo], None] | None = None,
    merge: bool = True,
) -> LoadReport:
    """Load every complete, not yet loaded partition of the dataset at ``root``.

    With ``merge`` (the default), each new document's events are then merged into the
    canonical events, document by document in input order, as a single-process run does
    after each save; all in the partition's transaction.
    """
    dataset = open_dataset(root)
    database = Database(db) if isinstance(db, str) else db
    report = LoadReport()
    for info in complete_partitions(root):
        key = f"{dataset.run_id}/{info.name}"
        try:
            with database.engine.begin() as conn:
                if conn.execute(select(LoadedPartitionRow.key).where(LoadedPartitionRow.key == key)).first():
                    report.already_loaded += 1
                else:
                    part, new_docs = _load_partition(conn, root, info.name)
                    if merge:
                        part.failures += _merge(conn, new_docs)
                    conn.execute(
                        insert(LoadedPartitionRow),
                        [{"key": key, "run_id": dataset.run_id, "name": info.name, "documents": part.documents,
                          "events": part.events, "loaded_at": utcnow()}],
                    )
                    report.add(part)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot load partition {info.name} of {root}: {exc}") from exc
        if on_progress is not None:
            on_progress(info)
    return report


NewDocs = list[tuple[str, str | None]]  # (doc_id, origin) of the documents a partition added, in order


def _load_partition(conn: Connection, root: Path, name: str) -> tuple[LoadReport, NewDocs]:
    if conn.dialect.name == "postgresql":
        return _load_postgres(conn, root, name)
    return _load_generic(conn, root, name)


def _replace_failures(conn: Connection, rows: list[dict[str, Any]], now: Any) -> int:
    """Record failures as ``Store.record_failure`` does: a page's newer record at a stage
    replaces its older one. Returns how many were recorded."""
    latest = {(r["origin"], r["stage"]): r | {"at": now} for r in rows}
    for origin, stage in latest:
        conn.execute(delete(FailureRow).where(FailureRow.origin == origin, FailureRow.stage == stage))
    if latest:
        conn.execute(insert(FailureRow), list(latest.values()))
    return len(latest)


def _merge(conn: Connection, new_docs: NewDocs) -> int:
    """Merge each new document's events, in order, as ``store_stage`` does; failures recorded."""
    failures: list[dict[str, Any]] = []
    with Session(bind=conn) as session:
        for doc_id, origin in new_docs:
            rows = session.scalars(select(EventRow).where(EventRow.doc_id == doc_id).order_by(EventRow.start_char))
            events = [row_to_event(r) for r in rows]
            failure = merge_in(session, events, origin or doc_id) if events else None
            if failure is not None:
                failures.append(failure.model_dump(include={"origin", "reason", "error_type", "stage"}))
        session.flush()
    return _replace_failures(conn, failures, utcnow())


# -- SQLite and other dialects: executemany ---------------------------------------------------


def _known_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(conn.scalars(select(DocumentRow.doc_id).where(DocumentRow.doc_id.in_(chunk))))
    return found


def _load_generic(conn: Connection, root: Path, name: str) -> tuple[LoadReport, NewDocs]:
    now = utcnow()
    docs = read_partition(root, name, "documents")
    known = _known_ids(conn, [d["doc_id"] for d in docs])
    fresh: list[dict[str, Any]] = []
    for doc in docs:
        if doc["doc_id"] not in known:
            known.add(doc["doc_id"])
            fresh.append(doc | {"ingested_at": now})
    new_ids = {d["doc_id"] for d in fresh}
    comments = [c for c in read_partition(root, name, "comments") if c["doc_id"] in new_ids]
    events = [e | {"created_at": now} for e in read_partition(root, name, "events") if e["doc_id"] in new_ids]
    for table_name, rows in (("documents", fresh), ("comments", comments), ("events", events)):
        if rows:
            conn.execute(insert(TABLES[table_name]), rows)
    failures = _replace_failures(conn, read_partition(root, name, "failures"), now)
    report = LoadReport(partitions=1, documents=len(fresh), duplicates=len(docs) - len(fresh), events=len(events),
                        comments=len(comments), failures=failures)
    return report, [(d["doc_id"], d["origin"]) for d in fresh]


# -- PostgreSQL: COPY into temporary staging tables, then INSERT ... ON CONFLICT DO NOTHING ---


def _copy_rows(cursor: Any, table: str, columns: list[str], rows: Iterable[Sequence[Any]]) -> None:
    cols = ", ".join(_quoted(columns))
    with cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _stage(cursor: Any, root: Path, name: str, table_name: str, now: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """COPY one table of a partition into a temporary ``_wr_stage_<table>``; its columns and rows."""
    stage = f"_wr_stage_{table_name}"
    cursor.execute(f"CREATE TEMP TABLE {stage} (LIKE {table_name} INCLUDING DEFAULTS) ON COMMIT DROP")
    columns = [c.name for c in stored_columns(TABLES[table_name])]
    stamp = _STAMP[table_name]
    if stamp:
        columns.append(stamp)
    rows = read_partition(root, name, table_name, decode_json=False)
    _copy_rows(cursor, stage, columns, ([row.get(c, now) if c == stamp else row[c] for c in columns] for row in rows))
    return columns, rows


def _load_postgres(conn: Connection, root: Path, name: str) -> tuple[LoadReport, NewDocs]:
    raw = conn.connection.driver_connection
    now = utcnow()
    report = LoadReport(partitions=1)
    with raw.cursor() as cur:  # type: ignore[union-attr]
        cur.execute("CREATE TEMP TABLE _wr_new_docs (doc_id varchar(64) PRIMARY KEY) ON COMMIT DROP")
        columns, staged = _stage(cur, root, name, "documents", now)
        cols = ", ".join(_quoted(columns))
        cur.execute(
            f"WITH ins AS (INSERT INTO documents ({cols}) SELECT {cols} FROM _wr_stage_documents "
            f"ON CONFLICT {_CONFLICT['documents']} DO NOTHING RETURNING doc_id) "
            "INSERT INTO _wr_new_docs SELECT doc_id FROM ins"
        )
        report.documents = cur.rowcount
        report.duplicates = len(staged) - report.documents
        cur.execute("SELECT doc_id FROM _wr_new_docs")
        new_ids = {row[0] for row in cur.fetchall()}
        for table_name in ("comments", "events"):
            columns, _ = _stage(cur, root, name, table_name, now)
            cols = ", ".join(_quoted(columns))
            cur.execute(
                f"INSERT INTO {table_name} ({cols}) SELECT {', '.join(f's.{q}' for q in _quoted(columns))} "
                f"FROM _wr_stage_{table_name} s JOIN _wr_new_docs n ON n.doc_id = s.doc_id "
                f"ON CONFLICT {_CONFLICT[table_name]} DO NOTHING"
            )
            setattr(report, table_name, cur.rowcount)
    report.failures = _replace_failures(conn, read_partition(root, name, "failures"), now)
    return report, [(d["doc_id"], d["origin"]) for d in staged if d["doc_id"] in new_ids]


def _quoted(columns: list[str]) -> list[str]:
    return [f'"{c}"' for c in columns]

