"""Comment moderation throughput: comments/s of the lexicon, the models and the whole labeller.

Texts: the HateXplain test split (short social-media posts) and the ISCA held-out tweets, read
in place from ../shared/data/moderation; the seed page's 14 comments when those are missing.
Also the model's load time (cold, in a fresh process) and peak memory. The opt-in context model
(a transformer) scores only comments that name Jews or a proxy; one row measures it alone on
such texts, another the whole labeller with it switched on.
"""

from __future__ import annotations

from rich.table import Table

from bench.common import BenchArgs, BenchSkipped, isolated, make_table, rate, timer

TITLE = "comment moderation comments/s"
ORDER = 60


def _texts(n: int) -> tuple[str, list[str]]:
    from warreport.errors import InputError
    from warreport.moderation import datasets as ds

    try:
        rows = [r.text for r in ds.hatexplain() if r.split == "test"] + [
            r.text for r in ds.isca() if r.split == "test"
        ]
        what = "HateXplain test + ISCA held-out"
    except InputError:
        try:
            rows = [r.text for r in ds.seed_comments()]
        except InputError as exc:
            raise BenchSkipped(f"no comment texts available: {exc}") from exc
        what = "seed comments (repeated)"
    out = (rows * (n // max(1, len(rows)) + 1))[:n]
    return what, out


def _cold_load() -> float:
    import time

    start = time.perf_counter()
    from warreport.moderation.classifier import moderate_text

    moderate_text("warm up")
    return time.perf_counter() - start


def _cold_read() -> float:
    import time

    from warreport.moderation.classifier import load_model

    start = time.perf_counter()
    load_model()
    return time.perf_counter() - start


def _label_all(texts: list[str]) -> int:
    from warreport.moderation.classifier import default_moderator

    return len(default_moderator().moderate_texts(texts))


def run(args: BenchArgs) -> list[Table]:
    from warreport.moderation.classifier import Moderator, default_moderator, needs_context
    from warreport.moderation.encoder import encoder_available
    from warreport.moderation.lexicon import scan

    n = args.size(full=5_000, quick=500)
    what, texts = _texts(n)
    load_seconds, _ = isolated(_cold_load)
    read_seconds, _ = isolated(_cold_read)
    moderator = default_moderator()
    moderator.moderate_texts(texts[:10])  # warm
    rows = []
    with timer() as t:
        for text in texts:
            scan(text)
    rows.append(("lexicon scan", len(texts), t.seconds, rate(len(texts), t.seconds)))
    with timer() as t:
        for start in range(0, len(texts), 256):
            moderator.scores(texts[start : start + 256])
    rows.append(("model heads (batches of 256)", len(texts), t.seconds, rate(len(texts), t.seconds)))
    with timer() as t:
        labels = moderator.moderate_texts(texts)
    rows.append(("moderate_texts (all, one batch)", len(labels), t.seconds, rate(len(labels), t.seconds)))
    if encoder_available():  # the opt-in context model (setting moderation_context_model)
        context = Moderator(use_encoder=True)
        assert context.encoder is not None
        naming = [x for x in texts if needs_context(x, scan(x))][:1000]
        context.encoder.probabilities(naming[:8])  # reads the base model's weights
        with timer() as t:
            context.encoder.probabilities(naming)
        rows.append(("context model alone (texts it scores)", len(naming), t.seconds, rate(len(naming), t.seconds)))
        with timer() as t:
            context.moderate_texts(texts)
        rows.append(("moderate_texts with the context model", len(texts), t.seconds, rate(len(texts), t.seconds)))
    with timer() as t:
        for text in texts[: min(len(texts), 300)]:
            moderator.moderate_texts([text])
    k = min(len(texts), 300)
    rows.append(("one comment per call", k, t.seconds, rate(k, t.seconds)))
    _, peak = isolated(_label_all, texts[:1000])
    caption = (f"texts: {what}; first label in a fresh process (imports + model) {load_seconds:.2f}s, "
               f"of which reading the model file {read_seconds:.2f}s; "
               f"peak RSS labelling 1,000 comments in a fresh process {peak:.0f} MB; one core")
    return [make_table("comment moderation", ["stage", "comments", "seconds", "comments/s"], rows, caption)]
