"""Reviews as versions: the machine's event row is never changed.

Every review adds one row to ``event_versions`` holding the action, the fields it changed
(old and new values) and the full set of corrections so far; the newest version overlays
the machine event in reviewed views and exports. Votes, annotations anchored to a sentence
of the source document, and comment-label overrides live beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from warreport.errors import InputError, NotFoundError
from warreport.model import Event, ModerationLabel
from warreport.store.db import Database
from warreport.store.schema import (
    AnnotationRow,
    CommentReviewRow,
    CommentRow,
    DocumentRow,
    EventRow,
    EventVersionRow,
    VoteRow,
    utcnow,
)

Action = Literal["confirm", "correct", "reject"]
STATUS_OF: dict[str, str] = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}

# Identity and provenance stay the machine's; every coded field can be corrected.
REVIEWABLE_FIELDS: frozenset[str] = frozenset(Event.model_fields) - {
    "event_id",
    "doc_id",
    "fields_provenance",
    "canonical_id",
    "start_char",
    "end_char",
}


class EventVersion(BaseModel):
    event_id: str
    version: int
    action: str
    status: str
    changes: dict[str, list[Any]]
    values: dict[str, Any]
    note: str
    author: str
    at: datetime


class ReviewedEvent(BaseModel):
    """An event as analysts see it: reviewed values, review status, votes."""

    event: Event
    status: str = "unreviewed"  # unreviewed | confirmed | corrected | rejected
    version: int = 0
    corrected_fields: list[str] = []
    votes: int = 0


class Annotation(BaseModel):
    id: int
    doc_id: str
    event_id: str | None
    start_char: int
    end_char: int
    quote: str
    text: str
    author: str
    at: datetime


class CommentLabel(BaseModel):
    comment_idx: int
    label: str
    old_label: str | None
    note: str
    author: str
    at: datetime


def _version(row: EventVersionRow) -> EventVersion:
    return EventVersion(
        event_id=row.event_id,
        version=row.version,
        action=row.action,
        status=row.status,
        changes=dict(row.changes or {}),
        values=dict(row.values or {}),
        note=row.note,
        author=row.author,
        at=row.at,
    )


def apply_values(event: Event, values: dict[str, Any]) -> Event:
    """The event with corrected values laid over the machine's."""
    if not values:
        return event
    data = event.model_dump()
    data.update(values)
    return Event.model_validate(data)


def validate_changes(event: Event, changes: dict[str, Any]) -> dict[str, Any]:
    """Check field names and types; return the changes as JSON-ready values."""
    unknown = sorted(set(changes) - REVIEWABLE_FIELDS)
    if unknown:
        raise InputError(f"cannot correct field(s) {', '.join(unknown)}; "
                         f"correctable: {', '.join(sorted(REVIEWABLE_FIELDS))}")
    if not changes:
        raise InputError("a correction needs at least one changed field")
    data = event.model_dump()
    data.update(changes)
    try:
        corrected = Event.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"invalid value for {where}: {first['msg']}") from exc
    dumped = corrected.model_dump(mode="json")
    return {name: dumped[name] for name in changes}


class ReviewStore:
    """Reviews, votes, annotations and comment-label overrides over one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- event reviews -------------------------------------------------------------
    def review(
        self,
        event_id: str,
        action: Action,
        author: str,
        changes: dict[str, Any] | None = None,
        note: str = "",
    ) -> EventVersion:
        from warreport.store.repository import row_to_event

        if action not in STATUS_OF:
            raise InputError(f"unknown review action {action!r}: confirm, correct or reject")
        with self.db.session() as s:
            row = s.get(EventRow, event_id)
            if row is None:
                raise NotFoundError(f"no event {event_id!r}")
            machine = row_to_event(row)
            last = s.scalars(
                select(EventVersionRow)
                .where(EventVersionRow.event_id == event_id)
                .order_by(EventVersionRow.version.desc())
                .limit(1)
            ).first()
            values: dict[str, Any] = dict(last.values) if last else {}
            diff: dict[str, list[Any]] = {}
            if action == "correct":
                new = validate_changes(machine, changes or {})
                before = apply_values(machine, values).model_dump(mode="json")
                diff = {k: [before[k], v] for k, v in new.items() if before[k] != v}
                if not diff:
                    raise InputError("the correction changes nothing")
                values.update(new)
            elif changes:
                raise InputError(f"{action} takes no field changes; use correct")
            version = EventVersionRow(
                event_id=event_id,
                version=(last.version if last else 0) + 1,
                action=action,
                status=STATUS_OF[action],
                changes=diff,
                values=values,
                note=note,
                author=author,
                at=utcnow().replace(microsecond=0),
            )
            s.add(version)
            s.flush()
            return _version(version)

    def history(self, event_id: str) -> list[EventVersion]:
        with self.db.session() as s:
            if s.get(EventRow, event_id) is None:
                raise NotFoundError(f"no event {event_id!r}")
            rows = s.scalars(
                select(EventVersionRow)
                .where(EventVersionRow.event_id == event_id)
                .order_by(EventVersionRow.version)
            ).all()
            return [_version(r) for r in rows]

    def latest(self, event_ids: Iterable[str]) -> dict[str, EventVersion]:
        with self.db.session() as s:
            return self._latest(s, list(dict.fromkeys(event_ids)))

    @staticmethod
    def _latest(s: Any, ids: list[str]) -> dict[str, EventVersion]:
        found: dict[str, EventVersion] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = s.scalars(
                select(EventVersionRow)
                .where(EventVersionRow.event_id.in_(chunk))
                .order_by(EventVersionRow.event_id, EventVersionRow.version)
            ).all()
            found.update({r.event_id: _version(r) for r in rows})  # the newest one wins
        return found

    def reviewed(self, events: Iterable[Event], *, with_votes: bool = True) -> list[ReviewedEvent]:
        """Overlay the newest review of each event; count its votes (one session, two queries)."""
        events = list(events)
        if not events:
            return []
        ids = list(dict.fromkeys(e.event_id for e in events))
        with self.db.session() as s:
            versions = self._latest(s, ids)
            scores = self._vote_scores(s, ids) if with_votes else {}
        out = []
        for event in events:
            v = versions.get(event.event_id)
            out.append(
                ReviewedEvent(
                    event=apply_values(event, v.values) if v else event,
                    status=v.status if v else "unreviewed",
                    version=v.version if v else 0,
                    corrected_fields=sorted(v.values) if v else [],
                    votes=scores.get(event.event_id, 0),
                )
            )
        return out

    # -- votes ---------------------------------------------------------------------
    def vote(self, event_id: str, voter: str, value: int) -> int:
        """Set one voter's vote (+1, -1, or 0 to withdraw); returns the event's score."""
        if value not in (-1, 0, 1):
            raise InputError("a vote is +1, -1 or 0 (withdraw)")
        with self.db.session() as s:
            if s.get(EventRow, event_id) is None:
                raise NotFoundError(f"no event {event_id!r}")
            row = s.scalars(
                select(VoteRow).where(VoteRow.event_id == event_id, VoteRow.voter == voter)
            ).first()
            if value == 0:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(VoteRow(event_id=event_id, voter=voter, value=value))
            else:
                row.value = value
                row.at = utcnow()
            s.flush()
            return int(
                s.scalar(select(func.coalesce(func.sum(VoteRow.value), 0)).where(VoteRow.event_id == event_id))
                or 0
            )

    def vote_scores(self, event_ids: Iterable[str]) -> dict[str, int]:
        with self.db.session() as s:
            return self._vote_scores(s, list(dict.fromkeys(event_ids)))

    @staticmethod
    def _vote_scores(s: Any, ids: list[str]) -> dict[str, int]:
        scores: dict[str, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for event_id, total in s.execute(
                select(VoteRow.event_id, func.sum(VoteRow.value))
                .where(VoteRow.event_id.in_(chunk))
                .group_by(VoteRow.event_id)
            ):
                scores[event_id] = int(total or 0)
        return scores

    # -- annotations ---------------------------------------------------------------
    def annotate(
        self,
        doc_id: str,
        start_char: int,
        end_char: int,
        text: str,
        author: str,
        event_id: str | None = None,
    ) -> Annotation:
        from warreport.model import PARAGRAPH_SEPARATOR

        text = text.strip()
        if not text:
            raise InputError("an annotation needs text")
        with self.db.session() as s:
            doc = s.get(DocumentRow, doc_id)
            if doc is None:
                raise NotFoundError(f"no document {doc_id!r}")
            body = PARAGRAPH_SEPARATOR.join(doc.body or [])
            if not (0 <= start_char < end_char <= len(body)):
                raise InputError(
                    f"anchor {start_char}..{end_char} is outside the document (0..{len(body)})"
                )
            if event_id is not None:
                ev = s.get(EventRow, event_id)
                if ev is None or ev.doc_id != doc_id:
                    raise NotFoundError(f"no event {event_id!r} in document {doc_id!r}")
            row = AnnotationRow(
                doc_id=doc_id,
                event_id=event_id,
                start_char=start_char,
                end_char=end_char,
                quote=body[start_char:end_char],
                text=text,
                author=author,
                at=utcnow().replace(microsecond=0),
            )
            s.add(row)
            s.flush()
            return Annotation.model_validate(row, from_attributes=True)

    def annotations(self, doc_id: str, event_id: str | None = None) -> list[Annotation]:
        with self.db.session() as s:
            stmt = select(AnnotationRow).where(AnnotationRow.doc_id == doc_id)
            if event_id is not None:
                stmt = stmt.where(AnnotationRow.event_id == event_id)
            rows = s.scalars(stmt.order_by(AnnotationRow.start_char, AnnotationRow.id)).all()
            return [Annotation.model_validate(r, from_attributes=True) for r in rows]

    # -- comment labels --------------------------------------------------------------
    def override_comment_label(
        self, doc_id: str, comment_idx: int, label: str, author: str, note: str = ""
    ) -> CommentLabel:
        try:
            chosen = ModerationLabel(label)
        except ValueError as exc:
            allowed = ", ".join(m.value for m in ModerationLabel)
            raise InputError(f"unknown label {label!r}; one of {allowed}") from exc
        with self.db.session() as s:
            comment = s.scalars(
                select(CommentRow).where(CommentRow.doc_id == doc_id, CommentRow.idx == comment_idx)
            ).first()
            if comment is None:
                raise NotFoundError(f"no comment {comment_idx} in document {doc_id!r}")
            current = self._comment_labels(s, doc_id).get(comment_idx)
            row = CommentReviewRow(
                doc_id=doc_id,
                comment_idx=comment_idx,
                old_label=current.label if current else comment.label,
                label=chosen.value,
                note=note,
                author=author,
                at=utcnow().replace(microsecond=0),
            )
            s.add(row)
            try:
                s.flush()
            except IntegrityError as exc:
                raise InputError(f"cannot store the label: {exc.orig}") from exc
            return CommentLabel.model_validate(row, from_attributes=True)

    def comment_labels(self, doc_id: str) -> dict[int, CommentLabel]:
        """The newest override per comment index."""
        with self.db.session() as s:
            return self._comment_labels(s, doc_id)

    @staticmethod
    def _comment_labels(s: Any, doc_id: str) -> dict[int, CommentLabel]:
        rows = s.scalars(
            select(CommentReviewRow)
            .where(CommentReviewRow.doc_id == doc_id)
            .order_by(CommentReviewRow.id)
        ).all()
        return {r.comment_idx: CommentLabel.model_validate(r, from_attributes=True) for r in rows}
