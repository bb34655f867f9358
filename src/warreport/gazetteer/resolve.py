"""Resolution: choose, for each place mention, the gazetteer entry the report means.

Each candidate's score adds to its context-free prior (name match, population, feature type)
what the report says: the countries and provinces of its other places, the distance to the
places named near it, the actor's theatre (ISO2 codes), and the cue ("province" prefers admin1
entries, "city" and "neighbourhood of" prefer settlements). A mention that the gazetteer lacks,
or whose best entry lies far from the place the sentence anchors it to ("the subdistrict of
Ubaydi ... east of al-Qaim", "the neighbourhoods of Kanamat, Khassarat ... in Deir Ezzor
city"), falls back to that enclosing place and is kept as ``sub_location``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from warreport.gazetteer.lookup import (
    Gazetteer,
    Match,
    bearing_deg,
    get_gazetteer,
    haversine_km,
    is_dotted_abbreviation,
    point_toward,
    states_first,
)
from warreport.gazetteer.normalise import (
    LEVEL_ARTICLE,
    LEVEL_SKELETON,
    consonant_key,
    fold,
    qualified_variants,
    strip_articles,
)
from warreport.gazetteer.toponyms import CUE_PRECISION, NAME_HEADS, ToponymMention, find_toponyms
from warreport.model import GeoCandidate, Place

_FAR_KM = 120.0  # farther than this from the sentence's anchor: not the place meant
_NEIGHBOURHOOD_KM = 30.0  # ... for a neighbourhood of a city
_NEVER_NEAR_KM = 300.0  # no place the text says is near (or north of) a town lies this far from it
_DIVISION_KM = 50.0  # ... for a village of the district or subdistrict the text names by its seat
_QUARTER_KM = 12.0  # a GeoNames section (PPLX) this near a town is a quarter of it, farther a village of its own
_SETTLEMENT_CUES = {"city", "town of", "village of", "neighbourhood of", "subdistrict of", "district of"}
_SUB_CUES = {"neighbourhood of", "subdistrict of", "district of", "area of"}
# cues that locate a place relative to another ("east of al-Qaim", "near Raqqa", "Kifri district");
# not "countryside"
_RELATIONAL_CUES = {c for c, p in CUE_PRECISION.items() if p == 2} - {"countryside", "area of", "highway"}
# ... and those of a town that encloses a place the gazetteer lacks ("X village in the Jisr
# al-Shughur countryside", "X area in Kifri district", "X village, near Y town")
_ENCLOSING_CUES = _RELATIONAL_CUES | {"countryside", "area of"}
# "X near Y", "X south of Y": within a short drive of Y ("X in the east of Y" is a countryside cue)
_NEAR_CUES = _RELATIONAL_CUES - {"district"}


_AREA_BONUS = 0.07  # a village of a province the report's armed groups fight in
_HAMLET = 0.45  # importance below which a village (no seat, few or no people known) is a hamlet
_ZONE_KM = 35.0  # how near a town marking an operation's strip a village lies in it
_ZONE_BONUS = 0.12  # ... and how much likelier that makes it


@dataclass
class ResolutionContext:
    """What the rest of the report says about where it is.

    countries: ISO2 codes named or implied by the report (strongest evidence first).
    admin1: (ISO2, admin1 code) pairs of provinces named in the report.
    points: (lat, lon) of places already resolved in the report.
    theatre: ISO2 codes where the actor is known to operate.
    provinces: (ISO2, admin1 code) of provinces the report names as provinces ("in Raqqa
    province", "the Hama countryside"): stronger evidence than a town's province.
    areas: (ISO2, admin1 code) of the provinces the report's armed groups fight in (the actor
    dictionary's ``areas``): among villages of one name, those there are likelier.
    zone: the towns marking the strips of land the report's operations hold (the actor
    dictionary's ``zone``): a village within ``_ZONE_KM`` of one is likelier still, and a place
    the text gives only as such a strip's province is on its front.
    likely: ISO2 codes where the report's parties of no one country fight most ("ISIS": Syria
    and Iraq), when no actor gives a theatre.
    """

    countries: list[str] = field(default_factory=list)
    admin1: list[tuple[str, str]] = field(default_factory=list)
    points: list[tuple[float, float]] = field(default_factory=list)
    theatre: list[str] = field(default_factory=list)
    provinces: list[tuple[str, str]] = field(default_factory=list)  # named as such ("Raqqa province")
    areas: list[tuple[str, str]] = field(default_factory=list)  # (ISO2, admin1) where the actors fight
    zone: list[Match] = field(default_factory=list)
    likely: list[str] = field(default_factory=list)


@dataclass
class ResolvedPlace:
    """A mention resolved to a place, with the ACLED geo_precision and how it was decided."""

    mention: str
    place: Place | None
    geo_precision: int | None
    score: float
    rule: str  # gazetteer | context | fallback:<anchor> | unresolved
    sub_location: str | None = None
    start: int | None = None
    end: int | None = None
    cue: str | None = None
    candidates: list[GeoCandidate] = field(default_factory=list)
    bearing: float | None = None  # compass direction of the region the text names ("western Dar'a")

    @property
    def resolved(self) -> bool:
        return self.place is not None


def _context_score(m: Match, ctx: ResolutionContext, cue: str | None) -> tuple[float, list[str]]:
    score = 0.0
    why: list[str] = []
    if ctx.countries and m.cc:
        if m.cc == ctx.countries[0]:
            score += 0.2
            why.append("main country of the report")
        elif m.cc in ctx.countries:
            score += 0.12
            why.append("country of the report")
        else:
            score -= 0.08
    if ctx.countries and not m.cc and m.fclass in {"L", "H", "T"}:
        score += 0.12  # a region across borders ("Middle East", "Kurdistan") fits any report
        why.append("multi-country region")
    if ctx.theatre and m.cc in ctx.theatre:
        score += 0.06
        why.append("actor's theatre")
    if ctx.areas and m.fclass == "P" and not m.is_admin and (m.cc, m.admin1) in ctx.areas:
        score += _AREA_BONUS
        why.append("province the actors fight in")
    if ctx.zone and m.fclass == "P" and not m.is_admin and any(
            haversine_km(m.lat, m.lon, z.lat, z.lon) <= _ZONE_KM for z in ctx.zone):
        # "clashes between JWS under OPS and QSD on Umm Ashba frontline": the village on the
        # operation's front, not its namesake 100 km away in the same province
        score += _ZONE_BONUS
        why.append("in the strip the report's operation holds")
    if m.cc and (m.cc, m.admin1) in ctx.provinces and not m.is_admin1:
        score += 0.2
        why.append("in the province the report names")
    elif m.cc and (m.cc, m.admin1) in ctx.admin1:
        score += 0.08
        why.append("province of the report")
    if ctx.points:
        nearest = min(haversine_km(m.lat, m.lon, la, lo) for la, lo in ctx.points)
        if nearest < 50:
            score += 0.15
            why.append(f"{nearest:.0f} km from another place of the report")
        elif nearest < 200:
            score += 0.08
        elif nearest > 1500 and m.fclass in {"P", "S"}:
            # Only a point-like place is "far": a state, country or region's point says little
            # about how far its parts are from the report's places ("California" in a report
            # from New Jersey is the state, not California, Maryland).
            score -= 0.08
    if cue in {"province", "region"}:
        if m.is_admin1:
            score += 0.25
            why.append("cue: province")
    elif cue in _SETTLEMENT_CUES and m.fclass == "P":
        score += 0.06
    elif cue == "countryside" and m.is_admin1:
        score -= 0.04
    return score, why


_DEPTH = 60  # namesakes scored in context
_DISTRICT_BONUS = 0.1  # a town of a province with a district named like it, for "X district"
_P_GUESS_KEEP = 0.4  # a guessed village below this importance yields to a place spelt as written
_SPELT_WINS = 0.6  # ... if that place is this important (a region, a city), not another village


def score_candidates(
    name: str,
    ctx: ResolutionContext | None = None,
    cue: str | None = None,
    country: str | None = None,
    gazetteer: Gazetteer | None = None,
    limit: int = 10,
) -> list[tuple[Match, float, list[str]]]:
    """Gazetteer matches for ``name`` with their scores in context, best first."""
    gaz = gazetteer or get_gazetteer()
    ctx = ctx or ResolutionContext()
    scored = []
    # (60 deep for quarters spelt as written: a common name ("Al Hamidiyah") has dozens of
    # namesakes among the villages of Syria and Iraq, and the one the context picks may be a
    # quarter of the town it names, ranked low by its feature code alone)
    found = gaz.matches(name, country)
    deep = [m for m in found[max(limit, 25):_DEPTH] if m.level <= LEVEL_ARTICLE and m.fcode == "PPLX"]
    for m in found[: max(limit, 25)] + deep:
        extra, why = _context_score(m, ctx, cue)
        scored.append((m, round(m.prior() + extra, 4), why))
    # of places as likely, one GeoNames calls by the text's spelling before one that has it only
    # among its other names ("the village of Mashrafah": Mashrafah, not Mushayrifah, also
    # "Mashrafah"), then the better known one, which GeoNames lists more spellings of ("Mjeidel":
    # the Mujaydil of Dar'a, six spellings, not those of Tartus and Homs, three each); not for
    # near spellings, alike by chance ("Beit Sawa": Bayt Siwā, not the better known Bayt 'Awān)
    # ... and, scored alike, one in the provinces the report's armed groups fight in ("Khalid ibn al
    # Walid Army ... in the town of Hit": Ḩayţ of Dar'a, not Hīt of Homs, spelt as the text has it)
    as_spelt = strip_articles(fold(name))
    if cue == "district":
        # "in Balad district": the town of the province that has a district of that name (Balad of
        # Salah ad Din), not a namesake elsewhere (Jerusalem, also "Balad")
        divisions = {(m.cc, m.admin1) for m, _, _ in scored if m.is_admin2 and m.level < LEVEL_SKELETON}
        scored = [(m, round(sc + _DISTRICT_BONUS, 4), [*why, "its district is named so"])
                  if m.fclass == "P" and (m.cc, m.admin1) in divisions else (m, sc, why) for m, sc, why in scored]

    def in_areas(m: Match) -> bool:
        return bool(ctx.areas) and (m.cc, m.admin1) in ctx.areas

    scored.sort(key=lambda t: (-t[1], not in_areas(t[0]), strip_articles(fold(t[0].name)) != as_spelt,
                               -t[0].names if t[0].level < LEVEL_SKELETON else 0))
    if len(scored) > 1:
        _well_known_namesake_first(scored)
    if len(scored) > 1 and scored[0][0].is_guess and scored[0][0].importance() < _P_GUESS_KEEP:
        # context may choose among namesakes, but a village matched only through another
        # spelling ("Kurdish" ~ Kurdis) does not outrank a well-known place the index spells so
        # (Kurdistan)
        spelt = next((i for i, (m, _, _) in enumerate(scored) if not m.is_guess), None)
        first, other = scored[0][0], scored[spelt][0] if spelt is not None else None
        # ... though a town abroad does not outrank the report's own village in another spelling
        # ("the village of Jarada": Al Jarādah, Syria, not Jerada, Morocco)
        at_home = bool(ctx.countries) and first.cc == ctx.countries[0] and first.level < LEVEL_SKELETON and \
            other is not None and other.fclass == "P" and other.cc != first.cc
        if spelt is not None and other is not None and other.importance() >= _SPELT_WINS and not at_home:
            scored.insert(0, scored.pop(spelt))
    if is_dotted_abbreviation(name):
        scored.sort(key=lambda t: states_first(t[0]))
    if cue not in {"province", "region"} and len(scored) > 1 and scored[0][0].is_admin:
        top = scored[0]
        for i, (m, score, _) in enumerate(scored[1:6], start=1):
            # "Deir ez-Zor", "Idlib": the bare name of a province and its namesake capital
            # means the city.
            # ... not a quarter of a town named after the province ("Saladin province": not
            # the Şalāḩ ad Dīn quarter of Tikrit)
            if (m.fclass == "P" and m.cc == top[0].cc and m.admin1 == top[0].admin1
                    and m.level <= top[0].level and score >= top[1] - 0.15 and m.importance() >= _HAMLET):
                scored.insert(0, scored.pop(i))
                break
    return scored[:limit]


_OBSCURE_NAMES = 1  # a place GeoNames knows by one spelling only ...
_KNOWN_NAMES = 4  # ... yields to a namesake of its province it lists this many spellings of
_KNOWN_MARGIN = 0.08  # ... scored this near (an article or a final h apart)


def _better_known(m: Match, top: Match) -> bool:
    """``m``, a namesake of ``top`` in its province spelt all but alike, is the place meant: GeoNames
    knows ``top`` by that one spelling only and lists many of ``m``."""
    return (top.level == 0 and top.names <= _OBSCURE_NAMES and top.fclass == "P" and not top.is_admin
            and m.fclass == "P" and not m.is_admin and m.cc == top.cc and m.admin1 == top.admin1
            and m.level < LEVEL_SKELETON and m.sim >= 0.97 and m.names >= _KNOWN_NAMES)


def _well_known_namesake_first(scored: list[tuple[Match, float, list[str]]]) -> None:
    """"The town of Shafa" in Deir ez-Zor: Ash Sha'fah, a town GeoNames lists five spellings of,
    not Sha'fā, a hamlet it knows by that one name, though only the latter is spelt as the text
    has it (the two differ by an article and a final h)."""
    top, score = scored[0][0], scored[0][1]
    for i, (m, s, _) in enumerate(scored[1:8], start=1):
        if _better_known(m, top) and s >= score - _KNOWN_MARGIN:
            scored.insert(0, scored.pop(i))
            return


def geocode(
    name: str, country: str | None = None, ctx: ResolutionContext | None = None,
    gazetteer: Gazetteer | None = None, limit: int = 10,
) -> list[GeoCandidate]:
    """Best candidates for one name (what `warreport geocode` prints)."""
    gaz = gazetteer or get_gazetteer()
    out = []
    for m, score, why in score_candidates(name, ctx, None, country, gaz, limit):
        out.append(gaz.candidate(m, score, why))
    return out


def _split_acled_style(name: str) -> tuple[str, str | None]:
    """'Damascus - Jobar' -> ('Damascus', 'Jobar'): a city and its named district."""
    if " - " in name:
        city, _, part = name.partition(" - ")
        return city.strip(), part.strip() or None
    return name, None


def resolve_name(
    name: str, country: str | None = None, ctx: ResolutionContext | None = None,
    cue: str | None = None, gazetteer: Gazetteer | None = None,
) -> ResolvedPlace:
    """Resolve one place name (no text around it).

    ACLED's "City - District" ("Damascus - Jobar") gives the district when the gazetteer knows
    it within 30 km of the city, else the city with the district as ``sub_location``; "Feature -
    Area" ("Bishri Mountain - Deir-ez-Zor") whose first part is unknown gives the area.
    """
    gaz = gazetteer or get_gazetteer()
    sub = None
    scored: list[tuple[Match, float, list[str]]] = []
    city, part = _split_acled_style(name)
    if part:
        scored = score_candidates(city, ctx, cue, country, gaz)
        inner = score_candidates(part, ctx, cue, country, gaz) if part != city else []
        if scored and inner:
            top, best = scored[0][0], inner[0][0]
            if not best.is_guess and best.fclass in {"P", "S"} and (
                haversine_km(top.lat, top.lon, best.lat, best.lon) <= 30
            ):
                scored = inner
        if scored and scored is not inner:
            sub = part if part != city else None
        elif inner:
            scored, sub = inner, city
        if scored and scored[0][0].is_guess:
            # A guess for the first part: the whole name may be known ("Omar - Oil Fields" is
            # the al-Omar oil field, not a village that merely looks like "Omar").
            whole = score_candidates(name, ctx, cue, country, gaz)
            if whole and whole[0][1] > scored[0][1]:
                scored, sub = whole, None
    if not scored:
        scored = score_candidates(name, ctx, cue, country, gaz)
    if not scored:
        return ResolvedPlace(name, None, None, 0.0, "unresolved", cue=cue)
    m, score, _ = scored[0]
    precision = _precision(m, cue)
    return ResolvedPlace(
        mention=name, place=gaz.to_place(m), geo_precision=precision, score=score,
        rule="gazetteer" if sub is None else f"fallback:{m.name}", sub_location=sub, cue=cue,
        candidates=[gaz.candidate(x, s, w) for x, s, w in scored[:5]],
    )


def _precision(m: Match, cue: str | None) -> int:
    if m.is_admin1 or m.is_country or m.is_continent or cue in {"province", "region"}:
        return 3
    if m.is_admin2:
        return 2
    if m.fclass in {"L", "T", "H"} and not m.fcode.startswith("PPL"):
        return 2 if m.fclass != "L" or m.fcode != "RGN" else 3
    return CUE_PRECISION.get(cue or "in", 1)


def _report_context(
    mentions: Sequence[ToponymMention], gaz: Gazetteer, base: ResolutionContext | None
) -> ResolutionContext:
    """Countries, provinces and points of the report's unambiguous places (first pass)."""
    ctx = ResolutionContext(
        countries=list(base.countries) if base else [],
        admin1=list(base.admin1) if base else [],
        points=list(base.points) if base else [],
        theatre=list(base.theatre) if base else [],
        provinces=list(base.provinces) if base else [],
        areas=list(base.areas) if base else [],
        zone=list(base.zone) if base else [],
        likely=list(base.likely) if base else [],
    )
    votes: Counter[str] = Counter()
    ambiguous: list[set[str]] = []  # the countries each place ambiguous across countries may be in
    prev: ToponymMention | None = None
    for t in mentions:
        found = gaz.matches(t.text)
        if _named_part(t):  # a quarter named like a province abroad votes for nothing
            found = [m for m in found if not (m.is_admin1 or m.is_country)]
        # "Tiba in Dar'a": a name right after a place and "in" names the province it is in
        encloses = t.cue == "in" and prev is not None and prev.sentence == t.sentence \
            and 0 < t.start - prev.end <= 5 and not any(m.is_country and m.sim >= 0.95 for m in found)
        prev = t
        admin1s = [m for m in found if m.is_admin1 and (not m.is_guess or m.sim >= 0.95)]
        if encloses and len({m.cc for m in admin1s}) == 1:
            votes[admin1s[0].cc] += 2  # ... and so its country, more surely than the town's namesakes
        provinces = admin1s if t.cue in ("province", "countryside") else []
        if t.cue == "countryside" and not admin1s and found and found[0].fcode in ("PPLA", "PPLC"):
            around = gaz.countryside_province(found[0])  # "Rural Damascus": Rif Dimashq
            if around is not None:
                ctx.admin1.append((found[0].cc, around))
                ctx.provinces.append((found[0].cc, around))
        if provinces:
            # "Dar'a governorate", "Deir ez Zor countryside": the province, which names its country
            # more surely than a town
            found = provinces
            if len({m.cc for m in provinces}) == 1:
                votes[provinces[0].cc] += 2
                if len(provinces) == 1 and provinces[0].admin1:  # its villages outrank namesakes
                    ctx.admin1.append((provinces[0].cc, provinces[0].admin1))
                    ctx.provinces.append((provinces[0].cc, provinces[0].admin1))
                continue
        if not found:
            continue
        best = found[0]
        at_home = _theatre_namesake(best, found, ctx.theatre)
        if at_home is not None:
            # "took control of Jat village" in a report on Syria's war: Jāt, Syria, not Jeddah ("Jat")
            # nor Jatt, Israel; a settlement of the actors' theatre spelt so is no vote for abroad
            ambiguous.append({best.cc, at_home.cc})
            continue
        if best.is_guess:
            continue
        if _hamlet_abroad(best, set(ctx.theatre)):
            continue  # "clashed in Modira" in a report on Syria's war: a hamlet of Iraq is no vote for Iraq
        rival = next((m for m in found[1:] if m.cc != best.cc), None)
        # Ambiguous across countries: no vote. A country's own name outranks a province of
        # another country by its bonus alone ("Georgia"), so it needs a wider margin.
        margin = 0.2 if best.is_country and rival is not None and rival.is_admin1 else 0.1
        if rival is not None and rival.prior() > best.prior() - margin:
            ambiguous.append({m.cc for m in found if m.cc and m.prior() > best.prior() - margin})
            continue
        votes[best.cc] += 2 if best.is_country else 1
        # Its point and province only when no namesake elsewhere in the country competes
        # ("Anderson County" is in five states: none of them is evidence for itself).
        homonym = any(
            m.prior() > best.prior() - 0.1 and haversine_km(m.lat, m.lon, best.lat, best.lon) > 50
            for m in found[1:]
        )
        if not homonym and not best.is_country and best.importance() > 0.5:
            ctx.points.append((best.lat, best.lon))
            if best.admin1:
                ctx.admin1.append((best.cc, best.admin1))
    for cc, _ in votes.most_common():
        if cc and cc not in ctx.countries:
            ctx.countries.append(cc)
    # "Tafas in Dar'a": when no place is unambiguous, names each found in several countries are
    # most likely in the one country they all share, or in the actors' theatre if they may be there
    if not votes and not ctx.countries and ambiguous:
        common = set.intersection(*ambiguous) if len(ambiguous) >= 2 else set()
        fits = [cc for cc in ctx.theatre if cc in common or (not common and any(cc in ccs for ccs in ambiguous))]
        if fits:  # the actors' theatre decides among the countries the places may be in
            ctx.countries.append(fits[0])
        elif len(common) == 1:
            ctx.countries.extend(common)
    return ctx


def _named_part(t: ToponymMention) -> bool:
    """A name the text calls a part of a town ("the Qadisiyah neighborhood of Ar-Raqqa", "the
    Jobar and Qaboun districts"), not a division it names ("the District of Massachusetts")."""
    return t.source == "list" and t.cue in ("neighbourhood of", "district of")


_WEAK_FUZZY_SIM = 0.9  # a near spelling of a village of the report's country that a place noun names ("Kaljibrin area")
_THEATRE_MARGIN = 0.3  # how much less likely by name alone a theatre settlement may be than one abroad


def _theatre_namesake(best: Match, found: list[Match], theatre: list[str]) -> Match | None:
    """A settlement of the actors' theatre spelt as the text has it (not a looser guess) when the
    name's best match lies abroad: the report's war makes it the likelier place."""
    if not theatre or not best.cc or best.cc in theatre or best.is_country or best.is_admin1:
        return None
    return next(
        (m for m in found[1:] if m.cc in theatre and m.fclass == "P" and m.level < LEVEL_SKELETON
         and m.sim >= 0.95 and m.prior() > best.prior() - _THEATRE_MARGIN),
        None,
    )


def resolve_places(
    mentions: Sequence[ToponymMention | str],
    context: ResolutionContext | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[ResolvedPlace]:
    """Resolve the place mentions of one report together (see the module docstring).

    ``mentions`` are :class:`ToponymMention` from :func:`find_toponyms` (or plain names).
    """
    gaz = gazetteer or get_gazetteer()
    items = [
        m if isinstance(m, ToponymMention) else ToponymMention(text=m, start=-1, end=-1, known=True)
        for m in mentions
    ]
    ctx = _report_context(items, gaz, context)
    first: list[tuple[ToponymMention, Match | None, float, list[tuple[Match, float, list[str]]]]] = []
    home = set(ctx.countries[:1] or ctx.theatre[:1])
    # the report's countries and its actors': a hamlet elsewhere is not what it means ("clashed in
    # Modira" with regime forces: Mudayrā of Rif Dimashq, not Maydīrah, a hamlet of Iraq; "regime
    # forces captured the village of Abu 'Isa": not Ālbū 'Īsá of Anbar, whatever Syria lacks)
    report_home = {*ctx.countries, *ctx.theatre, *ctx.likely, *(cc for cc, _ in ctx.areas)}
    # (with armed actors to say where the war is, always; with only the places' own votes, when the
    # name is also something at home: a restaurant in a New York story matched to a hamlet abroad
    # still falls back to the city named beside it, as the anchor rules below decide)
    by_actors = bool(ctx.theatre or ctx.likely or ctx.areas)
    for t in items:
        scored = score_candidates(t.text, ctx, t.cue, None, gaz, limit=25)
        at_home = [c for c in scored if not _hamlet_abroad(c[0], report_home)]
        if at_home or by_actors:
            scored = at_home
        if _named_part(t):  # "the Qadisiyah neighborhood of Ar-Raqqa" is no province of Iraq
            scored = [c for c in scored if not (c[0].is_admin1 or c[0].is_country)]
        best = scored[0] if scored else None
        if best and best[0].level >= LEVEL_SKELETON and best[0].sim < 0.85 and t.source == "list":
            best = None  # a fuzzy guess for a listed neighbourhood is worse than the fallback
        if best and best[0].is_guess and t.extra.get("weak") == "1" \
                and not (best[0].level < LEVEL_SKELETON and best[0].sim >= 0.95) \
                and not (best[0].sim >= _WEAK_FUZZY_SIM and best[0].fclass == "P" and home and best[0].cc in home):
            # ... and for a name only a place noun calls a place ("Awayshiyah village"), unless only
            # its spelling differs ("the Eastern Ghota area": Eastern Ghouta)
            best = None
        first.append((t, best[0] if best else None, best[1] if best else 0.0, scored))
    for idx, (t, m, _score, scored) in enumerate(first):
        if m is not None and t.extra.get("quarter") == "1" and m.fcode != "PPLX":
            # "around Barza neighborhood": of namesakes spelt alike, the section of a city
            quarter = next(((c, s) for c, s, _ in scored if c.fcode == "PPLX" and c.sim >= m.sim - 0.02), None)
            if quarter is not None:
                first[idx] = (t, quarter[0], quarter[1], scored)
    _cohere_lists(first)
    for idx, (t, m, _score, scored) in enumerate(first):
        in_named = _namesake_in_named_province(idx, m, first, scored, gaz) if m is not None else None
        if in_named is not None:
            first[idx] = (t, in_named, next(s for c, s, _ in scored if c is in_named), scored)

    out: list[ResolvedPlace] = []
    for idx, (t, m, score, scored) in enumerate(first):
        a_idx = _anchor(idx, first, ctx)
        if a_idx is None and _near_next(idx, first):
            a_idx = idx + 1  # "Qassa'a near Harbal": a village the text places near another one
        anchor = first[a_idx][1] if a_idx is not None else None
        following = _next_resolved(idx, first)
        direction = _direction_anchor(following, gaz)  # "X in the northern countryside of Aleppo"
        facing = direction if _minor_village(m) else None
        if facing is not None and m is not None and not _faces(m, *facing, provincewide=True):
            # "Sheikh Aqil in the northern countryside of Aleppo": of two villages so named in the
            # province, the one north of the city
            m = next((c for c, _, _ in scored if c is not m and c.fclass == "P" and not c.is_admin and c.cc == m.cc
                      and (c.level <= m.level or c.sim >= _WEAK_FUZZY_SIM) and _faces(c, *facing)), m)
        town = _enclosing_town(following) if _minor_village(m) else None
        if town is not None and m is not None:
            m = _nearest_namesake(m, scored, town)  # "Tall Diyab in Ras al Ain": the one by that town
        # a neighbourhood lies in its city: a namesake farther than a city's reach is another place
        reach_km = _NEIGHBOURHOOD_KM if t.cue == "neighbourhood of" else _FAR_KM
        # "Haddadia near Shadadah", "Hamdan Airbase north of Abu Kamal": a settlement named right
        # before the town it is near; a namesake 100 km from that town is another place
        named_near = a_idx is not None and a_idx == idx + 1 and first[a_idx][0].sentence == t.sentence \
            and first[a_idx][0].cue in _NEAR_CUES and 0 <= first[a_idx][0].start - t.end <= 60 \
            and m is not None and m.fclass == "P" and not m.is_country
        if named_near and not _spelt_seat(m, scored):
            # (a district's or subdistrict's seat spelt as the text has it keeps its place: "near
            # Sukhnah close to Tadmor", 70 km apart, is As Sukhnah)
            reach_km = _CONFIRM_NEAR_KM
        far = m is not None and anchor is not None and haversine_km(m.lat, m.lon, anchor.lat, anchor.lon) > reach_km
        if far and m is not None and anchor is not None and a_idx is not None and m.cc == anchor.cc \
                and (m.cc, m.admin1) in _provinces_named(anchor, first[a_idx][0], gaz) \
                and anchor.fcode in ("PPLA", "PPLC") and first[a_idx][0].cue in ("countryside", "province", "in"):
            far = False  # "Sokhneh town in Homs countryside": far from Homs, but in the province it is the seat of
        if m is not None and _outside_named_province(idx, m, first, gaz):
            # "Attala village in the southern countryside of Al-Hasakeh": not Ta'lah, 500 km away in
            # another province, but a place the index lacks (or spells otherwise) in Al-Hasakeh ...
            # ... or its namesake there, spelt as the text has it ("Hit in Dar'a": Ḩayţ, not Hīt of Homs)
            province = (following[1].cc, following[1].admin1) if following is not None and (
                following[1].is_admin1 or following[1].fcode in ("PPLA", "PPLC")) else None
            m = next((c for c, _, _ in scored if c is not m and _minor_village(c) and c.level < LEVEL_SKELETON
                      and c.sim >= 0.95 and (c.cc, c.admin1) == province), None)
            far = m is not None and anchor is not None and haversine_km(m.lat, m.lon, anchor.lat, anchor.lon) > reach_km
        group_lost = t.group is not None and _group_mostly_unknown(t.group, first)
        is_sub = t.cue in _SUB_CUES or (t.group is not None and t.source == "list")
        guess = m is not None and m.is_guess
        same_sentence = a_idx is not None and first[a_idx][0].sentence == t.sentence
        settled = m is not None and not guess and (m.fclass != "P" or m.is_country)
        # "the town of Obeidi east of al-Qaim": a place the gazetteer lacks, located by the text
        # relative to a known one, is near that one (as its spellings 'Ubaydi, al-Ubaydi are)
        # ... or enclosed by one: the next place the sentence names after it ("X village near Y
        # town in the Z countryside" is near Y)
        next_known = a_idx is not None and a_idx > idx and not any(first[k][1] is not None for k in range(idx + 1, a_idx))
        located_by = same_sentence and a_idx is not None and (
            first[a_idx][0].cue in _RELATIONAL_CUES
            or (m is None and next_known and first[a_idx][0].cue in _ENCLOSING_CUES)
            # "X village in Y", "X area, Y town": a place the text only names with a place noun
            or (t.extra.get("weak") == "1" and next_known))
        if (m is None or (guess and m.fclass == "P" and m.kind == 0)) and t.cue not in ("neighbourhood of", "district of"):
            # "Kherbet Jamu town in Al Hasakeh countryside": a spelling the index lacks, close to
            # one of a village near the town (or in the province) the text places it in
            near = _confirmed_spelling(t.text, anchor, ctx, gaz, first[a_idx][0].cue if a_idx is not None else None,
                                       consonants_too=m is None, facing=direction)
            in_named_city = anchor is not None and a_idx is not None and same_sentence and \
                first[a_idx][0].cue == "city" and next_known
            if near is not None and in_named_city and anchor is not None and \
                    haversine_km(near.lat, near.lon, anchor.lat, anchor.lon) > _NEIGHBOURHOOD_KM:
                # "Al-Rashidia in Deir-ez-Zor city": a quarter of the city the text names, not a
                # village spelt nearly so 40 km away
                out.append(ResolvedPlace(
                    mention=t.text, place=gaz.to_place(anchor), geo_precision=1,
                    score=round(0.5 * anchor.prior(), 4), rule=f"fallback:{anchor.name}", sub_location=t.text,
                    start=t.start if t.start >= 0 else None, end=t.end if t.end >= 0 else None, cue=t.cue,
                ))
                continue
            if near is not None and _quarter_of(near, anchor):
                m, guess = near, False  # "pushed into al-Hamidiya": a quarter of the city, below
            elif near is not None:
                out.append(ResolvedPlace(
                    mention=t.text, place=gaz.to_place(near), geo_precision=_precision(near, t.cue),
                    score=round(near.prior(), 4), rule="spelling_in_context",
                    start=t.start if t.start >= 0 else None, end=t.end if t.end >= 0 else None, cue=t.cue,
                ))
                continue
        if m is None and t.group is None and (not is_sub or t.cue == "area of") and t.cue not in _RELATIONAL_CUES:
            region = _direction_anchor(following, gaz, regions_only=True)
            if region is not None:
                # "Sakhr area in northern Hama countryside": a village the index lacks, in the
                # region of the seat the text names; placed in that direction from it
                out.append(_estimated(t, *region, gaz))
                continue
        if anchor is not None and a_idx is not None and not settled and (
            (m is None and (is_sub or located_by))
            or (guess and far and (same_sentence or is_sub))
            # ... even a village of another country, if the town is of the report's ("near Yusufiyah
            # south of Baghdad": not Yūsufayn in Idlib, 800 km away)
            or (far and named_near and m is not None and (m.cc == anchor.cc or (anchor.cc in ctx.countries and _minor_village(m))))
            # ... or a town abroad too far from it to be "north of" it ("the Al-Rayyan camp north of
            # the city of Azaz" is no Ar Rayyān of Qatar, 1,800 km off)
            or (far and named_near and m is not None and anchor.cc in ctx.countries
                and haversine_km(m.lat, m.lon, anchor.lat, anchor.lon) > _NEVER_NEAR_KM)
            # ... or in the countryside of a town ("Shahbah of eastern Afrin" is no Shahbā of
            # As-Suwayda, 400 km south)
            or (same_sentence and m is not None and m.fclass == "P" and not m.is_admin
                and first[a_idx][0].cue == "countryside" and anchor.fclass == "P"
                and haversine_km(m.lat, m.lon, anchor.lat, anchor.lon) > _NEVER_NEAR_KM)
            or (far and t.cue in _SUB_CUES)
            # "Haddadiyeh in the Shadadah sub-district": a village of that division, not a namesake
            # 100 km from its seat (the division's seat codes it, as a place the index lacks)
            or (same_sentence and first[a_idx][0].cue == "district" and m is not None and _minor_village(m)
                and haversine_km(m.lat, m.lon, anchor.lat, anchor.lon) > _DIVISION_KM)
            or (group_lost and is_sub)
            # "the neighbourhoods of Kanamat, Khassarat ... in Deir Ezzor city": a village the index
            # has inside the city's reach is that quarter of the city, coded at the city
            or (t.cue in ("neighbourhood of", "district of") and m is not None and m.id != anchor.id
                and m.fclass == "P" and m.importance() < anchor.importance()
                and haversine_km(m.lat, m.lon, anchor.lat, anchor.lon) <= _NEIGHBOURHOOD_KM)
            or (m is not None and _quarter_of(m, anchor))
        ):
            # neighbourhoods, and districts listed by name ("the Kanamat and Badr districts"), are parts of the city
            in_city = (t.cue == "neighbourhood of" or first[a_idx][0].cue == "city" or _quarter_of(m, anchor)
                       or (t.cue == "district of" and t.source == "list"))
            out.append(
                ResolvedPlace(
                    mention=t.text, place=gaz.to_place(anchor), geo_precision=1 if in_city else 2,
                    score=round(0.5 * anchor.prior(), 4), rule=f"fallback:{anchor.name}",
                    sub_location=t.text, start=t.start if t.start >= 0 else None,
                    end=t.end if t.end >= 0 else None, cue=t.cue,
                )
            )
            continue
        if m is None:
            # a name only a place noun calls a place ("Zinanah area") and no town encloses is no evidence
            cue = None if t.extra.get("weak") == "1" else t.cue
            out.append(ResolvedPlace(t.text, None, None, 0.0, "unresolved", start=t.start, end=t.end, cue=cue))
            continue
        out.append(
            ResolvedPlace(
                mention=t.text, place=gaz.to_place(m), geo_precision=_precision(m, t.cue),
                score=score, rule="context" if scored and scored[0][2] else "gazetteer",
                start=t.start if t.start >= 0 else None, end=t.end if t.end >= 0 else None,
                cue=t.cue, candidates=[gaz.candidate(x, s, w) for x, s, w in scored[:5]],
            )
        )
    for r, t in zip(out, items, strict=True):
        r.bearing = float(t.extra["bearing"]) if "bearing" in t.extra else None
    if not ctx.zone:
        return out
    return [_onto_the_front(r, ctx, gaz) for r in out]


_FRONT_CUES = ("countryside", "province", "in")


def _onto_the_front(r: ResolvedPlace, ctx: ResolutionContext, gaz: Gazetteer) -> ResolvedPlace:
    """A place the text gives only as the province of a strip of land the report's operation
    holds ("clashes between JWS under OPS and QSD on Abdi Koy axis in Ar Raqqa countryside": a
    village the index lacks, coded at the province's seat) is on that operation's front: at the
    town of the strip nearest the seat, where the strip meets the rest of the province ('Ayn
    'Isa for Ar-Raqqa, Tall Tamr for Al-Hasakah), not at the seat 50 km behind the front."""
    p = r.place
    if p is None or p.feature_code not in ("PPLA", "PPLC", "ADM1") or p.geonameid is None:
        return r
    if not (r.rule.startswith("fallback:") or r.cue in _FRONT_CUES):
        return r
    seat = gaz.get_match(p.geonameid)
    if seat is None or any(haversine_km(seat.lat, seat.lon, z.lat, z.lon) <= _ZONE_KM for z in ctx.zone):
        return r
    towns = [z for z in ctx.zone if (z.cc, z.admin1) == (seat.cc, seat.admin1)]
    if not towns:
        return r
    front = min(towns, key=lambda z: haversine_km(z.lat, z.lon, seat.lat, seat.lon))
    return replace(r, place=gaz.to_place(front), geo_precision=2, rule=f"front:{front.name}")


_HOME_SIM = 0.85  # how alike a name and a village of the report's country must be to stand for it
_HOME_MIN_CHARS = 5  # ... and how long the name must be


def resolve_at_home(
    mention: str, cue: str | None, country: str, points: Sequence[tuple[float, float]] = (),
    areas: Sequence[tuple[str, str]] = (), gazetteer: Gazetteer | None = None,
) -> ResolvedPlace | None:
    """A name whose best match lies in a country the report has nothing to do with ("Beit Sawa":
    Bertoua, Cameroon), read as the village of the report's country spelt nearly so (Bayt Siwā,
    Syria); among several, the nearest to the report's other places or in its actors' provinces.
    None when no village of that country is that alike, or when the name is spelt exactly so
    abroad."""
    gaz = gazetteer or get_gazetteer()
    if len(mention) < _HOME_MIN_CHARS:
        return None  # "Red" of "Kurdish Red Crescent": too short to tell a spelling from a word
    found = gaz.matches(mention)
    if any(not m.is_guess for m in found[:5]) and not any(
            not m.is_guess and m.cc == country and m.fclass == "P" for m in found[:25]):
        return None  # a place abroad spelt exactly so ("Bear", Delaware) is that place or none ...
    # ... unless the report's country has one spelt so too ("airstrikes on Ibbin": Ibbīn, not Yibin)
    ctx = ResolutionContext(countries=[country], points=list(points), areas=list(areas))
    scored = score_candidates(mention, ctx, cue, country, gaz, limit=5)
    best = next(((m, s) for m, s, _ in scored if m.fclass == "P" and not m.is_admin), None)
    if best is None or best[0].sim < _HOME_SIM:
        return None
    m, score = best
    return ResolvedPlace(mention=mention, place=gaz.to_place(m), geo_precision=_precision(m, cue),
                         score=round(score, 4), rule="home_spelling", cue=cue)


_PROVINCE_NAMING_CUES = {"countryside", "province", "in"}
_PROVINCE_NAMED_WITHIN = 60  # characters between a village and the province named after it
_MINOR_PLACE = 0.6  # importance below which a village is sought in the province its sentence names
_OTHER_PROVINCE_KM = 80.0  # ... unless it lies this near that province's seat


def _named_provinces(idx: int, m: Match, first: list, gaz: Gazetteer,  # type: ignore[type-arg]
                     any_country: bool = False) -> tuple[set[tuple[str, str]], bool, list[Match]]:
    """The provinces the sentence names right after a village ("X village in the Y countryside",
    "X in Deir-ez-Zor", "Sajur line in Aleppo countryside") as provinces, whether ``m`` lies near
    the seat of one of them (GeoNames' borders and ACLED's differ there), and the towns whose
    countryside the sentence names. A province of another country than ``m``'s counts only when
    named as one, unless ``any_country``."""
    t = first[idx][0]
    named: set[tuple[str, str]] = set()
    near = False
    towns: list[Match] = []
    for j in range(idx + 1, len(first)):
        other, om = first[j][0], first[j][1]
        if other.sentence != t.sentence:
            break
        if other.start - t.end > _PROVINCE_NAMED_WITHIN:
            break
        if om is None or not om.admin1 or (
                other.cue not in _PROVINCE_NAMING_CUES and "bearing" not in other.extra  # "X in northern Hama"
                and not (om.fclass == "L" and other.cue == "area of")):  # "in the Eastern Qalamoon areas"
            continue
        province = om.is_admin1 or om.fcode in ("PPLA", "PPLC")
        if om.cc != m.cc and not any_country and not (province and other.cue in ("countryside", "province")):
            continue  # (a province of another country only when named as one: "in Aleppo countryside")
        # a province's seat, a region of one province, or a town whose countryside the text names
        # ("Saida in the western countryside of Tell Abiad", "... in the countryside of Ein Issa")
        if province or (om.fclass == "L" and other.cue == "area of") or (om.fclass == "P" and other.cue == "countryside"):
            if not province and om.fclass == "P":
                towns.append(om)
            else:
                near = near or haversine_km(m.lat, m.lon, om.lat, om.lon) <= _OTHER_PROVINCE_KM
                named |= _provinces_named(om, other, gaz)
    if towns:
        # a town's countryside bounds its villages more tightly than the province around it: "Tall
        # Harran in the countryside of Ma'arrat An Nu'man in Idleb" is no Tall 'Aran 95 km off
        near = any(haversine_km(m.lat, m.lon, o.lat, o.lon) <= _IN_TOWN_KM for o in towns)
    return named, near, towns


def _provinces_named(om: Match, other: ToponymMention, gaz: Gazetteer) -> set[tuple[str, str]]:
    """The provinces a place named as a province, a countryside or a region names: its own, and
    for the countryside of a city that is a province of its own the province around it ("Sabe
    Byar area in Rural Damascus" lies in Rif Dimashq, not in the city's province)."""
    out = {(om.cc, om.admin1)}
    if other.cue == "countryside" or "bearing" in other.extra:
        around = gaz.countryside_province(om)
        if around is not None:
            out.add((om.cc, around))
    return out


def _outside_named_province(idx: int, m: Match, first: list, gaz: Gazetteer) -> bool:  # type: ignore[type-arg]
    """A village outside the province its sentence names after it: a namesake."""
    t = first[idx][0]
    # (a mountain or river the text calls a village is no likelier: "Qandil village in the western
    # countryside of Tell Abiad" is not the Qandil range of Iraq)
    feature = m.fclass in ("T", "H") and t.cue in ("village of", "town of")
    if (m.fclass != "P" and not feature) or m.is_admin or (m.importance() >= _MINOR_PLACE and not feature) \
            or t.cue in ("province", "countryside"):
        return False
    provinces, near, towns = _named_provinces(idx, m, first, gaz, any_country=feature)
    named = provinces | {(o.cc, o.admin1) for o in towns}
    # a village just across the line still counts
    return bool(named) and (m.cc, m.admin1) not in named and not near


def _namesake_in_named_province(idx: int, m: Match, first: list,  # type: ignore[type-arg]
                                scored: list[tuple[Match, float, list[str]]], gaz: Gazetteer) -> Match | None:
    """The place spelt as the text has it in the province the sentence names after it, when the
    first choice lies in another: "Khattab in Hama" is Khaţţāb of Hama, not its namesake of Homs
    (though near Hama city); "Ara in As-Sweida" is 'Ará, not Aş Şanamayn (also called Ara);
    "Suluk city in Ar-Raqqa" is Sulūk, not Jolo. Only a village spelt at least as alike as the
    first choice replaces it, and a town known by that very name near the province's seat stays
    ("Dana in Aleppo": Ad Dānā of Idlib, by the line)."""
    t = first[idx][0]
    if m.fclass != "P" or m.is_admin or m.is_country or t.cue in ("province", "countryside"):
        return None
    provinces, near, towns = _named_provinces(idx, m, first, gaz, any_country=True)
    if not provinces or (m.cc, m.admin1) in provinces or towns:
        return None  # (a town's countryside, and the direction it may name, is for the rules below)
    if near and m.importance() >= _MINOR_PLACE and strip_articles(fold(m.name)) == strip_articles(fold(t.text)):
        return None
    return next((c for c, _, _ in scored if c is not m and c.fclass == "P" and not c.is_admin
                 and c.level < LEVEL_SKELETON and c.sim >= max(0.95, m.sim - 0.03)
                 and (c.cc, c.admin1) in provinces), None)


_FACING_SLACK = 50.0  # degrees a village may lie off the direction the text names ("northern": -50 .. 50)
_FACING_KM = 150.0  # ... and how far from the seat the region is of (Deir ez-Zor to Hajin: 110 km)
_FACING_ANY_KM = 6.0  # this near the seat, any direction fits
_SPELLING_FACING_SLACK = 67.5  # ... and for a spelling the index lacks, the two neighbouring octants too


def _spelt_seat(m: Match | None, scored: list[tuple[Match, float, list[str]]]) -> bool:
    """``m`` is spelt as the text has it and is (or stands where GeoNames has) the seat of a
    district or subdistrict."""
    if m is None or m.level >= LEVEL_SKELETON or m.sim < 0.95 or m.fclass != "P":
        return False
    return any(c.fcode in _DIVISION_SEATS and c.sim >= 0.95 and haversine_km(c.lat, c.lon, m.lat, m.lon) <= 5
               for c, _, _ in scored)


def _hamlet_abroad(m: Match, home: set[str]) -> bool:
    """A hamlet (a village of no seat and few or no known people, such as the national tables of
    GeoNames list by the ten thousand) of a country other than the report's ``home`` ones."""
    return bool(home) and m.cc not in home and m.fclass == "P" and not m.is_admin and m.importance() < _HAMLET


def _minor_village(m: Match | None) -> bool:
    return m is not None and m.fclass == "P" and not m.is_admin and m.importance() < _MINOR_PLACE


def _direction_anchor(found: tuple[ToponymMention, Match] | None, gaz: Gazetteer,
                      regions_only: bool = False) -> tuple[Match, float] | None:
    """The seat and compass direction of the region the sentence places a village in, when the
    next place it names (``found``, from :func:`_next_resolved`) is one ("X in the northern
    countryside of Aleppo", "X of south-eastern Idleb", and unless ``regions_only`` "X east of
    Raqqa"); a province counts by its seat."""
    if found is None:
        return None
    other, om = found
    if "bearing" not in other.extra or (regions_only and other.cue in _RELATIONAL_CUES):
        return None
    origin = gaz.admin1_seat(om.cc, om.admin1) if om.is_admin1 and om.admin1 else om
    if origin is None or origin.fclass != "P":
        return None
    return origin, float(other.extra["bearing"])


def _next_resolved(idx: int, first: list) -> tuple[ToponymMention, Match] | None:  # type: ignore[type-arg]
    """The next resolved place the sentence names right after mention ``idx`` (within 60 characters)."""
    t = first[idx][0]
    for j in range(idx + 1, len(first)):
        other, om = first[j][0], first[j][1]
        if other.sentence != t.sentence or other.start - t.end > _PROVINCE_NAMED_WITHIN:
            return None
        if om is not None:
            return other, om
    return None


_IN_TOWN_KM = 40.0  # "X in Y" for a town Y (no province's seat): X lies this near Y


def _enclosing_town(found: tuple[ToponymMention, Match] | None) -> Match | None:
    """The town a village is said to be in ("Tall Diyab in Ras al Ain", "X village in Y town"),
    when the next place its sentence names right after it (``found``) is one that no province is
    named for."""
    if found is None:
        return None
    other, om = found
    if other.cue not in ("in", "city", "town of") or "bearing" in other.extra or om.fclass != "P" \
            or om.is_admin or om.fcode in ("PPLC", "PPLA"):
        return None
    return om


def _nearest_namesake(m: Match, scored: list[tuple[Match, float, list[str]]], town: Match) -> Match:
    """Of the villages spelt as well as ``m`` within reach of ``town``, the nearest one (``m``
    unless another is more than 5 km nearer)."""
    def to_town(c: Match) -> float:
        return haversine_km(c.lat, c.lon, town.lat, town.lon)

    closer = [c for c, _, _ in scored if c.fclass == "P" and not c.is_admin and c.cc == m.cc
              and (c.level <= m.level or c.sim >= _WEAK_FUZZY_SIM) and to_town(c) <= _IN_TOWN_KM]
    best = min(closer, key=to_town, default=None)
    return best if best is not None and to_town(best) < to_town(m) - 5 else m


_TOWARD_KM = {"PPLC": 20.0, "PPLA": 20.0}  # how far into its countryside a province seat's region lies
_TOWARD_TOWN_KM = 10.0  # ... a smaller town's


def toward_km(fcode: str | None) -> float:
    """How far from a seat the region the text names in a direction lies: a province seat's
    countryside 20 km out, a smaller town's 10 km."""
    return _TOWARD_KM.get(fcode or "", _TOWARD_TOWN_KM)


def _estimated(t: ToponymMention, origin: Match, bearing: float, gaz: Gazetteer) -> ResolvedPlace:
    """A place the index lacks, put where the text says its region is: ``bearing`` from the seat
    ``origin``, a province seat's countryside 20 km out, a town's 10 km (geo_precision 2, no
    geonameid; the rule names the seat and the direction)."""
    lat, lon = point_toward(origin.lat, origin.lon, toward_km(origin.fcode), bearing)
    seat = gaz.to_place(origin)
    place = Place(name=t.text, latitude=lat, longitude=lon, admin1=seat.admin1,
                  country=seat.country, iso=seat.iso, iso3=seat.iso3)
    return ResolvedPlace(
        mention=t.text, place=place, geo_precision=2, score=round(0.4 * origin.prior(), 4),
        rule=f"estimated:{bearing:g}deg_of:{origin.name}", start=t.start if t.start >= 0 else None,
        end=t.end if t.end >= 0 else None, cue=t.cue,
    )


def _faces(m: Match, origin: Match, bearing: float, slack: float = _FACING_SLACK, provincewide: bool = False) -> bool:
    """Does ``m`` lie in the direction ``bearing`` from ``origin`` (and within its region's reach,
    or, ``provincewide``, anywhere in the province ``origin`` is the seat of)?"""
    km = haversine_km(origin.lat, origin.lon, m.lat, m.lon)
    if km <= _FACING_ANY_KM:
        return True
    off = abs(bearing_deg(origin.lat, origin.lon, m.lat, m.lon) - bearing) % 360.0
    # ("in eastern Homs governorate": At Tayyibah, 200 km east of Homs, in the province)
    reach = km <= _FACING_KM or (provincewide and origin.fcode in ("PPLA", "PPLC") and m.cc == origin.cc
                                  and m.admin1 == origin.admin1)
    return reach and min(off, 360.0 - off) <= slack


def _quarter_of(m: Match | None, anchor: Match | None) -> bool:
    """A section of a populated place (GeoNames PPLX: "Al Hamidiyah" of Deir ez-Zor) inside the
    reach of the town the text places it in: a quarter of that town, coded at the town."""
    return (m is not None and anchor is not None and m.fcode == "PPLX" and m.id != anchor.id
            and haversine_km(m.lat, m.lon, anchor.lat, anchor.lon) <= _QUARTER_KM)


_CONFIRM_SIM = 0.84  # how alike a spelling and a village's name must be when context confirms it
_CONFIRM_NEAR_KM = 50.0  # ... and how near the town that encloses it ("X in the Y countryside")
_CONFIRM_PROVINCE_KM = 100.0  # ... or in that town's province, this near
_PROVINCE_SPELT_SIM = 0.95  # ... or anywhere in it, if its name differs from the text's only in spelling
_SEAT_FCODES = {"PPLC", "PPLA", "PPLA2"}
_DIVISION_SEATS = _SEAT_FCODES | {"PPLA3"}  # seats of provinces, districts and subdistricts


def _confirmed_spelling(
    name: str, anchor: Match | None, ctx: ResolutionContext, gaz: Gazetteer, anchor_cue: str | None = None,
    consonants_too: bool = False, facing: tuple[Match, float] | None = None, parts: bool = True,
) -> Match | None:
    """The settlement a spelling the index lacks most likely names, when the text says where it
    is: the most alike name (similarity >= 0.84) among the settlements near the enclosing town (or
    in the province of a seat whose countryside the text names), or, without one, in a province the
    report names. None when two places fit equally well. With ``consonants_too`` (a one-word
    name the index has no guess for), a settlement there whose name has the same consonants
    ("Tabni" / At Tibnī, similarity >= 0.75) fits too, if it is the only one. With ``facing`` (the
    seat and direction of the region the text names: "in southern Deir-ez-Zor countryside"), only
    settlements that way fit, as far as that region reaches. With ``parts``, a name with a
    qualifier ("Karak Sharqi", "Upper Hfeir") the index lacks is sought in its other order, then
    as the village it is a part of."""
    if len(name.replace(" ", "")) < 4:
        return None
    # "X near Shadadah" is near that town; "X in the Aleppo countryside" anywhere in its province
    # (a district seat's countryside is its district: "Umm Ashba in the eastern countryside of Ras Al
    # Ain" is no Maşba'ah 100 km off)
    province_wide = anchor is not None and anchor.fcode in _SEAT_FCODES - {"PPLA2"} and anchor_cue not in _RELATIONAL_CUES
    # ("Rural Damascus" is the province around the city)
    around = gaz.countryside_province(anchor) if anchor is not None and (
        anchor_cue == "countryside" or facing is not None) else None
    fits: list[Match] = []
    consonants: list[Match] = []  # "Tabni" / At Tibnī: other vowels, the same consonants
    bones = consonant_key(name) if consonants_too else ""
    if " " in name.strip() and len(_own_consonants(name)) < _MANY_BONES:
        # "Kishkish Jabbur" / Kashkash Jubūr: two words, if their consonants are many (not counting
        # a head: "Kherbet Al Sha'er" is no Khirbat 'Āshūr)
        bones = ""
    for m in gaz.matches(name)[:60]:
        if m.fclass != "P" or m.is_admin or m.is_country:
            continue
        if m.sim < _CONFIRM_SIM and not (len(bones) >= 3 and m.sim >= (_BONES_SIM if len(bones) < 4 else _LONG_BONES_SIM)
                                         and (" " not in strip_articles(fold(m.name)) or len(bones) >= _MANY_BONES)
                                         and consonant_key(m.name) == bones):
            continue
        if facing is not None and not _faces(m, *facing, slack=_SPELLING_FACING_SLACK):
            continue  # (a region's edges too: "northern Hama countryside" takes in the north-west)
        if anchor is not None:
            if m.cc != anchor.cc:
                continue
            km = haversine_km(m.lat, m.lon, anchor.lat, anchor.lon)
            reach = _FACING_KM if facing is not None else _CONFIRM_PROVINCE_KM
            if km > _CONFIRM_NEAR_KM and not (province_wide and m.admin1 in (anchor.admin1, around) and (
                    km <= reach or (m.sim >= _PROVINCE_SPELT_SIM and m.level < LEVEL_SKELETON))):
                # ("Ain al Arab city in Aleppo countryside": 'Ayn al 'Arab, 140 km from Aleppo but
                # in its province and spelt alike, not a village less alike nearer the seat)
                continue
        elif (m.cc, m.admin1) not in ctx.admin1:
            continue
        (fits if m.sim >= _CONFIRM_SIM else consonants).append(m)
    if not fits and consonants and all(haversine_km(m.lat, m.lon, consonants[0].lat, consonants[0].lon) <= 10
                                       for m in consonants):
        return consonants[0]  # ... if only one place there has them
    if not fits and not parts:
        return None
    if not fits:
        base = _unqualified(name)
        # "Karak Sharqi town in Dar'a": the eastern part of a village the index has (Al Karak)
        if base:
            return _confirmed_spelling(base, anchor, ctx, gaz, anchor_cue, facing=facing)
        # "Upper Hfeir town in Rural Damascus": Ḩafīr al Fawqā, the qualifier after the name
        return next((found for variant in qualified_variants(name)
                     if (found := _confirmed_spelling(variant, anchor, ctx, gaz, anchor_cue, facing=facing,
                                                      parts=False))), None)
    def near(m: Match) -> bool:  # near the enclosing town, not merely in its province
        return anchor is not None and haversine_km(m.lat, m.lon, anchor.lat, anchor.lon) <= _CONFIRM_NEAR_KM

    key = consonant_key(name)

    def twin(m: Match) -> bool:  # of names as alike, the one with the same consonants ("Tal Jijin": Tall al Jījān)
        return consonant_key(m.name) == key

    fits.sort(key=lambda m: (-round(m.sim, 2), not twin(m), not near(m), -m.prior()))
    known = next((m for m in fits[1:] if _better_known(m, fits[0])), None)
    if known is not None:
        return known  # ("the town of Shafa in Deir-ez-Zor": Ash Sha'fah, not the hamlet Sha'fā)
    if len(fits) > 1 and round(fits[1].sim, 2) == round(fits[0].sim, 2) and fits[1].prior() == fits[0].prior() \
            and near(fits[1]) == near(fits[0]) and twin(fits[1]) == twin(fits[0]) \
            and haversine_km(fits[0].lat, fits[0].lon, fits[1].lat, fits[1].lon) > 10:
        return None
    return fits[0]


_ARABIC_QUALIFIER = re.compile(
    r"\s+(?:(?:al|el)[-\s])?(?:sharqi(?:yy?a|yy?ah|eh)?|gharbi(?:yy?a|yy?ah|eh)?|shamali(?:yy?a|yy?ah|eh|ah)?|"
    r"janubi(?:yy?a|yy?ah|eh)?|qibli|fawqani|foqani|fuqani|tahtani|kabe?ir|kebir|sa?ghe?ir|wusta)$",
    re.IGNORECASE,
)


def _unqualified(name: str) -> str | None:
    """A name without the Arabic qualifier after it ("Karak Sharqi", "Tokhar al-Kabeer")."""
    base = _ARABIC_QUALIFIER.sub("", name.strip())
    return base if base != name.strip() and len(base.replace(" ", "")) >= 4 else None


_BONES_SIM = 0.75  # how alike a spelling with a village's consonants must still be
_LONG_BONES_SIM = 0.6  # ... when four consonants or more agree ("Baqras" / Buqruş)
_MANY_BONES = 6  # consonants a name of two words or more must have to be matched by them


def _own_consonants(name: str) -> str:
    """The consonants of a name without its leading head words ("Khirbat", "Tall", "Kafr")."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in NAME_HEADS:
        words = words[1:]
    return consonant_key(" ".join(words))


_LIST_MARGIN = 0.08  # namesakes scored this close to a listed village's best are as likely
_LIST_SPREAD_KM = 50.0  # a list whose villages lie farther apart than this is spread too wide


def _cohere_lists(first: list) -> None:  # type: ignore[type-arg]
    """Villages listed together lie together ("captured the villages of Kafr Eibesh, Qayqan and
    al-Ayoubiyah"): when a list's villages, as first chosen, lie far apart, the choice among
    namesakes (or spellings) scored nearly as well that puts them closest together replaces it.
    """
    groups: dict[int, list[int]] = {}
    for i, (t, m, _, _) in enumerate(first):
        if t.group is not None and t.source == "list" and m is not None:
            groups.setdefault(t.group, []).append(i)
    for members in groups.values():
        if not 2 <= len(members) <= 6:
            continue
        options: list[list[tuple[Match, float]]] = []
        for i in members:
            _, m, score, scored = first[i]
            alts = [(m, score)]
            if _minor_village(m):
                alts += [(c, sc) for c, sc, _ in scored if c is not m and _minor_village(c) and c.cc == m.cc
                         and sc >= score - _LIST_MARGIN][:5]
            options.append(alts)

        def spread(combo: tuple[tuple[Match, float], ...]) -> float:
            return max(haversine_km(a.lat, a.lon, b.lat, b.lon) for k, (a, _) in enumerate(combo) for b, _ in combo[k + 1:])

        current = tuple(o[0] for o in options)
        if spread(current) <= _LIST_SPREAD_KM or math.prod(len(o) for o in options) == 1:
            continue
        best = min(itertools.product(*options), key=spread)
        if spread(best) <= _LIST_SPREAD_KM:
            for i, (c, sc) in zip(members, best, strict=True):
                t, _, _, scored = first[i]
                first[i] = (t, c, sc, scored)


def _group_mostly_unknown(group: int, first: list) -> bool:  # type: ignore[type-arg]
    members = [m for t, m, _, _ in first if t.group == group]
    return sum(1 for m in members if m is None) * 2 >= len(members)


_ANCHOR_SITES = frozenset({"AIRB", "AIRP", "AIRF", "MILB"})


def _near_next(idx: int, first: list) -> bool:  # type: ignore[type-arg]
    """The next mention is a village the text places this one near ("X near Y"), spelt as the
    index has it: however small, it anchors a namesake of X far from it (see ``named_near``)."""
    if idx + 1 >= len(first):
        return False
    t, (nxt, m, score, scored) = first[idx][0], first[idx + 1]
    # (... if it is the one place so named: "near Hadar" may be Ḩaḑar or Al Ḩāḑir, 300 km apart)
    return m is not None and not m.is_guess and m.fclass == "P" and m.level < LEVEL_SKELETON \
        and nxt.sentence == t.sentence and nxt.cue in _NEAR_CUES and 0 <= nxt.start - t.end <= 60 \
        and not any(c is not m and s >= score - 0.05 and c.sim >= m.sim - 0.02
                    and haversine_km(c.lat, c.lon, m.lat, m.lon) > _CONFIRM_NEAR_KM for c, s, _ in scored)


def _anchor(idx: int, first: list, ctx: ResolutionContext) -> int | None:  # type: ignore[type-arg]
    """The enclosing settlement a mention depends on: a known place of the same sentence
    (after a relational cue, or a city/town), else the last one shortly before it."""
    t = first[idx][0]
    home = set(ctx.countries[:3])

    def ok(j: int) -> bool:
        other, m = first[j][0], first[j][1]
        return (
            j != idx and m is not None and other.group is None
            # a settlement, or an airbase named as such ("in the vicinity of Deir-ez-Zor Military Airport"),
            # or a plain or mountain right after the place it encloses ("Mashari' frontline in Al Ghab Plain")
            and (m.fclass == "P" or (m.fcode in _ANCHOR_SITES and not m.is_guess)
                 or (m.fclass in ("L", "T") and not m.is_guess and j == idx + 1
                     and (other.cue == "in" or (other.cue == "countryside" and "bearing" not in other.extra))
                     and other.sentence == t.sentence))
            and other.cue not in ("neighbourhood of", "district of")  # a part of a town encloses nothing
            and (not home or m.cc in home)
            # a seat of unknown population (importance 0.4) encloses a place the index lacks (or
            # only guesses at abroad) named just before it ("X village near Tall Abyad"); a seat in another spelling ("near
            # Shadadah") encloses too, not a mere village in another spelling
            and ((not m.is_guess and (m.importance() >= 0.45
                                      or ((first[idx][1] is None or (first[idx][1].is_guess and bool(home)
                                                                       and first[idx][1].cc not in home))
                                          and j > idx and other.sentence == t.sentence)))
                 or (m.level < LEVEL_SKELETON and m.sim >= 0.95 and m.importance() >= 0.45))
        )

    same = [j for j in range(len(first)) if first[j][0].sentence == t.sentence and ok(j)]
    if same:
        # Prefer a place named with a relational or city cue ("east of al-Qaim", "Deir Ezzor city").
        # ... then the nearer, and of two as near the one after it ("X village in Y")
        same.sort(key=lambda j: (first[j][0].cue not in {"city", "town of"} and "of" not in (first[j][0].cue or ""),
                                 abs(j - idx), j < idx))
        return same[0]
    # A neighbourhood list may name its city a paragraph earlier ("... in Deir Ezzor city." /
    # "Earlier, ... worker 1, worker 2 and Afri neighbourhoods").
    reach = 4 if (t.cue in _SUB_CUES or t.group is not None) else 2
    before = [
        j for j in range(idx - 1, -1, -1)
        if (first[j][0].paragraph == t.paragraph or reach > 2)
        and t.sentence - first[j][0].sentence <= reach and ok(j)
    ]
    return before[0] if before else None


def geoparse(text: str, context: ResolutionContext | None = None, gazetteer: Gazetteer | None = None) -> list[ResolvedPlace]:
    """Find and resolve every place of a text: :func:`find_toponyms` then :func:`resolve_places`."""
    gaz = gazetteer or get_gazetteer()
    return resolve_places(find_toponyms(text, gaz), context, gaz)
