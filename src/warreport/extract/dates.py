"""When an event happened, resolved against the publication date and the report's own timeline.

Explicit dates ("On October 31", "on 25 June 2020", "On Feb 01", "on Monday") are read with
regular expressions; relative expressions ("on the same day", "earlier", "last week", "since
then", "yesterday") come from ``data/cues.yaml`` and resolve against the date the report is
currently talking about (:class:`DateContext`), which each explicit date moves.

``time_precision`` follows ACLED: 1 the day is known, 2 the week (or a few days), 3 the month
or vaguer. ``date_start``/``date_end`` carry the window the text allows.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from warreport.extract.lexicon import Lexicon

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[\s-]+(?:of\s+)?)?"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:km|kilomet|%))(?:,?\s+{_YEAR})?")),
    ("month_year", re.compile(rf"\b{_PART}{_MONTH}\s+{_YEAR}\b")),
    ("in_month", re.compile(rf"\b(?:in|during|since|of|early|mid|late)[\s-]+{_PART}{_MONTH}\b(?!\s+\d)")),
    ("weekday", re.compile(rf"\b(?:(?P<last>last|this|past)\s+)?{_WEEKDAY}\b", re.IGNORECASE)),
    ("days_ago", re.compile(r"\b(?P<n>\d+|two|three|four|five|six|seven|ten)\s+days?\s+(?:ago|earlier|before)\b", re.IGNORECASE)),
    ("weeks_ago", re.compile(r"\b(?P<n>\d+|a|one|two|three|four|five|six)\s+weeks?\s+(?:ago|earlier|before)\b",
                             re.IGNORECASE)),
    ("hours", re.compile(r"\b(?:past|last|previous)\s+(?P<h>24|48|72)\s+hours\b", re.IGNORECASE)),
)
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
RELATIVE_ORDER = ("same_day", "yesterday", "today", "last_week", "last_month", "since_then", "earlier", "tomorrow")


@dataclass(frozen=True)
class DateInfo:
    event_date: date
    start: date
    end: date
    precision: int
    rule: str
    text: str = ""
    start_char: int | None = None
    end_char: int | None = None
    confidence: float = 0.9


@dataclass
class DateContext:
    """The report's timeline: its publication date and the date it is currently talking about."""

    published: date | None
    current: DateInfo | None = None
    last_event: DateInfo | None = None  # the date of the report's previous event

    def default(self) -> DateInfo | None:
        if self.current is not None:
            return replace(self.current, rule="inherited", text="", start_char=None, end_char=None,
                           confidence=min(self.current.confidence, 0.7))
        if self.published is None:
            return None
        return DateInfo(self.published, self.published, self.published, 1, "publication_date", confidence=0.5)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, ref: date | None) -> int | None:
    if ref is None:
        return None
    candidate = _safe_date(ref.year, month, day)
    if candidate is not None and candidate > ref + timedelta(days=7):
        return ref.year - 1  # "On December 30" in a report of January 2
    return ref.year


def _month_window(year: int, month: int, part: str | None) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    start, end = date(year, month, 1), date(year, month, last)
    part = (part or "").lower()
    if part.startswith("early") or "beginning" in part or "start" in part:
        end = date(year, month, 10)
    elif part.startswith("mid") or "middle" in part:
        start, end = date(year, month, 11), date(year, month, 20)
    elif part.startswith("late") or "end" in part:
        start = date(year, month, 21)
    return start, end


def _explicit(kind: str, m: re.Match[str], ref: date | None, offset: int) -> DateInfo | None:
    g = m.groupdict()
    text = m.group(0)
    s, e = offset + m.start(), offset + m.end()
    if kind == "iso":
        day = _safe_date(int(g["year"]), int(g["mnum"]), int(g["day"]))
        return DateInfo(day, day, day, 1, "date:iso", text, s, e, 0.95) if day else None
    if kind in ("day_month", "month_day"):
        month = MONTHS[g["month"].lower().rstrip(".")]
        dnum = int(g["day"])
        year = int(g["year"]) if g.get("year") else _year_for(month, dnum, ref)
        if year is None:
            return None
        day = _safe_date(year, month, dnum)
        return DateInfo(day, day, day, 1, f"date:{kind}", text, s, e, 0.95) if day else None
    if kind in ("month_year", "in_month"):
        month = MONTHS[g["month"].lower().rstrip(".")]
        if g.get("year"):
            year = int(g["year"])
        elif ref is not None:
            year = ref.year if month <= ref.month else ref.year - 1
        else:
            return None
        start, end = _month_window(year, month, g.get("part"))
        if ref is not None and end > ref >= start:
            end = ref
        mid = start + (end - start) / 2
        precision = 2 if g.get("part") else 3
        return DateInfo(mid, start, end, precision, f"date:{kind}", text, s, e, 0.8)
    if kind == "weekday" and ref is not None:
        target = WEEKDAYS[g["weekday"].lower()]
        back = (ref.weekday() - target) % 7
        if g.get("last") and g["last"].lower() == "last" and back == 0:
            back = 7
        day = ref - timedelta(days=back)
        return DateInfo(day, day, day, 1, "date:weekday", text, s, e, 0.85)
    if kind == "days_ago" and ref is not None:
        raw = g["n"].lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        day = ref - timedelta(days=n)
        return DateInfo(day, day, day, 1, "date:days_ago", text, s, e, 0.8)
    if kind == "weeks_ago" and ref is not None:
        # "two weeks earlier" in a report of 20 November: about the 6th, give or take half a week
        raw = g["n"].lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        day = ref - timedelta(weeks=n)
        return DateInfo(day, day - timedelta(days=3), min(day + timedelta(days=3), ref), 2, "date:weeks_ago",
                        text, s, e, 0.6)
    if kind == "hours" and ref is not None:
        days = int(g["h"]) // 24
        return DateInfo(ref, ref - timedelta(days=days), ref, 2, "date:past_hours", text, s, e, 0.7)
    return None


def find_explicit_dates(text: str, ref: date | None, offset: int = 0) -> list[DateInfo]:
    """Every explicit date expression in ``text``, left to right, longest first at a position."""
    found: list[DateInfo] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            try:
                info = _explicit(kind, m, ref, offset)
            except OverflowError:  # the expression points before 1 Jan 1 or after 9999: no date
                info = None
            if info is not None:
                found.append(info)
                taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start_char or 0)
    return found


def _relative(kind: str, ctx: DateContext, text: str, s: int, e: int) -> DateInfo | None:
    pub = ctx.published
    cur = ctx.current
    anchor = cur.event_date if cur else pub
    if anchor is None:
        return None
    if kind == "same_day":
        if cur is None:
            return DateInfo(anchor, anchor, anchor, 1, "relative:same_day", text, s, e, 0.6)
        return replace(cur, rule="relative:same_day", text=text, start_char=s, end_char=e, confidence=0.85)
    if kind == "today" and pub is not None:
        return DateInfo(pub, pub, pub, 1, "relative:today", text, s, e, 0.85)
    if kind == "yesterday":
        base = pub or anchor
        day = base - timedelta(days=1)
        return DateInfo(day, day, day, 1, "relative:yesterday", text, s, e, 0.85)
    if kind == "earlier":
        start = anchor - timedelta(days=11)
        return DateInfo(anchor - timedelta(days=1), start, anchor, 3, "relative:earlier", text, s, e, 0.6)
    if kind == "last_week":
        base = pub or anchor
        if "this week" in text or "earlier this week" in text:
            start = base - timedelta(days=base.weekday())
            return DateInfo(start + (base - start) / 2, start, base, 2, "relative:this_week", text, s, e, 0.7)
        monday = base - timedelta(days=base.weekday() + 7)
        sunday = monday + timedelta(days=6)
        return DateInfo(monday + timedelta(days=3), monday, sunday, 2, "relative:last_week", text, s, e, 0.75)
    if kind == "last_month":
        base = pub or anchor
        if "this month" in text or "recent weeks" in text or "past weeks" in text or "weeks ago" in text:
            start = base - timedelta(days=30)
            return DateInfo(base - timedelta(days=14), start, base, 3, "relative:recent_weeks", text, s, e, 0.6)
        first = base.replace(day=1) - timedelta(days=1)
        start = first.replace(day=1)
        return DateInfo(start + (first - start) / 2, start, first, 3, "relative:last_month", text, s, e, 0.7)
    if kind == "since_then":
        since = ctx.last_event or cur
        start = since.start if since else anchor
        end = pub or anchor
        if end < start:
            end = start
        return DateInfo(end, start, end, 2 if (end - start).days <= 7 else 3, "relative:since_then", text, s, e, 0.6)
    return None


def sentence_date(
    sent_text: str,
    sent_start: int,
    ctx: DateContext,
    relative_hits: list[tuple[str, int, int]],
) -> DateInfo | None:
    """The date a sentence gives for its event (explicit first, then relative), or None.

    ``relative_hits`` are (kind, start_char, end_char) of relative expressions in the sentence.
    """
    ref = ctx.published or (ctx.current.event_date if ctx.current else None)
    explicit = find_explicit_dates(sent_text, ref, sent_start)
    if explicit:
        first = explicit[0]
        if ref is not None and (first.event_date - ref).days > 1 and first.rule.startswith("date:weekday"):
            return None
        return first
    ordered = sorted(relative_hits, key=lambda h: (RELATIVE_ORDER.index(h[0]) if h[0] in RELATIVE_ORDER else 99, h[1]))
    for kind, s, e in ordered:
        if kind == "tomorrow":
            continue
        try:
            info = _relative(kind, ctx, sent_text[s - sent_start : e - sent_start].lower(), s, e)
        except OverflowError:  # a window reaching outside the calendar (1 Jan 1 to 31 Dec 9999): no date
            info = None
        if info is not None:
            return info
    return None


def relative_kinds(lexicon: Lexicon) -> tuple[str, ...]:
    return tuple(lexicon.dates)
