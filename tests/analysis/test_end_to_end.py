"""The real pipeline on the seed and the project's samples: merge, control and the report.

The extractor runs on seven pages (about 15 s). Its scores against gold.yaml are held to the
floors of tests/quality_floors.yaml; docs/analysis.md has the figures measured.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from tests.conftest import SAMPLES, shared_path

from warreport.analysis.api import control_answer, daily_report_data
from warreport.analysis.models import ControlStatus
from warreport.analysis.persist import load_canonical_events
from warreport.config import load_config
from warreport.eval.merge import evaluate_store
from warreport.ingest.sources import iter_sources
from warreport.pipeline import run_batch
from warreport.report.phrases import loaded_words_in
from warreport.report.render import write_report
from warreport.store.repository import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    seed = shared_path("seed", "war-report-2017-11-01.txt")
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'store.db'}"
    config = load_config(environ={}, db=url)
    s = Store(url)
    report = run_batch(iter_sources([str(seed), str(SAMPLES)], config), s, config)
    assert report.new == 7 and not report.failures
    return s


def test_the_ubaydi_capture_is_one_event_from_three_outlets(store: Store) -> None:
    answer = control_answer(store, "Al-Ubaydi", date(2017, 11, 2))
    p = answer.period
    assert p is not None
    assert p.controller.startswith("Military Forces of Iraq")
    assert p.status is ControlStatus.ASSESSED
    assert p.corroboration == 3
    assert set(p.sources) == {"SouthFront", "Levant Front Monitor", "Euphrates Wire"}
    assert len(p.event_ids) == 3


def test_the_deir_ez_zor_districts_are_one_event_from_three_outlets(store: Store) -> None:
    districts = [
        c for c in load_canonical_events(store)
        if c.sub_event_type == "Government regains territory" and any(s.lower() == "kanamat" for s in c.sub_locations)
    ]
    assert len(districts) == 1
    assert districts[0].corroboration == 3


def test_merge_and_control_scores_hold_their_floors(store: Store) -> None:
    floors = yaml.safe_load((Path(__file__).parents[1] / "quality_floors.yaml").read_text("utf-8"))
    floor = floors["end_to_end_samples"]
    result = evaluate_store(store)
    assert result.pairs.precision >= floor["pair_precision"]
    assert result.pairs.recall >= floor["pair_recall"]
    wrong = [f"{c.gold.place} {c.gold.at}: {c.found} ({c.status})" for c in result.controls if not c.ok_status]
    assert result.control_accuracy >= floor["control_holder"], wrong
    assert result.control_status_accuracy >= floor["control_status"], wrong


def test_the_four_seed_day_happenings_have_three_outlets(store: Store) -> None:
    day = [c for c in load_canonical_events(store)
           if c.event_date is not None and date(2017, 10, 31) <= c.event_date <= date(2017, 11, 1)
           and c.corroboration == 3]
    kinds = sorted(c.sub_event_type for c in day)
    assert kinds == ["Agreement", "Government regains territory", "Government regains territory",
                     "Shelling/artillery/missile attack"], [(c.sub_event_type, c.location, c.outlets) for c in day]


def test_report_of_the_seed_day(store: Store, tmp_path: Path) -> None:
    report = daily_report_data(store, date(2017, 11, 1))
    md, png = write_report(report, tmp_path / "report-2017-11-01.md", "md")
    text = md.read_text("utf-8")
    framing = sorted({w for c in report.events for s in c.sources for w in s.framing})
    assert loaded_words_in(text, framing) == []
    for row in report.table:  # every row is a stored canonical event of the covered days
        assert date(2017, 10, 31) <= date.fromisoformat(row.date) <= date(2017, 11, 1)
    assert "took control of" in text and "Ubayd" in text  # "Al ‘Ubaydī", GeoNames' spelling
    assert png.read_bytes().startswith(b"\x89PNG")
