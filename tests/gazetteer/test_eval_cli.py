from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warreport.gazetteer.lookup import Gazetteer, default_path

from .conftest import GEO, SHARED

GOLD = SHARED / "data" / "geo" / "gold"


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/data/geo/gold is absent")
@pytest.mark.parametrize(("name", "articles", "min_toponyms"), [("TR-News.xml", 118, 1200), ("GeoVirus.xml", 229, 2000)])
def test_load_corpus(name: str, articles: int, min_toponyms: int) -> None:
    from warreport.eval.geo import load_corpus

    corpus = load_corpus(GOLD / name)
    assert len(corpus) == articles
    assert sum(len(a.toponyms) for a in corpus) >= min_toponyms
    first = next(t for a in corpus for t in a.toponyms)
    assert first.lat is not None and first.end > first.start


@pytest.mark.slow
@pytest.mark.skipif(not GOLD.is_dir() or not default_path().is_file(), reason="gold or index absent")
def test_mideast_subset_accuracy() -> None:
    from warreport.eval.geo import default_geo_root, evaluate_mideast

    scores = evaluate_mideast(default_geo_root(), Gazetteer(default_path()))
    assert scores.n_resolution == 262
    assert (scores.acc(161) or 0) >= 0.98


def test_cli_build_and_geocode(tmp_path: Path) -> None:
    if not GEO.is_dir():
        pytest.skip("../shared/data/geo/gazetteer is absent")
    from warreport.cli import app

    out = tmp_path / "g.sqlite"
    runner = CliRunner()
    built = runner.invoke(app, ["gazetteer", "build", "--from-dir", str(GEO), "--only", "IQ", "-o", str(out)])
    assert built.exit_code == 0, built.output
    assert out.is_file()
    result = runner.invoke(app, ["geocode", "Qa'im", "--json"], env={"WARREPORT_GAZETTEER": str(out)})
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data[0]["place"]["geonameid"] == 92138
    assert all(c["place"]["iso"] == "IQ" for c in data)
    missing = runner.invoke(app, ["geocode", "Xqzzyplotz"], env={"WARREPORT_GAZETTEER": str(out)})
    assert missing.exit_code == 1


@pytest.mark.skipif(not default_path().is_file(), reason="index absent")
def test_acled_names_ceiling(tmp_path: Path) -> None:
    """The names check counts what a perfect choice among a name's candidates could reach."""
    from warreport.eval.geo import evaluate_acled
    from warreport.gazetteer.lookup import haversine_km
    from warreport.gazetteer.resolve import resolve_name

    gaz = Gazetteer(default_path())
    chosen = resolve_name("Hit", country="SY", gazetteer=gaz).place
    assert chosen is not None and chosen.latitude is not None and chosen.longitude is not None
    other = next(m for m in gaz.matches("Hit", "SY")
                 if haversine_km(m.lat, m.lon, chosen.latitude, chosen.longitude) > 100)
    rows = [
        ("Abu Kamal", 34.4506, 40.9171),  # found where ACLED has it
        ("Hit", other.lat, other.lon),  # a namesake of the chosen Hit: a miss, but reachable
        ("Hit", other.lat, other.lon),
        ("Qzxqz Wadi", 35.0, 38.0),  # not in the index: neither
    ]
    path = tmp_path / "acled.csv"
    path.write_text("location,country,latitude,longitude\n"
                    + "".join(f"{n},Syria,{la},{lo}\n" for n, la, lo in rows), encoding="utf-8")
    scores = evaluate_acled(path, gaz)
    assert (scores.rows, scores.unique) == (4, 3)
    assert scores.within == 1 and scores.resolved_rows == 3
    assert scores.reachable == 3 and scores.reachable_share == 0.75
    assert scores.misses["Hit"] == 2 and scores.misses["Qzxqz Wadi"] == 1
