"""Toponym recognition in context: gazetteer-fed spans plus the cues that say "place".

:func:`find_toponyms` works on plain text (no spaCy): it finds capitalised runs that are
gazetteer names (in any spelling the normaliser folds), list patterns such as "the
neighbourhoods of X, Y and Z" (places even when the gazetteer lacks them), and the cue of each
mention ("near", "east of", "countryside", "province", "neighbourhood of", "town of", "city").

The spaCy component ``warreport_toponyms`` (:mod:`warreport.gazetteer.spacy_component`) runs the
same function over ``doc.text`` and writes the spans into ``doc.ents``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from warreport.gazetteer.normalise import (
    LEVEL_EXACT,
    LEVEL_SKELETON,
    fold,
    qualified_variants,
    strip_articles,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from warreport.gazetteer.lookup import Gazetteer

# Cues and the geo_precision they imply (ACLED: 1 the place, 2 near/part of, 3 province).
CUE_PRECISION: dict[str, int] = {
    "near": 2, "outskirts": 2, "countryside": 2, "north of": 2, "south of": 2, "east of": 2,
    "west of": 2, "northeast of": 2, "northwest of": 2, "southeast of": 2, "southwest of": 2,
    "area of": 2, "vicinity": 2, "province": 3, "region": 3, "neighbourhood of": 1, "city": 1,
    "town of": 1, "village of": 1, "subdistrict of": 1, "district of": 1, "crossing": 1,
    "in": 1,
    # "Kifri district", "the Shadadah sub-district": the division named after its seat town, which
    # encloses the event (not "the Jobar district of Damascus", a part: "district of")
    "district": 2,
    # "along the Damascus-Homs highway": the town a highway is named from, where the sentence names
    # no other place
    "highway": 2,
}

_ART = r"(?:al|el|as|ad|ar|az|an|at|ash|ez|es|ed|er|en)"
_WORD = r"[A-Z\u00c0-\u024f][\w’'‘ʿ\u0300-\u036f]*(?:-[\w’'‘ʿ]+)*"
_LINK = rf"(?:{_ART}[-‐]|{_ART}\s+|bin\s+|ibn\s+|of\s+(?=the\s+)?|de\s+|du\s+)"
# "Tal 'Adah", "Ain 'Isa": after the head of a place name, a word may start with an ayn's
# apostrophe (elsewhere it opens a quote: "Operation 'Euphrates Shield'")
_AYN_WORD = (r"(?:(?<=\b(?:Tal|Tel|Ain|Ayn|Bir|Abu|Ras|Umm|Kfr)\s)|(?<=\b(?:Tall|Tell|Kafr|Deir|Dayr|Beit|Bayt|Bani|Wadi)\s)"
             r"|(?<=\b(?:Jabal|Jebel)\s))"
             r"[’'‘ʿ][AEIOU][a-z]+\b(?![’'‘])")
NAME = rf"(?:{_ART}[-‐])?{_WORD}(?:\s+(?:{_LINK})?(?:{_WORD}|{_AYN_WORD}|\d+\b))*"
_ARABIC_RUN = r"[\u0600-\u06ff][\u0600-\u06ff ]*[\u0600-\u06ff]"
_NAME_RE = re.compile(rf"{NAME}|{_ARABIC_RUN}")
# "Workers 1 and worker 2 neighbourhoods": a lower-case word and a number may name a quarter,
# not a clause ("the village of Jarada, killing 3")
_ITEM = rf"(?:{NAME}|\b(?!(?:killing|wounding|injuring|leaving|including|and|with|of|at|in|on|by|over|about|around|nearly|almost|some|approximately|least|than|only|all)\s)[a-z]+\s+\d+\b(?!\s*(?:people|civilians|fighters|soldiers|members|killed|dead|wounded|others)))"
_LIST = rf"(?P<list>{_ITEM}(?:\s*,\s*{_ITEM})*(?:\s*,?\s+and\s+{_ITEM})?)"
_NOUNS = {
    "neighbourhood of": r"neighbou?rhoods?|quarters?|suburbs?",
    "town of": r"towns?|cities|city",
    "village of": r"villages?|hamlets?",
    "subdistrict of": r"sub[-\s]?districts?|nahiyas?",
    "district of": r"districts?",
    "crossing": r"border\s+crossings?|crossings?|crossing\s+points?",
    "province": r"provinces?|governorates?",
    "area of": r"areas?|(?:oil\s+|gas\s+)?fields?|oilfields?|front(?:line)?s?|axis",
}
_NOUN_ALT = "|".join(f"(?P<n{i}>{p})" for i, p in enumerate(_NOUNS.values()))
_PREFIX_LIST = re.compile(rf"\b(?:{_NOUN_ALT})\s+of\s+(?:the\s+)?{_LIST}")
_POSTFIX_LIST = re.compile(
    rf"{_LIST}\s+(?:{_NOUN_ALT})\b(?!\s+of)", flags=0
)
# "the Old Airport district of Deir Ezzor", "Workers 1 and Workers 2 neighbourhoods of X": the
# names before the noun are the parts, the name after "of" is the city they belong to.
_PART_OF = re.compile(
    rf"{_LIST}\s+(?P<noun>neighbou?rhoods?|quarters?|districts?|suburbs?)\s+of\s+(?:the\s+)?(?P<city>{NAME})"
)
_VERB_LIST = re.compile(
    rf"\b(?:advanced(?:\s+(?:in|on|into|towards?))?|(?:pushed|moved|broke)\s+(?:in)?to|captured|liberated|"
    rf"seized|retook|recaptured|freed|cleared|secured|took|entered|stormed|shelled|struck|bombed|attacked)"
    rf"\s+(?:the\s+)?{_LIST}"
)
_DIRECTION = r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?"
# "targeted Qirata", "controlled Deir Sharqi", "captured the village Zarzur": the object of an act
# on a place is where it happened (a name the index knows; no spelling guess rests on these alone)
_OBJECT_VERBS = r"targeted|controlled|attacked|stormed|raided|bombarded|overran|regained|reached|took\s+over|control\s+of"
_OBJECT_CUE = re.compile(rf"\b(?:{_OBJECT_VERBS}|captured\s+the\s+(?:village|town))\s+(?:the\s+)?$", re.IGNORECASE)


def _object_of_act(text: str, start: int) -> bool:
    """The name at ``start`` is the object of one of those acts."""
    return bool(_OBJECT_CUE.search(text[max(0, start - 40):start]))

_LEFT_CUES: tuple[tuple[re.Pattern[str], str | None], ...] = tuple(
    (re.compile(p + r"\s*$", re.IGNORECASE), c)
    for p, c in (
        (r"\b(?:near|nearby|close\s+to|next\s+to|adjacent\s+to|around|outside|(?:in|on|at)\s+the\s+vicinity\s+of|not\s+far\s+from)\s+(?:the\s+)?(?:(?!(?:in|at|on|and)\s)[\w-]+\s+){0,3}?(?:of\s+)?", "near"),
        # "in the area between Tal Tamer and Abu Raysan": the area of the first (where ACLED codes it)
        # (not "clashes between Fatah al-Sham and ...": parties)
        (r"\b(?:areas?|region|zone|road|highway|route|front(?:line)?s?|axis|located|situated|lying|lies)\s+between\s+"
         r"(?:the\s+)?(?:(?:villages?|towns?|cities)\s+(?:of\s+)?)?", "area of"),
        (rf"\b({_DIRECTION})(?:\s+and\s+{_DIRECTION})?\s+(?:of|from)\s+(?:the\s+)?(?:(?!(?:in|at|on|and)\s)[\w-]+\s+){{0,3}}?(?:of\s+)?", "dir"),
        (r"\b(?:outskirts|suburbs|edges?|periphery|environs)\s+of\s+(?:the\s+)?(?:(?!(?:in|at|on|and)\s)[\w-]+\s+){0,3}?(?:of\s+)?", "outskirts"),
        (r"\b(?:countryside|rural\s+areas?|rif|villages?\s+around)\s+of\s+(?:the\s+)?", "countryside"),
        (r"\b(?:desert|badia|steppe)\s+of\s+(?:the\s+)?", "area of"),  # "the desert of Sokhneh": its area
        (r"\b(?:road|highway|axis|front(?:line)?)\s+of\s+(?:the\s+)?", "area of"),  # "the road of Jisr-Ash-Shugur - Lattakia"
        (r"\b(?:rural|rif)\s+", "countryside"),  # "in southwest Rural Damascus": the province
        (r"\b(?:province|governorate|region)\s+of\s+", "province"),
        (r"\b(?:neighbou?rhoods?|quarters?|suburb)\s+of\s+", "neighbourhood of"),
        (r"\b(?:sub-?district|nahiya)\s+of\s+", "subdistrict of"),
        (r"\bdistrict\s+of\s+", "district of"),
        (r"\b(?:town|city)\s+of\s+", "town of"),
        (r"\b(?:village|hamlet)\s+of\s+", "village of"),
        (r"\b(?:in|at|on|over|into|from|to|towards?|across|entered|captured|liberated|seized|retook|recaptured|besieged|shelled|struck|"
         rf"{_OBJECT_VERBS})\s+(?:the\s+)?(?:[\w-]+-held\s+|central\s+|downtown\s+|(?:village|town)\s+)?", "in"),
    )
)
_RIGHT_CUES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(r"^\s*" + p + r"\b", re.IGNORECASE), c)
    for p, c in (
        (r"(?:countryside|rural\s+area|outskirts)", "countryside"),
        (r"(?:badia|desert)", "area of"),  # "Ithariyah badia": the area of the village
        (r"(?:province|governorate|gov\.)", "province"),
        (r"(?:sub[-\s]?district|nahiya|district\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){1,3}?(?:province|governorate))", "district"),
        (r"(?:region|area)", "area of"),
        (r"(?:city|town)", "city"),
        (r"(?:border\s+)?crossings?", "crossing"),
        (r"(?:neighbou?rhood|quarter|district)", "neighbourhood of"),
    )
)
# Generic feature nouns: alone they name no place ("the Old Airport district", "the National
# Hospital"), even where some gazetteer lists a hamlet called "Airport".
_GENERIC_FEATURE_WORDS = frozenset(
    ["airport", "airbase", "base", "camp", "port", "harbour", "harbor", "station", "hospital", "stadium", "bridge",
     "dam", "prison", "school", "university", "mosque", "church", "market", "square", "roundabout", "field",
     "fields", "hill", "hills", "mountain", "mountains", "river", "lake", "valley", "desert", "island", "road",
     "highway", "street", "plant", "factory", "refinery", "palace", "hotel", "tower", "gate", "checkpoint"]
)
# "the Russian submarine Veliky Novgorod", "the frigate 'Admiral Essen'": a vessel's name.
_VESSEL_BEFORE = re.compile(
    r"\b(?:submarines?|frigates?|warships?|ships?|destroyers?|cruisers?|corvettes?|vessels?|carriers?|tankers?|"
    r"boats?|ferry)\s+(?:the\s+)?['‘\"“]?$",
    re.IGNORECASE,
)
# "their fighter Hamid Awwad Al-Mana", "the commander Abu Omar": a person named after their role
# (not Isparta, once Hamid) ...
_PERSON_BEFORE = re.compile(
    r"\b(?:fighter|commander|leader|member|soldier|officer|official|civilian|journalist|activist|cleric|"
    r"emir|named|called|son|brother|father|nephew|cousin)\s+$"
)
# "An SDF spokesman": an article glued to an acronym is no Arabic place name.
_ARTICLE_ACRONYM = re.compile(r"(?:An?|The|Al|El)\s+[A-Z]{2,5}")
# Words that make a capitalised run an organisation, a title or a date, not a place.
_NOT_PLACE_WORDS = frozenset(
    ["rights", "observatory", "operation", "operations", "shield", "liwa", "liwaa", "jaysh", "jaish", "katibat",
     "faylaq", "failaq", "harakat", "army", "forces", "force", "guard", "guards", "units", "unit", "government", "party", "council", "ministry", "front", "brigade", "brigades", "division", "regiment", "corps", "coalition", "agency", "news", "press", "state", "committee", "movement", "organization", "organisation", "group", "battalion", "militia", "police", "president", "minister", "general", "colonel", "commander", "spokesman", "says", "said", "university", "company", "airlines", "bank", "times", "post", "tv", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
)


@dataclass
class ToponymMention:
    """A place named in a text, with the words around it that say how it is used."""

    text: str
    start: int
    end: int
    label: str = "GPE"  # GPE (settlement/admin), LOC (region, river, mountain), FAC
    cue: str | None = None  # near, east of, countryside, province, neighbourhood of, ...
    source: str = "gazetteer"  # gazetteer | list | ner
    group: int | None = None  # mentions of one list ("the neighbourhoods of X, Y and Z")
    sentence: int = 0  # index of the sentence in the text
    paragraph: int = 0
    known: bool = True  # the gazetteer has the name
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def precision(self) -> int:
        """ACLED geo_precision the cue implies for this mention."""
        return CUE_PRECISION.get(self.cue or "in", 1)


def _sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of each sentence; paragraphs split on blank lines."""
    out = []
    for para, pm in enumerate(re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text)):
        for sm in re.finditer(r".+?(?:[.!?](?=\s+[A-Z\"“‘'(\u0600-\u06ff])|[.!?]?$)", pm.group(0), re.S):
            if sm.group(0).strip():
                out.append((pm.start() + sm.start(), pm.start() + sm.end(), para))
    return out or [(0, len(text), 0)]


def left_cue(text: str, start: int) -> str | None:
    window = text[max(0, start - 80) : start]
    for pattern, cue in _LEFT_CUES:
        m = pattern.search(window)
        if m:
            if cue == "dir":
                if re.search(r"\bin\s+(?:the\s+)?$", window[: m.start()]):
                    return "countryside"  # "in (the) east of Aleppo": the province around the city
                return m.group(1).lower().replace("-", "").removesuffix("ern") + " of"
            return cue
    return None


def right_cue(text: str, end: int) -> str | None:
    window = text[end : end + 30]
    for pattern, cue in _RIGHT_CUES:
        if pattern.search(window):
            return cue
    return None


# (the subdistrict's own name capitalised: "liberated the subdistrict of Ubaydi" names Ubaydi's)
_NAMED_SUBDISTRICT_BEFORE = re.compile(
    rf"(?-i:{_WORD})\s+(?:sub[-\s]?districts?|nahiyas?)\s+of\s+(?:the\s+)?(?:{_DIRECTION}\s+)?$", re.IGNORECASE
)


def cue_at(text: str, start: int, end: int) -> str | None:
    """The strongest cue around ``text[start:end]``: left-hand cues ('near', 'east of') first."""
    left = left_cue(text, start)
    right = right_cue(text, end)
    if left in ("subdistrict of", "district of") and right in ("province", "countryside"):
        return right  # "... sub-district of Dar'a province": Dar'a is the province
    if left in (None, "subdistrict of") and _NAMED_SUBDISTRICT_BEFORE.search(text[max(0, start - 80) : start]):
        return "countryside"  # "the Jandairis sub-district of northern Aleppo": Aleppo encloses it
    if left and left != "in":
        return left
    if left is None and right is None and (of := _NAME_OF_BEFORE.search(text[max(0, start - 40) : start])) \
            and not _is_org_run(of.group(1)) and of.group(1).lower() not in _GROUP_OF_WORDS:
        # "in Yarmouk of Ar-Raqqa", "Rashidiyah of Deir-ez-Zor": the place it lies in (not "the
        # Union of Hermon Mountain": a group)
        return "in"
    return right or left


_NAME_OF_BEFORE = re.compile(r"\b([A-Z][\w'’-]+)\s+of\s+$")
# ... unless that word names a group, a people or a person's office ("Union of", "Sons of", "Sheikh of")
_GROUP_OF_WORDS = frozenset(["union", "league", "alliance", "assembly", "gathering", "sons", "men", "people",
                             "martyrs", "lions", "knights", "heroes", "revolutionaries", "youth", "free", "liberation",
                             "sheikh", "governor", "mayor", "leader", "head", "chief", "emir", "tribes", "clans",
                             "republic", "kingdom", "emirate", "city", "province", "governorate", "countryside"])


# Compass words of a region of a place ("the northern countryside of Aleppo", "northern Hama",
# "Aleppo's eastern countryside", "east of Raqqa"): the direction from that place's seat.
_COMPASS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
            "southwest": 225.0, "west": 270.0, "northwest": 315.0}
_POINT_WORD = r"(?:(?:north|south)(?:[- ]?(?:east|west))?|east|west)(?:ern)?"
_POINT = rf"(?P<d>{_POINT_WORD})"  # ... captured; _compass() drops the "-ern"
_REGION_NOUN = r"(?:countryside|rural\s+areas?|parts?|outskirts|suburbs|desert|badia)"
_BEARING_LEFT = (
    re.compile(rf"\b{_POINT}\s+{_REGION_NOUN}\s+of\s+(?:the\s+)?$", re.IGNORECASE),
    re.compile(rf"\bin\s+(?:the\s+)?{_POINT}\s+of\s+(?:the\s+)?$", re.IGNORECASE),
    re.compile(rf"(?<!\band\s)\b{_POINT}\s+(?:rural\s+|rif\s+)?$", re.IGNORECASE),
)
_BEARING_RIGHT = re.compile(
    rf"^(?:['’]s)?\s+{_POINT}\s+(?:{_REGION_NOUN}|rural|province|governorate)\b", re.IGNORECASE
)


_IN_REGION = re.compile(
    rf"\b(?:in|at|on|near|captured|seized|stormed|controlled|entered|shelled|targeted|(?:control|hold)\s+(?:of|over)|"
    rf"(?:parts|outskirts|vicinity|edges|surroundings|areas)\s+of)\s+(?:the\s+)?"
    rf"(?:(?:village|town)\s+of\s+)?['‘\"“]?(?P<name>{NAME})"
    rf"(?:\s+(?:village|town|area|front(?:line)?|axis|farms?))?\s*,?\s+in\s+(?:the\s+)?"
    rf"(?:(?i:(?:{_POINT_WORD}\s+)?{_REGION_NOUN}\s+of\s+(?:the\s+)?|{_POINT_WORD}\s+)(?P<seat>{NAME})"
    rf"|(?P<province>{NAME}))"
)

_OF_NAME_IN_PROVINCE = re.compile(
    rf"\b(?:in|at|near)\s+the\s+[a-z]+\s+of\s+(?:the\s+)?(?P<name>{NAME})\s*,?\s+in\s+(?:the\s+)?(?P<province>{NAME})"
)


def _compass(word: str) -> float | None:
    return _COMPASS.get(re.sub(r"[- ]", "", word.lower()).removesuffix("ern"))


def bearing_at(text: str, start: int, end: int, cue: str | None = None) -> float | None:
    """The compass direction (degrees from north) of the region of the place at
    ``text[start:end]`` that the words around it name: "the northern countryside of Aleppo" 0,
    "south-eastern Idleb" 135, "Hama's western countryside" 270, and for "X east of Y" 90 (X lies
    east of Y). None when no direction is named, or two are ("the northern and western countryside")."""
    if cue and cue.endswith(" of") and cue[:-3] in _COMPASS:
        return _COMPASS[cue[:-3]]
    window = text[max(0, start - 50) : start]
    for pattern in _BEARING_LEFT:
        m = pattern.search(window)
        if m:
            if re.search(rf"{_POINT}\s+and\s+(?:the\s+)?$", window[: m.start()], re.IGNORECASE):
                return None
            return _compass(m.group("d"))
    m = _BEARING_RIGHT.match(text[end : end + 40])
    return _compass(m.group("d")) if m else None


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """English function words and sentence openers that are also place names somewhere."""
    return frozenset(
        ["a", "about", "above", "after", "again", "against", "all", "also", "although", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "earlier", "either", "even", "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "just", "later", "latest", "least", "less", "many", "may", "me", "meanwhile", "might", "more", "most", "much", "must", "my", "neither", "never", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "only", "or", "other", "our", "out", "over", "own", "per", "perhaps", "same", "she", "should", "since", "so", "some", "still", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "though", "through", "thus", "to", "today", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "according", "support", "thanks", "notify", "view", "reply", "share", "read", "more", "news", "report", "update", "breaking", "live", "video", "photo", "photos"]
    )


def _strip_run(run: str) -> tuple[int, str]:
    """Leading 'The ' and trailing possessive off a capitalised run: (offset, text)."""
    offset = 0
    if run.startswith(("The ", "the ")):
        offset = 4
    text = run[offset:]
    text = re.sub(r"(?:’s|'s)$", "", text)
    return offset, text


_HEAD_OF_LONGER = re.compile(rf"{_ART}[-‐][A-Z]", re.IGNORECASE)  # "Al-Hesa" after a name's first word


def _gazetteer_spans(run: str, base: int, gaz: Gazetteer) -> list[tuple[int, int]]:
    """Longest gazetteer names inside a capitalised run, left to right: (start, end)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", run)]
    spans = []
    i = 0
    while i < len(words):
        found = None
        if run[words[i][0]:words[i][1]] in ("of", "bin", "ibn", "de", "du"):
            i += 1  # a link word inside a name ("Stadium of Ar-Raqqa") is no place (Of, Turkey)
            continue
        for j in range(min(len(words), i + 6), i, -1):
            piece = run[words[i][0] : words[j - 1][1]].rstrip(",.;:’'”\"")
            if j == i + 1 and gaz.is_demonym(piece):
                continue  # "of Syrian, Arab and Asian nationalities": a people's adjective, no place
            if gaz.has_name(piece):
                if j == i + 1 and j < len(words) and _HEAD_OF_LONGER.match(run[words[j][0]:]):
                    break  # "in Zour Al-Hesa": the head of a name the index lacks, not Al-Zour of Aleppo
                found = (base + words[i][0], base + words[i][0] + len(piece))
                i = j
                break
        if found:
            spans.append(found)
        else:
            i += 1
    return spans


def _no_place_name(name: str) -> bool:
    """Too short, an organisation's name, or led by a stop word or a people's name: no name the
    text places in a region."""
    first = name.split()[0].lower() if name.split() else ""
    return len(name) < 4 or _is_org_run(name) or first in _stop_words() or first in _PEOPLE_WORDS


def _province_name(name: str, gaz: Gazetteer) -> bool:
    """``name`` is, as spelt, a province (or the seat of one) of the index."""
    return any(m.level == 0 and (m.is_admin1 or m.fcode in ("PPLA", "PPLC")) for m in gaz.matches(name)[:5]
               if not m.is_guess)


# "the Ihtriya-Khanaser road": the towns a road joins, unless the text names the place on the
# road ("the Damascus-Dar'a road near Kherbet Ghazala")
_ROAD_PAIR = re.compile(rf"(?P<name>{NAME})\s+(?:road|highway|checkpoint|route|junction|crossroads?)\b"
                        rf"(?!,?\s+(?:near|close\s+to|by|at|outside|between|in\s+the\s+(?:village|town)\s+of)\b)")
_ROAD_ENDS = re.compile(rf"\b(?:road|highway|route)\s+(?:connecting|linking)\s+(?:the\s+)?(?P<a>{NAME})\s+(?:to|and|with)\s+"
                        rf"(?:the\s+)?(?P<b>{NAME})")
_ARTICLE_WORDS = frozenset({"al", "el", "as", "ad", "ar", "az", "an", "at", "ash", "esh", "ez", "es", "ed", "er", "en",
                            "ej", "et", "eth", "ath", "adh", "ul", "il"})


def _hyphen_pair(name: str, gaz: Gazetteer) -> int | None:
    """Where a name the index lacks joins two places with a hyphen ("Maraanaz-Kafr Khasher",
    "Hbit-Kafr Ain", "Jobar-Ein Terma"): the hyphen's offset, if one of the two is a known place.
    An article's hyphen ("Jisr ash-Shughur", "Ras Al-Ayn", "Thi-Qar") joins no two places."""
    if gaz.has_name(name):
        return None
    for m in re.finditer(r"(?<=[\w’'])-(?=[A-Z\u00c0-\u024f])", name):
        left, right = name[: m.start()], name[m.end():]
        if left.split()[-1].split("-")[-1].lower() in _ARTICLE_WORDS or right.split("-")[0].split()[0].lower() in _ARTICLE_WORDS:
            continue
        if len(left) < 3 or len(right) < 3 or "-" in right and _hyphen_pair(right, gaz) is not None:
            continue
        if gaz.has_name(left) or gaz.has_name(right) or transliterated(left, gaz) or transliterated(right, gaz):
            return m.start()
    return None


_HIGHWAY_KM = 80.0  # towns this far apart name a highway, whose ends say nothing of where on it


def _highway(left: str, right: str, gaz: Gazetteer) -> bool:
    """Both ends of a road are well-known towns far apart ("the Damascus-Aleppo highway")."""
    from warreport.gazetteer.lookup import haversine_km

    a, b = ([m for m in gaz.matches(name)[:5] if m.fclass == "P" and not m.is_guess] for name in (left, right))
    # the nearest pair of namesakes ("Jasim-Nawa": the two towns of Daraa, not a Jasim elsewhere)
    return bool(a and b) and min(haversine_km(x.lat, x.lon, y.lat, y.lon) for x in a for y in b) > _HIGHWAY_KM


def _is_org_run(run: str) -> bool:
    return any(w.lower().strip(",.") in _NOT_PLACE_WORDS for w in run.split())


def _names_a_group(run: str, text: str, end: int) -> bool:
    """A capitalised run that is an organisation's name, or one right before a unit noun ("a
    fighter from the Ajnad Al-Hasakeh faction"), whatever places it names."""
    return _is_org_run(run) or bool(_UNIT_AFTER.match(text[end : end + 20]))


def _curated_site(name: str, gaz: Gazetteer) -> bool:
    """``name`` is, as spelt, a site the project lists (a base, camp or crossing of its wars)."""
    return any(m.level == 0 and m.fclass == "S" and m.source == "warreport-curated" for m in gaz.matches(name)[:3])


def _landmark_prefix(run: str, gaz: Gazetteer) -> str | None:
    """The longest leading words of a capitalised run that name, as spelt, a site the project
    lists (a base, camp or crossing of the wars it covers)."""
    words = run.split()
    for j in range(min(len(words), 5), 1, -1):
        piece = " ".join(words[:j]).rstrip(",.;:")
        if _curated_site(piece, gaz):
            return piece
    return None


def find_toponyms(text: str, gazetteer: Gazetteer | None = None, theatre: Sequence[str] = ()) -> list[ToponymMention]:
    """Place mentions in ``text`` with their cues, ordered by position. ``theatre``: the countries
    of the report's war (ISO2), whose villages a place cue may name in a spelling the index lacks
    ("in Hosh Al-Dawahrah": Ḩawsh aḑ Ḑawāhirah)."""
    if gazetteer is None:
        from warreport.gazetteer.lookup import get_gazetteer

        gazetteer = get_gazetteer()
    sentences = _sentences(text)
    found: dict[tuple[int, int], ToponymMention] = {}
    group = 0

    def sentence_of(pos: int) -> tuple[int, int]:
        for idx, (s, e, p) in enumerate(sentences):
            if s <= pos < e:
                return idx, p
        return len(sentences) - 1, sentences[-1][2]

    def add(start: int, end: int, source: str, cue: str | None, grp: int | None, known: bool, weak: bool = False) -> None:
        while end > start and text[end - 1] in ",.;: ’'”\"":
            end -= 1
        if text[start:end].endswith(("'s", "’s")) and end - start > 4:
            end -= 2  # "Sbeikhan's oilfield"
        site = _FIELD_AFTER.match(text, end)
        if site and any(m.level < LEVEL_SKELETON and m.fclass != "P" for m in gazetteer.matches(text[start:site.end()])[:1]):
            end = site.end()  # "north of Omar oil field": the al-Omar oil field, not the town 'Amār
        pair = _hyphen_pair(text[start:end], gazetteer) if source == "list" or weak else None
        if pair is not None:
            # "the Maraanaz-Kafr Khasher frontline": two places, the front between them; each
            # takes the cue of the words around it, not the front's
            for s, e in ((start, start + pair), (start + pair + 1, end)):
                add(s, e, source, None, grp, gazetteer.has_name(text[s:e]) or transliterated(text[s:e], gazetteer),
                    weak and not gazetteer.has_name(text[s:e]))
            return
        key = (start, end)
        old = found.get(key)
        if old is not None:  # a list item that is also a gazetteer name: keep the list's cue
            old.known = old.known or known
            if known and not weak:  # ... and a name found as a place is no weak one
                old.extra.pop("weak", None)
            return
        for (s, e) in list(found):
            if s <= start and end <= e:
                return  # inside a longer mention
            if start <= s and e <= end:
                del found[(s, e)]
        sidx, para = sentence_of(start)
        found[key] = ToponymMention(
            text=text[start:end], start=start, end=end, cue=cue or cue_at(text, start, end),
            source=source, group=grp, sentence=sidx, paragraph=para, known=known,
            extra={"weak": "1"} if weak else {},
        )
        around = cue_at(text, start, end)
        if around in _RELATIONAL_CUES:  # "near the town of X": near, not town
            found[key].cue = around
        if re.match(r"\s+(?:neighbou?rhood|quarter)\b", text[end:end + 16], re.IGNORECASE):
            found[key].extra["quarter"] = "1"  # "around Barza neighborhood": a quarter of a city, whatever the cue
        bearing = bearing_at(text, start, end, found[key].cue)
        if bearing is not None:
            found[key].extra["bearing"] = f"{bearing:g}"
            if found[key].cue in (None, "in"):
                found[key].cue = "countryside"  # "in western Daraa": a region of Daraa

    # 0. "X district of CITY": X is a part (a sub-location), CITY the place it belongs to.
    for m in _PART_OF.finditer(text):
        items = [it for it in re.finditer(_ITEM, m.group("list")) if not _is_org_run(it.group(0))]
        city = m.group("city")
        if not items or _is_org_run(city) or not gazetteer.has_name(city):
            continue
        if re.match(r"\s*(?:province|governorate|region|countryside|rural)\b", text[m.end():], re.IGNORECASE):
            continue  # "Abu Kamal district of Deir-ez-Zor province": an administrative district
        noun = m.group("noun").lower()
        if noun.startswith("district") and len(items) == 1 and _province_only(city, gazetteer):
            # "Kifri district of Diyala": the district of a town in a province, not a part of a city
            s, e = m.start("list") + items[0].start(), m.start("list") + items[0].end()
            if gazetteer.has_name(text[s:e]):
                add(s, e, "gazetteer", "district", None, True)
                add(m.start("city"), m.end("city"), "gazetteer", "province", None, True)
            continue
        part_cue = "district of" if noun.startswith("district") else "neighbourhood of"
        group += 1
        for it in items:
            s, e = m.start("list") + it.start(), m.start("list") + it.end()
            while " " in text[s:e] and text[s:e].split()[0].lower() in _stop_words():  # "In Kanamat ..."
                s += len(text[s:e].split()[0]) + 1
            add(s, e, "list", part_cue, group, gazetteer.has_name(text[s:e]))
        add(m.start("city"), m.end("city"), "gazetteer", "city", None, True)

    # 1. Lists introduced or closed by a place noun: places even when the gazetteer lacks them.
    for pattern, cue_from_noun in ((_PREFIX_LIST, True), (_POSTFIX_LIST, True), (_VERB_LIST, False)):
        for m in pattern.finditer(text):
            cue = None
            if cue_from_noun:
                nouns = [g for g in m.groupdict() if g[0] == "n" and g[1:].isdigit()]
                idx = next(i for i, g in enumerate(nouns) if m.group(g))
                cue = list(_NOUNS)[idx]
                if pattern is _POSTFIX_LIST and cue == "town of":
                    cue = "city"  # "Deir Ezzor city"
            items = list(re.finditer(_ITEM, m.group("list")))
            if len(items) == 1 and pattern is _POSTFIX_LIST and cue in ("district of", "subdistrict of"):
                cue = "district"  # "Kifri district": the division of a town, not a part of a city
            if pattern is _VERB_LIST:
                spans = [(m.start("list") + it.start(), m.start("list") + it.end()) for it in items]
                any_known = [gazetteer.has_name(text[s:e]) for s, e in spans]
                if len(items) < 2 or not any(any_known):
                    continue
            group += 1
            for it in items:
                s, e = m.start("list") + it.start(), m.start("list") + it.end()
                owner = _POSSESSIVE.search(text[s:e])
                if owner and gazetteer.has_name(text[s : s + owner.start()]):
                    # "Damascus's Jobar neighborhood": the part is Jobar, of the city Damascus
                    add(s, s + owner.start(), "gazetteer", "in", None, True)
                    s += owner.end()
                if _is_org_run(text[s:e]) or text[s:e].lower() in _stop_words():
                    continue  # ... and "The town was captured" names none
                if re.match(r"(?:Rural|Rif)\s", text[s:e]):
                    continue  # "Hosh Nasri area of Rural Damascus": a province, found below with its cue
                known = gazetteer.has_name(text[s:e])
                if not known and " of " in text[s:e] and pattern is _POSTFIX_LIST:
                    # "the Municipal Stadium of Ar-Raqqa city": the city is the name after "of"
                    tail = text[s:e].rsplit(" of ", 1)[1]
                    if gazetteer.has_name(tail) or transliterated(tail, gazetteer):
                        s, known = e - len(tail), True
                if len(items) == 1:  # "Deir Ezzor city", "the town of al-Qaim": a cue, no list
                    known = known or transliterated(text[s:e], gazetteer)
                    if cue == "district" and not known:
                        cue = "district of"  # "the Jobar district": a part of a city
                    if known or pattern is _PREFIX_LIST:
                        add(s, e, "gazetteer" if known else "list", cue, None, known)
                    elif cue in _WEAK_NOUN_CUES:
                        # "Zinanah area", "Tell Shihab village": a place the gazetteer lacks; it falls
                        # back to the town its sentence places it in, else is no evidence
                        add(s, e, "list", cue, None, False, weak=True)
                    continue
                add(s, e, "list", cue, group, known)

    # 2. A name the index lacks, placed by the text in the region of a town or province it knows
    # ("stormed Namliyah in northern Deir-ez-Zor countryside", "Sakhr area in the eastern
    # countryside of Hama", "near Termanin in Idleb"): a place, though only a weak one.
    for m in _IN_REGION.finditer(text):
        name = m.group("name")
        offset, stripped = _strip_run(name)
        first_word = stripped.split()[0].lower() if stripped.split() else ""
        if (_no_place_name(stripped) or (first_word in NAME_HEADS and " " not in stripped)
                or (m.group("seat") and not gazetteer.has_name(m.group("seat")))
                or (m.group("province") and not _province_name(m.group("province"), gazetteer))):
            continue
        if m.group("province") and not gazetteer.has_name(stripped) and _gazetteer_spans(stripped, 0, gazetteer):
            continue  # "Na'urat Shathah in Hama countryside": the place the index knows inside the name
        s = m.start("name") + offset
        known = gazetteer.has_name(stripped)
        add(s, s + len(stripped), "gazetteer", cue_at(text, s, s + len(stripped)) if known else None, None, known,
            weak=not known)

    # ... and a town the index knows, named after "the <noun> of" and placed in a province ("in the
    # court of Sarmada in Idleb"), though a small town alone is no evidence
    for m in _OF_NAME_IN_PROVINCE.finditer(text):
        offset, stripped = _strip_run(m.group("name"))
        if (_no_place_name(stripped) or not gazetteer.has_name(stripped)
                or not _province_name(m.group("province"), gazetteer)):
            continue
        s = m.start("name") + offset
        add(s, s + len(stripped), "gazetteer", "in", None, True)

    # 2b. "the Ihtriya-Khanaser road", "the Bisr Elharir-Nahta checkpoint": the two towns a road joins
    for m in _ROAD_PAIR.finditer(text):
        offset, stripped = _strip_run(m.group("name"))
        cut = _hyphen_pair(stripped, gazetteer)
        if cut is None or _is_org_run(stripped):
            continue
        s = m.start("name") + offset
        if not _highway(stripped[:cut], stripped[cut + 1:], gazetteer):
            add(s, s + len(stripped), "list", "area of", None, False, weak=True)
        else:
            # "along the Damascus-Homs highway": where on it the text does not say; near the town
            # it is named from, where ACLED codes it (a place the sentence names besides wins)
            add(s, s + cut, "list", "highway", None, True)
    # ... "the road connecting Tadef to al-Bab"
    for m in _ROAD_ENDS.finditer(text):
        ends = [(m.start(g) + _strip_run(m.group(g))[0], _strip_run(m.group(g))[1]) for g in ("a", "b")]
        names = [name for _, name in ends]
        if any(not n or _is_org_run(n) or n.split()[0].lower() in _stop_words() for n in names):
            continue
        if not any(gazetteer.has_name(n) or transliterated(n, gazetteer) for n in names):
            continue  # (however far apart: "the road connecting Ithariyah to Al-Rasafah" is coded at Ithariyah)
        for s, name in ends:
            known = gazetteer.has_name(name) or transliterated(name, gazetteer)
            add(s, s + len(name), "list", None, None, known, weak=not known)

    # 3. Capitalised runs (and Arabic-script runs) holding gazetteer names.
    stop = _stop_words()
    for m in _NAME_RE.finditer(text):
        run = m.group(0)
        offset, stripped = _strip_run(run)
        if _names_a_group(stripped, text, m.end()):
            landmark = _landmark_prefix(stripped, gazetteer)
            if landmark:  # "Regiment 46": a base the index lists, though "regiment" names units
                s = m.start() + offset
                add(s, s + len(landmark), "gazetteer", cue_at(text, s, s + len(landmark)), None, True)
            continue
        _add_transliterated(text, m.start() + offset, stripped, gazetteer, add, theatre)
        for s, e in _gazetteer_spans(stripped, m.start() + offset, gazetteer):
            if (s, e) in found:
                continue
            piece = text[s:e]
            sidx, _ = sentence_of(s)
            at_start = not text[sentences[sidx][0] : s].strip()
            cue = cue_at(text, s, e)
            if not theatre and cue == "in" and _object_of_act(text, s):
                cue = None  # (an act's object is a place by its cue only in a report on a war: "attacked Obama")
            if _word_of_longer_name(stripped, s - m.start() - offset, e - m.start() - offset, piece, gazetteer):
                continue
            if not _plausible(text, s, e, piece, cue, at_start, stop, gazetteer, war=bool(theatre), theatre=theatre):
                continue
            add(s, e, "gazetteer", cue, None, True)
    if not found and theatre:
        # A report naming no place the index knows: a village of the war spelt nearly so, the
        # closest spelling even when a likelier place abroad is spelt a little less so
        for m in _NAME_RE.finditer(text):
            offset, stripped = _strip_run(m.group(0))
            if not _names_a_group(stripped, text, m.end()):
                _add_transliterated(text, m.start() + offset, stripped, gazetteer, add, theatre, loose=True)
    mentions = _without_aliases(text, sorted(found.values(), key=lambda t: t.start), gazetteer)
    for t in mentions:
        t.label = _label(t, gazetteer)
    return mentions


_ALIAS_OPEN = re.compile(r"\s*\(\s*$")


def _without_aliases(text: str, mentions: list[ToponymMention], gaz: Gazetteer) -> list[ToponymMention]:
    """A word in brackets right after a place, of a longer bracketed name, is of its other
    spelling ("Abu Rweil (Abo Rowel)"), not a second place; a whole name in brackets ("Mumbai
    (Bombay)"), a province or a country ("Kafr Nabl (Idlib)") is kept."""
    out: list[ToponymMention] = []
    for t in mentions:
        prev = out[-1] if out else None
        in_brackets = prev is not None and bool(_ALIAS_OPEN.fullmatch(text[prev.end : t.start]))
        if prev is not None and in_brackets and re.match(r"\s*\)", text[t.end:]) and _stands_for(prev.text, t.text, gaz):
            # "in Avasin (Mergasur) region of Erbil": a local name the index lacks, then the name
            # of the place it knows, which stands for it (with its cue)
            t.cue = prev.cue
            out[-1] = t
            continue
        if in_brackets and re.match(r"[^()]+\)", text[t.end : t.end + 30]) \
                and not any((m.is_admin1 or m.is_country) and m.sim >= 0.95 for m in gaz.matches(t.text)[:3]):
            continue  # ... of which only a word is a place name ("Abo" of "Abo Rowel"; "Mumbai (Bombay)" keeps both)
        out.append(t)
    return out


def _stands_for(name: str, alias: str, gaz: Gazetteer) -> bool:
    """The bracketed ``alias`` is the known name of a place ``name`` is unknown by, or known only
    abroad by ("Gare (Chiya-e Gara)": not Gare, France, but the Gara range of Duhok)."""
    known = [m for m in gaz.matches(alias)[:1] if m.level < LEVEL_SKELETON]
    if not known:
        return False
    # ... and no near spelling of a place of the alias's country ("Tel Sheer (Azaz)": Tall Sha'īr by Azaz)
    return not any(m.cc == known[0].cc and m.sim >= 0.85 for m in gaz.matches(name, known[0].cc)[:3])


def _bracketed_alias(text: str, start: int, end: int) -> bool:
    """The name at ``start:end`` is the bracketed other name of the one just before it ("Zap (Amadiya)")."""
    return bool(re.search(r"[A-Z][\w’'‘-]*\s*\(\s*$", text[max(0, start - 40):start])) and bool(
        re.match(r"\s*\)", text[end:]))


_WEAK_NOUN_CUES = {"village of", "area of", "town of", "city"}
_VILLAGE = 0.55  # importance below which a settlement is a village or small seat, no town
_IMPORTANT = 0.62  # importance from which a one-word name alone is a place (a town, no village)
_MINOR = 0.5  # importance below which a one-word name is a village's, not a well-known town's


# Arabic words that begin place names ("Tal al-Waz", "Kafr Nabl", "Ain Issa"): alone, before the
# rest of a name, they name none of the places that happen to be called so.
NAME_HEADS = frozenset(
    ["tal", "tall", "tell", "tel", "jabal", "jebel", "kafr", "kfar", "deir", "dayr", "ain", "ayn", "ein", "bir",
     "khirbet", "khirbat", "kherbet", "kherbat", "beit", "bayt", "umm", "um", "ras", "wadi", "hosh", "mazraat", "qasr", "jisr", "nahr",
     "tallat", "tlul", "marj", "sahl", "harat", "abu", "abou", "bani", "beni"]
)


_COMPASS_ADJECTIVES = frozenset(["eastern", "western", "northern", "southern", "northeastern", "northwestern",
                                 "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern",
                                 "south-western", "central"])


def _word_of_longer_name(run: str, s: int, e: int, piece: str, gaz: Gazetteer) -> bool:
    """One word of a longer capitalised name that is no name as a whole ("Bait" and "Jan" of
    "Bait Jan"): a village that happens to be called like that word is no evidence."""
    if len(run.split()) < 2:
        return False
    before, after = run[:s].rstrip(), run[e:].lstrip(",.;:’'”\" ")
    if _tail_of_name(before, piece, gaz):
        return True
    if " " in piece.strip():
        return False
    joined = bool(before and not before.endswith(",")) or bool(after and run[e:e + 1] == " ")
    if not joined:
        return False
    if not before and (of := re.match(r"of\s+(?:the\s+)?(.+)$", after)) and _village_of(piece, of.group(1), gaz):
        return False  # "in Ithriyah of Hama": a village of the place named after it, not a longer name
    if piece.strip().lower() in NAME_HEADS and bool(after) and run[e:e + 1] == " ":
        return True  # "Tal al-Waz": the hill of al-Waz, not the town At Tall
    if before and not before.endswith(",") and before.split()[-1].lower() in NAME_HEADS:
        return True  # "Beit Sawa farms": a name the index lacks, not the village Sawa alone
    if piece.strip().lower() in _COMPASS_ADJECTIVES and bool(after) and run[e:e + 1] == " ":
        return True  # "Eastern Ghota": the east of a place misspelt, not Zambia's Eastern Province
    whole = run.rstrip(",.;:’'”\" ")
    if any(m.level < LEVEL_SKELETON and m.sim >= 0.95 and m.fclass == "P" for m in gaz.matches(whole)[:3]):
        return True  # "Bait Jan": Bayt Jinn in another spelling, not the village Jānah
    best = gaz.matches(piece)[:1]
    return not best or (best[0].importance() < _MINOR and best[0].fclass == "P")


def _province_only(name: str, gaz: Gazetteer) -> bool:
    """``name`` is a province's and no city's ("Diyala"; not "Deir-ez-Zor", a province named
    after its seat city, whose districts may be the city's quarters)."""
    found = [m for m in gaz.matches(name)[:10] if m.level < LEVEL_SKELETON]
    return bool(found) and found[0].is_admin1 and not any(
        m.fclass == "P" and not m.is_admin and m.importance() >= _IMPORTANT for m in found)


def _village_of(piece: str, place: str, gaz: Gazetteer) -> bool:
    """``piece`` names a settlement of the country of the known place ``place`` ("Ithriyah" of
    "Hama"; not "Union" of "Hermon Mountain")."""
    where = [m for m in gaz.matches(place)[:1] if m.level < LEVEL_SKELETON]
    return bool(where) and any(m.cc == where[0].cc and m.fclass == "P" and m.level < LEVEL_SKELETON
                               for m in gaz.matches(piece)[:5])


def _tail_of_name(before: str, piece: str, gaz: Gazetteer) -> bool:
    """A name led by an article, glued to a word before it that is no place ("Hayat Tahrir
    al-Sham", "Jaysh al-Thawra", "Abna'a al-Sham", "Maart al-Numan"): the tail of an
    organisation's, person's or place's longer name, not the place so called (Damascus, Tabqa)."""
    head = re.split(r"[-‐\s]", piece.strip(), maxsplit=1)[0].lower()
    if head not in _TAIL_ARTICLES or not before or before.endswith((",", "(", ")")):
        return False
    word = before.split()[-1]
    if word.lower() in NAME_HEADS:
        return False  # "Tal al-Waz": the head alone is dropped; its tail may be a place
    top = gaz.matches(word)[:1]
    if top and top[0].level == LEVEL_EXACT and top[0].importance() >= _IMPORTANT:
        return False  # "Afrin al-Bab": two places
    # "M'adamiyat al-Sham": a near spelling of a town of the tail's country (Mu'addamiyat ash
    # Sham); keep the tail, whose town it lies by, rather than no place at all
    whole = gaz.matches(f"{word} {piece}")[:1]
    tail = gaz.matches(piece)[:1]
    return not (whole and tail and whole[0].fclass == "P" and whole[0].sim >= 0.8 and whole[0].cc == tail[0].cc)


# Arabic articles that are no English word ("at", "as", "an" are): what leads a name's tail
_TAIL_ARTICLES = frozenset({"al", "el", "ash", "esh", "ad", "ar", "az", "ez", "ed", "er", "ej", "eth", "ath", "adh"})


def transliterated(name: str, gaz: Gazetteer) -> bool:
    """A theatre settlement the index knows only in another transliteration ("Shadadah" / Ash
    Shaddādah, "Tadaf" / Tādif): its spelling-neutral form, not a looser guess."""
    if len(name.replace(" ", "")) < 4 or not name[:1].isupper():
        return False
    if any(m.level < LEVEL_SKELETON and m.sim >= 0.95 and m.fclass == "P" for m in gaz.matches(name)[:5]):
        return True
    # "Eastern Maliha": the eastern part of a settlement that is one
    variants = qualified_variants(name)
    if not variants:
        return False
    base = gaz.matches(variants[0].rsplit(" ", 1)[0])[:5]
    return any(m.level < LEVEL_SKELETON and m.sim >= 0.95 and m.fclass == "P" and m.importance() < _VILLAGE
               for m in base) and not any(m.importance() >= _VILLAGE for m in base[:1])


def _seat_transliterated(name: str, gaz: Gazetteer, theatre: Sequence[str]) -> bool:
    """``name`` is, in its spelling-neutral form, the seat of a district or subdistrict of the
    war's countries: "took control of Khanaser" is Khanāşir's (a seat, not a looser guess)."""
    return bool(theatre) and len(name.replace(" ", "")) >= 5 and any(
        m.level < LEVEL_SKELETON and m.sim >= 0.95 and m.fcode in ("PPLA", "PPLA2", "PPLA3") and m.cc in theatre
        for m in gaz.matches(name)[:5])


def _division_seat_spelt(name: str, gaz: Gazetteer, theatre: Sequence[str]) -> bool:
    """``name`` has the consonants of the one district or subdistrict seat of the war's countries
    so spelt: "the Tabni sub-district" is At Tibnī's, whose vowels the text writes otherwise (a
    district is named after its seat)."""
    bones = _written_consonants(name)
    if len(bones) < 3:
        return False
    seats = [m for cc in theatre for m in gaz.matches(name, cc)[:25]
             if m.fcode in ("PPLA2", "PPLA3") and _written_consonants(m.name) == bones]
    return len(seats) == 1


def _written_consonants(name: str) -> str:
    """The consonant letters of a name as written, without its article, vowels, doubled letters
    or a final -ah ("Tabni", "At Tibnī": "tbn"; "Dhībān": "dhbn"; "Basira", "Al Buşayrah": "bsr")."""
    letters = re.sub(r"[^a-z]|[aeiouyw]", "", re.sub(r"(?<=[aeiou])h$", "", strip_articles(fold(name)).lower()))
    return re.sub(r"(.)\1+", r"\1", letters)


def _add_transliterated(text: str, base: int, run: str, gaz: Gazetteer, add: Callable[..., None],
                        theatre: Sequence[str] = (), loose: bool = False) -> None:
    """The longest leading part of a capitalised run that the text says is a place ("near the town
    of Mzeireb", "Shadadah sub-district", "the outskirts of Kanaker", or "in Bait Jan" for a name of
    two words or more) and that is a transliteration of a theatre settlement, or a near spelling of
    a village of the report's war: a place, though no spelling of it is in the index."""
    words = [(w.start(), w.end()) for w in re.finditer(r"\S+", run)][:4]
    for j in range(len(words), 0, -1):
        piece = run[: words[j - 1][1]].rstrip(",.;:’'”\"")
        s, e = base, base + len(piece)
        cue = cue_at(text, s, e)
        if (cue not in _STRONG_CUES and cue != "in") or gaz.has_name(piece) or (
                _object_of_act(text, s) and not _seat_transliterated(piece, gaz, theatre)):
            continue  # (a verb's object is a place only in a spelling the index has, or a seat's)
        if piece.lower() in NAME_HEADS:
            continue  # "in Tallat al-Msitef": a name's head alone is no place (Tallaght)
        if j < len(words) and re.match(rf"{_ART}[-‐\s]", run[words[j][0]:], re.IGNORECASE):
            continue  # "in Zour Al-Hesa": the head of a longer name, not Tyre (Sour) in another spelling
        if transliterated(piece, gaz) or _near_spelt(piece, gaz, theatre, loose) or (
                cue == "district" and _division_seat_spelt(piece, gaz, theatre)):
            add(s, e, "gazetteer", cue, None, True)
            return
        if _PLACED_IN.match(text[e : e + 60]) and _near_spelt(piece, gaz, theatre, loose=True):
            # "shelled Tal Jijin in Aleppo": the closest spelling of a village of the war, placed
            # in a town or province the text names; a weak mention, kept only if resolution finds
            # the village there (Tall al Jījān, Aleppo)
            add(s, e, "gazetteer", cue, None, True, weak=True)
            return


_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
_FIELD_AFTER = re.compile(r"\s+(?:oil|gas)\s*fields?\b", re.IGNORECASE)
_PLACED_IN = re.compile(
    r"\s+(?:(?:village|town|area|front(?:line)?)\s+)?(?:in|of)\s+(?:the\s+)?"
    r"(?:(?:rural|(?:north|south|east|west)\w*)\s+)?(?:countryside\s+of\s+)?[A-Z]"
)
_NEAR_SPELT_SIM = 0.85  # how alike a name and a village of the war's countries must be
_NEAR_SPELT_CHARS = 5


def _near_spelt(name: str, gaz: Gazetteer, theatre: Sequence[str], loose: bool = False) -> bool:
    """``name``'s likeliest match is a settlement of the war's countries, spelt nearly so
    ("Herbanafsa" / Ḩarbinafsah, "Quamishli" / Al Qāmishlī)."""
    if not theatre or len(name.replace(" ", "")) < _NEAR_SPELT_CHARS or not name[:1].isupper() \
            or name.split()[0].lower() in _stop_words():
        return False  # (a name's head alone never gets here: _add_transliterated skips it)
    found = gaz.matches(name)[:10]
    # loose (a report naming no other place): the closest spelling, not the likeliest place ("in
    # Hazrma": Ḩazramā, 0.92, not Ḩukūmatī Azrah, Afghanistan, 0.91) ...
    top = sorted(found, key=lambda m: -m.sim)[:1] if loose else found[:1]
    # ... word for word ("Kherbet Al Sha'er" is no Bashār)
    return bool(top) and top[0].cc in theatre and top[0].fclass == "P" and top[0].sim >= _NEAR_SPELT_SIM \
        and len(strip_articles(fold(name)).split()) == len(strip_articles(fold(top[0].name)).split())


# Names of peoples and faiths that some gazetteer also lists as a place ("Arab" for Arabia).
_PEOPLE_WORDS = frozenset(
    ["arab", "arabs", "kurd", "kurds", "kurdish", "turkmen", "druze", "alawite", "alawites", "sunni", "sunnis",
     "shia", "shiite", "shiites", "yazidi", "yazidis", "assyrian", "assyrians", "armenian", "armenians",
     "turkestan", "turkistan", "turkestani", "turkistani", "uyghur", "uighur", "chechen", "uzbek"]
)
_ORG_NOUN_AFTER = re.compile(
    r"^\s+(?:government|regime|forces|army|troops|militia|militants|fighters|loyalists|"
    r"supporters|family|administration|spokesman|officials?|president|ministry|authorities)\b"
)
_MIXED_ACRONYM = re.compile(r"[A-Z][a-z]?[A-Z][a-z]?")  # JoS, HuT (initials with a small "of")
_UNIT_AFTER = re.compile(
    r"^\s+(?:brigades?|battalions?|regiments?|factions?|(?:rebel|armed|militant|opposition)\s+(?:groups?|factions?))\b",
    re.IGNORECASE,
)
_STRONG_CUES = {c for c in CUE_PRECISION if c != "in"}
_RELATIONAL_CUES = {c for c, p in CUE_PRECISION.items() if p >= 2}


_DETERMINERS = frozenset(["The", "This", "That", "These", "Those", "Its", "Their", "His", "Her"])


_MONTHS = frozenset(("may", "march", "august"))  # (of the stop words and names: "in May in Idlib")
_PLACED_AFTER = re.compile(r"\s+(?:in|near|countryside|town|village|area)\b")
_LOWER_WORD_BEFORE = re.compile(r"\b[a-z]+\s+$")


def _capitalised_in_running_text(text: str, s: int, e: int, piece: str, at_start: bool) -> bool:
    """A function word written with a capital inside a sentence of lower-case words and placed by
    the words after it is a name: "regime forces shelled Has in Idleb" (Ḩās), not "has"."""
    return (not at_start and len(piece) >= 3 and piece.istitle() and piece.lower() not in _MONTHS
            and bool(_LOWER_WORD_BEFORE.search(text[max(0, s - 30) : s]))
            and bool(_PLACED_AFTER.match(text[e : e + 20])))


def _plausible(
    text: str, s: int, e: int, piece: str, cue: str | None, at_start: bool,
    stop: frozenset[str], gaz: Gazetteer, war: bool = False, theatre: Sequence[str] = (),
) -> bool:
    """Is a gazetteer name in running text a place mention (not a word, acronym, name)?"""
    single = " " not in piece.strip()
    if single and piece.lower() in _GENERIC_FEATURE_WORDS:
        return False
    if _ARTICLE_ACRONYM.fullmatch(piece.strip()):
        return False
    if _VESSEL_BEFORE.search(text[max(0, s - 40) : s]) or _PERSON_BEFORE.search(text[max(0, s - 30) : s]):
        return False
    if single and piece.strip() in _DETERMINERS:
        return False  # "The town was captured": no town named "The"
    if single and re.search(r"\b(?:a|an)\s+$", text[max(0, s - 4) : s]) and (
            re.match(r"\s*(?:[.,;:)]|(?:and|or|in|at|on|near|from|with|by)\b|$)", text[e : e + 7])
            or any(m.kind == 1 and m.level == 0 for m in gaz.matches(piece)[:1])):
        # "destroyed a Shilka and ...": a thing of that name (but "a Texas man" names Texas); "an
        # Iraqi volunteer": a person
        return False
    if cue in _STRONG_CUES or (war and _bracketed_alias(text, s, e) and gaz.has_name(piece)):
        return True
    if single and piece.lower() in _PEOPLE_WORDS:
        return False  # "residents of Arshani (Arab Saed)": a people, not Arabia
    if single and piece.isupper() and len(piece) <= 5 and not _curated_site(piece, gaz):
        return False  # acronyms: SAA, SDF, PMU (not a base the project lists so: "the T4 airbase")
    if single and _MIXED_ACRONYM.fullmatch(piece.strip()):
        return False  # "a member of JoS": a faction's initials, not Jos, Nigeria
    if _UNIT_AFTER.match(text[e : e + 20]):
        return False  # "the PMF's Kirkuk brigade 56": a unit named for a place it need not be in
    if single and piece.lower() in stop and not _capitalised_in_running_text(text, s, e, piece, at_start):
        return False
    before, after = text[max(0, s - 1) : s], text[e : e + 1]
    if before in "‘'\"“" and before and after in "’'\"”" and after:
        return False  # a quoted name: a ship, an operation
    best = gaz.matches(piece)
    top = best[0] if best else None
    if top is None:
        return False
    important = top.importance() >= _IMPORTANT or top.fclass != "P"
    if _ORG_NOUN_AFTER.match(text[e : e + 30]) and not (top.is_country or top.importance() >= 0.75):
        return False
    if single and cue is None and not important:
        # ... unless it is, in another spelling, a district or subdistrict seat of the report's war
        # ("QSD had taken over the whole of Basira": Al Buşayrah)
        return not at_start and _seat_transliterated(piece, gaz, theatre)
    return not (at_start and single and cue is None and top.importance() < 0.7)


def _label(mention: ToponymMention, gaz: Gazetteer) -> str:
    if mention.cue in {"crossing"}:
        return "FAC"
    if not mention.known:
        return "GPE" if mention.cue in {"neighbourhood of", "town of", "village of", "subdistrict of", "district of", "city"} else "LOC"
    best = gaz.matches(mention.text)
    if best and best[0].fclass in {"L", "T", "H"}:
        return "LOC"
    if best and best[0].fclass == "S":
        return "FAC"
    return "GPE"
