"""Review as "inline feedback": confirm, correct, reject as versions; votes; annotations;
comment-label overrides; exports that take the reviewed values."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from warreport.errors import InputError, NotFoundError
from warreport.review import ReviewStore


def review(client: Any, auth: dict[str, str], event_id: str, **body: Any) -> Any:
    return client.post(f"/api/events/{event_id}/review", json=body, headers=auth)


def test_correction_is_a_version_and_keeps_the_machine_row(client: Any, seeded: Any, auth: dict[str, str]) -> None:
    store, _, events = seeded
    ev = events[1]
    resp = review(client, auth, ev.event_id, action="correct",
                  changes={"fatalities": 12, "location": "Al-Bukamal"}, note="per later report")
    assert resp.status_code == 201, resp.text
    version = resp.json()["version"]
    assert version["version"] == 1 and version["author"] == "analyst"
    assert version["changes"] == {"fatalities": [0, 12], "location": ["Abu Kamal", "Al-Bukamal"]}
    assert store.get_event(ev.event_id).fatalities == 0  # machine original untouched
    body = client.get(f"/api/events/{ev.event_id}").json()
    assert body["fatalities"] == 12 and body["machine"]["fatalities"] == 0
    assert body["review"] == {"status": "corrected", "version": 1, "corrected_fields": ["fatalities", "location"]}
    # a second correction builds on the first
    review(client, auth, ev.event_id, action="correct", changes={"fatalities": 15})
    history = client.get(f"/api/events/{ev.event_id}/history").json()
    assert [h["changes"] for h in history] == [
        {"fatalities": [0, 12], "location": ["Abu Kamal", "Al-Bukamal"]},
        {"fatalities": [12, 15]},
    ]
    assert history[1]["values"] == {"fatalities": 15, "location": "Al-Bukamal"}
    machine = client.get(f"/api/events/{ev.event_id}", params={"values": "machine"}).json()["machine"]
    assert machine["location"] == "Abu Kamal"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"event_id": "x"}, "cannot correct"),
        ({"no_such_field": 1}, "cannot correct"),
        ({"fatalities": "many"}, "invalid value"),
        ({"certainty": "rumoured"}, "invalid value"),
        ({"event_date": "31/10/2017"}, "invalid value"),
        ({}, "at least one"),
        ({"fatalities": 0}, "changes nothing"),
    ],
)
def test_bad_corrections_are_422(client: Any, seeded: Any, auth: dict[str, str], changes: dict[str, Any], message: str) -> None:
    resp = review(client, auth, seeded[2][1].event_id, action="correct", changes=changes)
    assert resp.status_code == 422
    assert message in resp.json()["error"]["message"]


def test_confirm_and_reject(client: Any, seeded: Any, auth: dict[str, str]) -> None:
    events = seeded[2]
    assert review(client, auth, events[0].event_id, action="confirm").status_code == 201
    assert review(client, auth, events[2].event_id, action="reject", note="duplicate").status_code == 201
    assert review(client, auth, events[2].event_id, action="reject", changes={"fatalities": 1}).status_code == 422
    assert review(client, auth, "nope", action="confirm").status_code == 404
    statuses = {e["location"]: e["review"]["status"] for e in client.get("/api/events").json()["events"]}
    assert statuses == {"Deir ez-Zor": "confirmed", "Abu Kamal": "unreviewed", "Ubaydi": "rejected"}
    hidden = client.get("/api/events", params={"hide_rejected": "true"}).json()["events"]
    assert "Ubaydi" not in {e["location"] for e in hidden}


def test_exports_take_reviewed_values(client: Any, seeded: Any, auth: dict[str, str]) -> None:
    events = seeded[2]
    review(client, auth, events[1].event_id, action="correct", changes={"fatalities": 9})
    review(client, auth, events[2].event_id, action="reject")
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv").text)))
    by_place = {r["location"]: r for r in rows}
    assert set(by_place) == {"Deir ez-Zor", "Abu Kamal"}  # rejected left out
    assert by_place["Abu Kamal"]["fatalities"] == "9"
    assert by_place["Abu Kamal"]["review_status"] == "corrected"
    machine = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params={"values": "machine"}).text)))
    assert {r["location"]: r["fatalities"] for r in machine}["Abu Kamal"] == "0"
    assert len(machine) == 3
    listed = client.get("/api/events", params={"values": "machine"}).json()["events"]
    assert {e["location"]: e["fatalities"] for e in listed}["Abu Kamal"] == 0
    assert {e["location"]: e["review"]["status"] for e in listed}["Abu Kamal"] == "corrected"
    geo = client.get("/api/events.geojson").json()
    props = {f["properties"]["location"]: f["properties"] for f in geo["features"]}
    assert props["Abu Kamal"]["fatalities"] == 9 and props["Ubaydi"]["review_status"] == "rejected"


def test_corrected_coordinates_move_the_point(client: Any, seeded: Any, auth: dict[str, str]) -> None:
    ev = seeded[2][0]
    review(client, auth, ev.event_id, action="correct", changes={"latitude": 35.3, "longitude": 40.2})
    feature = next(f for f in client.get("/api/events.geojson").json()["features"] if f["id"] == ev.event_id)
    assert feature["geometry"]["coordinates"] == [40.2, 35.3]


def test_votes_feed_most_voted(client: Any, seeded: Any, sqlite_url: str) -> None:
    from warreport.web.security import TokenStore

    store, _, events = seeded
    tokens = TokenStore(store.db)
    a = {"Authorization": f"Bearer {tokens.create('a')}"}
    b = {"Authorization": f"Bearer {tokens.create('b')}"}
    ubaydi, abu = events[2].event_id, events[1].event_id
    client.post(f"/api/events/{ubaydi}/vote", json={"value": 1}, headers=a)
    assert client.post(f"/api/events/{ubaydi}/vote", json={"value": 1}, headers=b).json()["votes"] == 2
    assert client.post(f"/api/events/{ubaydi}/vote", json={"value": 1}, headers=b).json()["votes"] == 2  # one per voter
    client.post(f"/api/events/{abu}/vote", json={"value": -1}, headers=a)
    voted = client.get("/api/events", params={"order": "voted"}).json()["events"]
    assert [(e["location"], e["votes"]) for e in voted] == [("Ubaydi", 2), ("Deir ez-Zor", 0), ("Abu Kamal", -1)]
    assert client.post(f"/api/events/{ubaydi}/vote", json={"value": 0}, headers=b).json()["votes"] == 1
    assert client.post(f"/api/events/{ubaydi}/vote", json={"value": 5}, headers=b).status_code == 422


def test_annotation_anchored_to_a_sentence(client: Any, seeded: Any, auth: dict[str, str]) -> None:
    _, doc, events = seeded
    ev = events[1]
    resp = client.post(f"/api/documents/{doc.doc_id}/annotations", headers=auth,
                       json={"start_char": ev.start_char, "end_char": ev.end_char, "text": "Check the count.",
                             "event_id": ev.event_id})
    assert resp.status_code == 201, resp.text
    note = resp.json()
    assert note["quote"] == ev.sentence and note["author"] == "analyst"
    assert client.get(f"/api/documents/{doc.doc_id}").json()["annotations"][0]["text"] == "Check the count."
    assert client.get(f"/api/events/{ev.event_id}").json()["annotations"][0]["quote"] == ev.sentence
    outside = client.post(f"/api/documents/{doc.doc_id}/annotations", headers=auth,
                          json={"start_char": 0, "end_char": 10**6, "text": "x"})
    assert outside.status_code == 422
    wrong_doc = client.post("/api/documents/nope/annotations", headers=auth,
                            json={"start_char": 0, "end_char": 5, "text": "x"})
    assert wrong_doc.status_code == 404


def test_comment_label_override_is_a_review(client: Any, seeded: Any, auth: dict[str, str]) -> None:
    store, doc, _ = seeded
    resp = client.post(f"/api/documents/{doc.doc_id}/comments/1/label", json={"label": "insult"}, headers=auth)
    assert resp.status_code == 201
    assert resp.json()["old_label"] == "hate"
    comments = {c["index"]: c for c in client.get(f"/api/documents/{doc.doc_id}").json()["comments"]}
    assert comments[1]["label"] == "insult" and comments[1]["machine_label"] == "hate"
    assert comments[1]["collapsed"] is False
    assert store.get_document(doc.doc_id).comments[1].moderation.label.value == "hate"  # machine kept
    bad = client.post(f"/api/documents/{doc.doc_id}/comments/1/label", json={"label": "meh"}, headers=auth)
    assert bad.status_code == 422
    assert client.post(f"/api/documents/{doc.doc_id}/comments/9/label", json={"label": "ok"}, headers=auth).status_code == 404


def test_review_store_directly(seeded: Any) -> None:
    store, doc, events = seeded
    reviews = ReviewStore(store.db)
    with pytest.raises(NotFoundError):
        reviews.history("missing")
    with pytest.raises(InputError):
        reviews.review(events[0].event_id, "approve", "me")  # type: ignore[arg-type]
    reviews.review(events[0].event_id, "correct", "me", {"assoc_actor_1": ["Tiger Forces"]})
    got = reviews.reviewed([events[0]])[0]
    assert got.event.assoc_actor_1 == ["Tiger Forces"] and got.status == "corrected"
    assert reviews.latest([e.event_id for e in events]).keys() == {events[0].event_id}
