"""The per-document pipeline and the batch runner: fetch → parse → extract → store.

Each stage is a plain function over model objects, so a Dask task or a worker process
can call it unchanged. One bad document never aborts a batch: the per-item error
handler (swappable) turns its exception into a recorded :class:`Failure`.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NoReturn, Protocol

from warreport.config import Config
from warreport.errors import InputError, StoreError, TooLargeError, WarreportError
from warreport.ingest.page import parse_page
from warreport.logs import get_logger
from warreport.model import Document, Event, Failure, ProcessedDocument, RawPage

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = get_logger(__name__)

SUPPORTED_LANGUAGES = {"en"}

ErrorHandler = Callable[[str, BaseException, str], Failure]


def record_and_continue(origin: str, exc: BaseException, stage: str) -> Failure:
    """Default handler: turn any per-document error into a Failure and go on."""
    if isinstance(exc, WarreportError):
        reason = exc.message
    else:
        reason = f"internal error {type(exc).__name__}: {exc}"
        log.error("unexpected error on %s", origin, extra={"stage": stage, "trace": traceback.format_exc()})
    return Failure(origin=origin, reason=reason, error_type=type(exc).__name__, stage=stage)


def raise_errors(origin: str, exc: BaseException, stage: str) -> NoReturn:
    """Strict handler for tests and debugging: re-raise."""
    raise exc


class UnsupportedLanguageError(InputError):
    """The page is not in a language the extractor reads."""


def check_language(doc: Document) -> None:
    if doc.language is not None and doc.language not in SUPPORTED_LANGUAGES:
        from warreport.ingest.language import language_name

        raise UnsupportedLanguageError(
            f"{doc.origin}: the page is in {language_name(doc.language)} ({doc.language!r}); "
            "event extraction reads English only"
        )


def check_body_size(doc: Document, max_chars: int) -> None:
    """Refuse a body too long for extraction: the NLP pipeline's memory grows with its length."""
    size = sum(len(p) for p in doc.body)
    if size > max_chars:
        raise TooLargeError(
            f"{doc.origin}: the article body has {size:,} characters, over the limit of {max_chars:,} "
            "(setting max_body_chars)"
        )


def parse_stage(raw: RawPage, config: Config) -> Document:
    doc = parse_page(raw, max_bytes=config.max_page_bytes)
    check_language(doc)
    check_body_size(doc, config.max_body_chars)
    return doc


def extract_stage(docs: list[Document], config: Config) -> list[ProcessedDocument]:
    from warreport.extract import extract_many

    return [
        ProcessedDocument(document=doc, events=events)
        for doc, events in extract_many(docs, n_process=1, batch_size=config.batch_size)
    ]


def moderate_stage(doc: Document) -> Document:
    from warreport.moderation import moderate_comments

    if not doc.comments:
        return doc
    return doc.model_copy(update={"comments": moderate_comments(doc.comments)})


def process_raw(raw: RawPage, config: Config) -> ProcessedDocument:
    """The whole per-document pipeline for one page (no store)."""
    doc = moderate_stage(parse_stage(raw, config))
    return extract_stage([doc], config)[0]


def merge_in(session: Session, events: list[Event], origin: str) -> Failure | None:
    """Merge stored events into the canonical events inside ``session``'s transaction
    (analysis/merge.py), under a savepoint: a failure is undone, returned, and the rest stays."""
    from sqlalchemy.exc import SQLAlchemyError

    from warreport.analysis.persist import merge_new_events

    try:
        with session.begin_nested():
            merge_new_events(session, events)
    except WarreportError as exc:
        return record_and_continue(origin, exc, "merge")
    except SQLAlchemyError as exc:
        return record_and_continue(origin, StoreError(f"cannot merge the events: {exc}"), "merge")
    return None


def store_stage(sink: Sink, processed: ProcessedDocument, fail: Callable[[Failure], None]) -> bool:
    """Store a document; in a :class:`~warreport.store.Store`, merge its events into the canonical
    events in the same transaction, so a crash never leaves a stored document unmerged. False if
    the document was already stored.

    A merge failure leaves the document stored (``warreport merge --rebuild`` catches up) and is
    recorded with stage "merge".
    """
    from warreport.store.repository import Store

    if not processed.events or not isinstance(sink, Store):
        return sink.save(processed)
    origin = processed.document.origin or processed.document.doc_id
    failures: list[Failure] = []

    def merge(session: Session) -> None:
        failure = merge_in(session, processed.events, origin)
        if failure is not None:
            failures.append(failure)

    saved = sink.save(processed, then=merge)
    for failure in failures:
        fail(failure)
    return saved


class Sink(Protocol):
    def known_doc_ids(self, doc_ids: Iterable[str]) -> set[str]: ...
    def save(self, processed: ProcessedDocument) -> bool: ...
    def record_failure(self, failure: Failure) -> None: ...


@dataclass
class BatchReport:
    seen: int = 0
    new: int = 0
    duplicates: int = 0
    events: int = 0
    failures: list[Failure] = field(default_factory=list)


def _batches(items: Iterable[RawPage | Failure], size: int) -> Iterator[list[RawPage | Failure]]:
    batch: list[RawPage | Failure] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_batch(
    items: Iterable[RawPage | Failure],
    sink: Sink,
    config: Config,
    *,
    on_error: ErrorHandler = record_and_continue,
    on_progress: Callable[[int], None] | None = None,
) -> BatchReport:
    """Parse, extract and store every page; each document is committed on its own."""
    report = BatchReport()

    def fail(failure: Failure) -> None:
        report.failures.append(failure)
        sink.record_failure(failure)
        log.warning("failed %s: %s", failure.origin, failure.reason, extra={"stage": failure.stage})

    for batch in _batches(items, max(1, config.batch_size)):
        docs: list[Document] = []
        for item in batch:
            report.seen += 1
            if isinstance(item, Failure):
                fail(item)
                continue
            try:
                docs.append(moderate_stage(parse_stage(item, config)))
            except Exception as exc:  # noqa: BLE001 - the handler decides; one page never aborts a batch
                fail(on_error(item.origin, exc, "parse"))
        known = sink.known_doc_ids(d.doc_id for d in docs)
        fresh: list[Document] = []
        for doc in docs:
            if doc.doc_id in known:
                report.duplicates += 1
            else:
                known.add(doc.doc_id)
                fresh.append(doc)
        try:
            processed = extract_stage(fresh, config)
        except Exception:  # noqa: BLE001 - retry one by one to isolate the bad document
            processed = []
            for doc in fresh:
                try:
                    processed.extend(extract_stage([doc], config))
                except Exception as exc:  # noqa: BLE001
                    fail(on_error(doc.origin or doc.doc_id, exc, "extract"))
        for done in processed:
            try:
                if store_stage(sink, done, fail):
                    report.new += 1
                    report.events += len(done.events)
                else:
                    report.duplicates += 1
            except WarreportError as exc:
                fail(on_error(done.document.origin or done.document.doc_id, exc, "store"))
        if on_progress is not None:
            on_progress(len(batch))
    return report
