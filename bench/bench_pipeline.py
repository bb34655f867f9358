"""Extraction throughput and memory: warreport's pipeline side by side with bare spaCy.

Every measurement runs in a fresh spawned process (``bench.common.isolated``), so its peak
RSS is its own. Models are loaded before the clock starts (load time is reported apart).

* ``bare spaCy``: ``nlp.pipe`` of the configured English model alone over the texts — the
  practical limit, since warreport runs that model and adds its own work on top;
* ``parse + extract``: warreport's per-document stages (``parse_stage``, ``moderate_stage``,
  ``extract_stage``: actor ruler, triggers, roles, dates, quantities, gazetteer) over the same
  reports, no store;
* ``ingest, 1 process``: ``run_batch`` into a fresh SQLite file (adds the store and the merge);
* ``ingest, N workers``: the process pool (``warreport ingest --workers N``), all cores.

The texts are the same synthetic 500-word reports for every row (``warreport.scale.corpus``).
The 200,000-report figure extrapolates the measured all-core ingest rate.
Options: ``--set pipeline_docs=N`` (per-core runs), ``--set pool_docs=N``, ``--set words=N``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from rich.table import Table

from bench.common import BenchArgs, cpu_count, isolated, make_table, rate

TITLE = "pipeline vs bare spaCy: docs/s/core, peak memory, 200k-report extrapolation"
ORDER = 10

TARGET_RATIO = 0.5
TARGET_PER_CORE = 20.0
TARGET_PEAK_MB = 1536.0
TARGET_DOCS = 200_000
TARGET_HOURS = 2.0


def _pages(n: int, words: int, seed: int) -> list[Any]:
    from warreport.scale.corpus import synthetic_reports

    return [r.as_raw_page() for r in synthetic_reports(n, words=words, seed=seed)]


def _config() -> Any:
    from warreport.config import load_config

    return load_config()


def measure_bare_spacy(n: int, words: int, seed: int) -> dict[str, float]:
    from warreport.nlp.pipeline import bare_nlp
    from warreport.pipeline import parse_stage

    config = _config()
    texts = [parse_stage(p, config).text for p in _pages(n, words, seed)]
    start = time.perf_counter()
    nlp = bare_nlp()
    list(nlp.pipe(texts[:2]))
    loaded = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=config.batch_size):
        pass
    return {"docs": len(texts), "seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "load": loaded, "words": sum(len(t.split()) for t in texts) / len(texts)}


def measure_extract(n: int, words: int, seed: int) -> dict[str, float]:
    from warreport.pipeline import extract_stage, moderate_stage, parse_stage

    config = _config()
    pages = _pages(n, words, seed)
    start = time.perf_counter()
    extract_stage([parse_stage(p, config) for p in _pages(2, words, seed + 1)], config)
    loaded = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    docs = [moderate_stage(parse_stage(p, config)) for p in pages]
    processed = extract_stage(docs, config)
    seconds = time.perf_counter() - start
    return {"docs": len(processed), "seconds": seconds, "cpu": time.process_time() - cpu, "load": loaded,
            "events": sum(len(p.events) for p in processed)}


def measure_ingest(n: int, words: int, seed: int, workers: int, db_path: str) -> dict[str, float]:
    import resource

    from warreport.pipeline import extract_stage, parse_stage, record_and_continue
    from warreport.scale.commands import run_local
    from warreport.store import Store

    config = _config().with_overrides(workers=workers)
    Path(db_path).unlink(missing_ok=True)
    store = Store(f"sqlite:///{db_path}")
    start = time.perf_counter()
    if workers <= 1:  # load the models before the clock starts (the pool's workers load their own)
        extract_stage([parse_stage(p, config) for p in _pages(2, words, seed + 1)], config)
    loaded = time.perf_counter() - start
    pages = _pages(n, words, seed)
    progress: list[tuple[float, int]] = []
    start, cpu = time.perf_counter(), time.process_time()
    report = run_local(pages, store, config, on_error=record_and_continue,  # what `ingest --workers N` runs
                       on_progress=lambda k: progress.append((time.perf_counter(), k)))
    seconds = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    # Steady state: from the first finished batch to the last (the pool's workers load their
    # models after the clock starts; this leaves that out).
    steady = (sum(k for _, k in progress[1:]) / (progress[-1][0] - progress[0][0])
              if len(progress) > 2 and progress[-1][0] > progress[0][0] else float("nan"))
    return {"docs": report.new, "seconds": seconds, "cpu": time.process_time() - cpu, "load": loaded,
            "events": report.events, "failures": len(report.failures), "worker_peak_mb": children,
            "steady": steady}


def run(args: BenchArgs) -> list[Table]:
    n = int(args.extra.get("pipeline_docs", args.size(full=200, quick=24)))
    pool_n = int(args.extra.get("pool_docs", args.size(full=300, quick=30)))
    words = int(args.extra.get("words", 500))
    workers = cpu_count()
    scratch = args.scratch("pipeline")

    bare, bare_peak = isolated(measure_bare_spacy, n, words, args.seed)
    full, full_peak = isolated(measure_extract, n, words, args.seed)
    single, single_peak = isolated(measure_ingest, n, words, args.seed, 1, str(scratch / "single.db"))
    pool, pool_peak = isolated(measure_ingest, pool_n, words, args.seed, workers, str(scratch / "pool.db"))

    bare_rate = rate(bare["docs"], bare["seconds"])
    bare_cpu = rate(bare["docs"], bare["cpu"])

    def row(name: str, procs: int, m: dict[str, float], peak: float, load: float | None) -> tuple[Any, ...]:
        wall = rate(m["docs"], m["seconds"])
        cpu = rate(m["docs"], m["cpu"]) if procs == 1 else None
        return (name, procs, int(m["docs"]), m["seconds"], wall, wall / procs, cpu,
                (cpu / bare_cpu) if cpu else (wall / procs / bare_rate), peak, load)

    pool_peak = max(pool_peak, pool["worker_peak_mb"])
    rows = [
        row("bare spaCy nlp.pipe", 1, bare, bare_peak, bare["load"]),
        row("parse+moderate+extract", 1, full, full_peak, full["load"]),
        row("ingest 1 process", 1, single, single_peak, single["load"]),
        row(f"ingest {workers} workers", workers, pool, pool_peak, None),
    ]
    steady_text = (f"steady-state {pool['steady']:.2f} docs/s after the workers loaded their models"
                   if pool["steady"] == pool["steady"] else "too few documents for a steady-state rate")
    throughput = make_table(
        f"throughput on {bare['words']:.0f}-word reports (models loaded before timing)",
        ["run", "procs", "docs", "seconds", "docs/s", "docs/s/core", "docs/CPU-s", "vs bare", "peak MB",
         "load s"],
        rows,
        caption=f"ingest = run_batch / the process pool into SQLite, with the store and the merge. "
                f"docs/CPU-s = documents per second of CPU time of the process (independent of other load on "
                f"the machine); 'vs bare' compares docs/CPU-s where measured, else docs/s/core. "
                f"{full['events'] / max(1, full['docs']):.1f} events per report. Pool: {steady_text}. "
                f"Peak MB: the largest process "
                f"(for the pool, parent or worker).",
    )

    ratio = rate(full["docs"], full["cpu"]) / bare_cpu
    per_core = rate(full["docs"], full["cpu"])
    pool_rate = pool["steady"] if pool["steady"] == pool["steady"] else rate(pool["docs"], pool["seconds"])
    hours = TARGET_DOCS / pool_rate / 3600 if pool_rate > 0 else float("nan")
    ideal_hours = TARGET_DOCS / (rate(single["docs"], single["cpu"]) * workers) / 3600
    peak = max(full_peak, single_peak, pool_peak)
    targets = make_table(
        "targets (issue 8)",
        ["target", "wanted", "measured", "met"],
        [
            ("pipeline speed / bare spaCy (CPU time)", f">= {TARGET_RATIO:.0%}", f"{ratio:.0%}",
             "yes" if ratio >= TARGET_RATIO else "no"),
            ("reports/s/core, parse+extract (CPU time)", f">= {TARGET_PER_CORE:.0f}", f"{per_core:.1f}",
             "yes" if per_core >= TARGET_PER_CORE else "no"),
            ("peak memory per process", f"< {TARGET_PEAK_MB:.0f} MB", f"{peak:.0f} MB",
             "yes" if peak < TARGET_PEAK_MB else "no"),
            (f"{TARGET_DOCS:,} reports on {workers} cores (measured pool rate)", f"< {TARGET_HOURS:.0f} h",
             f"{hours:.1f} h", "yes" if hours < TARGET_HOURS else "no"),
            (f"{TARGET_DOCS:,} reports on {workers} free cores (CPU-time rate)", f"< {TARGET_HOURS:.0f} h",
             f"{ideal_hours:.1f} h", "yes" if ideal_hours < TARGET_HOURS else "no"),
        ],
        caption=f"bare spaCy alone: {bare_cpu:.1f} docs/CPU-s, i.e. {TARGET_DOCS / (bare_cpu * workers) / 3600:.1f} h "
                f"for {TARGET_DOCS:,} reports on {workers} cores — the floor on this machine.",
    )
    return [throughput, targets]
