"""A short coverage-guided fuzzing run of the page parser (atheris), bounded in time."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scale.helpers import SAMPLES

pytestmark = pytest.mark.timeout(600)

HARNESS = Path(__file__).with_name("atheris_page.py")


def test_atheris_finds_no_crash_in_the_page_parser(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for page in SAMPLES.iterdir():
        if page.suffix in {".html", ".txt"}:
            shutil.copy(page, corpus / page.name)
    proc = subprocess.run(
        [sys.executable, str(HARNESS), "-runs=3000", "-max_total_time=60", "-max_len=65536",
         "-rss_limit_mb=2048", "-timeout=30", f"-artifact_prefix={tmp_path}/", str(corpus)],
        capture_output=True, text=True, timeout=400,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "Done" in proc.stderr or "DONE" in proc.stderr or "max_total_time" in proc.stderr
