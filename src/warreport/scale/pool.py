"""Ingest on every local core: worker processes parse and extract, the parent writes the store.

The parent reads the sources and hands batches of raw pages to a pool of spawned worker
processes. Each worker runs the very same :func:`warreport.pipeline.run_batch` over its batch,
into a :class:`CollectingSink` that checks the store for documents it already holds (so a
re-run does not extract them again) and keeps the rest. The parent saves the results batch by
batch, in input order, one document per transaction, as the single-process run does: a run
killed at any moment leaves only whole documents, and running it again completes it.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from warreport.config import Config
from warreport.errors import WarreportError
from warreport.logs import setup_logging
from warreport.model import Failure, ProcessedDocument, RawPage
from warreport.pipeline import (
    BatchReport,
    ErrorHandler,
    Sink,
    _batches,
    record_and_continue,
    run_batch,
    store_stage,
)

# Batches in flight per worker: enough to keep every core busy while the parent writes,
# few enough that memory stays bounded by (workers x this x TASK_DOCS) documents.
IN_FLIGHT_PER_WORKER = 3
# Documents per task (at most batch_size): small enough that the work spreads evenly over the
# workers and the parent's writes keep pace, large enough for spaCy's batching to pay.
TASK_DOCS = 16


class WorkerError(WarreportError):
    """A worker process died (killed, out of memory); documents already stored are kept."""

    exit_code = 12


@dataclass
class CollectingSink:
    """A :class:`~warreport.pipeline.Sink` that keeps what it is given, in memory.

    ``known`` (for example ``Store.known_doc_ids``) names documents stored elsewhere already;
    they are reported as known and so skipped before extraction, as against the store itself.
    """

    known: Callable[[Iterable[str]], set[str]] | None = None
    processed: list[ProcessedDocument] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)

    def known_doc_ids(self, doc_ids: Iterable[str]) -> set[str]:
        ids = list(doc_ids)
        found = {i for i in ids if i in self._ids}
        if self.known is not None:
            found |= self.known([i for i in ids if i not in found])
        return found

    def save(self, processed: ProcessedDocument) -> bool:
        doc_id = processed.document.doc_id
        if doc_id in self._ids:
            return False
        self._ids.add(doc_id)
        self.processed.append(processed)
        return True

    def record_failure(self, failure: Failure) -> None:
        self.failures.append(failure)


# -- worker side ---------------------------------------------------------------------------

_worker: dict[str, object] = {}


def _init_worker(config: Config, store_url: str | None, on_error: ErrorHandler) -> None:
    setup_logging(config.log_level, config.log_format)
    _worker["config"] = config
    _worker["on_error"] = on_error
    if store_url is not None:
        from warreport.store import Store

        _worker["store"] = Store(store_url)


@dataclass
class BatchResult:
    processed: list[ProcessedDocument]
    failures: list[Failure]
    seen: int
    duplicates: int


def process_batch(items: list[RawPage | Failure]) -> BatchResult:
    """Run the pipeline over one batch in a worker; nothing is written to the store here."""
    config = _worker["config"]
    assert isinstance(config, Config)
    store = _worker.get("store")
    sink = CollectingSink(known=getattr(store, "known_doc_ids", None))
    report = run_batch(items, sink, config, on_error=_worker["on_error"])  # type: ignore[arg-type]
    return BatchResult(processed=sink.processed, failures=report.failures, seen=report.seen,
                       duplicates=report.duplicates)


# -- parent side ---------------------------------------------------------------------------


def _store_url(sink: Sink) -> str | None:
    url = getattr(getattr(sink, "db", None), "url", None)
    return url if isinstance(url, str) else None


def run_pool(
    items: Iterable[RawPage | Failure],
    sink: Sink,
    config: Config,
    *,
    workers: int | None = None,
    on_error: ErrorHandler = record_and_continue,
    on_progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """Like :func:`~warreport.pipeline.run_batch`, with parse and extract on ``workers`` processes."""
    n = max(1, workers if workers is not None else config.workers)
    report = BatchReport()

    def fail(failure: Failure) -> None:
        report.failures.append(failure)
        sink.record_failure(failure)

    def collect(size: int, future: Future[BatchResult]) -> None:
        try:
            result = future.result()
        except BrokenProcessPool as exc:
            raise WorkerError(f"a worker process died ({exc}); stored documents are kept, run ingest again") from exc
        report.seen += result.seen
        report.duplicates += result.duplicates
        for failure in result.failures:
            fail(failure)
        for item in result.processed:
            try:
                if store_stage(sink, item, fail):
                    report.new += 1
                    report.events += len(item.events)
                else:
                    report.duplicates += 1
            except WarreportError as exc:
                fail(on_error(item.document.origin or item.document.doc_id, exc, "store"))
        if on_progress is not None:
            on_progress(size)

    context = multiprocessing.get_context("spawn")
    pending: deque[tuple[int, Future[BatchResult]]] = deque()
    with ProcessPoolExecutor(
        max_workers=n,
        mp_context=context,
        initializer=_init_worker,
        initargs=(config, _store_url(sink), on_error),
    ) as pool:
        try:
            for batch in _batches(items, max(1, min(config.batch_size, TASK_DOCS))):
                pending.append((len(batch), pool.submit(process_batch, batch)))
                while len(pending) >= n * IN_FLIGHT_PER_WORKER:
                    collect(*pending.popleft())
            while pending:
                collect(*pending.popleft())
        except BaseException:
            for _, future in pending:
                future.cancel()
            raise
    return report
