"""The CLI: help everywhere, errors as one line with exit codes, the reference in sync."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from warreport.cli import app

REPO = Path(__file__).resolve().parents[1]


def _walk(cmd: Any, path: tuple[str, ...] = ("warreport",)) -> list[tuple[tuple[str, ...], Any]]:
    out = [(path, cmd)]
    for name, sub in getattr(cmd, "commands", {}).items():
        out += _walk(sub, (*path, name))
    return out


COMMANDS = _walk(typer.main.get_command(app))


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_and_option_is_explained(path: tuple[str, ...], cmd: Any) -> None:
    assert (cmd.help or "").strip(), f"{' '.join(path)} has no help text"
    for param in cmd.params:
        if getattr(param, "hidden", False):
            continue
        assert (getattr(param, "help", "") or "").strip(), f"{' '.join(path)} {param.name} has no help"


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warreport", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )


def test_help_runs() -> None:
    result = _run("--help")
    assert result.returncode == 0
    assert "ingest" in result.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (("parse", "-"), "", 3, "empty"),
        (("parse", "/definitely/not/here.txt"), None, 3, "no such file"),
        (("parse", "ftp://example.org/x"), None, 3, "only http(s)"),
    ],
)
def test_errors_are_one_line_with_exit_code(args: tuple[str, ...], stdin: str | None, code: int, message: str) -> None:
    result = _run(*args, stdin=stdin)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
