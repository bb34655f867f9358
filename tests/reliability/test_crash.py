"""Crash safety: `warreport ingest` killed with SIGKILL mid-batch, then run again.

No document may be lost or stored twice, and every stored document must be whole: its
events and comments all there (``documents.n_events`` equals its stored events), its events
merged, the database intact; after the re-run the store equals an uninterrupted run's. Runs against SQLite and PostgreSQL, one process and a worker pool.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from scale.helpers import require_extractor, store_content
from warreport.config import load_config
from warreport.ingest.sources import iter_sources
from warreport.pipeline import run_batch
from warreport.scale.corpus import write_jsonl
from warreport.store import Store
from warreport.store.db import make_engine
from warreport.store.schema import DocumentRow, EventRow

pytestmark = pytest.mark.timeout(900)

N_DOCS = 40


def _ingest(url: str, corpus: Path, workers: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "warreport", "--db", url, "ingest", "--quiet", "--workers", str(workers), str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill takes the pool workers too
    )


def _count(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(DocumentRow)) or 0)
    except Exception:  # noqa: BLE001 - the schema may not exist yet while the process starts
        return 0
    finally:
        engine.dispose()


def _kill_mid_run(url: str, corpus: Path, workers: int) -> int:
    """Start an ingest, SIGKILL it once some documents are stored; how many were stored then."""
    proc = _ingest(url, corpus, workers)
    deadline = time.monotonic() + 600
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored = _count(url)
        if stored >= 2:
            break
        time.sleep(0.05)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, f"ingest ended on its own: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}"
    return _count(url)


def _whole_documents(conn) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    """(doc_id, n_events recorded with it, events stored) per document; asserts they agree."""
    rows = conn.execute(
        select(DocumentRow.doc_id, DocumentRow.n_events, func.count(EventRow.event_id))
        .outerjoin(EventRow, EventRow.doc_id == DocumentRow.doc_id)
        .group_by(DocumentRow.doc_id, DocumentRow.n_events)
    ).all()
    partial = [(doc, n, stored) for doc, n, stored in rows if n != stored]
    assert not partial, f"documents stored without all their events: {partial[:5]}"
    return [tuple(r) for r in rows]


def _check_consistent(url: str, *, complete: bool) -> None:
    """Every stored document is whole; with ``complete``, every document is there exactly once."""
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = _whole_documents(conn)
        if complete:
            assert sorted(r[0] for r in rows) == [f"syn-{i:08d}" for i in range(N_DOCS)]  # none lost, none twice
            assert sum(r[2] for r in rows) > 0
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        else:
            orphans = conn.scalar(text("SELECT count(*) FROM events e LEFT JOIN documents d USING (doc_id) WHERE d.doc_id IS NULL"))
            assert orphans == 0
    engine.dispose()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_extractor()
    return write_jsonl(tmp_path_factory.mktemp("crash") / "reports.jsonl", N_DOCS, words=150, seed=11)


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The store an ingest that nobody killed leaves (events merged, canonical ids and all)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'reference.db'}"
    config = load_config(environ={})
    run_batch(iter_sources([str(corpus)], config), Store(url), config)
    return store_content(url)


def test_sigkill_then_rerun_loses_and_duplicates_nothing(db_url: str, corpus: Path, uninterrupted: dict) -> None:
    before = _kill_mid_run(db_url, corpus, workers=1)
    assert 0 < before < N_DOCS
    _check_consistent(db_url, complete=False)
    rerun = _ingest(db_url, corpus, workers=1)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()[-2000:]
    _check_consistent(db_url, complete=True)
    assert store_content(db_url) == uninterrupted


def test_sigkill_of_a_worker_pool_then_rerun(tmp_path: Path, corpus: Path, uninterrupted: dict) -> None:
    url = f"sqlite:///{tmp_path / 'pool.db'}"
    before = _kill_mid_run(url, corpus, workers=2)
    assert 0 < before < N_DOCS
    _check_consistent(url, complete=False)
    rerun = _ingest(url, corpus, workers=2)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()[-2000:]
    _check_consistent(url, complete=True)
    assert store_content(url) == uninterrupted

