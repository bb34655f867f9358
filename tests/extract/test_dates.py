"""Dates resolved against the publication date and the report's timeline."""

from __future__ import annotations

from datetime import date

import pytest

from warreport.extract.dates import DateContext, DateInfo, find_explicit_dates, sentence_date

PUB = date(2017, 11, 1)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("On October 31, the army advanced", date(2017, 10, 31), 1),
        ("On 25 June 2020, clashes took place", date(2020, 6, 25), 1),
        ("On Feb 01 protesters gathered", date(2017, 2, 1), 1),
        ("On December 30 the town fell", date(2016, 12, 30), 1),
        ("on Monday the army attacked", date(2017, 10, 30), 1),
        ("in mid-October fighting resumed", date(2017, 10, 15), 2),
        ("3 days ago", date(2017, 10, 29), 1),
        ("2017-10-20", date(2017, 10, 20), 1),
    ],
)
def test_explicit(text, day, precision) -> None:
    found = find_explicit_dates(text, PUB)
    assert found and found[0].event_date == day and found[0].precision == precision


def test_no_date_in_modal_may() -> None:
    assert find_explicit_dates("they may 3 times try", PUB) == []


def _ctx() -> DateContext:
    ctx = DateContext(PUB)
    ctx.current = DateInfo(date(2017, 10, 31), date(2017, 10, 31), date(2017, 10, 31), 1, "date:month_day")
    return ctx


@pytest.mark.parametrize(
    ("phrase", "kind", "day", "window", "precision"),
    [
        ("On the same day", "same_day", date(2017, 10, 31), (date(2017, 10, 31), date(2017, 10, 31)), 1),
        ("Earlier", "earlier", date(2017, 10, 30), (date(2017, 10, 20), date(2017, 10, 31)), 3),
        ("last week", "last_week", date(2017, 10, 26), (date(2017, 10, 23), date(2017, 10, 29)), 2),
        ("yesterday", "yesterday", date(2017, 10, 31), (date(2017, 10, 31), date(2017, 10, 31)), 1),
    ],
)
def test_relative(phrase, kind, day, window, precision) -> None:
    info = sentence_date(phrase + ", the army advanced.", 0, _ctx(), [(kind, 0, len(phrase))])
    assert info is not None
    assert (info.event_date, (info.start, info.end), info.precision) == (day, window, precision)


def test_inherited_default() -> None:
    ctx = _ctx()
    assert ctx.default().event_date == date(2017, 10, 31)
    assert DateContext(None).default() is None


@pytest.mark.parametrize(
    ("text", "published", "day", "window"),
    [
        ("Iraqi forces had taken the Iraqi town of al-Qaim two weeks earlier.", date(2017, 11, 20), date(2017, 11, 6),
         (date(2017, 11, 3), date(2017, 11, 9))),
        ("The town fell a week ago.", date(2017, 11, 1), date(2017, 10, 25), (date(2017, 10, 22), date(2017, 10, 28))),
        ("The army took it 3 weeks before.", date(2017, 11, 1), date(2017, 10, 11), (date(2017, 10, 8), date(2017, 10, 14))),
    ],
)
def test_weeks_ago_from_the_publication_date(text: str, published: date, day: date, window: tuple[date, date]) -> None:
    ctx = DateContext(published)
    ctx.current = DateInfo(date(2017, 10, 11), date(2017, 10, 11), date(2017, 10, 11), 1, "date:day_month")
    info = sentence_date(text, 0, ctx, [])
    assert info is not None
    assert (info.event_date, (info.start, info.end), info.precision) == (day, window, 2)


@pytest.mark.parametrize("ref", [date.min, date.max])
@pytest.mark.parametrize(
    ("text", "kind"),
    [("On Sunday the army shelled the town.", None), ("Two weeks earlier the town fell.", None),
     ("Yesterday the town fell.", "yesterday"), ("Last week the town fell.", "last_week"),
     ("Earlier, the town fell.", "earlier"), ("Last month the town fell.", "last_month")],
)
def test_dates_at_the_ends_of_the_calendar_give_no_date_or_a_valid_one(ref: date, text: str, kind: str | None) -> None:
    """A reference date of 1 Jan 1 or 31 Dec 9999 (a broken page) must not crash date resolution."""

    hits = [(kind, 0, len(text))] if kind else []
    ctx = DateContext(published=ref, current=DateInfo(ref, ref, ref, 1, "test"))
    info = sentence_date(text, 0, ctx, hits)
    assert info is None or info.start <= info.end
