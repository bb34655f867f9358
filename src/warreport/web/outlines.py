"""Country outlines for the offline basemap.

Preferred source: GeoJSON files the project ships under ``warreport/data/outlines/``.
Fallback: the per-country polygons inside the ``countryinfo`` package (MIT licence, already a
dependency), whose geometry is of Natural Earth origin (public domain). Either way the map has
a plain background with borders when tiles cannot load.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "outlines"
ATTRIBUTION_COUNTRYINFO = "Country outlines: countryinfo package (MIT), Natural Earth (public domain)"
ATTRIBUTION_SHIPPED = "Country outlines: Natural Earth (public domain)"


def _round(coords: Any, digits: int = 3) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), digits)
    return [_round(c, digits) for c in coords]


def _from_shipped() -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = []
    if not SHIPPED.is_dir():
        return features
    for path in sorted(SHIPPED.glob("*.geojson")) + sorted(SHIPPED.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if data.get("type") == "FeatureCollection":
            features.extend(f for f in data.get("features", []) if f.get("geometry"))
        elif data.get("type") == "Feature" and data.get("geometry"):
            features.append(data)
    return features


def _from_countryinfo() -> list[dict[str, Any]]:
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
        for feat in (data.get("geoJSON") or {}).get("features", []):
            geometry = feat.get("geometry")
            if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": data.get("name", ""), "iso": (data.get("ISO") or {}).get("alpha2")},
                    "geometry": {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])},
                }
            )
    return features


@functools.lru_cache(maxsize=1)
def outlines() -> tuple[bytes, str]:
    """(GeoJSON FeatureCollection bytes, attribution)."""
    features = _from_shipped()
    attribution = ATTRIBUTION_SHIPPED
    if not features:
        features = _from_countryinfo()
        attribution = ATTRIBUTION_COUNTRYINFO
    body = {"type": "FeatureCollection", "attribution": attribution, "features": features}
    return json.dumps(body, separators=(",", ":")).encode("utf-8"), attribution
