"""The daily report: its facts come from the events, in neutral words, reproducibly."""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path

import pytest

from warreport.analysis.control import build_control
from warreport.analysis.models import CanonicalEvent, ControlPeriod
from warreport.eval.merge import evaluate_oracle
from warreport.report.daily import DailyReport, build_daily_report
from warreport.report.phrases import actor_name, describe, loaded_words_in, scrub
from warreport.report.render import to_html, to_markdown, write_report

DAY = date(2017, 11, 1)


@functools.lru_cache(maxsize=1)
def _data() -> tuple[list[CanonicalEvent], list[ControlPeriod]]:
    canon = evaluate_oracle().canonicals
    return canon, build_control(canon)


@pytest.fixture
def report() -> DailyReport:
    canon, periods = _data()
    return build_daily_report(canon, periods, DAY)


def test_the_report_covers_exactly_the_events_of_its_days(report: DailyReport) -> None:
    canon, _ = _data()
    expected = {c.canonical_id for c in canon if c.event_date and date(2017, 10, 31) <= c.event_date <= DAY}
    assert {r.canonical_id for r in report.table} == expected
    assert {c.canonical_id for f in report.fronts for c in f.events} == expected


def test_each_table_row_states_the_event_facts(report: DailyReport) -> None:
    by_id = {c.canonical_id: c for c in report.events}
    for row in report.table:
        c = by_id[row.canonical_id]
        assert row.date == c.event_date.isoformat()  # type: ignore[union-attr]
        assert row.sub_event_type == c.sub_event_type
        assert row.corroboration == c.corroboration
        assert row.sources == ", ".join(c.outlets)
        assert actor_name(c.actor1) in row.actors


def test_summaries_name_who_took_what_with_the_number_of_outlets(report: DailyReport) -> None:
    text = "\n".join(line for f in report.fronts for line in f.summary)
    assert "Military Forces of Iraq took control of Al-Ubaydi from Islamic State (Iraq)" in text
    assert "Military Forces of Syria took control of the Kanamat" in text
    assert "3 outlets" in text
    assert "Military Forces of Russia launched 3 " in text  # the strike with its count
    assert "reached an agreement concerning Fishkhabur" in text
    assert "not independently confirmed" in text  # the agreement rests on claims and allegations


def test_fronts_group_by_region(report: DailyReport) -> None:
    names = [f.name for f in report.fronts]
    assert names[0] == "Deir ez-Zor (Syria)"
    assert {"Al Anbar (Iraq)", "Dahuk (Iraq)"} <= set(names)


def test_control_changes_of_the_day(report: DailyReport) -> None:
    places = {p.place for p in report.control_changes}
    assert "Al-Ubaydi" in places and "Fishkhabur" in places
    assert any(p.place.startswith("Kanamat") for p in report.control_changes)


def test_region_filter() -> None:
    canon, periods = _data()
    iraq = build_daily_report(canon, periods, DAY, region="Iraq")
    assert {c.country for c in iraq.events} == {"Iraq"}
    assert all(p.country == "Iraq" for p in iraq.control_changes)


def test_the_report_never_uses_the_sources_loaded_words(report: DailyReport, tmp_path: Path) -> None:
    framing = ["liberated", "liberation", "terrorists", "heroic", "heroes", "separatist", "proxies", "freed"]
    text = to_markdown(report, "map.png") + to_html(report, b"png")
    assert loaded_words_in(text, framing) == []


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("liberated Kanamat", "Kanamat"), ("terrorist positions", "positions"), ("Old Airport", "Old Airport")],
)
def test_scrub(raw: str, clean: str) -> None:
    assert scrub(raw) == clean


def test_certainty_words(report: DailyReport) -> None:
    deal = next(c for c in report.events if c.sub_event_type == "Agreement")
    assert "claim" in describe(deal) or "reportedly" in describe(deal)
    capture = next(c for c in report.events if c.location == "Al-Ubaydi")
    assert "3 outlets" in describe(capture) and "reportedly" not in describe(capture)


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_every_format_is_written_and_reproducible(report: DailyReport, tmp_path: Path, fmt: str) -> None:
    first = write_report(report, tmp_path / "a" / f"report.{fmt}", fmt)
    second = write_report(report, tmp_path / "b" / f"report.{fmt}", fmt)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a
    main = first[0].read_bytes()
    if fmt == "pdf":
        assert main.startswith(b"%PDF")
    else:
        assert b"Al-Ubaydi" in main
    if fmt == "md":
        png = first[1].read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 20_000
        assert re.search(r"!\[[^\]]*\]\(report\.png\)", main.decode())
    if fmt == "html":
        assert b"data:image/png;base64," in main


def test_an_empty_day_still_gives_a_report(tmp_path: Path) -> None:
    canon, periods = _data()
    empty = build_daily_report(canon, periods, date(2016, 1, 1))
    assert empty.table == [] and "No events" in empty.overview
    assert write_report(empty, tmp_path / "r.md", "md")[1].read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("precision", "subs", "expected"),
    [
        (1, [], "took control of Al Qa'im from Islamic State (Iraq)"),
        (2, [], "took control of areas near Al Qa'im from Islamic State (Iraq)"),
        (3, [], "took control of areas near Al Qa'im from Islamic State (Iraq)"),
        (2, ["Ubaydi"], "took control of the Ubaydi district of Al Qa'im from Islamic State (Iraq)"),
    ],
)
def test_territory_near_a_town_is_not_the_town(precision: int, subs: list[str], expected: str) -> None:
    event = CanonicalEvent(
        canonical_id="c1", family="territory", event_type="Strategic developments",
        sub_event_type="Government regains territory", actor1="Military Forces of Iraq (2014-2018)",
        actor2="Islamic State (Iraq)", location="Al Qa'im", geo_precision=precision, sub_locations=subs,
        event_date=DAY,
    )
    assert expected in describe(event)
