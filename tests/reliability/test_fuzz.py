"""Property-based fuzzing: no input crashes the page parser, the date resolver or the extractor.

"Crash" means any exception other than a :class:`~warreport.errors.WarreportError` (which is
how warreport refuses bad input). The default suite runs 1,000 malformed pages; the slow
variant runs 10,000 (``pytest -m slow tests/reliability``).
"""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warreport.errors import WarreportError
from warreport.ingest.page import parse_page
from warreport.model import Document, RawPage

from .malformed import WORDS, dates, malformed_pages, plausible_dates, text_runs

pytestmark = pytest.mark.timeout(1800)

def fuzz(max_examples: int) -> settings:
    return settings(FUZZ, max_examples=max_examples)


FUZZ = settings(
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every run: a failure in CI reproduces locally
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
MAX_BYTES = 2_000_000


def parse_or_refuse(data: bytes, content_type: str | None) -> Document | None:
    """Parse a page; a WarreportError is a clean refusal. Anything else propagates (a crash)."""
    try:
        doc = parse_page(RawPage(origin="fuzz", data=data, content_type=content_type), max_bytes=MAX_BYTES)
    except WarreportError:
        return None
    assert isinstance(doc, Document)
    assert all(isinstance(p, str) and p for p in doc.body)
    assert doc.text == "\n\n".join(doc.body)
    return doc


@fuzz(1000)
@given(malformed_pages())
def test_page_parser_survives_1000_malformed_pages(page: tuple[bytes, str | None]) -> None:
    parse_or_refuse(*page)


_pages_run = {"n": 0}


@pytest.mark.slow
@fuzz(10_000)
@given(malformed_pages())
def test_page_parser_survives_10000_malformed_pages(page: tuple[bytes, str | None]) -> None:
    _pages_run["n"] += 1
    parse_or_refuse(*page)


@fuzz(300)
@given(st.text(max_size=3000), st.sampled_from((None, "text/plain", "text/html")))
def test_page_parser_survives_any_text_record(text: str, content_type: str | None) -> None:
    with contextlib.suppress(WarreportError):
        parse_page(RawPage(origin="fuzz.jsonl:1", text=text, content_type=content_type), max_bytes=MAX_BYTES)


def test_oversized_pages_are_refused_not_read() -> None:
    from warreport.errors import TooLargeError

    with pytest.raises(TooLargeError):
        parse_page(RawPage(origin="big", data=b"<p>war</p>" * 300_000), max_bytes=MAX_BYTES)
    with pytest.raises(TooLargeError):
        parse_page(RawPage(origin="big", text="war " * 600_000), max_bytes=MAX_BYTES)


# -- the date resolver --------------------------------------------------------------------

date_words = st.sampled_from((
    "on", "On", "October", "Oct.", "31", "31st", "1", "2017", "1999", "0000", "9999", "Monday", "last",
    "this", "past", "Sunday", "days", "ago", "two", "ten", "99", "hours", "48", "past", "early", "mid-",
    "late", "the end of", "2017-02-30", "2017-13-01", "2017-11-31", "February 29", "29 February 2017",
    "Sept", "of", "in", "since", "-", ",", ".", "km", "%", "yesterday", "earlier", "the same day",
))
date_texts = st.lists(date_words | st.sampled_from(WORDS) | st.text(max_size=6), max_size=30).map(" ".join)


@fuzz(1000)
@given(date_texts, dates | st.none())
def test_explicit_dates_never_crash(text: str, ref: date | None) -> None:
    from warreport.extract.dates import find_explicit_dates

    for info in find_explicit_dates(text, ref, 10):
        assert info.start <= info.end
        assert info.precision in (1, 2, 3)
        assert info.start_char is not None and info.end_char is not None
        assert 10 <= info.start_char <= info.end_char <= 10 + len(text)


relative_kinds = st.sampled_from(("same_day", "yesterday", "today", "last_week", "last_month", "since_then",
                                  "earlier", "tomorrow", "unknown_kind"))


@fuzz(1000)
@given(date_texts, dates | st.none(), dates | st.none(), st.lists(st.tuples(relative_kinds, st.integers(0, 60), st.integers(0, 60)), max_size=4))
def test_sentence_dates_never_crash(text: str, published: date | None, current: date | None,
                                    hits: list[tuple[str, int, int]]) -> None:
    from warreport.extract.dates import DateContext, DateInfo, sentence_date

    ctx = DateContext(published=published,
                      current=DateInfo(current, current, current, 1, "test") if current else None)
    start = 5
    spans = [(kind, start + min(a, b), start + max(a, b)) for kind, a, b in hits]
    info = sentence_date(text, start, ctx, spans)
    if info is not None:
        assert info.start <= info.end


# -- the extractor ------------------------------------------------------------------------

paragraphs = st.lists(text_runs.filter(lambda t: t.strip() != ""), min_size=1, max_size=4)


@fuzz(150)
@given(paragraphs, plausible_dates | dates | st.none(), st.sampled_from((None, "Example Wire", "")))
def test_extractor_never_crashes(body: list[str], published: date | None, source: str | None) -> None:
    from warreport.extract import extract_events

    doc = Document(title="fuzz", body=body, published=published, source=source, language="en", origin="fuzz")
    try:
        events = extract_events(doc)
    except WarreportError:
        return
    text = doc.text
    for event in events:
        assert event.doc_id == doc.doc_id
        assert 0 <= event.start_char <= event.end_char <= len(text)
        if event.date_start and event.date_end:
            assert event.date_start <= event.date_end
