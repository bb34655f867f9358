from __future__ import annotations

import random

import pytest
from tests.analysis.helpers import GOV_IQ, IQ, IS_IQ, IS_SY, KRG, RU, SY, ev

from warreport.analysis.merge import Merger, merge_events
from warreport.eval.merge import evaluate_oracle, gold_happening, load_gold, oracle_events, pairwise
from warreport.model import Certainty

SEED_DAY_HAPPENINGS = ("dz-districts-1031", "kalibr-1031", "ubaydi", "faysh-khabur-deal")


def _three_outlets() -> list:  # type: ignore[type-arg]
    return [
        ev("seed", "Government regains territory", "Deir ez-Zor", "2017-10-31", source="SouthFront",
           subs=["Kanamat", "Khassarat", "Badr", "Old Airport"]),
        ev("lfm", "Government regains territory", "Deir ez-Zor", "2017-10-31", source="Levant Front Monitor",
           subs=["Kanamat", "Khasarat"], name="Deir Ezzor", framing=["liberated", "terrorists"]),
        ev("ew", "Government regains territory", "Deir ez-Zor", "2017-10-31", source="Euphrates Wire",
           subs=["Khassarat", "Badr"], name="Dayr az-Zawr"),
    ]


def test_three_outlets_make_one_event_with_corroboration_three() -> None:
    merged = merge_events(_three_outlets())
    assert len(merged) == 1
    c = merged[0]
    assert c.corroboration == 3
    assert len(c.sources) == 3
    assert set(c.place_names) >= {"Deir ez-Zor", "Deir Ezzor", "Dayr az-Zawr"}
    assert c.geonameid == 170794
    assert [s.framing for s in c.sources if s.framing] == [["liberated", "terrorists"]]


def test_same_outlet_twice_counts_once() -> None:
    records = [
        ev("a1", "Government regains territory", "Al-Ubaydi", "2017-10-31", IQ, IS_IQ, source="Tigris Ledger"),
        ev("a2", "Government regains territory", "Al-Ubaydi", "2017-11-01", IQ, IS_IQ, source="Tigris Ledger",
           window=("2017-10-28", "2017-11-01")),
        ev("b", "Government regains territory", "Al-Ubaydi", "2017-10-31", IQ, IS_IQ, source="SouthFront"),
    ]
    merged = merge_events(records)
    assert len(merged) == 1
    assert merged[0].corroboration == 2
    assert len(merged[0].sources) == 3


def test_records_of_one_document_never_merge() -> None:
    a = ev("doc", "Government regains territory", "Deir ez-Zor", "2017-10-31")
    b = ev("doc", "Government regains territory", "Deir ez-Zor", "2017-10-31", window=("2017-10-20", "2017-10-31"))
    assert len(merge_events([a, b])) == 2


def test_disjoint_districts_stay_apart() -> None:
    a = ev("x", "Government regains territory", "Deir ez-Zor", "2017-10-31", subs=["Kanamat"])
    b = ev("y", "Government regains territory", "Deir ez-Zor", "2017-10-31", subs=["Worker 1", "Afri"])
    assert len(merge_events([a, b])) == 2


@pytest.mark.parametrize("certainty", [Certainty.PREDICTED, Certainty.NEGATED])
def test_predictions_and_denials_never_corroborate(certainty: Certainty) -> None:
    capture = ev("x", "Government regains territory", "Abu Kamal", "2017-11-09")
    forecast = ev("y", "Government regains territory", "Abu Kamal", "2017-11-09", certainty=certainty)
    merger = Merger()
    merger.add_all([capture, forecast])
    assert len(merger.clusters) == 1
    assert next(iter(merger.clusters.values())).summary.corroboration == 1


def test_other_days_and_other_families_stay_apart() -> None:
    records = [
        ev("a", "Government regains territory", "Deir ez-Zor", "2017-10-31"),
        ev("b", "Government regains territory", "Deir ez-Zor", "2017-11-03"),
        ev("c", "Armed clash", "Deir ez-Zor", "2017-10-31"),
        ev("d", "Shelling/artillery/missile attack", "Abu Kamal", "2017-10-31", RU, IS_SY),
        ev("e", "Shelling/artillery/missile attack", "Abu Kamal", "2017-11-01", RU, IS_SY),
    ]
    assert len(merge_events(records)) == 5


def test_most_precise_values_win() -> None:
    vague = ev("a", "Government regains territory", "Al-Ubaydi", "2017-10-30", IQ, IS_IQ,
               window=("2017-10-28", "2017-11-01"), name="Obeidi")
    precise = ev("b", "Government regains territory", "Al-Ubaydi", "2017-10-31", IQ, IS_IQ)
    c = merge_events([vague, precise])[0]
    assert (c.date_start, c.date_end, c.event_date) == (precise.event_date,) * 3
    assert c.time_precision == 1
    near = ev("c", "Shelling/artillery/missile attack", "Abu Kamal", "2017-10-31", RU, IS_SY, precision=2,
              lat_lon=(34.5, 40.8))
    exact = ev("d", "Shelling/artillery/missile attack", "Abu Kamal", "2017-10-31", RU, IS_SY)
    s = merge_events([near, exact])[0]
    assert s.geo_precision == 1
    assert s.latitude == exact.latitude


def test_taking_a_town_and_ground_near_it_stay_apart() -> None:
    outskirts = ev("a", "Government regains territory", "Al-Qaim", "2017-10-26", IQ, IS_IQ,
                   window=("2017-10-23", "2017-11-01"), precision=2)
    town = ev("b", "Government regains territory", "Al-Qaim", "2017-11-01", IQ, IS_IQ)
    assert len(merge_events([outskirts, town])) == 2


def test_disagreements_are_kept() -> None:
    a = ev("a", "Shelling/artillery/missile attack", "Abu Kamal", "2017-10-31", RU, IS_SY, count_=3,
           fatalities=10, precision=2)
    b = ev("b", "Shelling/artillery/missile attack", "Abu Kamal", "2017-10-31", RU, IS_SY, count_=4,
           fatalities=4, precision=2, certainty=Certainty.CLAIMED)
    c = merge_events([a, b])[0]
    fields = {x.field for x in c.contradictions}
    assert {"fatalities", "quantity:launches", "certainty"} <= fields
    assert c.fatalities == 4  # the lowest stated figure, as ACLED does
    assert c.certainty is Certainty.REPORTED


def test_opposite_winners_are_kept_apart_and_linked() -> None:
    a = ev("a", "Government regains territory", "Abu Kamal", "2017-11-09", SY, IS_SY)
    b = ev("b", "Non-state actor overtakes territory", "Abu Kamal", "2017-11-09", IS_SY, SY)
    merged = merge_events([a, b])
    assert len(merged) == 2
    assert merged[0].conflicts_with == [merged[1].canonical_id] or merged[1].conflicts_with == [merged[0].canonical_id]
    assert all(m.conflicts_with for m in merged)


def test_agreement_parties_in_either_order_merge_without_disagreement() -> None:
    a = ev("a", "Agreement", "Fishkhabur", "2017-11-01", GOV_IQ, KRG, precision=2)
    b = ev("b", "Agreement", "Fishkhabur", "2017-11-01", KRG, GOV_IQ, precision=2, name="Faysh Khabur")
    c = merge_events([a, b])
    assert len(c) == 1
    assert not [x for x in c[0].contradictions if x.field.startswith("actor")]


def test_oracle_corpus_scores() -> None:
    result = evaluate_oracle()
    assert result.pairs.precision == 1.0
    assert result.pairs.recall == 1.0
    by_happening: dict[str, int] = {}
    truth = gold_happening(load_gold())
    for c in result.canonicals:
        for s in c.sources:
            by_happening[truth[s.event_id]] = c.corroboration
    for h in SEED_DAY_HAPPENINGS:
        assert by_happening[h] == 3, h


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_merging_does_not_depend_much_on_arrival_order(seed: int) -> None:
    """Incremental merging in another document order gives the same partition here."""
    gold = load_gold()
    events = oracle_events(gold)
    docs = sorted({e.doc_id for e in events})
    random.Random(seed).shuffle(docs)
    order = {d: i for i, d in enumerate(docs)}
    events.sort(key=lambda e: (order[e.doc_id], e.start_char))
    merger = Merger()
    assigned = merger.add_all(events)
    scores = pairwise(assigned, gold_happening(gold))
    assert scores.precision == 1.0 and scores.recall == 1.0


def test_reingesting_a_record_changes_nothing() -> None:
    records = _three_outlets()
    merger = Merger()
    merger.add_all(records)
    before = merger.canonical_events()
    assert merger.add(records[0]) == before[0].canonical_id
    assert merger.canonical_events() == before


def test_a_place_named_alone_meets_the_same_place_named_as_a_district() -> None:
    alone = ev("a", "Government regains territory", "Al-Ubaydi", "2017-10-31", IQ, IS_IQ, name="Obeidi",
               lat_lon=(None, None))  # type: ignore[arg-type]
    part = ev("b", "Government regains territory", "Al-Qaim", "2017-10-31", IQ, IS_IQ, precision=2,
              subs=["Ubaydi"])
    merged = merge_events([part, alone])
    assert len(merged) == 1 and merged[0].corroboration == 2
    other = ev("c", "Government regains territory", "Kirkuk", "2017-10-31", IQ, IS_IQ, lat_lon=(None, None))  # type: ignore[arg-type]
    assert len(merge_events([part, other])) == 2
