"""Moderation quality: precision / recall / F1 per label on gold sets never trained on.

What each row scores (the positive class), and on which split:

* seed: the 14 comments of ../shared/seed (gold.json "comments"): every label, plus the target.
* HateXplain official test split (1,924 posts): its label is binary toxic (hate OR offensive),
  so the positive class is "flagged" = our hate, insult or threat, vs ok.
* ISCA antisemitism, the held-out part (25 % of each search-keyword × label stratum, seeded,
  retweets kept with their original; never trained or tuned on — see
  ``datasets.isca_test_keys``): hate vs not, and hate with target Jewish.
* ETHOS binary (GPL-3.0, evaluation only, never trained on): hate vs not, and flagged vs not.
* Davidson, the 20 % part held out by text hash: hate vs (offensive or neither), and
  flagged vs neither.
* Jigsaw sample (101 comments): flagged vs clean.

Offline baselines are the figures measured in ../shared/data/moderation/SOURCES.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from warreport.model import Moderation, ModerationLabel
from warreport.moderation import datasets as ds
from warreport.moderation.datasets import Example

FLAG = frozenset({ModerationLabel.HATE, ModerationLabel.INSULT, ModerationLabel.THREAT})

# (alt-profanity-check p>=0.5, better-profanity) F1 from SOURCES.md, per (data set, positive class).
BASELINES: dict[tuple[str, str], tuple[float | None, float | None, str]] = {
    ("HateXplain test", "flagged"): (0.660, 0.699, ""),
    ("ISCA held-out", "hate"): (0.183, 0.217, "measured on all 6,941 tweets"),
    ("ISCA held-out", "hate:Jewish"): (0.183, 0.217, "measured on all 6,941 tweets"),
    ("ETHOS", "flagged"): (0.589, 0.584, ""),
    ("ETHOS", "hate"): (0.589, 0.584, "baselines flag any offence"),
    ("Davidson held-out", "flagged"): (0.978, 0.894, "apc trained on Davidson; on all rows"),
    ("Davidson held-out", "hate"): (0.120, 0.120, "on all rows"),
}


@dataclass(frozen=True)
class Score:
    dataset: str
    positive: str  # the positive class: a label, "flagged" or "hate:<target>"
    n: int
    support: int  # gold positives
    tp: int
    fp: int
    fn: int
    note: str = ""

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def baselines(self) -> tuple[float | None, float | None, str]:
        return BASELINES.get((self.dataset, self.positive), (None, None, ""))


@dataclass
class DatasetResult:
    dataset: str
    n: int
    seconds: float
    scores: list[Score] = field(default_factory=list)
    skipped: str = ""

    @property
    def per_second(self) -> float:
        return self.n / self.seconds if self.seconds else 0.0


def score_binary(
    dataset: str,
    positive: str,
    gold: list[bool],
    pred: list[bool],
    note: str = "",
) -> Score:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    return Score(dataset, positive, len(gold), sum(gold), tp, fp, fn, note)


def _is(label: ModerationLabel, target: str | None = None) -> Callable[[Moderation], bool]:
    return lambda m: m.label == label and (target is None or m.target == target)


def _flagged(m: Moderation) -> bool:
    return m.label in FLAG


def _seed_scores(rows: list[Example], labels: list[Moderation]) -> list[Score]:
    out: list[Score] = []
    for name in ("hate", "insult", "ok"):
        gold = [r.label == name for r in rows]
        # an "also_accept" label counts as right (gold.json: "Zionism is the curse ..." may be insult)
        pred = [
            m.label.value == name or (r.label == name and m.label.value in r.meta.split(","))
            for r, m in zip(rows, labels, strict=True)
        ]
        out.append(score_binary("seed", name, gold, pred))
    gold = [r.label == "hate" and r.target == "Jewish" for r in rows]
    pred = [m.label == ModerationLabel.HATE and m.target == "Jewish" for m in labels]
    out.append(score_binary("seed", "hate:Jewish", gold, pred))
    return out


def _scores_for(name: str, rows: list[Example], labels: list[Moderation]) -> list[Score]:
    if name == "seed":
        return _seed_scores(rows, labels)
    if name == "HateXplain test":
        return [score_binary(name, "flagged", [r.label == "toxic" for r in rows], [_flagged(m) for m in labels],
                             "gold is toxic = hate or offensive")]
    if name == "ISCA held-out":
        gold = [r.label == "hate" for r in rows]
        jewish = [_is(ModerationLabel.HATE, "Jewish")(m) for m in labels]
        out = [
            score_binary(name, "hate", gold, [_is(ModerationLabel.HATE)(m) for m in labels]),
            score_binary(name, "hate:Jewish", gold, jewish),
        ]
        for keyword in sorted({r.meta for r in rows}):  # the search keyword that found the tweet
            idx = [i for i, r in enumerate(rows) if r.meta == keyword]
            out.append(score_binary(name, f"hate:Jewish, kw {keyword}", [gold[i] for i in idx],
                                    [jewish[i] for i in idx], "only tweets found by this search keyword"))
        return out
    if name == "ETHOS":
        gold = [r.label == "hate" for r in rows]
        return [
            score_binary(name, "hate", gold, [_is(ModerationLabel.HATE)(m) for m in labels]),
            score_binary(name, "flagged", gold, [_flagged(m) for m in labels]),
        ]
    if name == "Davidson held-out":
        return [
            score_binary(name, "hate", [r.label == "hate" for r in rows],
                         [_is(ModerationLabel.HATE)(m) for m in labels], "vs offensive or neither"),
            score_binary(name, "flagged", [r.label != "ok" for r in rows], [_flagged(m) for m in labels],
                         "hate or offensive vs neither"),
        ]
    if name == "Jigsaw sample":
        return [score_binary(name, "flagged", [r.label == "toxic" for r in rows], [_flagged(m) for m in labels])]
    raise ValueError(name)


def load_sets(root: Path | None = None, seed: Path | None = None) -> dict[str, list[Example] | str]:
    """Every evaluation split, or why it is missing."""
    loaders: dict[str, Callable[[], list[Example]]] = {
        "seed": lambda: ds.seed_comments(seed),
        "HateXplain test": lambda: [r for r in ds.hatexplain(root) if r.split == "test"],
        "ISCA held-out": lambda: [r for r in ds.isca(root) if r.split == "test"],
        "ETHOS": lambda: ds.ethos(root),
        "Davidson held-out": lambda: [r for r in ds.davidson(root) if r.split == "test"],
        "Jigsaw sample": lambda: ds.jigsaw_sample(root),
    }
    from warreport.errors import InputError

    out: dict[str, list[Example] | str] = {}
    for name, load in loaders.items():
        try:
            out[name] = load()
        except InputError as exc:
            out[name] = str(exc)
    return out


def evaluate(
    root: Path | None = None,
    *,
    only: list[str] | None = None,
    limit: int | None = None,
    on_dataset: Callable[[str], None] | None = None,
    context: bool = True,
) -> list[DatasetResult]:
    """Label every evaluation split with the shipped moderator and score it; with ``context``
    (and the default moderator without it), the seed and ISCA also with the context model."""
    from warreport.moderation.classifier import default_moderator
    from warreport.moderation.encoder import encoder_available

    moderator = default_moderator()
    context = context and encoder_available()
    results: list[DatasetResult] = []
    for name, rows in load_sets(root).items():
        if only and not any(o.lower() in name.lower() for o in only):
            continue
        if on_dataset:
            on_dataset(name)
        if isinstance(rows, str):
            results.append(DatasetResult(name, 0, 0.0, skipped=rows))
            continue
        rows = rows[:limit] if limit else rows
        started = time.perf_counter()
        labels = moderator.moderate_texts([r.text for r in rows])
        seconds = time.perf_counter() - started
        scores = _scores_for(name, rows, labels)
        if name in ("seed", "ISCA held-out") and context and moderator.encoder is None:
            scores.append(_with_context(name, rows))
        results.append(DatasetResult(name, len(rows), seconds, scores))
    return results


def _with_context(name: str, rows: list[Example]) -> Score:
    """The split labelled with the context model switched on (what it would change)."""
    from warreport.moderation.classifier import default_moderator

    labels = default_moderator(context_model=True).moderate_texts([r.text for r in rows])
    gold = [r.label == "hate" and (r.target or "Jewish") == "Jewish" for r in rows]
    return score_binary(name, "hate:Jewish, with context model", gold,
                        [_is(ModerationLabel.HATE, "Jewish")(m) for m in labels],
                        "setting moderation_context_model on (off by default)")
