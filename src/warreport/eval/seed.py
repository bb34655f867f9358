"""Score event extraction on the hand-coded seed report (``../shared/seed/gold.json``).

A gold event is found when a factual extracted event lies within 25 km of it (30 km where the
gold says its coordinates are approximate), has the same actor1 family and a date inside the
gold window. Found events are then checked field by field: sub_event_type (or an accepted
alternative), actor2 family, distance, date. Non-events must yield no factual event, and no
event may come from a reader comment.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from warreport.errors import InputError
from warreport.eval.acled import actor_family, haversine_km
from warreport.model import Document, Event

DEFAULT_RADIUS_KM = 25.0


@dataclass
class GoldEvent:
    id: str
    sub_event_type: str
    accepted_sub_types: tuple[str, ...]
    actor1: str
    actor2: str
    latitude: float
    longitude: float
    window: tuple[date, date]
    radius_km: float
    sentence_starts: str


@dataclass
class GoldMatch:
    gold: GoldEvent
    event: Event | None
    distance_km: float | None = None
    sub_ok: bool = False
    actor1_ok: bool = False
    actor2_ok: bool = False
    place_ok: bool = False
    date_ok: bool = False

    @property
    def all_ok(self) -> bool:
        return self.event is not None and self.sub_ok and self.actor1_ok and self.actor2_ok and self.place_ok and self.date_ok


@dataclass
class SeedReport:
    matches: list[GoldMatch]
    non_events: list[tuple[str, list[Event]]]  # text start, factual events from it
    comment_events: list[Event]
    events: list[Event]
    extra_factual: list[Event] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return (
            all(m.all_ok for m in self.matches)
            and all(not evs for _, evs in self.non_events)
            and not self.comment_events
        )


def default_seed_dir() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared" / "seed"
        if (candidate / "gold.json").is_file():
            return candidate
    return Path("../shared/seed")


def _radius(raw: dict[str, object]) -> float:
    note = str(raw.get("coordinates_note", ""))
    m = re.search(r"within\s+(\d+)\s*km", note)
    return float(m.group(1)) if m else DEFAULT_RADIUS_KM


def load_gold(path: Path) -> tuple[dict[str, object], list[GoldEvent]]:
    if not path.is_file():
        raise InputError(f"seed gold file {path} does not exist")
    data = json.loads(path.read_text(encoding="utf-8"))
    events = []
    for raw in data["events"]:
        window = raw.get("date_window") or [raw["event_date"], raw["event_date"]]
        events.append(GoldEvent(
            id=raw["id"],
            sub_event_type=raw["sub_event_type"],
            accepted_sub_types=(raw["sub_event_type"], *raw.get("also_accept_sub_event_type", [])),
            actor1=raw.get("actor1", ""),
            actor2=raw.get("actor2", ""),
            latitude=float(raw["latitude"]),
            longitude=float(raw["longitude"]),
            window=(date.fromisoformat(window[0]), date.fromisoformat(window[1])),
            radius_km=_radius(raw),
            sentence_starts=raw.get("sentence_starts", ""),
        ))
    return data, events


def parse_seed_page(seed_dir: Path) -> Document:
    from warreport.ingest.page import parse_page
    from warreport.model import RawPage

    pages = sorted(p for p in seed_dir.glob("*.txt"))
    if not pages:
        raise InputError(f"no seed page (*.txt) in {seed_dir}")
    raw = RawPage(origin=str(pages[0]), data=pages[0].read_bytes(), content_type="text/plain")
    return parse_page(raw, max_bytes=20_000_000)


def _candidates(gold: GoldEvent, events: list[Event]) -> list[tuple[float, Event]]:
    out = []
    for e in events:
        if not e.is_factual or e.latitude is None or e.longitude is None:
            continue
        dist = haversine_km(gold.latitude, gold.longitude, e.latitude, e.longitude)
        same_actor = actor_family(e.actor1 or "") == actor_family(gold.actor1)
        in_window = e.event_date is not None and gold.window[0] <= e.event_date <= gold.window[1]
        if dist <= gold.radius_km and same_actor and in_window:
            out.append((dist, e))
    return out


def score(doc: Document, events: list[Event], gold_events: list[GoldEvent], data: dict[str, object]) -> SeedReport:
    matches: list[GoldMatch] = []
    used: set[str] = set()
    for gold in gold_events:
        cands = [(d, e) for d, e in _candidates(gold, events) if e.event_id not in used]
        # Prefer the event from the gold sentence, then the right type, then the nearest.
        cands.sort(key=lambda de: (not de[1].sentence.startswith(gold.sentence_starts[:30]),
                                   de[1].sub_event_type not in gold.accepted_sub_types, de[0]))
        if not cands:
            matches.append(GoldMatch(gold, None))
            continue
        dist, event = cands[0]
        used.add(event.event_id)
        matches.append(GoldMatch(
            gold, event, dist,
            sub_ok=event.sub_event_type in gold.accepted_sub_types,
            actor1_ok=True,
            actor2_ok=actor_family(event.actor2 or "") == actor_family(gold.actor2),
            place_ok=dist <= gold.radius_km,
            date_ok=True,
        ))
    non_events = []
    for raw in data.get("non_events", []):  # type: ignore[attr-defined]
        start = str(raw["text_starts"])
        bad = [e for e in events if e.is_factual and e.sentence.startswith(start[:40])]
        non_events.append((start, bad))
    comment_texts = [c.text for c in doc.comments]
    comment_events = [e for e in events if e.sentence and (e.sentence not in doc.text or any(e.sentence in t for t in comment_texts))]
    extra = [e for e in events if e.is_factual and e.event_id not in used]
    return SeedReport(matches, non_events, comment_events, events, extra)


def evaluate_seed(seed_dir: Path | None = None) -> SeedReport:
    from warreport.extract import extract_events

    folder = seed_dir or default_seed_dir()
    data, gold_events = load_gold(folder / "gold.json")
    doc = parse_seed_page(folder)
    return score(doc, extract_events(doc), gold_events, data)


def seed_tables(report: SeedReport) -> list[object]:
    """Rich tables of a seed run: gold events, non-events, summary."""
    from rich.table import Table

    gold = Table(title="Seed report: gold events", title_justify="left")
    for col in ("gold", "found", "sub_event_type", "actor1", "actor2", "place (km)", "date", "extracted"):
        gold.add_column(col)
    mark = {True: "[green]ok[/]", False: "[red]no[/]"}
    for m in report.matches:
        e = m.event
        gold.add_row(
            f"{m.gold.id} {m.gold.sub_event_type}",
            mark[e is not None],
            mark[m.sub_ok] if e else "-",
            mark[m.actor1_ok] if e else "-",
            mark[m.actor2_ok] if e else "-",
            f"{m.distance_km:.1f} ≤ {m.gold.radius_km:.0f}" if m.distance_km is not None else "-",
            mark[m.date_ok] if e else "-",
            f"{e.sub_event_type} | {e.actor1} | {e.actor2} | {e.location} | {e.event_date}" if e else "",
        )
    non = Table(title="Seed report: statements that must not be events", title_justify="left")
    for col in ("text", "factual events"):
        non.add_column(col)
    for text, bad in report.non_events:
        non.add_row(text[:60], mark[not bad] + (f" ({len(bad)})" if bad else ""))
    non.add_row("any sentence of a reader comment", mark[not report.comment_events])
    summary = Table(title="Seed report: summary", title_justify="left")
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    found = sum(1 for m in report.matches if m.all_ok)
    summary.add_row("gold events found with every field right", f"{found}/{len(report.matches)}")
    summary.add_row("records extracted (all certainties)", str(len(report.events)))
    summary.add_row("factual records not matching a gold event", str(len(report.extra_factual)))
    summary.add_row("test", "[green]PASS[/]" if report.passed else "[red]FAIL[/]")
    return [gold, non, summary]
