"""Store-level entry points for the web app, the CLI and the report: one call each.

The web engineer's FastAPI routes call these with the app's :class:`Store`; each returns
plain JSON-able data or typed models (no SQL outside :mod:`warreport.analysis.persist`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from warreport.analysis.control import control_at, control_geojson_from
from warreport.analysis.models import CanonicalEvent, ControlAnswer, ControlPeriod, TimelineEntry
from warreport.analysis.persist import (
    control_periods_at,
    get_canonical_event,
    load_canonical_events,
    load_control_periods,
)
from warreport.analysis.timeline import (
    chart_png,
    chronology,
    timeline_for_actor,
    timeline_for_place,
)
from warreport.store.repository import Store

if TYPE_CHECKING:
    from warreport.report.daily import DailyReport


def control_geojson(store: Store, at: date) -> dict[str, object]:
    """GeoJSON FeatureCollection (points) of who holds each known place on ``at``."""
    return control_geojson_from(control_periods_at(store, at), at)


def control_answer(store: Store, place: str, at: date) -> ControlAnswer:
    """Who held ``place`` on ``at``, with the evidence and the place's whole timeline."""
    return control_at(load_control_periods(store), place, at)


def control_timeline(store: Store, place: str) -> list[ControlPeriod]:
    return control_answer(store, place, date.today()).timeline


def canonical_event(store: Store, canonical_id: str) -> CanonicalEvent:
    """One canonical event with its source records and contradictions."""
    return get_canonical_event(store, canonical_id)


def canonical_events(
    store: Store, *, date_from: date | None = None, date_to: date | None = None, country: str | None = None
) -> list[CanonicalEvent]:
    return load_canonical_events(store, date_from=date_from, date_to=date_to, country=country)


def place_timeline(
    store: Store, place: str, *, date_from: date | None = None, date_to: date | None = None
) -> list[TimelineEntry]:
    return timeline_for_place(load_canonical_events(store, date_from=date_from, date_to=date_to), place)


def actor_timeline(
    store: Store, actor: str, *, date_from: date | None = None, date_to: date | None = None
) -> list[TimelineEntry]:
    return timeline_for_actor(load_canonical_events(store, date_from=date_from, date_to=date_to), actor)


def timeline_chart_png(
    store: Store,
    *,
    place: str | None = None,
    actor: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    freq: str = "day",
) -> bytes:
    """PNG chart of event counts by type over time, for a place, an actor, or everything."""
    events = load_canonical_events(store, date_from=date_from, date_to=date_to)
    if place:
        entries = timeline_for_place(events, place)
        title = f"Events at {place} by type"
    elif actor:
        entries = timeline_for_actor(events, actor)
        title = f"Events involving {actor} by type"
    else:
        entries = chronology(events)
        title = "Events by type"
    return chart_png(entries, title, freq)


def daily_report_data(store: Store, day: date, *, region: str | None = None, days: int = 2) -> DailyReport:
    """The typed daily report (see :mod:`warreport.report.daily`)."""
    from warreport.report.daily import build_daily_report

    start = date.fromordinal(day.toordinal() - days + 1)
    return build_daily_report(
        load_canonical_events(store, date_from=start, date_to=day),
        load_control_periods(store),
        day,
        region=region,
        days=days,
    )
