"""HTML pages: article via trafilatura, date via htmldate, chrome removed, the thread kept apart."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warreport.errors import EmptyInputError, InputError
from warreport.ingest import htmlpage
from warreport.ingest.htmlpage import clean_title, parse_html_page
from warreport.ingest.page import looks_like_html, parse_page
from warreport.model import Comment, RawPage

from .conftest import HTML_FIXTURE

PARAS = [
    "Government artillery struck several villages in the northern countryside on Saturday, rescue workers said.",
    "Rescue workers said four civilians were killed and at least eleven were wounded in the nearby town.",
    "Pro-government media said the army had taken a hill overlooking the main highway to the north.",
]


def article_page(body: str, head: str = "", after: str = "") -> str:
    return (f"<html><head><title>Villages shelled | Test Wire</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Villages shelled</h1>"
            f"{body}</article>{after}<footer>© 2019 Test Wire</footer></body></html>")


@pytest.fixture(scope="module")
def fixture_doc():  # type: ignore[no-untyped-def]
    return parse_html_page(HTML_FIXTURE.read_text("utf-8"), origin="fixture")


def test_fixture_metadata(fixture_doc) -> None:  # type: ignore[no-untyped-def]
    assert fixture_doc.title == "Shelling hits villages north of Hama as government pushes toward Morek"
    assert fixture_doc.published == date(2019, 5, 12)  # published, not the later modified date
    assert fixture_doc.source == "Orontes Courier"
    assert fixture_doc.url == "https://orontes-courier.example.org/2019/05/12/hama-shelling/"  # canonical
    assert fixture_doc.language == "en"
    assert fixture_doc.format == "html"


def test_fixture_chrome_is_removed(fixture_doc) -> None:  # type: ignore[no-untyped-def]
    assert len(fixture_doc.body) == 4
    text = fixture_doc.text
    for chrome in ("Read more:", "Follow the Orontes Courier", "Advertisement", "Aid convoys wait",
                   "please donate", "All rights reserved", "Share", "Tweet"):
        assert chrome not in text
    assert "Read more: Thousands flee the southern edge of Idlib province" in fixture_doc.boilerplate
    assert "Aid convoys wait at the Bab al-Hawa crossing" in fixture_doc.boilerplate


def test_fixture_comments_are_kept_apart(fixture_doc) -> None:  # type: ignore[no-untyped-def]
    texts = [c.text for c in fixture_doc.comments]
    assert len(texts) == 3
    assert texts[0].startswith("My aunt's family left Kafr Nabouda")
    assert texts[1].startswith("I hope they reached the border area safely")
    assert texts[2].startswith("Every spring the same offensive")
    for comment in fixture_doc.comments:
        assert comment.text not in fixture_doc.text
        assert comment.text not in fixture_doc.boilerplate


def test_comment_thread_from_the_moderation_extractor_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """When ``ingest.threads`` is present its structured thread (authors, replies) wins."""
    import sys
    import types

    thread = [Comment(index=0, author="Rania H.", text="A comment."),
              Comment(index=1, author="Tomasz W.", text="A reply.", reply_to=0)]
    fake = types.ModuleType("warreport.ingest.threads")
    fake.extract_comments_html = lambda html: thread  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "warreport.ingest.threads", fake)
    doc = parse_html_page(HTML_FIXTURE.read_text("utf-8"), origin="fixture")
    assert doc.comments == thread


def test_comments_appended_to_the_body_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    comments = ["Where did the air support come from? Nobody says.", "The roads north were crowded all night."]
    html = article_page("".join(f"<p>{p}</p>" for p in PARAS + comments))
    monkeypatch.setattr(htmlpage, "_thread",
                        lambda html, fallback: [Comment(index=i, text=t) for i, t in enumerate(comments)])
    doc = parse_html_page(html, origin="t")
    assert doc.body == PARAS
    assert all(c in doc.boilerplate for c in comments)


def test_a_comment_repeating_an_article_paragraph_does_not_remove_it(monkeypatch: pytest.MonkeyPatch) -> None:
    html = article_page("".join(f"<p>{p}</p>" for p in PARAS))
    monkeypatch.setattr(htmlpage, "_thread", lambda html, fallback: [Comment(index=0, text=PARAS[1])])
    assert parse_html_page(html, origin="t").body == PARAS


def test_paragraph_quoted_inside_a_longer_comment_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    html = article_page("".join(f"<p>{p}</p>" for p in PARAS))
    quote = f'You wrote "{PARAS[1]}" but the hospital says otherwise, and the figures from the town differ.'
    monkeypatch.setattr(htmlpage, "_thread", lambda html, fallback: [Comment(index=0, text=quote)])
    assert parse_html_page(html, origin="t").body == PARAS


@pytest.mark.parametrize(
    ("head", "body_extra", "expected"),
    [
        ('<meta property="article:published_time" content="2019-05-12T06:40:00Z">', "", date(2019, 5, 12)),
        ("", '<p class="date"><time datetime="2018-03-04">4 March 2018</time></p>', date(2018, 3, 4)),
        ('<meta name="date" content="2020-07-01">', "", date(2020, 7, 1)),
    ],
)
def test_publication_date(head: str, body_extra: str, expected: date) -> None:
    html = article_page(body_extra + "".join(f"<p>{p}</p>" for p in PARAS), head=head)
    assert parse_html_page(html, origin="t").published == expected


def test_given_metadata_wins() -> None:
    html = article_page("".join(f"<p>{p}</p>" for p in PARAS))
    doc = parse_html_page(html, origin="t", title="Given", published=date(2001, 1, 1), source="Feed name")
    assert (doc.title, doc.published, doc.source) == ("Given", date(2001, 1, 1), "Feed name")


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Villages shelled | Test Wire", "Test Wire", "Villages shelled"),
        ("Villages shelled - Test Wire", "Test Wire", "Villages shelled"),
        ("Test Wire – Villages shelled", "Test Wire", "Villages shelled"),
        ("Villages shelled | Other Site", "Test Wire", "Villages shelled | Other Site"),
        ("Villages shelled", None, "Villages shelled"),
    ],
)
def test_clean_title(title: str, site: str | None, expected: str) -> None:
    assert clean_title(title, site) == expected


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div><p>" + " ".join(PARAS) + "<p>" + PARAS[2],  # unclosed tags, no end
        "<div><p>" + PARAS[0] + "</span></b></p><p>" + PARAS[1] + "</div></div></html>",  # stray end tags
        "<HTML><BODY><P>" + PARAS[0] + "<P>" + PARAS[1] + "<P>" + PARAS[2],  # old upper-case markup
        "<html><body>" + "<div>" * 200 + "<p>" + PARAS[0] + "</p>" + "</div>" * 200 + "</body></html>",
    ],
    ids=["unclosed", "stray-end-tags", "upper-case", "deep-nesting"],
)
def test_broken_html_with_text_still_parses(html: str) -> None:
    doc = parse_html_page(html, origin="broken")
    assert doc.body and PARAS[0] in doc.text


def test_xhtml_with_an_xml_declaration() -> None:
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
            "<head><title>XHTML page</title></head><body><div>" + "".join(f"<p>{p}</p>" for p in PARAS)
            + "</div></body></html>")
    assert parse_page(RawPage(origin="x.xhtml", data=page.encode()), max_bytes=100_000).body == PARAS


def test_absurdly_deep_nesting_is_a_clear_error_not_a_crash() -> None:
    """libxml2 stops at its depth limit (a guard against hostile pages); what is below is lost."""
    html = "<html><body>" + "<div>" * 5000 + "<p>" + PARAS[0] + "</p>" + "</div>" * 5000 + "</body></html>"
    with pytest.raises(EmptyInputError, match="no article text"):
        parse_html_page(html, origin="deep.html")


@pytest.mark.parametrize(
    "html",
    [
        "<html><body></body></html>",
        "<html><head><title>Only a title</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><body><script>var x = 1;</script><style>p {}</style></body></html>",
        "<<<>>> <</>",
    ],
)
def test_html_without_article_is_a_clear_error(html: str) -> None:
    with pytest.raises(EmptyInputError, match="no article text"):
        parse_html_page(html, origin="empty.html")


@pytest.mark.parametrize(
    ("text", "content_type", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", None, True),
        ("  <html lang='en'><p>x</p></html>", None, True),
        ("<p>a</p><p>b</p><div>c</div>", None, True),
        ("Plain text with a <b> tag in it.", None, False),
        ("<html>...", "text/plain", False),
        ("anything", "text/html; charset=utf-8", True),
    ],
)
def test_looks_like_html(text: str, content_type: str | None, expected: bool) -> None:
    assert looks_like_html(text, content_type) is expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<html>", "<body>", "<!--", "-->", "<script>",
                              "&amp;", "&#0;", "\x00", "Troops advanced on the town. ", "\n\n", "<br>", "<"]),
             max_size=200).map(lambda parts: "".join(parts).encode("utf-8")),
))
def test_any_bytes_give_a_document_or_an_input_error(data: bytes) -> None:
    try:
        doc = parse_page(RawPage(origin="fuzz", data=data), max_bytes=1_000_000)
    except InputError:
        return
    assert doc.body and all(p.strip() for p in doc.body)
