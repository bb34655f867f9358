"""Comment threads of HTML pages: author, time, text and who replies to whom.

:func:`extract_comments_html` recognises, in this order, the first markup that yields comments:

* wpDiscuz (``div.wpd-comment``, ids ``wpd-comm-<id>_<parent>``, ``.wpd-comment-author``,
  ``.wpd-comment-date``, ``.wpd-comment-text``; replies nested or pointed to by the parent id);
* Disqus rendered into the page (``#disqus_thread`` / ``#post-list``: ``li.post`` with
  ``.post-message``, ``.author``, ``a.time-ago`` or ``time``; replies in ``ul.children``);
* WordPress core (``li.comment`` / ``article.comment`` with ``.comment-author .fn``,
  ``time[datetime]``, ``.comment-content`` or ``.comment-text``; replies in ``ol.children``);
* schema.org microdata (``itemtype=".../Comment"`` with ``itemprop`` author/dateCreated/text);
* generic markup: elements whose class or id says "comment" and that hold a text part
  (class contains content/body/text/message) — author and time parts are read when present.

Replies are found from nesting: a comment inside another comment replies to it. Comments are
numbered in document order. This module never decides what is hateful; it only splits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree, html

from warreport.model import Comment

Element = Any  # lxml.html.HtmlElement (lxml ships no usable stubs here)


@dataclass(frozen=True)
class _Markup:
    name: str
    items: str  # XPath of the comment elements
    text: tuple[str, ...]  # relative XPaths of the text, first that matches wins
    author: tuple[str, ...]
    time: tuple[str, ...]
    parent_id: Callable[[Element], str | None] | None = None
    own_id: Callable[[Element], str | None] | None = None


def _cls(name: str) -> str:
    """XPath predicate: the class attribute contains the word ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


_WPD_ID = re.compile(r"^wpd-comm-(\d+)_(\d+)$")


def _wpd_own(el: Element) -> str | None:
    m = _WPD_ID.match(el.get("id", ""))
    return m.group(1) if m else None


def _wpd_parent(el: Element) -> str | None:
    m = _WPD_ID.match(el.get("id", ""))
    return m.group(2) if m and m.group(2) != "0" else None


MARKUPS: tuple[_Markup, ...] = (
    _Markup(
        "wpdiscuz",
        f"//div[{_cls('wpd-comment')}]",
        (f".//div[{_cls('wpd-comment-text')}]",),
        (f".//*[{_cls('wpd-comment-author')}]",),
        (f".//*[{_cls('wpd-comment-date')}]",),
        parent_id=_wpd_parent,
        own_id=_wpd_own,
    ),
    _Markup(
        "disqus",
        f"//*[@id='disqus_thread' or @id='post-list']//li[{_cls('post')}]",
        (f".//*[{_cls('post-message')}]", ".//*[@data-role='message']"),
        (f".//*[{_cls('author')}]", f".//*[{_cls('post-byline')}]//a"),
        (f".//a[{_cls('time-ago')}]", ".//time", ".//*[@data-role='relative-time']"),
    ),
    _Markup(
        "wordpress",
        f"//li[{_cls('comment')} or starts-with(@id, 'comment-')][ancestor::*[{_cls('commentlist')} or "
        f"{_cls('comment-list')} or @id='comments']] | //article[{_cls('comment')}][ancestor::*[@id='comments']]",
        (f".//*[{_cls('comment-content')}]", f".//*[{_cls('comment-text')}]", f".//*[{_cls('comment-body')}]"),
        (f".//*[{_cls('comment-author')}]//*[{_cls('fn')}]", f".//*[{_cls('comment-author')}]",
         f".//*[{_cls('fn')}]"),
        (".//time", f".//*[{_cls('comment-metadata')}]//a", f".//*[{_cls('comment-meta')}]"),
    ),
    _Markup(
        "schema.org",
        "//*[contains(@itemtype, 'schema.org/Comment')]",
        (".//*[@itemprop='text']", ".//*[@itemprop='commentText']"),
        (".//*[@itemprop='author']//*[@itemprop='name']", ".//*[@itemprop='author']"),
        (".//*[@itemprop='dateCreated']", ".//*[@itemprop='datePublished']", ".//time"),
    ),
)

# Generic: an element whose class or id names one comment (not a list, form or count).
_GENERIC_ITEM = re.compile(r"^(?:comment|user-comment|reader-comment)(?:[_-](?:item|entry|single|\d+|wrap(?:per)?|container))?$", re.I)
_TEXT_PART = re.compile(r"(?:content|body|text|message)", re.I)


def _clean(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _text_of(el: Element) -> str:
    """Visible text with paragraph and line breaks kept; quotes of other comments dropped."""
    el = _copy_without(el, ".//blockquote | .//script | .//style | .//*[contains(@class, 'reply-link')]")
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in el.iter("p", "div", "li"):
        block.tail = "\n\n" + (block.tail or "")
    return _clean(el.text_content())


def _copy_without(el: Element, xpath: str) -> Element:
    clone = html.fromstring(etree.tostring(el, encoding="unicode"))
    for drop in clone.xpath(xpath):
        drop.drop_tree()
    return clone


def _first(el: Element, xpaths: Iterable[str], *, nested_in: Element, items: set[Element]) -> Element | None:
    """The first match of the xpaths that belongs to ``el`` itself, not to a nested reply."""
    for xp in xpaths:
        for found in el.xpath(xp):
            owner = next((a for a in found.iterancestors() if a in items), None)
            if owner is nested_in:
                return found
    return None


_ISO = re.compile(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?)?")
_CLOCK = re.compile(r"\b(\d{1,2}):(\d\d)\s*([ap]\.?m\.?)?", re.I)


def parse_time(value: str | None) -> datetime | None:
    """A comment's time from ``datetime``/``title`` attributes or the shown text."""
    if not value:
        return None
    value = value.strip()
    iso = _ISO.search(value)
    if iso:
        try:
            parsed = datetime.fromisoformat(iso.group(0).replace(" ", "T"))
            return parsed.replace(tzinfo=None)
        except ValueError:
            pass
    from warreport.ingest.textpage import find_date

    day = find_date(value)
    if day is None:
        return None
    hour = minute = 0
    clock = _CLOCK.search(value)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        suffix = (clock.group(3) or "").lower().replace(".", "")
        if suffix == "pm" and hour < 12:
            hour += 12
        elif suffix == "am" and hour == 12:
            hour = 0
    try:
        return datetime(day.year, day.month, day.day, hour, minute)
    except ValueError:
        return datetime(day.year, day.month, day.day)


def _time_of(el: Element | None) -> datetime | None:
    if el is None:
        return None
    for attr in ("datetime", "content", "title", "data-time"):
        parsed = parse_time(el.get(attr))
        if parsed:
            return parsed
    return parse_time(el.text_content())


def _author_of(el: Element | None) -> str | None:
    if el is None:
        return None
    name = _clean(el.text_content()).split("\n")[0].strip()
    name = re.sub(r"\s+(?:says|wrote|said)\s*:?$", "", name, flags=re.I)
    return name[:200] or None


def _nearest(el: Element, items: set[Element]) -> Element | None:
    return next((a for a in el.iterancestors() if a in items), None)


def _build(elements: list[Element], markup: _Markup) -> list[Comment]:
    items = set(elements)
    comments: list[Comment] = []
    index_of: dict[Element, int] = {}
    by_own_id: dict[str, int] = {}
    for el in elements:
        text_el = _first(el, markup.text, nested_in=el, items=items)
        if text_el is None:
            continue
        text = _text_of(text_el)
        if not text:
            continue
        parent_el = _nearest(el, items)
        reply_to = index_of.get(parent_el) if parent_el is not None else None
        if reply_to is None and markup.parent_id is not None:
            pid = markup.parent_id(el)
            reply_to = by_own_id.get(pid) if pid else None
        idx = len(comments)
        index_of[el] = idx
        if markup.own_id is not None:
            own = markup.own_id(el)
            if own:
                by_own_id[own] = idx
        comments.append(
            Comment(
                index=idx,
                author=_author_of(_first(el, markup.author, nested_in=el, items=items)),
                text=text,
                reply_to=reply_to,
                published=_time_of(_first(el, markup.time, nested_in=el, items=items)),
            )
        )
    return comments


def _generic(root: Element) -> list[Comment]:
    """Elements named like one comment that hold a text part."""

    def label(el: Element) -> str:
        return f"{el.get('class', '')} {el.get('id', '')}"

    candidates = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("form", "script", "style", "a", "span", "p", "textarea", "input"):
            continue
        tokens = el.get("class", "").split() + [el.get("id", "")]
        if any(_GENERIC_ITEM.match(tok) for tok in tokens if tok):
            candidates.append(el)
    items = set(candidates)
    chosen: list[Element] = []
    for el in candidates:
        # a wrapper around exactly one inner comment element is not a comment of its own
        inner = [c for c in el.iterdescendants() if c in items]
        if inner and not any(_TEXT_PART.search(label(c)) for c in el.iterchildren() if isinstance(c.tag, str)):
            continue
        chosen.append(el)
    markup = _Markup(
        "generic",
        "",
        (".//*[contains(@class, 'content') or contains(@class, 'body') or contains(@class, 'text') "
         "or contains(@class, 'message')]",),
        (".//*[contains(@class, 'author') or contains(@class, 'user') or contains(@class, 'name') "
         "or contains(@class, 'nick') or contains(@class, 'byline')]",),
        (".//time", ".//*[contains(@class, 'date') or contains(@class, 'time') or contains(@class, 'posted')]"),
    )
    return _build(chosen, markup)


def extract_comments_html(page: str) -> list[Comment]:
    """The comment thread of an HTML page (empty when the page shows none)."""
    if not page or not page.strip():
        return []
    try:
        root = html.fromstring(page)
    except (etree.ParserError, ValueError):
        return []
    for markup in MARKUPS:
        elements = root.xpath(markup.items)
        if elements:
            comments = _build(elements, markup)
            if comments:
                return comments
    return _generic(root)
