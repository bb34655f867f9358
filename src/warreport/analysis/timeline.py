"""Timeline views: per place and per actor, a chronology of canonical events with their
sources, and charts of event counts by type over time (PNG, offline).

The functions take canonical events (from :func:`warreport.analysis.persist.load_canonical_events`
or a :class:`~warreport.analysis.merge.Merger`) so the CLI, the web app and tests share them.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from warreport.analysis.models import CanonicalEvent, TimelineEntry
from warreport.analysis.similarity import actor_root, same_place_name, side_of
from warreport.errors import InputError

FREQUENCIES = ("day", "week", "month")


def _entry(c: CanonicalEvent) -> TimelineEntry:
    from warreport.report.phrases import describe

    return TimelineEntry(
        canonical_id=c.canonical_id,
        event_date=c.event_date,
        date_start=c.date_start,
        date_end=c.date_end,
        event_type=c.event_type,
        sub_event_type=c.sub_event_type,
        actor1=c.actor1,
        actor2=c.actor2,
        location=c.location,
        country=c.country,
        certainty=c.certainty,
        corroboration=c.corroboration,
        outlets=list(c.outlets),
        summary=describe(c),
    )


def _in_range(c: CanonicalEvent, date_from: date | None, date_to: date | None) -> bool:
    if c.event_date is None:
        return date_from is None and date_to is None
    return (date_from is None or c.event_date >= date_from) and (date_to is None or c.event_date <= date_to)


def at_place(c: CanonicalEvent, place: str) -> bool:
    """The event happened at the place (any spelling a record used) or in one of its districts."""
    names = [c.location, *c.place_names, *c.sub_locations]
    return any(n and same_place_name(n, place) for n in names)


def involves(c: CanonicalEvent, actor: str) -> bool:
    """The actor (a name, a part of one, or a side of the actor dictionary) took part."""
    wanted = " ".join(actor.lower().split())
    actors = [a for a in (c.actor1, c.actor2, *c.assoc_actor_1, *c.assoc_actor_2) if a]
    return any(wanted in actor_root(a) or wanted == (side_of(a) or "") for a in actors)


def chronology(events: Iterable[CanonicalEvent]) -> list[TimelineEntry]:
    return [_entry(c) for c in sorted(events, key=lambda c: (c.event_date or date.min, c.canonical_id))]


def timeline_for_place(
    canonicals: Iterable[CanonicalEvent], place: str, *, date_from: date | None = None, date_to: date | None = None
) -> list[TimelineEntry]:
    """Chronological events at a place (all spellings, districts included), with sources."""
    return chronology(c for c in canonicals if at_place(c, place) and _in_range(c, date_from, date_to))


def timeline_for_actor(
    canonicals: Iterable[CanonicalEvent], actor: str, *, date_from: date | None = None, date_to: date | None = None
) -> list[TimelineEntry]:
    """Chronological events an actor took part in (as either side or associated)."""
    return chronology(c for c in canonicals if involves(c, actor) and _in_range(c, date_from, date_to))


def bucket(day: date, freq: str) -> date:
    if freq == "day":
        return day
    if freq == "week":
        return day - timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    raise InputError(f"unknown frequency {freq!r}; use one of {', '.join(FREQUENCIES)}")


def counts_by_type(entries: Sequence[TimelineEntry], freq: str = "day") -> dict[date, Counter[str]]:
    """Event counts per period (start date) and event type, periods without events included."""
    days = [e.event_date for e in entries if e.event_date is not None]
    if not days:
        return {}
    out: dict[date, Counter[str]] = {}
    first, last = bucket(min(days), freq), bucket(max(days), freq)
    cur = first
    while cur <= last:
        out[cur] = Counter()
        cur = bucket(cur + timedelta(days=32 if freq == "month" else (7 if freq == "week" else 1)), freq)
    for e in entries:
        if e.event_date is not None:
            out[bucket(e.event_date, freq)][e.event_type] += 1
    return out


def chart_png(entries: Sequence[TimelineEntry], title: str, freq: str = "day") -> bytes:
    """A stacked bar chart of event counts by type over time, as PNG bytes."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from warreport.report.mapplot import EVENT_STYLE

    counts = counts_by_type(entries, freq)
    fig = Figure(figsize=(9, 4.2), dpi=100)
    ax = fig.add_axes((0.08, 0.2, 0.62, 0.68))
    ax.set_title(title, fontsize=11, loc="left")
    if not counts:
        ax.text(0.5, 0.5, "no events", ha="center", va="center", transform=ax.transAxes)
    else:
        periods = sorted(counts)
        types = [t for t in EVENT_STYLE if any(counts[p][t] for p in periods)]
        types += sorted({t for p in periods for t in counts[p]} - set(types))
        bottom = [0] * len(periods)
        xs = list(range(len(periods)))
        for t in types:
            values = [counts[p][t] for p in periods]
            colour = EVENT_STYLE.get(t, ("#777777", "o"))[0]
            ax.bar(xs, values, bottom=bottom, color=colour, label=t, width=0.8)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        step = max(1, len(periods) // 12)
        ax.set_xticks(xs[::step])
        fmt = "%Y-%m" if freq == "month" else "%Y-%m-%d"
        ax.set_xticklabels([p.strftime(fmt) for p in periods][::step], rotation=45, ha="right", fontsize=7)
        ax.set_ylabel(f"events per {freq}", fontsize=8)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        fig.legend(loc="upper left", bbox_to_anchor=(0.72, 0.88), fontsize=8, frameon=False)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
