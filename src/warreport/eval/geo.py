"""`warreport eval geo`: toponym recognition and resolution against gold geoparsing corpora.

Corpora (read from ``../shared/data/geo/gold``, never shipped): GeoWebNews, LGL, TR-News,
GeoVirus and their Middle East subset; and the location names of the ACLED dev set
(``../shared/data/acled/derived/syria_iraq_acled_dev.csv``, evaluation only).

* Recognition: :func:`warreport.gazetteer.toponyms.find_toponyms` on each article against the
  gold toponym spans (a prediction overlapping a gold span counts); precision, recall, F1.
* Resolution: every gold toponym is resolved with :func:`resolve_places` given the article's
  gold mentions (their cues read from the text) as the report context; error = great-circle km
  from the gold point. acc@161 counts an unresolved toponym as a miss; mean and median errors
  are over resolved toponyms. This is resolution of gold toponyms, the setting Mordecai 3's
  README figures appear to use (see SOURCES.md), not end-to-end geoparsing.
* ACLED: each (location, country) resolved by name with its country; share within 25 km,
  weighted by rows.
"""

from __future__ import annotations

import csv
import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warreport.errors import InputError
from warreport.gazetteer.lookup import Gazetteer, get_gazetteer, haversine_km
from warreport.gazetteer.resolve import resolve_name, resolve_places
from warreport.gazetteer.toponyms import ToponymMention, cue_at, find_toponyms

PUBLISHED = {  # acc@161 km, from shared/data/geo/SOURCES.md
    "LGL": {"Mordecai3": 82.7, "CamCoder": 76.0},
    "TR-News": {"Mordecai3": 87.3},
    "GeoWebNews": {"Mordecai3": 94.1},
    "GeoVirus": {"CamCoder": 82.0},
}
CORPUS_FILES = {
    "GeoWebNews": "GeoWebNews_GWN.xml",
    "LGL": "LGL_lgl.xml",
    "TR-News": "TR-News.xml",
    "GeoVirus": "GeoVirus.xml",
}
ACLED_ISO = {"Syria": "SY", "Iraq": "IQ", "Turkey": "TR", "Lebanon": "LB", "Jordan": "JO", "Iran": "IR"}


def default_geo_root() -> Path:
    return Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "geo"


def default_acled_path() -> Path:
    return Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "acled" / "derived" / "syria_iraq_acled_dev.csv"


@dataclass
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None


@dataclass
class Article:
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _f(node: ET.Element | None, tag: str) -> str | None:
    if node is None:
        return None
    child = node.find(tag)
    return child.text if child is not None and child.text else None


def load_corpus(path: Path) -> list[Article]:
    """Articles with their gold toponyms from a GWN, LGL/TR-News or GeoVirus XML file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"cannot read gold corpus {path}: {exc}") from exc
    out = []
    for art in root.iter("article"):
        text = _f(art, "text") or ""
        gold = []
        for top in list(art.iter("toponym")) + list(art.iter("location")):
            start, end = _f(top, "start"), _f(top, "end")
            if start is None or end is None:
                continue
            gaz = top.find("gaztag")
            lat = _f(gaz, "lat") if gaz is not None else _f(top, "latitude") or _f(top, "lat")
            lon = _f(gaz, "lon") if gaz is not None else _f(top, "longitude") or _f(top, "lon")
            name = _f(top, "phrase") or _f(top, "extractedName") or _f(top, "name") or ""
            gold.append(
                GoldToponym(int(start), int(end), name, float(lat) if lat else None, float(lon) if lon else None)
            )
        out.append(Article(text, sorted(gold, key=lambda g: g.start)))
    return out


@dataclass
class Scores:
    name: str
    gold: int = 0
    predicted: int = 0
    true_pos: int = 0
    resolved: int = 0
    errors: list[float] = field(default_factory=list)
    n_resolution: int = 0

    @property
    def precision(self) -> float | None:
        return self.true_pos / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.true_pos / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None

    def acc(self, km: float) -> float | None:
        if not self.n_resolution:
            return None
        return sum(1 for e in self.errors if e <= km) / self.n_resolution

    @property
    def mean_km(self) -> float | None:
        return statistics.fmean(self.errors) if self.errors else None

    @property
    def median_km(self) -> float | None:
        return statistics.median(self.errors) if self.errors else None


def _mentions_for(article: Article, gold: list[GoldToponym]) -> list[ToponymMention]:
    return [
        ToponymMention(text=g.name or article.text[g.start : g.end], start=g.start, end=g.end,
                       cue=cue_at(article.text, g.start, g.end))
        for g in gold
    ]


def resolve_gold(article: Article, gold: list[GoldToponym], gaz: Gazetteer, scores: Scores) -> None:
    """Resolve the gold toponyms of one article together; add their errors to ``scores``."""
    usable = [g for g in gold if g.lat is not None and g.lon is not None]
    if not usable:
        return
    context_mentions = _mentions_for(article, [g for g in article.toponyms if g.lat is not None])
    index = {(m.start, m.end): i for i, m in enumerate(context_mentions)}
    results = resolve_places(context_mentions, gazetteer=gaz)
    for g in usable:
        scores.n_resolution += 1
        r = results[index[(g.start, g.end)]]
        if r.place is None or r.place.latitude is None or r.place.longitude is None:
            continue
        scores.resolved += 1
        assert g.lat is not None and g.lon is not None
        scores.errors.append(haversine_km(r.place.latitude, r.place.longitude, g.lat, g.lon))


def recognise(article: Article, gaz: Gazetteer, scores: Scores, nlp: Any = None) -> None:
    """Score the finder (or, with ``nlp``, spaCy's NER + the warreport_toponyms component)."""
    if nlp is None:
        predicted = [(t.start, t.end) for t in find_toponyms(article.text, gaz)]
    else:
        doc = nlp(article.text)
        predicted = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"GPE", "LOC", "FAC"}]
    gold = [(g.start, g.end) for g in article.toponyms]
    scores.gold += len(gold)
    scores.predicted += len(predicted)
    matched_gold = sum(1 for s, e in gold if any(ps < e and s < pe for ps, pe in predicted))
    scores.true_pos += matched_gold


def spacy_pipeline(gaz: Gazetteer) -> Any:
    """The configured spaCy model with the warreport_toponyms component after its NER."""
    import spacy

    import warreport.gazetteer.spacy_component  # noqa: F401 - registers the factory
    from warreport.config import load_config

    nlp = spacy.load(load_config().spacy_model, exclude=["lemmatizer"])
    nlp.add_pipe("warreport_toponyms", after="ner", config={"gazetteer": str(gaz.path)})
    return nlp


def evaluate_corpus(
    name: str, path: Path, gaz: Gazetteer, limit: int | None = None, recognition: bool = True,
    nlp: Any = None,
) -> Scores:
    scores = Scores(name)
    articles = load_corpus(path)[:limit] if limit else load_corpus(path)
    for art in articles:
        if recognition:
            recognise(art, gaz, scores, nlp)
        resolve_gold(art, art.toponyms, gaz, scores)
    return scores


def evaluate_mideast(root: Path, gaz: Gazetteer) -> Scores:
    """The Middle East subset: its gold toponyms resolved within their source articles."""
    scores = Scores("Middle East subset")
    path = root / "gold" / "mideast_subset_toponyms.tsv"
    corpora: dict[str, list[Article]] = {}
    wanted: dict[tuple[str, int], list[GoldToponym]] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            key = (row["corpus"], int(row["article_index"]))
            wanted.setdefault(key, []).append(
                GoldToponym(int(row["start"]), int(row["end"]), row["mention"],
                            float(row["gold_lat"]), float(row["gold_lon"]))
            )
    for (corpus, idx), gold in sorted(wanted.items()):
        if corpus not in corpora:
            corpora[corpus] = load_corpus(root / "gold" / CORPUS_FILES[corpus])
        article = corpora[corpus][idx]
        present = {(g.start, g.end) for g in article.toponyms}
        for g in gold:  # the subset's rows are toponyms of the article: keep their spans
            if (g.start, g.end) not in present:
                article.toponyms.append(g)
        resolve_gold(article, gold, gaz, scores)
    return scores


@dataclass
class AcledScores:
    rows: int = 0
    within: int = 0
    unique: int = 0
    unique_within: int = 0
    resolved_rows: int = 0
    reachable: int = 0  # rows with some candidate of the name within ``km``, whichever is chosen
    misses: Counter[str] = field(default_factory=Counter)

    @property
    def share(self) -> float:
        return self.within / self.rows if self.rows else 0.0

    @property
    def unique_share(self) -> float:
        return self.unique_within / self.unique if self.unique else 0.0

    @property
    def reachable_share(self) -> float:
        """The ceiling of :attr:`share` for this gazetteer: a perfect choice among the name's
        candidates (its namesakes and other spellings) reaches no further."""
        return self.reachable / self.rows if self.rows else 0.0


def _acled_rows(path: Path) -> Iterator[dict[str, str]]:
    try:
        with open(path, encoding="utf-8") as handle:
            yield from csv.DictReader(handle)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def evaluate_acled(path: Path, gaz: Gazetteer, km: float = 25.0) -> AcledScores:
    """Share of ACLED dev rows whose `location` (with its country) resolves within ``km``."""
    groups: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for row in _acled_rows(path):
        try:
            point = (float(row["latitude"]), float(row["longitude"]))
        except (KeyError, ValueError):
            continue
        groups.setdefault((row["location"], row["country"]), []).append(point)
    out = AcledScores()
    for (location, country), points in groups.items():
        iso = ACLED_ISO.get(country)
        res = resolve_name(location, country=iso, gazetteer=gaz)
        out.rows += len(points)
        out.unique += 1
        # every candidate of the name and of its parts ("Damascus - Jobar"), in its country
        names = {location, *(part.strip() for part in location.split(" - ") if part.strip())}
        candidates = [(m.lat, m.lon) for name in names for m in gaz.matches(name, iso)]
        out.reachable += sum(
            1 for la, lo in points if any(haversine_km(c_la, c_lo, la, lo) <= km for c_la, c_lo in candidates)
        )
        if res.place is None or res.place.latitude is None or res.place.longitude is None:
            out.misses[location] += len(points)
            continue
        out.resolved_rows += len(points)
        lat, lon = res.place.latitude, res.place.longitude
        near = sum(1 for la, lo in points if haversine_km(lat, lon, la, lo) <= km)
        out.within += near
        if near * 2 >= len(points):
            out.unique_within += 1
        if near < len(points):
            out.misses[location] += len(points) - near
    return out


def run_geo_eval(
    root: Path | None = None, acled: Path | None = None, corpora: list[str] | None = None,
    limit: int | None = None, recognition: bool = True, gazetteer: Path | None = None,
    use_spacy: bool = False,
) -> tuple[list[Scores], AcledScores | None]:
    """Everything `warreport eval geo` prints: per-corpus scores and the ACLED figure."""
    gaz = get_gazetteer(gazetteer)
    root = root or default_geo_root()
    if not (root / "gold").is_dir():
        raise InputError(f"no gold corpora under {root / 'gold'}")
    results = [evaluate_mideast(root, gaz)]
    nlp = spacy_pipeline(gaz) if recognition and use_spacy else None
    for name in corpora or list(CORPUS_FILES):
        results.append(
            evaluate_corpus(name, root / "gold" / CORPUS_FILES[name], gaz, limit, recognition, nlp)
        )
    acled_path = acled or default_acled_path()
    acled_scores = evaluate_acled(acled_path, gaz) if acled_path.is_file() else None
    return results, acled_scores
