"""Where an event is once villages are in the gazetteer: one place per event, not the town or
province around it; spellings the index lacks confirmed by the town or province the text names
(uses the shipped gazetteer, which holds Syria's GeoNames populated places)."""

from __future__ import annotations

from datetime import date

import pytest

from warreport.extract import exportable, extract_events
from warreport.model import Document


def _events(text: str):
    return exportable(extract_events(Document(body=[text], published=date(2019, 3, 1), source="test")))


@pytest.mark.parametrize(
    ("text", "places", "fatalities"),
    [
        # the province or town named around the village is no second event (nor a second share of the toll)
        ("Clashes between regime forces and rebels in Basimah village in Rural Damascus killed 10 fighters.",
         [("Basīmah", "Rif-dimashq")], 10),
        ("Ongoing clashes with ISIS at Barghutiyah, Eastern Hama, left 18 fighters dead.",
         [("Barghūtīyah", "Hama")], 18),
        # the far end of a road or a stretch of front is no place of its own
        ("Gunmen killed two soldiers on the road between the villages of Nahta and Kherbet Ghazala in Daraa.",
         [("Nāḩitah", "Daraa")], 2),
        ("IS fighters attacked army positions in the area stretching from Abu Kamal to Salhiyeh, killing 10 soldiers.",
         [("Ālbū Kamāl", "Deir ez-Zor")], 10),
        # a street is a part of the town, whatever village is named like it
        ("Two rival rebel factions clashed in al-Villat street in Afrin, killing one fighter.",
         [("‘Afrīn", "Aleppo")], 1),
        # a list of villages stays one event per village
        ("Regime forces captured the villages of Basimah, Ein Terma and Hazrama from rebels.",
         [("Basīmah", "Rif-dimashq"), ("‘Ayn Tarmā", "Rif-dimashq"), ("Ḩazramā", "Rif-dimashq")], 0),
        # the province named picks the village among its namesakes (Hit of Anbar, Hayt of Daraa)
        ("Rebels clashed with Khalid ibn al-Walid Army in Hit in Daraa province, killing 4 fighters.",
         [("Ḩayţ", "Daraa")], 4),
        ("Rebels clashed with Khalid ibn al-Walid Army in Hit, killing 4 fighters.", [("Hīt", "Al Anbar")], 4),
        ("Rebels clashed with Khalid ibn al-Walid Army in Hit in Dar'a province, killing 4 fighters.",
         [("Ḩayţ", "Daraa")], 4),
        # a province named as such outweighs a bigger namesake elsewhere (Al Malikiyah, the
        # district seat of Al-Hasakah)
        ("Turkish forces shelled the town of Al-Malikeyyeh in Aleppo province, killing 2 civilians.",
         [("Al Mālikīyah", "Aleppo")], 2),
        # a town far from the seat whose countryside the text names, but in its province
        ("The army captured Sokhneh town in Homs countryside after clashes that killed 5 IS fighters.",
         [("As Sukhnah", "Homs")], 5),
    ],
)
def test_one_event_per_village_named(text: str, places: list[tuple[str, str]], fatalities: int) -> None:
    events = _events(text)
    assert [(e.location, e.admin1) for e in events] == places
    assert sum(e.fatalities for e in events) == fatalities


@pytest.mark.parametrize(
    ("text", "location", "admin1"),
    [
        # ACLED-style spellings GeoNames lacks, confirmed by the town or province around them
        ("SDF fighters raided a house in Kherbet Jamu town in the Hasakah countryside and killed one IS member.",
         "Khirbat Jammū", "Al-Hasakah"),
        ("Regime forces shelled the Jarjnaz front in Idlib.", "Jarjanāz", "Idlib"),
    ],
)
def test_spelling_confirmed_by_the_enclosing_town_or_province(text: str, location: str, admin1: str) -> None:
    (e,) = _events(text)
    assert (e.location, e.admin1) == (location, admin1)
    assert e.fields_provenance["location"].rule.endswith("spelling_in_context")


def test_a_spelling_without_a_town_or_province_to_confirm_it_stays_unresolved() -> None:
    # the same name with nothing around it: no guess among Syria's villages
    events = _events("SDF fighters raided a house in Kherbet Jamu and killed one IS member.")
    assert events and all(e.location != "Khirbat Jammū" for e in events)
    assert not any(e.fields_provenance["location"].rule.endswith("spelling_in_context")
                   for e in events if "location" in e.fields_provenance)


def test_a_quarter_named_like_a_province_abroad_is_a_part_of_the_city() -> None:
    # "Al Sharqia" is also Egypt's Ash Sharqiyah governorate: as a neighbourhood of Deir ez-Zor
    # it gives Egypt no vote for the report's country
    (e,) = _events("Clashes among pro-Iran militias took place in Al Huweqa Al Sharqia neighborhood in "
                   "Deir-ez-Zor city, injuring two.")
    assert (e.location, e.country) == ("Deir ez-Zor", "Syria")
