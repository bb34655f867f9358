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


def _one(events, sub: str):
    found = [e for e in events if e.sub_event_type == sub]
    assert len(found) == 1, [(e.sub_event_type, e.sentence) for e in events]
    return found[0]


@pytest.mark.parametrize(
    ("paragraphs", "absent"),
    [
        (["Syrian troops took full control of Abu Kamal from Islamic State on Sunday.",
          "The renewed assault was supported by Russian air strikes."], "The renewed assault"),
        (["The SDF captured the last Islamic State positions in Raqqa on Tuesday.",
          "An SDF spokesman said military operations in Raqqa were over and that fighters were clearing mines."],
         "clearing mines"),
        (["Iraqi federal forces took control of Kirkuk city on Monday, after Peshmerga units withdrew.",
          "The advance met little resistance inside the city."], "little resistance"),
    ],
)
def test_sentences_about_events_already_coded_add_none(paragraphs: list[str], absent: str) -> None:
    events = _events(*paragraphs, published=date(2017, 11, 20))
    assert events and not any(absent in e.sentence for e in events)


@pytest.mark.parametrize(
    ("text", "sub", "actor2"),
    [
        ("Iraqi federal forces took control of Kirkuk city on Monday, after most Peshmerga units withdrew from their "
         "positions overnight.", "Non-violent transfer of territory", "Military Forces of Iraq (2014-2018) Peshmerga"),
        ("On Tuesday, Iraqi forces also moved into Sinjar in Nineveh province after Peshmerga units left the town, "
         "and took over the Bai Hassan and Avana oil fields north-west of Kirkuk.",
         "Non-violent transfer of territory", "Military Forces of Iraq (2014-2018) Peshmerga"),
    ],
)
def test_the_side_that_left_held_the_place(text: str, sub: str, actor2: str) -> None:
    events = [e for e in _events(text, published=date(2017, 10, 17)) if e.sub_event_type == sub]
    assert events
    for e in events:
        assert e.actor1 == "Military Forces of Iraq (2014-2018)" and e.actor2 == actor2
        assert not e.assoc_actor_1


def test_a_handover_of_several_places_is_one_event_per_place() -> None:
    events = _events("On Tuesday, Iraqi forces also moved into Sinjar in Nineveh province after Peshmerga units left "
                     "the town, and took over the Bai Hassan and Avana oil fields north-west of Kirkuk.",
                     published=date(2017, 10, 17))
    places = {(e.location, e.geo_precision, tuple(e.sub_locations)) for e in events}
    # the oil fields are coded at the villages they are named after (GeoNames' Bāy Ḩasan, and Malḩah
    # Wālī, which it also calls Avanah), near Kirkuk
    assert places == {("Sinjār", 1, ()), ("Bāy Ḩasan", 2, ()), ("Malḩah Wālī", 2, ())}
    assert all(e.sub_event_type == "Non-violent transfer of territory" for e in events)


def test_announced_capture_and_counter_attack_in_one_report() -> None:
    events = _events(
        "Syrian government troops and allied militias took full control of Abu Kamal from Islamic State on Sunday.",
        "The army's general command had first announced the capture of the town on 9 November. Two days later, on "
        "11 November, the Observatory said that Islamic State fighters had retaken most of Abu Kamal in a counter-attack.",
        published=date(2017, 11, 20))
    by_day = {e.event_date: e for e in events}
    first = by_day[date(2017, 11, 9)]
    assert (first.sub_event_type, first.actor1, first.actor2, first.certainty.value) == (
        "Government regains territory", "Military Forces of Syria (2000-)", "Islamic State (Syria)", "claimed")
    back = by_day[date(2017, 11, 11)]
    assert (back.sub_event_type, back.actor1, back.actor2) == (
        "Non-state actor overtakes territory", "Islamic State (Syria)", "Military Forces of Syria (2000-)")


def test_the_forces_are_those_just_named_and_a_crossing_is_a_site() -> None:
    events = _events(
        "Iraqi troops entered al-Qaim on Friday and took control of the town from Islamic State, the Joint Operations "
        "Command said.",
        "Commanders said the forces also secured the Husaybah border crossing with Syria on Friday.",
        published=date(2017, 11, 4))
    crossing = next(e for e in events if "Husaybah" in e.sentence)
    assert (crossing.sub_event_type, crossing.actor1, crossing.actor2) == (
        "Government regains territory", "Military Forces of Iraq (2014-2018)", "Islamic State (Iraq)")
    assert crossing.sub_locations == ["Husaybah"] and crossing.certainty.value == "claimed"


@pytest.mark.parametrize(
    ("text", "certainty"),
    [
        ("In Iraq, army units took control of the town of al-Ubaydi, east of al-Qaim, Iraqi officers said on Wednesday.",
         "claimed"),
        ("Iraqi forces took control of the town of al-Ubaydi, east of al-Qaim, a war monitor said on Wednesday.",
         "reported"),
        ("Iraqi forces took control of the town of al-Ubaydi, east of al-Qaim, Syrian officials said on Wednesday.",
         "reported"),

    ],
)
def test_a_partys_own_word_is_a_claim(text: str, certainty: str) -> None:
    e = _one(_events(text), "Government regains territory")
    assert e.certainty.value == certainty


def test_named_districts_after_a_capture_of_unnamed_ones_are_one_event() -> None:
    events = _events(
        "Syrian government troops captured several neighbourhoods in the north of Dayr az-Zawr city from Islamic "
        "State militants on 31 October. Tiger Forces units and the Republican Guard took the Kanamat, Khassarat and "
        "Badr districts.")
    e = _one(events, "Government regains territory")
    assert e.actor1 == "Military Forces of Syria (2000-)" and e.location == "Deir ez-Zor"
    assert e.sub_locations == ["Kanamat", "Khassarat", "Badr"] and e.geo_precision == 1
    assert "Military Forces of Syria (2000-) Tiger Paramilitary Forces (Qawat al Nimr)" in e.assoc_actor_1


@pytest.mark.parametrize(
    ("text", "certainty"),
    [
        ("In the north of Iraq, the separatist authorities in Erbil have reportedly bowed to Baghdad and accepted that "
         "federal troops will be stationed at the Faysh Khabur and Ibrahim Khalil border crossings alongside Peshmerga "
         "units.", "alleged"),
        ("Kurdish officials said on Wednesday that the Kurdistan Regional Government and the federal government in "
         "Baghdad had agreed that Iraqi federal forces and Peshmerga would be deployed together at the Faysh Khabur "
         "crossing.", "claimed"),
    ],
)
def test_agreement_parties_are_governments_not_the_forces_provided_for(text: str, certainty: str) -> None:
    e = _one(_events(text, published=date(2017, 11, 2)), "Agreement")
    assert {e.actor1, e.actor2} == {"Government of Iraq (2014-2018)", "Kurdistan Regional Government"}
    assert not e.assoc_actor_1 and not e.assoc_actor_2
    assert e.location == "Fish Xabur" and e.certainty.value == certainty


def test_numbered_district_names_are_places_not_actors() -> None:
    events = _events(
        "The Syrian army liberated the Kanamat neighbourhood of Deir Ezzor from ISIS on 31 October.",
        "With these gains the army holds a third of the pocket in the north of Deir Ezzor city, after freeing the "
        "Workers 1, Workers 2 and Afri districts in the days before.", published=date(2017, 11, 1))
    workers = next(e for e in events if "Workers" in e.sentence)
    assert workers.sub_event_type == "Government regains territory"
    assert workers.sub_locations == ["Workers 1", "Workers 2", "Afri"]
    assert workers.date_start is not None and workers.date_start < date(2017, 10, 30)  # "in the days before"


def test_places_pushed_into_after_a_city_are_its_parts() -> None:
    events = _events(
        "The Tiger Forces liberated the Kanamat and Badr neighbourhoods of Deir Ezzor from ISIS on 31 October. "
        "Army units also pushed into al-Hamidiya and Sheikh Yasin, where fighting went on through the night.",
        published=date(2017, 11, 1))
    clash = _one(events, "Armed clash")
    assert clash.location == "Deir ez-Zor" and clash.sub_locations == ["al-Hamidiya", "Sheikh Yasin"]


@pytest.mark.parametrize(
    ("second", "precision"),
    [
        ("Since then, they had liberated a large area east and south of it and reached the outskirts of the town.", 2),
        ("They later entered the town.", 1),
    ],
)
def test_surroundings_of_the_place_just_named_are_precision_2(second: str, precision: int) -> None:
    events = _events("Iraqi forces launched an advance on the ISIS-held town of al-Qaim last week.", second,
                     published=date(2017, 11, 1))
    later = next(e for e in events if e.sentence.startswith(second[:10]))
    assert later.location == "Al Qā’im" and later.geo_precision == precision


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # an invented brigade name: a taker the text names but the actor dictionary lacks
        ("Liwa Suyuf al-Janoub clashed with Jabhat Fateh al-Sham in Anadan, taking control over it.",
         "Non-state actor overtakes territory"),
        ("Katibat al-Fursan al-Ahrar captured the village of Rasm Faleh from the Islamic State.",
         "Non-state actor overtakes territory"),
    ],
)
def test_a_taker_the_dictionary_does_not_know_is_a_non_state_group(text: str, sub: str) -> None:
    events = [e for e in _events(text, published=date(2017, 3, 1)) if "territory" in e.sub_event_type]
    assert events and events[0].sub_event_type == sub and events[0].actor1 is None


def test_generic_government_forces_are_the_state_of_the_village_they_take() -> None:
    # Rasm al Falih is a village of Aleppo province: "pro-government forces" there are Syria's
    # (a generic mention takes the state of the country talked about)
    text = "Pro-government forces captured the village of Rasm Faleh from the Islamic State."
    events = [e for e in _events(text, published=date(2017, 3, 1)) if "territory" in e.sub_event_type]
    assert events and events[0].sub_event_type == "Government regains territory"
    assert events[0].actor1 == "Military Forces of Syria (2000-)" and events[0].location == "Rasm al Fāliḩ"


@pytest.mark.parametrize(
    "text",
    [
        "11 fighters of the Islamic State were killed in clashes and shelling by warplanes on their areas.",
        "On Feb 4 dozens of agriculture school graduates protested in front of the agricultural department.",
    ],
)
def test_events_without_a_place_that_name_parties_or_a_toll_stay(text: str) -> None:
    assert _events(text, published=date(2020, 2, 4))


def test_present_holder_is_the_defender_past_controller_the_taker() -> None:
    taken = _events("Clashes took place between HTS and the National Liberation Front in Mseibin town amid reports "
                    "that Suquor al Sham controlled Mseibin town.", published=date(2018, 5, 1))
    assert taken and all("Suquor al Sham" not in (e.actor2 or "") for e in taken)
    held = _events("Russian jets struck positions around Albu Kamal, the last town ISIS still holds in Syria.",
                   published=date(2017, 11, 1))
    assert held and held[0].actor2 == "Islamic State (Syria)"


def test_a_district_of_a_province_is_no_part_of_a_city() -> None:
    events = _events("Clashes took place between QSD and IS in Abu Kamal district of Deir-ez-Zor province.",
                     published=date(2018, 5, 1))
    assert events and events[0].location == "Ālbū Kamāl" and "Abu Kamal" not in events[0].sub_locations


def test_an_event_reported_in_the_passive_has_no_speaker() -> None:
    e = _one(_events("Brief exchanges of fire between Iraqi federal forces and Peshmerga were reported south of Kirkuk "
                     "on Monday morning.", published=date(2017, 10, 17)), "Armed clash")
    assert e.certainty.value == "reported" and e.geo_precision == 2


def test_listed_parts_falling_back_to_a_city_do_not_vote_for_a_namesake_abroad() -> None:
    (e,) = _events("QSD fighters captured areas of Al Muna Mosque and Al Bustan park in Hashim Abdul Malik "
                   "neighbourhood in Al-Raqqah city and eight IS members were killed.", published=date(2017, 6, 20))
    assert (e.location, e.country, e.actor2, e.fatalities) == ("Ar Raqqah", "Syria", "Islamic State (Syria)", 8)


def test_a_retaking_by_the_peshmerga_is_from_baghdads_forces() -> None:
    events = _events("Iraqi forces took control of the town of Sinjar on Monday.",
                     "On Tuesday, Peshmerga fighters retook the town of Sinjar.", published=date(2017, 10, 18))
    back = next(e for e in events if e.actor1 == "Military Forces of Iraq (2014-2018) Peshmerga")
    assert back.actor2 == "Military Forces of Iraq (2014-2018)"


@pytest.mark.parametrize(
    ("text", "actor1", "assoc1"),
    [
        ("Yesterday the heroic Tiger Forces of the Syrian Arab Army, fighting together with the Republican Guard, "
         "liberated the Kanamat neighbourhood of Deir Ezzor from the ISIS terrorists.",
         "Military Forces of Syria (2000-)",
         ["Military Forces of Syria (2000-) Tiger Paramilitary Forces (Qawat al Nimr)",
          "Military Forces of Syria (2000-) Syrian Republican Guard"]),
        ("The rebel factions of the Euphrates Shield operation managed to control Um Adae Ajami village in the eastern "
         "countryside of Aleppo after clashes with the Islamic State.", "Opposition Rebels (Syria)", []),
    ],
)
def test_a_unit_of_its_force_and_those_fighting_together_with_it(text: str, actor1: str, assoc1: list[str]) -> None:
    events = [e for e in _events(text, published=date(2017, 11, 1)) if "territory" in e.sub_event_type]
    assert events and events[0].actor1 == actor1 and events[0].assoc_actor_1 == assoc1


def test_allied_forces_after_the_main_force_are_associates() -> None:
    e = _one(_events("Iraqi troops and allied Popular Mobilisation Forces entered al-Qaim on Friday and took control of "
                     "the town from Islamic State.", published=date(2017, 11, 4)), "Government regains territory")
    assert e.actor1 == "Military Forces of Iraq (2014-2018)" and e.actor2 == "Islamic State (Iraq)"
    assert e.assoc_actor_1 == ["Military Forces of Iraq (2014-2018) Popular Mobilization Forces"]


@pytest.mark.parametrize(
    ("text", "sub", "location"),
    [
        # fire opened with a weapon named between the words
        ("On 4 February 2021, unidentified gunmen opened small arms fire at a QSD checkpoint in Al Sabkhah in "
         "Deir-ez-Zor. Neither fatalities nor injuries were reported.", "Armed clash", "As Sabkhah"),
        # "shot at", which the parser tags as a noun
        ("On 7 August 2022, an opposition rebel sniper shot at a Syrian regime forces member on the Kafr Battikh "
         "frontline in Idleb governorate.", "Armed clash", "Kafr Baţţīkh"),
        ("Rebels overtook the village of Ikhtin.", "Non-state actor overtakes territory", "Ikhtin"),
    ],
)
def test_event_verbs_of_report_prose(text: str, sub: str, location: str) -> None:
    (e,) = _events(text, published=date(2021, 2, 4))
    assert (e.sub_event_type, e.location) == (sub, location)


def test_an_event_naming_no_place_is_where_the_sentence_before_it_was() -> None:
    """A note's event sentence that names no place, after a sentence of the same paragraph that
    names one (and no event before it): the place of that sentence."""
    (e,) = _events("Regime forces attempted to fully assert control over Jisrein from HTS fighters. The latter "
                   "launched several suicide attacks which killed 10 regime fighters.")
    assert e.location == "Jisrayn" and e.fields_provenance["location"].rule == "discourse:place_of_previous_sentence"
    # ... but not the place of another paragraph
    (e,) = _events("Regime forces attempted to fully assert control over Jisrein from HTS fighters.",
                   "The latter launched several suicide attacks which killed 10 regime fighters.")
    assert e.location is None


@pytest.mark.parametrize(
    ("paragraphs", "location"),
    [
        # the note says where in the sentence after the event
        (["On 14 March 2020, women of IS families killed an Iraqi volunteer in the ranks of QSD with a hammer. "
          "The incident took place in Hole camp in Al-Hasakeh countryside."], "al-Hol camp"),
        # ... or the parser cut the event's sentence at a colon ("JaS: Levant Front")
        (["On 17 October 2022, clashes took place between Ahrar al Sham against 3rd Corps supported by JaS: "
          "Levant Front in Kafr Ghan town in Aleppo countryside. Casualties unknown."], "Kafr Ghān"),
        # ... but a place of the next paragraph is no place of this one
        (["On 14 March 2020, women of IS families killed an Iraqi volunteer in the ranks of QSD with a hammer.",
          "The camp lies in Al-Hasakeh countryside."], None),
    ],
)
def test_an_event_naming_no_place_is_where_the_next_eventless_sentence_says(paragraphs: list[str],
                                                                             location: str | None) -> None:
    (e, *_) = _events(*paragraphs, published=date(2020, 3, 14))
    assert e.location == location
    if location is not None:
        assert e.fields_provenance["location"].rule == "discourse:place_of_next_sentence"


def test_an_event_sentence_merged_into_one_naming_no_place_brings_its_place() -> None:
    (e,) = _events("Clashes took place between Islamic State and regime forces killing 14 of the regime forces. "
                   "A tank and a BMP were destroyed in cemeteries areas in Deir-Ez-Zor.")
    assert (e.location, e.fatalities) == ("Deir ez-Zor", 14)


def test_no_town_named_like_a_determiner() -> None:
    (e,) = _events("The town was surrounded and captured by regime forces after clashes with IS.")
    assert e.location is None


@pytest.mark.parametrize(
    "text",
    [
        # finding and taking weapons, tunnels or explosives is no capture of territory, nor an explosion
        "A number of tunnels in addition to weapons, IEDs and computers were discovered and seized by QSD.",
        "Two IEDs were discovered near the road by the army.",
    ],
)
def test_seized_property_is_neither_territory_nor_explosion(text: str) -> None:
    subs = {e.sub_event_type for e in _events(text)}
    assert not subs & {"Government regains territory", "Non-state actor overtakes territory",
                       "Remote explosive/landmine/IED"}


def test_infighting_is_a_clash_at_the_place_and_next_to_is_near() -> None:
    # a common noun capitalised after a dateline is no proper name; "next to X" locates, it is no
    # second event place
    events = _events("On 10 January 2020, Infighting reported between Sultan Murad Division and Ahrar al Sharqiyah "
                     "in Tell Halaf, next to Ras al Ayn, in Al-Hasakeh countryside. Neither injuries nor fatalities "
                     "were reported.", published=date(2020, 1, 10))
    assert [(e.sub_event_type, e.location) for e in events] == [("Armed clash", "Tall Ḩalaf")]


def test_where_the_launching_ships_were_is_no_event_place() -> None:
    events = _events("On 30 June 2019, Israeli warplanes conducted airstrikes on Syrian, Iranian and Hezbollah "
                     "positions in an unidentified location in Homs province amid Israeli missile attacks reportedly "
                     "fired from warships in the Mediterranean, wounding several.", published=date(2019, 6, 30))
    assert events and all(e.location != "Mediterranean Sea" for e in events)
    assert events[0].admin1 == "Homs"


def test_what_happened_before_or_after_a_purpose_is_no_part_of_it() -> None:
    events = _events("On 9 May 2022, Al Fahed Forces fighters surrounded the house of an individual to detain him "
                     "before he shot at them after which they shot and killed him in Qanawat town in As Sweida "
                     "governorate. 1 fatality.", published=date(2022, 5, 9))
    assert [(e.location, e.fatalities) for e in events] == [("Qanawāt", 1)]
