"""The one door to geocoding: places of a report, found and resolved by the gazetteer.

Extraction calls :func:`geoparse_report` once per document. It uses the gazetteer package
(``warreport.gazetteer.resolve.geoparse``: toponyms with their cues, resolved together in
the context of the whole report, neighbourhoods falling back to their city as sub-locations).
When the gazetteer index is missing, it degrades to place names without coordinates taken
from spaCy's entities, so extraction still runs (and says so in provenance).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from warreport.errors import GazetteerError
from warreport.logs import get_logger
from warreport.model import Place

log = get_logger(__name__)

PLACE_LABELS = {"GPE", "LOC", "FAC"}
COUNTRY_CODES = {"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR"}
ADMIN_CODES = {"ADM1", "ADM1H", "ADM2", "ADMD"}
_WARNED = threading.Event()


@dataclass(frozen=True)
class PlaceHit:
    """A place named in the report, resolved (or not) by the gazetteer."""

    mention: str
    start_char: int
    end_char: int
    place: Place | None
    geo_precision: int | None
    cue: str | None
    rule: str
    score: float
    sub_location: str | None = None
    bearing: float | None = None  # compass direction of the region the text names ("western Dar'a")

    @property
    def is_country(self) -> bool:
        return bool(self.place and self.place.feature_code in COUNTRY_CODES)

    @property
    def is_admin(self) -> bool:
        return bool(self.place and self.place.feature_code in ADMIN_CODES)

    @property
    def is_settlement(self) -> bool:
        return bool(self.place and (self.place.feature_class == "P" or self.place.feature_class is None)
                    and not self.is_country and not self.is_admin)

    @property
    def key(self) -> str:
        if self.place is None:
            return "name:" + self.mention.lower()
        return f"gn:{self.place.geonameid}" if self.place.geonameid else f"pt:{self.place.latitude},{self.place.longitude}"


def without_datelines(text: str, dateline: re.Pattern[str] | None) -> str:
    """The text with its datelines ("BEIRUT/BAGHDAD – ") blanked out, offsets unchanged: where the
    reporter files from is not where the event happened, nor evidence of the report's country."""
    if dateline is None:
        return text
    return dateline.sub(lambda m: " " * len(m.group(0)), text)


def gazetteer_available() -> bool:
    try:
        from warreport.gazetteer.lookup import get_gazetteer

        get_gazetteer()
    except (ImportError, GazetteerError) as exc:
        if not _WARNED.is_set():
            _WARNED.set()
            log.warning("gazetteer unavailable, events get place names without coordinates: %s", exc)
        return False
    return True


def geoparse_report(
    text: str, doc: Doc | None = None, countries: list[str] | None = None,
    blocked: list[tuple[int, int]] | None = None, areas: list[str] | None = None,
    likely: list[str] | None = None, zone: Sequence[int] = (),
) -> list[PlaceHit]:
    """Every place of the report, resolved in context; ordered by position. ``countries`` is the
    actors' theatre, ``areas`` the provinces ("SY.01") its armed groups fight in, ``likely`` the
    countries where a party of no one country, or a state's forces abroad, fight most ("ISIS": SY,
    IQ), which win a tie when no actor gives a theatre (and whose villages, like the theatre's, are
    never "abroad"); ``zone`` the GeoNames ids of the towns marking the strips of land its
    operations hold."""
    if gazetteer_available():
        from warreport.gazetteer.lookup import get_gazetteer
        from warreport.gazetteer.resolve import ResolutionContext, resolve_places
        from warreport.gazetteer.toponyms import find_toponyms

        ctx = ResolutionContext(theatre=list(countries or []),
                                areas=[(a.split(".", 1)[0], a.split(".", 1)[1]) for a in areas or [] if "." in a],
                                likely=list(likely or []))
        spans = blocked or []
        try:
            gaz = get_gazetteer()
            ctx.zone = [m for m in (gaz.get_match(g) for g in zone) if m is not None]
            # a name inside an actor's name ("LaQ", "Hamza Division") is no place and no evidence
            # for where the others are
            # the war's countries: the actors' theatre and the countries of the provinces they fight in
            # (or, if they are of no one country, where they fight most: "IS militants attacked the
            # southern part of Makhmur" is about Iraq or Syria, so a district seat alone is a place)
            war = list(dict.fromkeys([*ctx.theatre, *(cc for cc, _ in ctx.areas)])) or ctx.likely
            mentions = [t for t in find_toponyms(text, gaz, war)
                        if not any(a <= t.start and t.end <= b for a, b in spans)]
            resolved = resolve_places(mentions, ctx, gaz)
        except GazetteerError as exc:
            log.warning("geoparsing failed, using names only: %s", exc)
        else:
            hits = [
                PlaceHit(
                    mention=r.mention,
                    start_char=r.start if r.start is not None else -1,
                    end_char=r.end if r.end is not None else -1,
                    place=r.place,
                    geo_precision=r.geo_precision,
                    cue=r.cue,
                    rule=f"gazetteer:{r.rule}",
                    score=float(r.score),
                    sub_location=r.sub_location,
                    bearing=r.bearing,
                )
                for r in resolved
            ]
            hits = [h for h in hits if h.start_char >= 0
                    and not any(a <= h.start_char and h.end_char <= b for a, b in spans)
                    and not text[max(0, h.start_char - 5):h.start_char].lower().endswith(("pro-", "anti-", "non-"))]
            # (where parties of no one country fight most decides a tie only when no actor gives a theatre)
            return sorted(_plausible_countries(hits, list(countries or []), ctx.areas,
                                               [] if countries else likely or [], text),
                          key=lambda h: h.start_char)
    if doc is None:
        return []
    return [
        PlaceHit(ent.text, ent.start_char, ent.end_char, None, None, None, "ner:no_gazetteer", 0.3)
        for ent in doc.ents
        if ent.label_ in PLACE_LABELS
    ]


_SEAT_CODES = frozenset(["PPLC", "PPLA", "ADM1"])


# what joins a place to the one of the report's country that encloses it ("the Sajur line in Menbij")
_GAP_TO_HOME_PLACE = re.compile(
    r"[\s,]*(?:[a-z]+\s+){0,2}?(?:in|of|near|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of)\s+"
    r"(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?"
)


def _plausible_countries(hits: list[PlaceHit], theatre: list[str],
                         areas: list[tuple[str, str]] | None = None, likely: Sequence[str] = (),
                         text: str = "") -> list[PlaceHit]:
    """Drop resolutions in a country the report has nothing to do with (a Greek "Panorama" in a
    report about Deir ez-Zor): not the report's main country, its neighbours or the actors' theatre.
    A name spelt nearly as a village of the main country becomes that village."""
    from collections import Counter

    from warreport.gazetteer.lookup import get_gazetteer
    from warreport.gazetteer.resolve import resolve_at_home

    votes: Counter[str] = Counter()
    for iso in theatre:  # (first: the actors' countries win a tie, "Regime forces captured the
        votes[iso] += 3  # village of Batha" is no province of Chad)
    for iso in likely:
        # a party of no one country ("ISIS"), or a state's forces abroad, names the countries it
        # fights in most: they win a tie with a town abroad ("the besieged Baath dam": not Barretos)
        votes[iso] += 2
    for h in hits:
        if h.cue in ("neighbourhood of", "district of") and (h.is_admin or h.is_country):
            continue  # a quarter named like a province abroad ("Al Huweqa Al Sharqia neighborhood") votes for nothing
        if h.place is not None and h.place.iso and "fallback" not in h.rule and "estimated" not in h.rule:
            # a fallback (or a place estimated from a seat) repeats its anchor's vote
            sure = h.is_country or h.score >= 0.8
            # a province named as one ("Deir ez Zor countryside") outweighs a town's namesake abroad
            votes[h.place.iso] += (3 if h.cue in ("province", "countryside") else 2) if sure else 1
            if h.place.feature_code in _SEAT_CODES:
                votes[h.place.iso] += 1  # "Joseph town in Idleb": a province's seat outweighs a hamlet abroad
    if not votes:
        return hits
    main = votes.most_common(1)[0][0]
    gaz = get_gazetteer()
    allowed = {main, *theatre, *likely, *gaz.neighbours(main)}
    allowed |= {iso for iso, n in votes.items() if n >= 4}
    points = [(h.place.latitude, h.place.longitude) for h in hits
              if h.place is not None and h.place.iso == main and h.is_settlement and "fallback" not in h.rule
              and h.place.latitude is not None and h.place.longitude is not None]
    out = []
    for h in hits:
        cc = h.place.iso if h.place is not None else None
        foreign = cc is not None and cc != main
        placed_home = foreign and cc not in theatre and any(
            a.place is not None and a.place.iso == main and not a.is_country and a.start_char > h.end_char
            and _GAP_TO_HOME_PLACE.fullmatch(text[h.end_char:a.start_char]) for a in hits)
        if foreign and (cc not in allowed or not h.rule.endswith(("context", "fallback")) and cc not in theatre
                        or placed_home):
            # ("the Sajur line in Menbij district": not Sājūr, Israel, though a neighbour's)
            # A village the gazetteer only knows abroad ("Sha'ab" in Israel for a report on Daraa): fall
            # back to the place of the main country named right after it ("... in Dara").
            anchor = next((a for a in hits if a.place is not None and a.place.iso == main and not a.is_country
                           and 0 < a.start_char - h.end_char <= 120), None)
            if anchor is not None:
                h = PlaceHit(h.mention, h.start_char, h.end_char, anchor.place, 2, h.cue,
                             h.rule + ":anchored_in_report_country", anchor.score * 0.5, sub_location=h.mention)
            elif cc not in allowed:
                home = resolve_at_home(h.mention, h.cue, main, points, areas or [])
                if home is not None and home.place is not None:
                    h = PlaceHit(h.mention, h.start_char, h.end_char, home.place, home.geo_precision, h.cue,
                                 h.rule + ":home_spelling", home.score)
                else:
                    h = PlaceHit(h.mention, h.start_char, h.end_char, None, None, h.cue,
                                 h.rule + ":dropped_other_country", 0.0)
        out.append(h)
    return out


def province_seat(place: Place) -> Place | None:
    """Where a province (admin1) is coded: its seat town ("Deir ez-Zor province" at Deir ez-Zor
    city, "Anbar" at Ramadi), as ACLED codes a province-level event at precision 3; None for
    anything else or when the index cannot say."""
    if place.feature_code not in ("ADM1", "ADM1H") or not place.geonameid or not gazetteer_available():
        return None
    from warreport.gazetteer.lookup import get_gazetteer

    gaz = get_gazetteer()
    m = gaz.get_match(place.geonameid)
    seat = gaz.admin1_seat(m.cc, m.admin1) if m is not None and m.is_admin1 else None
    return gaz.to_place(seat) if seat is not None else None


def lookup_name(name: str, country: str | None = None) -> Place | None:
    """The best gazetteer entry for a bare name (used for ACLED-style location strings)."""
    if not gazetteer_available():
        return None
    from warreport.gazetteer.resolve import resolve_name

    result = resolve_name(name, country)
    return result.place
