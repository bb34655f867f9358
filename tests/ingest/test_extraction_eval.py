"""The extraction evaluation: the metric re-implemented from its description, and our scores.

The benchmark data is read from ../shared/data/extraction (skipped when absent). The fast tests
score a 20-page sample; the full 181-page comparison is marked slow (also `warreport eval extraction`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from warreport.eval import extraction as ev

from .conftest import shared_path


@pytest.fixture(scope="module")
def data_root() -> Path:
    return shared_path("data", "extraction")


# --------------------------------------------------------------------------- the metric


def test_shingles_are_4_token_multisets() -> None:
    counts = ev.shingles("a b c d a b c d")
    assert counts[("a", "b", "c", "d")] == 2 and sum(counts.values()) == 5


@pytest.mark.parametrize(
    ("truth", "prediction", "precision", "recall", "exact"),
    [
        ("one two three four five", "one two three four five", 1.0, 1.0, True),
        ("one two three four five", "One, two; three four five!", 0.5, 0.5, False),  # case matters, not punctuation
        ("one two three four five six", "one two three four five", 1.0, 2 / 3, False),
        ("one two three four", "one two three four extra words here now", 0.2, 1.0, False),
        ("one two three four five", "", None, 0.0, False),
        ("", "", 1.0, 1.0, True),
        ("word word", "word word", 1.0, 1.0, True),  # fewer than 4 tokens: no shingles, identical
    ],
)
def test_score_page(truth: str, prediction: str, precision: float | None, recall: float, exact: bool) -> None:
    score = ev.score_page(truth, prediction)
    assert score.precision == (pytest.approx(precision) if precision is not None else None)
    assert score.recall == pytest.approx(recall)
    assert score.exact is exact


def test_corpus_scores_are_means_over_pages() -> None:
    truths = {"a": "one two three four five", "b": "six seven eight nine ten eleven"}
    predictions = {"a": "one two three four five", "b": ""}
    scores = ev.score_corpus(truths, predictions)
    assert scores.precision == pytest.approx(1.0)  # page b has no prediction: left out of precision
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(2 / 3)
    assert scores.accuracy == pytest.approx(0.5)


def test_segment_counts() -> None:
    page = ev.SegmentPage(url="u", html="", with_=("kept  text", "missing"), without=("menu", "footer"))
    counts = ev.SegmentCounts()
    counts.add(page, "some kept\ntext and a menu")
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (1, 1, 1, 1)
    scores = counts.scores(1)
    assert (scores.precision, scores.recall, scores.f1, scores.accuracy) == (0.5, 0.5, 0.5, 0.5)


def test_metric_reproduces_the_published_scores(data_root: Path) -> None:
    """Rescoring the benchmark's saved outputs gives the README's figures (checks our metric)."""
    truths = ev.load_aeb_truth(data_root)
    expected = {"trafilatura": (0.958, 0.938, 0.978, 0.293), "readability": (0.922, 0.913, 0.931, 0.315),
                "goose3": (0.896, 0.940, 0.856, 0.232), "html-text": (0.665, 0.500, 0.994, 0.000)}
    for tool, (f1, precision, recall, accuracy) in expected.items():
        scores = ev.score_corpus(truths, ev.load_reference_output(tool, data_root))
        assert (round(scores.f1, 3), round(scores.precision, 3), round(scores.recall, 3),
                round(scores.accuracy, 3)) == (f1, precision, recall, accuracy), tool


# --------------------------------------------------------------------------- our parser


def test_sample_of_20_pages(data_root: Path) -> None:
    pages = ev.load_aeb(data_root, limit=20)
    rows = {r.name: r.scores for r in ev.evaluate_aeb(pages, bootstrap=0)}
    assert rows["warreport"].f1 >= 0.97
    assert rows["warreport"].f1 >= rows["trafilatura-direct"].f1


@pytest.mark.slow
def test_full_benchmark_not_below_trafilatura(data_root: Path) -> None:
    pages = ev.load_aeb(data_root)
    rows = {r.name: r.scores for r in ev.evaluate_aeb(pages, bootstrap=0)}
    assert rows["warreport"].f1 >= rows["trafilatura-direct"].f1
    assert rows["warreport"].f1 >= ev.PUBLISHED_TRAFILATURA_AEB["f1"]


@pytest.mark.slow
def test_trafilatura_subset_not_below_trafilatura(data_root: Path) -> None:
    pages = ev.load_trafilatura_subset(data_root)
    rows = {r.name: r.scores for r in ev.evaluate_segments(pages)}
    assert rows["warreport"].f1 >= rows["trafilatura-direct"].f1
    split = ev.evaluate_comment_split(pages)
    assert split.leak_share < 0.1


def test_eval_command_prints_the_comparison(data_root: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("eval", "extraction", "--data", str(data_root), "--limit", "3", "--no-subset",
                     "--bootstrap", "0")
    assert result.code == 0, result.stderr
    for label in ("warreport", "trafilatura.extract() defaults", "published", "0.958"):
        assert label in result.stdout
