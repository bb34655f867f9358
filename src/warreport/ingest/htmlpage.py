"""HTML pages: trafilatura for the article, htmldate for the date, the comment thread apart.

The article body comes from trafilatura with comments switched off; the thread is
extracted separately (``ingest.threads``) so that it is kept, moderated, and never mixed
into the body. Text blocks of the page that are neither body nor comments are reported as
boilerplate.
"""

from __future__ import annotations

import re
from datetime import date

import lxml.html
import trafilatura
from htmldate import find_date
from lxml.etree import ParserError

from warreport.errors import EmptyInputError, InputError
from warreport.ingest.language import detect_language
from warreport.logs import get_logger
from warreport.model import Comment, Document

log = get_logger(__name__)

_BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "blockquote", "td", "figcaption", "span", "a", "div")
_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _paragraphs(text: str) -> list[str]:
    return [p for p in (_norm(line) for line in text.split("\n")) if p]


def _boilerplate(tree: lxml.html.HtmlElement, kept: set[str], limit: int = 300) -> list[str]:
    """Visible text blocks of the page that did not make it into the body or the comments."""
    out: list[str] = []
    seen: set[str] = set()
    for el in tree.iter(*_BLOCK_TAGS):
        if any(child.tag in _BLOCK_TAGS for child in el):
            continue
        text = _norm(el.text_content())
        if len(text) < 2 or text in seen or text in kept:
            continue
        seen.add(text)
        out.append(text)
        if len(out) >= limit:
            break
    return out


def _comments(html: str) -> list[Comment]:
    try:
        from warreport.ingest.threads import extract_comments_html
    except ImportError:  # the thread extractor ships with the moderation area
        return []
    return extract_comments_html(html)


def parse_html_page(
    html: str,
    *,
    origin: str,
    url: str | None = None,
    published: date | None = None,
    source: str | None = None,
    title: str | None = None,
) -> Document:
    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError) as exc:
        raise InputError(f"{origin}: cannot parse the HTML: {exc}") from exc
    result = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=False,
        with_metadata=True,
        deduplicate=False,
    )
    text = (result.text if result is not None else "") or ""
    body = _paragraphs(text)
    if not body:
        raise EmptyInputError(f"{origin}: no article text found in the HTML")
    if published is None:
        found = find_date(tree, url=url, original_date=True, extensive_search=True)
        if found:
            published = date.fromisoformat(found[:10])
        elif result is not None and result.date:
            published = date.fromisoformat(result.date[:10])
    if title is None:
        title = _norm(result.title or "") if result is not None else ""
        if not title:
            node = tree.find(".//title")
            title = _norm(node.text_content()) if node is not None else ""
    if source is None and result is not None:
        source = result.sitename or None
    comments = _comments(html)
    kept = set(body) | {_norm(c.text) for c in comments} | {title}
    return Document(
        title=title,
        published=published,
        source=source,
        url=url or (result.url if result is not None else None),
        language=detect_language(text) or (result.language if result is not None else None),
        body=body,
        boilerplate=_boilerplate(tree, kept),
        comments=comments,
        origin=origin,
        format="html",
    )
