"""warreport.moderation: screen reader comments (hate with its target, insult, threat, spam, ok).

Comments never feed event extraction. Heavy parts (the model) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from warreport.model import Comment, Moderation

__all__ = ["moderate_comments", "moderate_text"]


def moderate_comments(comments: list[Comment]) -> list[Comment]:
    """Copies of ``comments`` with ``.moderation`` set."""
    from warreport.moderation.classifier import moderate_comments as run

    return run(comments)


def moderate_text(text: str) -> Moderation:
    """The label of one text."""
    from warreport.moderation.classifier import moderate_text as run

    return run(text)
