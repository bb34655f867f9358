"""Document endpoints: list, one document with its body, sentence anchors, events, comments
(with labels) and annotations; upload (ingest); annotations; comment-label overrides."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from warreport.errors import InputError, ModelError, TooLargeError
from warreport.model import Document, RawPage
from warreport.review import Annotation, CommentLabel
from warreport.store.schema import DocumentRow
from warreport.web.deps import AppContext, Ctx, Reader, Writer
from warreport.web.routes_events import event_json
from warreport.web.text import anchors

router = APIRouter(prefix="/api", tags=["documents"])

COLLAPSED_LABELS = frozenset({"hate", "threat"})  # as moderation.store.LabelledComment.collapsed
MULTIPART_OVERHEAD = 64 * 1024


@router.get("/documents", summary="Stored documents, newest first")
def list_documents(
    ctx: Ctx,
    _reader: Reader,
    source: Annotated[str | None, Query(description="Only this source.")] = None,
    q: Annotated[str | None, Query(description="Text in the title.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    stmt = select(DocumentRow)
    if source:
        stmt = stmt.where(func.lower(DocumentRow.source) == source.lower())
    if q:
        stmt = stmt.where(func.lower(DocumentRow.title).like(f"%{q.lower()}%"))
    stmt = stmt.order_by(DocumentRow.published.desc().nulls_last(), DocumentRow.doc_id)
    with ctx.store.db.session() as s:
        rows = s.scalars(stmt.offset(offset).limit(limit + 1)).all()
        docs = [
            {
                "doc_id": r.doc_id,
                "title": r.title,
                "published": r.published.isoformat() if r.published else None,
                "source": r.source,
                "url": r.url,
                "n_events": r.n_events,
            }
            for r in rows[:limit]
        ]
    return {"documents": docs, "count": len(docs), "next_offset": offset + limit if len(rows) > limit else None}


def comment_json(doc: Document, overrides: dict[int, CommentLabel]) -> list[dict[str, Any]]:
    out = []
    for c in doc.comments:
        machine = c.moderation.label.value if c.moderation else None
        override = overrides.get(c.index)
        label = override.label if override else machine
        out.append(
            {
                "index": c.index,
                "author": c.author,
                "text": c.text,
                "reply_to": c.reply_to,
                "published": c.published.isoformat() if c.published else None,
                "label": label,
                "machine_label": machine,
                "score": c.moderation.score if c.moderation else None,
                "target": c.moderation.target if c.moderation else None,
                "rationale": [r.model_dump(mode="json") for r in c.moderation.rationale] if c.moderation else [],
                "override": override.model_dump(mode="json") if override else None,
                "collapsed": label in COLLAPSED_LABELS,
            }
        )
    return out


def document_json(ctx: AppContext, doc_id: str) -> dict[str, Any]:
    doc = ctx.store.get_document(doc_id)
    events = ctx.reviews.reviewed(ctx.store.events_of(doc_id))
    spans = [(r.event.start_char, r.event.end_char) for r in events]
    return {
        "doc_id": doc_id,
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "source": doc.source,
        "url": doc.url,
        "language": doc.language,
        "format": doc.format,
        "body": doc.body,
        "paragraphs": [list(p) for p in doc.paragraph_offsets()],
        "sentences": [list(s) for s in anchors(doc, spans)],
        "events": [event_json(r) for r in events],
        "comments": comment_json(doc, ctx.reviews.comment_labels(doc_id)),
        "annotations": [a.model_dump(mode="json") for a in ctx.reviews.annotations(doc_id)],
    }


@router.get("/documents/{doc_id}", summary="A document: body, sentence anchors, events, comments, annotations")
def get_document(ctx: Ctx, _reader: Reader, doc_id: str) -> dict[str, Any]:
    return document_json(ctx, doc_id)


async def _read_capped(request: Request, cap: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap + MULTIPART_OVERHEAD:
        raise TooLargeError(f"upload of {declared} bytes exceeds the limit of {cap} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap + MULTIPART_OVERHEAD:
            raise TooLargeError(f"upload exceeds the limit of {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/documents",
    status_code=201,
    summary="Ingest one page: a raw text/HTML body or a multipart 'file' field (413 when too large)",
)
async def upload_document(
    request: Request,
    ctx: Ctx,
    _writer: Writer,
    url: Annotated[str | None, Query(description="The page's URL, if known.")] = None,
    source: Annotated[str | None, Query(description="Source name, e.g. the outlet.")] = None,
    title: Annotated[str | None, Query(description="Title, when the page has none.")] = None,
) -> JSONResponse:
    cap = int(ctx.config.max_page_bytes)
    content_type = request.headers.get("content-type", "text/plain")
    origin = "upload"
    if content_type.startswith("multipart/form-data"):
        declared = request.headers.get("content-length")
        if not declared or not declared.isdigit():
            raise InputError("a multipart upload needs a Content-Length header")
        if int(declared) > cap + MULTIPART_OVERHEAD:
            raise TooLargeError(f"upload of {declared} bytes exceeds the limit of {cap} bytes")
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise InputError("multipart upload needs a 'file' field")
        data = await upload.read(cap + 1)
        origin = f"upload:{upload.filename or 'file'}"
        content_type = upload.content_type or "text/plain"
    else:
        data = await _read_capped(request, cap)
    if len(data) > cap:
        raise TooLargeError(f"upload exceeds the limit of {cap} bytes")
    if not data.strip():
        raise InputError("the upload is empty")
    raw = RawPage(origin=origin, data=data, url=url, source=source, title=title,
                  content_type=content_type.split(";")[0].strip())
    result = await run_in_threadpool(_ingest, ctx, raw)
    return JSONResponse(result, status_code=201 if result["new"] else 200)


def _ingest(ctx: AppContext, raw: RawPage) -> dict[str, Any]:
    """Parse, moderate, extract and store one page (the pipeline's own stage functions)."""
    from warreport.pipeline import extract_stage, moderate_stage, parse_stage

    doc = parse_stage(raw, ctx.config)
    if ctx.store.has_document(doc.doc_id):
        return {"doc_id": doc.doc_id, "new": False, "events": len(ctx.store.events_of(doc.doc_id))}
    with contextlib.suppress(ImportError):  # without moderation, comments stay unlabelled
        doc = moderate_stage(doc)
    try:
        processed = extract_stage([doc], ctx.config)[0]
    except ImportError as exc:
        raise ModelError(f"event extraction is not available: {exc}") from exc
    new = ctx.store.save(processed)
    return {"doc_id": doc.doc_id, "new": new, "events": len(processed.events)}


class AnnotationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start_char: int = Field(ge=0)
    end_char: int = Field(gt=0)
    text: str = Field(min_length=1, max_length=10_000)
    event_id: str | None = None


@router.get("/documents/{doc_id}/annotations", response_model=list[Annotation])
def list_annotations(ctx: Ctx, _reader: Reader, doc_id: str) -> list[Annotation]:
    ctx.store.get_document(doc_id)
    return ctx.reviews.annotations(doc_id)


@router.post("/documents/{doc_id}/annotations", response_model=Annotation, status_code=201,
             summary="Comment on a sentence (character span) of the document")
def add_annotation(ctx: Ctx, author: Writer, doc_id: str, body: AnnotationIn) -> Annotation:
    return ctx.reviews.annotate(doc_id, body.start_char, body.end_char, body.text, author, body.event_id)


class LabelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(description="ok, hate, insult, threat or spam")
    note: str = Field(default="", max_length=5000)


@router.post("/documents/{doc_id}/comments/{index}/label", response_model=CommentLabel, status_code=201,
             summary="A moderator's override of a comment's label (the machine label is kept)")
def override_label(ctx: Ctx, author: Writer, doc_id: str, index: int, body: LabelIn) -> CommentLabel:
    from warreport.moderation.store import override_label as moderation_override

    moderation_override(ctx.store.db, doc_id, index, body.label, author, body.note)
    return ctx.reviews.comment_labels(doc_id)[index]
