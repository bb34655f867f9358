"""Event extraction: throughput on one core beside bare spaCy, and quality on the seed report.

Throughput: the same synthetic 500-word war reports (``warreport.scale.corpus``) go through

* ``bare spaCy``: ``nlp.pipe`` of the configured English model alone (tagger, parser, NER, ...);
* ``warreport nlp``: the same model with warreport's components (sentence starts, actor ruler);
* ``extract_many``: the whole extraction (the above + triggers, roles, dates, quantities,
  certainty, geocoding through the gazetteer, records with provenance).

All in one process on one core (``n_process=1``), models loaded and warmed up before the clock
starts. The ratio column is docs/s relative to bare spaCy.

Quality: the seed report test (``warreport eval seed``) and, with ``--set acled=N``, N notes of
the ACLED dev set (``warreport eval acled --sample N``; evaluation only, never trained on).
Options: ``--set extract_docs=N``, ``--set words=N``, ``--set acled=N``.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from rich.table import Table

from bench.common import BenchArgs, BenchSkipped, make_table, rate, timer

TITLE = "event extraction: docs/s on one core beside bare spaCy; seed and ACLED quality"
ORDER = 20


def _one_core() -> None:
    """Pin to one core where the platform allows it, so the figure is per core."""
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _documents(n: int, words: int, seed: int) -> list[Any]:
    from warreport.model import Document
    from warreport.scale.corpus import synthetic_reports

    return [
        Document(title=r.title, published=r.published, source=r.source, url=r.url,
                 body=[p for p in r.text.split("\n\n") if p.strip()], language="en")
        for r in synthetic_reports(n, words=words, seed=seed)
    ]


def throughput(n: int, words: int, seed: int, rounds: int = 2) -> tuple[list[tuple[str, int, float, float, float]], str]:
    from warreport.extract import extract_many
    from warreport.nlp.pipeline import bare_nlp, get_nlp, parse_text

    docs = _documents(n, words, seed)
    texts = [d.text for d in docs]
    total_words = sum(len(t.split()) for t in texts)
    bare = bare_nlp()
    ours = get_nlp()
    warm = docs[: min(5, len(docs))]
    list(bare.pipe(t.text for t in warm))
    list(extract_many(warm))
    counted: list[int] = []

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=50):
            pass

    def run_ours() -> None:
        for _ in ours.pipe((parse_text(x) for x in texts), batch_size=50):
            pass

    def run_extract() -> None:
        counted.append(sum(len(evs) for _, evs in extract_many(docs, batch_size=50)))

    # The machine may be shared: run the three interleaved, `rounds` times, and keep each one's best.
    best = {"bare": float("inf"), "ours": float("inf"), "extract": float("inf")}
    for _ in range(rounds):
        for name, func in (("bare", run_bare), ("ours", run_ours), ("extract", run_extract)):
            with timer() as t:
                func()
            best[name] = min(best[name], t.seconds)
    bare_rate = rate(n, best["bare"])
    rows: list[tuple[str, int, float, float, float]] = [("bare spaCy (nlp.pipe)", n, best["bare"], bare_rate, 1.0)]
    rows.append(("warreport nlp (+ sentence starts, actor ruler)", n, best["ours"], rate(n, best["ours"]),
                 rate(n, best["ours"]) / bare_rate))
    rows.append((f"extract_many (all stages, {counted[-1]} events)", n, best["extract"], rate(n, best["extract"]),
                 rate(n, best["extract"]) / bare_rate))
    return rows, f"{n} reports of {total_words / n:.0f} words each; best of {rounds} rounds"


def run(args: BenchArgs) -> list[Table]:
    try:
        from warreport.nlp.pipeline import get_nlp

        get_nlp()
    except Exception as exc:  # noqa: BLE001 - no model installed: skip, do not fail the suite
        raise BenchSkipped(f"spaCy pipeline unavailable: {exc}") from exc
    _one_core()
    n = int(args.extra.get("extract_docs", args.size(full=300, quick=40)))
    words = int(args.extra.get("words", 500))
    rows, corpus = throughput(n, words, args.seed)
    tables = [make_table(
        "extraction throughput, one core",
        ["run", "docs", "seconds", "docs/s", "vs bare spaCy"],
        [(name, docs, secs, per_s, ratio) for name, docs, secs, per_s, ratio in rows],
        caption=f"{corpus}; same synthetic reports for every row; models loaded before timing",
    )]
    tables.extend(_quality(args))
    return tables


def _quality(args: BenchArgs) -> list[Table]:
    from warreport.errors import InputError

    out: list[Table] = []
    try:
        from warreport.eval.seed import evaluate_seed

        report = evaluate_seed()
        found = sum(1 for m in report.matches if m.all_ok)
        out.append(make_table("seed report", ["gold events right", "non-events kept out", "comment events", "test"], [(
            f"{found}/{len(report.matches)}",
            f"{sum(1 for _, bad in report.non_events if not bad)}/{len(report.non_events)}",
            len(report.comment_events), "PASS" if report.passed else "FAIL")]))
    except InputError as exc:
        out.append(make_table("seed report", ["skipped"], [(str(exc),)]))
    n_acled = int(args.extra.get("acled", 0))
    if n_acled:
        from warreport.eval import acled as ev

        rows = ev.load_rows(ev.default_dev_path(), sample=n_acled, seed=args.seed)
        rep = ev.evaluate(rows)
        out.append(make_table(
            f"ACLED dev sample ({rep.rows} notes)", ["field", "accuracy", "macro-F1", "baseline acc.", "baseline macro-F1"],
            [(s.name, s.accuracy, s.macro_f1 if s.macro_f1 is not None else "-", s.baseline_accuracy,
              s.baseline_macro_f1 if s.baseline_macro_f1 is not None else "-") for s in rep.scores],
        ))
    return out
