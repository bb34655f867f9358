"""docs/cli.md is generated from the commands' help; it must match the code."""

from __future__ import annotations

from pathlib import Path

from warreport import docs_cli
from warreport.config import SETTINGS

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def test_cli_reference_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == docs_cli.render(), (
        "docs/cli.md is stale: run `make docs` and commit the result"
    )


def test_reference_covers_every_command_and_setting() -> None:
    text = docs_cli.render()
    for command in ("parse", "ingest", "extract", "export", "serve", "control", "report", "moderate",
                    "geocode", "alerts add", "token create", "eval acled", "load"):
        assert f"`warreport {command}`" in text, command
    for setting in SETTINGS:
        assert f"`{setting.name}`" in text
