"""Golden files: our parser's output for the fixture pages we wrote ourselves.

Regenerate after an intended change with ``WARREPORT_UPDATE_GOLDEN=1 pytest tests/ingest/test_golden.py``
and review the diff. For the HTML page only the article part is golden: the comment thread
comes from the moderation area's thread extractor, and is checked in test_htmlpage.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from warreport.config import env_flag
from warreport.ingest.page import parse_page
from warreport.model import RawPage

from .conftest import GOLDEN, HTML_FIXTURE, TEXT_FIXTURE

ARTICLE_KEYS = ("doc_id", "title", "published", "source", "url", "language", "body")
CASES = [
    pytest.param(TEXT_FIXTURE, None, None, id="text-page"),
    pytest.param(HTML_FIXTURE, "https://orontes-courier.example.org/2019/05/12/hama-shelling/", ARTICLE_KEYS,
                 id="html-page"),
]


def _parsed(fixture: Path, url: str | None, keys: tuple[str, ...] | None) -> dict[str, Any]:
    raw = RawPage(origin=fixture.name, data=fixture.read_bytes(), url=url)
    out = parse_page(raw, max_bytes=1_000_000).to_json_dict()
    return {k: out[k] for k in keys} if keys else out


@pytest.mark.parametrize(("fixture", "url", "keys"), CASES)
def test_golden(fixture: Path, url: str | None, keys: tuple[str, ...] | None) -> None:
    golden = GOLDEN / f"{fixture.stem}.json"
    actual = _parsed(fixture, url, keys)
    if env_flag("WARREPORT_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run with WARREPORT_UPDATE_GOLDEN=1"
    assert actual == json.loads(golden.read_text("utf-8"))
