"""Exports: ACLED's column order, the row mapping, and the four formats from the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from warreport.export.acled import ACLED_COLUMNS, COLUMNS, acled_row, disorder_type, interaction
from warreport.review import ReviewStore
from web_fixtures import build_store

runner = CliRunner()


def test_acled_column_order() -> None:
    assert ACLED_COLUMNS[:7] == (
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    )
    assert ACLED_COLUMNS[-3:] == ("fatalities", "tags", "timestamp")
    assert len(set(COLUMNS)) == len(COLUMNS)


@pytest.mark.parametrize(
    ("inter1", "inter2", "code"),
    [(1, 2, 12), (2, 1, 12), (1, None, 10), (None, 7, 70), (None, None, None), (3, 3, 33)],
)
def test_interaction_codes(inter1: int | None, inter2: int | None, code: int | None) -> None:
    assert interaction(inter1, inter2) == code


@pytest.mark.parametrize(
    ("event_type", "disorder"),
    [("Battles", "Political violence"), ("Protests", "Demonstrations"),
     ("Strategic developments", "Strategic developments"), ("Unknown", "")],
)
def test_disorder_type(event_type: str, disorder: str) -> None:
    assert disorder_type(event_type) == disorder


def test_acled_row(sqlite_url: str) -> None:
    _, _, events = build_store(sqlite_url)
    row = acled_row(events[2], review_status="confirmed")
    assert set(row) == set(COLUMNS)
    assert row["iso"] == 368 and row["region"] == "Middle East" and row["country"] == "Iraq"
    assert row["year"] == 2017 and row["fatalities"] == 4 and row["certainty"] == "reported"
    assert row["notes"] == events[2].sentence and row["review_status"] == "confirmed"


def cli(url: str, *args: str) -> Any:
    from warreport.cli import app

    result = runner.invoke(app, ["--db", url, *args])
    return result


@pytest.mark.parametrize("fmt", ["csv", "geojson", "parquet", "jsonl"])
def test_cli_export_formats(sqlite_url: str, tmp_path: Path, fmt: str) -> None:
    build_store(sqlite_url)
    out = tmp_path / f"events.{fmt}"
    result = cli(sqlite_url, "export", "--format", fmt, "--output", str(out), "--country", "Syria")
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert {r["location"] for r in rows} == {"Deir ez-Zor", "Abu Kamal"}
        assert tuple(out.read_text().splitlines()[0].split(",")[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    elif fmt == "geojson":
        from geojson_pydantic import FeatureCollection

        fc = FeatureCollection.model_validate(json.loads(out.read_text()))
        assert len(fc.features) == 2
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(out)
        assert table.num_rows == 2 and str(table.schema.field("event_date").type) == "date32[day]"
    else:
        lines = [json.loads(line) for line in out.read_text().splitlines()]
        assert {e["location"] for e in lines} == {"Deir ez-Zor", "Abu Kamal"}
        assert "fields_provenance" in lines[0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bbox", "40.5,34,41.5,35"], {"Abu Kamal", "Ubaydi"}),
        (["--near", "35.336,40.141", "--radius-km", "30"], {"Deir ez-Zor"}),
        (["--date-from", "2017-10-31", "--date-to", "2017-10-31"], {"Deir ez-Zor", "Abu Kamal"}),
        (["--actor", "russia"], {"Abu Kamal"}),
        (["--event-type", "Battles", "--admin1", "Anbar"], {"Ubaydi"}),
        (["--include-uncertain", "--q", "raqqa"], {"Raqqa"}),
        (["--certainty", "predicted"], {"Raqqa"}),
        (["--source", "Levant Front Monitor", "--country", "Iraq", "--limit", "1"], {"Ubaydi"}),
    ],
)
def test_cli_export_filters_match_the_api(sqlite_url: str, args: list[str], expected: set[str]) -> None:
    build_store(sqlite_url)
    result = cli(sqlite_url, "export", "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    got = {json.loads(line)["location"] for line in result.stdout.splitlines() if line.startswith("{")}
    assert got == expected


def test_cli_export_reviewed_and_machine_values(sqlite_url: str) -> None:
    store, _, events = build_store(sqlite_url)
    reviews = ReviewStore(store.db)
    reviews.review(events[1].event_id, "correct", "me", {"fatalities": 11})
    reviews.review(events[0].event_id, "reject", "me")
    reviewed = cli(sqlite_url, "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(reviewed.stdout.split("exported")[0])))
    assert {r["location"]: r["fatalities"] for r in rows} == {"Abu Kamal": "11", "Ubaydi": "4"}
    machine = cli(sqlite_url, "export", "--format", "csv", "--values", "machine")
    rows = list(csv.DictReader(io.StringIO(machine.stdout.split("exported")[0])))
    assert {r["location"]: r["fatalities"] for r in rows} == {"Deir ez-Zor": "0", "Abu Kamal": "0", "Ubaydi": "4"}


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "xml"],
        ["--format", "parquet"],
        ["--bbox", "1,2"],
        ["--date-from", "01/11/2017"],
        ["--near", "35"],
        ["--values", "mine"],
        ["--lat-lon-typo"],
    ],
)
def test_cli_export_errors(sqlite_url: str, args: list[str]) -> None:
    build_store(sqlite_url)
    result = cli(sqlite_url, "export", *args)
    assert result.exit_code != 0
