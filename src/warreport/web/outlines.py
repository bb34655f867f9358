"""Country outlines for the offline basemap.

The countries the project ships under ``warreport/data/outlines/`` (Natural Earth 1:110m, the
Middle East and neighbours) come first; every other country comes from the per-country
polygons inside the ``countryinfo`` package (MIT licence, already a dependency; geometry of
Natural Earth origin, public domain). So the map has a plain background with borders for the
whole world when tiles cannot load.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "outlines"
ATTRIBUTION_COUNTRYINFO = "Country outlines: Natural Earth (public domain), partly via the countryinfo package (MIT)"
ATTRIBUTION_SHIPPED = "Country outlines: Natural Earth (public domain)"


def _round(coords: Any, digits: int = 3) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), digits)
    return [_round(c, digits) for c in coords]


def _from_shipped() -> tuple[list[dict[str, Any]], str]:
    features: list[dict[str, Any]] = []
    attribution = ""
    if not SHIPPED.is_dir():
        return features, attribution
    for path in sorted(SHIPPED.glob("*.geojson")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if data.get("type") == "FeatureCollection":
            features.extend(f for f in data.get("features", []) if f.get("geometry"))
            attribution = attribution or str(data.get("attribution") or "")
    return features, attribution


def _iso3(feature: dict[str, Any]) -> str:
    props = feature.get("properties") or {}
    return str(props.get("iso3") or "").upper()


def _from_countryinfo(skip: set[str]) -> list[dict[str, Any]]:
    try:
        import countryinfo
    except ImportError:
        return []
    features: list[dict[str, Any]] = []
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso3 = str((data.get("ISO") or {}).get("alpha3") or "").upper()
        if iso3 and iso3 in skip:
            continue
        for feat in (data.get("geoJSON") or {}).get("features", []):
            geometry = feat.get("geometry")
            if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": data.get("name", ""), "iso3": iso3 or None},
                    "geometry": {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])},
                }
            )
    return features


@functools.lru_cache(maxsize=1)
def outlines() -> tuple[bytes, str]:
    """(GeoJSON FeatureCollection bytes, attribution): the shipped region, the rest of the
    world from countryinfo."""
    shipped, shipped_attribution = _from_shipped()
    rest = _from_countryinfo({_iso3(f) for f in shipped if _iso3(f)})
    attribution = ATTRIBUTION_COUNTRYINFO if rest else ATTRIBUTION_SHIPPED
    body = {
        "type": "FeatureCollection",
        "attribution": attribution,
        "sources": [a for a in (shipped_attribution, ATTRIBUTION_COUNTRYINFO if rest else "") if a],
        "features": shipped + rest,
    }
    return json.dumps(body, separators=(",", ":")).encode("utf-8"), attribution
