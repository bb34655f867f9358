from __future__ import annotations

from pathlib import Path

import pytest

from warreport.errors import GazetteerError
from warreport.gazetteer.lookup import Gazetteer, default_path, haversine_km

SEED_PLACES = [
    ("Deir Ezzor", 170794),
    ("Deir ez-Zor", 170794),
    ("Dayr az Zawr", 170794),
    ("دير الزور", 170794),
    ("al-Bukamal", 174448),
    ("Abu Kamal", 174448),
    ("Albu Kamal", 174448),
    ("al-Qaim", 92138),
    ("Qa'im", 92138),
    ("Fishkhabur", 96735),
    ("Faysh Khabur", 96735),
    ("Ibrahim al-Khalil", 6998238),
]


@pytest.mark.parametrize(("name", "geonameid"), SEED_PLACES)
def test_seed_names_resolve_first(shared_gazetteer: Gazetteer, name: str, geonameid: int) -> None:
    best = shared_gazetteer.lookup(name, limit=3)[0]
    assert best.place.geonameid == geonameid


def test_build_contents(shared_gazetteer: Gazetteer) -> None:
    stats = shared_gazetteer.stats()
    assert int(stats["places"]) > 7000
    assert "GeoNames" in stats["attribution"]
    syria = shared_gazetteer.lookup("Syria", limit=1)[0].place
    assert syria.feature_code == "PCLI" and syria.iso == "SY"
    anbar = shared_gazetteer.lookup("Anbar", "IQ", limit=1)[0].place
    assert anbar.feature_code == "ADM1" and anbar.admin1 == "Al Anbar"


def test_place_fields(shared_gazetteer: Gazetteer) -> None:
    p = shared_gazetteer.lookup("Deir ez-Zor", limit=1)[0].place
    assert (p.admin1, p.country, p.iso, p.iso3) == ("Deir ez-Zor", "Syria", "SY", "SYR")
    assert p.latitude is not None and p.longitude is not None
    assert haversine_km(p.latitude, p.longitude, 35.33588, 40.14084) < 0.1


def test_country_filter(shared_gazetteer: Gazetteer) -> None:
    assert all(c.place.iso == "IQ" for c in shared_gazetteer.lookup("Kirkuk", "IQ"))
    assert shared_gazetteer.lookup("Kirkuk", "JO", limit=5) == [] or all(
        c.place.iso == "JO" for c in shared_gazetteer.lookup("Kirkuk", "JO")
    )


def test_unknown_name_finds_nothing(shared_gazetteer: Gazetteer) -> None:
    assert shared_gazetteer.lookup("Xqzzyplotz") == []
    assert not shared_gazetteer.has_name("Xqzzyplotz")
    assert shared_gazetteer.has_name("Deir Ezzor")


def test_missing_index_is_a_gazetteer_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError):
        Gazetteer(tmp_path / "nope.sqlite")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(GazetteerError):
        Gazetteer(bad)


@pytest.mark.skipif(not default_path().is_file(), reason="no shipped gazetteer")
@pytest.mark.parametrize(("name", "geonameid"), SEED_PLACES)
def test_shipped_gazetteer_has_the_seed_places(name: str, geonameid: int) -> None:
    gaz = Gazetteer(default_path())
    assert geonameid in [c.place.geonameid for c in gaz.lookup(name, limit=3)]


@pytest.mark.parametrize(
    ("name", "country", "geonameid"),
    [
        ("Karama", "SY", 4273),  # Al Karāmah: spelling-neutral form
        ("Sosa", "SY", 172415),  # As Sūsah
        ("Tal Abiad", "SY", 163750),  # Tall Abyaḑ
        ("Ein Issa", "SY", 172134),  # ‘Ayn ‘Īsá
        ("Arbin", "SY", 169372),  # ‘Irbīn: a spelling known elsewhere must not hide it
    ],
)
def test_transliterations_within_a_country(
    shared_gazetteer: Gazetteer, name: str, country: str, geonameid: int
) -> None:
    assert shared_gazetteer.lookup(name, country, limit=1)[0].place.geonameid == geonameid


def test_transliteration_match_ranks_below_a_known_spelling(shared_gazetteer: Gazetteer) -> None:
    karama = shared_gazetteer.matches("Karama", "SY")[0]
    assert karama.level == 1 and karama.sim < 1.0 and karama.is_guess
    assert not shared_gazetteer.matches("Deir ez-Zor")[0].is_guess


@pytest.mark.parametrize(
    ("name", "geonameid", "point"),
    [
        ("Middle East", 6269133, (33.13906, 35.85869)),
        ("Levant", 305104, (34.0, 36.0)),
        ("Lebanon", 272103, (33.83333, 35.83333)),
        ("Jordan", 248816, (31.0, 36.0)),
        ("Europe", 6255148, (48.69096, 9.14062)),
        ("US", 6252001, (39.76, -98.5)),
    ],
)
def test_countries_continents_and_regions_at_their_geonames_points(
    shared_gazetteer: Gazetteer, name: str, geonameid: int, point: tuple[float, float]
) -> None:
    place = shared_gazetteer.lookup(name, limit=1)[0].place
    assert place.geonameid == geonameid
    assert place.latitude is not None and place.longitude is not None
    assert haversine_km(place.latitude, place.longitude, *point) < 1


@pytest.mark.skipif(not default_path().is_file(), reason="no shipped gazetteer")
@pytest.mark.parametrize(
    ("name", "feature_code", "iso"),
    [
        ("Texas", "ADM1", "US"),
        ("Ind.", "ADM1", "US"),  # Indiana, not India
        ("Orange County", "ADM2", "US"),
        ("Africa", "CONT", None),
        ("Lebanon", "PCLI", "LB"),
        ("Middle East", "RGN", None),
    ],
)
def test_shipped_gazetteer_big_places(name: str, feature_code: str, iso: str | None) -> None:
    place = Gazetteer(default_path()).lookup(name, limit=1)[0].place
    assert (place.feature_code, place.iso) == (feature_code, iso)


@pytest.mark.skipif(not default_path().is_file(), reason="no shipped gazetteer")
def test_shipped_gazetteer_orange_county_is_the_largest() -> None:
    place = Gazetteer(default_path()).lookup("Orange County", limit=1)[0].place
    assert place.admin1 == "California"


@pytest.mark.skipif(not default_path().is_file(), reason="no shipped gazetteer")
@pytest.mark.parametrize(("name", "continent"), [("Sawa", "Asia"), ("Asia", None), ("Africa", None)])
def test_a_continent_is_matched_only_as_spelt(name: str, continent: str | None) -> None:
    """"Sawa" (a village on the Euphrates) is no spelling of Asia; "Asia" still is Asia."""
    found = Gazetteer(default_path()).matches(name)
    if continent is None:
        assert found[0].is_continent and found[0].name == name
    else:
        assert not any(m.is_continent and m.name == continent for m in found)
        assert any(m.cc == "SY" for m in found)


@pytest.mark.skipif(not default_path().is_file(), reason="no shipped gazetteer")
@pytest.mark.parametrize(("name", "iso"), [("Daraa al-Balad", "SY"), ("Dar'a al-Mahatta", "SY")])
def test_a_quarter_named_after_its_town_finds_the_town(name: str, iso: str) -> None:
    top = Gazetteer(default_path()).matches(name)[0]
    assert (top.cc, top.fclass, top.admin1) == (iso, "P", "06")


@pytest.mark.skipif(not default_path().is_file(), reason="no shipped gazetteer")
@pytest.mark.parametrize(
    ("cc", "admin1", "seat", "feature_code"),
    [
        ("IQ", "10", "Baqubah", "PPLA"),  # not Khanaqin, Diyala's largest town in cities500
        ("IQ", "18", "Tikrīt", "PPLA"),  # not Bayji
        ("IQ", "15", "Mosul", "PPLA"),  # not the larger "Al Mawşil al Jadīdah"
        ("IQ", "07", "Baghdad", "PPLC"),
        ("SY", "07", "Deir ez-Zor", "PPLA"),  # the namesake town
    ],
)
def test_a_province_is_coded_at_its_seat(cc: str, admin1: str, seat: str, feature_code: str) -> None:
    found = Gazetteer(default_path()).admin1_seat(cc, admin1)
    assert found is not None and (found.name, found.fcode) == (seat, feature_code)


@pytest.mark.skipif(not default_path().is_file(), reason="no shipped gazetteer")
@pytest.mark.parametrize(
    ("name", "cc", "around"),
    [("Damascus", "SY", "08"), ("Aleppo", "SY", None), ("Homs", "SY", None), ("Baghdad", "IQ", None)],
)
def test_the_countryside_of_a_city_that_is_a_province(name: str, cc: str, around: str | None) -> None:
    """"Rural Damascus" is Rif Dimashq (08), the province around the city's own (13); Aleppo's and
    Homs' countrysides are their own provinces."""
    gaz = Gazetteer(default_path())
    city = next(m for m in gaz.matches(name, cc) if m.fclass == "P")
    assert gaz.countryside_province(city) == around
