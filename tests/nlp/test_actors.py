"""The actor dictionary: ACLED names for a day and a country, inter codes, normalisation."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from warreport.nlp.actors import (
    get_actor_dictionary,
    is_acronym,
    normalise_actor_name,
    spelling_variants,
)
from warreport.taxonomy import Inter


@pytest.fixture(scope="module")
def actors():
    return get_actor_dictionary()


def test_dictionary_is_consistent(actors) -> None:
    assert len(actors.entries) > 150
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in actors.entries.values():
        assert 0 <= entry.inter <= 8, entry.key
        if entry.parent:
            assert entry.parent in actors.entries
        for alias in entry.aliases:
            owners[alias.lower()].add(entry.key)
    clashes = {a: k for a, k in owners.items() if len(k) > 1}
    assert not clashes


@pytest.mark.parametrize(
    ("key", "day", "country", "name"),
    [
        ("syria.military", date(2017, 10, 31), "SY", "Military Forces of Syria (2000-)"),
        ("syria.tiger", date(2017, 10, 31), "SY", "Military Forces of Syria (2000-) Tiger Paramilitary Forces (Qawat al Nimr)"),
        ("islamic_state", date(2017, 10, 31), "SY", "Islamic State (Syria)"),
        ("islamic_state", date(2017, 10, 31), "IQ", "Islamic State (Iraq)"),
        ("israel.military", date(2020, 1, 1), "SY", "Military Forces of Israel (2009-2021)"),
        ("israel.military", date(2022, 3, 1), "SY", "Military Forces of Israel (2021-2022)"),
        ("israel.military", date(2023, 5, 1), "SY", "Military Forces of Israel (2022-)"),
        ("iraq.pmf", date(2017, 10, 31), "IQ", "Military Forces of Iraq (2014-2018) Popular Mobilization Forces"),
        ("hts", date(2016, 1, 1), "SY", "JFS: Al Nusra Front"),
        ("hts", date(2019, 1, 1), "SY", "HTS: Hayat Tahrir al Sham"),
        ("civilians", None, "IQ", "Civilians (Iraq)"),
    ],
)
def test_acled_names(actors, key, day, country, name) -> None:
    assert actors.acled_name(key, day, country) == name


@pytest.mark.parametrize(
    ("key", "country", "inter"),
    [
        ("syria.military", "SY", Inter.STATE_FORCES),
        ("turkey.military", "SY", Inter.EXTERNAL_OTHER_FORCES),
        ("turkey.military", "TR", Inter.STATE_FORCES),
        ("russia.military", "SY", Inter.EXTERNAL_OTHER_FORCES),
        ("iraq.military", "SY", Inter.EXTERNAL_OTHER_FORCES),
        ("islamic_state", "SY", Inter.REBEL_GROUPS),
        ("syria.ndf", "SY", Inter.POLITICAL_MILITIAS),
        ("civilians", "SY", Inter.CIVILIANS),
    ],
)
def test_inter_codes(actors, key, country, inter) -> None:
    assert actors.inter_code(key, country) == inter


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Military Forces of Syria (2000-)", "military forces of syria"),
        ("QSD: Syrian Democratic Forces", "Syrian Democratic Forces"),
        ("QDW: National Defense Forces", "QDW: National Defence Forces"),
        ("Military Forces of Israel (2009-2021)", "Military Forces of Israel (2022-)"),
    ],
)
def test_name_normalisation(a, b) -> None:
    assert normalise_actor_name(a) == normalise_actor_name(b)


def test_country_qualifier_is_kept() -> None:
    assert normalise_actor_name("Islamic State (Syria)") != normalise_actor_name("Islamic State (Iraq)")


def test_spelling_variants_and_acronyms() -> None:
    assert {"Ahrar al-Sham", "Ahrar al Sham"} <= set(spelling_variants("Ahrar al-Sham"))
    assert is_acronym("IS") and is_acronym("SAA") and is_acronym("PMUs")
    assert not is_acronym("Hezbollah")
    # ACLED's mixed-case abbreviations match case-sensitively: "FaR" is Faylaq al-Rahman, "far" a word
    assert is_acronym("FaR") and is_acronym("LaQ") and not is_acronym("Far")


def test_a_mixed_case_abbreviation_is_an_actor_and_the_word_is_not() -> None:
    from warreport.nlp.components import SPAN_KEY
    from warreport.nlp.pipeline import get_nlp

    nlp = get_nlp()
    doc = nlp("FaR fighters attacked positions far from Douma.")
    keys = [(s.text, s.kb_id_) for s in doc.spans[SPAN_KEY]]
    assert ("FaR", "faylaq_al_rahman") in keys
    assert not any(text == "far" for text, _ in keys)


def test_family_and_key_lookup(actors) -> None:
    assert actors.family("syria.tiger") == "syria.military"
    assert actors.key_for_name("Military Forces of Syria (2000-)") == "syria.military"
    assert actors.key_for_name("Daesh") == "islamic_state"


def test_operation_zones_are_towns_of_the_gazetteer_in_the_operations_provinces() -> None:
    from warreport.gazetteer.lookup import get_gazetteer

    gaz = get_gazetteer()
    zoned = [e for e in get_actor_dictionary().entries.values() if e.zone]
    assert zoned, "no operation marks its strip of land"
    for entry in zoned:
        for geonameid in entry.zone:
            town = gaz.get_match(geonameid)
            assert town is not None and town.fclass == "P", (entry.key, geonameid)
            assert f"{town.cc}.{town.admin1}" in entry.areas, (entry.key, town.name)
