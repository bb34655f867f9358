"""Score event extraction against ACLED's own coding of its ``notes``.

Each row's ``notes`` becomes a one-paragraph document published on the row's
``event_date`` and goes through :func:`warreport.extract.extract_many`, exactly as
``warreport extract`` would run it. ACLED codes one row per location, and a note naming
several places appears once per place, so each row is compared with the factual event of its
note nearest to the row's coordinates (the first event when nothing is geocoded).

Fields and how they are compared:

* sub_event_type, event_type: exact.
* actor1, actor2: after name normalisation (:func:`warreport.nlp.actors.normalise_actor_name`:
  periods like "(2000-)", abbreviation prefixes like "QSD: ", case and punctuation dropped);
  an empty actor2 matches an empty one. "family" accuracy also accepts a unit for its force.
* location: the event's coordinates within 25 km of ACLED's.
* event_date: the same day. fatalities: the same number.

Accuracy and macro-F1 (over the classes present in the gold) are printed side by side with a
trivial baseline: the most frequent gold value of each field (for the date, the publication
date; for the location, the most frequent gold location). ACLED's terms allow this data for
evaluation only: nothing read here is stored, shipped or used to build a model.
"""

from __future__ import annotations

import csv
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from warreport.errors import InputError
from warreport.model import Document, Event
from warreport.nlp.actors import get_actor_dictionary, normalise_actor_name
from warreport.taxonomy import parse_sub_event_type, precedence_rank

FIELDS = ("sub_event_type", "event_type", "actor1", "actor2", "location_25km", "event_date", "fatalities")
RADIUS_KM = 25.0


@dataclass(frozen=True)
class AcledRow:
    event_id: str
    event_date: date
    notes: str
    sub_event_type: str
    event_type: str
    actor1: str
    actor2: str
    location: str
    latitude: float | None
    longitude: float | None
    fatalities: int
    year: int
    country: str
    source: str = ""


@dataclass
class FieldScore:
    name: str
    accuracy: float
    macro_f1: float | None
    baseline_accuracy: float
    baseline_macro_f1: float | None
    n: int


@dataclass
class AcledReport:
    rows: int
    notes_with_event: int
    events: int
    seconds: float
    scores: list[FieldScore]
    actor1_family: float
    pairs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    examples: list[tuple[AcledRow, Event | None]] = field(default_factory=list)


def default_dev_path() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared" / "data" / "acled" / "derived" / "syria_iraq_acled_dev.csv"
        if candidate.is_file():
            return candidate
    return Path("../shared/data/acled/derived/syria_iraq_acled_dev.csv")


def _float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def load_rows(path: Path, limit: int | None = None, sample: int | None = None, seed: int = 13) -> list[AcledRow]:
    """Rows with notes; ``sample`` draws that many at random (reproducibly), ``limit`` takes the first."""
    if not path.is_file():
        raise InputError(f"ACLED file {path} does not exist")
    rows: list[AcledRow] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle):
            notes = (rec.get("notes") or "").strip()
            if not notes:
                continue
            try:
                day = date.fromisoformat((rec.get("event_date") or "")[:10])
            except ValueError:
                continue
            rows.append(AcledRow(
                event_id=rec.get("event_id_cnty") or str(len(rows)),
                event_date=day,
                notes=notes,
                sub_event_type=rec.get("sub_event_type", ""),
                event_type=rec.get("event_type", ""),
                actor1=rec.get("actor1", "") or "",
                actor2=rec.get("actor2", "") or "",
                location=rec.get("location", "") or "",
                latitude=_float(rec.get("latitude", "")),
                longitude=_float(rec.get("longitude", "")),
                fatalities=int(float(rec.get("fatalities") or 0)),
                year=day.year,
                country=rec.get("country", "") or "",
                source=rec.get("source", "") or "",
            ))
    if sample is not None and sample < len(rows):
        rows = random.Random(seed).sample(rows, sample)
    if limit is not None:
        rows = rows[:limit]
    return rows


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def pick_event(row: AcledRow, events: list[Event]) -> Event | None:
    """The event of a note that stands for this row: nearest to its coordinates, else strongest."""
    factual = [e for e in events if e.is_factual]
    if not factual:
        return None
    located = [e for e in factual if e.latitude is not None and e.longitude is not None]
    if located and row.latitude is not None and row.longitude is not None:
        return min(located, key=lambda e: (haversine_km(row.latitude, row.longitude, e.latitude, e.longitude),  # type: ignore[arg-type]
                                           _rank(e)))
    return min(factual, key=_rank)


def _rank(event: Event) -> int:
    try:
        return precedence_rank(parse_sub_event_type(event.sub_event_type))
    except ValueError:
        return 99


def actor_family(name: str) -> str:
    """A name's force as a whole: units fold into their force, country qualifiers are dropped."""
    if not name:
        return ""
    dictionary = get_actor_dictionary()
    key = dictionary.key_for_name(name)
    if key is None and name.endswith(")") and "(" in name:
        key = dictionary.key_for_name(name[: name.rfind("(")].strip())
    if key is not None:
        return dictionary.family(key)
    base = normalise_actor_name(name)
    return base.rsplit("(", 1)[0].strip()


def _labels(row: AcledRow, event: Event | None) -> dict[str, tuple[str, str]]:
    pred_loc = "none"
    if event is not None and event.latitude is not None and row.latitude is not None and row.longitude is not None:
        dist = haversine_km(row.latitude, row.longitude, event.latitude, event.longitude)  # type: ignore[arg-type]
        pred_loc = row.location if dist <= RADIUS_KM else f"other:{event.location}"
    return {
        "sub_event_type": (row.sub_event_type, event.sub_event_type if event else "none"),
        "event_type": (row.event_type, event.event_type if event else "none"),
        "actor1": (normalise_actor_name(row.actor1), normalise_actor_name(event.actor1 or "") if event else "none"),
        "actor2": (normalise_actor_name(row.actor2), normalise_actor_name(event.actor2 or "") if event else "none"),
        "location_25km": (row.location, pred_loc),
        "event_date": (row.event_date.isoformat(), event.event_date.isoformat() if event and event.event_date else "none"),
        "fatalities": (str(row.fatalities), str(event.fatalities) if event else "none"),
    }


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    """Macro-averaged F1 over the classes that occur in the gold."""
    gold_classes = {g for g, _ in pairs}
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in pairs:
        if g == p:
            tp[g] += 1
        else:
            fn[g] += 1
            fp[p] += 1
    scores = []
    for c in gold_classes:
        prec = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        rec = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        scores.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def _accuracy(pairs: list[tuple[str, str]]) -> float:
    return sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0


def _baseline_pairs(name: str, pairs: list[tuple[str, str]], rows: list[AcledRow]) -> list[tuple[str, str]]:
    if name == "event_date":
        return [(g, r.event_date.isoformat()) for (g, _), r in zip(pairs, rows, strict=True)]
    majority = Counter(g for g, _ in pairs).most_common(1)[0][0]
    if name == "location_25km":
        anchor = next(r for r in rows if r.location == majority)
        out = []
        for (g, _), r in zip(pairs, rows, strict=True):
            near = (r.latitude is not None and anchor.latitude is not None and
                    haversine_km(r.latitude, r.longitude, anchor.latitude, anchor.longitude) <= RADIUS_KM)  # type: ignore[arg-type]
            out.append((g, g if near else f"other:{majority}"))
        return out
    return [(g, majority) for g, _ in pairs]


def evaluate(
    rows: list[AcledRow],
    *,
    batch_size: int = 64,
    on_progress: Callable[[int], None] | None = None,
    keep_examples: bool = False,
) -> AcledReport:
    from warreport.extract import extract_many

    docs = (
        Document(title="", published=r.event_date, source=r.source or None, body=[r.notes],
                 external_id=r.event_id, origin=f"acled:{r.event_id}", language="en", format="jsonl")
        for r in rows
    )
    pairs: dict[str, list[tuple[str, str]]] = {f: [] for f in FIELDS}
    family_hits = 0
    with_event = 0
    n_events = 0
    examples: list[tuple[AcledRow, Event | None]] = []
    started = time.perf_counter()
    for row, (_, events) in zip(rows, extract_many(docs, batch_size=batch_size), strict=True):
        event = pick_event(row, events)
        n_events += sum(1 for e in events if e.is_factual)
        if event is not None:
            with_event += 1
            if actor_family(event.actor1 or "") == actor_family(row.actor1):
                family_hits += 1
        for name, pair in _labels(row, event).items():
            pairs[name].append(pair)
        if keep_examples:
            examples.append((row, event))
        if on_progress is not None:
            on_progress(1)
    seconds = time.perf_counter() - started
    scores = []
    for name in FIELDS:
        got = pairs[name]
        base = _baseline_pairs(name, got, rows)
        categorical = name not in ("event_date",)
        scores.append(FieldScore(
            name=name,
            accuracy=_accuracy(got),
            macro_f1=macro_f1(got) if categorical else None,
            baseline_accuracy=_accuracy(base),
            baseline_macro_f1=macro_f1(base) if categorical else None,
            n=len(got),
        ))
    return AcledReport(len(rows), with_event, n_events, seconds, scores,
                       family_hits / len(rows) if rows else 0.0, pairs, examples)


def confusion(pairs: Iterable[tuple[str, str]], top: int = 15) -> list[tuple[str, str, int]]:
    """The most frequent (gold, predicted) disagreements."""
    counts = Counter((g, p) for g, p in pairs if g != p)
    return [(g, p, n) for (g, p), n in counts.most_common(top)]


def acled_tables(report: AcledReport, source: str) -> list[object]:
    """Rich tables of an ACLED run: per-field accuracy and macro-F1 beside the baseline."""
    from rich.table import Table

    def f(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    table = Table(title=f"Event extraction vs ACLED coding: {report.rows} notes of {source}", title_justify="left")
    for col in ("field", "accuracy", "macro-F1", "baseline acc.", "baseline macro-F1", "baseline"):
        table.add_column(col, justify="left" if col in ("field", "baseline") else "right")
    how = {
        "sub_event_type": "most frequent type",
        "event_type": "most frequent type",
        "actor1": "most frequent actor",
        "actor2": "most frequent actor",
        "location_25km": "most frequent location",
        "event_date": "publication date (= ACLED date here)",
        "fatalities": "most frequent count",
    }
    for s in report.scores:
        table.add_row(s.name, f(s.accuracy), f(s.macro_f1), f(s.baseline_accuracy), f(s.baseline_macro_f1), how[s.name])
    table.add_row("actor1 (family)", f(report.actor1_family), "-", "-", "-", "unit counts for its force")
    info = Table(title="Run", title_justify="left")
    info.add_column("measure")
    info.add_column("value", justify="right")
    info.add_row("notes with a factual event", f"{report.notes_with_event}/{report.rows}")
    info.add_row("factual events extracted", str(report.events))
    info.add_row("notes per second (extract incl. geocoding)", f"{report.rows / report.seconds:.1f}" if report.seconds else "-")
    return [table, info]
