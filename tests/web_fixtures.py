"""Stores built from hand-made documents and events, shared by the web, export and alert tests.

The events are constructed here (not extracted), with sentences whose offsets point into the
document text, so tests do not depend on the extractor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from warreport.model import (
    Certainty,
    Comment,
    Document,
    Event,
    Moderation,
    ModerationLabel,
    ProcessedDocument,
    Provenance,
    make_event_id,
)
from warreport.store import Store

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'

PARAGRAPHS = [
    "On October 31, the Syrian Arab Army liberated the Kanamat neighborhood from ISIS in Deir Ezzor city. "
    "Government troops also advanced in al-Hamidiyah.",
    "The Russian submarine launched 3 Kalibr cruise missiles on targets near al-Bukamal. "
    "Several command points were destroyed.",
    "In Iraq, the army and the PMU liberated Ubaydi from ISIS east of al-Qaim.",
    "Kurdish officials said the SDF will likely attack Raqqa next week.",
]


@dataclass
class Place:
    name: str
    admin1: str
    country: str
    iso: str
    lat: float
    lon: float


DEIR_EZZOR = Place("Deir ez-Zor", "Deir ez-Zor", "Syria", "SY", 35.336, 40.141)
ABU_KAMAL = Place("Abu Kamal", "Deir ez-Zor", "Syria", "SY", 34.452, 40.918)
UBAYDI = Place("Ubaydi", "Anbar", "Iraq", "IQ", 34.372, 41.099)
RAQQA = Place("Raqqa", "Raqqa", "Syria", "SY", 35.950, 39.009)


def make_document(title: str = "Syria-Iraq War Report – November 1, 2017", **kw: Any) -> Document:
    base: dict[str, Any] = {
        "title": title,
        "published": date(2017, 11, 1),
        "source": "Levant Front Monitor",
        "url": "https://example.org/reports/2017-11-01",
        "language": "en",
        "body": list(PARAGRAPHS),
        "comments": [
            Comment(index=0, author="reader1", text="Good report."),
            Comment(index=1, author="troll", text="They are vermin and should be wiped out.",
                    moderation=Moderation(label=ModerationLabel.HATE, score=0.93, rule="lexicon")),
        ],
    }
    base.update(kw)
    return Document(**base)


def sentence_event(
    doc: Document,
    sentence: str,
    place: Place,
    *,
    event_type: str = "Battles",
    sub_event_type: str = "Armed clash",
    day: date = date(2017, 10, 31),
    **kw: Any,
) -> Event:
    start = doc.text.index(sentence)
    base: dict[str, Any] = {
        "event_id": make_event_id(doc.doc_id, start, sub_event_type, place.name),
        "doc_id": doc.doc_id,
        "event_date": day,
        "date_start": day,
        "date_end": day,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": "Military Forces of Syria (2000-)",
        "actor2": "Islamic State (Syria)",
        "inter1": 1,
        "inter2": 2,
        "location": place.name,
        "admin1": place.admin1,
        "country": place.country,
        "iso": place.iso,
        "latitude": place.lat,
        "longitude": place.lon,
        "geo_precision": 1,
        "sentence": sentence,
        "start_char": start,
        "end_char": start + len(sentence),
        "source": doc.source,
        "source_url": doc.url,
        "fields_provenance": {"sub_event_type": Provenance(rule="trigger:liberated", confidence=0.8)},
    }
    base.update(kw)
    return Event(**base)


def seed_events(doc: Document) -> list[Event]:
    s = [p.split(". ")[0] + "." if ". " in p else p for p in PARAGRAPHS]
    return [
        sentence_event(doc, s[0], DEIR_EZZOR, sub_event_type="Non-state actor overtakes territory",
                       framing=["liberated"]),
        sentence_event(doc, s[1], ABU_KAMAL, event_type="Explosions/Remote violence",
                       sub_event_type="Shelling/artillery/missile attack",
                       actor1="Military Forces of Russia (2000-)", inter1=8, fatalities=0, corroboration=3),
        sentence_event(doc, s[2], UBAYDI, sub_event_type="Government regains territory",
                       actor1="Military Forces of Iraq (2014-)", actor2="Islamic State (Iraq)",
                       day=date(2017, 10, 30), fatalities=4, corroboration=2),
        sentence_event(doc, s[3], RAQQA, sub_event_type="Armed clash",
                       actor1="SDF: Syrian Democratic Forces", actor2="Islamic State (Syria)",
                       certainty=Certainty.PREDICTED, day=date(2017, 11, 7)),
    ]


def build_store(url: str, *, hostile: bool = False) -> tuple[Store, Document, list[Event]]:
    """A store with one report (four events, two comments); ``hostile`` adds XSS payloads."""
    if hostile:
        doc = make_document(
            title=f"War report {XSS_SCRIPT} {XSS_IMG}",
            body=[PARAGRAPHS[0] + f" Locals wrote {XSS_SCRIPT} on walls {XSS_IMG}.", *PARAGRAPHS[1:]],
            comments=[
                Comment(index=0, author=f"evil{XSS_IMG}", text=f"nice {XSS_SCRIPT}"),
                Comment(index=1, author="troll", text=f"vermin {XSS_IMG}",
                        moderation=Moderation(label=ModerationLabel.HATE, score=0.9)),
            ],
        )
    else:
        doc = make_document()
    events = seed_events(doc)
    if hostile:
        events[0] = events[0].model_copy(update={"location": f"Deir {XSS_SCRIPT}", "actor1": XSS_IMG})
    store = Store(url)
    store.save(ProcessedDocument(document=doc, events=events))
    return store, doc, events


def make_client(url: str, store: Store, **settings: Any) -> Any:
    """A TestClient over the app for ``store`` (tiles off: tests never reach the internet)."""
    from fastapi.testclient import TestClient

    from warreport.config import load_config
    from warreport.web.app import create_app

    settings.setdefault("tiles_url", "")
    cfg = load_config(environ={}, db=url, **settings)
    return TestClient(create_app(cfg, store=store))
