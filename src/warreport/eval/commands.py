"""The ``warreport eval`` command group: quality measurements printed as tables.

Each area adds its own command to :data:`eval_app` in its own function below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console(width=max(Console().width, 132))

eval_app = typer.Typer(
    help="Measure quality on benchmarks and gold data (precision, recall, F1), printed as tables.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


@eval_app.command("extraction")
def extraction_cmd(
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Folder with scrapinghub-aeb/ and trafilatura-eval-subset/ (default ../shared/data/extraction).",
                     show_default=False),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help="Score only the first N pages of each corpus.", show_default=False)
    ] = None,
    subset: Annotated[
        bool, typer.Option("--subset/--no-subset", help="Also score trafilatura's evaluation subset and the comment split.")
    ] = True,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap resamples for the F1 ± figure (0: none).")] = 200,
    worst: Annotated[int, typer.Option("--worst", help="List warreport's N worst pages of the benchmark.")] = 0,
) -> None:
    """Article-body extraction: warreport's HTML parser vs trafilatura run directly vs the published score.

    Scrapinghub's article extraction benchmark (181 pages, 4-token shingle precision/recall averaged over
    pages); trafilatura's own evaluation subset (segments that must / must not appear); and, on pages
    with annotated comments, how many comment segments land in warreport's comment thread vs its body.
    """
    from rich.progress import Progress

    from warreport.eval import extraction as ev

    root = data or ev.default_data_root()
    pages = ev.load_aeb(root, limit=limit)
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("scrapinghub benchmark", total=len(pages) * len(ev.EXTRACTORS))
        rows = ev.evaluate_aeb(pages, bootstrap=bootstrap, on_page=lambda: progress.advance(task))
    saved = ev.rescore_reference("trafilatura", pages, root)

    table = Table(title=f"Scrapinghub article extraction benchmark ({len(pages)} pages)", title_justify="left")
    for col in ("extractor", "F1", "± (bootstrap)", "precision", "recall", "accuracy", "pages/s", "how"):
        table.add_column(col, justify="left" if col in ("extractor", "how") else "right")
    labels = {
        "warreport": "warreport (parse_html_page body)",
        "trafilatura-direct": "trafilatura.extract() defaults",
    }
    for row in rows:
        s = row.scores
        table.add_row(labels.get(row.name, row.name), _fmt(s.f1, 4), _fmt(s.f1_std), _fmt(s.precision, 4),
                      _fmt(s.recall, 4), _fmt(s.accuracy), _fmt(row.pages_per_second, 1), "run now, same pages")
    s = saved.scores
    table.add_row("trafilatura 2.0.0, benchmark's saved output", _fmt(s.f1, 4), "-", _fmt(s.precision, 4),
                  _fmt(s.recall, 4), _fmt(s.accuracy), "-", "rescored with our metric")
    pub = ev.PUBLISHED_TRAFILATURA_AEB
    table.add_row("trafilatura 2.0.0, published", _fmt(pub["f1"]), "0.006", _fmt(pub["precision"]),
                  _fmt(pub["recall"]), _fmt(pub["accuracy"]), "-", "benchmark README (181 pages)")
    console.print(table)
    ours = next(r for r in rows if r.name == "warreport").scores.f1
    direct = next(r for r in rows if r.name == "trafilatura-direct").scores.f1
    verdict = "[green]not lower[/]" if ours >= direct else "[red]LOWER[/]"
    console.print(f"warreport F1 {ours:.4f} vs trafilatura run directly {direct:.4f}: {verdict} (Δ {ours - direct:+.4f})")

    if worst:
        outputs = ev.run_extractor("warreport", ev.extract_warreport, pages).outputs
        wt = Table(title=f"warreport's {worst} worst pages", title_justify="left")
        for col in ("page", "url", "precision", "recall"):
            wt.add_column(col)
        by_id = {p.id: p for p in pages}
        for page_id, ps in ev.iter_worst(pages, outputs, worst):
            wt.add_row(page_id[:12], by_id[page_id].url or "", _fmt(ps.precision), _fmt(ps.recall))
        console.print(wt)

    if not subset:
        return
    seg_pages = ev.load_trafilatura_subset(root, limit=limit)
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("trafilatura subset", total=len(seg_pages) * (len(ev.EXTRACTORS) + 1))
        seg_rows = ev.evaluate_segments(seg_pages, on_page=lambda: progress.advance(task))
        split = ev.evaluate_comment_split(seg_pages, on_page=lambda: progress.advance(task))
    st = Table(title=f"trafilatura evaluation subset ({len(seg_pages)} pages, segments in/out of the text)",
               title_justify="left")
    for col in ("extractor", "F1", "precision", "recall", "accuracy", "pages/s"):
        st.add_column(col, justify="left" if col == "extractor" else "right")
    for row in seg_rows:
        s = row.scores
        st.add_row(labels.get(row.name, row.name), _fmt(s.f1, 4), _fmt(s.precision, 4), _fmt(s.recall, 4),
                   _fmt(s.accuracy), _fmt(row.pages_per_second, 1))
    console.print(st)
    console.print(
        f"comment split on {split.pages} pages with annotated comments ({split.segments} segments): "
        f"{split.in_comments} ({split.kept_share:.1%}) found in warreport's comment thread, "
        f"{split.in_body} ({split.leak_share:.1%}) leaked into the body",
        highlight=False,
    )


@eval_app.command("geo")
def geo_cmd(
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Folder holding gold/ (default ../shared/data/geo).", show_default=False),
    ] = None,
    acled: Annotated[
        Path | None,
        typer.Option("--acled", help="ACLED dev CSV for the location-name check (default ../shared/data/acled/derived/syria_iraq_acled_dev.csv).", show_default=False),
    ] = None,
    corpus: Annotated[
        list[str] | None,
        typer.Option("--corpus", help="Corpora to score: GeoWebNews, LGL, TR-News, GeoVirus (repeatable; default all).", show_default=False),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help="Score only the first N articles of each corpus.", show_default=False)
    ] = None,
    recognition: Annotated[
        bool, typer.Option("--recognition/--no-recognition", help="Also score toponym recognition (slower).")
    ] = True,
    gazetteer: Annotated[
        Path | None, typer.Option("--gazetteer", help="Gazetteer index to use (default: the active one).", show_default=False)
    ] = None,
    use_spacy: Annotated[
        bool, typer.Option("--spacy/--no-spacy", help="Recognise with spaCy's NER plus the warreport_toponyms component instead of the plain finder.")
    ] = False,
) -> None:
    """Geoparsing: toponym recognition P/R/F1 and resolution acc@161 km / mean / median error on
    GeoWebNews, LGL, TR-News, GeoVirus and their Middle East subset, beside published figures;
    and ACLED dev location names resolved within 25 km."""
    from warreport.eval import geo

    results, acled_scores = geo.run_geo_eval(data, acled, corpus, limit, recognition, gazetteer, use_spacy)
    table = Table(title="Geoparsing (resolution of gold toponyms; recognition by warreport's finder)")
    for col in ("corpus", "toponyms", "resolved", "acc@161", "mean km", "median km",
                "Mordecai3 acc@161", "CamCoder acc@161", "recog P", "recog R", "recog F1"):
        table.add_column(col, justify="left" if col == "corpus" else "right")
    for s in results:
        pub = geo.PUBLISHED.get(s.name, {})
        table.add_row(
            s.name, str(s.n_resolution), str(s.resolved), _fmt(s.acc(161)), _fmt(s.mean_km, 1),
            _fmt(s.median_km, 1),
            f"{pub['Mordecai3'] / 100:.3f}" if "Mordecai3" in pub else "-",
            f"{pub['CamCoder'] / 100:.3f}" if "CamCoder" in pub else "-",
            _fmt(s.precision), _fmt(s.recall), _fmt(s.f1),
        )
    console.print(table)
    if acled_scores is not None:
        console.print(
            f"ACLED dev location names: {acled_scores.share:.3f} of {acled_scores.rows:,} rows within 25 km "
            f"({acled_scores.unique_share:.3f} of {acled_scores.unique:,} distinct names; "
            f"{acled_scores.resolved_rows / max(1, acled_scores.rows):.3f} of rows found in the gazetteer)"
        )
        console.print(
            f"ceiling for this gazetteer: {acled_scores.reachable_share:.3f} of rows have some candidate of "
            "their name within 25 km (a perfect choice among namesakes and spellings reaches no further)"
        )
        worst = ", ".join(f"{n} ({c})" for n, c in acled_scores.misses.most_common(10))
        console.print(f"most frequent misses: {worst}")


@eval_app.command("moderation")
def moderation_cmd(
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Folder with the moderation gold sets (default ../shared/data/moderation).",
                     show_default=False),
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Score only data sets whose name contains this (repeatable): seed, hatexplain, "
                     "isca, ethos, davidson, jigsaw.", show_default=False),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help="Score only the first N items of each data set.", show_default=False)
    ] = None,
) -> None:
    """Comment moderation: precision / recall / F1 per label on the seed comments, HateXplain test,
    ISCA antisemitism (held-out part), ETHOS, Davidson (held-out part) and a Jigsaw sample, beside
    the offline baselines measured in SOURCES.md. Only splits the shipped model never trained on."""
    from warreport.eval import moderation as ev

    results = ev.evaluate(data, only=only, limit=limit)
    table = Table(title="Comment moderation (positive class per row; flagged = hate, insult or threat)",
                  title_justify="left")
    for col in ("data set", "positive", "n", "gold+", "precision", "recall", "F1",
                "alt-profanity-check F1", "better-profanity F1", "note"):
        table.add_column(col, justify="left" if col in ("data set", "positive", "note") else "right")
    for res in results:
        if res.skipped:
            table.add_row(res.dataset, "-", "0", "-", "-", "-", "-", "-", "-", f"skipped: {res.skipped}")
            continue
        for s in res.scores:
            apc, bp, base_note = s.baselines
            note = "; ".join(x for x in (s.note, base_note) if x)
            table.add_row(res.dataset, s.positive, str(s.n), str(s.support), _fmt(s.precision), _fmt(s.recall),
                          _fmt(s.f1), _fmt(apc), _fmt(bp), note)
    console.print(table)
    total = sum(r.n for r in results)
    seconds = sum(r.seconds for r in results)
    if seconds:
        console.print(f"{total:,} comments labelled in {seconds:.1f}s ({total / seconds:,.0f} comments/s, "
                      "lexicon + model, one process)", highlight=False)


@eval_app.command("merge")
def merge_cmd(
    db: Annotated[
        str | None,
        typer.Option("--store", help="Also score a store that holds the seed and the samples ingested (end to end).",
                     show_default=False),
    ] = None,
    acled: Annotated[
        Path | None,
        typer.Option("--acled", help="ACLED dev CSV for the non-fusion check (default ../shared/data/acled/derived/"
                     "syria_iraq_acled_dev.csv; 'none' to skip).", show_default=False),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help="Use only the first N ACLED rows.", show_default=False)
    ] = None,
) -> None:
    """Merging and control: pairwise merge P/R, control-state accuracy, ACLED non-fusion."""
    from warreport.eval.merge import (
        MergeEvaluation,
        acled_non_fusion,
        evaluate_oracle,
        evaluate_store,
    )
    from warreport.store.repository import Store

    runs: list[MergeEvaluation] = [evaluate_oracle()]
    if db:
        runs.append(evaluate_store(Store(db)))
    table = Table("corpus", "records", "aligned", "canonical", "pair P", "pair R", "pair F1", "pairs (pred/gold)",
                  "control holder", "control + status")
    for r in runs:
        table.add_row(
            f"samples + seed ({r.mode})", str(r.records), str(r.aligned), str(r.canonical_events),
            _fmt(r.pairs.precision), _fmt(r.pairs.recall), _fmt(r.pairs.f1),
            f"{r.pairs.predicted_pairs}/{r.pairs.gold_pairs}",
            f"{_fmt(r.control_accuracy)} ({sum(c.ok_controller for c in r.controls)}/{len(r.controls)})",
            _fmt(r.control_status_accuracy),
        )
    console.print(table)
    for r in runs:
        for c in r.controls:
            if not c.ok_status:
                console.print(f"[{r.mode}] {c.gold.place} {c.gold.at}: expected {c.gold.controller} "
                              f"({c.gold.status}), found {c.found} ({c.status})", highlight=False)
    if acled is not None and str(acled) == "none":
        return
    path = acled or Path("..") / "shared" / "data" / "acled" / "derived" / "syria_iraq_acled_dev.csv"
    nf = acled_non_fusion(path, limit=limit)
    t2 = Table("ACLED rows", "canonical", "same date+location+type groups", "pairs in them", "fused",
               "fusion rate", "fused pairs overall")
    t2.add_row(str(nf.rows), str(nf.canonical_events), str(nf.groups), str(nf.group_pairs),
               str(nf.fused_group_pairs), _fmt(nf.group_fusion_rate), str(nf.fused_pairs_all))
    console.print(t2)


@eval_app.command("seed")
def seed_cmd(
    seed_dir: Annotated[
        Path | None,
        typer.Option("--seed-dir", help="Folder with the seed page (*.txt) and gold.json (default ../shared/seed).",
                     show_default=False),
    ] = None,
) -> None:
    """Event extraction on the hand-coded seed report: gold events found, fields right, non-events kept out."""
    from warreport.eval.seed import evaluate_seed, seed_tables

    report = evaluate_seed(seed_dir)
    for table in seed_tables(report):
        console.print(table)
    if not report.passed:
        raise typer.Exit(1)


@eval_app.command("acled")
def acled_cmd(
    file: Annotated[
        Path | None,
        typer.Argument(help="ACLED CSV with notes (default ../shared/data/acled/derived/syria_iraq_acled_dev.csv).",
                       show_default=False),
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="Score only the first N rows.", show_default=False)] = None,
    sample: Annotated[
        int | None, typer.Option("--sample", help="Score N rows drawn at random (reproducible with --seed).", show_default=False)
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed for --sample.")] = 13,
    errors: Annotated[int, typer.Option("--errors", help="Also list the N most frequent disagreements per field.")] = 0,
) -> None:
    """Event extraction against ACLED's coding of its own notes (published = event_date), beside a trivial baseline."""
    from rich.progress import Progress

    from warreport.eval import acled as ev

    path = file or ev.default_dev_path()
    rows = ev.load_rows(path, limit=limit, sample=sample, seed=seed)
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("extracting", total=len(rows))
        report = ev.evaluate(rows, on_progress=lambda n: progress.advance(task, n))
    for table in ev.acled_tables(report, path.name):
        console.print(table)
    if errors:
        for name in ("sub_event_type", "actor1", "actor2", "fatalities"):
            t = Table(title=f"most frequent disagreements: {name}", title_justify="left")
            for col in ("ACLED", "warreport", "rows"):
                t.add_column(col)
            for gold, pred, n in ev.confusion(report.pairs[name], errors):
                t.add_row(gold, pred, str(n))
            console.print(t)
