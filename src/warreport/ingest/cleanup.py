"""Paragraph-level page chrome: the patterns of ``data/page_patterns.yaml`` and their use.

Both page parsers end with a list of paragraphs; some of them are not the article: donation
appeals, "Related:" teasers and the list of headlines after them, share and follow lines,
credits, a repeated headline, a date stamp. :func:`clean_paragraphs` moves those to the
boilerplate so that event extraction never reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

_WORDS = re.compile(r"\w+", re.UNICODE)
_YEAR = re.compile(r"\b(19|20)\d\d\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?…\"”’]$")


@dataclass(frozen=True)
class PagePatterns:
    boilerplate: tuple[re.Pattern[str], ...]
    teaser_headings: tuple[re.Pattern[str], ...]
    strip_suffixes: tuple[re.Pattern[str], ...]
    comment_widget: tuple[re.Pattern[str], ...]
    source: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def page_patterns() -> PagePatterns:
    text = resources.files("warreport.data").joinpath("page_patterns.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)

    def compile_all(key: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, flags) for p in raw.get(key) or ())

    return PagePatterns(
        boilerplate=compile_all("boilerplate"),
        teaser_headings=compile_all("teaser_headings"),
        strip_suffixes=compile_all("strip_suffixes"),
        comment_widget=compile_all("comment_widget"),
        source=compile_all("source", 0),
    )


def matches_any(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def is_boilerplate(text: str) -> bool:
    """A block that is page chrome, never article text."""
    return matches_any(page_patterns().boilerplate, text.strip())


def strip_suffixes(text: str) -> str:
    for pattern in page_patterns().strip_suffixes:
        text = pattern.sub("", text)
    return text


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text)]


def is_title_echo(paragraph: str, title: str | None) -> bool:
    """The headline repeated as the first paragraph (also when the title adds " | Site")."""
    if not title:
        return False
    para, head = _words(paragraph), _words(title)
    if not para or not head:
        return False
    if para == head:
        return True
    return len(para) >= 3 and len(para) < len(head) and head[: len(para)] == para


def is_date_stamp(paragraph: str) -> bool:
    """A short line that is a date/time stamp (with perhaps a byline), not a sentence."""
    text = paragraph.strip()
    return (
        len(text) <= 80
        and bool(_YEAR.search(text))
        and len(_words(text)) <= 14
        and len(_DIGITS.findall(text)) >= 2
        and not _SENTENCE_END.search(text)
    )


def looks_like_teaser(line: str) -> bool:
    """A line of a list of other articles: a bullet, or a short headline without a full stop."""
    text = line.strip()
    if text.startswith(("- ", "• ", "* ")):
        return len(text) <= 200
    return len(text) <= 160 and not _SENTENCE_END.search(text)


def clean_paragraphs(
    paragraphs: list[str], *, title: str | None = None, lead: int = 3
) -> tuple[list[str], list[str]]:
    """Split paragraphs into (article, removed chrome), keeping the order of each."""
    patterns = page_patterns()
    kept: list[str] = []
    removed: list[str] = []
    in_teasers = False
    for index, raw in enumerate(paragraphs):
        para = strip_suffixes(raw).strip()
        if not para:
            continue
        if in_teasers:
            if looks_like_teaser(para) and not matches_any(patterns.teaser_headings, para):
                removed.append(para)
                continue
            in_teasers = False
        if matches_any(patterns.teaser_headings, para):
            removed.append(para)
            in_teasers = True
            continue
        if matches_any(patterns.boilerplate, para):
            removed.append(para)
            continue
        if index < lead and not kept and (is_title_echo(para, title) or is_date_stamp(para)):
            removed.append(para)
            continue
        kept.append(para)
    return kept, removed
