"""Helpers of the scale tests: documents with events, and the store's content as a comparable set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from warreport.model import ProcessedDocument
from warreport.scale.corpus import synthetic_report
from warreport.store import Store
from warreport.store.repository import row_to_event
from warreport.store.schema import CommentRow, DocumentRow, EventRow

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "src" / "warreport" / "data" / "samples"
SEED = (REPO / ".." / "shared" / "seed" / "war-report-2017-11-01.txt").resolve()


def processed(i: int, n_events: int = 3, comments: int = 1) -> ProcessedDocument:
    """A synthetic report as a Document with ``n_events`` made-up events."""
    return synthetic_report(i, words=120, seed=99).as_processed(n_events, comments)


def store_content(url: str) -> dict[str, Any]:
    """Everything a run leaves in the store that must not depend on how it ran."""
    store = Store(url)
    with store.db.session() as s:
        events = {
            e.event_id: e.model_dump(mode="json")
            for e in (row_to_event(r) for r in s.scalars(select(EventRow)))
        }
        docs = {
            r.doc_id: (r.url, r.title, r.published, r.source, r.language, tuple(r.body), tuple(r.boilerplate),
                       r.format, r.origin, r.n_events)
            for r in s.scalars(select(DocumentRow))
        }
        comments = sorted(
            (r.doc_id, r.idx, r.author, r.text, r.reply_to, r.label, r.label_score, r.target, r.rule)
            for r in s.scalars(select(CommentRow))
        )
    failures = sorted((f.origin, f.stage, f.error_type, f.reason) for f in store.failures())
    store.db.dispose()
    return {"events": events, "documents": docs, "comments": comments, "failures": failures}



def require_extractor() -> None:
    """Skip when the event extractor is not importable yet (it is built in parallel)."""
    import pytest

    import warreport.extract

    if not hasattr(warreport.extract, "extract_many"):
        pytest.skip("warreport.extract.extract_many is not available yet")
