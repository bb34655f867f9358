"""HTML pages: trafilatura for the article, htmldate for the date, the comment thread apart.

How the article body is found (measured by ``warreport eval extraction``):

1. trafilatura in precision mode (``favor_precision``), tables kept, comments extracted
   *separately* from the body, metadata on; the publication date comes from htmldate
   (through trafilatura's ``date_extraction_params``, or directly when trafilatura finds no
   article), preferring the original over the last-modified date.
2. When the precision pass keeps less than half of what trafilatura's balanced mode finds,
   the balanced result is used instead (precision mode sometimes drops a whole article).
3. The paragraphs then go through :func:`warreport.ingest.cleanup.clean_paragraphs`, which
   moves page chrome trafilatura kept (a repeated headline, a date stamp, "Related:"
   teasers, share/follow lines, credits) to the boilerplate.

The comment thread is read by ``ingest.threads.extract_comments_html`` (authors, replies;
written by the moderation area); when it finds none, trafilatura's comment extraction is
used (text only). Body
paragraphs that also occur in the thread are dropped from the body: comment text never
reaches event extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

import lxml.html
import trafilatura
from htmldate import find_date
from lxml.etree import LxmlError, ParserError

from warreport.errors import EmptyInputError, InputError
from warreport.ingest.cleanup import clean_paragraphs
from warreport.ingest.language import detect_language
from warreport.logs import get_logger
from warreport.model import Comment, Document

log = get_logger(__name__)

_BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "blockquote", "td", "figcaption", "span", "a", "div")
_SPACES = re.compile(r"\s+")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
# Fall back to the balanced mode when precision mode keeps less than this share of its text.
_FALLBACK_RATIO = 0.5
# ... which is only tried when the precise text is shorter than this (characters).
_FALLBACK_BELOW = 2000
# Fewer words than this is a menu or a caption that trafilatura fell back to, not an article.
MIN_BODY_WORDS = 5
_DATE_PARAMS = {"original_date": True, "extensive_search": True, "outputformat": "%Y-%m-%d"}


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _paragraphs(text: str) -> list[str]:
    return [p for p in (_norm(line) for line in text.split("\n")) if p]


@dataclass(frozen=True)
class Article:
    """What trafilatura found: the body text, the comment text and the metadata."""

    text: str = ""
    comments: str = ""
    title: str = ""
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def _trafilatura(html: str, url: str | None, *, precision: bool, metadata: bool = True) -> Article | None:
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=precision,
            include_comments=True,
            include_tables=True,
            include_images=False,
            with_metadata=metadata,
            deduplicate=False,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except (ValueError, TypeError, LxmlError, RecursionError) as exc:
        log.warning("trafilatura failed on %s: %s", url or "page", exc)
        return None
    if result is None or isinstance(result, dict):
        return None
    return Article(
        text=result.text or "",
        comments=result.comments or "",
        title=_norm(result.title or ""),
        date=result.date,
        sitename=result.sitename or None,
        url=result.url,
    )


def extract_article(html: str, url: str | None = None) -> Article:
    """The article body and metadata of an HTML page (empty text when none is found)."""
    precise = _trafilatura(html, url, precision=True)
    if precise is None or len(precise.text) < _FALLBACK_BELOW:
        # Short or missing result: see whether the balanced mode finds much more (its
        # metadata would be the same, so it is only extracted when there is none yet).
        balanced = _trafilatura(html, url, precision=False, metadata=precise is None)
        if balanced is not None and (
            precise is None or len(precise.text) < _FALLBACK_RATIO * len(balanced.text)
        ):
            if precise is None:
                return balanced
            return replace(precise, text=balanced.text, comments=balanced.comments)
    return precise or Article()


def clean_title(title: str, sitename: str | None) -> str:
    """Drop the outlet's name from the end (or start) of a page title."""
    if not sitename:
        return title
    site = sitename.strip().lower()
    for sep in _TITLE_SEPARATORS:
        if sep in title:
            head, _, tail = title.rpartition(sep)
            if tail.strip().lower() == site and head.strip():
                return head.strip()
            first, _, rest = title.partition(sep)
            if first.strip().lower() == site and rest.strip():
                return rest.strip()
    return title


def _boilerplate(tree: lxml.html.HtmlElement, kept: set[str], limit: int = 300) -> list[str]:
    """Visible text blocks of the page that made it neither into the body nor the comments.

    A block that contains a kept text (a comment with its author and date around it) is
    not boilerplate either.
    """
    out: list[str] = []
    seen: set[str] = set()
    long_kept = [k for k in kept if len(k) >= 40]
    for el in tree.iter(*_BLOCK_TAGS):
        if any(child.tag in _BLOCK_TAGS for child in el):
            continue
        parent = el.getparent()
        if parent is not None and parent.tag in ("script", "style", "noscript", "template"):
            continue
        text = _norm(el.text_content())
        if len(text) < 2 or text in seen or text in kept:
            continue
        if len(text) >= 40 and any(k in text for k in long_kept):
            continue
        seen.add(text)
        out.append(text)
        if len(out) >= limit:
            break
    return out


def _thread(html: str, fallback: str) -> list[Comment]:
    """The comment thread: moderation's structured extractor, else trafilatura's text."""
    from warreport.ingest.threads import extract_comments_html

    comments = extract_comments_html(html)
    if comments:
        return list(comments)
    return [Comment(index=i, text=para) for i, para in enumerate(_paragraphs(fallback))]


def _drop_comment_text(body: list[str], comments: list[Comment]) -> tuple[list[str], list[str]]:
    """Trailing body paragraphs that are comments of the thread go to the boilerplate.

    When trafilatura does not recognise a comment section it appends the comments to the
    article; the thread extractor knows them. Only the tail of the body is checked: a reader
    who quotes a paragraph of the article does not take it out of the article.
    """
    if not comments:
        return body, []
    thread = [_norm(c.text) for c in comments]

    def is_comment(para: str) -> bool:
        return any(para in text and len(para) >= 0.8 * len(text) for text in thread)

    cut = len(body)
    while cut > 0 and is_comment(body[cut - 1]):
        cut -= 1
    return body[:cut], body[cut:]


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def parse_tree(html: str, origin: str) -> lxml.html.HtmlElement:
    """The page as an lxml tree (an XHTML page's XML declaration is dropped: the text is decoded)."""
    try:
        return lxml.html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ParserError, ValueError, LxmlError) as exc:
        raise InputError(f"{origin}: cannot parse the HTML: {exc}") from exc


def parse_html_page(
    html: str,
    *,
    origin: str,
    url: str | None = None,
    published: date | None = None,
    source: str | None = None,
    title: str | None = None,
) -> Document:
    """Parse an HTML page into a Document: body, boilerplate and comments apart."""
    tree = parse_tree(html, origin)
    article = extract_article(html, url)
    if not article.text.strip():
        raise EmptyInputError(f"{origin}: no article text found in the HTML")
    page_title = clean_title(article.title, article.sitename)
    body, removed = clean_paragraphs(_paragraphs(article.text), title=title or page_title)
    comments = _thread(html, article.comments)
    body, in_thread = _drop_comment_text(body, comments)
    if sum(len(p.split()) for p in body) < MIN_BODY_WORDS:
        raise EmptyInputError(f"{origin}: no article text found in the HTML")
    if title is None:
        title = page_title
        if not title:
            node = tree.find(".//title")
            title = _norm(node.text_content()) if node is not None else ""
    if published is None:
        found = article.date or find_date(tree, url=url, **_DATE_PARAMS)  # type: ignore[arg-type]
        if found:
            try:
                published = date.fromisoformat(found[:10])
            except ValueError:
                published = None
    kept = set(body) | {_norm(c.text) for c in comments} | {title}
    boilerplate = removed + in_thread + [b for b in _boilerplate(tree, kept) if b not in removed]
    text = "\n".join(body)
    return Document(
        title=title,
        published=published,
        source=source or article.sitename,
        url=url or article.url,
        language=detect_language(text),
        body=body,
        boilerplate=boilerplate,
        comments=comments,
        origin=origin,
        format="html",
    )
