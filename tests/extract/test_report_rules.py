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
