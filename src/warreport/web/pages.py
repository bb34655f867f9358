"""HTML pages: the map (``/``) and a document with its sentences, events, comments and
annotations (``/documents/{doc_id}``). Jinja2 with autoescape on: every scraped or
user-supplied string is escaped; page settings reach the scripts as a JSON data attribute."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from warreport import __version__
from warreport.web.deps import Ctx, Reader
from warreport.web.outlines import outlines
from warreport.web.text import paragraph_segments

router = APIRouter(include_in_schema=False)
TEMPLATES = Path(__file__).with_name("templates")

# One colour per ACLED event type (the legend and the markers use the same table).
EVENT_COLOURS: dict[str, str] = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
}
OTHER_COLOUR = "#7f7f7f"


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, auto_reload=False)
    env.globals["version"] = __version__
    return env


def render(name: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(environment().get_template(name).render(**context))


@router.get("/", response_class=HTMLResponse)
def map_page(ctx: Ctx, request: Request) -> HTMLResponse:
    settings = {
        "tilesUrl": str(ctx.config.tiles_url or ""),
        "tilesAttribution": "© OpenStreetMap contributors",
        "outlinesUrl": "/api/outlines.geojson",
        "outlinesAttribution": outlines()[1],
        "colours": EVENT_COLOURS,
        "otherColour": OTHER_COLOUR,
        "publicRead": bool(ctx.config.public_read),
    }
    return render("map.html", settings=json.dumps(settings), colours=EVENT_COLOURS)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(
    ctx: Ctx,
    _reader: Reader,
    doc_id: str,
    event: Annotated[str | None, Query(description="Event whose sentence to focus.")] = None,
) -> HTMLResponse:
    from warreport.web.routes_docs import comment_json

    doc = ctx.store.get_document(doc_id)
    reviewed = ctx.reviews.reviewed(ctx.store.events_of(doc_id))
    marks = {r.event.event_id: (r.event.start_char, r.event.end_char) for r in reviewed}
    notes = ctx.reviews.annotations(doc_id)
    paragraphs = paragraph_segments(doc, marks, [(a.start_char, a.end_char) for a in notes])
    return render(
        "document.html",
        doc=doc,
        doc_id=doc_id,
        paragraphs=paragraphs,
        events=reviewed,
        focus=event,
        comments=comment_json(doc, ctx.reviews.comment_labels(doc_id)),
        annotations=notes,
        colours=EVENT_COLOURS,
        other_colour=OTHER_COLOUR,
        settings=json.dumps({"docId": doc_id, "focus": event}),
    )
