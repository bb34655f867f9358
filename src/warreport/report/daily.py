"""The daily war report, built from canonical events and control periods (no language model).

:func:`build_daily_report` gathers the day's canonical events (best date in the covered
days, by default the report's day and the day before, as a morning situation report does),
groups them into fronts (country and first-level region), writes a neutral summary per
front with :mod:`warreport.report.phrases`, and lists the control changes of those days.
The result is a typed :class:`DailyReport`; :mod:`warreport.report.render` turns it into
Markdown, HTML or PDF, and :mod:`warreport.report.mapplot` draws its map.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from warreport.analysis.models import CanonicalEvent, ControlBasis, ControlPeriod
from warreport.analysis.similarity import AGREEMENT, CLASH, REMOTE, TERRITORY
from warreport.errors import InputError
from warreport.report.phrases import actor_name, day_text, describe, disagreement, scrub

_FAMILY_ORDER = {TERRITORY: 0, CLASH: 1, REMOTE: 2, AGREEMENT: 3}


class Front(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    country: str | None
    admin1: str | None
    summary: list[str] = Field(default_factory=list)
    events: list[CanonicalEvent] = Field(default_factory=list)


class TableRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    canonical_id: str
    date: str
    event_type: str
    sub_event_type: str
    actors: str
    location: str
    certainty: str
    corroboration: int
    sources: str


class DailyReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: date
    start: date
    region: str | None = None
    title: str
    overview: str
    fronts: list[Front] = Field(default_factory=list)
    control_changes: list[ControlPeriod] = Field(default_factory=list)
    table: list[TableRow] = Field(default_factory=list)
    events: list[CanonicalEvent] = Field(default_factory=list)
    framing: list[str] = Field(default_factory=list)  # the sources' loaded words (never used)


def in_region(c: CanonicalEvent | ControlPeriod, region: str | None) -> bool:
    if not region:
        return True
    wanted = region.strip().lower()
    values = [getattr(c, "country", None), getattr(c, "admin1", None)]
    return any(v and v.lower() == wanted for v in values)


def _front_key(c: CanonicalEvent) -> tuple[str, str]:
    return (c.country or "Unknown country", c.admin1 or c.location or "unknown region")


def _strike_line(events: list[CanonicalEvent]) -> str:
    by_actor: Counter[str] = Counter(actor_name(e.actor1) for e in events)
    launched = sum(q.count or 0 for e in events for q in e.quantities if q.kind in ("launches", "weapons"))
    parts = [f"{n} by {a}" for a, n in sorted(by_actor.items(), key=lambda kv: (-kv[1], kv[0]))]
    noun = "strike" if len(events) == 1 else "strikes"
    text = f"{len(events)} {noun} recorded ({', '.join(parts)})"
    if launched:
        text += f", with {launched} munitions stated in total"
    return text + "."


def _front_summary(events: list[CanonicalEvent]) -> list[str]:
    lines: list[str] = []
    ordered = sorted(events, key=lambda e: (_FAMILY_ORDER.get(e.family, 9), e.event_date or date.min, e.canonical_id))
    strikes = [e for e in ordered if e.family == REMOTE]
    if len(strikes) > 1:
        lines.append(_strike_line(strikes))
    for e in ordered:
        lines.append(describe(e))
        note = disagreement(e)
        if note:
            lines.append(note)
    return lines


def _control_line(p: ControlPeriod) -> str:
    status = "assessed (corroborated)" if p.status.value == "assessed" else "claimed"
    how = {
        ControlBasis.AGREEMENT: "under an agreement",
        ControlBasis.TRANSFERRED: "without reported fighting",
        ControlBasis.CAPTURED: "",
        ControlBasis.HELD_BEFORE: "",
    }[p.basis]
    who = " and ".join(actor_name(x) for x in p.controller.split(" + "))
    since = day_text(p.start) if p.start else "before the report"
    joint = " jointly" if p.basis is ControlBasis.AGREEMENT else ""
    text = f"{scrub(p.place)}: held{joint} by {who} from {since} {how}".rstrip()
    return f"{text}; status {status}; sources: {', '.join(p.sources)}."


def build_daily_report(
    canonicals: list[CanonicalEvent],
    periods: list[ControlPeriod],
    day: date,
    *,
    region: str | None = None,
    days: int = 2,
) -> DailyReport:
    """The report of ``day`` covering ``days`` days ending on it, optionally one region."""
    if days < 1:
        raise InputError("--days must be at least 1")
    start = day - timedelta(days=days - 1)
    todays = [
        c
        for c in canonicals
        if c.event_date is not None and start <= c.event_date <= day and in_region(c, region)
    ]
    todays.sort(key=lambda c: (c.event_date or date.min, c.canonical_id))
    changes = sorted(
        (
            p
            for p in periods
            if p.start is not None and start <= p.start <= day and p.basis is not ControlBasis.HELD_BEFORE
            and in_region(p, region)
        ),
        key=lambda p: (p.start or date.min, p.place),
    )
    groups: dict[tuple[str, str], list[CanonicalEvent]] = {}
    for c in todays:
        groups.setdefault(_front_key(c), []).append(c)
    fronts = [
        Front(name=f"{admin} ({country})", country=country, admin1=admin, summary=_front_summary(evs), events=evs)
        for (country, admin), evs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    table = [
        TableRow(
            canonical_id=c.canonical_id,
            date=c.event_date.isoformat() if c.event_date else "",
            event_type=c.event_type,
            sub_event_type=c.sub_event_type,
            actors=" vs ".join(actor_name(a) for a in (c.actor1, c.actor2) if a),
            location=scrub(c.location or ""),
            certainty=c.certainty.value,
            corroboration=c.corroboration,
            sources=", ".join(c.outlets),
        )
        for c in todays
    ]
    period_text = day_text(day) if days == 1 else f"{day_text(start)} – {day_text(day)}"
    where = f" – {region}" if region else ""
    n_out = len({o for c in todays for o in c.outlets})
    overview = (
        f"{len(todays)} events in {len(fronts)} areas, from {n_out} outlets; "
        f"{len(changes)} changes of control."
        if todays
        else "No events recorded for these days."
    )
    framing = sorted({w.lower() for c in todays for s in c.sources for w in s.framing})
    return DailyReport(
        day=day,
        start=start,
        region=region,
        title=f"Situation report {day.isoformat()}{where} ({period_text})",
        overview=overview,
        fronts=fronts,
        control_changes=changes,
        table=table,
        events=todays,
        framing=framing,
    )


def control_lines(report: DailyReport) -> list[str]:
    return [_control_line(p) for p in report.control_changes]
