"""Fatalities by ACLED's rules and the counts a sentence states."""

from __future__ import annotations

import pytest

from warreport.extract.quantities import fatality_statement, sentence_quantities
from warreport.nlp.pipeline import get_nlp


@pytest.mark.parametrize(
    ("text", "total", "split", "places"),
    [
        ("2 fatalities.", 2, None, {}),
        ("Unknown number of fatalities coded to 10.", 10, None, {}),
        ("Total fatalities coded as 7.", 7, None, {}),
        ("Unknown fatalities coded as 10 and split between 4 events.", 10, 4, {}),
        ("Unknown fatalities coded to 10, and split between both locations.", 10, 2, {}),
        ("Unknown number of fatalities coded as 10 and split between events in Tulaylat and Khalsa.", 10, 2, {}),
        ("12 fatalities coded to Marrat and 13 coded to Salhiyeh.", None, None, {"marrat": 12, "salhiyeh": 13}),
        ("Distributed fatalities over the activities in Sharan (12), Sheikh al-Hadid (13).", None, 0,
         {"sharan": 12, "sheikh hadid": 13}),
        ("Total fatalities 9 are split as follows: 3 Kabani, 2 Haddada.", 9, None, {"kabani": 3, "haddada": 2}),
    ],
)
def test_fatality_statements(text, total, split, places) -> None:
    stmt = fatality_statement(text)
    assert stmt is not None
    assert stmt.total == total and stmt.split == split
    assert dict(stmt.by_place) == places


@pytest.mark.parametrize("text", ["Neither injuries nor fatalities were reported.", "There were no casualties.",
                                  "No fatalities reported."])
def test_zero(text) -> None:
    stmt = fatality_statement(text)
    assert stmt is not None and stmt.zero and stmt.total is None


def test_allocation_by_place_name() -> None:
    stmt = fatality_statement("12 fatalities coded to Marrat and 13 coded to Salhiyeh.")
    assert stmt.for_place(["Al-Salhiyeh"]) == 13


@pytest.mark.parametrize(
    ("text", "kind", "count"),
    [
        ("Unknown gunmen killed 2 fighters of HTS.", "fatalities", 2),
        ("The clashes resulted in the killing of 7 pro-Turkey fighters.", "fatalities", 7),
        ("Gunmen shot dead a QSD fighter.", "fatalities", 1),
        ("1 fighter from the HTS was killed.", "fatalities", 1),
        ("Helicopters dropped barrel bombs which led to three civilian fatalities.", "fatalities", 3),
        ("The attack wounded 5 soldiers.", "wounded", 5),
        ("The submarine launched 3 Kalibr cruise missiles.", "launches", 3),
    ],
)
def test_sentence_quantities(text, kind, count) -> None:
    sent = next(get_nlp()(text).sents)
    assert any(q.kind == kind and q.count == count for q in sentence_quantities(sent)), sentence_quantities(sent)


def test_attempted_killing_counts_nothing() -> None:
    sent = next(get_nlp()("Unidentified gunmen attempted to assassinate a rebel commander.").sents)
    assert not [q for q in sentence_quantities(sent) if q.kind == "fatalities"]
