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

from warreport.errors import EmptyInputError
from warreport.ingest.cleanup import matches_any, page_patterns
from warreport.ingest.language import detect_language
from warreport.model import Comment, Document


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


_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
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


_NAME_END = re.compile(r"[.!?:;)\]\"”…]$")
_INITIAL_END = re.compile(r"(?:^|\s)(?:[A-Z]|Jr|Sr|Dr)\.$")  # "Sami K.", "D. Miller Jr."
_CAPITALISED = re.compile(r"@?\b([A-Z][\w'’-]{2,})\b")
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "prof", "sir", "the"})


def looks_like_author(text: str) -> bool:
    """A comment author's handle: one short line with no sentence punctuation at the end."""
    words = text.split()
    return (
        0 < len(words) <= 6
        and len(text) <= 40
        and (not _NAME_END.search(text) or bool(_INITIAL_END.search(text)))
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
    return link_replies(comments)


def _first_name(author: str) -> str | None:
    """The first name of an author shown as a personal name ("Marcus Lowe", "Dr. Ronald X")."""
    words = author.replace(".", " ").split()
    if not words or not all(w[0].isupper() for w in words):
        return None  # a handle like "You can call me Al" is not a name to be addressed by
    for word in words:
        if len(word) >= 3 and word.lower() not in _TITLES:
            return word.lower()
    return None


def _close(a: str, b: str) -> bool:
    """Equal, or one edit apart for names of five letters or more ("Jonathen" ~ "Jonathan")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def link_replies(comments: list[Comment]) -> list[Comment]:
    """Set ``reply_to`` when a comment addresses an earlier commenter by (first) name.

    A plain-text copy of a thread loses its indentation; a reader who names the person they
    answer ("..., Marcus.", "@Marcus", "Jonathen ,") is the one cue left. The latest earlier
    comment by that author is the target; a comment never replies to its own author.
    """
    out: list[Comment] = []
    for i, comment in enumerate(comments):
        target: int | None = None
        words = {m.group(1).lower() for m in _CAPITALISED.finditer(comment.text)}
        for j in range(i - 1, -1, -1):
            author = comments[j].author
            if not author or author == comment.author:
                continue
            name = _first_name(author)
            if name and any(_close(name, word) for word in words):
                target = j
                break
        out.append(comment.model_copy(update={"reply_to": target}) if target is not None else comment)
    return out


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
        while lines and matches_any(patterns.comment_widget, lines[0].strip()):
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
        if matches_any(patterns.boilerplate, para):
            boilerplate.append(para)
            continue
        body.append(para)
    if not body:
        raise EmptyInputError(f"{origin}: no article text found on the page")
    return Document(
        title=strip_outlet(title or "", source),
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


def strip_outlet(title: str, source: str | None) -> str:
    """"Headline – Outlet, 9 March 2020" → "Headline" (only the outlet and a date are dropped)."""
    if not source:
        return title
    match = re.search(rf"\s+[-–—|]\s+{re.escape(source)}\s*(?:,\s*(?P<rest>.+))?$", title)
    if not match or match.start() == 0:
        return title
    rest = match.group("rest")
    if rest and (find_date(rest) is None or len(rest) > 40):
        return title
    return title[: match.start()].rstrip()


def parse_datetime(text: str) -> datetime | None:
    day = find_date(text)
    return datetime(day.year, day.month, day.day) if day else None
