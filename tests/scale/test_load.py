"""Parquet partitions and the bulk loader: same store content as Store.save, exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest

from warreport.errors import InputError
from warreport.model import Failure
from warreport.pipeline import store_stage
from warreport.scale.load import load_dataset
from warreport.scale.parquet import complete_partitions, iter_table, start_dataset, write_partition
from warreport.store import Store

from .helpers import processed, store_content

FAIL = Failure(origin="bad.html", reason="the page holds no text", error_type="EmptyInputError", stage="parse")


def _dataset(root: Path) -> list:
    start_dataset(root, ["corpus.jsonl"])
    docs = [processed(i, n_events=i % 4) for i in range(12)]
    write_partition(root, "part-00000", docs[:7], [FAIL])
    write_partition(root, "part-00001", docs[7:] + [docs[0]], [FAIL])  # docs[0] and the failure again
    return docs


def test_load_matches_store_save(tmp_path: Path, db_url: str) -> None:
    docs = _dataset(tmp_path / "ds")
    report = load_dataset(tmp_path / "ds", db_url)
    assert (report.partitions, report.documents, report.duplicates) == (2, 12, 1)
    assert report.events == sum(len(d.events) for d in docs)
    assert report.failures == 2  # recorded twice; the second replaces the first, as Store.record_failure does

    reference = f"sqlite:///{tmp_path / 'ref.db'}"
    store = Store(reference)
    for item in docs:
        store_stage(store, item, store.record_failure)  # as run_batch stores each document
    store.record_failure(FAIL)
    assert store_content(db_url) == store_content(reference)
    back = Store(db_url).get_event(docs[6].events[1].event_id)
    merged = {"canonical_id", "corroboration"}  # set by merging after the load
    assert back.model_dump(exclude=merged) == docs[6].events[1].model_dump(exclude=merged)


def test_load_is_exactly_once(tmp_path: Path, db_url: str) -> None:
    _dataset(tmp_path / "ds")
    load_dataset(tmp_path / "ds", db_url)
    before = store_content(db_url)
    again = load_dataset(tmp_path / "ds", db_url)
    assert (again.partitions, again.already_loaded, again.documents) == (0, 2, 0)
    assert store_content(db_url) == before


def test_documents_already_stored_are_skipped(tmp_path: Path, db_url: str) -> None:
    docs = _dataset(tmp_path / "ds")
    Store(db_url).save(docs[3])
    report = load_dataset(tmp_path / "ds", db_url)
    assert (report.documents, report.duplicates) == (11, 2)


def test_incomplete_partition_is_not_loaded(tmp_path: Path) -> None:
    root = tmp_path / "ds"
    _dataset(root)
    (root / "_parts" / "part-00001.json").unlink()  # as if the writer died before its marker
    assert [p.name for p in complete_partitions(root)] == ["part-00000"]
    report = load_dataset(root, f"sqlite:///{tmp_path / 's.db'}")
    assert report.documents == 7
    assert len(list(iter_table(root, "events"))) == sum(i % 4 for i in range(7))


def test_not_a_dataset(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a warreport Parquet dataset"):
        load_dataset(tmp_path, f"sqlite:///{tmp_path / 's.db'}")
