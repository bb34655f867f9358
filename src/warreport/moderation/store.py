"""Moderation labels in the store: label a stored document's comments, override a label.

The machine label lives on the comment row (``comments.label``, ``label_score``, ``target``,
``rationale``, ``rule``); a moderator's override is a review row (``comment_reviews``, written
by :class:`warreport.review.service.ReviewStore`) and never changes the machine label.
:func:`labelled_comments` gives both: each comment with its machine label and, when a
moderator reviewed it, the reviewed label in front.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from warreport.errors import NotFoundError
from warreport.model import Comment, ModerationLabel
from warreport.store.db import Database
from warreport.store.schema import CommentRow, DocumentRow


@dataclass(frozen=True)
class LabelledComment:
    """A stored comment, its machine label and the moderator's override if any."""

    comment: Comment
    machine_label: str | None
    reviewed_label: str | None = None
    reviewed_by: str | None = None
    review_note: str = ""

    @property
    def label(self) -> str | None:
        """The label in force: the moderator's when there is one, else the machine's."""
        return self.reviewed_label or self.machine_label

    @property
    def collapsed(self) -> bool:
        """Hidden by default on the map page (hate and threats)."""
        return self.label in (ModerationLabel.HATE.value, ModerationLabel.THREAT.value)


def _db(db: Database | str) -> Database:
    return Database(db) if isinstance(db, str) else db


def moderate_stored(db: Database | str, doc_id: str, *, force: bool = False) -> int:
    """Label the comments of a stored document (only unlabelled ones unless ``force``).

    Returns the number of comments labelled.
    """
    from warreport.moderation.classifier import default_moderator

    database = _db(db)
    with database.session() as s:
        if s.get(DocumentRow, doc_id) is None:
            raise NotFoundError(f"no document {doc_id!r}")
        rows = list(s.scalars(select(CommentRow).where(CommentRow.doc_id == doc_id).order_by(CommentRow.idx)))
        todo = [r for r in rows if force or not r.label]
        if not todo:
            return 0
        labels = default_moderator().moderate_texts([r.text for r in todo])
        for row, mod in zip(todo, labels, strict=True):
            row.label = mod.label.value
            row.label_score = mod.score
            row.target = mod.target
            row.rationale = [r.model_dump(mode="json") for r in mod.rationale]
            row.rule = mod.rule
        return len(todo)


def override_label(
    db: Database | str, doc_id: str, comment_idx: int, label: str, author: str, note: str = ""
) -> str:
    """A moderator's label for one comment, stored as a review; returns the label stored.

    Raises InputError for an unknown label and NotFoundError for an unknown comment.
    """
    from warreport.review.service import ReviewStore

    review = ReviewStore(_db(db)).override_comment_label(doc_id, comment_idx, label, author, note)
    return review.label


def labelled_comments(db: Database | str, doc_id: str) -> list[LabelledComment]:
    """The comments of a stored document with machine and reviewed labels, in thread order."""
    from warreport.review.service import ReviewStore
    from warreport.store.repository import Store

    database = _db(db)
    document = Store(database).get_document(doc_id)
    reviews = ReviewStore(database).comment_labels(doc_id)
    out: list[LabelledComment] = []
    for c in document.comments:
        review = reviews.get(c.index)
        out.append(
            LabelledComment(
                comment=c,
                machine_label=c.moderation.label.value if c.moderation else None,
                reviewed_label=review.label if review else None,
                reviewed_by=review.author if review else None,
                review_note=review.note if review else "",
            )
        )
    return out
