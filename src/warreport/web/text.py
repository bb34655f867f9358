"""Document text for the page and the API: paragraphs, sentence anchors, highlighted spans.

Offsets are those of :attr:`Document.text` (paragraphs joined by a blank line), the ones
events and annotations carry. Sentences are found with a light rule (end punctuation, then
space and a capital, digit or quote), and every event sentence is an anchor of its own, so a
comment can always be pinned to exactly the sentence an event came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from warreport.model import Document

_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[A-Z0-9\"“‘(\[])")


@dataclass(frozen=True)
class Segment:
    """A run of a paragraph's text, and the marks (event ids, "annotation") covering it."""

    text: str
    start: int
    end: int
    sentence: int  # index into the document's sentence list
    events: tuple[str, ...] = ()
    annotated: bool = False


def sentence_spans(doc: Document) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start, end in doc.paragraph_offsets():
        para = doc.text[start:end]
        pos = 0
        for m in _BOUNDARY.finditer(para):
            if para[pos : m.start()].strip():
                spans.append((start + pos, start + m.start()))
            pos = m.end()
        if para[pos:].strip():
            spans.append((start + pos, end))
    return spans


def anchors(doc: Document, event_spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans, with each event's own span replacing the sentences it overlaps."""
    events = sorted({(s, e) for s, e in event_spans if 0 <= s < e <= len(doc.text)})
    out: list[tuple[int, int]] = []
    for s, e in sentence_spans(doc):
        if not any(es < e and s < ee for es, ee in events):
            out.append((s, e))
    out.extend(events)
    return sorted(set(out))


def paragraph_segments(
    doc: Document,
    event_marks: dict[str, tuple[int, int]],
    annotated: Iterable[tuple[int, int]] = (),
) -> list[list[Segment]]:
    """Each paragraph cut at every sentence and mark boundary, for the document page."""
    spans = anchors(doc, event_marks.values())
    notes = list(annotated)
    text = doc.text
    paragraphs: list[list[Segment]] = []
    for p_start, p_end in doc.paragraph_offsets():
        cuts = {p_start, p_end}
        for s, e in spans + notes + list(event_marks.values()):
            for c in (s, e):
                if p_start < c < p_end:
                    cuts.add(c)
        points = sorted(cuts)
        segs: list[Segment] = []
        for a, b in zip(points, points[1:], strict=False):
            sentence = next((i for i, (s, e) in enumerate(spans) if s <= a < e), -1)
            ids = tuple(eid for eid, (s, e) in event_marks.items() if s <= a and b <= e)
            note = any(s <= a and b <= e for s, e in notes)
            segs.append(Segment(text[a:b], a, b, sentence, ids, note))
        paragraphs.append(segs)
    return paragraphs
