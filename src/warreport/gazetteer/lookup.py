"""The compiled gazetteer: read-only SQLite, opened lazily, looked up by normalised keys.

``get_gazetteer()`` returns one cached :class:`Gazetteer` per path; the path is the setting
``gazetteer`` or, when empty, the index shipped in ``warreport/data/gazetteer.sqlite``.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from warreport.errors import GazetteerError
from warreport.gazetteer.normalise import (
    LEVEL_ARTICLE,
    LEVEL_EXACT,
    LEVEL_SKELETON,
    bare_similarity,
    compact,
    fold,
    is_translit_key,
    name_keys,
    qualified_variants,
    similarity,
    strip_articles,
)
from warreport.model import GeoCandidate, Place

DEFAULT_FILENAME = "gazetteer.sqlite"
COORD_SCALE = 100_000  # as written by warreport.gazetteer.build
_FUZZY_MIN = 0.8  # similarity a prefix-scan or skeleton match needs
_SKELETON_MIN = 0.6  # similarity a skeleton-only match needs to be kept
WAR_MAP_SOURCE = "wikipedia-war-map"  # places from a war map's markers (gazetteer.war_map)
_P_FLOOR = 0.4  # importance of a populated place of unknown population
_NAMESAKE_TOWN = 0.5  # importance from which a place named like its province is where it is coded
# Floors by GeoNames feature code when the population is unknown (0): an administrative seat
# outranks a village of the same name; a village known only from a full country dump (PPL with
# no population, so not in cities500) and parts or ruins of places rank below cities500 places,
# whose code is unknown (empty) but which hold 500 people or a seat.
_FCODE_FLOOR = {
    "PPLC": 0.62, "PPLA": 0.6, "PPLG": 0.5, "PPLA2": 0.5, "PPLA3": 0.46, "PPLA4": 0.43,
    "PPL": 0.3, "PPLF": 0.28, "PPLS": 0.28, "STLMT": 0.26,
    "PPLL": 0.25, "PPLX": 0.25, "PPLR": 0.25, "PPLQ": 0.2, "PPLW": 0.2, "PPLH": 0.2,
}
# Countries whose villages are named with Arabic qualifiers after the name (ash Sharqīyah, al Kabīr)
_ARABIC_NAMING = frozenset(["SY", "IQ", "LB", "JO", "PS", "SA", "YE", "EG", "LY", "TN", "DZ", "MA", "SD", "KW",
                            "QA", "BH", "AE", "OM", "MR"])
_QUALIFIED_BASE_SIM = 0.9  # similarity given to "Maliha" for "Eastern Maliha" when no eastern one is known
_QUALIFIED_BASE_MAX = 0.55  # ... a village or small seat: "Eastern Deir-ez-Zor" is a part of the province, no village
_TRANSLIT_SIM = 0.97  # similarity given to a match on a spelling-neutral key only
_PREFIX = 3
_COUNTRYSIDE_KM = 30.0  # how far around a city its countryside's villages are counted
_CITY_PROVINCE_KM = 20.0  # a city whose own province holds no place farther out is a province of its own
_COUNTRYSIDE_MIN_PLACES = 20  # ... and the province around it must hold this many villages that near
_GENERIC = re.compile(
    r"^(?:the\s+)?(?:city|town|village|province|governorate|district|sub-?district)\s+of\s+|"
    r"\s+(?:city|town|village|province|governorate|district|sub-?district|countryside|"
    r"outskirts|area|region|camp|graveyard|cemetery|cemetary|"
    r"[ae]l[-\s]balad|[ae]l[-\s]mahatt?a)$",  # "Daraa al-Balad": the old town, the station quarter
    re.IGNORECASE,
)


_DOTTED = re.compile(r"^(?:[A-Z][a-z]{1,4}\.|(?:[A-Z]\.\s?){2,4})$")


def is_dotted_abbreviation(name: str) -> bool:
    """"Ind.", "La.", "N.Y.", "U.S.": news-style abbreviations name a state or a country, not
    the city that has "IND" or "LA" among its codes."""
    return bool(_DOTTED.match(name.strip()))


def states_first(m: Match) -> bool:
    """Sort key (stable sort) putting exact state and country matches first."""
    return m.is_guess or not (m.is_admin1 or m.is_country)


def default_path() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / DEFAULT_FILENAME


@dataclass(frozen=True)
class Match:
    """A gazetteer entry matched by a name: internal form of a candidate, before context."""

    id: int
    name: str
    lat: float
    lon: float
    cc: str
    admin1: str
    admin2: str
    fclass: str
    fcode: str
    population: int
    source: str
    level: int  # best key level: 0 exact, 1 articles/spaces, 2 skeleton/fuzzy
    kind: int  # 0 name, 1 demonym
    sim: float  # string similarity of the query and the matched name
    shadow: float = 0.0  # prior penalty: a town named like a country or continent the name matches
    names: int = 0  # how many spellings GeoNames (and the project) know the place by: how well known it is

    @property
    def is_country(self) -> bool:
        return self.fcode.startswith("PCL")

    @property
    def is_continent(self) -> bool:
        return self.fcode == "CONT"

    @property
    def is_big(self) -> bool:
        """A country, continent or a GeoNames world region, sea or ocean."""
        return self.is_country or self.is_continent or (
            self.source == "geonames-curated" and self.fclass in {"L", "H", "T", "A"}
        )

    @property
    def is_admin1(self) -> bool:
        return self.fcode == "ADM1"

    @property
    def is_admin2(self) -> bool:
        return self.fcode == "ADM2"

    @property
    def is_admin(self) -> bool:
        return self.fcode in {"ADM1", "ADM2"}

    def importance(self) -> float:
        """0..1 prior from population and feature type."""
        if self.is_continent:
            return 1.0
        if self.is_country:  # 0.96-1.0: a shared name or demonym ("French") means the larger
            return 0.96 + 0.04 * min(1.0, math.log10(self.population + 10) / 9)
        if self.is_admin1:
            return 0.85
        if self.is_admin2:  # 0.6 (a rural county) .. 0.8 (Orange County, CA: 3 million)
            return 0.6 + 0.2 * min(1.0, math.log10(self.population + 10) / 6.5)
        if self.source == WAR_MAP_SOURCE:  # a village, hill or site known from one map marker only
            return _FCODE_FLOOR["PPL"]
        if self.fclass in {"L", "T", "H", "A"}:
            if self.source == "geonames-curated":  # world regions, seas, oceans
                return 0.8
            return 0.7 if self.source == "warreport-curated" else 0.55
        if self.fclass == "S":  # a site; one the project lists is a landmark of the wars it covers (al-Hol camp)
            return 0.55 if self.source == "warreport-curated" else 0.45
        # Floor: cities500 lists a place of unknown (0) population only as an administrative
        # seat, which is worth at least a village of 500.
        floor = _FCODE_FLOOR.get(self.fcode, _P_FLOOR) if self.fclass == "P" else _P_FLOOR
        if self.population <= 0:
            return floor
        return min(1.0, max(floor, _P_FLOOR, math.log10(self.population + 10) / 6.5))

    def name_score(self) -> float:
        if self.level >= LEVEL_SKELETON:
            base = 0.9 * max(0.0, (self.sim - 0.5) / 0.5) ** 1.5
        elif self.sim < 1.0:  # a spelling-neutral form only ("Karama" / "Al Karamah")
            base = 0.9
        else:
            base = 1.0 if self.level == LEVEL_EXACT else 0.93
        return base * (0.92 if self.kind == 1 else 1.0)

    @property
    def is_guess(self) -> bool:
        """Matched through a transliteration rule or by similarity, not a spelling the index has."""
        return self.level >= LEVEL_SKELETON or self.sim < 1.0

    def prior(self) -> float:
        # A country or continent named exactly is nearly always the country ("Lebanon", "Iraq",
        # "Africa"), not a town of that name (which carries a shadow penalty).
        big = self.is_country or self.is_continent
        bonus = 0.1 if big and self.level < LEVEL_SKELETON else 0.0
        return round(0.65 * self.name_score() + 0.35 * self.importance() + bonus - self.shadow, 4)


_SHADOW = 0.25  # prior penalty of a town whose name is also a country's or continent's
_PROVINCE_SHADOW = 0.2  # ... of a small town named like a province of its country
_PROVINCE_SHADOW_POP = 100_000


def _shadow_towns(matches: list[Match]) -> list[Match]:
    """Names of big places outrank the small places named after them, unless context says
    otherwise (a shadow penalty on the prior):

    * a country's, continent's or world region's own name (not a demonym or a transliteration
      guess): "Lebanon", "Jordan", "Mexico", "Africa", "Middle East" - settlements and counties
      of that name are shadowed (provinces are not: "Georgia");
    * a province's name: "Florida", "California" - towns under 100,000 people of that name in
      the same country but another province (a province's namesake capital is not shadowed:
      "Daraa", "Quneitra"), and counties matched without their generic word ("Ohio County").
    """
    big = any(m.is_big and not m.is_guess and m.kind == 0 for m in matches)
    provinces = {(m.cc, m.admin1) for m in matches if m.is_admin1 and not m.is_guess and m.kind == 0}
    if not big and not provinces:
        return matches
    out = []
    for m in matches:
        if big and (m.fclass in {"P", "S"} or m.is_admin2):
            m = replace(m, shadow=_SHADOW)
        elif (provinces and m.fclass == "P" and m.population < _PROVINCE_SHADOW_POP
              and any(cc == m.cc and a1 != m.admin1 for cc, a1 in provinces)):
            m = replace(m, shadow=_PROVINCE_SHADOW)
        elif provinces and m.is_admin2 and m.level > 0 and any(cc == m.cc for cc, _ in provinces):
            m = replace(m, shadow=_PROVINCE_SHADOW)  # "Ohio" is Ohio, not Ohio County
        out.append(m)
    return out


def _namesake_city_first(matches: list[Match]) -> list[Match]:
    """"Idlib", "Aleppo", "Kirkuk": a province (or district) and its namesake capital match
    equally; the bare name means the city (a "province" cue still picks the province in
    resolution)."""
    if len(matches) < 2 or not matches[0].is_admin:
        return matches
    top = matches[0]
    for i, m in enumerate(matches[1:6], start=1):
        if m.fclass == "P" and m.cc == top.cc and m.admin1 == top.admin1 and m.level <= top.level:
            return [m, *matches[:i], *matches[i + 1 :]]
    return matches


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def point_toward(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) in the compass direction ``bearing`` (degrees)."""
    p = math.pi / 180
    return (round(lat + km * math.cos(bearing * p) / 111.2, 5),
            round(lon + km * math.sin(bearing * p) / (111.2 * math.cos(lat * p)), 5))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial compass bearing (degrees from north) from the first point to the second."""
    p = math.pi / 180
    y = math.sin((lon2 - lon1) * p) * math.cos(lat2 * p)
    x = math.cos(lat1 * p) * math.sin(lat2 * p) - math.sin(lat1 * p) * math.cos(lat2 * p) * math.cos((lon2 - lon1) * p)
    return (math.atan2(y, x) / p + 360.0) % 360.0


class Gazetteer:
    """Lookups over one compiled index. Thread-safe; cheap to open (nothing is preloaded)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise GazetteerError(
                f"gazetteer {self.path} does not exist; build one with `warreport gazetteer build`"
            )
        try:
            self._conn = sqlite3.connect(
                f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            self.meta = dict(self._conn.execute("SELECT k, v FROM meta").fetchall())
            self._admin = dict(self._conn.execute("SELECT code, name FROM admin WHERE code NOT LIKE '%.%.%'"))
            self._countries = {
                row[0]: row[1:] for row in self._conn.execute("SELECT iso, iso3, name, neighbours FROM country")
            }
        except sqlite3.Error as exc:
            raise GazetteerError(f"gazetteer {self.path} is not a usable index: {exc}") from exc
        self._lock = threading.Lock()
        # (an index built before schema 2 has no count of spellings: every place counts 0)
        columns = {r[1] for r in self._conn.execute("PRAGMA table_info(place)")}
        self._names_column = "names" if "names" in columns else "0"
        self._cached_lookup = lru_cache(maxsize=20_000)(self._matches)

    # -- raw queries ---------------------------------------------------------------------
    def _query(self, sql: str, args: tuple[object, ...]) -> list[tuple]:  # type: ignore[type-arg]
        try:
            with self._lock:
                return self._conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise GazetteerError(f"gazetteer query failed: {exc}") from exc

    def has_name(self, name: str, max_level: int = LEVEL_ARTICLE, places_only: bool = True) -> bool:
        """Is ``name`` a gazetteer name on its exact or article-free key (no demonyms)?"""
        keys = [k for k, lv in name_keys(name).items() if lv <= max_level and not is_translit_key(k)]
        if not keys:
            return False
        marks = ",".join("?" * len(keys))
        kind = " AND kind = 0" if places_only else ""
        rows = self._query(f"SELECT 1 FROM name WHERE key IN ({marks}){kind} LIMIT 1", tuple(keys))
        return bool(rows)

    def is_demonym(self, word: str) -> bool:
        """Is ``word``, as spelt, the people's adjective of a country, continent or region
        ("Asian", "Syrian")? Such a word names no place, even where a village has it among its
        other spellings (GeoNames lists "Asian" for 'Aslān in Basra)."""
        key = fold(word)
        return bool(key) and bool(self._query("SELECT 1 FROM name WHERE key = ? AND kind = 1 LIMIT 1", (key,)))

    def _rows_for(self, ids: dict[int, tuple[int, int, float]]) -> list[Match]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self._query(
            f"SELECT id, name, lat, lon, cc, admin1, admin2, fclass, fcode, population, source, {self._names_column} "
            f"FROM place WHERE id IN ({marks})",
            tuple(ids),
        )
        out = []
        for r in rows:
            level, kind, sim = ids[r[0]]
            out.append(
                Match(r[0], r[1], r[2] / COORD_SCALE, r[3] / COORD_SCALE, r[4] or "", r[5] or "",
                      r[6] or "", r[7] or "P",
                      r[8] or "", r[9] or 0, r[10] or "", level, kind, sim, names=r[11] or 0)
            )
        return out

    def _matches(self, name: str, country: str | None) -> tuple[Match, ...]:
        keys = name_keys(name, query=True)
        if not keys:
            return ()
        # Keys only a transliteration rule made ("=..." spelling-neutral forms): a match on
        # them alone is a transliteration, scored a little below a spelling the index knows.
        soft = set(keys) - {k for k in name_keys(name) if not is_translit_key(k)}
        found: dict[int, tuple[int, int, float]] = {}
        exact = [k for k, lv in keys.items() if lv < LEVEL_SKELETON]
        skel = [k for k, lv in keys.items() if lv >= LEVEL_SKELETON]
        # With a country, only its places are matched (a spelling known elsewhere must not
        # stop the transliteration and fuzzy searches inside the country).
        join, where, extra = ("", "", ()) if not country else (
            " JOIN place p ON p.id = n.id", " AND p.cc = ?", (country,)
        )
        marks = ",".join("?" * len(exact))
        rows = self._query(
            f"SELECT n.key, n.id, n.level, n.kind FROM name n{join} WHERE n.key IN ({marks}){where}",
            (*exact, *extra),
        )
        if skel and not any(r[0] not in soft for r in rows):
            # Only when no spelling matches: transliteration skeletons (bounded: short
            # skeletons are shared by thousands of names).
            rows += self._query(
                f"SELECT n.key, n.id, n.level, n.kind FROM name n{join} WHERE n.key = ?{where} LIMIT 600",
                (skel[0], *extra),
            )
        for key, gid, level, kind in rows:
            # A key matched at the query's level L and the name's level M counts as max(L, M).
            lv = max(level, keys[key])
            sim = 0.0 if lv >= LEVEL_SKELETON else (_TRANSLIT_SIM if key in soft else 1.0)
            old = found.get(gid)
            if old is None or (lv, -sim, kind) < (old[0], -old[2], old[1]):
                found[gid] = (lv, kind, sim)
        bare = compact(strip_articles(fold(name)))
        strong = any(v[0] < LEVEL_SKELETON and v[2] == 1.0 for v in found.values())
        if len(bare) >= 4 and not strong:
            # Fuzzy: keys sharing the first letters, scored by similarity.
            hi = bare[:_PREFIX] + "\uffff"
            for key, gid, kind in self._query(
                f"SELECT n.key, n.id, n.kind FROM name n{join} WHERE n.key >= ? AND n.key < ? "
                f"AND n.level <= 1 AND length(n.key) BETWEEN ? AND ?{where} LIMIT 1500",
                (bare[:_PREFIX], hi, len(bare) - 2, len(bare) + 2, *extra),
            ):
                if gid in found and found[gid][0] < LEVEL_SKELETON:
                    continue
                sim = bare_similarity(bare, key)
                if sim >= _FUZZY_MIN and sim > found.get(gid, (9, 9, 0.0))[2]:
                    found[gid] = (LEVEL_SKELETON, kind, sim)
        if strong:  # a spelling the index knows: transliteration guesses must be close
            found = {
                g: v for g, v in found.items()
                if v[0] < LEVEL_SKELETON or v[2] == 0.0 or v[2] >= 0.9
            }
        matches = self._rows_for(found)
        out = []
        for m in matches:
            if country and m.cc != country:
                continue
            if m.level == LEVEL_SKELETON and m.sim == 0.0:
                sim = similarity(name, m.name)
                m = replace(m, sim=sim)
            if m.level == LEVEL_SKELETON and m.sim < (0.9 if strong else _SKELETON_MIN):
                continue
            if m.is_continent and m.sim < 1.0:
                continue  # "Sawa" is no spelling of Asia: a continent is named as it is spelt
            out.append(m)
        out = _shadow_towns(out)
        out.sort(key=lambda m: -m.prior())
        return tuple(_namesake_city_first(out))

    # -- public API ----------------------------------------------------------------------
    def matches(self, name: str, country: str | None = None) -> list[Match]:
        """Every entry ``name`` matches (best prior first).

        A plural ("Syrians") also tries its singular; a generic word ("Karak district",
        "Idlib countryside", "the city of Homs") is dropped when the whole name finds nothing
        exact, or only divisions so named (Pakistan's "Karak District" for Jordan's Karak):
        then both compete. A dotted abbreviation ("Ind.", "N.Y.") puts states and countries first.
        """
        cc = country.upper() if country else None
        found = list(self._cached_lookup(name, cc))
        if name.endswith("s") and len(name) > 4 and not any(m.level < LEVEL_SKELETON for m in found):
            singular = [
                m for m in self._cached_lookup(name[:-1], cc)
                if m.level < LEVEL_SKELETON and (m.kind == 1 or m.is_country)
            ]
            if singular:
                found = singular + found
        known = [m for m in found if m.level < LEVEL_SKELETON]
        if not known or all(m.is_admin for m in known):
            core = _GENERIC.sub("", name).strip()
            if core and core != name:
                stripped = list(self._cached_lookup(core, cc))
                if stripped and known:
                    ids = {m.id for m in found}
                    found = sorted(found + [m for m in stripped if m.id not in ids], key=lambda m: -m.prior())
                elif stripped:
                    found = stripped + [m for m in found if m.id not in {x.id for x in stripped}]
        if not any(m.level < LEVEL_SKELETON for m in found):
            # "Eastern Maliha": Al Mulayḩah ash Sharqīyah, a spelling-neutral match at best
            variants = qualified_variants(name)
            for variant in variants:
                ids = {m.id for m in found}
                hits = [replace(m, level=max(m.level, LEVEL_ARTICLE), sim=min(m.sim, _TRANSLIT_SIM))
                        for m in self._cached_lookup(variant, cc) if m.level < LEVEL_SKELETON and m.id not in ids]
                found = hits + found
            if variants and not any(m.level < LEVEL_SKELETON for m in found):
                # ... or, a guess, the village it is the eastern (upper, big) part of
                base = variants[0].rsplit(" ", 1)[0]
                ids = {m.id for m in found}
                found += [replace(m, level=LEVEL_SKELETON, sim=min(m.sim, _QUALIFIED_BASE_SIM))
                          for m in self._cached_lookup(base, cc)
                          if m.level < LEVEL_SKELETON and m.fclass == "P" and m.cc in _ARABIC_NAMING
                          and m.importance() < _QUALIFIED_BASE_MAX and m.id not in ids]
        if is_dotted_abbreviation(name):
            found.sort(key=states_first)
        return found

    def lookup(self, name: str, country: str | None = None, limit: int = 10) -> list[GeoCandidate]:
        """Candidates for a place name in any spelling, best first, scored by name and prior."""
        return [self.candidate(m, m.prior()) for m in self.matches(name, country)[:limit]]

    def get(self, geonameid: int) -> Place | None:
        rows = self._rows_for({geonameid: (0, 0, 1.0)})
        return self.to_place(rows[0]) if rows else None

    def get_match(self, geonameid: int) -> Match | None:
        rows = self._rows_for({geonameid: (0, 0, 1.0)})
        return rows[0] if rows else None

    def admin1_name(self, cc: str, code: str) -> str | None:
        return self._admin.get(f"{cc}.{code}") if code else None

    def admin2_name(self, cc: str, admin1: str, admin2: str) -> str | None:
        if not admin2:
            return None
        rows = self._query("SELECT name FROM admin WHERE code = ?", (f"{cc}.{admin1}.{admin2}",))
        return rows[0][0] if rows else None

    def country_name(self, iso: str) -> str | None:
        row = self._countries.get(iso)
        return row[1] if row else None

    def neighbours(self, iso: str) -> list[str]:
        row = self._countries.get(iso)
        return [n for n in (row[2] or "").split(",") if n] if row else []

    def country_match(self, iso: str) -> Match | None:
        """The country entry for an ISO2 code, if the index has one."""
        rows = self._query("SELECT id FROM place WHERE cc = ? AND fcode = 'PCLI' LIMIT 1", (iso,))
        return self.get_match(rows[0][0]) if rows else None

    def admin1_match(self, cc: str, code: str) -> Match | None:
        rows = self._query(
            "SELECT id FROM place WHERE cc = ? AND admin1 = ? AND fcode = 'ADM1' LIMIT 1", (cc, code)
        )
        return self.get_match(rows[0][0]) if rows else None

    def admin1_seat(self, cc: str, code: str) -> Match | None:
        """The settlement a province is coded at (ACLED's precision 3): its namesake town
        ("Deir ez-Zor", "Idlib", "Kirkuk"), else its seat (PPLA), else its most populous one."""
        if not cc or not code:
            return None
        return self._seat(cc, code)

    @lru_cache(maxsize=512)  # noqa: B019 - one index per process, a few dozen provinces
    def _seat(self, cc: str, code: str) -> Match | None:
        province = self.admin1_match(cc, code)
        if province is not None:
            # (a town, not a hamlet or quarter of the name: the Şalāḩ ad Dīn quarter of Tikrit)
            named = [m for m in self.matches(province.name, cc)
                     if m.fclass == "P" and m.admin1 == code and not m.is_admin and m.level < LEVEL_SKELETON
                     and m.importance() >= _NAMESAKE_TOWN]
            if named:
                return max(named, key=lambda m: m.population)
        # ... else the seat GeoNames marks (Baqubah of Diyala, not the larger Khanaqin), else the
        # most populous
        rows = self._query(
            "SELECT id FROM place WHERE cc = ? AND admin1 = ? AND COALESCE(fclass, 'P') = 'P' AND COALESCE(fcode, '') NOT LIKE 'ADM%' "
            "ORDER BY COALESCE(fcode, '') IN ('PPLA', 'PPLC') DESC, population DESC LIMIT 1", (cc, code),
        )
        return self.get_match(rows[0][0]) if rows else None

    def countryside_province(self, m: Match) -> str | None:
        """The admin1 code of the province around a city that is a province of its own, which
        is what "Rural Damascus" and "the Damascus countryside" name: GeoNames' Dimashq holds
        only the city, its countryside is Rif Dimashq. None for a town whose own province
        reaches past its edge (Aleppo, Homs, Baghdad)."""
        if m.fclass != "P" or not m.cc or not m.admin1 or m.is_admin:
            return None
        return self._countryside(m.cc, m.admin1, m.lat, m.lon)

    @lru_cache(maxsize=256)  # noqa: B019 - one index per process, a few cities
    def _countryside(self, cc: str, code: str, lat: float, lon: float) -> str | None:
        box = _COUNTRYSIDE_KM / 111.0
        rows = self._query(
            "SELECT lat, lon, admin1 FROM place WHERE cc = ? AND fclass = 'P' AND lat BETWEEN ? AND ? "
            "AND lon BETWEEN ? AND ?",
            (cc, round((lat - box) * COORD_SCALE), round((lat + box) * COORD_SCALE),
             round((lon - box * 1.5) * COORD_SCALE), round((lon + box * 1.5) * COORD_SCALE)),
        )
        around: dict[str, int] = {}
        for r in rows:
            km = haversine_km(lat, lon, r[0] / COORD_SCALE, r[1] / COORD_SCALE)
            if km > _COUNTRYSIDE_KM or not r[2]:
                continue
            if r[2] == code:
                if km > _CITY_PROVINCE_KM:
                    return None  # the town's own province has a countryside
            else:
                around[r[2]] = around.get(r[2], 0) + 1
        if not around:
            return None
        best = max(around, key=lambda k: around[k])
        return best if around[best] >= _COUNTRYSIDE_MIN_PLACES else None

    def to_place(self, m: Match) -> Place:
        row = self._countries.get(m.cc)
        return Place(
            name=m.name,
            geonameid=m.id if m.id > 0 else None,
            latitude=m.lat,
            longitude=m.lon,
            admin1=self.admin1_name(m.cc, m.admin1) if not m.is_admin1 else m.name,
            admin2=self.admin2_name(m.cc, m.admin1, m.admin2),
            country=row[1] if row else None,
            iso=m.cc or None,
            iso3=row[0] if row else None,
            feature_class=m.fclass or None,
            feature_code=m.fcode or None,
            population=m.population,
        )

    def candidate(self, m: Match, score: float, reasons: list[str] | None = None) -> GeoCandidate:
        why = [f"name level {m.level}" + (f" sim {m.sim:.2f}" if m.level >= 2 else "")]
        if m.kind == 1:
            why.append("demonym")
        if m.source == "warreport-curated":
            why.append("curated feature")
        elif m.shadow:
            why.append("town named like a larger place")
        return GeoCandidate(place=self.to_place(m), score=round(score, 4), reasons=why + (reasons or []))

    def stats(self) -> dict[str, str]:
        out = dict(self.meta)
        out["path"] = str(self.path)
        out["bytes"] = str(self.path.stat().st_size)
        return out


_CACHE: dict[Path, Gazetteer] = {}
_CACHE_LOCK = threading.Lock()


def resolve_path(path: str | Path | None = None) -> Path:
    if path:
        return Path(path).expanduser().resolve()
    from warreport.config import load_config

    configured = load_config().gazetteer
    return Path(configured).expanduser().resolve() if configured else default_path()


def get_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The cached gazetteer at ``path``, the ``gazetteer`` setting, or the shipped default."""
    resolved = resolve_path(path)
    with _CACHE_LOCK:
        gaz = _CACHE.get(resolved)
        if gaz is None:
            gaz = Gazetteer(resolved)
            _CACHE[resolved] = gaz
        return gaz
