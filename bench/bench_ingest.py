"""Store throughput: documents/s into SQLite and into PostgreSQL, per write path.

The documents are synthetic 500-word reports with 4 made-up events and 2 comments each
(``SyntheticReport.as_processed``), so the figures are about the store, not NLP:

* ``save``: ``Store.save``, one transaction per document — what ``warreport ingest`` does;
* ``save + merge``: the same followed by the incremental merge into canonical events, as
  ``run_batch`` does after each new document;
* ``Parquet write``: what a Dask task does with its partition (no database);
* ``bulk load``: ``warreport load`` of those partitions — COPY into staging tables on
  PostgreSQL, executemany on SQLite — without and with the merge.

PostgreSQL is a throwaway server started from Debian's package (``.ci/postgres.sh``) on port
54341 and stopped afterwards (``--no-postgres`` skips it). Options: ``--set ingest_docs=N``.
"""

from __future__ import annotations

import shutil
from contextlib import ExitStack
from pathlib import Path

from rich.table import Table

from bench.common import (
    BenchArgs,
    BenchSkipped,
    fresh_database,
    local_postgres,
    make_table,
    rate,
    timer,
)

TITLE = "ingest into SQLite and PostgreSQL, documents/s"
ORDER = 60
PG_PORT = 54341
EVENTS_PER_DOC = 4


def _documents(n: int, seed: int, offset: int = 0) -> list:  # type: ignore[type-arg]
    from warreport.scale.corpus import synthetic_reports

    return [r.as_processed(EVENTS_PER_DOC, comments=2) for r in synthetic_reports(n, words=500, seed=seed, start=offset)]


def _measure(url: str, docs: list, dataset: Path, label: str) -> list[tuple[str, str, int, float, float]]:  # type: ignore[type-arg]
    from warreport.pipeline import store_stage
    from warreport.scale.load import load_dataset
    from warreport.store import Store
    from warreport.store.db import Database

    rows = []
    half = len(docs) // 2
    store = Store(url)
    with timer() as t:
        for item in docs[:half]:
            store.save(item)
    rows.append((label, "save (1 transaction per document)", half, t.seconds, rate(half, t.seconds)))
    with timer() as t:
        for item in docs[half:]:
            store_stage(store, item, store.record_failure)
    rows.append((label, "save + merge (run_batch's store step)", len(docs) - half, t.seconds,
                 rate(len(docs) - half, t.seconds)))
    store.db.dispose()

    for merge in (False, True):
        target = url if not merge else url + "_m"
        db = Database(target)
        with timer() as t:
            report = load_dataset(dataset, db, merge=merge)
        db.dispose()
        what = "bulk load " + ("COPY" if url.startswith("postgresql") else "executemany") + (" + merge" if merge else "")
        rows.append((label, what, report.documents, t.seconds, rate(report.documents, t.seconds)))
    return rows


def run(args: BenchArgs) -> list[Table]:
    from warreport.scale.parquet import start_dataset, write_partition

    n = int(args.extra.get("ingest_docs", args.size(full=2000, quick=300)))
    scratch = args.scratch("ingest")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    # The per-document paths and the bulk loads get different documents, so no path
    # meets documents another one already stored.
    docs = _documents(n, args.seed)
    bulk = _documents(n, args.seed, offset=n)
    warm = scratch / "warm"  # first use imports pyarrow's pandas glue; keep that out of the timing
    start_dataset(warm, ["synthetic"])
    write_partition(warm, "part-00000", bulk[:1], [])
    dataset = scratch / "parquet"
    start_dataset(dataset, ["synthetic"])
    part = 500
    with timer() as t:
        for i in range(0, len(bulk), part):
            write_partition(dataset, f"part-{i // part:05d}", bulk[i : i + part], [])
    rows: list[tuple[str, str, int, float, float]] = [
        ("files", "Parquet write (a Dask task's output)", len(bulk), t.seconds, rate(len(bulk), t.seconds))
    ]

    sqlite = scratch / "sqlite"
    sqlite.mkdir()
    # The "_m" suffix (a second database for the load with merge) must form a valid URL.
    rows += _measure(f"sqlite:///{sqlite / 'store.db'}", docs, dataset, "SQLite")
    notes = []
    if args.postgres:
        try:
            with ExitStack() as stack:
                admin = stack.enter_context(local_postgres("ingest", PG_PORT))
                url = fresh_database(admin, "wr_bench_ingest")
                fresh_database(admin, "wr_bench_ingest_m")
                rows += _measure(url, docs, dataset, "PostgreSQL")
        except BenchSkipped as exc:
            notes.append(f"PostgreSQL skipped: {exc}")
    else:
        notes.append("PostgreSQL skipped (--no-postgres)")
    caption = (f"{n:,} synthetic 500-word documents, {EVENTS_PER_DOC} events and 2 comments each, per path. "
               + " ".join(notes))
    return [make_table("store ingest throughput", ["store", "path", "documents", "seconds", "documents/s"], rows,
                       caption=caption)]
