"""The process pool and the Dask runner give the same store as a single-process run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from warreport.config import Config, load_config
from warreport.ingest.sources import iter_sources
from warreport.pipeline import run_batch
from warreport.scale.corpus import write_jsonl
from warreport.scale.dask_runner import run_dask
from warreport.scale.load import load_dataset
from warreport.scale.partitions import plan_partitions, read_partition_items
from warreport.scale.pool import run_pool
from warreport.store import Store

from .helpers import SAMPLES, SEED, require_extractor, store_content

pytestmark = pytest.mark.timeout(600)


def _config(**overrides: object) -> Config:
    return load_config(environ={}, config_file=None).with_overrides(batch_size=8, **overrides)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Samples (text and HTML with comments), the seed report, and synthetic JSONL records
    (with a broken line and a duplicate record) in a directory."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SAMPLES, root / "samples")
    if SEED.is_file():
        shutil.copy(SEED, root / "seed.txt")
    jsonl = write_jsonl(root / "reports.jsonl", 14, words=120, seed=3)
    lines = jsonl.read_text(encoding="utf-8").splitlines(keepends=True)
    jsonl.write_text("".join(lines[:8] + ["{not json\n"] + lines[8:] + lines[4:5]), encoding="utf-8")
    (root / "empty.txt").write_text("   \n", encoding="utf-8")
    return [str(root), str(jsonl)]


@pytest.fixture(scope="module")
def reference(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The store a single-process run leaves."""
    require_extractor()
    url = f"sqlite:///{tmp_path_factory.mktemp('single') / 'single.db'}"
    config = _config()
    run_batch(iter_sources(corpus, config), Store(url), config)
    content = store_content(url)
    assert content["events"] and content["failures"] and content["comments"]
    return content


def test_partitions_read_what_iter_sources_reads(corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = Path(corpus[0]).parent
    monkeypatch.chdir(base)
    sources = [str(Path(s).relative_to(base)) for s in corpus] + ["missing.txt"]
    config = _config()
    expected = [(i.origin, getattr(i, "text", None), getattr(i, "data", None)) for i in iter_sources(sources, config)]
    parts = plan_partitions(sources, config, partition_docs=7)
    assert len(parts) > 4
    got = [(i.origin, getattr(i, "text", None), getattr(i, "data", None))
           for p in parts for i in read_partition_items(p, config)]
    assert got == expected


def test_pool_matches_single_process(corpus: list[str], reference: dict, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pool.db'}"
    config = _config(workers=2)
    report = run_pool(iter_sources(corpus, config), Store(url), config)
    assert report.new == len(reference["documents"])
    assert store_content(url) == reference
    again = run_pool(iter_sources(corpus, config), Store(url), config)
    assert again.new == 0 and again.events == 0


def test_dask_local_cluster_matches_single_process(corpus: list[str], reference: dict, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dask.db'}"
    report = run_dask(corpus, _config(workers=2), tmp_path / "parquet", address="local", partition_docs=6, load_into=url)
    assert report.partitions > 2 and report.load is not None
    assert store_content(url) == reference


def test_dask_resumes_missing_partitions(corpus: list[str], reference: dict, tmp_path: Path) -> None:
    from dask.distributed import Client, LocalCluster

    out = tmp_path / "parquet"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        first = run_dask(corpus, _config(), out, client=client, partition_docs=6)
        (out / "_parts" / "part-00001.json").unlink()  # as if that task had died
        second = run_dask(corpus, _config(), out, client=client, partition_docs=6)
    assert (second.partitions, second.reused) == (first.partitions, first.partitions - 1)
    assert second.documents == first.documents
    url = f"sqlite:///{tmp_path / 'loaded.db'}"
    load_dataset(out, url)
    assert store_content(url) == reference


def test_dataset_of_another_run_is_refused(corpus: list[str], tmp_path: Path) -> None:
    from warreport.errors import InputError
    from warreport.scale.parquet import start_dataset

    start_dataset(tmp_path / "parquet", ["other"], plan="0123")
    with pytest.raises(InputError, match="different run"):
        run_dask(corpus, _config(), tmp_path / "parquet", partition_docs=6)
