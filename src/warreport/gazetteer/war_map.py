"""Points of a war map's markers: the villages, hills, bases, oil fields and crossings that the
editors of Wikipedia's "Module:Syrian Civil War detailed map" place, many of which GeoNames lacks
or spells otherwise ("T2 pumping station", "137th Brigade base", "Sheikh Ahmad Train Station").

The input is a TSV transcribed from the module, one marker a line: latitude, longitude, the
module's mark (``gov``, ``SDF_base``, ``IS_oil``, ...), the label and its link (see
``data/warmap/SOURCES.md``). At build time (:func:`add_war_map`) each marker either

* names a populated place the build already has: a village marker within ``MATCH_KM`` of a
  settlement spelt alike (similarity >= ``SAME_NAME_SIM``), or within ``SAME_SPELLING_KM`` of
  one spelt the same in another transliteration (``SAME_SEAT_KM`` of a district's or province's
  seat), adds its label as another spelling
  of that place (indexed one level weaker than GeoNames' own), which keeps its own point; or
* is a place of its own: a new record (a negative id) at the marker's point, in the country and
  province of the nearest settlement, with a feature code from its mark (a base, an airbase, an
  oil field, a hill, an industrial site, a border post; otherwise a village).

A label is split at "/" and parentheses into the names it gives ("Tukhar Shagir (Majra Saghir)":
both). A label of generic words only ("Driving school", "Communication Tower") names no place
a report could mean without its context, and is left out.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warreport.errors import GazetteerError
from warreport.gazetteer.lookup import WAR_MAP_SOURCE, haversine_km
from warreport.gazetteer.normalise import fold, similarity
from warreport.gazetteer.sources import PlaceRecord

log = logging.getLogger(__name__)

SOURCE = WAR_MAP_SOURCE
MATCH_KM = 3.0  # a village marker this near a settlement spelt alike is that settlement
SAME_NAME_SIM = 0.75  # ... how alike the spellings must be
SAME_SPELLING_KM = 8.0  # ... and this near one spelt the same in another transliteration
SAME_SPELLING_SIM = 0.9  # ("Beit Jinn" / Bayt Jinn, 3.9 km apart: the map's point and GeoNames' differ)
SAME_SEAT_KM = 15.0  # ... and this near a seat spelt the same ("Amadiya" 9 km from Al 'Amādīyah's point)
_SEATS = frozenset({"PPLC", "PPLA", "PPLA2", "PPLA3"})
REGION_KM = 30.0  # the nearest settlement this near gives a new place its country and province
FIRST_ID = -1_000_000  # new places take ids from here down (the curated table's are above)

# mark suffix -> (feature class, feature code); any other mark is a settlement's
_SITE_CODES = {
    "air": ("S", "AIRB"), "heli": ("S", "AIRH"), "base": ("S", "MILB"), "naval": ("S", "PRT"),
    "oil": ("L", "OILF"), "hill": ("T", "HLL"), "industry": ("S", "BLDG"),
}
_IMAGE = re.compile(r"\.(?:svg|png|gif)$", re.IGNORECASE)
_PARTS = re.compile(r"\s*(?:/|\(|\))\s*")
_INNER = re.compile(r"^(.*?)\s*\([^)]*\)\s*(\S.*)$")  # a parenthesis inside a label
# words that alone name no one place ("Driving school", "Old Airport", "Syrian Army fortification")
_GENERIC_WORDS = """
    a academy air airbase airfield airport al ammunition an and ancient area armored armoured army
    artillery ash at bakery barracks base battalion big branch brigade bridge building buildings
    camp canal cement cemetery center centre checkpoint church city club college company
    communication complex compound cotton court dam defense defence depot directorate district
    division driving east eastern el electrical engineering factory farm farms field fields
    fortification garage gas gathering grid hall headquarters heights highway hill hills hospital
    hotel housing industrial infantry institute intelligence intersection lake line little
    mechanized military mill missile missiles mosque mountain mountains national new north
    northern office oil old outpost palace plant point police post power prison processing
    pumping quarries quarry radar railway regiment reservoir resort road roman roundabout ruins
    school security signal silos small south southern spring square stadium station street sugar
    syrian syriatel tank telecom textile the tower towers train tunnel university valley village wall
    warehouse warehouses water well wells west western workshop zone
"""
_GENERIC = frozenset(_GENERIC_WORDS.split())


@dataclass(frozen=True)
class MapMarker:
    """One marker of the map: its point, its mark and the names its label gives."""

    latitude: float
    longitude: float
    mark: str
    names: tuple[str, ...]

    @property
    def site(self) -> tuple[str, str] | None:
        """(feature class, code) of a site the mark shows; None for a settlement."""
        suffix = self.mark.rsplit("_", 1)[-1]
        if self.mark.startswith("pass"):
            return ("S", "PSTB")
        if _IMAGE.search(self.mark):
            return ("S", "DAM") if any(" dam" in f" {fold(n)}" for n in self.names) else ("S", "")
        return _SITE_CODES.get(suffix)


def label_names(label: str) -> tuple[str, ...]:
    """The names a label gives, generic ones left out ("Tukhar Shagir (Majra Saghir)" -> two)."""
    out: list[str] = []
    label = label.replace("`", "'").replace("\u2011", "-")
    inner = _INNER.match(label)
    if inner:  # "Al-Hawl (Tishreen) Oil Field": the other name is of a part, not of the field
        label = f"{inner[1]} {inner[2]}"
    for part in _PARTS.split(label):
        name = part.strip(" ,.-")
        if len(fold(name).replace(" ", "")) < 3 or "#" in name:
            continue
        words = re.findall(r"[a-z]+", fold(name))
        if words and all(w in _GENERIC for w in words) and not re.search(r"\d", name):
            continue
        if name not in out:
            out.append(name)
    return tuple(out)


def read_war_map(path: Path) -> Iterator[MapMarker]:
    """The markers of a transcribed map (TSV: lat, lon, mark, label, link); a line that is not
    a marker (a header, a comment, a bad number) is skipped with a warning."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"cannot read the war map {path}: {exc}") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        try:
            lat, lon = float(cols[0]), float(cols[1])
        except (ValueError, IndexError):
            log.warning("%s:%d: not a marker line", path.name, n)
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or len(cols) < 4:
            log.warning("%s:%d: no point or no label", path.name, n)
            continue
        names = label_names(cols[3])
        if names:
            yield MapMarker(lat, lon, cols[2].strip(), names)


class _Grid:
    """Settlements by tenth-of-a-degree cell, for the ones near a point."""

    def __init__(self, records: Iterable[PlaceRecord]) -> None:
        self.cells: dict[tuple[int, int], list[PlaceRecord]] = defaultdict(list)
        for rec in records:
            if rec.feature_class == "P" and not math.isnan(rec.latitude):
                self.cells[(int(rec.latitude * 10 // 1), int(rec.longitude * 10 // 1))].append(rec)

    def near(self, lat: float, lon: float, km: float) -> list[tuple[float, PlaceRecord]]:
        reach = int(km / 11) + 1
        i, j = int(lat * 10 // 1), int(lon * 10 // 1)
        found = [(haversine_km(lat, lon, r.latitude, r.longitude), r)
                 for di in range(-reach, reach + 1) for dj in range(-reach, reach + 1)
                 for r in self.cells.get((i + di, j + dj), ())]
        return sorted(((d, r) for d, r in found if d <= km), key=lambda t: t[0])


def _same_place(marker: MapMarker, near: list[tuple[float, PlaceRecord]]) -> PlaceRecord | None:
    best: tuple[float, float, PlaceRecord] | None = None
    for km, rec in near:
        if km > SAME_SEAT_KM:
            break
        if km > SAME_SPELLING_KM and rec.feature_code not in _SEATS:
            continue
        sim = max(similarity(n, s) for n in marker.names for s in [rec.name, *rec.names[:20]])
        if sim >= (SAME_NAME_SIM if km <= MATCH_KM else SAME_SPELLING_SIM) and (best is None or (sim, -km) > (best[0], -best[1])):
            best = (sim, km, rec)
    return best[2] if best else None


def add_war_map(places: dict[int, PlaceRecord], markers: Iterable[MapMarker],
                countries: Iterable[str] = ()) -> tuple[int, int]:
    """Add a map's markers to the build's ``places`` (see the module docstring); returns how many
    markers became spellings of places already there, and how many became new places."""
    only = set(countries)
    grid = _Grid(places.values())
    seen: set[tuple[tuple[str, ...], float, float]] = set()
    next_id = min([FIRST_ID + 1, *(g for g in places if g <= FIRST_ID)]) - 1
    spellings = added = 0
    for marker in markers:
        key = (marker.names, round(marker.latitude, 3), round(marker.longitude, 3))
        site = marker.site
        if key in seen or (site is not None and not site[1]):
            continue
        seen.add(key)
        near = grid.near(marker.latitude, marker.longitude, REGION_KM)
        if not near or (only and near[0][1].country not in only):
            continue  # no settlement of the build's countries near: nothing to place it in
        same = _same_place(marker, near) if site is None else None
        if same is not None:
            # (one level weaker than GeoNames' own spellings: a namesake GeoNames spells so keeps
            # its rank - the map's "Mustariha" of Idlib is no reason to move "Mustariha" of Hama)
            same.weak_names.extend(n for n in marker.names if n not in same.names and n not in same.weak_names)
            spellings += 1
            continue
        region = near[0][1]
        fclass, fcode = site or ("P", "PPL")
        places[next_id] = PlaceRecord(
            geonameid=next_id, name=marker.names[0], latitude=marker.latitude, longitude=marker.longitude,
            country=region.country, admin1=region.admin1, feature_class=fclass, feature_code=fcode,
            names=list(marker.names[1:]), source=SOURCE,
        )
        next_id -= 1
        added += 1
    return spellings, added
