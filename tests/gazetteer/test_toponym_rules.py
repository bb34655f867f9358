"""Toponym recognition rules: parts of a city named before it, generic feature words, vessel
names, acronyms behind an article, places located relative to a known one."""

from __future__ import annotations

import pytest

from warreport.gazetteer.lookup import Gazetteer, get_gazetteer, haversine_km
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


# Invented villages (no gazetteer has them) in the sentence of the town that encloses them.
@pytest.mark.parametrize(
    ("text", "village", "lat", "lon"),
    [
        ("A roadside bomb hit a patrol in Qasr Zubeiqat area in Kifri district on Tuesday.", "Qasr Zubeiqat", 34.69, 44.96),
        ("Artillery shelled Kharbat Umm Dhilal village in the Jisr al-Shughur countryside.", "Kharbat Umm Dhilal", 35.81, 36.32),
        ("Gunmen killed a teacher in Tall Zuweiqat village, near Daraa town.", "Tall Zuweiqat", 32.62, 36.10),
        ("A mine exploded in Mazraat Bzeiqa village in the outskirts of Manbij.", "Mazraat Bzeiqa", 36.53, 37.95),
        ("Shells fell on Umm Zuweiqat village near Tall Abyad.", "Umm Zuweiqat", 36.70, 38.95),
    ],
)
def test_unknown_village_falls_back_to_the_town_that_encloses_it(
    shared_gazetteer: Gazetteer, text: str, village: str, lat: float, lon: float,
) -> None:
    assert not shared_gazetteer.has_name(village)
    resolved = {r.mention: r for r in resolve_places(find_toponyms(text, shared_gazetteer), gazetteer=shared_gazetteer)}
    r = resolved[village]
    assert r.place is not None and r.sub_location == village and r.geo_precision == 2
    assert r.rule.startswith("fallback:")
    assert haversine_km(r.place.latitude, r.place.longitude, lat, lon) < 15


@pytest.mark.parametrize(
    "text",
    ["Two soldiers died when their truck hit a mine in Qasr Zubeiqat area.",
     "Unknown gunmen shot a shepherd in Umm Dhilal village in Deir ez-Zor province."],
)
def test_unknown_village_with_no_enclosing_town_is_no_place(shared_gazetteer: Gazetteer, text: str) -> None:
    resolved = resolve_places(find_toponyms(text, shared_gazetteer), gazetteer=shared_gazetteer)
    unknown = [r for r in resolved if r.place is None]
    assert all(r.cue is None for r in unknown)  # no evidence, no event place of its own


@pytest.mark.parametrize(
    ("text", "town", "cue"),
    [
        ("A landmine killed a farmer in Haditha district.", "Haditha", "district"),
        ("Fighting went on in the Jisr al-Shughur sub-district of Idlib province.", "Idlib", "province"),
        ("Fighting went on north of the Jisr al-Shughur sub-district of western Idlib.", "Idlib", "countryside"),
    ],
)
def test_district_named_after_its_town_encloses_the_event(
    shared_gazetteer: Gazetteer, text: str, town: str, cue: str,
) -> None:
    found = _mentions(text, shared_gazetteer)
    assert found[town][0] == cue


@pytest.mark.parametrize(
    ("province", "lat", "lon"),
    [("Deir ez-Zor", 35.34, 40.14), ("Idlib", 35.93, 36.63), ("Kirkuk", 35.47, 44.39)],
)
def test_province_is_coded_at_its_seat_town(shared_gazetteer: Gazetteer, province: str, lat: float, lon: float) -> None:
    adm1 = next(m for m in shared_gazetteer.matches(province) if m.is_admin1)
    seat = shared_gazetteer.admin1_seat(adm1.cc, adm1.admin1)
    assert seat is not None and haversine_km(seat.lat, seat.lon, lat, lon) < 10


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("Gunmen attacked a patrol on a farm road in the Jandairis sub-district.", "Jandairis", 36.39, 36.69),
        ("A sniper shot a soldier near the town of Khanaser.", "Khanaser", 35.78, 37.50),
    ],
)
def test_transliterated_town_with_a_place_noun_is_a_place(name: str, text: str, lat: float, lon: float) -> None:
    from warreport.errors import GazetteerError
    from warreport.gazetteer.lookup import get_gazetteer

    try:
        gaz = get_gazetteer()
    except GazetteerError:
        pytest.skip("the shipped gazetteer is absent")
    assert not gaz.has_name(name)  # only its spelling-neutral form meets the index's spelling
    resolved = {r.mention: r for r in resolve_places(find_toponyms(text, gaz), gazetteer=gaz)}
    r = resolved[name]
    assert r.place is not None and haversine_km(r.place.latitude, r.place.longitude, lat, lon) < 15


@pytest.mark.parametrize(
    ("text", "name", "bearing"),
    [
        ("barrel bombs on Sheikh Aqil in the northern countryside of Aleppo.", "Aleppo", 0.0),
        ("captured Al-Qasmiyeh in the north-western countryside of Aleppo", "Aleppo", 315.0),
        ("fought regime forces in Ramleh of southeastern Aleppo.", "Aleppo", 135.0),
        ("captured Salba village in Hama eastern countryside.", "Hama", 90.0),
        ("took control of Al-Dahiriyah town in northern Hama, likely", "Hama", 0.0),
        ("clashes in Aleppo's western countryside", "Aleppo", 270.0),
        ("a checkpoint in the Haws area east of Ar-Raqqa", "Ar-Raqqa", 90.0),
        ("Tiger Forces captured a village in the south-west of Aleppo", "Aleppo", 225.0),
        # no direction, or two of them
        ("clashes in the northern and western countryside of Ar-Raqqa", "Ar-Raqqa", None),
        ("clashes in the Hama countryside", "Hama", None),
    ],
)
def test_direction_of_a_region_named_around_a_place(text: str, name: str, bearing: float | None) -> None:
    from warreport.gazetteer.toponyms import bearing_at, cue_at

    start = text.index(name)
    end = start + len(name)
    assert bearing_at(text, start, end, cue_at(text, start, end)) == bearing


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # two towns joined by a hyphen name a road or front between them: two places
        ("IS fighters ambushed an army convoy on the Manbij-Jarablus road.", ["Manbij", "Jarablus"]),
        ("Clashes erupted on the Manbij-Jarablus front.", ["Manbij", "Jarablus"]),
        # ... unless they are towns far apart, the ends of a highway ("on the Damascus-Aleppo highway"):
        # the town it is named from alone, a last resort (see test_objects_highways_... in tests/extract)
        ("IS fighters ambushed an army convoy on the Palmyra-Homs road.", ["Palmyra"]),
        # ... but an article's hyphen joins the parts of one name
        ("Turkish forces shelled Ras Al-Ayn on Monday.", ["Ras Al-Ayn"]),
        ("Clashes broke out in the Deir Ez-Zor countryside.", ["Deir Ez-Zor"]),
    ],
)
def test_hyphen_joins_two_places_of_a_road_or_front(shared_gazetteer: Gazetteer, text: str, names: list[str]) -> None:
    found = find_toponyms(text, shared_gazetteer)
    assert [t.text for t in found] == names
    assert all(t.cue == "highway" for t in found) == ("Palmyra" in names)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # after the head of a place name, an ayn's apostrophe starts a word of the name
        ("HTS retook control of Tal 'Adah town in northwest Idleb.", "Tal 'Adah"),
        ("Clashes took place in Ain 'Isa on Monday.", "Ain 'Isa"),
        ("Clashes took place in areas of Jabal 'Azan in southern Aleppo.", "Jabal 'Azan"),
    ],
)
def test_ayn_apostrophe_inside_a_name(text: str, name: str) -> None:
    from warreport.gazetteer.lookup import get_gazetteer

    assert name in [t.text for t in find_toponyms(text, get_gazetteer())]


def test_quote_after_a_word_is_no_part_of_a_name(shared_gazetteer: Gazetteer) -> None:
    found = [t.text for t in find_toponyms("Factions launched Operation 'Euphrates Shield' near Jarablus.", shared_gazetteer)]
    assert not any("'" in name for name in found)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # the tail of a group's name led by an article is no town (Damascus, Tabqa)
        ("Regime forces clashed with al-Izza Army and Abna'a al-Sham in the Maarzaf area.", "al-Sham"),
        ("Rebels including Jaysh al-Thawra clashed with IS in Hit in Dar'a province.", "al-Thawra"),
        ("Clashes between Hayat Tahrir Al Sham and IS in Mreijeb.", "Al Sham"),
        # a name's head alone is no town (Abu, Japan)
        ("Clashes took place in Mreijeb, Abu Miyal, and Tall Abu Miyal.", "Abu"),
        # a thing named like a town ("a Shilka" air-defence gun)
        ("Jaish al-Islam destroyed a T72 and a Shilka in Beit Nayem area.", "Shilka"),
        ("Women of IS families killed an Iraqi volunteer in the ranks of QSD.", "Iraqi"),  # a person
        # another spelling in brackets is no second place
        ("Clashes took place in Abu Rweil (Abo Rowel).", "Abo"),
        # a compass word before a name the index lacks is no province abroad (Eastern, Zambia)
        ("Regime forces battled Jaish al-Islam in Eastern Ghota, taking control of it.", "Eastern"),
        # ... nor a link word inside a name (Of, Turkey)
        ("Clashes took place between IS and QSD around the Municipal Stadium of Ar-Raqqa city.", "of"),
        # a brigade's name is no place (Liwa, UAE)
        ("Clashes between Al Sham Corps and Liwa al-hurryiah Al Islami took place in Jabal Al-Turkman.", "Liwa"),
        # an operation's name is no place (Spring, Texas)
        ("Factions operating as part of Operation Peace Spring clashed with QSD.", "Spring"),
        # a faction's mixed-case initials are no town (Jos, Nigeria)
        ("Gunmen assassinated 1 member of JoS using small arms fire in al-Ruqban camp.", "JoS"),
        # a unit named for a place is no event there ("Kirkuk brigade 56" in Daquq district)
        ("IS militants attacked the PMF's Kirkuk brigade 56 in a village in Daquq district.", "Kirkuk"),
        # the tail of a name led by a head word the index lacks is no village alone (Sawa, India)
        ("Clashes concentrated around Beit Sawa farms and the outskirts of Misraba town.", "Sawa"),
        # ... nor the head of a longer name another spelling of a town abroad (Tyre, "Sour")
        ("Tiger Forces took Tal Nasiriyah in Hama governorate while the storming still in Zour Al-Hesa.", "Zour"),
    ],
)
def test_not_places_in_the_shipped_index(text: str, absent: str) -> None:
    assert absent not in _mentions(text, get_gazetteer())


@pytest.mark.parametrize(
    ("text", "present"),
    [
        # ... but a place right after a town that is no word of a group's name stays
        ("The Syrian army took the villages of al-Shahrour and Afrin al-Bab in the eastern countryside of Aleppo.",
         "Afrin al-Bab"),
        ("Ongoing clashes with ISIS at Barghutiyah, Eastern Hama.", "at Barghutiyah"),  # "at" is English here
        ("Clashes took place in M'adamiyat al-Sham.", "al-Sham"),  # a town's near spelling: keep the town it is by
        ("Rebels shelled Kafr Nabl (Idlib) yesterday.", "Idlib"),  # a province in brackets is kept
        # a city named after "of" and before "city" ("the Municipal Stadium of Ar-Raqqa city")
        ("Clashes took place between IS and QSD around the Municipal Stadium of Ar-Raqqa city.", "Ar-Raqqa"),
    ],
)
def test_places_next_to_those_rules(text: str, present: str) -> None:
    assert present in _mentions(text, get_gazetteer())


def test_rural_before_a_province_named_by_a_place_noun_is_its_countryside() -> None:
    found = _mentions("Jaysh al Islam stopped an attack by the regime on Hosh Nasri area of Rural Damascus.",
                      get_gazetteer())
    assert "Rural Damascus" not in found
    assert found["Damascus"][0] == "countryside"


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("A Texas man was arrested on Monday.", "Texas"),  # a place named as a modifier is a place
        ("He was arrested in Kolkata (Calcutta) on Monday.", "Calcutta"),  # a whole name in brackets too
    ],
)
def test_modifiers_and_bracketed_names_are_places(text: str, present: str) -> None:
    assert present in _mentions(text, get_gazetteer())


def test_a_name_before_faction_is_a_groups_name() -> None:
    found = _mentions("Clashes took place near Al-Bab city in Aleppo, which killed 1 fighter from the Ajnad "
                      "Al-Hasakeh faction.", get_gazetteer())
    assert "Al-Bab" in found and "Ajnad" not in found and "Al-Hasakeh" not in found
    found = _mentions("Militants shot and killed a member of the Shuhada Badr rebel group in the Ras al-Ain "
                      "countryside, Al Hasakeh.", get_gazetteer())
    assert "Shuhada" not in found and "Badr" not in found and "Ras al-Ain" in found


@pytest.mark.parametrize(
    ("text", "theatre", "names"),
    [
        # the object of an act on a place is a place in a report on a war ...
        ("Regime airstrikes targeted Qirata amidst clashes.", ("SY",), ["Qirata"]),
        ("Regime forces captured the village Zarzur from rebel fighters.", ("SY",), ["Zarzur"]),
        # ... not in any news text, where a village's name after a verb is more often a word or a person
        ("Regime airstrikes targeted Qirata amidst clashes.", (), []),
        # a known name in brackets after a local one stands for it, in a report on a war
        ("Airstrikes hit PKK targets in Avasin (Mergasur) region of Erbil.", ("IQ",), ["Mergasur", "Erbil"]),
        # a subdistrict named with its seat's consonants (At Tibnī), the one seat so written ...
        ("Regime forces advanced in the Tabni sub-district.", ("SY",), ["Tabni"]),
        # "X of Y": a village of Y, not a word of a longer name
        ("Clashes in Ithriyah of Hama.", ("SY",), ["Ithriyah", "Hama"]),
    ],
)
def test_objects_and_bracketed_names_are_places_in_a_war_report(
    text: str, theatre: tuple[str, ...], names: list[str]
) -> None:
    from warreport.gazetteer.lookup import get_gazetteer

    # (the shipped index, which has Syria's villages)
    assert [t.text for t in find_toponyms(text, get_gazetteer(), theatre)] == names


def test_a_subdistrict_named_with_the_consonants_of_one_seat_only() -> None:
    from warreport.gazetteer.toponyms import _division_seat_spelt

    gaz = get_gazetteer()
    assert _division_seat_spelt("Tabni", gaz, ["SY"])  # At Tibnī
    assert not _division_seat_spelt("Dhbn", gaz, ["SY"])  # Dhībbīn and Dhībān: two seats
    assert not _division_seat_spelt("Tabni", gaz, [])  # no war, no seat of its countries


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        # a district of a province (no city is called "Diyala"): the district of its seat town ...
        ("IS militants attacked a checkpoint in Kifri district of Diyala.", [("Kifri", "district"), ("Diyala", "province")]),
        # ... while a district of a city is a part of it
        ("Regime forces pushed into the Hamidiya district of Deir-ez-Zor.",
         [("Hamidiya", "district of"), ("Deir-ez-Zor", "city")]),
    ],
)
def test_a_district_of_a_province_is_administrative(text: str, cues: list[tuple[str, str]]) -> None:
    assert [(t.text, t.cue) for t in find_toponyms(text, get_gazetteer(), ("IQ", "SY"))] == cues


@pytest.mark.parametrize(
    ("text", "present"),
    [
        # a function word written with a capital inside a sentence and placed by the words after it
        ("On 05 February 2020 regime forces shelled Has in Idleb.", True),
        ("Warplanes carried out airstrikes on Has in Idleb countryside.", True),
        # ... not the verb at a sentence's start, in a title, or a month
        ("Has the army entered Idlib?", False),
        ("Fighting Has Resumed In Idlib.", False),
        ("He has left in May.", False),
    ],
)
def test_a_capitalised_function_word_placed_by_the_text_is_a_name(text: str, present: bool) -> None:
    found = _mentions(text, get_gazetteer())
    assert ("Has" in found) is present


def test_an_acts_object_spelt_as_a_seat_is_a_place() -> None:
    # "took control of Khanaser": Khanāşir, a subdistrict seat in its spelling-neutral form ...
    gaz = get_gazetteer()
    found = find_toponyms("IS took control of Khanaser and several villages in the area.", gaz, theatre=["SY"])
    assert [t.text for t in found] == ["Khanaser"]
    # ... though an act's object in a looser spelling is still no place
    assert not find_toponyms("HTS stormed Ineb after clashes with rebels.", gaz, theatre=["SY"])


@pytest.mark.parametrize(
    "text",
    [
        "Al-Sanadid faction announced that their fighter Hamid Awwad Al-Mana was killed in Ar-Raqqa city.",
        "Gunmen shot the commander Hamid in Ar-Raqqa city.",
    ],
)
def test_a_name_after_a_persons_role_is_no_place(text: str) -> None:
    found = _mentions(text, get_gazetteer())
    assert "Hamid" not in found and "Ar-Raqqa" in found


@pytest.mark.parametrize(
    ("text", "owner", "part"),
    [
        ("Regime forces opened fire on the Crash Factory area of Damascus's Jobar neighborhood.", "Damascus", "Jobar"),
        ("Clashes took place in Jandairis area in Aleppo's Afrin district.", "Aleppo", "Afrin"),
    ],
)
def test_a_possessive_names_the_place_a_part_belongs_to(text: str, owner: str, part: str) -> None:
    found = _mentions(text, get_gazetteer())
    assert owner in found and part in found and f"{owner}'s {part}" not in found
