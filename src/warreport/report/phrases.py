"""Neutral sentences about canonical events, from data only (no language model).

The report speaks in its own voice: actors by their canonical (ACLED) names, places by their
gazetteer names, neutral verbs per sub-event type ("took", "clashed", "launched"), and
certainty words where the evidence is weaker than a corroborated report ("reportedly",
"according to claims carried by ..."). The sources' loaded framing ("liberated",
"terrorists", "heroic") never enters: every string taken from a source (districts, weapon
names) passes :func:`scrub`, and :func:`loaded_words_in` lets tests prove it.
"""

from __future__ import annotations

import re
from datetime import date

from warreport.analysis.models import CanonicalEvent
from warreport.model import Certainty

# Loaded words the report never uses in its own voice (lower case; prefixes end with "*").
LOADED_TERMS: tuple[str, ...] = (
    "liberat*",
    "terrorist*",
    "heroic*",
    "hero",
    "heroes",
    "martyr*",
    "regime",
    "mercenar*",
    "takfiri*",
    "crusader*",
    "apostate*",
    "thugs",
    "rats",
    "occupier*",
    "occupation forces",
    "separatist*",
    "proxies",
    "puppet*",
    "invader*",
    "freed",
    "crush*",
    "smash*",
    "bowed",
)
_LOADED_RE = re.compile(
    r"\b(" + "|".join(re.escape(t.rstrip("*")) + (r"\w*" if t.endswith("*") else "") for t in LOADED_TERMS) + r")\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(r"\s*\((?:\d{4}-?\d{0,4}|\d{4}-)\)")
_PREFIX = re.compile(r"^[A-Za-z]{2,6}:\s+")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def loaded_words_in(text: str, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Loaded words (ours and any given, e.g. the events' framing) found in a text."""
    found = [m.group(0) for m in _LOADED_RE.finditer(text)]
    for word in extra:
        w = word.strip()
        if w and re.search(r"\b" + re.escape(w) + r"\b", text, re.IGNORECASE):
            found.append(w)
    return found


def scrub(text: str) -> str:
    """A source-derived string without loaded words (they are dropped, not replaced)."""
    return " ".join(_LOADED_RE.sub("", text).split())


def actor_name(name: str | None) -> str:
    """'Military Forces of Syria (2000-)' -> 'Military Forces of Syria'; 'QSD: Syrian
    Democratic Forces' -> 'Syrian Democratic Forces'."""
    if not name:
        return "unidentified forces"
    short = _PREFIX.sub("", _PERIOD.sub("", name)).strip()
    return short or name


_SHORT = (
    (re.compile(r"^Military Forces of (.+)$"), r"\1 forces"),
    (re.compile(r"^Police Forces of (.+)$"), r"\1 police"),
    (re.compile(r"^Government of (.+)$"), r"\1 government"),
    (re.compile(r"^Kurdistan Regional Government$"), "KRG"),
    (re.compile(r"^Islamic State$"), "Islamic State"),
)


def short_actor(name: str | None) -> str:
    """A label-sized actor name: 'Military Forces of Syria (2000-)' -> 'Syria forces'."""
    full = actor_name(name)
    full = re.sub(r"\s*\([^)]*\)", "", full).strip()
    for pattern, repl in _SHORT:
        if pattern.match(full):
            return pattern.sub(repl, full)
    return full


def day_text(d: date | None) -> str:
    if d is None:
        return "on an unknown date"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def when(c: CanonicalEvent) -> str:
    if c.date_start and c.date_end and c.date_start != c.date_end:
        return f"between {day_text(c.date_start)} and {day_text(c.date_end)}"
    return f"on {day_text(c.event_date)}"


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def place_text(c: CanonicalEvent, *, near: bool | None = None) -> str:
    location = scrub(c.location or "an unidentified place")
    is_near = (c.geo_precision or 1) >= 2 if near is None else near
    if c.sub_locations:
        subs = _join([scrub(s) for s in c.sub_locations])
        noun = "district" if len(c.sub_locations) == 1 else "districts"
        return f"the {subs} {noun} of {location}"
    return f"near {location}" if is_near else location


def _quantity_text(c: CanonicalEvent) -> str:
    for q in c.quantities:
        if q.count and q.item:
            return f"{q.count} {scrub(q.item)}"
    for q in c.quantities:
        if q.count and q.kind in ("launches", "weapons"):
            what = scrub(c.weapons[0]) if c.weapons else "munitions"
            return f"{q.count} {what}"
    return ""


def certainty_note(c: CanonicalEvent) -> tuple[str, str]:
    """(adverb, trailing attribution) for the evidence behind an event."""
    outlets = _join(c.outlets)
    if c.certainty is Certainty.ALLEGED or (c.only_claims and c.certainty is Certainty.ALLEGED):
        return "reportedly ", f" (unconfirmed; {outlets})"
    if c.certainty is Certainty.CLAIMED or c.only_claims:
        return "", f" (a claim carried by {outlets}; not independently confirmed)"
    if c.corroboration >= 2:
        return "", f" ({c.corroboration} outlets: {outlets})"
    return "", f" (one outlet: {outlets})"


def clause(c: CanonicalEvent) -> str:
    """The core of the sentence: who did what where (no date, no attribution)."""
    a1, a2 = actor_name(c.actor1), actor_name(c.actor2) if c.actor2 else ""
    adv, _ = certainty_note(c)
    sub = c.sub_event_type
    if sub in ("Government regains territory", "Non-state actor overtakes territory"):
        tail = f" from {a2}" if a2 else ""
        if (c.geo_precision or 1) >= 2 and not c.sub_locations:
            # ground taken near a town ("reached the outskirts of X") is not the town itself
            return f"{a1} {adv}took control of areas near {scrub(c.location or 'an unidentified place')}{tail}"
        return f"{a1} {adv}took control of {place_text(c, near=False)}{tail}"
    if sub == "Non-violent transfer of territory":
        tail = f" from {a2}" if a2 else ""
        return f"{a1} {adv}took over {place_text(c, near=False)}{tail} without reported fighting"
    if sub == "Armed clash":
        other = f" and {a2}" if a2 else ""
        return f"{a1}{other} {adv}clashed in {place_text(c)}"
    if sub in ("Shelling/artillery/missile attack", "Air/drone strike"):
        what = _quantity_text(c)
        kind = "an air or drone strike" if sub == "Air/drone strike" else "a missile or artillery attack"
        target = f" on positions of {a2}" if a2 else ""
        where = place_text(c)
        where = where if where.startswith(("near ", "the ")) else f"in {where}"
        if not what and c.weapons:
            what = scrub(c.weapons[0])
        if what:
            return f"{a1} {adv}launched {what}{target} {where}"
        return f"{a1} {adv}carried out {kind}{target} {where}"
    if sub == "Agreement":
        other = f" and {a2}" if a2 else ""
        return f"{a1}{other} {adv}reached an agreement concerning {place_text(c, near=False)}"
    return f"{sub} involving {a1}{' and ' + a2 if a2 else ''} {adv}in {place_text(c)}".replace("  ", " ")


def describe(c: CanonicalEvent, *, with_sources: bool = True) -> str:
    """One neutral sentence about a canonical event."""
    _, attribution = certainty_note(c)
    text = f"{clause(c)} {when(c)}"
    if c.fatalities:
        text += f"; {c.fatalities} fatalities were reported"
    if with_sources:
        text += attribution
    text = text[0].upper() + text[1:]
    return text + "."


def disagreement(c: CanonicalEvent) -> str:
    """A sentence on what the sources disagree about ('' when they agree)."""
    parts = []
    for x in c.contradictions:
        if x.field in ("certainty",):
            continue
        values = "; ".join(
            f"{actor_name(v) if x.field.startswith('actor') else v} ({len(ids)} record{'s' if len(ids) > 1 else ''})"
            for v, ids in x.values.items()
        )
        parts.append(f"{x.field.replace('_', ' ')}: {values}")
    if c.conflicts_with:
        parts.append(f"contradicted by {len(c.conflicts_with)} other account(s) of the same place")
    return ("Sources differ on " + " | ".join(parts) + ".") if parts else ""
