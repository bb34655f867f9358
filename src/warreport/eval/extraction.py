"""Article-body extraction quality, measured on public benchmarks.

Two corpora, read from ``../shared/data/extraction`` (never copied into the repo):

* **Scrapinghub Article Extraction Benchmark** (181 pages, ``scrapinghub-aeb/``). The metric
  is re-implemented here from its description: texts are tokenised with ``\\w+``; each text
  becomes a multiset of 4-token shingles; per page, true positives are the shingles both
  share, false positives the surplus in the prediction, false negatives the surplus in the
  truth; per-page precision and recall are averaged over pages (precision only over pages
  with a non-empty prediction, recall only over pages with a non-empty truth) and F1 is the
  harmonic mean of the two averages. "Accuracy" is the share of pages whose token lists are
  identical. The ± figure is the standard deviation of F1 over bootstrap resamples of pages.
* **trafilatura's evaluation subset** (200 pages, ``trafilatura-eval-subset/``): literal
  segments that must (``with``) or must not (``without``) appear in the extracted text,
  counted over the corpus, at most 6 per side per page.

Extractors compared: warreport's HTML parser (body paragraphs of
:func:`warreport.ingest.htmlpage.parse_html_page`) and ``trafilatura.extract`` called
directly with its defaults, both run on the same pages in the same process.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warreport.errors import InputError, NotFoundError

# Published figures the benchmark's README gives for trafilatura 2.0.0.
PUBLISHED_TRAFILATURA_AEB = {"f1": 0.958, "precision": 0.938, "recall": 0.978, "accuracy": 0.293}

MAX_SEGMENTS = 6  # the trafilatura corpus scores at most this many segments per side per page
_TOKEN = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+")

Extractor = Callable[[str, str | None], str]


def default_data_root() -> Path:
    """``../shared/data/extraction`` relative to the working directory (the repo root)."""
    return Path("..") / "shared" / "data" / "extraction"


# --------------------------------------------------------------------------- corpora


@dataclass(frozen=True)
class BenchPage:
    """One benchmark page: its id, URL, HTML and the expected article body."""

    id: str
    url: str | None
    html: str
    truth: str


def _read_gz(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def load_aeb(root: Path | None = None, *, limit: int | None = None) -> list[BenchPage]:
    """The Scrapinghub benchmark's pages, sorted by id (the first ``limit`` if given)."""
    base = (root or default_data_root()) / "scrapinghub-aeb"
    truth_file = base / "ground-truth.json"
    if not truth_file.is_file():
        raise NotFoundError(f"{truth_file} not found: the extraction benchmark data is missing")
    truth = json.loads(truth_file.read_text("utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        item = truth[page_id]
        pages.append(
            BenchPage(
                id=page_id,
                url=item.get("url"),
                html=_read_gz(base / "html" / f"{page_id}.html.gz"),
                truth=item.get("articleBody") or "",
            )
        )
    return pages


def load_aeb_truth(root: Path | None = None) -> dict[str, str]:
    """The benchmark's expected article bodies by page id (without reading the HTML)."""
    truth_file = (root or default_data_root()) / "scrapinghub-aeb" / "ground-truth.json"
    if not truth_file.is_file():
        raise NotFoundError(f"{truth_file} not found: the extraction benchmark data is missing")
    return {k: v.get("articleBody") or "" for k, v in json.loads(truth_file.read_text("utf-8")).items()}


def load_reference_output(tool: str, root: Path | None = None) -> dict[str, str]:
    """A tool's saved output in the benchmark (``reference-outputs/<tool>.json``), by page id."""
    path = (root or default_data_root()) / "scrapinghub-aeb" / "reference-outputs" / f"{tool}.json"
    if not path.is_file():
        raise NotFoundError(f"{path} not found")
    data = json.loads(path.read_text("utf-8"))
    if "output" in data and isinstance(data["output"], dict):
        data = data["output"]
    return {key: (value or {}).get("articleBody") or "" for key, value in data.items()}


@dataclass(frozen=True)
class SegmentPage:
    """A page of trafilatura's evaluation corpus: segments expected in and out of the text."""

    url: str
    html: str
    with_: tuple[str, ...]
    without: tuple[str, ...]
    comments: tuple[str, ...] = ()


def load_trafilatura_subset(root: Path | None = None, *, limit: int | None = None) -> list[SegmentPage]:
    base = (root or default_data_root()) / "trafilatura-eval-subset"
    index = base / "evaldata-subset.json"
    if not index.is_file():
        raise NotFoundError(f"{index} not found: the trafilatura evaluation subset is missing")
    entries = json.loads(index.read_text("utf-8"))
    pages = []
    for url, entry in list(entries.items())[:limit]:
        pages.append(
            SegmentPage(
                url=url,
                html=_read_gz(base / "html" / entry["file"]),
                with_=tuple(entry.get("with") or ()),
                without=tuple(entry.get("without") or ()),
                comments=tuple(entry.get("comments") or ()),
            )
        )
    return pages


# --------------------------------------------------------------------------- the AEB metric


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    toks = tokens(text)
    return Counter(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))


@dataclass(frozen=True)
class PageScore:
    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float | None:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float | None:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else None


def score_page(truth: str, prediction: str) -> PageScore:
    expected = shingles(truth)
    predicted = shingles(prediction)
    tp = sum((expected & predicted).values())
    fp = sum((predicted - expected).values())
    fn = sum((expected - predicted).values())
    total = tp + fp + fn
    exact = tokens(truth) == tokens(prediction)
    if total == 0:
        return PageScore(0.0, 0.0, 0.0, exact)
    return PageScore(tp / total, fp / total, fn / total, exact)


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int
    f1_std: float | None = None


def _mean(values: Iterable[float | None]) -> float:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def aggregate(page_scores: Sequence[PageScore]) -> tuple[float, float, float, float]:
    precision = _mean(s.precision for s in page_scores)
    recall = _mean(s.recall for s in page_scores)
    accuracy = sum(s.exact for s in page_scores) / len(page_scores) if page_scores else 0.0
    return precision, recall, _f1(precision, recall), accuracy


def score_corpus(
    truths: dict[str, str], predictions: dict[str, str], *, bootstrap: int = 0, seed: int = 0
) -> Scores:
    """Corpus precision, recall, F1 and accuracy; missing predictions count as empty."""
    page_scores = [score_page(truths[key], predictions.get(key, "")) for key in sorted(truths)]
    precision, recall, f1, accuracy = aggregate(page_scores)
    std = None
    if bootstrap and page_scores:
        rng = random.Random(seed)
        f1s = [aggregate(rng.choices(page_scores, k=len(page_scores)))[2] for _ in range(bootstrap)]
        mean = sum(f1s) / len(f1s)
        std = (sum((x - mean) ** 2 for x in f1s) / len(f1s)) ** 0.5
    return Scores(precision, recall, f1, accuracy, len(page_scores), std)


# --------------------------------------------------------------------------- segment metric


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@dataclass
class SegmentCounts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, page: SegmentPage, output: str) -> None:
        text = _collapse(output)
        for segment in page.with_[:MAX_SEGMENTS]:
            if _collapse(segment) in text:
                self.tp += 1
            else:
                self.fn += 1
        for segment in page.without[:MAX_SEGMENTS]:
            if _collapse(segment) in text:
                self.fp += 1
            else:
                self.tn += 1

    def scores(self, pages: int) -> Scores:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        accuracy = (self.tp + self.tn) / total if total else 0.0
        denom = 2 * self.tp + self.fp + self.fn
        return Scores(precision, recall, 2 * self.tp / denom if denom else 0.0, accuracy, pages)


# --------------------------------------------------------------------------- extractors


def extract_warreport(html: str, url: str | None) -> str:
    """warreport's article body for an HTML page, paragraphs joined by a blank line."""
    from warreport.ingest.htmlpage import parse_html_page

    try:
        return parse_html_page(html, origin=url or "benchmark", url=url).text
    except InputError:
        return ""


def extract_trafilatura_direct(html: str, url: str | None) -> str:
    """``trafilatura.extract`` with its defaults: the baseline we must match or beat."""
    import trafilatura

    return trafilatura.extract(html) or ""


EXTRACTORS: dict[str, Extractor] = {
    "warreport": extract_warreport,
    "trafilatura-direct": extract_trafilatura_direct,
}


@dataclass
class RunResult:
    name: str
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def run_extractor(
    name: str, extractor: Extractor, pages: Iterable[BenchPage], on_page: Callable[[], None] | None = None
) -> RunResult:
    result = RunResult(name)
    start = time.perf_counter()
    for page in pages:
        result.outputs[page.id] = extractor(page.html, page.url)
        if on_page is not None:
            on_page()
    result.seconds = time.perf_counter() - start
    return result


@dataclass(frozen=True)
class Row:
    """One line of the comparison table."""

    name: str
    scores: Scores
    note: str = ""
    pages_per_second: float | None = None


def evaluate_aeb(
    pages: Sequence[BenchPage],
    extractors: dict[str, Extractor] | None = None,
    *,
    bootstrap: int = 200,
    on_page: Callable[[], None] | None = None,
) -> list[Row]:
    """Score every extractor on the same pages in this run."""
    truths = {p.id: p.truth for p in pages}
    rows = []
    for name, extractor in (extractors or EXTRACTORS).items():
        run = run_extractor(name, extractor, pages, on_page)
        scores = score_corpus(truths, run.outputs, bootstrap=bootstrap)
        speed = len(pages) / run.seconds if run.seconds > 0 else None
        rows.append(Row(name, scores, "run now", speed))
    return rows


def rescore_reference(tool: str, pages: Sequence[BenchPage], root: Path | None = None) -> Row:
    """A tool's saved output rescored with our metric on the same pages (checks the metric)."""
    outputs = load_reference_output(tool, root)
    truths = {p.id: p.truth for p in pages}
    return Row(f"{tool} (saved output)", score_corpus(truths, outputs), "benchmark's saved run")


def evaluate_segments(
    pages: Sequence[SegmentPage],
    extractors: dict[str, Extractor] | None = None,
    on_page: Callable[[], None] | None = None,
) -> list[Row]:
    rows = []
    for name, extractor in (extractors or EXTRACTORS).items():
        counts = SegmentCounts()
        start = time.perf_counter()
        for page in pages:
            counts.add(page, extractor(page.html, page.url))
            if on_page is not None:
                on_page()
        seconds = time.perf_counter() - start
        rows.append(Row(name, counts.scores(len(pages)), "run now", len(pages) / seconds if seconds else None))
    return rows


@dataclass
class CommentSplit:
    """Where the annotated comment segments of pages ended up."""

    segments: int = 0
    in_comments: int = 0
    in_body: int = 0
    pages: int = 0

    @property
    def kept_share(self) -> float:
        return self.in_comments / self.segments if self.segments else 0.0

    @property
    def leak_share(self) -> float:
        return self.in_body / self.segments if self.segments else 0.0


def evaluate_comment_split(
    pages: Sequence[SegmentPage], on_page: Callable[[], None] | None = None
) -> CommentSplit:
    """For pages whose comments are annotated: found in our comment thread, or leaked into the body."""
    from warreport.ingest.htmlpage import parse_html_page

    split = CommentSplit()
    for page in pages:
        if not page.comments:
            continue
        split.pages += 1
        try:
            doc = parse_html_page(page.html, origin=page.url, url=page.url)
            body, thread = _collapse(doc.text), _collapse(" ".join(c.text for c in doc.comments))
        except InputError:
            body, thread = "", ""
        for segment in page.comments[:MAX_SEGMENTS]:
            seg = _collapse(segment)
            split.segments += 1
            split.in_comments += seg in thread
            split.in_body += seg in body
        if on_page is not None:
            on_page()
    return split


def iter_worst(
    pages: Sequence[BenchPage], outputs: dict[str, str], n: int = 10
) -> Iterator[tuple[str, PageScore]]:
    """The pages an extractor did worst on (lowest per-page F1), for error analysis."""
    scored = []
    for page in pages:
        s = score_page(page.truth, outputs.get(page.id, ""))
        p, r = s.precision or 0.0, s.recall or 0.0
        scored.append((_f1(p, r), page.id, s))
    for _, page_id, s in sorted(scored)[:n]:
        yield page_id, s
