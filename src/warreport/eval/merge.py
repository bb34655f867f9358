"""How well do merging and control work? Pairwise merge P/R, control-state accuracy, and the
ACLED non-fusion check.

* **Sample corpus** (``data/samples/gold.yaml``): the seed and the project's own samples,
  several outlets' versions of the same days, with the happening each record belongs to and
  the control states that should follow. Two modes:

  - *oracle*: records built from the gold itself (what a perfect extractor would give), so
    the merge rules are measured alone;
  - *end to end*: the real pipeline's records from a store, aligned with the gold records
    (same document, same sub-event family, place within 30 km, overlapping date windows);
    records that align with nothing are left out of the pairwise figures and counted.

  Pairwise precision: of the pairs of records put in one canonical event, the share that
  describe the same happening; recall: of the pairs that describe the same happening, the
  share put together.
* **ACLED non-fusion** (``syria_iraq_acled_dev.csv``, read in place, evaluation only): every
  ACLED row is a distinct event, so rows that share date, location and sub-event type are
  the hardest test that merging does not fuse distinct events. Each row becomes a record of
  its own document and outlet; every pair of rows merged is a false fusion.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from itertools import combinations
from pathlib import Path

import yaml

from warreport.analysis.control import JOINT, build_control, control_at, same_controller
from warreport.analysis.merge import Merger
from warreport.analysis.models import CanonicalEvent, ControlPeriod
from warreport.analysis.similarity import (
    event_window,
    family_of,
    haversine_km,
    same_place_name,
    windows_overlap,
)
from warreport.errors import InputError, NotFoundError
from warreport.model import Certainty, Event, Quantity, make_event_id
from warreport.store.repository import Store

ALIGN_KM = 30.0


# ----------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldPlace:
    name: str
    lat: float
    lon: float
    geonameid: int | None
    admin1: str | None
    country: str | None


@dataclass(frozen=True)
class GoldEvent:
    doc: str
    happening: str
    sub_event_type: str
    actor1: str
    assoc1: tuple[str, ...]
    actor2: str | None
    place: GoldPlace
    name: str
    precision: int
    day: date
    window: tuple[date, date]
    sub_locations: tuple[str, ...]
    certainty: Certainty
    count: int | None
    sentence: str


@dataclass(frozen=True)
class GoldDocument:
    file: str
    path: str | None
    source: str
    published: date
    events: tuple[GoldEvent, ...]

    @property
    def doc_id(self) -> str:
        return "gold-" + hashlib.sha256(self.file.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class GoldControl:
    place: str
    at: date
    controller: str  # actor names joined by " + " for joint control
    status: str


@dataclass(frozen=True)
class Gold:
    documents: tuple[GoldDocument, ...]
    controls: tuple[GoldControl, ...]


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def load_gold(path: Path | None = None) -> Gold:
    """The sample corpus's gold (the shipped ``data/samples/gold.yaml`` by default)."""
    if path is None:
        text = resources.files("warreport.data").joinpath("samples/gold.yaml").read_text("utf-8")
    else:
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise NotFoundError(f"cannot read gold file {path}: {exc}") from exc
    raw = yaml.safe_load(text)
    places = {
        name: GoldPlace(name, p["lat"], p["lon"], p.get("geonameid"), p.get("admin1"), p.get("country"))
        for name, p in raw["places"].items()
    }
    actors: dict[str, str] = raw["actors"]
    docs = []
    for d in raw["documents"]:
        events = []
        for e in d["events"]:
            day = _day(e["date"])
            win = tuple(_day(x) for x in e.get("window", [day, day]))
            events.append(
                GoldEvent(
                    doc=d["file"],
                    happening=e["happening"],
                    sub_event_type=e["sub"],
                    actor1=actors[e["actor1"]],
                    assoc1=tuple(actors[a] for a in e.get("assoc1", [])),
                    actor2=actors[e["actor2"]] if e.get("actor2") else None,
                    place=places[e["place"]],
                    name=e.get("name", e["place"]),
                    precision=int(e.get("precision", 1)),
                    day=day,
                    window=(win[0], win[1]),
                    sub_locations=tuple(e.get("subs", [])),
                    certainty=Certainty(e.get("certainty", "reported")),
                    count=e.get("count"),
                    sentence=e.get("sentence", ""),
                )
            )
        docs.append(GoldDocument(d["file"], d.get("path"), d["source"], _day(d["published"]), tuple(events)))
    controls = tuple(
        GoldControl(
            c["place"], _day(c["at"]), JOINT.join(actors[k.strip()] for k in c["controller"].split("+")), c["status"]
        )
        for c in raw["controls"]
    )
    return Gold(tuple(docs), controls)


def oracle_events(gold: Gold, *, files: Iterable[str] | None = None) -> list[Event]:
    """The records a perfect extractor would give for the gold documents (in gold order)."""
    wanted = set(files) if files is not None else None
    out = []
    for doc in gold.documents:
        if wanted is not None and doc.file not in wanted:
            continue
        for i, g in enumerate(doc.events):
            quantities = [Quantity(kind="launches", count=g.count, text=str(g.count))] if g.count else []
            out.append(
                Event(
                    event_id=make_event_id(doc.doc_id, i * 100, g.sub_event_type, g.name),
                    doc_id=doc.doc_id,
                    event_date=g.day,
                    date_start=g.window[0],
                    date_end=g.window[1],
                    time_precision=1 if g.window[0] == g.window[1] else 2,
                    event_type=_event_type(g.sub_event_type),
                    sub_event_type=g.sub_event_type,
                    actor1=g.actor1,
                    assoc_actor_1=list(g.assoc1),
                    actor2=g.actor2,
                    location=g.name,
                    sub_locations=list(g.sub_locations),
                    admin1=g.place.admin1,
                    country=g.place.country,
                    latitude=g.place.lat,
                    longitude=g.place.lon,
                    geo_precision=g.precision,
                    geonameid=g.place.geonameid if g.name == g.place.name else None,
                    quantities=quantities,
                    certainty=g.certainty,
                    sentence=g.sentence or f"{g.happening} ({doc.source})",
                    start_char=i * 100,
                    source=doc.source,
                )
            )
    return out


def gold_happening(gold: Gold) -> dict[str, str]:
    """Oracle event id -> happening."""
    events = oracle_events(gold)
    flat = [g for d in gold.documents for g in d.events]
    return {e.event_id: g.happening for e, g in zip(events, flat, strict=True)}


def _event_type(sub: str) -> str:
    from warreport.taxonomy import EVENT_TYPE_OF, parse_sub_event_type

    return EVENT_TYPE_OF[parse_sub_event_type(sub)].value


# ----------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    f1: float
    predicted_pairs: int
    gold_pairs: int
    correct_pairs: int


def pairwise(predicted: dict[str, str], truth: dict[str, str]) -> PairScores:
    """Pairwise P/R over the records present in both maps (record id -> cluster id)."""
    ids = sorted(set(predicted) & set(truth))
    pp = gp = ok = 0
    for a, b in combinations(ids, 2):
        same_p = predicted[a] == predicted[b]
        same_g = truth[a] == truth[b]
        pp += same_p
        gp += same_g
        ok += same_p and same_g
    p = ok / pp if pp else 1.0
    r = ok / gp if gp else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PairScores(p, r, f, pp, gp, ok)


@dataclass(frozen=True)
class ControlCheck:
    gold: GoldControl
    found: str | None
    status: str | None
    ok_controller: bool
    ok_status: bool


def _controllers_match(found: str, expected: str) -> bool:
    fa, ea = found.split(JOINT), expected.split(JOINT)
    if len(fa) != len(ea):
        return False
    return all(any(same_controller(f, e) for f in fa) for e in ea)


def check_controls(periods: Sequence[ControlPeriod], controls: Iterable[GoldControl]) -> list[ControlCheck]:
    out = []
    for g in controls:
        try:
            answer = control_at(periods, g.place, g.at)
        except NotFoundError:
            out.append(ControlCheck(g, None, None, False, False))
            continue
        p = answer.period
        found = p.controller if p else None
        status = p.status.value if p else None
        ok_c = found is not None and _controllers_match(found, g.controller)
        out.append(ControlCheck(g, found, status, ok_c, ok_c and status == g.status))
    return out


@dataclass
class MergeEvaluation:
    mode: str
    records: int
    aligned: int
    canonical_events: int
    pairs: PairScores
    controls: list[ControlCheck] = field(default_factory=list)
    canonicals: list[CanonicalEvent] = field(default_factory=list)

    @property
    def control_accuracy(self) -> float:
        return sum(c.ok_controller for c in self.controls) / len(self.controls) if self.controls else 0.0

    @property
    def control_status_accuracy(self) -> float:
        return sum(c.ok_status for c in self.controls) / len(self.controls) if self.controls else 0.0


def evaluate_oracle(gold: Gold | None = None) -> MergeEvaluation:
    """Merge the oracle records of the whole corpus in publication order and score."""
    gold = gold or load_gold()
    events = oracle_events(gold)
    order = {d.doc_id: (d.published, d.file) for d in gold.documents}
    events.sort(key=lambda e: (order[e.doc_id], e.start_char))
    merger = Merger()
    assigned = merger.add_all(events)
    canon = merger.canonical_events()
    periods = build_control(canon)
    return MergeEvaluation(
        mode="oracle",
        records=len(events),
        aligned=len(events),
        canonical_events=len(canon),
        pairs=pairwise(assigned, gold_happening(gold)),
        controls=check_controls(periods, gold.controls),
        canonicals=canon,
    )


def align(events: Sequence[Event], gold: Gold, doc_files: dict[str, str]) -> dict[str, str]:
    """Real record id -> gold happening, for records that match a gold record of their doc.

    ``doc_files`` maps a stored document id to its gold file name ("seed" for the seed).
    Each gold record takes at most one real record (the closest in date and place).
    """
    by_file = {d.file: d for d in gold.documents}
    out: dict[str, str] = {}
    taken: set[tuple[str, int]] = set()
    for e in sorted(events, key=lambda x: (x.doc_id, x.start_char)):
        file = doc_files.get(e.doc_id)
        if file is None or file not in by_file or not e.certainty.is_factual:
            continue
        w = event_window(e)
        best: tuple[float, int] | None = None
        # a record about named districts or villages is about them, not their parent town
        names = list(e.sub_locations) or [n for n in (e.location,) if n]
        for i, g in enumerate(by_file[file].events):
            if (file, i) in taken or family_of(g.sub_event_type) != family_of(e.sub_event_type):
                continue
            if not windows_overlap(w, g.window):
                continue
            if e.latitude is None or e.longitude is None:
                continue
            km = haversine_km(e.latitude, e.longitude, g.place.lat, g.place.lon)
            if km > ALIGN_KM:
                continue
            named = any(same_place_name(n, x) for n in names for x in (g.name, g.place.name))
            days = abs(((e.event_date or g.day) - g.day).days)
            cost = km / ALIGN_KM + (0.0 if named else 1.0) + min(days, 7) / 7
            if best is None or cost < best[0]:
                best = (cost, i)
        if best is not None:
            taken.add((file, best[1]))
            out[e.event_id] = by_file[file].events[best[1]].happening
    return out


def evaluate_records(
    events: Sequence[Event],
    assigned: dict[str, str],
    canon: Sequence[CanonicalEvent],
    periods: Sequence[ControlPeriod],
    gold: Gold,
    doc_files: dict[str, str],
) -> MergeEvaluation:
    """Score a real run: its records, their canonical ids, the canonical events and periods."""
    truth = align(events, gold, doc_files)
    return MergeEvaluation(
        mode="end-to-end",
        records=len(events),
        aligned=len(truth),
        canonical_events=len(canon),
        pairs=pairwise(assigned, truth),
        controls=check_controls(periods, gold.controls),
        canonicals=list(canon),
    )


# ----------------------------------------------------------------------------- ACLED


@dataclass(frozen=True)
class NonFusion:
    rows: int
    groups: int  # (date, location, sub-event type) groups with two or more rows
    group_pairs: int  # pairs of distinct ACLED events inside those groups
    fused_group_pairs: int  # of those, pairs merged into one canonical event
    fused_pairs_all: int  # all pairs of distinct ACLED rows merged, anywhere
    canonical_events: int

    @property
    def group_fusion_rate(self) -> float:
        return self.fused_group_pairs / self.group_pairs if self.group_pairs else 0.0


def acled_events(path: Path, *, limit: int | None = None) -> list[Event]:
    """ACLED rows as records: one document and outlet per row (read in place)."""
    if not path.is_file():
        raise NotFoundError(f"{path} not found: the ACLED dev set is missing")
    out: list[Event] = []
    with path.open(newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if limit is not None and i >= limit:
                break
            try:
                day = date.fromisoformat(row["event_date"][:10])
                lat, lon = float(row["latitude"]), float(row["longitude"])
            except (KeyError, ValueError) as exc:
                raise InputError(f"{path}:{i + 2}: bad row: {exc}") from exc
            out.append(
                Event(
                    event_id=f"acled-{row['event_id_cnty']}",
                    doc_id=f"acled-doc-{row['event_id_cnty']}",
                    event_date=day,
                    time_precision=int(row.get("time_precision") or 1),
                    event_type=row["event_type"],
                    sub_event_type=row["sub_event_type"],
                    actor1=row["actor1"] or None,
                    assoc_actor_1=[a.strip() for a in (row.get("assoc_actor_1") or "").split(";") if a.strip()],
                    actor2=row["actor2"] or None,
                    location=row["location"],
                    admin1=row["admin1"],
                    country=row["country"],
                    latitude=lat,
                    longitude=lon,
                    geo_precision=int(row.get("geo_precision") or 1),
                    fatalities=int(row.get("fatalities") or 0),
                    source=row.get("source") or None,
                    sentence=row.get("notes", ""),
                )
            )
    return out


def acled_non_fusion(path: Path, *, limit: int | None = None) -> NonFusion:
    """Merge ACLED rows (all distinct events) and count the pairs wrongly fused."""
    events = acled_events(path, limit=limit)
    events.sort(key=lambda e: (e.event_date or date.min, e.event_id))
    merger = Merger()
    assigned = merger.add_all(events)
    groups: dict[tuple[object, ...], list[str]] = {}
    for e in events:
        groups.setdefault((e.event_date, e.location, e.sub_event_type), []).append(e.event_id)
    multi = [ids for ids in groups.values() if len(ids) > 1]
    group_pairs = sum(len(ids) * (len(ids) - 1) // 2 for ids in multi)
    fused_group = sum(
        1 for ids in multi for a, b in combinations(ids, 2) if a in assigned and assigned.get(a) == assigned.get(b)
    )
    sizes: dict[str, int] = {}
    for cid in assigned.values():
        sizes[cid] = sizes.get(cid, 0) + 1
    fused_all = sum(n * (n - 1) // 2 for n in sizes.values())
    return NonFusion(len(events), len(multi), group_pairs, fused_group, fused_all, len(merger.clusters))


# ----------------------------------------------------------------------------- end to end


def doc_files_of(store: Store, gold: Gold) -> dict[str, str]:
    """Stored document id -> gold file name, by the document's origin (file path)."""
    names = {Path(d.path).name if d.path else d.file: d.file for d in gold.documents}
    names.update({d.file: d.file for d in gold.documents})
    out: dict[str, str] = {}
    for doc in store.iter_documents():
        origin = Path(doc.origin or "").name
        if origin in names:
            out[doc.doc_id] = names[origin]
    return out


def evaluate_store(store: Store, gold: Gold | None = None) -> MergeEvaluation:
    """Score what a real ingest of the corpus put in a store (records, canonical events,
    control periods) against the gold."""
    from warreport.analysis.persist import load_canonical_events, load_control_periods
    from warreport.store.query import EventQuery

    gold = gold or load_gold()
    doc_files = doc_files_of(store, gold)
    events = [e for e in store.iter_events(EventQuery(limit=5000, include_uncertain=True)) if e.doc_id in doc_files]
    assigned = {e.event_id: e.canonical_id for e in events if e.canonical_id}
    return evaluate_records(
        events, assigned, load_canonical_events(store), load_control_periods(store), gold, doc_files
    )
