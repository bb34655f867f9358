from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
GEO = SHARED / "data" / "geo" / "gazetteer"
SEED = SHARED / "seed" / "war-report-2017-11-01.txt"


@pytest.fixture(scope="session")
def shared_gazetteer(tmp_path_factory: pytest.TempPathFactory):
    """A gazetteer built from ../shared/data/geo/gazetteer (SY, IQ, TR, JO, LB, IR extracts)."""
    if not GEO.is_dir():
        pytest.skip("../shared/data/geo/gazetteer is absent")
    from warreport.gazetteer.build import build_gazetteer
    from warreport.gazetteer.download import inputs_from_dir
    from warreport.gazetteer.lookup import Gazetteer

    out = tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite"
    build_gazetteer(inputs_from_dir(GEO), out)
    return Gazetteer(out)


@pytest.fixture(scope="session")
def seed_body() -> str:
    if not SEED.is_file():
        pytest.skip("../shared/seed is absent")
    return SEED.read_text(encoding="utf-8").split("Notify of")[0]
