"""The store side of merging and control: incremental updates, full rebuilds, reads.

:func:`merge_new_events` runs after each stored document (the pipeline calls it). It loads
only the canonical events that the new records can join (same family, overlapping date
span, nearby), merges the records into them with a :class:`~warreport.analysis.merge.Merger`,
writes back the canonical events that changed, their ``event_sources`` links and the
``canonical_id``/``corroboration`` of their member records, and refreshes the control
timelines of the places whose territory evidence changed. Nothing else is recomputed.

:func:`rebuild` recomputes everything from the stored records, in publication order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from warreport.analysis.control import build_control, changes_of, group_places, timeline_of
from warreport.analysis.merge import Cluster, Merger, is_mergeable
from warreport.analysis.models import CanonicalEvent, ControlPeriod
from warreport.analysis.similarity import (
    AGREEMENT,
    DATE_SLACK_DAYS,
    TERRITORY,
    event_window,
    family_of,
)
from warreport.logs import get_logger
from warreport.model import Event
from warreport.store.repository import Store, row_to_event
from warreport.store.schema import (
    CanonicalEventRow,
    ControlPeriodRow,
    DocumentRow,
    EventRow,
    EventSourceRow,
)

log = get_logger(__name__)

_NEAR_DEG = 0.6  # candidate box around a record (more than the widest merge distance)
_CONTROL_DEG = 0.3
_CANONICAL_COLUMNS = (
    "family", "event_type", "sub_event_type", "event_date", "date_start", "date_end", "span_start",
    "span_end", "actor1", "actor2", "location", "place_key", "admin1", "country", "latitude",
    "longitude", "geo_precision", "corroboration",
)


@dataclass(frozen=True)
class MergeResult:
    records: int  # records offered
    merged: int  # records that joined or created a canonical event
    created: int  # new canonical events
    updated: int  # existing canonical events that changed
    control_places: int  # places whose control timeline was recomputed


# ----------------------------------------------------------------------------- rows


def canonical_to_row(c: CanonicalEvent) -> CanonicalEventRow:
    row = CanonicalEventRow(canonical_id=c.canonical_id)
    fill_canonical_row(row, c)
    return row


def fill_canonical_row(row: CanonicalEventRow, c: CanonicalEvent) -> None:
    for name in _CANONICAL_COLUMNS:
        setattr(row, name, getattr(c, name))
    row.certainty = c.certainty.value
    row.n_sources = len(c.sources)
    row.n_contradictions = len(c.contradictions)
    row.payload = c.model_dump(mode="json")


def row_to_canonical(row: CanonicalEventRow) -> CanonicalEvent:
    return CanonicalEvent.model_validate(row.payload)


def period_to_row(p: ControlPeriod) -> ControlPeriodRow:
    return ControlPeriodRow(
        place_key=p.place_key,
        place=p.place,
        controller=p.controller,
        start=p.start,
        end=p.end,
        status=p.status.value,
        basis=p.basis.value,
        latitude=p.latitude,
        longitude=p.longitude,
        country=p.country,
        payload=p.model_dump(mode="json"),
    )


def row_to_period(row: ControlPeriodRow) -> ControlPeriod:
    return ControlPeriod.model_validate(row.payload)


# ----------------------------------------------------------------------------- loading


def _members(s: Session, ids: Sequence[str]) -> dict[str, list[Event]]:
    out: dict[str, list[Event]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        stmt = (
            select(EventSourceRow.canonical_id, EventRow)
            .join(EventRow, EventRow.event_id == EventSourceRow.event_id)
            .where(EventSourceRow.canonical_id.in_(chunk))
            .order_by(EventSourceRow.id)
        )
        for cid, row in s.execute(stmt):
            out[cid].append(row_to_event(row))
    return out


def _candidate_rows(s: Session, event: Event, skip: set[str]) -> list[CanonicalEventRow]:
    w = event_window(event)
    if w is None:
        return []
    slack = timedelta(days=DATE_SLACK_DAYS)
    conds = [
        CanonicalEventRow.family == family_of(event.sub_event_type),
        CanonicalEventRow.span_start <= w[1] + slack,
        CanonicalEventRow.span_end >= w[0] - slack,
    ]
    if event.latitude is not None and event.longitude is not None:
        conds.append(
            or_(
                CanonicalEventRow.latitude.is_(None),
                and_(
                    CanonicalEventRow.latitude.between(event.latitude - _NEAR_DEG, event.latitude + _NEAR_DEG),
                    CanonicalEventRow.longitude.between(event.longitude - _NEAR_DEG, event.longitude + _NEAR_DEG),
                ),
            )
        )
    rows = s.scalars(select(CanonicalEventRow).where(and_(*conds))).all()
    return [r for r in rows if r.canonical_id not in skip]


def _load_into(s: Session, merger: Merger, rows: Sequence[CanonicalEventRow]) -> None:
    if not rows:
        return
    members = _members(s, [r.canonical_id for r in rows])
    for row in rows:
        summary = row_to_canonical(row)
        merger._put(Cluster(row.canonical_id, members[row.canonical_id], summary, set(summary.conflicts_with)))
        for m in members[row.canonical_id]:
            merger._member_of[m.event_id] = row.canonical_id


# ----------------------------------------------------------------------------- writing


_IN_CHUNK = 500  # ids per IN (...) list: well under SQLite's variable limit


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), _IN_CHUNK):
        yield ids[i : i + _IN_CHUNK]


def _write(s: Session, merger: Merger, existing: set[str]) -> tuple[int, int]:
    """Write the changed clusters: a few set-wise statements, not three queries per cluster."""
    created = updated = 0
    cids = sorted(merger.changed)
    rows: dict[str, CanonicalEventRow] = {}
    linked: dict[str, set[str]] = {}
    with s.no_autoflush:
        for chunk in _chunks(cids):
            rows.update((r.canonical_id, r) for r in s.scalars(
                select(CanonicalEventRow).where(CanonicalEventRow.canonical_id.in_(chunk))))
            for cid, event_id in s.execute(
                select(EventSourceRow.canonical_id, EventSourceRow.event_id).where(EventSourceRow.canonical_id.in_(chunk))
            ):
                linked.setdefault(cid, set()).add(event_id)
    marks: list[dict[str, object]] = []
    for cid in cids:
        cluster = merger.clusters[cid]
        summary = cluster.summary
        row = rows.get(cid)
        if row is None:
            s.add(canonical_to_row(summary))
            created += 1
        else:
            fill_canonical_row(row, summary)
            updated += 1 if cid in existing else 0
        have = linked.get(cid, set())
        for m in cluster.members:
            if m.event_id not in have:
                s.add(EventSourceRow(canonical_id=cid, event_id=m.event_id, doc_id=m.doc_id, source=m.source))
            marks.append({"event_id": m.event_id, "canonical_id": cid, "corroboration": summary.corroboration})
    s.flush()
    if marks:  # one executemany UPDATE by primary key
        s.execute(update(EventRow), marks)
    return created, updated


def _session_of(target: Store | Session) -> tuple[Session | None, Store | None]:
    if isinstance(target, Session):
        return target, None
    return None, target


def merge_new_events(target: Store | Session, events: Iterable[Event]) -> MergeResult:
    """Merge newly stored records into the canonical events (incrementally).

    ``target`` is the :class:`Store` (a transaction is opened) or an open session (the
    caller commits). The records must already be stored.
    """
    session, store = _session_of(target)
    if session is not None:
        return _merge_in(session, list(events))
    assert store is not None
    with store.db.session() as s:
        return _merge_in(s, list(events))


def _merge_in(s: Session, events: list[Event]) -> MergeResult:
    todo = sorted((e for e in events if is_mergeable(e)), key=lambda e: (e.doc_id, e.start_char, e.event_id))
    merger = Merger()
    loaded: set[str] = set()
    old_keys: set[str] = set()
    merged = 0
    for event in todo:
        rows = _candidate_rows(s, event, loaded)
        loaded |= {r.canonical_id for r in rows}
        old_keys |= {r.place_key for r in rows if r.place_key and r.family in (TERRITORY, AGREEMENT)}
        _load_into(s, merger, rows)
        if merger.add(event) is not None:
            merged += 1
    created, updated = _write(s, merger, loaded)
    changed = [merger.clusters[c].summary for c in merger.changed]
    places = refresh_control(s, changed, old_keys)
    return MergeResult(len(events), merged, created, updated, places)


# ----------------------------------------------------------------------------- control


def refresh_control(s: Session, changed: Sequence[CanonicalEvent], old_keys: Iterable[str] = ()) -> int:
    """Recompute the control timelines of the places the changed canonical events touch.

    ``old_keys`` are the place keys the changed events had before (a better-located record
    can move an event to another key; the periods under the old key must go).
    """
    relevant = [c for c in changed if c.family in (TERRITORY, AGREEMENT)]
    if not relevant:
        return 0
    relevant_ids = {c.canonical_id for c in relevant}
    boxes = []
    keys = {c.place_key for c in relevant if c.place_key} | set(old_keys)
    for c in relevant:
        if c.latitude is not None and c.longitude is not None:
            boxes.append(
                and_(
                    CanonicalEventRow.latitude.between(c.latitude - _CONTROL_DEG, c.latitude + _CONTROL_DEG),
                    CanonicalEventRow.longitude.between(c.longitude - _CONTROL_DEG, c.longitude + _CONTROL_DEG),
                )
            )
    near = or_(CanonicalEventRow.place_key.in_(keys), CanonicalEventRow.latitude.is_(None), *boxes)
    rows = s.scalars(
        select(CanonicalEventRow).where(CanonicalEventRow.family.in_([TERRITORY, AGREEMENT]), near)
    ).all()
    neighbourhood = {r.canonical_id: row_to_canonical(r) for r in rows}
    for c in relevant:
        neighbourhood[c.canonical_id] = c
    changes = [ch for c in neighbourhood.values() for ch in changes_of(c)]
    # periods that cite a changed canonical event must be recomputed even when it no longer
    # implies that change (its place, precision or districts changed)
    old_conds = [ControlPeriodRow.place_key.in_(keys)]
    old_conds += [ControlPeriodRow.place_key.like(k + "/%") for k in keys]
    cited = {
        r.place_key
        for r in s.scalars(select(ControlPeriodRow).where(or_(*old_conds)))
        if relevant_ids & set((r.payload or {}).get("canonical_ids", []))
    }
    groups = [
        g
        for g in group_places(changes)
        if any(ch.canonical_id in relevant_ids for ch in g.changes) or g.all_keys & cited
    ]
    stale = set(cited)
    for g in groups:
        stale |= g.all_keys | {g.key}
    if stale:
        s.execute(delete(ControlPeriodRow).where(ControlPeriodRow.place_key.in_(stale)))
    for g in groups:
        for period in timeline_of(g):
            s.add(period_to_row(period))
    return len(groups)


# ----------------------------------------------------------------------------- rebuild


def rebuild(store: Store) -> MergeResult:
    """Recompute all canonical events and control periods from the stored records."""
    with store.db.session() as s:
        s.execute(delete(ControlPeriodRow))
        s.execute(delete(EventSourceRow))
        s.execute(delete(CanonicalEventRow))
        s.execute(update(EventRow).values(canonical_id=None, corroboration=1))
        stmt = (
            select(EventRow)
            .join(DocumentRow, DocumentRow.doc_id == EventRow.doc_id)
            .order_by(DocumentRow.published.asc().nulls_last(), EventRow.doc_id, EventRow.start_char, EventRow.event_id)
        )
        events = [row_to_event(r) for r in s.scalars(stmt)]
        merger = Merger()
        merged = len(merger.add_all(events))
        created, _ = _write(s, merger, set())
        periods = build_control(merger.canonical_events())
        for p in periods:
            s.add(period_to_row(p))
        return MergeResult(len(events), merged, created, 0, len({p.place_key for p in periods}))


# ----------------------------------------------------------------------------- reading


def load_canonical_events(
    store: Store,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    country: str | None = None,
    family: str | None = None,
) -> list[CanonicalEvent]:
    """Canonical events whose best date lies in [date_from, date_to], oldest first."""
    conds = []
    if date_from:
        conds.append(CanonicalEventRow.event_date >= date_from)
    if date_to:
        conds.append(CanonicalEventRow.event_date <= date_to)
    if country:
        conds.append(func.lower(CanonicalEventRow.country) == country.lower())
    if family:
        conds.append(CanonicalEventRow.family == family)
    stmt = select(CanonicalEventRow).order_by(
        CanonicalEventRow.event_date.asc().nulls_last(), CanonicalEventRow.canonical_id
    )
    if conds:
        stmt = stmt.where(and_(*conds))
    with store.db.session() as s:
        return [row_to_canonical(r) for r in s.scalars(stmt)]


def get_canonical_event(store: Store, canonical_id: str) -> CanonicalEvent:
    from warreport.errors import NotFoundError

    with store.db.session() as s:
        row = s.get(CanonicalEventRow, canonical_id)
        if row is None:
            raise NotFoundError(f"no canonical event {canonical_id!r}")
        return row_to_canonical(row)


def load_control_periods(store: Store) -> list[ControlPeriod]:
    with store.db.session() as s:
        rows = s.scalars(select(ControlPeriodRow).order_by(ControlPeriodRow.place_key, ControlPeriodRow.id))
        return [row_to_period(r) for r in rows]


def control_periods_at(store: Store, at: date) -> list[ControlPeriod]:
    with store.db.session() as s:
        rows = s.scalars(
            select(ControlPeriodRow).where(
                or_(ControlPeriodRow.start.is_(None), ControlPeriodRow.start <= at),
                or_(ControlPeriodRow.end.is_(None), ControlPeriodRow.end > at),
            )
        )
        return [row_to_period(r) for r in rows]
