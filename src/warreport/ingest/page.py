"""Parse any raw page into a Document: sniff HTML vs plain text and dispatch."""

from __future__ import annotations

import re

from warreport.errors import EmptyInputError
from warreport.ingest.decode import decode_bytes
from warreport.ingest.htmlpage import parse_html_page
from warreport.ingest.textpage import parse_text_page
from warreport.model import Document, RawPage

_HTML_SNIFF = re.compile(r"^\s*(<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_TAGS = re.compile(r"<(p|div|article|span|a|br|h[1-6])\b[^>]*>", re.IGNORECASE)


def looks_like_html(text: str, content_type: str | None = None) -> bool:
    if content_type and "html" in content_type.lower():
        return True
    if content_type and content_type.lower().startswith("text/plain"):
        return False
    head = text[:4096]
    return bool(_HTML_SNIFF.match(head)) or len(_TAGS.findall(head)) >= 3


def _declared_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset=([\w.-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def parse_page(raw: RawPage, *, max_bytes: int) -> Document:
    """Decode and parse one page (text or HTML) into a Document with its comments apart."""
    if raw.text is not None:
        text = raw.text
        if len(text.encode("utf-8", errors="replace")) > max_bytes:
            decode_bytes(text.encode("utf-8", errors="replace"), origin=raw.origin, max_bytes=max_bytes)
        if not text.strip():
            raise EmptyInputError(f"{raw.origin}: the record has no text")
    else:
        text = decode_bytes(
            raw.data, origin=raw.origin, max_bytes=max_bytes, declared=_declared_charset(raw.content_type)
        )
    kwargs = {
        "origin": raw.origin,
        "url": raw.url,
        "published": raw.published,
        "source": raw.source,
        "title": raw.title,
    }
    if looks_like_html(text, raw.content_type):
        doc = parse_html_page(text, **kwargs)  # type: ignore[arg-type]
    else:
        doc = parse_text_page(text, **kwargs)  # type: ignore[arg-type]
    if raw.external_id:
        doc = doc.model_copy(update={"external_id": raw.external_id})
    return doc
