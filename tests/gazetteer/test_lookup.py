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
