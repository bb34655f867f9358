"""Country outlines for offline maps (daily report, charts; the web app may reuse them).

The shipped file ``data/outlines/countries.geojson`` holds the countries of the Middle East
and their neighbours from Natural Earth's 1:110m "Admin 0 – Countries" (public domain;
"Made with Natural Earth"). It was derived with :func:`build_outlines` from the copy of
that layer bundled in the geopandas 0.14 wheel on PyPI (``geopandas/datasets/
naturalearth_lowres``): polygons clipped to nothing, only countries whose bounding box meets
the region kept, coordinates rounded to 3 decimals. No network is needed at run time.

Reading the shapefile needs no GIS library: the ``.shp`` polygon records and the ``.dbf``
attribute table are parsed here with :mod:`struct`.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from warreport.errors import InputError, NotFoundError

REGION_BBOX = (20.0, 10.0, 65.0, 45.0)  # lon_min, lat_min, lon_max, lat_max
OUTLINES_FILE = "outlines/countries.geojson"
ATTRIBUTION = "Country outlines: Natural Earth (public domain), 1:110m admin 0."

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Outline:
    name: str
    iso3: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # outer rings and holes, lon/lat


@lru_cache(maxsize=1)
def load_outlines() -> tuple[Outline, ...]:
    """The shipped country outlines."""
    try:
        text = resources.files("warreport.data").joinpath(OUTLINES_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise NotFoundError(f"country outlines {OUTLINES_FILE} are missing from the package") from exc
    data = json.loads(text)
    out = []
    for feature in data["features"]:
        geom = feature["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = tuple(tuple((float(x), float(y)) for x, y in ring) for poly in polys for ring in poly)
        props = feature["properties"]
        out.append(Outline(props["name"], props.get("iso3", ""), rings))
    return tuple(out)


def outlines_geojson() -> dict[str, object]:
    """The shipped outlines as a GeoJSON FeatureCollection (for the web map's fallback)."""
    text = resources.files("warreport.data").joinpath(OUTLINES_FILE).read_text("utf-8")
    data: dict[str, object] = json.loads(text)
    return data


# ----------------------------------------------------------------------------- building


def _read_dbf(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    n_records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\x00")[0].decode("ascii")
        length = data[pos + 16]
        fields.append((name, length))
        pos += 32
    rows = []
    for i in range(n_records):
        rec = data[header_len + i * record_len : header_len + (i + 1) * record_len]
        off = 1
        row = {}
        for name, length in fields:
            row[name] = rec[off : off + length].decode("utf-8", errors="replace").strip()
            off += length
        rows.append(row)
    return rows


def _read_shp(path: Path) -> list[list[Ring]]:
    data = path.read_bytes()
    pos = 100
    shapes: list[list[Ring]] = []
    while pos < len(data):
        _, length = struct.unpack(">ii", data[pos : pos + 8])
        content = data[pos + 8 : pos + 8 + length * 2]
        pos += 8 + length * 2
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type == 0:
            shapes.append([])
            continue
        if shape_type not in (5, 15, 25):
            raise InputError(f"{path}: shape type {shape_type} is not a polygon")
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts]))
        pts_at = 44 + 4 * n_parts
        points = [struct.unpack("<dd", content[pts_at + 16 * k : pts_at + 16 * (k + 1)]) for k in range(n_points)]
        rings = []
        for j, start in enumerate(parts):
            end = parts[j + 1] if j + 1 < len(parts) else n_points
            rings.append([(float(x), float(y)) for x, y in points[start:end]])
        shapes.append(rings)
    return shapes


def build_outlines(shp: Path, bbox: tuple[float, float, float, float] = REGION_BBOX) -> dict[str, object]:
    """A GeoJSON of the countries of a Natural Earth admin-0 shapefile that meet ``bbox``."""
    records = _read_dbf(shp.with_suffix(".dbf"))
    shapes = _read_shp(shp)
    features = []
    for rec, rings in zip(records, shapes, strict=True):
        if not rings:
            continue
        xs = [x for r in rings for x, _ in r]
        ys = [y for r in rings for _, y in r]
        if max(xs) < bbox[0] or min(xs) > bbox[2] or max(ys) < bbox[1] or min(ys) > bbox[3]:
            continue
        coords = [[[[round(x, 3), round(y, 3)] for x, y in ring]] for ring in rings]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": rec.get("name", ""), "iso3": rec.get("iso_a3", "")},
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            }
        )
    features.sort(key=lambda f: str(f["properties"]["name"]))  # type: ignore[index]
    return {
        "type": "FeatureCollection",
        "attribution": "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com "
        "(public domain). Admin 0 - Countries, 1:110m, via the copy bundled in geopandas 0.14.",
        "features": features,
    }
