"""The seed war report: every gold event found, non-events and comments kept out (a test)."""

from __future__ import annotations

import pytest
from tests.conftest import shared_path

from warreport.eval.seed import evaluate_seed


@pytest.fixture(scope="module")
def report():
    shared_path("seed", "gold.json")
    return evaluate_seed(shared_path("seed"))


def test_gold_events(report) -> None:
    for m in report.matches:
        assert m.event is not None, f"{m.gold.id} not found"
        assert m.sub_ok, (m.gold.id, m.event.sub_event_type)
        assert m.actor2_ok, (m.gold.id, m.event.actor2)
        assert m.place_ok and m.date_ok, m.gold.id


def test_non_events_and_comments(report) -> None:
    for text, bad in report.non_events:
        assert not bad, text
    assert not report.comment_events


def test_details(report) -> None:
    by_id = {m.gold.id: m.event for m in report.matches}
    e1 = by_id["E1"]
    assert set(e1.sub_locations) == {"Kanamat", "Khassarat", "Badr", "Old Airport"}
    assert "liberated" in e1.framing
    assert any("Tiger" in a for a in e1.assoc_actor_1)
    e4 = by_id["E4"]
    assert any(q.count == 3 and "Kalibr" in (q.item or "") for q in e4.quantities)
    assert e4.geo_precision == 2
    assert by_id["E6"].time_precision == 2
    assert by_id["E3"].time_precision == 3
    assert by_id["E7"].certainty.value == "alleged"
