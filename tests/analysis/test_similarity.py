from __future__ import annotations

from datetime import date

import pytest
from tests.analysis.helpers import GOV_IQ, IQ, IS_IQ, IS_SY, KRG, PESH, SY

from warreport.analysis.similarity import (
    AGREEMENT,
    CLASH,
    REMOTE,
    TERRITORY,
    ActorSet,
    GeoPoint,
    actors_compatible,
    family_of,
    opposite_outcome,
    outlet_key,
    places_match,
    same_place_name,
    side_of,
    windows_overlap,
)


@pytest.mark.parametrize(
    ("sub", "family"),
    [
        ("Government regains territory", TERRITORY),
        ("Non-violent transfer of territory", TERRITORY),
        ("Armed clash", CLASH),
        ("Air/drone strike", REMOTE),
        ("Shelling/artillery/missile attack", REMOTE),
        ("Agreement", AGREEMENT),
        ("Arrests", "arrests"),
    ],
)
def test_families(sub: str, family: str) -> None:
    assert family_of(sub) == family


D = date.fromisoformat


@pytest.mark.parametrize(
    ("a", "b", "slack", "expected"),
    [
        ((D("2017-10-31"), D("2017-10-31")), (D("2017-10-31"), D("2017-10-31")), 0, True),
        ((D("2017-10-31"), D("2017-10-31")), (D("2017-11-01"), D("2017-11-01")), 0, False),
        ((D("2017-10-31"), D("2017-10-31")), (D("2017-11-01"), D("2017-11-01")), 1, True),
        ((D("2017-10-28"), D("2017-11-01")), (D("2017-10-30"), D("2017-10-30")), 0, True),
        ((D("2017-10-31"), D("2017-10-31")), (D("2017-11-03"), D("2017-11-03")), 1, False),
        (None, (D("2017-11-03"), D("2017-11-03")), 1, False),
    ],
)
def test_windows_overlap(a, b, slack: int, expected: bool) -> None:  # type: ignore[no-untyped-def]
    assert windows_overlap(a, b, slack) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Deir Ezzor", "Deir ez-Zor", True),
        ("Dayr az-Zawr", "Deir ez-Zor", True),
        ("Albu Kamal", "Abu Kamal", True),
        ("al-Bukamal", "Abu Kamal", True),
        ("Obeidi", "Al-Ubaydi", True),
        ("'Ubaydi", "al-Ubaydi", True),
        ("Al-Qaim", "Al Qa'im", True),
        ("Kirkuk", "Sinjar", False),
        ("Hatla", "Marrat", False),
    ],
)
def test_place_spellings(a: str, b: str, expected: bool) -> None:
    assert same_place_name(a, b) is expected


def test_exact_places_with_other_names_are_different_even_when_close() -> None:
    village_a = GeoPoint(35.00, 40.00, 1, None, "Hatla")
    village_b = GeoPoint(35.03, 40.03, 1, None, "Marrat")
    assert places_match(village_a, village_b)[0] is False
    near_a = GeoPoint(35.03, 40.03, 2, None, "near Hatla")
    assert places_match(village_a, near_a)[0] is True  # a vague location matches within 25 km


def test_far_places_never_match() -> None:
    a = GeoPoint(35.33588, 40.14084, 1, 170794, "Deir ez-Zor")
    b = GeoPoint(34.45226, 40.91854, 1, 174448, "Abu Kamal")
    assert places_match(a, b)[0] is False


def test_sides_from_the_actor_dictionary() -> None:
    assert side_of(SY) == "syria.government"
    assert side_of(PESH) == "kurdistan"  # a unit on another side than its parent
    assert side_of(IQ) == "iraq.government"
    assert side_of("Nobody We Know") is None


def test_actor_compatibility() -> None:
    capture = ActorSet(IQ, (), IS_IQ, ())
    with_unit = ActorSet(f"{IQ} Popular Mobilization Forces", (), IS_IQ, ())
    assert actors_compatible(capture, with_unit, TERRITORY)
    reversed_capture = ActorSet(IS_IQ, (), IQ, ())
    assert not actors_compatible(capture, reversed_capture, TERRITORY)
    assert opposite_outcome(capture, reversed_capture)
    kirkuk = ActorSet(IQ, (), PESH, ())
    assert not actors_compatible(kirkuk, ActorSet(PESH, (), IQ, ()), TERRITORY)
    deal = ActorSet(GOV_IQ, (), KRG, ())
    assert actors_compatible(deal, ActorSet(KRG, (), GOV_IQ, ()), AGREEMENT)  # symmetric
    assert actors_compatible(ActorSet(SY, (), IS_SY, ()), ActorSet(None, (), IS_SY, ()), CLASH)


def test_associated_actors_that_differ_mean_different_events() -> None:
    students = ActorSet("Protesters (Iraq)", ("Students (Iraq)",), None, ())
    lawyers = ActorSet("Protesters (Iraq)", ("Lawyers (Iraq)",), None, ())
    assert not actors_compatible(students, lawyers, "demonstration")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("SouthFront", "South Front", True), ("southfront.org", "SouthFront", True), ("SANA", "Rudaw", False)],
)
def test_outlet_keys(a: str, b: str, same: bool) -> None:
    assert (outlet_key(a, "d1") == outlet_key(b, "d2")) is same


def test_unknown_outlets_count_per_document() -> None:
    assert outlet_key(None, "d1") != outlet_key(None, "d2")
