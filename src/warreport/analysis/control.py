"""Territorial control: from territory events to "who holds what, since when, on what evidence".

Evidence are canonical events that change who holds a place:

* *Government regains territory* and *Non-state actor overtakes territory*: the winner
  (actor1, with its associated actors as partners) holds the place from the event's date;
  the loser (actor2) is taken to have held it before (basis ``held before``);
* *Non-violent transfer of territory*: actor1 takes over from actor2;
* an *Agreement* whose records say that a place is handed over or shared (troops "will be
  stationed", "hand over", "deploy together" ...): both parties hold it jointly.

Only records that locate the change at the place itself count (geo precision 1 or unknown):
"reached the outskirts of al-Qaim" (precision 2) does not hand al-Qaim over. A capture of
named districts ("Kanamat, Khasarat ... in Deir ez-Zor") changes the districts, not the city.

Status, as ISW/CTP maps distinguish it: ``assessed`` when independent outlets corroborate the
change (corroboration >= 2) and at least one reports it as fact; ``claimed`` when one outlet
reports it, or when all records are claims or allegations (a party's own claim). Opposite
accounts of the same change are both kept: the stronger one makes the period, the other is
listed in ``contested_by``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from warreport.analysis.models import (
    CanonicalEvent,
    ControlAnswer,
    ControlBasis,
    ControlPeriod,
    ControlStatus,
)
from warreport.analysis.similarity import (
    AGREEMENT,
    TERRITORY,
    actor_contains,
    haversine_km,
    name_key,
    name_skeleton,
    place_key,
    same_place_name,
    side_of,
)
from warreport.errors import NotFoundError

_HANDOVER = re.compile(
    r"\b(station(?:ed|ing)?|deploy(?:ed|ment|ing)?|hand(?:ed|s|ing)?\s+over|handover|transfer(?:red)?|"
    r"withdr[ae]w(?:al)?|take\s+over|took\s+over|joint(?:ly)?\s+(?:control|administ\w*|deploy\w*)|"
    r"control\s+of|surrender(?:ed)?)\b",
    re.IGNORECASE,
)
JOINT = " + "


@dataclass(frozen=True)
class ControlChange:
    """One canonical event read as a change of control of one place."""

    place_key: str
    place: str
    names: tuple[str, ...]
    parent: str | None
    latitude: float | None
    longitude: float | None
    precision: int | None
    country: str | None
    admin1: str | None
    day: date
    winner: str
    partners: tuple[str, ...]
    loser: str | None
    basis: ControlBasis
    status: ControlStatus
    corroboration: int
    canonical_id: str
    event_ids: tuple[str, ...]
    sources: tuple[str, ...]


def status_of(c: CanonicalEvent) -> ControlStatus:
    if c.corroboration >= 2 and not c.only_claims:
        return ControlStatus.ASSESSED
    return ControlStatus.CLAIMED


def is_handover_agreement(c: CanonicalEvent) -> bool:
    return c.family == AGREEMENT and any(_HANDOVER.search(s.sentence or "") for s in c.sources)


def changes_of(c: CanonicalEvent) -> list[ControlChange]:
    """The control changes a canonical event implies (none for most events)."""
    if c.event_date is None or not c.actor1:
        return []
    if c.family == TERRITORY:
        # the named districts or villages changed hands even when the record is located
        # only "near" their parent; the parent itself changes only when located exactly
        if c.geo_precision not in (None, 1) and not c.sub_locations:
            return []
        basis = (
            ControlBasis.TRANSFERRED
            if c.sub_event_type == "Non-violent transfer of territory"
            else ControlBasis.CAPTURED
        )
        winner, partners, loser = c.actor1, tuple(c.assoc_actor_1), c.actor2
    elif is_handover_agreement(c) and c.actor2:
        basis = ControlBasis.AGREEMENT
        winner, partners, loser = f"{c.actor1}{JOINT}{c.actor2}", (c.actor1, c.actor2), None
    else:
        return []
    common = {
        "latitude": c.latitude,
        "longitude": c.longitude,
        "precision": c.geo_precision,
        "country": c.country,
        "admin1": c.admin1,
        "day": c.event_date,
        "winner": winner,
        "partners": partners,
        "loser": loser,
        "basis": basis,
        "status": status_of(c),
        "corroboration": c.corroboration,
        "canonical_id": c.canonical_id,
        "event_ids": tuple(c.event_ids),
        "sources": tuple(c.outlets),
    }
    location = c.location or (c.place_names[0] if c.place_names else "")
    if c.sub_locations:
        parent_key = c.place_key or place_key(location, c.geonameid)
        spellings = [x for s in c.sources for x in s.sub_locations]
        return [
            ControlChange(
                place_key=f"{parent_key}/{name_skeleton(sub) or name_key(sub)}",
                place=f"{sub} ({location})",
                names=tuple(dict.fromkeys([sub, *(x for x in spellings if same_place_name(x, sub))])),
                parent=location,
                **common,  # type: ignore[arg-type]
            )
            for sub in c.sub_locations
        ]
    if not location:
        return []
    return [
        ControlChange(
            place_key=c.place_key or place_key(location, c.geonameid),
            place=location,
            names=tuple(dict.fromkeys([location, *c.place_names])),
            parent=None,
            **common,  # type: ignore[arg-type]
        )
    ]


# ----------------------------------------------------------------------------- grouping


def _same_place(a: ControlChange, b: ControlChange) -> bool:
    if (a.parent is None) != (b.parent is None):
        return False
    if a.parent is not None and b.parent is not None and not same_place_name(a.parent, b.parent):
        return False
    if a.place_key == b.place_key:
        return True
    if any(same_place_name(x, y) for x in a.names for y in b.names):
        if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
            return True
        return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= 15.0
    return False


@dataclass
class PlaceGroup:
    changes: list[ControlChange] = field(default_factory=list)

    @property
    def key(self) -> str:
        keys = sorted({c.place_key for c in self.changes}, key=lambda k: (not k.startswith("gn:"), k))
        return keys[0]

    @property
    def all_keys(self) -> set[str]:
        return {c.place_key for c in self.changes}

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(n for c in self.changes for n in c.names))


def _bucket_keys(c: ControlChange) -> set[str]:
    keys = {"k:" + c.place_key}
    for n in c.names:
        keys.add("n:" + (c.parent or "") + "|" + name_key(n))
        sk = name_skeleton(n)
        if len(sk) >= 3:
            keys.add("s:" + (c.parent or "") + "|" + sk)
    return keys


def group_places(changes: Iterable[ControlChange]) -> list[PlaceGroup]:
    """Changes of the same place together (same key, or names that meet within 15 km)."""
    items = list(changes)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[str, list[int]] = {}
    for i, c in enumerate(items):
        for key in _bucket_keys(c):
            for j in buckets.get(key, []):
                if find(i) != find(j) and _same_place(c, items[j]):
                    parent[find(i)] = find(j)
            buckets.setdefault(key, []).append(i)
    groups: dict[int, PlaceGroup] = {}
    for i, c in enumerate(items):
        groups.setdefault(find(i), PlaceGroup()).changes.append(c)
    return list(groups.values())


# ----------------------------------------------------------------------------- timelines


def same_controller(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    if actor_contains(a, b):
        sa, sb = side_of(a), side_of(b)
        return sa is None or sb is None or sa == sb
    return False


def _strength(c: ControlChange) -> tuple[int, int, str]:
    return (1 if c.status is ControlStatus.ASSESSED else 0, c.corroboration, c.canonical_id)


def _period(group: PlaceGroup, c: ControlChange, **kw: object) -> ControlPeriod:
    best = min(group.changes, key=lambda x: (x.precision or 1, x.latitude is None))
    values: dict[str, object] = {
        "place_key": group.key,
        "place": best.place,
        "names": group.names,
        "parent": best.parent,
        "latitude": best.latitude,
        "longitude": best.longitude,
        "country": best.country,
        "admin1": best.admin1,
        "controller": c.winner,
        "partners": list(c.partners),
        "start": c.day,
        "status": c.status,
        "basis": c.basis,
        "canonical_ids": [c.canonical_id],
        "event_ids": list(c.event_ids),
        "sources": list(c.sources),
        "corroboration": c.corroboration,
    }
    values.update(kw)
    return ControlPeriod(**values)  # type: ignore[arg-type]


def timeline_of(group: PlaceGroup) -> list[ControlPeriod]:
    """Periods of control of one place, oldest first, with contested claims kept."""
    by_day: dict[date, list[ControlChange]] = {}
    for c in group.changes:
        by_day.setdefault(c.day, []).append(c)
    periods: list[ControlPeriod] = []
    for day in sorted(by_day):
        todays = sorted(by_day[day], key=_strength, reverse=True)
        lead = todays[0]
        rivals = [c for c in todays[1:] if not same_controller(c.winner, lead.winner)]
        allies = [c for c in todays[1:] if same_controller(c.winner, lead.winner)]
        if not periods and lead.loser:
            periods.append(
                _period(
                    group,
                    lead,
                    controller=lead.loser,
                    partners=[],
                    start=None,
                    basis=ControlBasis.HELD_BEFORE,
                    note=f"inferred: {lead.winner} took it from {lead.loser} on {day.isoformat()}",
                )
            )
        if periods and periods[-1].end is None and periods[-1].start is not None:
            prev = periods[-1]
            if same_controller(prev.controller, lead.winner):
                # the same holder again (a second report, a later confirmation): more evidence
                prev.canonical_ids += [c.canonical_id for c in (lead, *allies)]
                prev.event_ids += [e for c in (lead, *allies) for e in c.event_ids]
                prev.sources = list(dict.fromkeys([*prev.sources, *lead.sources]))
                prev.contested_by += [c.winner for c in rivals if c.winner not in prev.contested_by]
                if lead.status is ControlStatus.ASSESSED:  # corroborated later: the hold is assessed
                    prev.status = ControlStatus.ASSESSED
                prev.corroboration = max(prev.corroboration, lead.corroboration)
                continue
        if periods:
            periods[-1].end = day
        period = _period(group, lead)
        for c in allies:
            period.canonical_ids.append(c.canonical_id)
            period.event_ids += list(c.event_ids)
            period.sources = list(dict.fromkeys([*period.sources, *c.sources]))
        period.contested_by = [c.winner for c in rivals]
        if rivals:
            period.note = "contested: " + "; ".join(
                f"{c.winner} per {', '.join(c.sources)} ({c.canonical_id})" for c in rivals
            )
        periods.append(period)
    return periods


def build_control(canonicals: Iterable[CanonicalEvent]) -> list[ControlPeriod]:
    """Every place's control timeline from a set of canonical events."""
    changes = [ch for c in canonicals for ch in changes_of(c)]
    out: list[ControlPeriod] = []
    for group in group_places(changes):
        out.extend(timeline_of(group))
    return out


# ----------------------------------------------------------------------------- queries


def find_place(periods: Sequence[ControlPeriod], query: str) -> list[ControlPeriod]:
    """The timeline of the place a name denotes (a city before its districts)."""
    by_key: dict[str, list[ControlPeriod]] = {}
    for p in periods:
        by_key.setdefault(p.place_key, []).append(p)

    def names(p: ControlPeriod) -> list[str]:
        base = p.place.split(" (")[0] if p.parent else p.place
        return [base, p.place, *p.names]

    exact = [k for k, ps in by_key.items() if any(name_key(n) == name_key(query) for p in ps for n in names(p))]
    loose = [k for k, ps in by_key.items() if any(same_place_name(n, query) for p in ps for n in names(p))]
    keys = exact or loose
    if not keys:
        raise NotFoundError(f"no control evidence for a place named {query!r}")
    keys.sort(key=lambda k: (by_key[k][0].parent is not None, -len(by_key[k]), k))
    return sorted(by_key[keys[0]], key=lambda p: (p.start or date.min))


def control_at(periods: Sequence[ControlPeriod], query: str, at: date) -> ControlAnswer:
    timeline = find_place(periods, query)
    current = next((p for p in timeline if p.covers(at)), None)
    first = timeline[0]
    return ControlAnswer(
        query=query, at=at, place_key=first.place_key, place=first.place, period=current, timeline=timeline
    )


def periods_at(periods: Iterable[ControlPeriod], at: date) -> list[ControlPeriod]:
    return [p for p in periods if p.covers(at)]


def control_geojson_from(periods: Iterable[ControlPeriod], at: date) -> dict[str, object]:
    """A GeoJSON FeatureCollection of who holds each known place on a date (points)."""
    features = []
    for p in sorted(periods_at(periods, at), key=lambda p: p.place_key):
        if p.latitude is None or p.longitude is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": f"{p.place_key}@{(p.start or date.min).isoformat()}",
                "geometry": {"type": "Point", "coordinates": [round(p.longitude, 5), round(p.latitude, 5)]},
                "properties": {
                    "place": p.place,
                    "parent": p.parent,
                    "controller": p.controller,
                    "partners": p.partners,
                    "side": side_of(p.controller.split(JOINT)[0]),
                    "since": p.start.isoformat() if p.start else None,
                    "until": p.end.isoformat() if p.end else None,
                    "status": p.status.value,
                    "basis": p.basis.value,
                    "corroboration": p.corroboration,
                    "sources": p.sources,
                    "canonical_ids": p.canonical_ids,
                    "event_ids": p.event_ids,
                    "contested_by": p.contested_by,
                    "note": p.note,
                },
            }
        )
    return {"type": "FeatureCollection", "at": at.isoformat(), "features": features}
