"""Typed records of the analysis stage: canonical (merged) events, control periods, timelines.

A :class:`CanonicalEvent` is one happening as reported by one or more source records
(:class:`warreport.model.Event`, one per document). It carries the most precise values
of its members, the number of independent outlets that report it (``corroboration``) and
the disagreements between them (:class:`Contradiction`), which are shown, never resolved
silently.

A :class:`ControlPeriod` says who holds a place from when to when, on which evidence, with
a status as ISW/CTP maps distinguish it: ``assessed`` (corroborated by independent outlets)
or ``claimed`` (one outlet, or only a party's own claim).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from warreport.model import Certainty, Quantity


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRecord(_Model):
    """One source record (an extracted event of one document) behind a canonical event."""

    event_id: str
    doc_id: str
    source: str | None = None
    outlet: str  # the outlet key used for counting independent sources
    source_url: str | None = None
    event_date: date | None = None
    date_start: date | None = None
    date_end: date | None = None
    sub_event_type: str = ""
    actor1: str | None = None
    actor2: str | None = None
    location: str | None = None
    sub_locations: list[str] = Field(default_factory=list)
    certainty: Certainty = Certainty.REPORTED
    framing: list[str] = Field(default_factory=list)
    sentence: str = ""


class Contradiction(_Model):
    """Members of one canonical event disagree on a field: every value with its records."""

    field: str
    values: dict[str, list[str]]  # value as text -> event ids that state it
    note: str = ""


class CanonicalEvent(_Model):
    """One happening, merged from every record that reports it."""

    canonical_id: str
    family: str
    event_type: str
    sub_event_type: str
    event_date: date | None = None
    date_start: date | None = None
    date_end: date | None = None
    span_start: date | None = None  # union of the members' windows (used for matching)
    span_end: date | None = None
    time_precision: int = 1
    actor1: str | None = None
    assoc_actor_1: list[str] = Field(default_factory=list)
    actor2: str | None = None
    assoc_actor_2: list[str] = Field(default_factory=list)
    inter1: int | None = None
    inter2: int | None = None
    location: str | None = None
    place_key: str = ""
    place_names: list[str] = Field(default_factory=list)  # every spelling the records used
    sub_locations: list[str] = Field(default_factory=list)
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    iso: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    fatalities: int = 0
    quantities: list[Quantity] = Field(default_factory=list)
    weapons: list[str] = Field(default_factory=list)
    certainty: Certainty = Certainty.REPORTED
    corroboration: int = 1
    outlets: list[str] = Field(default_factory=list)
    sources: list[SourceRecord] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    conflicts_with: list[str] = Field(default_factory=list)  # canonical ids with incompatible accounts
    sentence: str = ""  # the sentence of the most precise record (for display)

    @property
    def event_ids(self) -> list[str]:
        return [s.event_id for s in self.sources]

    @property
    def only_claims(self) -> bool:
        """True when no record reports it as fact: all are claims or allegations."""
        return all(s.certainty is not Certainty.REPORTED for s in self.sources)


class ControlStatus(StrEnum):
    ASSESSED = "assessed"
    CLAIMED = "claimed"


class ControlBasis(StrEnum):
    CAPTURED = "captured"  # a territory event names the controller as the winner
    TRANSFERRED = "transferred"  # non-violent transfer of territory
    AGREEMENT = "agreement"  # an agreement hands over or shares the place
    HELD_BEFORE = "held before"  # inferred: the loser of the first known change held it before


class ControlPeriod(_Model):
    """Who held a place from ``start`` (inclusive) to ``end`` (exclusive; None = still)."""

    place_key: str
    place: str
    names: list[str] = Field(default_factory=list)  # every spelling the evidence used
    parent: str | None = None  # the city of a neighbourhood
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None
    admin1: str | None = None
    controller: str
    partners: list[str] = Field(default_factory=list)  # joint holders or associated forces
    start: date | None = None  # None: from before the first evidence
    end: date | None = None
    status: ControlStatus
    basis: ControlBasis
    canonical_ids: list[str] = Field(default_factory=list)
    event_ids: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    corroboration: int = 1
    contested_by: list[str] = Field(default_factory=list)  # incompatible claims at the same time
    note: str = ""

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


class ControlAnswer(_Model):
    """The answer to "who held PLACE on DAY?"."""

    query: str
    at: date
    place_key: str
    place: str
    period: ControlPeriod | None = None
    timeline: list[ControlPeriod] = Field(default_factory=list)

    @property
    def controller(self) -> str | None:
        return self.period.controller if self.period else None


class TimelineEntry(_Model):
    """One canonical event in a place's or an actor's chronology."""

    canonical_id: str
    event_date: date | None
    date_start: date | None = None
    date_end: date | None = None
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    location: str | None = None
    country: str | None = None
    certainty: Certainty = Certainty.REPORTED
    corroboration: int = 1
    outlets: list[str] = Field(default_factory=list)
    summary: str = ""
