"""ACLED's actor conventions: who is actor 1 and actor 2 (uses the shipped gazetteer).
Sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from warreport.extract import exportable, extract_events
from warreport.model import Document

YPG = "YPG: Peoples Protection Units"
TURKEY = "Military Forces of Turkey (2016-)"


def _event(text: str, published: date = date(2018, 2, 10)):
    events = exportable(extract_events(Document(body=[text], published=published, source="test")))
    assert events, text
    return events[0]


@pytest.mark.parametrize(
    ("text", "actor1", "assoc1", "actor2"),
    [
        # the leading state's military named on the operation's side goes first, the operation is associated
        ("Clashes broke out between Turkish forces and rebel factions of Operation Olive Branch against the YPG "
         "near Jandaris in the Afrin region.", TURKEY, "Operation Olive Branch", "YPG: Peoples Protection Units"),
        ("Turkish troops and Olive Branch fighters fought the YPG in the hills north of Afrin.",
         TURKEY, None, "YPG: Peoples Protection Units"),
        # only the operation's factions named: the operation is the main actor
        ("Olive Branch factions clashed with YPG fighters near Rajo in the Afrin region.",
         "Operation Olive Branch", None, "YPG: Peoples Protection Units"),
        # a bare demonym of the leading state joined to the operation's forces names its military
        ("Turkish and allied Olive Branch factions captured a hill near Rajo from the YPG.",
         TURKEY, "Operation Olive Branch", YPG),
        ("Clashes broke out between Turkish and rebel Olive Branch factions against the YPG near Jandaris.",
         TURKEY, "Operation Olive Branch", YPG),
        ("Turkish-led Olive Branch forces clashed with YPG fighters in the hills north of Afrin.",
         TURKEY, "Operation Olive Branch", YPG),
        # factions backed by the state are not its military
        ("Turkish-backed Olive Branch factions clashed with YPG fighters in the hills north of Afrin.",
         "Operation Olive Branch", None, YPG),
    ],
)
def test_leading_state_of_an_operation_goes_first(text: str, actor1: str, assoc1: str | None, actor2: str) -> None:
    e = _event(text)
    assert (e.actor1, e.actor2) == (actor1, actor2)
    if assoc1:
        assert assoc1 in e.assoc_actor_1


@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        # "between X and Y against Z": X and Y are one side, Z the other
        ("Heavy clashes took place between the Levant Front and the Hamza Brigade against the YPG near Tal Rifaat.",
         "JaS: Levant Front", "YPG: Peoples Protection Units"),
        ("Fighting raged between regime forces and the National Defence Forces against Islamic State fighters "
         "in the desert east of Palmyra.", "Military Forces of Syria (2000-)", "Islamic State (Syria)"),
    ],
)
def test_between_and_against_names_two_sides(text: str, actor1: str, actor2: str) -> None:
    e = _event(text)
    assert (e.actor1, e.actor2) == (actor1, actor2)


@pytest.mark.parametrize(
    "text",
    [
        "Clashes took place among Hamza Brigade members in Ras al-Ain over a dispute about a checkpoint.",
        "Fighters of the Hamza Brigade clashed with one another in Ras al-Ain over a dispute about a checkpoint.",
        "Clashes broke out between members of the Hamza Brigade in Ras al-Ain over a dispute about a checkpoint.",
    ],
)
def test_fighting_within_one_group_names_it_twice(text: str) -> None:
    e = _event(text, date(2021, 5, 3))
    assert (e.actor1, e.actor2) == ("Hamza Brigade", "Hamza Brigade")


def test_members_of_one_group_against_another_are_two_sides() -> None:
    e = _event("Clashes broke out between members of the Hamza Brigade and the YPG near Ras al-Ain.", date(2021, 5, 3))
    assert (e.actor1, e.actor2) == ("Hamza Brigade", "YPG: Peoples Protection Units")


def test_the_only_actor_named_acts() -> None:
    e = _event("Troop movement: a Russian military convoy headed from Tal Tamr to Qamishli.", date(2020, 2, 9))
    assert e.actor1 == "Military Forces of Russia (2000-)"
    assert e.actor2 is None


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("LaQ fighters clashed with Islamic State militants in the desert near Palmyra.", "LaQ: Quds Brigade"),
        ("The National Police Forces arrested two men accused of smuggling in Al Bab.", "National Police Forces"),
        ("YPG Anti-Terror Units detained an Islamic State cell in Hasakah.",
         "YPG: Peoples Protection Units - Anti-Terror Unit"),
    ],
)
def test_acled_abbreviations_and_named_forces(text: str, actor1: str) -> None:
    assert _event(text, date(2021, 5, 3)).actor1 == actor1



@pytest.mark.parametrize(
    ("text", "actor1", "actor2"),
    [
        # two named tribes' militias are the two sides
        ("Clashes broke out between Al Hamad and Al Saleh tribal militiamen in Mayadin over a water dispute.",
         "Al Hamad Tribal Militia (Syria)", "Al Saleh Tribal Militia (Syria)"),
        ("Clashes erupted between the Al Hamad Tribal Militia and the Al Saleh Tribal Militia in Mayadin.",
         "Al Hamad Tribal Militia (Syria)", "Al Saleh Tribal Militia (Syria)"),
        # fighting within one tribe's militia names it twice
        ("Clashes took place among Shammar tribal militiamen in Qamishli over a land dispute.",
         "Shammar Tribal Militia (Syria)", "Shammar Tribal Militia (Syria)"),
        ("Fighting flared between the Hadidi and Al Naim tribes near Mayadin after a wedding shooting.",
         "Hadidi Tribal Militia (Syria)", "Al Naim Tribal Militia (Syria)"),
        ("Clashes took place between Al Hamad and Al Saleh tribe members in Mayadin over a water dispute.",
         "Al Hamad Tribal Militia (Syria)", "Al Saleh Tribal Militia (Syria)"),
        # tribal militias nobody names
        ("Clashes broke out between two tribal militias in Mayadin over a land dispute.",
         "Unidentified Tribal Militia (Syria)", "Unidentified Tribal Militia (Syria)"),
        ("Clashes erupted between members of two tribes in Mayadin over a land dispute.",
         "Unidentified Tribal Militia (Syria)", "Unidentified Tribal Militia (Syria)"),
    ],
)
def test_tribal_militias(text: str, actor1: str, actor2: str) -> None:
    e = _event(text, date(2022, 3, 4))
    assert (e.actor1, e.actor2) == (actor1, actor2)


def test_two_ambiguous_places_agree_on_their_country() -> None:
    # "Tafas" is also a Turkish town's alternate name and "Dar'a" a Senegalese town's: both are in Syria
    e = _event("Clashes broke out between two families in Tafas in Dar'a governorate.", date(2020, 6, 20))
    assert e.actor1 == "Tafas Communal Militia (Syria)"
    assert e.country == "Syria"


@pytest.mark.parametrize(
    ("text", "published", "actor", "which"),
    [
        # an actor's name ("LaQ") is no place, nor evidence that the others are in Libya
        ("LaQ fighters clashed with IS militants in the Sokhneh desert of Homs countryside.",
         date(2020, 11, 2), "Islamic State (Syria)", "actor2"),
        # a province named as one ("Dar'a governorate") outweighs a town's namesake abroad
        ("Gunmen shot dead a shopkeeper in Sayda in Dar'a governorate on Tuesday night.",
         date(2020, 1, 11), "Unidentified Armed Group (Syria)", "actor1"),
        ("Unknown gunmen shot dead a shopkeeper in Daman town in Deir ez Zor countryside on Tuesday night.",
         date(2022, 2, 15), "Unidentified Armed Group (Syria)", "actor1"),
        # a place in a country the dictionary cannot name: the actors' home country qualifies the name
        ("IS militants mortar shelled an Iraqi army unit in Tabaj village in Jalawla district of Kirkuk province.",
         date(2020, 5, 3), "Islamic State (Iraq)", "actor1"),
    ],
)
def test_per_country_names_take_the_theatre(text: str, published: date, actor: str, which: str) -> None:
    e = _event(text, published)
    assert getattr(e, which) == actor
