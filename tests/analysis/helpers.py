"""Small builders of records for the analysis tests."""

from __future__ import annotations

from datetime import date
from itertools import count

from warreport.model import Certainty, Event, Quantity

SY = "Military Forces of Syria (2000-)"
IS_SY = "Islamic State (Syria)"
IQ = "Military Forces of Iraq (2014-2018)"
IS_IQ = "Islamic State (Iraq)"
PESH = "Military Forces of Iraq (2014-2018) Peshmerga"
RU = "Military Forces of Russia (2000-)"
KRG = "Kurdistan Regional Government"
GOV_IQ = "Government of Iraq (2014-2018)"

PLACES = {
    "Deir ez-Zor": (35.33588, 40.14084, 170794),
    "Abu Kamal": (34.45226, 40.91854, 174448),
    "Al-Ubaydi": (34.38, 41.24, None),
    "Al-Qaim": (34.39251, 40.98945, 92138),
    "Fishkhabur": (37.07525, 42.37902, 96735),
    "Kirkuk": (35.46806, 44.39222, None),
}
_seq = count()

_TYPES = {
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Non-violent transfer of territory": "Strategic developments",
    "Armed clash": "Battles",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Agreement": "Strategic developments",
    "Peaceful protest": "Protests",
}


def ev(
    doc: str,
    sub: str,
    place: str,
    day: str,
    actor1: str | None = SY,
    actor2: str | None = IS_SY,
    *,
    source: str | None = None,
    window: tuple[str, str] | None = None,
    certainty: Certainty = Certainty.REPORTED,
    precision: int = 1,
    subs: list[str] | None = None,
    assoc1: list[str] | None = None,
    name: str | None = None,
    count_: int | None = None,
    fatalities: int = 0,
    sentence: str = "",
    framing: list[str] | None = None,
    lat_lon: tuple[float, float] | None = None,
) -> Event:
    lat, lon, gid = PLACES.get(place, (None, None, None))
    if lat_lon is not None:
        lat, lon = lat_lon
    d = date.fromisoformat(day)
    lo, hi = (date.fromisoformat(window[0]), date.fromisoformat(window[1])) if window else (d, d)
    n = next(_seq)
    return Event(
        event_id=f"{doc}-{n}",
        doc_id=doc,
        event_date=d,
        date_start=lo,
        date_end=hi,
        time_precision=1 if lo == hi else 2,
        event_type=_TYPES[sub],
        sub_event_type=sub,
        actor1=actor1,
        assoc_actor_1=assoc1 or [],
        actor2=actor2,
        location=name or place,
        sub_locations=subs or [],
        country="Iraq" if place in ("Al-Ubaydi", "Al-Qaim", "Fishkhabur", "Kirkuk") else "Syria",
        admin1=place,
        latitude=lat,
        longitude=lon,
        geo_precision=precision,
        geonameid=gid if (name is None or name == place) else None,
        certainty=certainty,
        quantities=[Quantity(kind="launches", count=count_, item="cruise missiles")] if count_ else [],
        fatalities=fatalities,
        sentence=sentence or f"{sub} at {place}",
        framing=framing or [],
        start_char=n * 10,
        source=source or doc,
    )
