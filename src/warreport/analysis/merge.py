"""Merge and corroborate: records of the same happening become one canonical event.

:class:`Merger` is the in-memory engine: it holds clusters (a canonical event and its
member records), finds the best cluster for each new record with the rules of
:mod:`warreport.analysis.similarity`, and recomputes the summary of the clusters it
changed. The store side (:mod:`warreport.analysis.persist`) loads only the clusters a batch
of new records can touch, runs a :class:`Merger` over them and writes back what changed,
so ingesting a report never recomputes everything.

Rules that decide membership:

* only factual records (reported, claimed, alleged) are merged; predictions and denials
  never corroborate anything;
* two records of one document are never merged: the extractor already decided that they
  are different happenings;
* when both records name sub-locations (the districts of a city), they must share one.

The summary takes the most precise values of its members: the narrowest date window (the
intersection of the windows when they intersect), the finest geo precision, the main actor
named by most records, the lowest stated fatality count (as ACLED does) — and lists every
disagreement as a :class:`Contradiction`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from warreport.analysis.models import CanonicalEvent, Contradiction, SourceRecord
from warreport.analysis.similarity import (
    DATE_SLACK_DAYS,
    SYMMETRIC_FAMILIES,
    TERRITORY,
    ActorSet,
    GeoPoint,
    actor_contains,
    actor_root,
    actor_score,
    actor_set,
    actors_compatible,
    event_window,
    family_of,
    geo_of,
    haversine_km,
    max_distance_km,
    name_key,
    name_skeleton,
    opposite_outcome,
    outlet_key,
    place_key,
    places_match,
    same_place_name,
    slack_days,
    sub_location_keys,
    sub_locations_compatible,
    window_width,
    windows_overlap,
)
from warreport.model import Certainty, Event, Quantity

_WEEK = 7


def canonical_id_for(first_event_id: str) -> str:
    return "c" + hashlib.sha256(first_event_id.encode("utf-8")).hexdigest()[:19]


def is_mergeable(event: Event) -> bool:
    """Only factual records with a date become (part of) canonical events."""
    return event.certainty.is_factual and event_window(event) is not None


@dataclass
class Cluster:
    canonical_id: str
    members: list[Event]
    summary: CanonicalEvent
    conflicts: set[str] = field(default_factory=set)

    @property
    def doc_ids(self) -> set[str]:
        return {m.doc_id for m in self.members}


@dataclass(frozen=True)
class Match:
    cluster: Cluster
    score: float


def _same_outlet_same_day(event: Event, w: tuple[date, date], cluster: Cluster) -> bool:
    """One outlet's two day-precise records of one day are two happenings it reported.

    (A recap that dates the happening loosely - "last week" - may still join it.)
    """
    if w[0] != w[1]:
        return False
    mine = outlet_key(event.source, event.doc_id)
    for m in cluster.members:
        mw = event_window(m)
        if mw is not None and mw[0] == mw[1] and outlet_key(m.source, m.doc_id) == mine:
            return True
    return False


def _named_as_district(event: Event, s: CanonicalEvent) -> bool:
    """One outlet names the place itself ("Obeidi"), another names it as a part of a larger
    one ("Ubaydi, east of al-Qaim" -> al-Qaim with the sub-location Ubaydi)."""
    if event.latitude is not None and s.latitude is not None:
        assert event.longitude is not None and s.longitude is not None
        if haversine_km(event.latitude, event.longitude, s.latitude, s.longitude) > 60.0:
            return False
    mine = [n for n in (event.location,) if n]
    theirs = [n for n in (s.location, *s.place_names) if n]
    return any(same_place_name(a, b) for a in mine for b in s.sub_locations) or any(
        same_place_name(a, b) for a in event.sub_locations for b in theirs
    )


def _town_vs_surroundings(event: Event, s: CanonicalEvent) -> bool:
    """Taking a town (exact place) and taking ground near it (precision 2-3) are two
    happenings, e.g. "reached the outskirts of al-Qaim" and "entered al-Qaim"."""
    if event.sub_locations or s.sub_locations:
        return False
    return ((event.geo_precision or 1) == 1) != ((s.geo_precision or 1) == 1)


def _weeks(lo: date, hi: date) -> range:
    start = (lo - timedelta(days=DATE_SLACK_DAYS)).toordinal() // _WEEK
    end = (hi + timedelta(days=DATE_SLACK_DAYS)).toordinal() // _WEEK
    return range(start, end + 1)


class Merger:
    """Clusters of records, indexed by family and week, merged one record at a time."""

    def __init__(self, clusters: Iterable[Cluster] = ()) -> None:
        self.clusters: dict[str, Cluster] = {}
        self._index: dict[tuple[str, int], set[str]] = {}
        self.changed: set[str] = set()
        self._member_of: dict[str, str] = {}
        for cluster in clusters:
            self._put(cluster)
            for m in cluster.members:
                self._member_of[m.event_id] = cluster.canonical_id

    # -- index ----------------------------------------------------------------------
    def _put(self, cluster: Cluster) -> None:
        self.clusters[cluster.canonical_id] = cluster
        s = cluster.summary
        if s.span_start and s.span_end:
            for week in _weeks(s.span_start, s.span_end):
                self._index.setdefault((s.family, week), set()).add(cluster.canonical_id)

    def _candidates(self, family: str, lo: date, hi: date) -> list[Cluster]:
        ids: set[str] = set()
        for week in _weeks(lo, hi):
            ids |= self._index.get((family, week), set())
        return [self.clusters[i] for i in sorted(ids)]

    # -- matching -------------------------------------------------------------------
    def match(self, event: Event) -> tuple[Match | None, list[Cluster]]:
        """The best cluster for a record, and the clusters whose accounts contradict it."""
        w = event_window(event)
        if w is None:
            return None, []
        fam = family_of(event.sub_event_type)
        slack = slack_days(fam)
        mine = actor_set(event)
        geo = geo_of(event)
        best: Match | None = None
        conflicts: list[Cluster] = []
        for cluster in self._candidates(fam, w[0], w[1]):
            s = cluster.summary
            if event.doc_id in cluster.doc_ids or _same_outlet_same_day(event, w, cluster):
                continue
            if not any(windows_overlap(w, event_window(m), slack) for m in cluster.members):
                continue
            ok, km = places_match(geo, _geo_of_summary(s))
            if not ok and _named_as_district(event, s):
                ok, km = True, 0.0
            if not ok:
                continue
            theirs = ActorSet(s.actor1, tuple(s.assoc_actor_1), s.actor2, tuple(s.assoc_actor_2))
            if not actors_compatible(mine, theirs, fam):
                if fam == TERRITORY and opposite_outcome(mine, theirs):
                    conflicts.append(cluster)
                continue
            subs = sub_locations_compatible(event.sub_locations, s.sub_locations)
            if subs is False:
                continue
            if fam == TERRITORY and subs is None and _town_vs_surroundings(event, s):
                continue
            score = 1.0 + actor_score(mine, theirs)
            score += 0.5 if subs else 0.0
            score += 0.5 * (1.0 - km / max_distance_km(event.geo_precision, s.geo_precision))
            score += 0.2 if event.sub_event_type == s.sub_event_type else 0.0
            if s.date_start and s.date_end:  # how much of the happening's window the record covers
                inter = (min(w[1], s.date_end) - max(w[0], s.date_start)).days + 1
                score += 0.4 * max(0, inter) / ((s.date_end - s.date_start).days + 1)
            if s.event_date and event.event_date:  # the nearer in time, the likelier
                score += 0.3 * (1.0 - min(1.0, abs((s.event_date - event.event_date).days) / 7))
            if best is None or score > best.score:
                best = Match(cluster, score)
        return best, conflicts

    # -- merging --------------------------------------------------------------------
    def add(self, event: Event) -> str | None:
        """Merge one record; returns its canonical id (None when it cannot be merged)."""
        if not is_mergeable(event):
            return None
        known = self._member_of.get(event.event_id)
        if known is not None:  # already a member (re-ingest): nothing to do
            return known
        best, conflicts = self.match(event)
        if best is not None:
            cluster = best.cluster
            cluster.members.append(event)
            cluster.summary = summarise(cluster.canonical_id, cluster.members, cluster.conflicts)
            self._put(cluster)
        else:
            cid = canonical_id_for(event.event_id)
            cluster = Cluster(cid, [event], summarise(cid, [event], set()))
            self._put(cluster)
        self._member_of[event.event_id] = cluster.canonical_id
        for other in conflicts:
            if other.canonical_id == cluster.canonical_id:
                continue
            other.conflicts.add(cluster.canonical_id)
            cluster.conflicts.add(other.canonical_id)
            other.summary = other.summary.model_copy(update={"conflicts_with": sorted(other.conflicts)})
            self.changed.add(other.canonical_id)
        cluster.summary = cluster.summary.model_copy(update={"conflicts_with": sorted(cluster.conflicts)})
        self.changed.add(cluster.canonical_id)
        return cluster.canonical_id

    def add_all(self, events: Iterable[Event]) -> dict[str, str]:
        """Merge records in order; event id -> canonical id for those merged."""
        out: dict[str, str] = {}
        for event in events:
            cid = self.add(event)
            if cid is not None:
                out[event.event_id] = cid
        return out

    def canonical_events(self) -> list[CanonicalEvent]:
        return sorted(
            (c.summary for c in self.clusters.values()),
            key=lambda s: (s.event_date or date.min, s.canonical_id),
        )


def merge_events(events: Sequence[Event]) -> list[CanonicalEvent]:
    """Cluster a list of records from scratch (the order given decides the ids)."""
    merger = Merger()
    merger.add_all(events)
    return merger.canonical_events()


def _geo_of_summary(s: CanonicalEvent) -> GeoPoint:
    return GeoPoint(s.latitude, s.longitude, s.geo_precision, s.geonameid, s.location)


# ----------------------------------------------------------------------------- summary

_CERTAINTY_ORDER = (Certainty.REPORTED, Certainty.CLAIMED, Certainty.ALLEGED)


def _source_record(e: Event) -> SourceRecord:
    return SourceRecord(
        event_id=e.event_id,
        doc_id=e.doc_id,
        source=e.source,
        outlet=outlet_key(e.source, e.doc_id),
        source_url=e.source_url,
        event_date=e.event_date,
        date_start=e.date_start,
        date_end=e.date_end,
        sub_event_type=e.sub_event_type,
        actor1=e.actor1,
        actor2=e.actor2,
        location=e.location,
        sub_locations=list(e.sub_locations),
        certainty=e.certainty,
        framing=list(e.framing),
        sentence=e.sentence,
    )


def _precision_rank(e: Event) -> tuple[int, int, int]:
    return (window_width(event_window(e)), e.time_precision, 0)


def _dates(members: list[Event]) -> tuple[date | None, date | None, date | None, date | None, date | None, int]:
    windows = [w for w in (event_window(m) for m in members) if w is not None]
    if not windows:
        return None, None, None, None, None, 3
    span = (min(w[0] for w in windows), max(w[1] for w in windows))
    lo, hi = max(w[0] for w in windows), min(w[1] for w in windows)
    precise = min(members, key=_precision_rank)
    pw = event_window(precise)
    assert pw is not None
    if lo <= hi and (hi - lo) <= (pw[1] - pw[0]):
        start, end = lo, hi
    else:
        start, end = pw
    best = precise.event_date or start
    if best < start or best > end:
        best = start if end == start else min(max(best, start), end)
    width = (end - start).days
    precision = 1 if width == 0 else (2 if width <= 7 else 3)
    return best, start, end, span[0], span[1], precision


def _majority_actor(members: list[Event], attr: str, exclude: str | None = None) -> Event | None:
    named = [m for m in members if getattr(m, attr) and (exclude is None or actor_root(getattr(m, attr)) != exclude)]
    if not named:
        return None
    counts = Counter(actor_root(getattr(m, attr)) for m in named)
    # the most named actor; ties by name, so that the arrival order does not matter
    return min(named, key=lambda m: (-counts[actor_root(getattr(m, attr))], getattr(m, attr)))


def _union(values: Iterable[str], exclude: Iterable[str | None] = ()) -> list[str]:
    seen = {actor_root(x) for x in exclude if x}
    out = []
    for v in values:
        root = actor_root(v)
        if root and root not in seen:
            seen.add(root)
            out.append(v)
    return out


def _union_places(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for v in values:
        key = name_skeleton(v) or name_key(v)
        if key and key not in seen:
            seen.add(key)
            out.append(v)
    return out


def _contradiction(fld: str, members: list[Event], value_of: object, note: str = "") -> Contradiction | None:
    values: dict[str, list[str]] = {}
    for m in members:
        v = value_of(m)  # type: ignore[operator]
        if v is None or v == "":
            continue
        values.setdefault(str(v), []).append(m.event_id)
    if len(values) < 2:
        return None
    return Contradiction(field=fld, values=values, note=note)


def _one_actor(names: list[str]) -> bool:
    """Spellings of one actor, or an actor and its units, are not a disagreement."""
    return all(actor_contains(a, b) for a in names for b in names)


def _contradictions(members: list[Event]) -> list[Contradiction]:
    found = [
        _contradiction("actor1", members, lambda m: m.actor1, "the records name different main actors"),
        _contradiction("actor2", members, lambda m: m.actor2, "the records name different opponents"),
        _contradiction("sub_event_type", members, lambda m: m.sub_event_type, "coded differently"),
        _contradiction(
            "event_date",
            members,
            lambda m: m.event_date.isoformat() if m.event_date and m.time_precision == 1 else None,
            "the records give different days",
        ),
        _contradiction("fatalities", members, lambda m: m.fatalities or None, "the lowest figure is kept"),
        _contradiction("certainty", members, lambda m: m.certainty.value, "reported by some, claimed or alleged by others"),
    ]
    out = [c for c in found if c is not None]
    # actor spellings of one root are not a contradiction
    pairs = {frozenset({actor_root(m.actor1), actor_root(m.actor2)}) for m in members}
    symmetric = family_of(members[0].sub_event_type) in SYMMETRIC_FAMILIES and len(pairs) == 1
    cleaned = []
    for c in out:
        if c.field in {"actor1", "actor2"} and (symmetric or _one_actor(list(c.values))):
            continue
        cleaned.append(c)
    kinds: dict[str, dict[str, list[str]]] = {}
    for m in members:
        for q in m.quantities:
            if q.count is not None:
                kinds.setdefault(q.kind, {}).setdefault(str(q.count), []).append(m.event_id)
    for kind, values in sorted(kinds.items()):
        if len(values) > 1:
            cleaned.append(Contradiction(field=f"quantity:{kind}", values=values, note="different counts"))
    return cleaned


def summarise(canonical_id: str, members: list[Event], conflicts: set[str]) -> CanonicalEvent:
    """The canonical event of a cluster: the most precise values of its records."""
    from warreport.taxonomy import parse_sub_event_type, precedence_rank

    first = members[0]
    best, start, end, span_start, span_end, precision = _dates(members)
    name_counts = Counter(name_key(m.location) for m in members if m.location)
    geo = min(
        members,
        key=lambda m: (
            m.latitude is None,
            m.geo_precision or 9,
            m.geonameid is None,
            -name_counts.get(name_key(m.location), 0),
            m.location or "",
        ),
    )
    sub_counts = Counter(m.sub_event_type for m in members)

    def sub_rank(sub: str) -> tuple[int, int]:
        try:
            return (-sub_counts[sub], precedence_rank(parse_sub_event_type(sub)))
        except ValueError:
            return (-sub_counts[sub], 99)

    sub = min(sub_counts, key=sub_rank)
    event_type = next(m.event_type for m in members if m.sub_event_type == sub)
    a1 = _majority_actor(members, "actor1")
    a2 = _majority_actor(members, "actor2", actor_root(a1.actor1) if a1 else None)
    actor1 = a1.actor1 if a1 else None
    actor2 = a2.actor2 if a2 else None
    positives = [m.fatalities for m in members if m.fatalities > 0]
    with_q = max(members, key=lambda m: len(m.quantities))
    stated = {m.certainty for m in members}
    certainty = next((c for c in _CERTAINTY_ORDER if c in stated), first.certainty)
    outlets = []
    for m in members:
        key = outlet_key(m.source, m.doc_id)
        if key not in outlets:
            outlets.append(key)
    precise = min(members, key=_precision_rank)
    return CanonicalEvent(
        canonical_id=canonical_id,
        family=family_of(sub),
        event_type=event_type,
        sub_event_type=sub,
        event_date=best,
        date_start=start,
        date_end=end,
        span_start=span_start,
        span_end=span_end,
        time_precision=precision,
        actor1=actor1,
        assoc_actor_1=_union((x for m in members for x in m.assoc_actor_1), [actor1, actor2]),
        actor2=actor2,
        assoc_actor_2=_union((x for m in members for x in m.assoc_actor_2), [actor1, actor2]),
        inter1=a1.inter1 if a1 else None,
        inter2=a2.inter2 if a2 else None,
        location=geo.location,
        place_key=place_key(geo.location, geo.geonameid),
        place_names=list(dict.fromkeys(m.location for m in members if m.location)),
        sub_locations=_union_places(x for m in members for x in m.sub_locations),
        admin1=geo.admin1,
        admin2=geo.admin2,
        country=geo.country,
        iso=geo.iso,
        latitude=geo.latitude,
        longitude=geo.longitude,
        geo_precision=geo.geo_precision,
        geonameid=geo.geonameid,
        fatalities=min(positives) if positives else 0,
        quantities=[Quantity(**q.model_dump()) for q in with_q.quantities],
        weapons=sorted({w for m in members for w in m.weapons}),
        certainty=certainty,
        corroboration=len(outlets),
        outlets=[_display_outlet(members, o) for o in outlets],
        sources=[_source_record(m) for m in members],
        contradictions=_contradictions(members),
        conflicts_with=sorted(conflicts),
        sentence=precise.sentence,
    )


def _display_outlet(members: list[Event], key: str) -> str:
    for m in members:
        if outlet_key(m.source, m.doc_id) == key:
            return m.source or f"document {m.doc_id[:8]}"
    return key


def sub_location_overlap(a: list[str], b: list[str]) -> set[str]:
    return sub_location_keys(a) & sub_location_keys(b)
