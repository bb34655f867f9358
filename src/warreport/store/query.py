"""The event filter shared by the API, the CLI's export and the alerts."""

from __future__ import annotations

import base64
import math
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from warreport.errors import InputError

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def radius_bbox(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """A bounding box (min_lon, min_lat, max_lon, max_lat) enclosing a circle."""
    dlat = km / 111.32
    dlon = km / max(1e-6, 111.32 * math.cos(math.radians(lat)))
    return (lon - dlon, lat - dlat, lon + dlon, lat + dlat)


class EventQuery(BaseModel):
    """Filters over stored events. All optional; combined with AND."""

    model_config = ConfigDict(extra="forbid")

    date_from: date | None = None
    date_to: date | None = None
    bbox: tuple[float, float, float, float] | None = Field(
        default=None, description="min_lon,min_lat,max_lon,max_lat"
    )
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    radius_km: float | None = Field(default=None, gt=0, le=20000)
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    certainty: str | None = None
    source: str | None = None
    doc_id: str | None = None
    q: str | None = Field(default=None, description="text search in the source sentence and location")
    include_uncertain: bool = False
    limit: int = Field(default=100, ge=1, le=100_000)
    cursor: str | None = None

    @model_validator(mode="after")
    def _check(self) -> EventQuery:
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
                raise ValueError("bbox must be min_lon,min_lat,max_lon,max_lat within the globe")
        near = (self.lat, self.lon, self.radius_km)
        if any(v is not None for v in near) and not all(v is not None for v in near):
            raise ValueError("lat, lon and radius_km go together")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")
        return self


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    try:
        parts = tuple(float(p) for p in text.split(","))
    except ValueError as exc:
        raise InputError(f"bbox {text!r}: expected four numbers min_lon,min_lat,max_lon,max_lat") from exc
    if len(parts) != 4:
        raise InputError(f"bbox {text!r}: expected four numbers min_lon,min_lat,max_lon,max_lat")
    return (parts[0], parts[1], parts[2], parts[3])


def encode_cursor(event_date: date | None, event_id: str) -> str:
    raw = f"{event_date.isoformat() if event_date else ''}|{event_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date | None, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.urlsafe_b64decode(padded.encode()).decode()
        day, event_id = raw.split("|", 1)
        return (date.fromisoformat(day) if day else None, event_id)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"invalid cursor {cursor!r}") from exc
