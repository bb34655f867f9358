"""Gazetteer and geocoding: GeoNames places in every spelling, found in text and resolved.

Lookup (any spelling or script; scored candidates, best first)::

    >>> from warreport.gazetteer import get_gazetteer
    >>> gaz = get_gazetteer()        # setting `gazetteer`, else data/gazetteer.sqlite
    >>> [c.place.geonameid for c in gaz.lookup("Dayr az Zawr", limit=1)]
    [170794]

Find and resolve the places of a report together::

    >>> from warreport.gazetteer import find_toponyms, resolve_places
    >>> text = ("The army liberated the neighborhoods of Kanamat and Badr in Deir Ezzor city. "
    ...         "Missiles hit targets near the town of al-Bukamal.")
    >>> for r in resolve_places(find_toponyms(text)):
    ...     print(r.mention, r.place.geonameid, r.geo_precision, r.sub_location, r.rule)
    Kanamat 170794 1 Kanamat fallback:Deir ez-Zor
    Badr 170794 1 Badr fallback:Deir ez-Zor
    Deir Ezzor 170794 1 None context
    al-Bukamal 174448 2 None context

Pieces:

* :func:`get_gazetteer` -> :class:`Gazetteer` with ``lookup(name, country=None, limit=10) ->
  list[GeoCandidate]``, ``matches()`` (internal :class:`Match` records), ``has_name()``, ``get()``.
* :func:`find_toponyms(text, gazetteer=None) -> list[ToponymMention]` - place spans with their
  cue (``near``, ``east of``, ``countryside``, ``province``, ``neighbourhood of``, ``town of``,
  ``city``, ``crossing``, ``in``) and list group; plain Python, no spaCy.
* spaCy component ``warreport_toponyms`` (import :mod:`warreport.gazetteer.spacy_component`,
  then ``nlp.add_pipe("warreport_toponyms", after="ner")``): the same spans in ``doc.ents``
  (GPE/LOC/FAC, overriding PERSON/ORG mistakes), ``span._.geo_cue``, ``doc._.toponyms``.
* :func:`resolve_places(mentions, context=None, gazetteer=None) -> list[ResolvedPlace]` -
  place, ACLED ``geo_precision`` (1 place or a named district of a city, 2 near/outskirts/
  direction-of or a county/district, 3 province, country or region), ``sub_location`` for
  places the gazetteer lacks that fall back to the enclosing town, ``score``, ``rule``.
  :class:`ResolutionContext` passes the report's countries, provinces, points and the actor's
  theatre (ISO2 codes). A country's, continent's or region's own name beats a town of that name
  unless the report's context lifts the town ("Lebanon", "Jordan", "Middle East").
* :func:`resolve_name(name, country=None, ctx=None, cue=None)` for one name without text
  (ACLED's "City - District" gives the district when known near the city, else the city;
  "Feature - Area" with an unknown feature gives the area); :func:`geocode` is what
  ``warreport geocode`` prints; :func:`geoparse(text)` = find + resolve.

Data: GeoNames (CC BY 4.0, geonames.org) via ``warreport gazetteer build``: cities500, admin1
and admin2 divisions (counties, districts), GeoNames' country, continent and region points;
see ``data/gazetteer-ATTRIBUTION.md`` and docs/gazetteer.md.
"""

from warreport.gazetteer.lookup import Gazetteer, Match, get_gazetteer, haversine_km
from warreport.gazetteer.resolve import (
    ResolutionContext,
    ResolvedPlace,
    geocode,
    geoparse,
    resolve_name,
    resolve_places,
)
from warreport.gazetteer.toponyms import ToponymMention, find_toponyms

__all__ = [
    "Gazetteer",
    "Match",
    "ResolutionContext",
    "ResolvedPlace",
    "ToponymMention",
    "find_toponyms",
    "geocode",
    "geoparse",
    "get_gazetteer",
    "haversine_km",
    "resolve_name",
    "resolve_places",
]
