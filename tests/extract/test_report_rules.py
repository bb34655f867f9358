"""Rules of whole reports: datelines, launch points, coreference across sentences, events that
only refer to events already coded (uses the shipped gazetteer)."""

from __future__ import annotations

from datetime import date

import pytest

from warreport.extract import exportable, extract_events
from warreport.model import Document


def _events(*paragraphs: str, published: date = date(2017, 11, 2)):
    return exportable(extract_events(Document(body=list(paragraphs), published=published, source="test")))


@pytest.mark.parametrize(
    ("text", "location", "country", "sub", "actor2"),
    [
        ("BEIRUT – The US-backed Syrian Democratic Forces (SDF) captured the last Islamic State positions in Raqqa "
         "on Tuesday.", "Ar Raqqah", "Syria", "Non-state actor overtakes territory", "Islamic State (Syria)"),
        ("BEIRUT/BAGHDAD – Syrian government troops captured several neighbourhoods in the north of Dayr az-Zawr "
         "city from Islamic State militants on 31 October.", "Deir ez-Zor", "Syria", "Government regains territory",
         "Islamic State (Syria)"),
        ("AMMAN (Reuters) — Syrian government troops captured Abu Kamal from Islamic State on Sunday.",
         "Ālbū Kamāl", "Syria", "Government regains territory", "Islamic State (Syria)"),
    ],
)
def test_dateline_is_not_the_event_place(text: str, location: str, country: str, sub: str, actor2: str) -> None:
    (e,) = _events(text)
    assert (e.location, e.country, e.sub_event_type, e.actor2) == (location, country, sub, actor2)


STRIKE_CONTEXT = "Syrian troops fought Islamic State in Deir Ezzor city."


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        ("On Tuesday, the Russian submarine Veliky Novgorod fired three Kalibr cruise missiles from the Mediterranean "
         "at terrorist positions around Albu Kamal, the last large town ISIS still holds in Syria.",
         "Military Forces of Russia (2000-)", "Islamic State (Syria)"),
        ("Russia's Defence Ministry said one of its submarines in the Mediterranean, the Veliky Novgorod, launched "
         "three Kalibr cruise missiles on 31 October at Islamic State targets near Abu Kamal.",
         "Military Forces of Russia (2000-)", "Islamic State (Syria)"),
    ],
)
def test_launch_point_is_not_the_event_place(text: str, actor1: str, actor2: str) -> None:
    strikes = [e for e in _events(STRIKE_CONTEXT, text) if e.sub_event_type == "Shelling/artillery/missile attack"]
    (e,) = strikes
    assert (e.location, e.geo_precision, e.actor1, e.actor2) == ("Ālbū Kamāl", 2, actor1, actor2)
    assert not e.sub_locations  # the vessel's name is no district


def test_place_far_outside_the_war_does_not_qualify_actors() -> None:
    from warreport.extract.events import Candidate, run_document
    from warreport.extract.record import build_event
    from warreport.model import Place
    from warreport.nlp.actors import get_actor_dictionary
    from warreport.nlp.pipeline import get_nlp, parse_text

    doc = Document(body=["The Tiger Forces of the Syrian Arab Army liberated Kanamat in Deir Ezzor city from ISIS."],
                   published=date(2017, 11, 1), source="test")
    nlp = get_nlp()
    (cand,) = run_document(nlp, doc, nlp(parse_text(doc.text))).candidates
    assert cand.location is not None and "SY" in cand.theatre
    abroad = Place(name="Airport", latitude=36.6, longitude=-119.9, country="United States", iso="US")
    moved = Candidate(**{**cand.__dict__, "location": type(cand.location)(abroad, "Airport", 1, "test", 0.5)})
    e = build_event(moved, doc, get_actor_dictionary())
    assert e.actor2 == "Islamic State (Syria)"
    assert e.sub_event_type == "Government regains territory"  # Syria's forces are not foreign forces there
