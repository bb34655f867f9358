"""Ingest on a Dask cluster: the same stage functions, mapped over partitions of a corpus.

Each task reads one partition (see :mod:`warreport.scale.partitions`), runs
:func:`warreport.pipeline.run_batch` over it into a :class:`~warreport.scale.pool.CollectingSink`
and writes the result as a Parquet partition (:mod:`warreport.scale.parquet`). Nothing on the
workers talks to the database; ``warreport load`` (or :func:`run_dask` with ``load_into``)
bulk-loads the partitions afterwards, deduplicating by document exactly as the store does.

A run that dies can be started again with the same sources and output directory: complete
partitions are kept and only the missing ones are computed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warreport.config import Config
from warreport.errors import ConfigError, StoreError
from warreport.pipeline import ErrorHandler, record_and_continue, run_batch
from warreport.scale.load import LoadReport, load_dataset
from warreport.scale.parquet import (
    PartitionInfo,
    complete_partitions,
    start_dataset,
    write_partition,
)
from warreport.scale.partitions import (
    DEFAULT_PARTITION_DOCS,
    Partition,
    plan_partitions,
    plan_signature,
    read_partition_items,
)
from warreport.scale.pool import CollectingSink


def process_partition(part: Partition, config: Config, root: str, on_error: ErrorHandler = record_and_continue) -> PartitionInfo:
    """The task every worker runs: read, parse, moderate, extract one partition; write Parquet."""
    sink = CollectingSink()
    report = run_batch(read_partition_items(part, config), sink, config, on_error=on_error)
    return write_partition(Path(root), part.name, sink.processed, report.failures,
                           seen=report.seen, duplicates=report.duplicates)


@dataclass
class DaskReport:
    dataset: Path
    partitions: int = 0
    reused: int = 0  # complete from an earlier, interrupted run
    seen: int = 0
    documents: int = 0
    events: int = 0
    failures: int = 0
    load: LoadReport | None = None
    infos: list[PartitionInfo] = field(default_factory=list)


def connect(address: str, workers: int) -> tuple[Any, Any]:
    """A Dask client for ``address`` and the cluster it owns (None for an external scheduler).

    ``address`` is a scheduler address (``tcp://host:8786``), ``local`` (a LocalCluster of
    ``workers`` processes), ``local-threads`` (one process; for tests), or ``slurm`` (a
    dask-jobqueue SLURMCluster of ``workers`` jobs, configured in ``~/.config/dask/jobqueue.yaml``).
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - the scale extra is not installed
        raise ConfigError("--dask needs the scale extra: pip install 'warreport[scale]'") from exc
    if address == "slurm":
        try:
            from dask_jobqueue import SLURMCluster

            slurm = SLURMCluster()
        except (ImportError, ValueError) as exc:
            raise ConfigError(f"--dask slurm: {exc} (set jobqueue.slurm in ~/.config/dask/jobqueue.yaml; "
                              "see docs/scale.md)") from exc
        slurm.scale(jobs=max(1, workers))
        return Client(slurm), slurm
    if address in ("local", "local-threads"):
        cluster = LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=address == "local",
            dashboard_address=None,
        )
        return Client(cluster), cluster
    try:
        return Client(address, timeout="30s"), None
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address!r}: {exc}") from exc


def run_dask(
    sources: list[str],
    config: Config,
    out: Path,
    *,
    address: str = "local",
    client: Any = None,
    partition_docs: int = DEFAULT_PARTITION_DOCS,
    on_error: ErrorHandler = record_and_continue,
    on_partition: Callable[[PartitionInfo], None] | None = None,
    load_into: str | None = None,
) -> DaskReport:
    """Plan partitions, compute the missing ones on the cluster, optionally load them into a store."""
    dataset = start_dataset(out, sources, plan=plan_signature(sources, partition_docs))
    parts = plan_partitions(sources, config, partition_docs)
    done = {info.name: info for info in complete_partitions(out)}
    todo = [p for p in parts if p.name not in done]
    report = DaskReport(dataset=out, partitions=len(parts), reused=len(parts) - len(todo))
    report.infos.extend(done[p.name] for p in parts if p.name in done)
    owned = None
    if client is None and todo:
        client, owned = connect(address, config.workers)
    try:
        if todo:
            from dask.distributed import as_completed

            futures = client.map(
                process_partition,
                todo,
                config=config,
                root=str(out.resolve()),
                on_error=on_error,
                key=[f"warreport-{dataset.run_id}-{p.name}-{uuid.uuid4().hex[:8]}" for p in todo],
                pure=False,
            )
            for future in as_completed(futures):
                info = future.result()
                report.infos.append(info)
                if on_partition is not None:
                    on_partition(info)
    finally:
        if owned is not None:
            client.close()
            owned.close()
    report.infos.sort(key=lambda i: i.name)
    written = {info.name for info in complete_partitions(out)}
    missing = [p.name for p in parts if p.name not in written]
    if missing:
        raise StoreError(f"{len(missing)} partition(s) of {out} were not written ({', '.join(missing[:5])}); run again")
    for info in report.infos:
        report.seen += info.seen
        report.documents += info.documents
        report.events += info.events
        report.failures += info.failures
    if load_into is not None:
        report.load = load_dataset(out, load_into)
    return report
