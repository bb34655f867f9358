"""`warreport extract`: formats, --input-jsonl, exclusion of uncertain statements."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warreport.cli import app
from warreport.extract.output import CONTRACT_FIELDS

RECORDS = [
    {"id": "n1", "text": "On 25 June 2020, regime forces shelled Kafraya in Idleb. Neither injuries nor fatalities were reported.",
     "published": "2020-06-25", "source": "test"},
    {"id": "n2", "text": "ISIS will likely attack Mosul next week.", "published": "2020-06-25", "source": "test"},
]


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    return path


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, ["extract", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_jsonl(records: Path) -> None:
    lines = [json.loads(x) for x in _run("--input-jsonl", str(records)).splitlines() if x.startswith("{")]
    assert len(lines) == 1
    rec = lines[0]
    assert list(rec)[: len(CONTRACT_FIELDS)] == list(CONTRACT_FIELDS)
    assert rec["doc_id"] == "n1" and rec["sub_event_type"] == "Shelling/artillery/missile attack"
    assert rec["fatalities"] == 0 and rec["certainty"] == "reported"


def test_uncertain_included_on_request(records: Path) -> None:
    lines = [json.loads(x) for x in _run("--input-jsonl", str(records), "--include-uncertain").splitlines()
             if x.startswith("{")]
    assert {r["certainty"] for r in lines} == {"reported", "predicted"}


def test_csv_has_acled_columns_first(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    _run("--input-jsonl", str(records), "--format", "csv", "--output", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:7] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type"]
    assert rows[0]["actor1"] == "Military Forces of Syria (2000-)"


def test_geojson(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.geojson"
    _run("--input-jsonl", str(records), "-f", "geojson", "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 1
    assert data["features"][0]["geometry"]["type"] == "Point"


def test_bad_format() -> None:
    result = CliRunner().invoke(app, ["extract", "--input-jsonl", "x.jsonl", "--format", "xml"])
    assert result.exit_code != 0
