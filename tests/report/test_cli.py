"""`warreport report` on a store filled with the sample corpus's oracle records."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.analysis.test_persist import _fill
from typer.testing import CliRunner

from warreport.store.repository import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('report') / 'store.db'}"
    _fill(Store(url))
    return url


@pytest.mark.parametrize(("fmt", "magic"), [("md", b"# Situation report"), ("html", b"<!DOCTYPE html>"), ("pdf", b"%PDF")])
def test_report_command(db: str, tmp_path: Path, fmt: str, magic: bytes) -> None:
    from warreport.cli import app

    out = tmp_path / f"r.{fmt}"
    result = CliRunner().invoke(app, ["--db", db, "report", "--date", "2017-11-01", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert "5 events" in result.output


def test_report_region_and_bad_input(db: str, tmp_path: Path) -> None:
    from warreport.cli import app

    runner = CliRunner()
    out = tmp_path / "syria.md"
    result = runner.invoke(app, ["--db", db, "report", "--date", "2017-11-01", "--region", "Syria", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "Deir ez-Zor" in text and "Al-Ubaydi" not in text
    bad = runner.invoke(app, ["--db", db, "report", "--date", "1 Nov", "-o", str(out)])
    assert bad.exit_code != 0
