"""When do two records describe the same happening? Pure functions, no store.

Two records are candidates for one canonical event when

* their sub-event types are in the same **family** (a capture and a non-violent handover of
  a place are one family; an air strike and a missile strike are one family; an armed clash
  is its own family, so a capture and the fighting beside it stay apart);
* their **places** are within a few km (the allowed distance grows with the coarser geo
  precision of the two: 10 km for exact places, 25 km for "near", 60 km for a province), or,
  without coordinates, their place names meet on the gazetteer's normalised keys;
* their **date windows** overlap, each widened by a day of reporting slack (a report written
  the next morning, time zones);
* their **actors** are compatible: the same actor (ACLED's period and country suffixes
  aside), a unit of the other's actor, one of the other's associated actors, an actor of the
  same side in the actor dictionary, or one side unknown.

Opposite winners of the same place at the same time are *incompatible*: they are kept as
two canonical events that point at each other (``conflicts_with``) so that the contradiction
is shown.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

import yaml

from warreport.gazetteer.normalise import compact, fold, skeleton, strip_articles
from warreport.model import Event

# ----------------------------------------------------------------------------- families

TERRITORY = "territory"
REMOTE = "remote violence"
CLASH = "armed clash"
CIVILIANS = "violence against civilians"
DEMONSTRATION = "demonstration"
AGREEMENT = "agreement"

_FAMILY: dict[str, str] = {
    "Government regains territory": TERRITORY,
    "Non-state actor overtakes territory": TERRITORY,
    "Non-violent transfer of territory": TERRITORY,
    "Armed clash": CLASH,
    "Air/drone strike": REMOTE,
    "Shelling/artillery/missile attack": REMOTE,
    "Remote explosive/landmine/IED": REMOTE,
    "Suicide bomb": REMOTE,
    "Grenade": REMOTE,
    "Chemical weapon": REMOTE,
    "Attack": CIVILIANS,
    "Abduction/forced disappearance": CIVILIANS,
    "Sexual violence": CIVILIANS,
    "Peaceful protest": DEMONSTRATION,
    "Protest with intervention": DEMONSTRATION,
    "Excessive force against protesters": DEMONSTRATION,
    "Violent demonstration": DEMONSTRATION,
    "Mob violence": DEMONSTRATION,
    "Agreement": AGREEMENT,
}

TERRITORY_SUBTYPES = frozenset(k for k, v in _FAMILY.items() if v == TERRITORY)
# Families where actor1 and actor2 may be swapped between reports (no winner, no direction).
SYMMETRIC_FAMILIES = frozenset({CLASH, AGREEMENT})


def family_of(sub_event_type: str) -> str:
    """The merge family of an ACLED sub-event type (other strategic types are their own)."""
    return _FAMILY.get(sub_event_type, sub_event_type.lower())


# ----------------------------------------------------------------------------- dates

DATE_SLACK_DAYS = 1
# Families whose happenings repeat day after day at the same place (shelling, clashes,
# protests): a different day is a different event. Captures and agreements are reported
# over several days, so their windows get a day of slack.
_SLACK_BY_FAMILY = {"territory": 1, "agreement": 1}


def slack_days(family: str) -> int:
    return _SLACK_BY_FAMILY.get(family, 0)


def window(event_date: date | None, start: date | None, end: date | None) -> tuple[date, date] | None:
    """The date window of a record: [start, end], falling back on the event date."""
    lo = start or event_date or end
    hi = end or event_date or start
    if lo is None or hi is None:
        return None
    return (min(lo, hi), max(lo, hi))


def event_window(event: Event) -> tuple[date, date] | None:
    return window(event.event_date, event.date_start, event.date_end)


def windows_overlap(
    a: tuple[date, date] | None, b: tuple[date, date] | None, slack_days: int = DATE_SLACK_DAYS
) -> bool:
    """True when the windows overlap once each is widened by ``slack_days`` on both sides.

    Records without any date never match (we cannot tell that they are the same day).
    """
    if a is None or b is None:
        return False
    slack = timedelta(days=slack_days)
    return a[0] - slack <= b[1] and b[0] - slack <= a[1]


def window_width(w: tuple[date, date] | None) -> int:
    return 10_000 if w is None else (w[1] - w[0]).days


# ----------------------------------------------------------------------------- places

_KM_BY_PRECISION = {1: 10.0, 2: 25.0, 3: 60.0}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(h)))


def max_distance_km(precision_a: int | None, precision_b: int | None) -> float:
    coarser = max(precision_a or 1, precision_b or 1)
    return _KM_BY_PRECISION.get(coarser, 60.0)


def name_key(name: str | None) -> str:
    """A place name's key: folded, Arabic article dropped, spaces removed ('' for none)."""
    if not name:
        return ""
    return compact(strip_articles(fold(name)))


def name_skeleton(name: str | None) -> str:
    if not name:
        return ""
    return skeleton(strip_articles(fold(name)))


def same_place_name(a: str | None, b: str | None) -> bool:
    """Names that the gazetteer's normalisation makes equal (article, spelling variants)."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    sa, sb = name_skeleton(a), name_skeleton(b)
    if sa != sb or not sa:
        return False
    # short skeletons ("bt" for Ubaydi/Obeidi) only for names of about the same length
    return len(sa) >= 3 or abs(len(ka) - len(kb)) <= 1


def place_key(location: str | None, geonameid: int | None) -> str:
    """The identity of a place in control timelines: its GeoNames id, else its name key."""
    if geonameid:
        return f"gn:{geonameid}"
    key = name_key(location)
    return f"name:{key}" if key else ""


@dataclass(frozen=True)
class GeoPoint:
    latitude: float | None
    longitude: float | None
    precision: int | None
    geonameid: int | None
    location: str | None


SAME_POINT_KM = 2.0


def places_match(a: GeoPoint, b: GeoPoint) -> tuple[bool, float]:
    """(match, distance in km or 0.0 when matched by id/name).

    Two exact places (precision 1) with different GeoNames ids or names are different
    villages however close they are (dense front lines have many within a few km); they
    match only when their names meet or their points (nearly) coincide. A record located
    only "near" a place or in a region (precision 2, 3) matches anything within the
    distance its precision allows.
    """
    if a.geonameid and b.geonameid and a.geonameid == b.geonameid:
        return True, 0.0
    named = same_place_name(a.location, b.location)
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return named, 0.0
    km = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
    limit = max_distance_km(a.precision, b.precision)
    if km > limit:
        return False, km
    both_exact = (a.precision or 1) == 1 and (b.precision or 1) == 1
    if both_exact and not named and km > SAME_POINT_KM:
        return False, km
    return True, km


def geo_of(event: Event) -> GeoPoint:
    return GeoPoint(event.latitude, event.longitude, event.geo_precision, event.geonameid, event.location)


# ----------------------------------------------------------------------------- actors

_PARENS = re.compile(r"\s*\([^)]*\)")


def actor_root(name: str | None) -> str:
    """'Military Forces of Syria (2000-)' -> 'military forces of syria'."""
    if not name:
        return ""
    return " ".join(_PARENS.sub("", name).lower().split())


def _actor_names(actor: dict[str, object]) -> list[str]:
    names: list[str] = []
    if actor.get("name"):
        names.append(str(actor["name"]))
    for item in actor.get("names", []) or []:  # type: ignore[attr-defined]
        if isinstance(item, dict) and item.get("name"):
            names.append(str(item["name"]))
    return names


@lru_cache(maxsize=1)
def _sides() -> dict[str, str]:
    """Actor root -> side, from the shipped actor dictionary (empty when it is absent).

    Units are named after their parent ("Military Forces of Iraq (2014-) Peshmerga") but may
    stand on another side than the parent, so their full names are indexed too.
    """
    try:
        text = resources.files("warreport.data").joinpath("actors.yaml").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return {}
    data = yaml.safe_load(text) or {}
    actors = [a for a in data.get("actors", []) or [] if isinstance(a, dict)]
    by_key = {str(a.get("key")): a for a in actors}
    sides: dict[str, str] = {}
    for actor in actors:
        side = actor.get("side")
        if not side:
            continue
        names = _actor_names(actor)
        parent = by_key.get(str(actor.get("parent")))
        if parent is not None and actor.get("unit"):
            names += [f"{p} {actor['unit']}" for p in _actor_names(parent)]
        for name in names:
            sides[actor_root(name)] = str(side)
        for alias in actor.get("aliases", []) or []:
            sides.setdefault(actor_root(str(alias)), str(side))
    return sides


def side_of(actor: str | None) -> str | None:
    root = actor_root(actor)
    if not root:
        return None
    sides = _sides()
    if root in sides:
        return sides[root]
    # A unit is named after its parent: "military forces of iraq peshmerga".
    best = ""
    for known in sides:
        if root.startswith(known + " ") and len(known) > len(best):
            best = known
    return sides[best] if best else None


def same_actor(a: str | None, b: str | None) -> bool:
    ra, rb = actor_root(a), actor_root(b)
    return bool(ra) and ra == rb


def actor_contains(a: str | None, b: str | None) -> bool:
    """True when one actor is the other or a unit of it (name prefix)."""
    ra, rb = actor_root(a), actor_root(b)
    if not ra or not rb:
        return False
    return ra == rb or ra.startswith(rb + " ") or rb.startswith(ra + " ")


@dataclass(frozen=True)
class ActorSet:
    actor1: str | None
    assoc1: tuple[str, ...]
    actor2: str | None
    assoc2: tuple[str, ...]


def actor_set(event: Event) -> ActorSet:
    return ActorSet(event.actor1, tuple(event.assoc_actor_1), event.actor2, tuple(event.assoc_actor_2))


def _side_compatible(a: str | None, group: tuple[str | None, ...]) -> bool:
    """a is one of group, a unit of one, or on the same side as one of them."""
    if not a:
        return True
    members = [g for g in group if g]
    if not members:
        return True
    side = side_of(a)
    for g in members:
        other = side_of(g)
        if side is not None and other is not None:
            if side == other:
                return True
        elif actor_contains(a, g):
            return True
    return False


def _compatible_direct(x: ActorSet, y: ActorSet) -> bool:
    return _side_compatible(x.actor1, (y.actor1, *y.assoc1)) and _side_compatible(
        x.actor2, (y.actor2, *y.assoc2)
    )


def _assoc_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Both name associated actors: at least one must agree (students vs lawyers differ)."""
    if not a or not b:
        return True
    return any(_side_compatible(x, b) for x in a)


def actors_compatible(x: ActorSet, y: ActorSet, family: str) -> bool:
    """Could two records name the same happening's actors? (swaps allowed where symmetric)"""
    assoc_ok = _assoc_compatible(x.assoc1, y.assoc1) and _assoc_compatible(x.assoc2, y.assoc2)
    if not assoc_ok and family not in SYMMETRIC_FAMILIES:
        return False
    if _compatible_direct(x, y) and _compatible_direct(y, x):
        return True
    if family in SYMMETRIC_FAMILIES:
        swapped = ActorSet(y.actor2, y.assoc2, y.actor1, y.assoc1)
        return _compatible_direct(x, swapped) and _compatible_direct(swapped, x)
    return False


def opposite_outcome(x: ActorSet, y: ActorSet) -> bool:
    """Territory: one record's winner is the other's loser (who took the place?)."""
    return bool(
        x.actor1 and y.actor2 and y.actor1 and x.actor2
        and _side_compatible(x.actor1, (y.actor2, *y.assoc2))
        and _side_compatible(y.actor1, (x.actor2, *x.assoc2))
        and not _side_compatible(x.actor1, (y.actor1, *y.assoc1))
    )


def actor_score(x: ActorSet, y: ActorSet) -> float:
    """1.0 for identical main actors, less for looser agreement (used to rank candidates)."""
    score = 0.0
    if same_actor(x.actor1, y.actor1):
        score += 0.6
    elif actor_contains(x.actor1, y.actor1):
        score += 0.4
    elif not x.actor1 or not y.actor1:
        score += 0.2
    if same_actor(x.actor2, y.actor2):
        score += 0.4
    elif not x.actor2 or not y.actor2:
        score += 0.15
    return score


# ----------------------------------------------------------------------------- outlets

_OUTLET_NOISE = re.compile(r"\b(the|news|agency|media|com|org|net|www)\b|[^a-z0-9 ]")


def outlet_key(source: str | None, doc_id: str) -> str:
    """Who published a record: independent outlets are counted by this key.

    "SouthFront", "South Front" and "southfront.org" meet; a record without a known outlet
    counts as its own outlet (keyed by its document).
    """
    if not source or not source.strip():
        return f"doc:{doc_id}"
    text = _OUTLET_NOISE.sub(" ", source.lower())
    key = "".join(text.split())
    return key or f"doc:{doc_id}"


# ----------------------------------------------------------------------------- sub-locations


def sub_location_keys(names: list[str]) -> set[str]:
    keys = set()
    for name in names:
        sk = name_skeleton(name)
        keys.add(sk or name_key(name))
    keys.discard("")
    return keys


def sub_locations_compatible(a: list[str], b: list[str]) -> bool | None:
    """None when either side names no sub-location; else whether they share one."""
    ka, kb = sub_location_keys(a), sub_location_keys(b)
    if not ka or not kb:
        return None
    return bool(ka & kb)
