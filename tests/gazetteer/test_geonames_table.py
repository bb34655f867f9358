"""The GeoNames table of Syria's populated places that the shipped gazetteer is built from."""

from __future__ import annotations

from pathlib import Path

import pytest

from warreport.gazetteer.lookup import get_gazetteer, haversine_km
from warreport.gazetteer.sources import read_geonames_table

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


def test_lines_have_the_19_geonames_columns() -> None:
    with open(TABLE, encoding="utf-8") as handle:
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
