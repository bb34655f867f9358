from __future__ import annotations

import functools
from datetime import date

import pytest
from tests.analysis.helpers import GOV_IQ, IQ, IS_IQ, IS_SY, KRG, PESH, SY, ev

from warreport.analysis.control import build_control, control_at, control_geojson_from
from warreport.analysis.merge import merge_events
from warreport.analysis.models import ControlBasis, ControlStatus
from warreport.errors import NotFoundError
from warreport.eval.merge import evaluate_oracle, load_gold
from warreport.model import Certainty

D = date.fromisoformat


def _periods(records):  # type: ignore[no-untyped-def]
    return build_control(merge_events(records))


def test_corroborated_capture_is_assessed_and_names_the_winner() -> None:
    records = [
        ev(doc, "Government regains territory", "Al-Ubaydi", "2017-10-31", IQ, IS_IQ, source=doc, name=name)
        for doc, name in (("SouthFront", "Ubaydi"), ("Levant Front Monitor", "Obeidi"), ("Euphrates Wire", "al-Ubaydi"))
    ]
    periods = _periods(records)
    answer = control_at(periods, "Al-Ubaydi", D("2017-11-02"))
    assert answer.period is not None
    assert answer.period.controller == IQ
    assert answer.period.status is ControlStatus.ASSESSED
    assert answer.period.corroboration == 3
    assert sorted(answer.period.event_ids) == sorted(r.event_id for r in records)
    before = control_at(periods, "Obeidi", D("2017-10-20")).period
    assert before is not None and before.controller == IS_IQ and before.basis is ControlBasis.HELD_BEFORE


@pytest.mark.parametrize(
    ("certainties", "outlets", "status"),
    [
        ((Certainty.REPORTED,), 1, ControlStatus.CLAIMED),
        ((Certainty.CLAIMED, Certainty.CLAIMED), 2, ControlStatus.CLAIMED),
        ((Certainty.CLAIMED, Certainty.REPORTED), 2, ControlStatus.ASSESSED),
        ((Certainty.REPORTED, Certainty.REPORTED), 2, ControlStatus.ASSESSED),
    ],
)
def test_status_rules(certainties: tuple[Certainty, ...], outlets: int, status: ControlStatus) -> None:
    records = [
        ev(f"d{i}", "Government regains territory", "Abu Kamal", "2017-11-09", source=f"outlet{i % outlets}",
           certainty=c)
        for i, c in enumerate(certainties)
    ]
    period = control_at(_periods(records), "Albu Kamal", D("2017-11-10")).period
    assert period is not None and period.status is status


def test_a_place_changing_hands_three_times() -> None:
    records = [
        ev("a", "Government regains territory", "Abu Kamal", "2017-11-09", SY, IS_SY),
        ev("b", "Non-state actor overtakes territory", "Abu Kamal", "2017-11-11", IS_SY, SY),
        ev("c", "Government regains territory", "Abu Kamal", "2017-11-19", SY, IS_SY),
    ]
    periods = _periods(records)
    holders = [(p.start, p.end, p.controller) for p in control_at(periods, "Abu Kamal", D("2017-11-20")).timeline]
    assert holders == [
        (None, D("2017-11-09"), IS_SY),
        (D("2017-11-09"), D("2017-11-11"), SY),
        (D("2017-11-11"), D("2017-11-19"), IS_SY),
        (D("2017-11-19"), None, SY),
    ]


def test_a_second_report_of_the_same_holder_extends_the_period() -> None:
    records = [
        ev("a", "Government regains territory", "Deir ez-Zor", "2017-11-03", source="x"),
        ev("b", "Government regains territory", "Deir ez-Zor", "2017-11-10", source="y"),
    ]
    timeline = control_at(_periods(records), "Deir Ezzor", D("2017-11-12")).timeline
    assert [p.controller for p in timeline] == [IS_SY, SY]
    assert len(timeline[1].canonical_ids) == 2


def test_contested_claims_are_shown() -> None:
    records = [
        ev("a", "Government regains territory", "Abu Kamal", "2017-11-09", SY, IS_SY, source="x"),
        ev("b", "Government regains territory", "Abu Kamal", "2017-11-09", SY, IS_SY, source="y"),
        ev("c", "Non-state actor overtakes territory", "Abu Kamal", "2017-11-09", IS_SY, SY, source="z"),
    ]
    period = control_at(_periods(records), "Abu Kamal", D("2017-11-10")).period
    assert period is not None
    assert period.controller == SY  # the corroborated account leads
    assert period.contested_by == [IS_SY]
    assert "contested" in period.note


def test_ground_near_a_town_does_not_hand_over_the_town() -> None:
    near = ev("a", "Government regains territory", "Al-Qaim", "2017-10-26", IQ, IS_IQ, precision=2)
    with pytest.raises(NotFoundError):
        control_at(_periods([near]), "Al-Qaim", D("2017-11-02"))


def test_districts_change_hands_not_the_city() -> None:
    rec = ev("a", "Government regains territory", "Deir ez-Zor", "2017-10-31", subs=["Kanamat", "Old Airport"])
    periods = _periods([rec])
    assert control_at(periods, "Kanamat", D("2017-11-01")).period.controller == SY  # type: ignore[union-attr]
    with pytest.raises(NotFoundError):
        control_at(periods, "Deir ez-Zor", D("2017-11-01"))


def test_handover_agreement_gives_joint_control_and_plain_agreement_none() -> None:
    deal = ev("a", "Agreement", "Fishkhabur", "2017-11-01", GOV_IQ, KRG, precision=2,
              sentence="Troops of both governments will be stationed at the crossing.")
    talk = ev("b", "Agreement", "Kirkuk", "2017-11-01", GOV_IQ, KRG, sentence="The two sides agreed to keep talking.")
    periods = _periods([deal, talk])
    p = control_at(periods, "Faysh Khabur", D("2017-11-02")).period
    assert p is not None and p.basis is ControlBasis.AGREEMENT
    assert set(p.partners) == {GOV_IQ, KRG}
    with pytest.raises(NotFoundError):
        control_at(periods, "Kirkuk", D("2017-11-02"))


def test_non_violent_transfer() -> None:
    rec = ev("a", "Non-violent transfer of territory", "Kirkuk", "2017-10-16", IQ, PESH)
    periods = _periods([rec])
    assert control_at(periods, "Kirkuk", D("2017-10-15")).period.controller == PESH  # type: ignore[union-attr]
    p = control_at(periods, "Kirkuk", D("2017-10-17")).period
    assert p is not None and p.basis is ControlBasis.TRANSFERRED and p.controller == IQ


def test_geojson_for_a_date() -> None:
    records = [ev("a", "Government regains territory", "Abu Kamal", "2017-11-09", SY, IS_SY)]
    gj = control_geojson_from(_periods(records), D("2017-11-10"))
    assert gj["type"] == "FeatureCollection"
    (feature,) = gj["features"]  # type: ignore[misc]
    assert feature["geometry"] == {"type": "Point", "coordinates": [40.91854, 34.45226]}
    props = feature["properties"]
    assert props["controller"] == SY and props["status"] == "claimed" and props["since"] == "2017-11-09"
    assert props["side"] == "syria.government"
    before = control_geojson_from(_periods(records), D("2017-11-01"))
    assert before["features"][0]["properties"]["controller"] == IS_SY  # type: ignore[index]


_GOLD = load_gold()


@functools.lru_cache(maxsize=1)
def _oracle():  # type: ignore[no-untyped-def]
    return evaluate_oracle(_GOLD)


@pytest.mark.parametrize("check", range(len(_GOLD.controls)), ids=lambda i: f"{_GOLD.controls[i].place}@{_GOLD.controls[i].at}")
def test_gold_control_states_on_the_oracle_corpus(check: int) -> None:
    c = _oracle().controls[check]
    assert c.ok_controller, (c.gold, c.found)
    assert c.ok_status, (c.gold, c.status)


def test_a_later_corroborated_report_makes_the_hold_assessed() -> None:
    records = [
        ev("a", "Government regains territory", "Al-Qaim", "2017-11-01", IQ, IS_IQ, source="x"),
        ev("b", "Government regains territory", "Al-Qaim", "2017-11-03", IQ, IS_IQ, source="y",
           window=("2017-11-03", "2017-11-03")),
        ev("c", "Government regains territory", "Al-Qaim", "2017-11-04", IQ, IS_IQ, source="z",
           window=("2017-11-02", "2017-11-06")),
    ]
    periods = _periods(records)
    p = control_at(periods, "Al-Qaim", D("2017-11-10")).period
    assert p is not None and p.start == D("2017-11-01")
    assert p.status is ControlStatus.ASSESSED and p.corroboration == 2
