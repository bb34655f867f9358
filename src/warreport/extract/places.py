"""Where a sentence's event happened: one ACLED location per event.

From the report's resolved places (:mod:`warreport.extract.geocode`) this module keeps those
of the sentence that are not part of an actor's name, groups mentions of the same place
(neighbourhoods resolved to their city become its ``sub_locations``), and picks the event's
locations: places named directly ("in X", "the town of X", "X city") first, then places the
event was near ("near X", "east of X", precision 2), then the province or countryside
(precision 2-3). A sentence that names several places directly ("captured A, B and C")
yields one location each, as ACLED codes one event per location.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from warreport.extract.geocode import PlaceHit, province_seat
from warreport.gazetteer.normalise import similarity
from warreport.model import Place

DIRECT_CUES = {None, "in", "city", "town of", "village of", "neighbourhood of", "subdistrict of", "district of",
               "crossing", "area of"}
CONTAINER_CUES = {"countryside", "province", "region", "district"}
ANAPHORA = re.compile(
    r"\b(?:(?:the|this|that|same)\s+(?:city|town|village|area|region|neighbou?rhood|district|axis|front|frontline|"
    r"locality|outskirts|countryside|base|airport)|there|the\s+same\s+(?:area|axis|front|place|location))\b",
    re.IGNORECASE,
)


_DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
NEAR_ANAPHORA = re.compile(
    rf"\b(?:near|around|outside|close\s+to|(?:the\s+)?(?:outskirts|edges?|vicinity|environs|countryside)\s+of|"
    rf"{_DIRECTION}(?:\s+and\s+{_DIRECTION})?\s+of)\s+(?:(?:the|this|that)\s+(?:city|town|village|area|base|airport)|it)\b",
    re.IGNORECASE,
)


@dataclass
class EventLocation:
    place: Place | None
    name: str
    geo_precision: int | None
    rule: str
    confidence: float
    sub_locations: list[str] = field(default_factory=list)
    mention: str = ""
    start_char: int | None = None
    end_char: int | None = None

    @property
    def country(self) -> str | None:
        return self.place.iso if self.place else None


def _other_name(mention: str, name: str) -> bool:
    """A mention that is no spelling of the place's name: the gazetteer folds a neighbouring
    site into it (GeoNames lists Husaybah, the border town, as a name of Al Qa'im)."""
    return similarity(mention, name) < 0.6


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace("-", " ").replace("'", "")


def sentence_hits(hits: list[PlaceHit], start: int, end: int, blocked: list[tuple[int, int]]) -> list[PlaceHit]:
    """Places of one sentence that are not inside an actor's name ("Deir ez-Zor Military Council")."""
    out = []
    for h in hits:
        if h.start_char < start or h.end_char > end:
            continue
        if any(a <= h.start_char and h.end_char <= b for a, b in blocked):
            continue
        out.append(h)
    return out


@dataclass
class _Group:
    key: str
    hits: list[PlaceHit]

    @property
    def first(self) -> PlaceHit:
        return self.hits[0]

    @property
    def place(self) -> Place | None:
        return self.first.place

    def kind(self) -> str:
        cues = {h.cue for h in self.hits}
        if any(h.is_country for h in self.hits):
            return "country"
        if any(h.is_admin for h in self.hits) or cues <= CONTAINER_CUES:
            return "container"
        if any(h.rule.startswith(("gazetteer:fallback", "gazetteer:estimated")) for h in self.hits):
            return "direct"
        if self.place is not None and self.place.feature_class not in (None, "P", "S"):
            return "area"  # a region, a mountain, a river: the event's area, not its place
        if cues & DIRECT_CUES:
            return "direct"
        return "relational"

    def precision(self) -> int:
        kind = self.kind()
        if kind == "country" or any(h.is_admin for h in self.hits):
            return 3
        if kind == "container":
            return 2
        values = [h.geo_precision for h in self.hits if h.geo_precision]
        if kind == "area":  # a plain, a mountain: its region (2) unless the index says otherwise
            return min(values) if values else 2
        return min(values) if values and kind == "direct" else (2 if kind == "relational" else 1)

    def names_parts(self) -> bool:
        """Listed parts fell back to this place ("the Bai Hassan and Avana oil fields north-west of Kirkuk")."""
        return any(h.rule.startswith("gazetteer:fallback") and "anchored" not in h.rule for h in self.hits)

    def subs(self) -> list[str]:
        seen: list[str] = []
        for h in self.hits:
            if h.sub_location and h.sub_location not in seen:
                seen.append(h.sub_location)
            elif h.cue == "crossing" and h.place is not None and _other_name(h.mention, h.place.name) \
                    and h.mention not in seen:
                seen.append(h.mention)  # "the Husaybah border crossing" at Al Qa'im: a site of its own
        return seen


def _to_location(group: _Group, rule: str, confidence: float, text: str | None = None) -> EventLocation:
    hit = group.first
    place = group.place
    precision = group.precision() if place else None
    seat = province_seat(place) if place is not None else None
    if seat is not None:  # a province is coded at its seat town, precision 3
        place, precision, rule = seat, 3, rule + ":province_seat"
    if rule.startswith("place:region") and hit.bearing is not None and hit.cue in ("countryside", "province") \
            and place is not None and place.latitude is not None and place.longitude is not None \
            and not (text is not None and re.match(r"\s+city\b", text[hit.end_char:], re.IGNORECASE)):
        # "in the western countryside of Dar'a": the region that way from the seat, not the seat
        # (but "in the north of Dayr az-Zawr city" is a part of the city)
        from warreport.gazetteer.lookup import point_toward
        from warreport.gazetteer.resolve import toward_km

        lat, lon = point_toward(place.latitude, place.longitude, toward_km(place.feature_code), hit.bearing)
        place = place.model_copy(update={"latitude": lat, "longitude": lon, "geonameid": None})
        rule += f":toward_{hit.bearing:g}deg"
    return EventLocation(
        place=place,
        name=place.name if place else hit.mention,
        geo_precision=precision,
        rule=rule + ":" + hit.rule,
        confidence=confidence,
        sub_locations=group.subs(),
        mention=hit.mention,
        start_char=hit.start_char,
        end_char=hit.end_char,
    )


# What joins a place to the place that encloses it: "Basimah village in Rural Damascus",
# "Barghutiyah, Eastern Hama", "the Qaboun neighbourhood of Damascus", "Kafr Safra village in
# southwest Afrin", "Tell Halaf in the countryside of Ras al-Ain".
_ENCLOSED_BY = re.compile(
    r"^['’‘ʿ]?[\s,]*(?:(?:village|town|city|area|neighbou?rhoods?|district|sub-?district|front(?:line)?|farms?|"
    r"camp|hill|region|streets?|roads?|square|roundabout|quarter|desert|badia|"
    r"(?:oil\s*|gas\s*)?fields?|(?:pumping\s+)?station|(?:air\s*)?base|airport|mountains?|hills|plain|plateau|dam)\s*)?"
    r"(?:,\s*|\s*\b(?:in|of|within|(?:at|on|near)\s+the\s+(?:administrative\s+)?(?:border|boundary)\s+"
    r"(?:between|of|with))\s+)(?:the\s+)?"
    r"(?:(?:rural|(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|central)(?:ern)?)\s+){0,2}"
    r"(?:(?:countryside|province|governorate|outskirts|area|region|district)\s+of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_ENCLOSING_KM = 60.0
_ROAD_OF = re.compile(r"\b(?:road|highway|axis|front(?:line)?)\s+(?:of|between)\s+(?:the\s+)?$", re.IGNORECASE)
_PART_NOUN = re.compile(r"^\s*(?:streets?|roads?|square|roundabout|quarter|neighbou?rhoods?)\b", re.IGNORECASE)
_QUALIFIED = re.compile(
    r"(?:rural|countryside|province|governorate|(?:north|south|east|west|central)\w*)\b", re.IGNORECASE
)
_SEAT_CODES = {"PPLC", "PPLA", "PPLA2", "ADM1", "ADM2"}
_PROVINCE_SEATS = _SEAT_CODES - {"PPLA2"}
_STREAMS = {"STM", "STMI", "STMS", "WAD", "CNL"}
_BROAD_AREAS = {"RGN", "RGNE", "DSRT", "PLAT"}  # regions and deserts are no more precise than a province


# "hundreds of Qalat Sukkar residents joined the protest in Nassriya": where they live, not the event
_PEOPLE_AFTER = re.compile(r"\s+(?:residents|natives|tribesmen|clansmen|inhabitants|locals)\b", re.IGNORECASE)
_HOMETOWN = re.compile(
    r"\b(?:civilians?|man|men|woman|women|child(?:ren)?|boys?|girls?|residents?|natives?|people|persons?|"
    r"famil(?:y|ies)|youths?|IDPs?|displaced|refugees?|detainees?)\s+(?:(?:originally|who\s+(?:is|was|were|are))\s+)?"
    r"from\s+(?:the\s+)?(?:(?:town|village|city)\s+of\s+)?$",
    re.IGNORECASE,
)
_LOCAL_NAME = re.compile(r"\((?:kurdish|local|arabic|turkish)\s+names?\)", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:(?:villages?|towns?|cities)\s+(?:of\s+)?)?$", re.IGNORECASE)
_LINKING = re.compile(r"\b(?:connecting|linking)\s+(?:the\s+)?$", re.IGNORECASE)
_FROM = re.compile(r"\b(?:stretching|extending|running|road|highway)\s+from\s+(?:the\s+)?$", re.IGNORECASE)


def _encloses(o: PlaceHit, g: PlaceHit, text: str) -> bool:
    # (a bracketed remark says nothing of the places around it, nor does the local name a place
    # goes by before its bracketed known one: "Saca area (Kurdish name) in Zap (Amadiya)")
    gap = re.sub(r"\s*\([^()]{0,40}\)", "", text[o.end_char:g.start_char])
    gap = re.sub(r"(?<=\s)[A-Z][\w’'‘-]*\s*\(\s*$", "", gap)
    if re.fullmatch(r"\s+and\s+(?:the\s+)?", gap) and _BETWEEN.search(text[max(0, o.start_char - 40):o.start_char]):
        return True  # "on the road between Nahta and Eastern Maliha": ACLED codes the first place
    if re.fullmatch(r"\s+to\s+(?:the\s+)?", gap) and _FROM.search(text[max(0, o.start_char - 40):o.start_char]):
        return True  # "the area stretching from Abu Kamal to Salhiyeh": ... and so here
    if re.fullmatch(r"\s+(?:to|and|with)\s+(?:the\s+)?", gap) and _LINKING.search(text[max(0, o.start_char - 40):o.start_char]):
        return True  # "the road connecting Tadef to al-Bab": ... and so here
    if gap == "-":
        return True  # "on the Maraanaz-Kafr Khasher frontline": ... and so here
    if re.fullmatch(r"\s+[-–]\s+", gap) and _ROAD_OF.search(text[max(0, o.start_char - 40):o.start_char]):
        return True  # "on the road of Jisr-Ash-Shugur - Lattakia": ... and so here
    if g.start_char - o.end_char >= 80 or not _ENCLOSED_BY.match(gap):
        return False
    if _LOCAL_NAME.search(text[o.end_char:g.start_char]) and g.place is not None:
        # "Saca area (Kurdish name) in Zap (Amadiya) region": a name the report itself gives as the
        # local one is a part of the known place it names next, however far a village spelt so
        # lies (that place is the event's: see _enclosing)
        return True
    if _PART_NOUN.match(gap) and g.place is not None:
        return True  # "al-Villat street in Afrin", wherever a village named like the street is
    if g.place is None or o.place is None:
        return False
    # "near Gharibah in Deir-ez-Zor": a province's seat named after a place of its province is the province
    province = g.place.feature_code in ("PPLA", "PPLC") and bool(g.place.admin1) and \
        (o.place.iso, o.place.admin1) == (g.place.iso, g.place.admin1)
    if distance_km(o.place, g.place) > _ENCLOSING_KM and not province:
        return False
    if re.search(r"\b(?:in|of|within|between)\b", gap, re.IGNORECASE):
        return True
    # a comma: "Barghutiyah, Eastern Hama" or "Atareb, Aleppo" - not the next item of a list
    return bool(_QUALIFIED.search(gap + " " + g.mention.split(" ")[0])) or (
        g.place.feature_code in _SEAT_CODES and o.place.feature_code not in _SEAT_CODES)


_COUNTRYSIDE_OF = re.compile(r"\b(?:countryside|rural\s+areas?|outskirts)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_TOWN_IN = re.compile(r"^\s*(?:(?:city|town)\s*)?(?:,\s*|\s+in\s+)(?:the\s+)?$", re.IGNORECASE)
_AFTER_COUNTRYSIDE = re.compile(r"^\s+(?:countryside|rural\s+areas?)\s*(?:,\s*|\s+(?:in|of)\s+)(?:the\s+)?$", re.IGNORECASE)


def _around_countryside(o: PlaceHit, g: PlaceHit, text: str) -> bool:
    """``g`` is named right after the countryside of town ``o`` as the province around it."""
    if g.start_char < o.end_char or o.place is None or g.place is None:
        return False
    gap = text[o.end_char:g.start_char]
    # ... or after "the countryside of" it ("the western countryside of Tell Abiad city in Ar-Raqqa")
    named = bool(_AFTER_COUNTRYSIDE.match(gap)) or (
        bool(_COUNTRYSIDE_OF.search(text[max(0, o.start_char - 40):o.start_char])) and bool(_TOWN_IN.match(gap)))
    # (not a place the text calls an area, a village or a town of it: "... of Hama in As-Saan area")
    smaller = g.cue in ("area of", "village of", "town of", "neighbourhood of", "district")
    return named and not smaller and (g.place.iso, g.place.admin1) == (o.place.iso, o.place.admin1)


def _enclosing(direct: list[_Group], text: str) -> set[str]:
    """Keys of direct places named only as the town or province enclosing an earlier one of
    them ("in Basimah village in Rural Damascus": Damascus encloses Basimah, the event's place),
    or as the far end of a road or front "between A and B", "stretching from A to B" (ACLED codes A)."""
    out: set[str] = set()
    for g in direct:
        for o in direct:
            if o is g:
                continue
            pairs = [(ho, hg) for ho in o.hits for hg in g.hits if ho.end_char <= hg.start_char and _encloses(ho, hg, text)]
            if pairs:
                # "al-Villat street in Afrin": the street is a part of the town, the town the place
                part = any(_PART_NOUN.match(text[ho.end_char:hg.start_char]) for ho, hg in pairs)
                # ... and so is a place the report gives by its local name only ("Saca area
                # (Kurdish name) in Zap (Amadiya) region": Amadiya is the place)
                part = part or any(_LOCAL_NAME.search(text[ho.end_char:hg.start_char]) for ho, hg in pairs)
                out.add(o.key if part else g.key)
                break
    return out


def choose_locations(hits: list[PlaceHit], *, single: bool = False, text: str | None = None) -> list[EventLocation]:
    """The event's locations among a sentence's places (see the module docstring). ``text`` is
    the text the hits' offsets point into; with it, a place named only as the one enclosing
    another ("X village in Y") is no event location of its own."""
    groups: dict[str, _Group] = {}
    for h in hits:
        unresolved_place = h.place is None and h.cue in DIRECT_CUES - {None, "in"} and "dropped" not in h.rule
        if h.place is None and h.sub_location is None and not h.rule.startswith("ner") and not unresolved_place:
            continue
        groups.setdefault(h.key, _Group(h.key, [])).hits.append(h)
    ordered = list(groups.values())
    direct = [g for g in ordered if g.kind() == "direct"]
    if direct and text is not None:
        # "on fronts in Al Ghab Plain in Hama": a plain or mountain the text places in a town or
        # province is the event's place, and that town only encloses it (no river: see below)
        placed = [g for g in ordered if g.kind() == "area" and g.place is not None
                  and g.place.feature_code not in _STREAMS
                  and any(ha.end_char <= hd.start_char and _encloses(ha, hd, text)
                          for ha in g.hits for d in direct for hd in d.hits)]
        direct = [g for g in ordered if g in placed or g in direct]
    if direct and all(g.place is not None and g.place.feature_code in _PROVINCE_SEATS
                      and not any(h.cue == "city" for h in g.hits) for g in direct):
        # "in Tulul Safa at the border between Rural Damascus and As-Sweida": a hill, mountain or
        # field of the province a seat is named for says more than the seat, 50 km from it
        provinces = {(g.place.iso, g.place.admin1) for g in direct if g.place is not None}
        of_them = [g for g in ordered if g.place is not None and (g.place.iso, g.place.admin1) in provinces]
        sites = [g for g in of_them if g.kind() == "area" and g.place is not None
                 and g.place.feature_code not in _STREAMS | _BROAD_AREAS]
        # ... and so does a place of that province the event is near ("in the vicinity of Tayiba
        # in the Deir-ez-Zor countryside")
        near = [g for g in of_them if g.kind() == "relational" and g.place is not None
                and g.place.feature_code not in _PROVINCE_SEATS and g.place.feature_class != "A"]
        # ... or a district of it named after its seat town ("the western desert of Deir-ez-Zor,
        # in the Tabni sub-district")
        its_districts = [g for g in of_them if g.kind() == "container" and g.place is not None
                         and g.place.feature_code not in _PROVINCE_SEATS and g.place.feature_class == "P"
                         and any(h.cue == "district" for h in g.hits)]
        direct = sites[:1] or near[:1] or its_districts[:1] or direct
    if direct:
        # a name found only abroad and coded at the report's place after it says less than a place
        # the index knows ("near Ma'arrat An Nu'man city, on the road to Masaya in Idleb": not Idlib)
        known = [g for g in ordered if g.place is not None and g.kind() in ("direct", "relational")
                 and g.place.feature_code not in _PROVINCE_SEATS  # a province's seat encloses
                 and not any("anchored_in_report_country" in h.rule for h in g.hits)]
        if known:
            direct = [g for g in direct if not all("anchored_in_report_country" in h.rule or h.cue in CONTAINER_CUES
                                                   for h in g.hits)] or [
                g for g in known if g.kind() == "direct"]
    # A direct place named like another direct place's province is that province ("Atmeh of Idleb").
    admin_names = {_fold(g.place.admin1) for g in direct if g.place and g.place.admin1}
    if len(direct) > 1:
        # named like another direct place's province, or like its own one beside places of other
        # provinces, and naming no parts of it ("Bai Hassan ... north-west of Kirkuk"): the province
        kept = [g for g in direct if not (g.place and (
            any(o is not g and o.place and o.place.admin1 and _fold(o.place.admin1) == _fold(g.place.name) for o in direct)
            or (_fold(g.place.name) in admin_names and not g.names_parts()
                and any(o is not g and o.place and o.place.admin1 for o in direct))))]
        direct = kept or direct
    if len(direct) > 1 and text is not None:
        # "a civilian from Da'el in Dar'a died in Sidnaya prison": where the victim is from is no event place
        homes = [h for g in direct for h in g.hits if _HOMETOWN.search(text[max(0, h.start_char - 60):h.start_char])
                 or _PEOPLE_AFTER.match(text[h.end_char:h.end_char + 20])]
        direct = [g for g in direct if not all(
            h in homes or any(o.end_char <= h.start_char and _encloses(o, h, text) for o in homes) for h in g.hits
        )] or direct
    if len(direct) > 1 and text is not None:
        enclosing = _enclosing(direct, text)
        direct = [g for g in direct if g.key not in enclosing] or direct
    if direct and text is not None:
        # "in the outskirts of Rahjan village in Hama": Hama only encloses the place the event is near
        near = [g for g in ordered if g.kind() == "relational" and g.place is not None]
        direct = [g for g in direct if not any(
            ho.end_char <= hg.start_char and not _PART_NOUN.match(text[ho.end_char:hg.start_char])
            and _encloses(ho, hg, text) for o in near for ho in o.hits for hg in g.hits)]
    if direct and text is not None:
        # "in Al-Bukamal district in Deir-ez-Zor": the province around a town's district
        districts = [h for g in ordered if g.kind() == "container" for h in g.hits
                     if h.cue == "district" and h.is_settlement and h.place is not None]
        direct = [g for g in direct if not any(
            o.end_char <= h.start_char and _encloses(o, h, text) for o in districts for h in g.hits)]
    if direct and text is not None:
        # "Balalya in Shadadah countryside in al-Hasakeh": the province around a town's countryside
        towns = [h for g in ordered if g.kind() == "container" for h in g.hits
                 if h.cue == "countryside" and h.is_settlement and h.place is not None]
        direct = [g for g in direct if not any(_around_countryside(o, h, text) for o in towns for h in g.hits)]
    if direct and all(g.place is None for g in direct) and any(
            g.kind() == "container" and g.place is not None and any(h.cue == "district" for h in g.hits)
            for g in ordered):
        direct = []  # a name the gazetteer lacks says less than the town whose district it is in
    if direct and text is not None and all(g.place is None for g in direct):
        # "Jabaliyeh town in Dara governorate": a village the index lacks is coded at the town or
        # region the text places it in (the province at precision 3), and kept as its sub-location
        first = direct[0].first
        around = [g for g in ordered if g.kind() == "container" and g.place is not None and any(
            0 <= h.start_char - first.end_char < 80 and _ENCLOSED_BY.match(text[first.end_char:h.start_char])
            for h in g.hits)]
        if around:
            loc = _to_location(around[0], "place:region:enclosing", 0.5, text)
            return [replace(loc, sub_locations=[first.mention, *loc.sub_locations])]
        # ... or, placed nowhere by the words right after it, at the place the sentence says it is
        # near or the region it names ("the village of Askhr in the northwest", after "the
        # countryside of Hama"), as ACLED codes a village it cannot find
        rest = [loc for loc in choose_locations([h for g in ordered if g not in direct for h in g.hits], text=text)
                if loc.place is not None]
        if rest:
            return [replace(rest[0], rule=rest[0].rule.replace("place:", "place:unplaced:", 1),
                            sub_locations=[first.mention, *rest[0].sub_locations])]
    if direct:
        chosen = direct[:1] if single else direct
        return [_to_location(g, "place:direct", 0.8 if g.place else 0.4) for g in chosen]
    # a river's point says nothing of where along it: the province or town it is named in does
    # (and so for a highway's end town: "west of Tanf base on the Damascus-Baghdad highway")
    rivers = [g for g in ordered if g.kind() == "area" and g.place is not None and g.place.feature_code in _STREAMS]
    rivers += [g for g in ordered if g.kind() == "relational" and all(h.cue == "highway" for h in g.hits)]
    relational = [g for g in ordered if g.kind() in ("relational", "area") and g not in rivers]
    if relational:
        return [_to_location(relational[0], "place:near", 0.7)]
    # a town's district or countryside ("Afrin district, Aleppo") is nearer the event than a province
    containers = sorted((g for g in ordered if g.kind() == "container"),
                        key=lambda g: (any(h.is_admin for h in g.hits), not any(h.cue == "district" for h in g.hits)))
    if containers:
        return [_to_location(containers[0], "place:region", 0.5, text)]
    if rivers:
        return [_to_location(rivers[0], "place:near", 0.4)]
    countries = [g for g in ordered if g.kind() == "country"]
    if countries:
        return [_to_location(countries[-1], "place:country", 0.3)]
    return []


def distance_km(a: Place, b: Place) -> float:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return 0.0
    p = math.pi / 180
    h = (math.sin((b.latitude - a.latitude) * p / 2) ** 2
         + math.cos(a.latitude * p) * math.cos(b.latitude * p) * math.sin((b.longitude - a.longitude) * p / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


FAR_FROM_STORY_KM = 100.0


def keep_to_the_story(hits: list[PlaceHit], anchor: EventLocation | None) -> list[PlaceHit]:
    """A list of small places right after an event in a city ("Government troops also advanced
    al-Hamidiyah, Sheikh Yassin and al-Ardhi.") names parts of that city when the gazetteer knows
    none of them nearby: every listed place becomes a sub-location of the city, not a namesake
    village 200 km away."""
    if anchor is None or anchor.place is None:
        return hits
    local = [h for h in hits if not h.is_country and not h.is_admin]
    if not local:
        return hits
    unresolved = [h for h in local if h.place is None]
    far = [h for h in local if h.place is not None and h.sub_location is None
           and distance_km(h.place, anchor.place) > FAR_FROM_STORY_KM and h.place.population < 100_000]
    if len(far) + len(unresolved) < len(local) or not (unresolved or len(far) >= 2):
        return hits
    out = []
    for h in hits:
        if h in local:
            h = PlaceHit(h.mention, h.start_char, h.end_char, anchor.place, anchor.geo_precision or 1, h.cue,
                         "discourse:part_of_previous_place", 0.5, sub_location=h.mention)
        out.append(h)
    return out


def _head(span: Span) -> Token:
    tok = span.root
    while tok.dep_ in ("compound", "amod") and tok.head is not tok and tok.head.i < span.end + 3:
        tok = tok.head
    return tok


def without_launch_points(hits: list[PlaceHit], sent: Span, launch_verbs: frozenset[str],
                          shooters: frozenset[str]) -> list[PlaceHit]:
    """Drop the places a strike was launched from ("fired missiles from the Mediterranean at
    positions around Albu Kamal", "one of its submarines in the Mediterranean") and names in
    apposition to what fired ("its submarine, the Veliky Novgorod"): the event is where it hit.
    A launch point stays when the sentence names no other place."""
    origins = set()
    for h in hits:
        span = sent.doc.char_span(h.start_char, h.end_char, alignment_mode="expand")
        if span is None:
            continue
        tok = _head(span)
        named = tok.head
        if named.lower_ == "one":  # "one of its submarines, the Veliky Novgorod"
            named = next((g for c in named.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), named)
        if tok.dep_ == "appos" and named.lemma_.lower() in shooters:
            origins.add(h.start_char)
            continue
        if tok.dep_ != "pobj":
            continue
        prep, gov = tok.head, tok.head.head
        launched = gov.pos_ in ("VERB", "AUX") and gov.lemma_.lower() in launch_verbs
        if (prep.lower_ == "from" and launched) or (
                prep.lower_ in ("in", "off", "from") and gov.pos_ == "NOUN" and gov.lemma_.lower() in shooters) or (
                # "missiles fired from warships in the Mediterranean": where the warships were
                prep.lower_ in ("in", "off") and launched and any(
                    c.lower_ == "from" and any(g.lemma_.lower() in shooters for g in c.children) for c in gov.children)):
            origins.add(h.start_char)
    if not origins:
        return hits
    rest = [h for h in hits if h.start_char not in origins and not h.is_country]
    return [h for h in hits if h.start_char not in origins] if rest else hits


def has_anaphora(text: str) -> bool:
    return bool(ANAPHORA.search(text))


def near_anaphora(text: str) -> bool:
    """The place just named, but only its surroundings: "reached the outskirts of the town",
    "a large area east and south of it" (ACLED precision 2, never the place itself)."""
    return bool(NEAR_ANAPHORA.search(text))
