"""The store: migrations, idempotent saves, queries with filters and stable cursors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from warreport.errors import InputError, NotFoundError
from warreport.model import (
    Certainty,
    Comment,
    Document,
    Event,
    Failure,
    ProcessedDocument,
    Provenance,
    Quantity,
    make_event_id,
)
from warreport.store import EventQuery, Store
from warreport.store.db import Database, current_revision, head_revision
from warreport.store.query import decode_cursor, encode_cursor, haversine_km


def _doc(text: str = "Troops took the town.", url: str | None = "https://example.org/a") -> Document:
    return Document(
        title="A report",
        published=date(2017, 11, 1),
        source="Example",
        url=url,
        language="en",
        body=[text],
        comments=[Comment(index=0, author="reader", text="first!")],
    )


def _event(doc: Document, n: int, **kw: object) -> Event:
    base: dict[str, object] = {
        "event_id": make_event_id(doc.doc_id, n, "Armed clash", f"Place{n}"),
        "doc_id": doc.doc_id,
        "event_date": date(2017, 10, 1) + timedelta(days=n),
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Syria (2000-)",
        "actor2": "Islamic State (Syria)",
        "location": f"Place{n}",
        "country": "Syria",
        "latitude": 35.0 + n * 0.1,
        "longitude": 40.0 + n * 0.1,
        "geo_precision": 1,
        "sentence": f"Sentence number {n} about a clash.",
        "start_char": n,
        "end_char": n + 10,
        "quantities": [Quantity(kind="launches", count=3, item="missiles", text="3 missiles")],
        "fields_provenance": {"sub_event_type": Provenance(rule="trigger:clash", confidence=0.9)},
    }
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


def test_migrations_reach_head(db_url: str) -> None:
    db = Database(db_url)
    assert current_revision(db.engine) == head_revision()
    Database(db_url)  # opening again is a no-op


def test_save_is_idempotent_and_roundtrips(db_url: str) -> None:
    store = Store(db_url)
    doc = _doc()
    events = [_event(doc, i) for i in range(3)]
    assert store.save(ProcessedDocument(document=doc, events=events)) is True
    assert store.save(ProcessedDocument(document=doc, events=events)) is False
    stats = store.stats()
    assert (stats.documents, stats.events, stats.comments) == (1, 3, 1)
    back = store.get_event(events[1].event_id)
    assert back == events[1]
    loaded = store.get_document(doc.doc_id)
    assert loaded.body == doc.body and loaded.comments[0].text == "first!"
    assert loaded.doc_id == doc.doc_id


def test_doc_id_depends_on_normalised_text_and_url() -> None:
    a = _doc("Troops  took the\ntown.")
    b = _doc("troops took the town.")
    c = _doc("troops took the town.", url="https://example.org/b")
    assert a.doc_id == b.doc_id
    assert a.doc_id != c.doc_id


def test_failures_are_recorded(db_url: str) -> None:
    store = Store(db_url)
    store.record_failure(Failure(origin="x.html", reason="empty", error_type="EmptyInputError"))
    store.record_failure(Failure(origin="y.html", reason="binary", error_type="BinaryInputError"))
    store.record_failure(Failure(origin="x.html", reason="still empty", error_type="EmptyInputError"))
    assert sorted((f.origin, f.reason) for f in store.failures()) == [
        ("x.html", "still empty"),
        ("y.html", "binary"),
    ]


def test_get_missing_raises_not_found(sqlite_url: str) -> None:
    store = Store(sqlite_url)
    with pytest.raises(NotFoundError):
        store.get_event("nope")
    with pytest.raises(NotFoundError):
        store.get_document("nope")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(), 10),
        (EventQuery(date_from=date(2017, 10, 3), date_to=date(2017, 10, 5)), 3),
        (EventQuery(bbox=(39.95, 34.95, 40.25, 35.25)), 3),
        (EventQuery(lat=35.0, lon=40.0, radius_km=20), 2),
        (EventQuery(country="syria"), 10),
        (EventQuery(actor="islamic state"), 10),
        (EventQuery(q="number 7"), 1),
        (EventQuery(certainty="predicted"), 1),
        (EventQuery(include_uncertain=True), 11),
        (EventQuery(sub_event_type="Air/drone strike"), 0),
    ],
)
def test_query_filters(db_url: str, query: EventQuery, expected: int) -> None:
    store = Store(db_url)
    doc = _doc()
    events = [_event(doc, i) for i in range(10)]
    events.append(_event(doc, 50, certainty=Certainty.PREDICTED))
    store.save(ProcessedDocument(document=doc, events=events))
    found, _ = store.query_events(query)
    assert len(found) == expected


def test_cursor_pages_cover_everything_once(db_url: str) -> None:
    store = Store(db_url)
    doc = _doc()
    events = [_event(doc, i % 4, event_id=f"e{i:03d}") for i in range(23)]
    store.save(ProcessedDocument(document=doc, events=events))
    seen: list[str] = []
    cursor = None
    while True:
        page, cursor = store.query_events(EventQuery(limit=5, cursor=cursor))
        seen += [e.event_id for e in page]
        if cursor is None:
            break
    assert sorted(seen) == sorted(e.event_id for e in events)
    assert len(seen) == len(set(seen))
    assert len(list(store.iter_events(EventQuery(limit=7)))) == 23


def test_cursor_roundtrip_and_garbage() -> None:
    cur = encode_cursor(date(2017, 1, 2), "abc")
    assert decode_cursor(cur) == (date(2017, 1, 2), "abc")
    with pytest.raises(InputError):
        decode_cursor("!!!not-a-cursor")


@pytest.mark.parametrize(
    "bad",
    [
        {"bbox": (10, 10, 0, 0)},
        {"lat": 1.0},
        {"date_from": date(2020, 1, 2), "date_to": date(2020, 1, 1)},
    ],
)
def test_bad_queries_are_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        EventQuery(**bad)  # type: ignore[arg-type]


def test_haversine() -> None:
    # Deir ez-Zor to Abu Kamal is about 120 km.
    assert 110 < haversine_km(35.336, 40.141, 34.452, 40.919) < 130
