"""The actor dictionary (``data/actors.yaml``): canonical actors, aliases, ACLED names and codes.

An :class:`ActorEntry` knows how ACLED spells it on a given day in a given country
("Islamic State (Syria)", "Military Forces of Israel (2009-2021)") and which inter code it
gets there (a state's forces outside their own country are external forces, 8).
:class:`ActorDictionary` adds the country table (demonyms, each country's military,
government and police), the generic mentions used for coreference, and the alias variants
that feed the entity ruler.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from warreport.errors import ModelError
from warreport.model import Actor
from warreport.taxonomy import Inter

ACTORS_FILE = "actors.yaml"
# Communal actors named after their community, as ACLED does: "Azmarin Communal Militia (Syria)".
COMMUNAL = {"communal": "Communal Militia", "tribal": "Tribal Militia", "clan": "Clan Militia"}
EXTERNAL_KINDS = {"state_military", "police", "government", "unit"}


@dataclass(frozen=True)
class DatedName:
    name: str
    until: date | None = None


@dataclass(frozen=True)
class ActorEntry:
    key: str
    names: tuple[DatedName, ...]
    inter: int
    kind: str
    country: str | None = None
    side: str | None = None
    parent: str | None = None
    unit: str | None = None
    per_country: bool = False
    operation: bool = False
    led_by: str | None = None  # ISO2 of the state whose forces ACLED lists before this operation
    aliases: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()  # GeoNames admin1 codes ("SY.01") of the provinces it fights in
    countries: tuple[str, ...] = ()  # a party of no one country: the countries it fights in most
    zone: tuple[int, ...] = ()  # an operation's strip of land: GeoNames ids of the towns marking it

    def own_name(self, on: date | None) -> str:
        if not self.names:
            return self.unit or self.key
        if on is not None:
            for dated in self.names:
                if dated.until is None or on < dated.until:
                    return dated.name
        return self.names[-1].name


@dataclass(frozen=True)
class CountryInfo:
    iso: str
    name: str
    demonyms: tuple[str, ...]
    military: str | None = None
    government: str | None = None
    police: str | None = None

    def actor_for(self, kind: str) -> str | None:
        if kind == "government":
            return self.government or self.military
        if kind == "police":
            return self.police or self.military
        return self.military


@dataclass
class ActorDictionary:
    entries: dict[str, ActorEntry]
    countries: dict[str, CountryInfo]
    military_nouns: frozenset[str]
    generic: dict[str, tuple[str, ...]]
    _demonyms: dict[str, str] = field(default_factory=dict)
    _by_name: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for iso, info in self.countries.items():
            for dem in info.demonyms:
                self._demonyms[dem.lower()] = iso
            self._demonyms.setdefault(info.name.lower(), iso)
        for entry in self.entries.values():
            for dated in entry.names:
                self._by_name.setdefault(normalise_actor_name(dated.name), entry.key)
            for alias in entry.aliases:
                self._by_name.setdefault(normalise_actor_name(alias), entry.key)
        for entry in self.entries.values():
            if entry.parent and entry.parent not in self.entries:
                raise ModelError(f"{ACTORS_FILE}: {entry.key} has unknown parent {entry.parent}")

    # --------------------------------------------------------------- lookups
    def __getitem__(self, key: str) -> ActorEntry:
        entry = self.entries.get(key)
        if entry is not None:
            return entry
        prefix, _, place = key.partition(":")
        if prefix in COMMUNAL and place:
            label = COMMUNAL[prefix]
            return ActorEntry(key=key, names=(DatedName(f"{place} {label}"),), inter=int(Inter.IDENTITY_MILITIAS),
                              kind="militia", side=key, per_country=True)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        prefix, _, rest = key.partition(":")
        return key in self.entries or (prefix in COMMUNAL and bool(rest))

    def country_of_demonym(self, word: str) -> str | None:
        return self._demonyms.get(word.lower())

    @property
    def demonyms(self) -> dict[str, str]:
        return dict(self._demonyms)

    def country_name(self, iso: str | None) -> str | None:
        if iso is None:
            return None
        info = self.countries.get(iso.upper())
        return info.name if info else None

    def country_actor(self, iso: str, kind: str = "state_military") -> str | None:
        info = self.countries.get(iso.upper())
        return info.actor_for(kind) if info else None

    def key_for_name(self, name: str) -> str | None:
        """The actor key of an ACLED-style or alias name, if the dictionary knows it."""
        return self._by_name.get(normalise_actor_name(name))

    # --------------------------------------------------------------- ACLED names and codes
    def acled_name(self, key: str, on: date | None = None, country: str | None = None) -> str:
        """ACLED's spelling of actor ``key`` for an event on ``on`` in country ``country`` (ISO2)."""
        entry = self[key]
        if entry.parent:
            return f"{self.acled_name(entry.parent, on, country)} {entry.unit or entry.own_name(on)}"
        name = entry.own_name(on)
        if entry.per_country:
            where = self.country_name(country) or self.country_name(entry.country)
            if where:
                name = f"{name} ({where})"
        return name

    def inter_code(self, key: str, country: str | None = None) -> int:
        """ACLED inter code; a state's own forces abroad are external forces (8)."""
        entry = self[key]
        if (
            entry.kind in EXTERNAL_KINDS
            and entry.inter == Inter.STATE_FORCES
            and entry.country
            and country
            and entry.country != country.upper()
        ):
            return int(Inter.EXTERNAL_OTHER_FORCES)
        return entry.inter

    def areas_of(self, key: str) -> tuple[str, ...]:
        """The provinces an actor fights in: its own, else its nearest ancestor's."""
        entry = self.entries.get(key)
        while entry is not None:
            if entry.areas:
                return entry.areas
            entry = self.entries.get(entry.parent) if entry.parent else None
        return ()

    def family(self, key: str) -> str:
        """The top of a unit's parent chain (the Tiger Forces belong to Syria's military)."""
        entry = self[key]
        while entry.parent:
            entry = self.entries[entry.parent]
        return entry.key

    def to_actor(self, key: str, on: date | None = None, country: str | None = None) -> Actor:
        entry = self.entries[key]
        return Actor(
            name=self.acled_name(key, on, country),
            inter=self.inter_code(key, country),
            side=entry.side,
            country=entry.country,
            aliases=list(entry.aliases),
            parent=self.acled_name(entry.parent, on, country) if entry.parent else None,
            kind=entry.kind,
        )

    # --------------------------------------------------------------- entity ruler patterns
    def alias_patterns(self) -> Iterator[tuple[str, str, bool]]:
        """(actor key, surface form, case-sensitive) for every alias and its spelling variants."""
        seen: set[tuple[str, bool]] = set()
        for entry in self.entries.values():
            for alias in entry.aliases:
                exact = is_acronym(alias)
                for variant in spelling_variants(alias):
                    token = (variant if exact else variant.lower(), exact)
                    if token in seen:
                        continue
                    seen.add(token)
                    yield entry.key, variant, exact

    def generic_phrases(self) -> Iterator[tuple[str, str]]:
        for kind, phrases in self.generic.items():
            for phrase in phrases:
                yield kind, phrase


_ACRONYM = re.compile(r"^[A-Z][A-Z.\-/]{0,5}s?$")


_MIXED_ACRONYM = re.compile(r"^[A-Z][a-z]?[A-Z][a-z]?[A-Z]?$")


def is_acronym(alias: str) -> bool:
    """Short all-capital aliases (IS, SAA, HTS, PMUs) and ACLED's mixed-case ones (FaR, LaQ, JaN)
    match case-sensitively: "FaR" is Faylaq al-Rahman, "far" a word."""
    compact = alias.replace(".", "")
    if _MIXED_ACRONYM.match(alias):
        return True
    return bool(_ACRONYM.match(alias)) and len(compact) <= 6 and compact.rstrip("s").isupper()


_ARTICLE = re.compile(r"\b([Aa]l|[Ee]l|[Aa]d|[Aa]r|[Aa]s|[Aa]sh|[Aa]z|[Aa]n|[Aa]t)-(?=\w)")
_ARTICLE_SPACE = re.compile(r"\b([Aa]l|[Ee]l) (?=\w)")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʿ": "'", "ʾ": "'"})


def spelling_variants(alias: str) -> list[str]:
    """Transliteration variants: al-Sham / al Sham / Al-Sham, curly and straight apostrophes."""
    base = alias.translate(_QUOTES)
    variants = {alias, base}
    variants.add(_ARTICLE.sub(r"\1 ", base))
    variants.add(_ARTICLE_SPACE.sub(r"\1-", base))
    variants.add(base.replace("'", ""))
    variants.add(base.replace("'", "’"))
    if "-" in base and not _ARTICLE.search(base):
        variants.add(base.replace("-", " "))
    return sorted(v for v in variants if v.strip())


_YEARS = re.compile(r"\(\s*\d{4}\s*-\s*(\d{4})?\s*\)")
_PREFIX = re.compile(r"^[A-Za-z'’]{1,6}:\s+")
_NON_WORD = re.compile(r"[^\w()]+")


def normalise_actor_name(name: str) -> str:
    """Compare actor names across ACLED versions and spellings.

    Drops the period in parentheses ("(2000-)", "(2009-2021)"), the abbreviation prefix
    ("QSD: "), case, accents and punctuation; "Defense" and "Defence" compare equal.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _YEARS.sub(" ", text)
    text = _PREFIX.sub("", text.strip())
    text = text.lower().replace("defense", "defence").replace("’", "'").replace("'", "")
    text = _NON_WORD.sub(" ", text)
    return " ".join(text.split())


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _entry(raw: dict[str, Any]) -> ActorEntry:
    try:
        key = str(raw["key"])
        if "names" in raw:
            names = tuple(DatedName(str(n["name"]), _as_date(n.get("until"))) for n in raw["names"])
        elif "name" in raw:
            names = (DatedName(str(raw["name"])),)
        else:
            names = ()
        return ActorEntry(
            key=key,
            names=names,
            inter=int(raw["inter"]),
            kind=str(raw.get("kind", "rebel")),
            country=raw.get("country"),
            side=raw.get("side"),
            parent=raw.get("parent"),
            unit=raw.get("unit"),
            per_country=bool(raw.get("per_country", False)),
            operation=bool(raw.get("operation", False)),
            led_by=raw.get("led_by"),
            aliases=tuple(str(a) for a in raw.get("aliases", [])),
            areas=tuple(str(a) for a in raw.get("areas", [])),
            countries=tuple(str(c) for c in raw.get("countries", [])),
            zone=tuple(int(g) for g in raw.get("zone", [])),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"{ACTORS_FILE}: bad actor entry {raw.get('key', raw)!r}: {exc}") from exc


def parse_actor_dictionary(data: dict[str, Any]) -> ActorDictionary:
    try:
        entries = [_entry(raw) for raw in data["actors"]]
        countries = {
            iso: CountryInfo(
                iso=iso,
                name=str(info["name"]),
                demonyms=tuple(str(d) for d in info.get("demonyms", [])),
                military=info.get("military"),
                government=info.get("government"),
                police=info.get("police"),
            )
            for iso, info in data["countries"].items()
        }
        military_nouns = frozenset(str(n).lower().split()[-1] for n in data.get("military_nouns", []))
        generic = {str(k): tuple(str(p) for p in v) for k, v in data.get("generic", {}).items()}
    except (KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{ACTORS_FILE}: malformed dictionary: {exc}") from exc
    by_key: dict[str, ActorEntry] = {}
    for entry in entries:
        if entry.key in by_key:
            raise ModelError(f"{ACTORS_FILE}: duplicate actor key {entry.key}")
        by_key[entry.key] = entry
    return ActorDictionary(by_key, countries, military_nouns, generic)


@lru_cache(maxsize=1)
def get_actor_dictionary() -> ActorDictionary:
    """The shipped actor dictionary, loaded once per process."""
    try:
        text = resources.files("warreport.data").joinpath(ACTORS_FILE).read_text("utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ModelError(f"cannot read the actor dictionary {ACTORS_FILE}: {exc}") from exc
    if not isinstance(data, dict):
        raise ModelError(f"{ACTORS_FILE}: expected a mapping at the top level")
    return parse_actor_dictionary(data)
