"""ACLED's CSV columns, in ACLED's order, and the mapping of an :class:`Event` to one row.

ACLED's public export is the contract (DESIGN.md): the first columns carry ACLED's names in
ACLED's order so the file loads in any ACLED workflow; warreport's own fields (certainty,
provenance, review status) follow after them under names ACLED does not use.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path
from typing import Any

from warreport.model import Event

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# warreport's additions, after ACLED's columns.
EXTRA_COLUMNS: tuple[str, ...] = (
    "event_id",
    "doc_id",
    "certainty",
    "plover_type",
    "date_start",
    "date_end",
    "iso2",
    "geonameid",
    "actor1_mention",
    "actor2_mention",
    "weapons",
    "framing",
    "sentence",
    "start_char",
    "end_char",
    "source_url",
    "corroboration",
    "review_status",
)

COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EXTRA_COLUMNS

# Column -> Arrow type name, for Parquet (everything else is a string).
INTEGER_COLUMNS = frozenset(
    {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
     "fatalities", "timestamp", "geonameid", "start_char", "end_char", "corroboration"}
)
FLOAT_COLUMNS = frozenset({"latitude", "longitude"})
DATE_COLUMNS = frozenset({"event_date", "date_start", "date_end"})

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
CIVILIANS_INTER = 7

# UN sub-region (or intermediate region) -> ACLED region.
_REGION_BY_UN = {
    "Northern Africa": "Northern Africa",
    "Eastern Africa": "Eastern Africa",
    "Middle Africa": "Middle Africa",
    "Southern Africa": "Southern Africa",
    "Western Africa": "Western Africa",
    "Caribbean": "Caribbean",
    "Central America": "Central America",
    "South America": "South America",
    "Northern America": "North America",
    "Central Asia": "Caucasus and Central Asia",
    "Eastern Asia": "East Asia",
    "South-eastern Asia": "Southeast Asia",
    "Southern Asia": "South Asia",
    "Western Asia": "Middle East",
}
_REGION_EXCEPTIONS = {"AM": "Caucasus and Central Asia", "AZ": "Caucasus and Central Asia",
                      "GE": "Caucasus and Central Asia", "IR": "Middle East", "CY": "Europe"}


@functools.lru_cache(maxsize=1)
def _country_table() -> dict[str, tuple[int | None, str]]:
    """ISO alpha-2 -> (ISO numeric, ACLED region), from the countryinfo package's data."""
    table: dict[str, tuple[int | None, str]] = {}
    try:
        import countryinfo
    except ImportError:
        return table
    for path in (Path(countryinfo.__file__).parent / "data").glob("*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso = data.get("ISO") or {}
        alpha2 = str(iso.get("alpha2") or "").upper()
        if not alpha2:
            continue
        numeric = str(iso.get("numeric") or "")
        sub = data.get("intermediateregion") or data.get("subregion") or ""
        if data.get("region") == "Europe":
            region = "Europe"
        elif data.get("region") == "Oceania":
            region = "Oceania"
        else:
            region = _REGION_BY_UN.get(sub) or _REGION_BY_UN.get(data.get("subregion") or "", "")
        region = _REGION_EXCEPTIONS.get(alpha2, region)
        table[alpha2] = (int(numeric) if numeric.isdigit() else None, region)
    return table


def iso_numeric(iso2: str | None) -> int | None:
    return _country_table().get((iso2 or "").upper(), (None, ""))[0]


def acled_region(iso2: str | None) -> str:
    return _country_table().get((iso2 or "").upper(), (None, ""))[1]


def disorder_type(event_type: str) -> str:
    return _DISORDER.get(event_type, "")


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, lower first; a sole actor pairs with 0."""
    if inter1 is None and inter2 is None:
        return None
    a, b = inter1 or 0, inter2 or 0
    if a and b:
        a, b = min(a, b), max(a, b)
    elif b and not a:
        a, b = b, 0
    return int(f"{a}{b}")


def _join(values: list[str]) -> str:
    return "; ".join(v for v in values if v)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def acled_row(event: Event, *, review_status: str = "", timestamp: int | None = None) -> dict[str, Any]:
    """One export row: ACLED's columns then warreport's. None marks an empty cell."""
    day = event.event_date or event.date_start
    return {
        "event_id_cnty": event.event_id,
        "event_date": day,
        "year": day.year if day else None,
        "time_precision": event.time_precision,
        "disorder_type": disorder_type(event.event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1 or "",
        "assoc_actor_1": _join(event.assoc_actor_1),
        "inter1": event.inter1,
        "actor2": event.actor2 or "",
        "assoc_actor_2": _join(event.assoc_actor_2),
        "inter2": event.inter2,
        "interaction": interaction(event.inter1, event.inter2),
        "civilian_targeting": "Civilian targeting" if event.inter2 == CIVILIANS_INTER else "",
        "iso": iso_numeric(event.iso),
        "region": acled_region(event.iso),
        "country": event.country or "",
        "admin1": event.admin1 or "",
        "admin2": event.admin2 or "",
        "admin3": "",
        "location": event.location or "",
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "source": event.source or "",
        "source_scale": "",
        "notes": event.notes or event.sentence,
        "fatalities": event.fatalities,
        "tags": _join(event.framing),
        "timestamp": timestamp,
        "event_id": event.event_id,
        "doc_id": event.doc_id,
        "certainty": event.certainty.value,
        "plover_type": event.plover_type or "",
        "date_start": event.date_start,
        "date_end": event.date_end,
        "iso2": event.iso or "",
        "geonameid": event.geonameid,
        "actor1_mention": event.actor1_mention or "",
        "actor2_mention": event.actor2_mention or "",
        "weapons": _join(event.weapons),
        "framing": _join(event.framing),
        "sentence": event.sentence,
        "start_char": event.start_char,
        "end_char": event.end_char,
        "source_url": event.source_url or "",
        "corroboration": event.corroboration,
        "review_status": review_status,
    }


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
