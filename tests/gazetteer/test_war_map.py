"""A war map's markers (Wikipedia's Syrian Civil War detailed map) in the gazetteer build."""

from __future__ import annotations

from pathlib import Path

import pytest

from warreport.gazetteer.lookup import get_gazetteer, haversine_km
from warreport.gazetteer.sources import PlaceRecord
from warreport.gazetteer.war_map import (
    FIRST_ID,
    SOURCE,
    MapMarker,
    add_war_map,
    label_names,
    read_war_map,
)

TABLE = Path(__file__).resolve().parents[2] / "data" / "warmap" / "syria_war_map_points.tsv"
IRAQ_TABLE = TABLE.with_name("iraq_war_map_points.tsv")


@pytest.mark.parametrize(
    ("label", "names"),
    [
        ("Tukhar Shagir (Majra Saghir)", ("Tukhar Shagir", "Majra Saghir")),
        ("Mushayrafa/Wadi Sharifah", ("Mushayrafa", "Wadi Sharifah")),
        ("Bi'r al `Abbasiyah", ("Bi'r al 'Abbasiyah",)),
        ("T2 Pumping Station", ("T2 Pumping Station",)),  # a number makes it one place
        ("Driving school", ()),  # generic words only: no place a report could mean alone
        ("Syrian Army fortification", ()),
        ("Tell Mahrouqat (Brigade 552)", ("Tell Mahrouqat", "Brigade 552")),
        ("Rajm Bakr,", ("Rajm Bakr",)),
        ("Al-Hawl (Tishreen) Oil Field", ("Al-Hawl Oil Field",)),  # an inner parenthesis names a part
    ],
)
def test_label_names(label: str, names: tuple[str, ...]) -> None:
    assert label_names(label) == names


@pytest.mark.parametrize(
    ("mark", "label", "site"),
    [
        ("gov", "Dakwanah", None),
        ("SDF", "Tall Akhdar", None),
        ("gov_base", "137th Mechanized Brigade-Army Base", ("S", "MILB")),
        ("IS_oil", "T2 Pumping Station", ("L", "OILF")),
        ("gov_air", "Sayqal Airbase", ("S", "AIRB")),
        ("SDF_hill", "Tall Shair", ("T", "HLL")),
        ("pass_SE", "Bab al-Hawa", ("S", "PSTB")),
        ("BSicon STRrf yellow.svg", "Shahba Dam", ("S", "DAM")),
        ("Rif_Aleppo2.svg", "Aleppo", ("S", "")),  # an image overlay: no site to add
    ],
)
def test_the_mark_says_what_kind_of_place(mark: str, label: str, site: tuple[str, str] | None) -> None:
    assert MapMarker(36.0, 37.0, mark, label_names(label)).site == site


def test_reading_skips_lines_that_are_not_markers(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "x_war_map_points.tsv"
    path.write_text("# comment\n36.1\t37.2\tgov\tDakwanah\t\n36.74\t366514.\tSDF\tKharab Suluq\t\n"
                    "x\ty\tgov\tNothing\t\n36.2\t37.3\tgov\tDriving school\t\n", encoding="utf-8")
    markers = list(read_war_map(path))
    assert markers == [MapMarker(36.1, 37.2, "gov", ("Dakwanah",))]
    assert "no point" in caplog.text and "not a marker" in caplog.text


def _village(gid: int, name: str, lat: float, lon: float, admin1: str = "09") -> PlaceRecord:
    return PlaceRecord(geonameid=gid, name=name, latitude=lat, longitude=lon, country="SY", admin1=admin1)


def test_a_village_marker_becomes_a_spelling_or_a_place_of_its_own() -> None:
    places = {1: _village(1, "Dakwānah", 36.1373, 37.4896), 2: _village(2, "Tall ‘Aran", 36.125, 37.33, "10")}
    markers = [
        MapMarker(36.137, 37.489, "gov", ("Dakwanah",)),  # the same village: one more spelling
        MapMarker(36.137, 37.489, "gov", ("Dakwanah",)),  # a repeated marker counts once
        MapMarker(36.13, 37.34, "opp", ("Rasm al-Abed",)),  # a village GeoNames lacks
        MapMarker(36.15, 37.50, "gov_base", ("Dakwanah checkpoint",)),  # a site is never a spelling
        MapMarker(33.0, 44.0, "gov", ("Nowhere",)),  # no settlement within reach
    ]
    assert add_war_map(places, markers) == (1, 2)
    assert "Dakwanah" in places[1].weak_names
    new = {r.name: r for gid, r in places.items() if gid <= FIRST_ID}
    assert set(new) == {"Rasm al-Abed", "Dakwanah checkpoint"}
    assert (new["Rasm al-Abed"].country, new["Rasm al-Abed"].admin1) == ("SY", "10")  # the nearest village's
    assert (new["Dakwanah checkpoint"].feature_class, new["Dakwanah checkpoint"].feature_code) == ("S", "MILB")
    assert all(r.source == SOURCE for r in new.values())


def test_a_marker_spelt_as_a_seat_farther_off_is_the_seat() -> None:
    seat = PlaceRecord(geonameid=1, name="Al ‘Amādīyah", latitude=37.09214, longitude=43.48769, country="IQ",
                       admin1="06", feature_code="PPLA2")
    village = PlaceRecord(geonameid=2, name="Kharab", latitude=36.2, longitude=37.2, country="SY", admin1="09",
                          feature_code="PPL")
    places = {1: seat, 2: village}
    markers = [MapMarker(37.093, 43.385, "SDF", ("Amadiya", "Amêdî")),  # 9 km from the seat's point
               MapMarker(36.2, 37.3, "gov", ("Kharab",))]  # 9 km from a village: another village
    assert add_war_map(places, markers) == (1, 1)
    assert "Amadiya" in seat.weak_names and not village.weak_names


def test_only_the_build_countries_take_markers() -> None:
    places = {1: _village(1, "Dakwānah", 36.1373, 37.4896)}
    assert add_war_map(places, [MapMarker(36.13, 37.34, "opp", ("Rasm al-Abed",))], countries=["IQ"]) == (0, 0)


@pytest.mark.parametrize(
    ("table", "lines_at_least", "box"),
    [
        (TABLE, 6000, (32.3, 37.4, 35.5, 42.4)),  # Syria's box
        (IRAQ_TABLE, 1400, (29.0, 37.4, 38.7, 48.9)),  # Iraq's
    ],
)
def test_the_transcribed_tables(table: Path, lines_at_least: int, box: tuple[float, float, float, float]) -> None:
    lines = table.read_text(encoding="utf-8").splitlines()
    assert len(lines) > lines_at_least
    assert {line.count("\t") for line in lines} == {4}
    markers = list(read_war_map(table))
    assert all(box[0] <= m.latitude <= box[1] and box[2] <= m.longitude <= box[3] for m in markers)


@pytest.mark.parametrize(
    ("query", "lat", "lon"),
    [
        ("T2 Pumping Station", 34.379, 40.147),  # war sites GeoNames lacks, at the map's points
        ("Sayqal Airbase", 33.688, 37.218),
        ("Al Hail Gas Field", 34.708, 38.789),
        ("East Baghdad Field", 33.352, 44.648),  # ... and Iraq's map
        # ... and under the names reports give them (the curated table's rows at the map's points)
        ("Third Station", 34.5303, 38.746),
        ("Brigade 137", 35.321, 40.023),
        ("Al-Seen Military Airport", 33.688, 37.218),
        ("Hail oil fields", 34.708, 38.789),
    ],
)
def test_shipped_index_holds_the_war_sites(query: str, lat: float, lon: float) -> None:
    best = get_gazetteer().matches(query)[0]
    assert haversine_km(best.lat, best.lon, lat, lon) < 1.0
