from __future__ import annotations

import pytest

from warreport.gazetteer.lookup import Gazetteer, haversine_km
from warreport.gazetteer.resolve import ResolutionContext, resolve_name, resolve_places
from warreport.gazetteer.toponyms import cue_at, find_toponyms


@pytest.fixture(scope="module")
def seed_resolved(shared_gazetteer: Gazetteer, seed_body: str):
    return resolve_places(find_toponyms(seed_body, shared_gazetteer), gazetteer=shared_gazetteer)


def _by_mention(results, mention):
    return [r for r in results if r.mention == mention]


@pytest.mark.parametrize(
    ("mention", "geonameid"),
    [("Deir Ezzor", 170794), ("al-Bukamal", 174448), ("al-Qaim", 92138), ("Faysh Khabur", 96735),
     ("Ibrahim al-Khalil", 6998238)],
)
def test_seed_places_resolve(seed_resolved, mention: str, geonameid: int) -> None:
    found = _by_mention(seed_resolved, mention)
    assert found and all(r.place is not None and r.place.geonameid == geonameid for r in found)


@pytest.mark.parametrize(
    "neighbourhood",
    ["Kanamat", "Khassarat", "Badr", "Old Airport", "al-Hamidiyah", "Sheikh Yassin", "al-Ardhi", "worker 1", "Afri"],
)
def test_neighbourhoods_are_sub_locations_of_deir_ez_zor(seed_resolved, neighbourhood: str) -> None:
    (r,) = _by_mention(seed_resolved, neighbourhood)
    assert r.place is not None and r.place.geonameid == 170794
    assert r.sub_location == neighbourhood and r.geo_precision == 1
    assert r.rule.startswith("fallback:")


def test_ubaydi_falls_back_to_al_qaim_within_30_km(seed_resolved) -> None:
    (r,) = _by_mention(seed_resolved, "Ubaydi")
    assert r.place is not None and r.sub_location == "Ubaydi" and r.geo_precision == 2
    assert haversine_km(r.place.latitude, r.place.longitude, 34.38, 41.24) < 30


def test_near_gives_precision_2(seed_resolved) -> None:
    near = [r for r in _by_mention(seed_resolved, "al-Bukamal") if r.cue == "near"]
    assert near and near[0].geo_precision == 2


def test_no_acronyms_or_quoted_ship_names(seed_resolved) -> None:
    mentions = {r.mention for r in seed_resolved}
    assert not mentions & {"SAA", "SDF", "PMU", "KRG", "Veliky Novgorod", "War"}


@pytest.mark.parametrize(
    ("text", "name", "cue"),
    [
        ("Clashes near the town of al-Qaim.", "al-Qaim", "near"),
        ("Shelling east of Deir Ezzor.", "Deir Ezzor", "east of"),
        ("Raids in Idlib countryside.", "Idlib", "countryside"),
        ("Fighting in Anbar province.", "Anbar", "province"),
        ("The army entered the town of Hajin.", "Hajin", "town of"),
    ],
)
def test_cues(text: str, name: str, cue: str) -> None:
    start = text.index(name)
    assert cue_at(text, start, start + len(name)) == cue


def test_province_cue_prefers_admin1(shared_gazetteer: Gazetteer) -> None:
    r = resolve_name("Idlib", cue="province", gazetteer=shared_gazetteer)
    assert r.place is not None and r.place.feature_code == "ADM1" and r.geo_precision == 3


def test_acled_style_city_district(shared_gazetteer: Gazetteer) -> None:
    r = resolve_name("Damascus - Jobar", country="SY", gazetteer=shared_gazetteer)
    assert r.place is not None and r.place.name == "Damascus" and r.sub_location == "Jobar"


def test_context_country_breaks_ties(shared_gazetteer: Gazetteer) -> None:
    r = resolve_name("Karak", ctx=ResolutionContext(countries=["JO"]), gazetteer=shared_gazetteer)
    assert r.place is not None and r.place.iso == "JO"


def test_acled_feature_and_area(shared_gazetteer: Gazetteer) -> None:
    # a feature the index lacks: coded at the area after it, the feature kept as sub-location
    r = resolve_name("Thardah Mountain - Deir-ez-Zor", country="SY", gazetteer=shared_gazetteer)
    assert r.place is not None and r.place.geonameid in {170794, 170792}
    assert r.sub_location == "Thardah Mountain"


def test_acled_feature_the_index_has(shared_gazetteer: Gazetteer) -> None:
    # ... and one it has (a war site with a published point) is the place itself
    r = resolve_name("Bishri Mountain - Deir-ez-Zor", country="SY", gazetteer=shared_gazetteer)
    assert r.place is not None and r.place.name == "Jabal al-Bishri" and r.place.feature_class == "T"
    assert r.place.admin1 == "Deir ez-Zor"


def test_acled_repeated_name(shared_gazetteer: Gazetteer) -> None:
    r = resolve_name("Ras al Ain - Ras al Ain", country="SY", gazetteer=shared_gazetteer)
    assert r.place is not None and r.place.geonameid == 165509 and r.sub_location is None


def test_country_name_beats_a_town_without_context(shared_gazetteer: Gazetteer) -> None:
    (r,) = resolve_places(["Lebanon"], gazetteer=shared_gazetteer)
    assert r.place is not None and r.place.iso == "LB" and r.geo_precision == 3


def test_region_precision(shared_gazetteer: Gazetteer) -> None:
    r = resolve_name("Middle East", gazetteer=shared_gazetteer)
    assert r.place is not None and r.place.geonameid == 6269133 and r.geo_precision == 3


def test_an_unknown_name_in_a_story_without_armed_actors_falls_back_to_the_city_beside_it() -> None:
    # Iraq's and Syria's hamlets abroad are dropped only when armed actors say where a war is; a
    # restaurant in a New York story, spelt like no place, keeps falling back to the city
    from warreport.gazetteer.lookup import get_gazetteer
    from warreport.gazetteer.toponyms import ToponymMention

    text = "The chef of Le Bernardin in New York City said the restaurant would reopen."
    mentions = []
    for name in ("Le Bernardin", "New York City"):
        start = text.index(name)
        mentions.append(ToponymMention(text=name, start=start, end=start + len(name),
                                       cue=cue_at(text, start, start + len(name))))
    first, _ = resolve_places(mentions, gazetteer=get_gazetteer())
    assert first.place is not None and first.place.name == "New York City" and first.rule.startswith("fallback:")
