"""Comment threads split from HTML: wpDiscuz, Disqus, WordPress core, schema.org, generic."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from warreport.ingest.threads import extract_comments_html, parse_time

FIXTURES = Path(__file__).parent / "fixtures"


def _load(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "wpdiscuz.html",
            [
                ("Alpha Reader", datetime(2017, 11, 2, 14, 5), None, "First paragraph of the first comment.\n\nSecond paragraph."),
                ("Beta", datetime(2017, 11, 2, 15, 30), 0, "A reply to Alpha."),
                ("Gamma", None, None, "A second top-level comment\nover two lines."),
            ],
        ),
        ("wpdiscuz_flat.html", [("One", None, None, "Top comment."), ("Two", None, 0, "Flat reply to one.")]),
        (
            "disqus.html",
            [
                ("delta_user", datetime(2017, 11, 2, 9, 14), None, "Disqus top comment."),
                ("epsilon", datetime(2017, 11, 2, 22, 1), 0, "Disqus reply."),
            ],
        ),
        (
            "wordpress.html",
            [
                ("Zeta", datetime(2017, 11, 3, 8, 15), None, "WordPress core comment."),
                ("Eta", datetime(2017, 11, 3, 9, 40), 0, "Reply in WordPress."),
            ],
        ),
        ("schema_org.html", [("Theta", datetime(2017, 11, 5, 12, 0), None, "Microdata comment.")]),
        (
            "generic.html",
            [
                ("Iota", datetime(2017, 11, 6), None, "Generic markup comment one."),
                ("Kappa", None, 0, "Generic nested reply."),
                ("Lambda", None, None, "Generic comment two."),
            ],
        ),
        ("no_comments.html", []),
    ],
)
def test_threads_from_markup(fixture: str, expected: list[tuple[str | None, datetime | None, int | None, str]]) -> None:
    comments = extract_comments_html(_load(fixture))
    got = [(c.author, c.published, c.reply_to, c.text) for c in comments]
    assert got == expected
    assert [c.index for c in comments] == list(range(len(expected)))


def test_article_text_is_not_a_comment() -> None:
    for fixture in ("wpdiscuz.html", "disqus.html", "wordpress.html", "generic.html"):
        texts = " ".join(c.text for c in extract_comments_html(_load(fixture)))
        assert "Invented article" not in texts


def test_blog_post_markup_is_not_taken_for_comments() -> None:
    page = (
        "<html><body><article class='post'><div class='entry-content'><p>Body text.</p></div></article>"
        "<div class='post'><div class='post-content'>Another post.</div></div></body></html>"
    )
    assert extract_comments_html(page) == []


@pytest.mark.parametrize("page", ["", "   ", "<html></html>", "not html at all"])
def test_empty_or_odd_input(page: str) -> None:
    assert extract_comments_html(page) == []


def test_quoted_text_of_parent_is_dropped() -> None:
    page = (
        "<ol class='commentlist'><li class='comment'><cite class='fn'>A</cite>"
        "<div class='comment-content'><blockquote>quoted words</blockquote><p>My answer.</p></div></li></ol>"
    )
    [comment] = extract_comments_html(page)
    assert comment.text == "My answer."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-11-03T08:15:00+00:00", datetime(2017, 11, 3, 8, 15)),
        ("November 3, 2017 at 8:15 pm", datetime(2017, 11, 3, 20, 15)),
        ("3 November 2017 12:05 am", datetime(2017, 11, 3, 0, 5)),
        ("Thursday, November 2, 2017 9:14 AM", datetime(2017, 11, 2, 9, 14)),
        ("7 years ago", None),
        (None, None),
    ],
)
def test_parse_time(value: str | None, expected: datetime | None) -> None:
    assert parse_time(value) == expected
