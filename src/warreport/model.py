"""The typed domain model: every stage takes and returns these, never dicts.

Character offsets in events and provenance refer to :attr:`Document.text`, the body
paragraphs joined by a blank line ("\\n\\n"). Comments are kept apart from the body and
never reach event extraction.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

PARAGRAPH_SEPARATOR = "\n\n"


class Certainty(StrEnum):
    REPORTED = "reported"
    CLAIMED = "claimed"
    ALLEGED = "alleged"
    PREDICTED = "predicted"
    NEGATED = "negated"

    @property
    def is_factual(self) -> bool:
        return self in {Certainty.REPORTED, Certainty.CLAIMED, Certainty.ALLEGED}


class ModerationLabel(StrEnum):
    OK = "ok"
    HATE = "hate"
    INSULT = "insult"
    THREAT = "threat"
    SPAM = "spam"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Provenance(_Model):
    """Who set a field: the rule or model, its confidence and the text it came from."""

    rule: str
    confidence: float = 1.0
    start_char: int | None = None
    end_char: int | None = None
    text: str | None = None


class Span(_Model):
    start_char: int
    end_char: int
    text: str


class Quantity(_Model):
    """A number stated in the text: launches, wounded, captured, killed ..."""

    kind: str  # fatalities | wounded | captured | weapons | launches | vehicles | people | other
    count: int | None = None
    item: str | None = None
    text: str = ""
    start_char: int | None = None
    end_char: int | None = None


class RationaleSpan(_Model):
    start_char: int
    end_char: int
    text: str
    why: str = ""


class Moderation(_Model):
    label: ModerationLabel = ModerationLabel.OK
    score: float = 0.0
    target: str | None = None
    rationale: list[RationaleSpan] = Field(default_factory=list)
    rule: str = ""


class Comment(_Model):
    """A reader comment split off from a page. Never input to event extraction."""

    index: int
    author: str | None = None
    text: str
    reply_to: int | None = None
    published: datetime | None = None
    moderation: Moderation | None = None


class Document(_Model):
    """A parsed page: the article's body, its boilerplate and its comment thread apart."""

    title: str = ""
    published: date | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    body: list[str] = Field(default_factory=list)
    boilerplate: list[str] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    external_id: str | None = None
    origin: str | None = None  # file path, URL or record id the page came from
    format: str = "text"  # text | html | jsonl | feed | warc

    @computed_field  # type: ignore[prop-decorator]
    @property
    def text(self) -> str:
        return PARAGRAPH_SEPARATOR.join(self.body)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def doc_id(self) -> str:
        """Stable id: a hash of the normalised body and the URL (or external id)."""
        if self.external_id:
            return self.external_id
        return content_hash(self.text, self.url)

    def paragraph_offsets(self) -> list[tuple[int, int]]:
        offsets = []
        pos = 0
        for para in self.body:
            offsets.append((pos, pos + len(para)))
            pos += len(para) + len(PARAGRAPH_SEPARATOR)
        return offsets

    def to_json_dict(self) -> dict[str, Any]:
        """The `warreport parse --json` shape."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "url": self.url,
            "language": self.language,
            "body": self.body,
            "boilerplate": self.boilerplate,
            "comments": [
                {
                    "author": c.author,
                    "text": c.text,
                    "reply_to": c.reply_to,
                    "published": c.published.isoformat() if c.published else None,
                }
                for c in self.comments
            ],
        }


_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def content_hash(text: str, url: str | None) -> str:
    digest = hashlib.sha256()
    digest.update(normalise_text(text).encode("utf-8"))
    digest.update(b"\x00")
    digest.update((url or "").strip().encode("utf-8"))
    return digest.hexdigest()[:20]


class Place(_Model):
    """A resolved place from the gazetteer."""

    name: str
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    iso: str | None = None  # ISO 3166-1 alpha-2
    iso3: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    population: int = 0


class GeoCandidate(_Model):
    place: Place
    score: float
    reasons: list[str] = Field(default_factory=list)


class Actor(_Model):
    """A canonical actor of the actor dictionary."""

    name: str
    inter: int
    side: str | None = None
    country: str | None = None
    aliases: list[str] = Field(default_factory=list)
    parent: str | None = None
    kind: str | None = None  # state_military | rebel | militia | political | civilians | ...


class Event(_Model):
    """One event, coded the way ACLED codes it, with provenance for every field."""

    event_id: str
    doc_id: str
    event_date: date | None = None
    date_start: date | None = None
    date_end: date | None = None
    time_precision: int = 1
    event_type: str
    sub_event_type: str
    plover_type: str | None = None
    actor1: str | None = None
    assoc_actor_1: list[str] = Field(default_factory=list)
    actor2: str | None = None
    assoc_actor_2: list[str] = Field(default_factory=list)
    inter1: int | None = None
    inter2: int | None = None
    actor1_mention: str | None = None
    actor2_mention: str | None = None
    location: str | None = None
    sub_locations: list[str] = Field(default_factory=list)
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    iso: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    fatalities: int = 0
    quantities: list[Quantity] = Field(default_factory=list)
    weapons: list[str] = Field(default_factory=list)
    certainty: Certainty = Certainty.REPORTED
    framing: list[str] = Field(default_factory=list)
    sentence: str = ""
    start_char: int = 0
    end_char: int = 0
    source: str | None = None
    source_url: str | None = None
    notes: str = ""
    fields_provenance: dict[str, Provenance] = Field(default_factory=dict)
    corroboration: int = 1
    canonical_id: str | None = None

    @property
    def is_factual(self) -> bool:
        return self.certainty.is_factual


def make_event_id(doc_id: str, start_char: int, sub_event_type: str, location: str | None) -> str:
    key = f"{doc_id}|{start_char}|{sub_event_type}|{location or ''}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


class RawPage(_Model):
    """Bytes of one page as fetched or read, before parsing, with what the source told us."""

    origin: str  # file path, URL, "stdin", "feed:<url>#<n>", "<file.jsonl>:<line>"
    data: bytes = b""
    text: str | None = None  # set when the source already gave text (JSONL records)
    url: str | None = None
    content_type: str | None = None  # "text/html", "text/plain", ... when known
    published: date | None = None
    source: str | None = None
    title: str | None = None
    external_id: str | None = None


class Failure(_Model):
    """A document that could not be processed, and why."""

    origin: str
    reason: str
    error_type: str
    stage: str = "parse"


class ProcessedDocument(_Model):
    """The output of the per-document pipeline: what the store persists in one transaction."""

    document: Document
    events: list[Event] = Field(default_factory=list)
