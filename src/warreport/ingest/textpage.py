"""Plain-text pages: a title line, the article, page chrome and a comment thread.

Pages copied from a browser (like ../shared/seed) keep the page's chrome as lines of
text: donation appeals, a comment widget ("Notify of", "Newest Most Voted", ...) and
then the readers' comments, each under its author's name. This module separates them
with the patterns in ``data/page_patterns.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources

import yaml

from warreport.errors import EmptyInputError
from warreport.ingest.language import detect_language
from warreport.model import Comment, Document


@dataclass(frozen=True)
class PagePatterns:
    boilerplate: tuple[re.Pattern[str], ...]
    comment_widget: tuple[re.Pattern[str], ...]
    source: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def page_patterns() -> PagePatterns:
    raw = yaml.safe_load(resources.files("warreport.data").joinpath("page_patterns.yaml").read_text("utf-8"))

    def compile_all(key: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, flags) for p in raw[key])

    return PagePatterns(
        boilerplate=compile_all("boilerplate"),
        comment_widget=compile_all("comment_widget"),
        source=compile_all("source", 0),
    )


@dataclass
class Block:
    lines: list[str]
    blank_before: int

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines if line.strip())


def split_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    blanks = 0
    pending_blanks = 0
    for line in text.split("\n"):
        if line.strip():
            if not current:
                pending_blanks = blanks
            current.append(line)
            blanks = 0
        else:
            if current:
                blocks.append(Block(current, pending_blanks))
                current = []
            blanks += 1
    if current:
        blocks.append(Block(current, pending_blanks))
    return blocks


_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH_RE = "|".join(m.capitalize() + "|" + m[:3].capitalize() + r"\.?" for m in _MONTHS)
_DATE_PATTERNS = (
    re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH_RE})\s*,?\s+(?P<y>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<mm>\d\d)-(?P<d>\d\d)\b"),
)


def find_date(text: str) -> date | None:
    """The first full calendar date written in a line (title, byline)."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        try:
            if groups.get("mm"):
                month = int(groups["mm"])
            else:
                prefix = groups["m"].rstrip(".").lower()[:3]
                month = next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(prefix))
            return date(int(groups["y"]), month, int(groups["d"]))
        except (ValueError, StopIteration):
            continue
    return None


def _matches(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(p.search(text) for p in patterns)


_NAME_END = re.compile(r"[.!?:;)\]\"”…]$")


def looks_like_author(text: str) -> bool:
    """A comment author's handle: one short line with no sentence punctuation at the end."""
    words = text.split()
    return (
        0 < len(words) <= 6
        and len(text) <= 40
        and not _NAME_END.search(text)
        and "," not in text
        and not text[0].islower()
    )


def split_comments(blocks: list[Block]) -> list[Comment]:
    """Readers' comments from the blocks after the comment widget.

    An author's line is followed by one blank line and the comment; a comment without an
    author shown follows the previous one after two or more blank lines.
    """
    comments: list[Comment] = []
    author: str | None = None
    previous_was_author = False
    for i, block in enumerate(blocks):
        text = block.text
        can_be_author = (
            not previous_was_author
            and i < len(blocks) - 1
            and (i == 0 or block.blank_before == 1)
            and looks_like_author(text)
        )
        if can_be_author:
            author = text
            previous_was_author = True
            continue
        body = "\n".join(line.strip() for line in block.lines)
        comments.append(Comment(index=len(comments), author=author, text=body))
        author = None
        previous_was_author = False
    return comments


def parse_text_page(
    text: str,
    *,
    origin: str,
    url: str | None = None,
    published: date | None = None,
    source: str | None = None,
    title: str | None = None,
) -> Document:
    patterns = page_patterns()
    blocks = split_blocks(text)
    if not blocks:
        raise EmptyInputError(f"{origin}: the page is empty")
    if title is None:
        first = blocks[0]
        if len(first.lines) >= 1 and len(first.lines[0]) <= 300:
            title = first.lines[0].strip()
            rest = first.lines[1:]
            if rest:
                blocks[0] = Block(rest, 0)
            else:
                blocks = blocks[1:]
        else:
            title = ""
    if published is None:
        published = find_date(title) or next(
            (d for d in (find_date(b.text) for b in blocks[:3] if len(b.text) < 200) if d), None
        )

    body: list[str] = []
    boilerplate: list[str] = []
    comment_blocks: list[Block] = []
    in_comments = False
    for block in blocks:
        if in_comments:
            comment_blocks.append(block)
            continue
        # A block may start with widget lines followed by the first comment's lines.
        lines = list(block.lines)
        while lines and _matches(patterns.comment_widget, lines[0].strip()):
            boilerplate.append(lines.pop(0).strip())
            in_comments = True
        if in_comments:
            if lines:
                comment_blocks.append(Block(lines, 1))
            continue
        para = block.text
        if source is None:
            for sp in patterns.source:
                m = sp.match(para)
                if m:
                    source = m.group(1).strip()
                    break
        if _matches(patterns.boilerplate, para):
            boilerplate.append(para)
            continue
        body.append(para)
    if not body:
        raise EmptyInputError(f"{origin}: no article text found on the page")
    return Document(
        title=title or "",
        published=published,
        source=source,
        url=url,
        language=detect_language(" ".join(body)),
        body=body,
        boilerplate=boilerplate,
        comments=split_comments(comment_blocks),
        origin=origin,
        format="text",
    )


def parse_datetime(text: str) -> datetime | None:
    day = find_date(text)
    return datetime(day.year, day.month, day.day) if day else None
