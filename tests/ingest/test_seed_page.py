"""The seed page (../shared/seed, a third-party page read in place, never copied).

Only its structure is asserted here — counts, first and last words (read from the shared
gold file), authors, chrome and comments kept out of the body — so no text of the page is
committed; golden files exist only for pages we wrote ourselves (see test_golden.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warreport.ingest.page import parse_page
from warreport.model import Document, RawPage

from .conftest import shared_path

WIDGET = ("Notify of", "Newest Most Voted", "Inline Feedbacks", "View all comments")
# Authors as the page shows them: None where a comment follows without a name.
AUTHORS = [
    "Dr. Ronald Cutburth", "Politolog Externista", "Jonathan Cohen", None, "You can call me Al",
    "Jonathan Cohen", None, None, None, None, "Hugh Allan", None, None, None,
]


@pytest.fixture(scope="module")
def gold() -> dict:  # type: ignore[type-arg]
    return json.loads(shared_path("seed", "gold.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    path: Path = shared_path("seed", "war-report-2017-11-01.txt")
    return parse_page(RawPage(origin=str(path), data=path.read_bytes()), max_bytes=20_000_000)


def test_title_date_and_outlet(seed_doc: Document, gold: dict) -> None:  # type: ignore[type-arg]
    assert seed_doc.title == gold["document"]["title"]
    assert str(seed_doc.published) == gold["document"]["published"]
    assert seed_doc.source == gold["document"]["source"] == "SouthFront"
    assert seed_doc.language == "en"
    assert seed_doc.format == "text"


def test_body_is_the_seven_article_paragraphs(seed_doc: Document, gold: dict) -> None:  # type: ignore[type-arg]
    assert len(seed_doc.body) == gold["document"]["body_paragraphs"] == 7
    assert seed_doc.body[0].startswith(gold["document"]["body_first_words"])
    assert seed_doc.body[-1].endswith(gold["document"]["body_last_words"])


def test_chrome_is_boilerplate_not_body(seed_doc: Document, gold: dict) -> None:  # type: ignore[type-arg]
    for expected in gold["document"]["boilerplate"]:
        assert any(block.startswith(expected) for block in seed_doc.boilerplate), expected
    for line in WIDGET:
        assert line in seed_doc.boilerplate
        assert line not in seed_doc.text
    for word in ("PayPal", "Support SouthFront", "please support"):
        assert word not in seed_doc.text


def test_fourteen_comments_split_off_with_authors(seed_doc: Document, gold: dict) -> None:  # type: ignore[type-arg]
    assert len(seed_doc.comments) == len(gold["comments"]) == 14
    for comment, expected in zip(seed_doc.comments, gold["comments"], strict=True):
        assert comment.text.startswith(expected["text_starts"])
    assert [c.author for c in seed_doc.comments] == AUTHORS
    assert [c.index for c in seed_doc.comments] == list(range(14))


def test_no_comment_text_in_the_body(seed_doc: Document) -> None:
    for comment in seed_doc.comments:
        assert comment.text not in seed_doc.text
        for line in comment.text.splitlines():
            if len(line) > 15:
                assert line not in seed_doc.text
        if comment.author:
            assert comment.author not in seed_doc.text


def test_a_reader_answering_by_name_is_a_reply(seed_doc: Document) -> None:
    replies = {c.index: c.reply_to for c in seed_doc.comments if c.reply_to is not None}
    assert replies == {3: 2}  # the misspelt first name of comment 2's author


def test_cli_parse_json(seed_doc: Document, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = shared_path("seed", "war-report-2017-11-01.txt")
    result = run_cli("parse", str(path), "--json")
    assert result.code == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) >= {"title", "published", "source", "url", "language", "body", "boilerplate", "comments"}
    assert out["body"] == seed_doc.body
    assert out["published"] == "2017-11-01"
    assert [c["author"] for c in out["comments"]] == AUTHORS
    assert all(set(c) >= {"author", "text", "reply_to"} for c in out["comments"])


def test_stdin_gives_the_same_document(seed_doc: Document, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = shared_path("seed", "war-report-2017-11-01.txt")
    result = run_cli("parse", "-", "--json", stdin=path.read_bytes())
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["doc_id"] == seed_doc.doc_id
