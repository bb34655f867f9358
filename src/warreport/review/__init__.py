"""Analyst review of events: confirm, correct or reject (stored as versions), votes,
sentence-anchored annotations and moderators' overrides of comment labels."""

from warreport.review.service import (
    REVIEWABLE_FIELDS,
    Annotation,
    CommentLabel,
    EventVersion,
    ReviewedEvent,
    ReviewStore,
)

__all__ = [
    "REVIEWABLE_FIELDS",
    "Annotation",
    "CommentLabel",
    "EventVersion",
    "ReviewStore",
    "ReviewedEvent",
]
