"""Merging must not fuse distinct events: ACLED rows are distinct by construction."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tests.conftest import shared_path

from warreport.eval.merge import acled_non_fusion

FIELDS = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "location", "admin1", "country", "latitude", "longitude", "geo_precision", "fatalities", "source", "notes"]


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, FIELDS)
        w.writeheader()
        for row in rows:
            w.writerow({k: row.get(k, "") for k in FIELDS})
    return path


def _row(i: int, **kw: str) -> dict[str, str]:
    base = {
        "event_id_cnty": f"T{i}", "event_date": "2017-01-02", "time_precision": "1", "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Military Forces of Syria (2000-)",
        "actor2": "Islamic State (Syria)", "location": "Hatla", "admin1": "Deir ez-Zor", "country": "Syria",
        "latitude": "35.36", "longitude": "40.22", "geo_precision": "1", "fatalities": "0", "source": "A",
    }
    base.update(kw)
    return base


def test_distinct_rows_written_by_us(tmp_path: Path) -> None:
    rows = [
        _row(1),
        _row(2, source="A"),  # same outlet, same day, same place: another clash it reported
        _row(3, location="Marrat", latitude="35.37", longitude="40.20"),  # a neighbouring village
        _row(4, event_date="2017-01-03"),  # the next day
        _row(5, sub_event_type="Peaceful protest", event_type="Protests", actor1="Protesters (Syria)",
             assoc_actor_1="Students (Syria)", actor2=""),
        _row(6, sub_event_type="Peaceful protest", event_type="Protests", actor1="Protesters (Syria)",
             assoc_actor_1="Lawyers (Syria)", actor2="", source="B"),
    ]
    result = acled_non_fusion(_write(tmp_path / "acled.csv", rows))
    assert result.fused_pairs_all == 0
    assert result.canonical_events == 6


def test_same_clash_from_two_outlets_is_fused(tmp_path: Path) -> None:
    result = acled_non_fusion(_write(tmp_path / "acled.csv", [_row(1), _row(2, source="B")]))
    assert result.fused_pairs_all == 1  # the check counts it: two outlets, indistinguishable records


@pytest.mark.slow
def test_acled_dev_fusion_rate() -> None:
    path = shared_path("data", "acled", "derived", "syria_iraq_acled_dev.csv")
    result = acled_non_fusion(path)
    assert result.rows > 19_000
    # measured 0.287 (230 of 800 pairs), all from two different sources
    assert result.group_fusion_rate < 0.35
