"""The store's API: what the pipeline, the web app and the exports call.

Each document is saved with its comments and events in one transaction, so a process
killed mid-batch leaves every finished document whole and no half-written one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from warreport.errors import NotFoundError
from warreport.model import (
    Certainty,
    Comment,
    Document,
    Event,
    Failure,
    Moderation,
    ModerationLabel,
    ProcessedDocument,
    Provenance,
    Quantity,
    RationaleSpan,
)
from warreport.store.db import Database
from warreport.store.query import (
    EventQuery,
    decode_cursor,
    encode_cursor,
    haversine_km,
    radius_bbox,
)
from warreport.store.schema import CommentRow, DocumentRow, EventRow, FailureRow

_EVENT_SCALARS = ["event_id", "doc_id", "event_date", "date_start", "date_end", "time_precision", "event_type", "sub_event_type", "plover_type", "actor1", "actor2", "inter1", "inter2", "actor1_mention", "actor2_mention", "location", "admin1", "admin2", "country", "iso", "latitude", "longitude", "geo_precision", "geonameid", "fatalities", "sentence", "start_char", "end_char", "source", "source_url", "notes", "corroboration", "canonical_id"]
_EVENT_LISTS = ("assoc_actor_1", "assoc_actor_2", "sub_locations", "weapons", "framing")


def event_to_row(event: Event) -> EventRow:
    row = EventRow(**{name: getattr(event, name) for name in _EVENT_SCALARS})
    for name in _EVENT_LISTS:
        setattr(row, name, list(getattr(event, name)))
    row.certainty = event.certainty.value
    row.quantities = [q.model_dump(mode="json") for q in event.quantities]
    row.fields_provenance = {k: p.model_dump(mode="json") for k, p in event.fields_provenance.items()}
    return row


def row_to_event(row: EventRow) -> Event:
    data = {name: getattr(row, name) for name in _EVENT_SCALARS}
    for name in _EVENT_LISTS:
        data[name] = list(getattr(row, name) or [])
    return Event(
        **data,
        certainty=Certainty(row.certainty),
        quantities=[Quantity(**q) for q in row.quantities or []],
        fields_provenance={k: Provenance(**p) for k, p in (row.fields_provenance or {}).items()},
    )


def document_to_row(doc: Document, n_events: int = 0) -> DocumentRow:
    return DocumentRow(
        doc_id=doc.doc_id,
        url=doc.url,
        title=doc.title,
        published=doc.published,
        source=doc.source,
        language=doc.language,
        body=list(doc.body),
        boilerplate=list(doc.boilerplate),
        format=doc.format,
        origin=doc.origin,
        n_events=n_events,
    )


def comment_to_row(doc_id: str, comment: Comment) -> CommentRow:
    mod = comment.moderation
    return CommentRow(
        doc_id=doc_id,
        idx=comment.index,
        author=comment.author,
        text=comment.text,
        reply_to=comment.reply_to,
        published=comment.published,
        label=mod.label.value if mod else None,
        label_score=mod.score if mod else None,
        target=mod.target if mod else None,
        rationale=[r.model_dump(mode="json") for r in mod.rationale] if mod else [],
        rule=mod.rule if mod else None,
    )


def row_to_comment(row: CommentRow) -> Comment:
    moderation = None
    if row.label:
        moderation = Moderation(
            label=ModerationLabel(row.label),
            score=row.label_score or 0.0,
            target=row.target,
            rationale=[RationaleSpan(**r) for r in row.rationale or []],
            rule=row.rule or "",
        )
    return Comment(
        index=row.idx,
        author=row.author,
        text=row.text,
        reply_to=row.reply_to,
        published=row.published,
        moderation=moderation,
    )


def row_to_document(row: DocumentRow, comments: Iterable[CommentRow] = ()) -> Document:
    return Document(
        title=row.title,
        published=row.published,
        source=row.source,
        url=row.url,
        language=row.language,
        body=list(row.body or []),
        boilerplate=list(row.boilerplate or []),
        comments=[row_to_comment(c) for c in sorted(comments, key=lambda c: c.idx)],
        external_id=row.doc_id,
        origin=row.origin,
        format=row.format,
    )


@dataclass(frozen=True)
class StoreStats:
    documents: int
    events: int
    comments: int
    failures: int


class Store:
    """Documents, comments, events and failures in a SQL database."""

    def __init__(self, db: Database | str) -> None:
        self.db = Database(db) if isinstance(db, str) else db

    # -- writing -----------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        with self.db.session() as s:
            return s.get(DocumentRow, doc_id) is not None

    def known_doc_ids(self, doc_ids: Iterable[str]) -> set[str]:
        ids = list(doc_ids)
        found: set[str] = set()
        with self.db.session() as s:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                found.update(s.scalars(select(DocumentRow.doc_id).where(DocumentRow.doc_id.in_(chunk))))
        return found

    def save(self, processed: ProcessedDocument, *, then: Callable[[Session], None] | None = None) -> bool:
        """Store a document with its comments and events. False if it was already there.

        ``then`` runs in the same transaction once the rows are added (the pipeline merges the
        events there), so a crash leaves the document either stored with it or not at all.
        """
        doc = processed.document
        with self.db.session() as s:
            if s.get(DocumentRow, doc.doc_id) is not None:
                return False
            self._add(s, processed)
            if then is not None:
                s.flush()
                then(s)
        return True

    def save_many(self, batch: Iterable[ProcessedDocument]) -> int:
        """Store several documents in one transaction; returns how many were new."""
        new = 0
        with self.db.session() as s:
            seen: set[str] = set()
            for processed in batch:
                doc_id = processed.document.doc_id
                if doc_id in seen or s.get(DocumentRow, doc_id) is not None:
                    continue
                seen.add(doc_id)
                self._add(s, processed)
                new += 1
        return new

    @staticmethod
    def _add(s: Session, processed: ProcessedDocument) -> None:
        doc = processed.document
        s.add(document_to_row(doc, n_events=len(processed.events)))
        s.flush()
        for comment in doc.comments:
            s.add(comment_to_row(doc.doc_id, comment))
        seen: set[str] = set()
        for event in processed.events:
            if event.event_id in seen:
                continue
            seen.add(event.event_id)
            s.add(event_to_row(event))

    def record_failure(self, failure: Failure) -> None:
        """Record why a page failed; a re-run replaces the page's earlier record at that stage."""
        with self.db.session() as s:
            s.execute(
                delete(FailureRow).where(
                    FailureRow.origin == failure.origin, FailureRow.stage == failure.stage
                )
            )
            s.add(
                FailureRow(
                    origin=failure.origin,
                    reason=failure.reason,
                    error_type=failure.error_type,
                    stage=failure.stage,
                )
            )

    def replace_events(self, doc_id: str, events: list[Event]) -> None:
        """Re-extraction: replace a document's machine events."""
        with self.db.session() as s:
            s.execute(delete(EventRow).where(EventRow.doc_id == doc_id))
            for event in events:
                s.add(event_to_row(event))

    # -- reading -----------------------------------------------------------------
    def stats(self) -> StoreStats:
        with self.db.session() as s:
            return StoreStats(
                documents=s.scalar(select(func.count()).select_from(DocumentRow)) or 0,
                events=s.scalar(select(func.count()).select_from(EventRow)) or 0,
                comments=s.scalar(select(func.count()).select_from(CommentRow)) or 0,
                failures=s.scalar(select(func.count()).select_from(FailureRow)) or 0,
            )

    def failures(self) -> list[Failure]:
        with self.db.session() as s:
            rows = s.scalars(select(FailureRow).order_by(FailureRow.id)).all()
            return [
                Failure(origin=r.origin, reason=r.reason, error_type=r.error_type, stage=r.stage)
                for r in rows
            ]

    def get_document(self, doc_id: str) -> Document:
        with self.db.session() as s:
            row = s.get(DocumentRow, doc_id)
            if row is None:
                raise NotFoundError(f"no document {doc_id!r}")
            comments = s.scalars(select(CommentRow).where(CommentRow.doc_id == doc_id)).all()
            return row_to_document(row, comments)

    def iter_documents(self, batch: int = 200) -> Iterator[Document]:
        last = ""
        while True:
            with self.db.session() as s:
                rows = s.scalars(
                    select(DocumentRow).where(DocumentRow.doc_id > last).order_by(DocumentRow.doc_id).limit(batch)
                ).all()
                if not rows:
                    return
                ids = [r.doc_id for r in rows]
                comments: dict[str, list[CommentRow]] = {}
                for c in s.scalars(select(CommentRow).where(CommentRow.doc_id.in_(ids))):
                    comments.setdefault(c.doc_id, []).append(c)
                docs = [row_to_document(r, comments.get(r.doc_id, [])) for r in rows]
            yield from docs
            last = ids[-1]

    def get_event(self, event_id: str) -> Event:
        with self.db.session() as s:
            row = s.get(EventRow, event_id)
            if row is None:
                raise NotFoundError(f"no event {event_id!r}")
            return row_to_event(row)

    def events_of(self, doc_id: str) -> list[Event]:
        with self.db.session() as s:
            rows = s.scalars(
                select(EventRow).where(EventRow.doc_id == doc_id).order_by(EventRow.start_char)
            ).all()
            return [row_to_event(r) for r in rows]

    def query_events(self, query: EventQuery) -> tuple[list[Event], str | None]:
        """Events matching a query, newest first, with a cursor for the next page."""
        stmt = self._filtered(query)
        if query.cursor:
            day, event_id = decode_cursor(query.cursor)
            if day is None:
                stmt = stmt.where(and_(EventRow.event_date.is_(None), EventRow.event_id > event_id))
            else:
                stmt = stmt.where(
                    or_(
                        EventRow.event_date < day,
                        and_(EventRow.event_date == day, EventRow.event_id > event_id),
                        EventRow.event_date.is_(None),
                    )
                )
        stmt = stmt.order_by(EventRow.event_date.desc().nulls_last(), EventRow.event_id)
        with self.db.session() as s:
            rows: list[EventRow] = list(s.scalars(stmt.limit(query.limit + 1)))
        cursor = None
        if len(rows) > query.limit:
            rows = rows[: query.limit]
            cursor = encode_cursor(rows[-1].event_date, rows[-1].event_id)
        events = [row_to_event(r) for r in rows]
        if query.radius_km is not None and query.lat is not None and query.lon is not None:
            lat, lon, km = query.lat, query.lon, query.radius_km
            events = [
                e
                for e in events
                if e.latitude is not None
                and e.longitude is not None
                and haversine_km(lat, lon, e.latitude, e.longitude) <= km
            ]
        return events, cursor

    def iter_events(self, query: EventQuery) -> Iterator[Event]:
        """Every event matching a query, page by page (for exports)."""
        page = query.model_copy(update={"limit": min(query.limit, 5000), "cursor": None})
        while True:
            events, cursor = self.query_events(page)
            yield from events
            if cursor is None:
                return
            page = page.model_copy(update={"cursor": cursor})

    @staticmethod
    def _filtered(query: EventQuery) -> Select[Any]:
        stmt = select(EventRow)
        conds = []
        if query.date_from:
            conds.append(EventRow.event_date >= query.date_from)
        if query.date_to:
            conds.append(EventRow.event_date <= query.date_to)
        bbox = query.bbox
        if query.radius_km is not None and query.lat is not None and query.lon is not None:
            bbox = radius_bbox(query.lat, query.lon, query.radius_km)
        if bbox is not None:
            min_lon, min_lat, max_lon, max_lat = bbox
            conds += [
                EventRow.longitude >= min_lon,
                EventRow.longitude <= max_lon,
                EventRow.latitude >= min_lat,
                EventRow.latitude <= max_lat,
            ]
        for column, value in (
            (EventRow.country, query.country),
            (EventRow.admin1, query.admin1),
            (EventRow.event_type, query.event_type),
            (EventRow.sub_event_type, query.sub_event_type),
            (EventRow.source, query.source),
            (EventRow.doc_id, query.doc_id),
        ):
            if value:
                conds.append(func.lower(column) == value.lower())
        if query.actor:
            pattern = f"%{query.actor.lower()}%"
            conds.append(or_(func.lower(EventRow.actor1).like(pattern), func.lower(EventRow.actor2).like(pattern)))
        if query.certainty:
            conds.append(EventRow.certainty == query.certainty.lower())
        elif not query.include_uncertain:
            conds.append(EventRow.certainty.in_([c.value for c in Certainty if c.is_factual]))
        if query.q:
            pattern = f"%{query.q.lower()}%"
            conds.append(
                or_(func.lower(EventRow.sentence).like(pattern), func.lower(EventRow.location).like(pattern))
            )
        if conds:
            stmt = stmt.where(and_(*conds))
        return stmt
