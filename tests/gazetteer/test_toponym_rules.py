"""Toponym recognition rules: parts of a city named before it, generic feature words, vessel
names, acronyms behind an article, places located relative to a known one."""

from __future__ import annotations

import pytest

from warreport.gazetteer.lookup import Gazetteer, haversine_km
from warreport.gazetteer.resolve import resolve_places
from warreport.gazetteer.toponyms import find_toponyms


def _mentions(text: str, gaz: Gazetteer) -> dict[str, tuple[str | None, int | None]]:
    return {t.text: (t.cue, t.group) for t in find_toponyms(text, gaz)}


@pytest.mark.parametrize(
    ("text", "parts", "city"),
    [
        ("The army liberated the Kanamat, Khasarat and Badr neighbourhoods and the Old Airport district of "
         "Deir Ezzor from the terrorists.", ["Kanamat", "Khasarat", "Badr", "Old Airport"], "Deir Ezzor"),
        ("Rebels shelled the Jobar district of Damascus.", ["Jobar"], "Damascus"),
        ("In Sukkari neighbourhood of Aleppo, two people were killed.", ["Sukkari"], "Aleppo"),
    ],
)
def test_part_named_before_its_city(shared_gazetteer: Gazetteer, text: str, parts: list[str], city: str) -> None:
    found = _mentions(text, shared_gazetteer)
    for part in parts:
        assert part in found and found[part][0] in ("neighbourhood of", "district of") and found[part][1] is not None
    assert found[city] == ("city", None)
    resolved = {r.mention: r for r in resolve_places(find_toponyms(text, shared_gazetteer), gazetteer=shared_gazetteer)}
    for part in parts:
        r = resolved[part]
        assert r.sub_location == part and r.place is not None and r.place.name == resolved[city].place.name  # type: ignore[union-attr]
        assert r.geo_precision == 1


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Clashes were reported near the Airport on Monday.", "Airport"),
        ("The army took the Old Airport district.", "Airport"),
        ("An SDF spokesman said military operations in Raqqa were over.", "An SDF"),
        ("The Syrian Observatory for Human Rights said 12 were killed in Raqqa.", "Human"),
        ("The Russian submarine Veliky Novgorod fired three missiles at Palmyra.", "Veliky Novgorod"),
    ],
)
def test_not_places(shared_gazetteer: Gazetteer, text: str, absent: str) -> None:
    found = _mentions(text, shared_gazetteer)
    assert absent not in found


@pytest.mark.parametrize("spelling", ["Obeidi", "al-Obaidi", "Ubaydi"])
def test_unknown_town_located_relative_to_a_known_one_falls_back_to_it(shared_gazetteer: Gazetteer, spelling: str) -> None:
    text = f"Iraqi forces have freed the town of {spelling} east of al-Qaim from ISIS earlier this week."
    resolved = {r.mention: r for r in resolve_places(find_toponyms(text, shared_gazetteer), gazetteer=shared_gazetteer)}
    r = resolved[spelling]
    assert r.place is not None and r.sub_location == spelling and r.geo_precision == 2
    assert r.rule.startswith("fallback:")
    assert haversine_km(r.place.latitude, r.place.longitude, 34.38, 41.24) < 30


def test_generic_word_alone_is_no_place_in_the_shipped_index() -> None:
    from warreport.errors import GazetteerError
    from warreport.gazetteer.lookup import get_gazetteer

    try:
        gaz = get_gazetteer()
    except GazetteerError:
        pytest.skip("the shipped gazetteer is absent")
    assert gaz.has_name("Airport")  # a hamlet in the United States: the rule, not the index, keeps it out
    text = "The Tiger Forces took the Old Airport district of Deir Ezzor and fought near the Airport."
    found = _mentions(text, gaz)
    assert "Airport" not in found and found.get("Old Airport", (None,))[0] == "district of"
