"""The store side: incremental merging after each document equals a full rebuild."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warreport.analysis.api import (
    control_answer,
    control_geojson,
    place_timeline,
    timeline_chart_png,
)
from warreport.analysis.persist import (
    load_canonical_events,
    load_control_periods,
    merge_new_events,
    rebuild,
)
from warreport.eval.merge import check_controls, load_gold, oracle_events
from warreport.model import Document, ProcessedDocument
from warreport.store.repository import Store


def _fill(store: Store, order: list[str] | None = None) -> None:
    gold = load_gold()
    events = oracle_events(gold)
    docs = sorted(gold.documents, key=lambda d: (d.published, d.file))
    if order is not None:
        docs = sorted(docs, key=lambda d: order.index(d.file))
    for doc in docs:
        mine = [e for e in events if e.doc_id == doc.doc_id]
        document = Document(
            title=doc.file, published=doc.published, source=doc.source, body=["text"], external_id=doc.doc_id,
            origin=doc.file,
        )
        assert store.save(ProcessedDocument(document=document, events=mine))
        merge_new_events(store, mine)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(f"sqlite:///{tmp_path_factory.mktemp('persist') / 'analysis.db'}")
    _fill(s)
    return s


@pytest.fixture
def store(filled: Store) -> Store:
    """The filled store; tests that rewrite it (rebuild, merge again) leave it equivalent."""
    return filled


def _partition(store: Store) -> set[frozenset[str]]:
    return {frozenset(c.event_ids) for c in load_canonical_events(store)}


def test_incremental_merge_equals_rebuild(store: Store) -> None:
    incremental = _partition(store)
    periods = {(p.place_key, p.start, p.controller) for p in load_control_periods(store)}
    rebuild(store)
    assert _partition(store) == incremental
    assert {(p.place_key, p.start, p.controller) for p in load_control_periods(store)} == periods


def test_store_records_carry_canonical_ids_and_corroboration(store: Store) -> None:
    canon = {c.canonical_id: c for c in load_canonical_events(store)}
    gold = load_gold()
    for e in oracle_events(gold):
        stored = store.get_event(e.event_id)
        assert stored.canonical_id in canon
        assert stored.corroboration == canon[stored.canonical_id].corroboration


def test_control_answers_from_the_store(store: Store) -> None:
    gold = load_gold()
    checks = check_controls(load_control_periods(store), gold.controls)
    assert all(c.ok_status for c in checks), [c for c in checks if not c.ok_status]
    answer = control_answer(store, "Al-Ubaydi", date(2017, 11, 2))
    assert answer.period is not None and answer.period.status.value == "assessed"
    gj = control_geojson(store, date(2017, 11, 2))
    assert {f["properties"]["place"] for f in gj["features"]} >= {"Al-Ubaydi", "Fishkhabur"}  # type: ignore[index]


def test_merge_twice_changes_nothing(store: Store) -> None:
    before = _partition(store)
    result = merge_new_events(store, oracle_events(load_gold()))
    assert result.created == 0
    assert _partition(store) == before


def test_other_arrival_order_gives_the_same_partition(tmp_path: Path, store: Store) -> None:
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    files = [d.file for d in load_gold().documents]
    _fill(other, list(reversed(files)))
    assert _partition(other) == _partition(store)


def test_timeline_and_chart_from_the_store(store: Store) -> None:
    entries = place_timeline(store, "Abu Kamal")
    assert [e.event_date for e in entries] == sorted(e.event_date for e in entries)  # type: ignore[type-var]
    assert len(entries) >= 4  # the strike and three changes of hands
    png = timeline_chart_png(store, place="Abu Kamal")
    assert png.startswith(b"\x89PNG")


def test_cli_merge_control_timeline(store: Store, tmp_path: Path) -> None:
    from warreport.cli import app

    runner = CliRunner()
    db = ["--db", store.db.url]
    result = runner.invoke(app, [*db, "merge", "--rebuild"])
    assert result.exit_code == 0, result.output
    assert "merged" in result.output
    result = runner.invoke(app, [*db, "control", "Al-Ubaydi", "--at", "2017-11-02"])
    assert result.exit_code == 0, result.output
    assert "Military Forces of Iraq" in result.output and "assessed" in result.output
    chart = tmp_path / "chart.png"
    result = runner.invoke(app, [*db, "timeline", "--place", "Abu Kamal", "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    assert chart.read_bytes().startswith(b"\x89PNG")
