"""Plain-text pages: title line, dates, chrome, the comment widget, authors and replies."""

from __future__ import annotations

from datetime import date

import pytest

from warreport.errors import EmptyInputError
from warreport.ingest.textpage import (
    find_date,
    link_replies,
    looks_like_author,
    parse_text_page,
    split_blocks,
    split_comments,
    strip_outlet,
)
from warreport.model import Comment

from .conftest import TEXT_FIXTURE


def page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


ARTICLE = [
    "Government forces shelled the eastern villages on Monday, residents said.",
    "The army said it had destroyed two positions of the armed group near the river.",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("War Report – November 1, 2017: Front Collapses", date(2017, 11, 1)),
        ("Weekly digest, 1 November 2017", date(2017, 11, 1)),
        ("Published 3rd March, 2020 by staff", date(2020, 3, 3)),
        ("Sept. report", None),
        ("Report of Nov. 9, 2019", date(2019, 11, 9)),
        ("Update 2021-02-16 evening", date(2021, 2, 16)),
        ("February 30, 2020 never happened", None),
        ("Nothing here", None),
    ],
)
def test_find_date(text: str, expected: date | None) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jonathan Cohen", True),
        ("Sami K.", True),
        ("Peter O. Jr.", True),
        ("Dr. Ronald Cutburth", True),
        ("quietobserver", False),  # starts lower-case: could be a sentence
        ("Great news from the front.", False),
        ("Where is the army?", False),
        ("Yes, indeed", False),
        ("A very long line that goes on and on and is certainly not a name", False),
    ],
)
def test_looks_like_author(line: str, expected: bool) -> None:
    assert looks_like_author(line) is expected


@pytest.mark.parametrize(
    ("title", "source", "expected"),
    [
        ("Raid near Monguno – Delta Dispatch, 9 March 2020", "Delta Dispatch", "Raid near Monguno"),
        ("Raid near Monguno | Delta Dispatch", "Delta Dispatch", "Raid near Monguno"),
        ("Raid near Monguno – Delta Dispatch, our own analysis", "Delta Dispatch",
         "Raid near Monguno – Delta Dispatch, our own analysis"),
        ("War Report – November 1, 2017: ISIS Defense Collapsed", "SouthFront",
         "War Report – November 1, 2017: ISIS Defense Collapsed"),
        ("Delta Dispatch", "Delta Dispatch", "Delta Dispatch"),
        ("Anything", None, "Anything"),
    ],
)
def test_strip_outlet(title: str, source: str | None, expected: str) -> None:
    assert strip_outlet(title, source) == expected


def test_fixture_page() -> None:
    doc = parse_text_page(TEXT_FIXTURE.read_text("utf-8"), origin="fixture")
    assert doc.title == "Boko Haram fighters raid army base near Monguno"
    assert doc.published == date(2020, 3, 9)
    assert doc.source == "Delta Dispatch"
    assert len(doc.body) == 4
    assert "Related coverage: Lake Chad basin, displacement in Borno" in doc.boilerplate
    assert [(c.author, c.reply_to) for c in doc.comments] == [
        ("Amina B.", None), ("Chuka", None), (None, None), ("Peter O. Jr.", 1)]
    for comment in doc.comments:
        assert comment.text not in doc.text


@pytest.mark.parametrize(
    "widget",
    [
        ["Notify of", "Newest Most Voted", "Inline Feedbacks", "View all comments"],
        ["3 Comments"],
        ["Leave a Reply"],
        ["Comments (2)"],
        ["Oldest Newest Most Voted"],
    ],
)
def test_comment_widgets_start_the_thread(widget: list[str]) -> None:
    text = page("Title of the report, May 5, 2019", *ARTICLE, "\n".join([*widget, "Karim"]),
                "The roads are closed again.", "Lena M.", "Any news from the hospital?")
    doc = parse_text_page(text, origin="t")
    assert doc.body == ARTICLE
    assert [(c.author, c.text) for c in doc.comments] == [
        ("Karim", "The roads are closed again."), ("Lena M.", "Any news from the hospital?")]
    assert all(w in doc.boilerplate for w in widget)


def test_page_without_comments() -> None:
    doc = parse_text_page(page("A headline", *ARTICLE), origin="t")
    assert doc.title == "A headline" and doc.body == ARTICLE and doc.comments == []


@pytest.mark.parametrize(
    "paragraph",
    [
        "The government announced a donation of 50 armoured vehicles to the regional forces.",
        "Contact was lost with the patrol at 3 am, the ministry said.",
        "Updated figures show 40 dead after the strike.",
        "More than 40 people were killed, the health ministry said.",
        "Sources said the convoy was hit near the bridge.",
        "Share prices fell in Erbil after the announcement.",
        "Follow-up strikes hit the same village on Tuesday.",
    ],
)
def test_article_sentences_that_resemble_chrome_stay_in_the_body(paragraph: str) -> None:
    doc = parse_text_page(page("A headline", ARTICLE[0], paragraph, ARTICLE[1]), origin="t")
    assert doc.body == [ARTICLE[0], paragraph, ARTICLE[1]]


@pytest.mark.parametrize(
    "text",
    [
        page("Only a title"),
        page("A title", "Support Delta Dispatch", "Notify of\nNewest Most Voted", "Karim", "a comment"),
    ],
)
def test_no_article_text_is_a_clear_error(text: str) -> None:
    with pytest.raises(EmptyInputError, match="no article text"):
        parse_text_page(text, origin="empty-page")


def test_split_blocks_counts_blank_lines() -> None:
    blocks = split_blocks("a\n\nb\nc\n\n\n\nd")
    assert [(b.lines, b.blank_before) for b in blocks] == [(["a"], 0), (["b", "c"], 1), (["d"], 3)]


def test_comment_after_two_blank_lines_has_no_author() -> None:
    blocks = split_blocks("Karim\n\nFirst comment.\n\n\nSecond comment, no name shown.")
    assert [(c.author, c.text) for c in split_comments(blocks)] == [
        ("Karim", "First comment."), (None, "Second comment, no name shown.")]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ([("Marcus Lowe", "Costly."), ("Old Gunner", "Only an idiot would say that, Marcus.")], [None, 0]),
        ([("Jonathan Cohen", "Slogans."), (None, "Thank you Jonathen , for nothing.")], [None, 0]),
        ([("You can call me Al", "Sure."), ("Sami K.", "You know nothing.")], [None, None]),  # a handle
        ([("Marcus Lowe", "One."), ("Marcus Lowe", "Marcus again.")], [None, None]),  # not to oneself
        ([("Ann Lee", "One."), ("Bo Park", "Two."), ("Cy Dee", "Right, Ann and Bo.")], [None, None, 0]),
        ([("Rania H.", "Left."), ("Tom W.", "Hope they are safe, Rania."), ("Rania H.", "Thanks Tom.")],
         [None, 0, 1]),
        ([("Ivan Petrov", "Costly."), ("Dana", "Moscow said the same as Ivanov.")], [None, None]),
    ],
)
def test_link_replies(texts: list[tuple[str | None, str]], expected: list[int | None]) -> None:
    comments = [Comment(index=i, author=a, text=t) for i, (a, t) in enumerate(texts)]
    assert [c.reply_to for c in link_replies(comments)] == expected
