"""An Atom feed (RFC 4287) of the events that match one subscription."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from warreport.alerts.subscriptions import Subscription
from warreport.review import ReviewedEvent

ATOM_NS = "http://www.w3.org/2005/Atom"


def _stamp(at: datetime) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_title(ev: ReviewedEvent) -> str:
    e = ev.event
    where = ", ".join(p for p in (e.location, e.admin1, e.country) if p) or "unknown place"
    day = e.event_date.isoformat() if e.event_date else "undated"
    return f"{e.sub_event_type} in {where} ({day})"


def entry_summary(ev: ReviewedEvent) -> str:
    e = ev.event
    actors = " vs ".join(a for a in (e.actor1, e.actor2) if a) or "unidentified actors"
    parts = [
        f"{e.event_type} / {e.sub_event_type}",
        f"actors: {actors}",
        f"fatalities: {e.fatalities}",
        f"certainty: {e.certainty.value}",
        f"review: {ev.status}",
        f"source: {e.source or 'unknown'}",
        f"sentence: {e.sentence}",
    ]
    return "\n".join(parts)


def render_atom(
    sub: Subscription,
    entries: Sequence[tuple[ReviewedEvent, datetime]],
    *,
    base_url: str,
    feed_url: str,
) -> bytes:
    """The feed document; every text goes through ElementTree, which escapes it."""
    ET.register_namespace("", ATOM_NS)

    def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    el(feed, "id", f"urn:warreport:subscription:{sub.id}:{sub.feed_key[:8]}")
    el(feed, "title", f"warreport alerts: {sub.name}")
    el(feed, "subtitle", sub.describe())
    updated = max((at for _, at in entries), default=sub.created_at)
    el(feed, "updated", _stamp(updated))
    el(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    el(feed, "link", rel="alternate", href=base_url.rstrip("/") + "/", type="text/html")
    author = el(feed, "author")
    el(author, "name", "warreport")
    el(feed, "generator", "warreport")
    for ev, at in entries:
        e = ev.event
        entry = el(feed, "entry")
        el(entry, "id", f"urn:warreport:event:{e.event_id}")
        el(entry, "title", entry_title(ev))
        el(entry, "updated", _stamp(at))
        el(entry, "link", rel="alternate", type="text/html",
           href=f"{base_url.rstrip('/')}/documents/{e.doc_id}?event={e.event_id}")
        el(entry, "category", term=e.event_type)
        el(entry, "summary", entry_summary(ev), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
