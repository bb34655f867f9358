"""spaCy components of warreport: the actor entity ruler.

``warreport_actors`` marks actor mentions from the actor dictionary (every alias and its
transliteration variants), demonym + military noun phrases ("Russian attack submarine",
"Iraqi troops", even the misspelt "Iraiq forces") and generic mentions ("government
troops", "the army") that the extractor resolves by coreference. Mentions go to
``doc.spans["actors"]`` with ``label_ = "ACTOR"`` and ``kb_id_`` set to the actor key, or to
``military:IQ`` / ``government:IQ`` / ``police:IQ`` for a country's forces, or to
``generic:<kind>`` for generic mentions; ``id_`` names the rule that found the mention.
They also replace overlapping named entities in ``doc.ents`` (label ``ACTOR``).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from warreport.nlp.actors import ActorDictionary, get_actor_dictionary

ACTOR_LABEL = "ACTOR"
SPAN_KEY = "actors"

RULE_ALIAS = "actor_alias"
RULE_DEMONYM = "demonym_military_noun"
RULE_FUZZY = "fuzzy_demonym_military_noun"
RULE_GENERIC = "generic_mention"

# Nouns after a demonym that name a state's government or police rather than its army.
GOVERNMENT_NOUNS = {"government", "authorities", "officials", "ministry", "administration", "cabinet",
                    "prime", "president", "parliament", "delegation"}
GAP_STOP = {"and", "or", "of", "in", "on", "the", "to", "from", "with", "by", "against", "at"}
POLICE_NOUNS = {"police", "policemen", "policeman", "gendarmerie", "intelligence"}


def _damerau(a: str, b: str, limit: int = 1) -> int:
    """Edit distance with transpositions, cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


LEADING = {"the", "a", "an", "its", "their", "his", "her"}


def _trim(span: Span) -> Span | None:
    """Drop leading determiners ("the regime" -> "regime"); skip "regime" inside "pro-regime"."""
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in LEADING:
        start += 1
    if start > span.start:
        span = Span(span.doc, start, span.end, label=span.label, kb_id=span.kb_id, span_id=span.id)
    if span.start >= 2 and span.doc[span.start - 1].text == "-" and span.doc[span.start - 2].lower_ in ("pro", "anti"):
        return None
    return span


NUMBERED_PLACE_FOLLOWERS = {"and", "or", "in", "of", "district", "districts", "neighbourhood", "neighbourhoods",
                            "neighborhood", "neighborhoods", "area", "areas", "quarter", "block", "blocks", "camp"}


def _numbered_name(span: Span) -> bool:
    """"the Workers 1, Workers 2 and Afri districts": a capitalised word with a number after it
    is the name of a place or a unit of things, not the actor the word alone would be."""
    doc = span.doc
    after = span.end
    if not span[0].is_title or after >= len(doc) or not doc[after].like_num:
        return False
    nxt = doc[after + 1] if after + 1 < len(doc) else None
    return nxt is None or nxt.is_punct or nxt.lower_ in NUMBERED_PLACE_FOLLOWERS


class ActorRuler:
    """Data-driven entity ruler for actors (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, dictionary: ActorDictionary | None = None) -> None:
        self.name = name
        self.dictionary = dictionary or get_actor_dictionary()
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_patterns: dict[str, list[Doc]] = {}
        exact_patterns: dict[str, list[Doc]] = {}
        for key, surface, exact in self.dictionary.alias_patterns():
            target = exact_patterns if exact else lower_patterns
            target.setdefault(key, []).append(nlp.make_doc(surface))
        for key, docs in lower_patterns.items():
            self.lower.add(key, docs)
        exact_patterns.setdefault("islamic_state", []).append(nlp.make_doc("IZ"))  # see pipeline.parse_text
        for key, docs in exact_patterns.items():
            self.exact.add(key, docs)
        self.generic = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind, phrase in self.dictionary.generic_phrases():
            self.generic.add("generic:" + kind, [nlp.make_doc(phrase)])
        demonyms = sorted(self.dictionary.demonyms)
        nouns = sorted(self.dictionary.military_nouns | GOVERNMENT_NOUNS | POLICE_NOUNS)
        self.demonym_set = frozenset(demonyms)
        self.noun_set = frozenset(nouns)
        self.fuzzy_targets = tuple(d for d in demonyms if len(d) >= 5 and d.isalpha())

    def _kind_for_noun(self, noun: str) -> str:
        if noun in GOVERNMENT_NOUNS:
            return "government"
        if noun in POLICE_NOUNS:
            return "police"
        return "military"

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab
        found: list[Span] = []
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                found.append(Span(doc, start, end, label=ACTOR_LABEL, kb_id=vocab.strings[match_id], span_id=RULE_ALIAS))
        for start, end in self._demonym_phrases(doc):
            iso = self.dictionary.country_of_demonym(doc[start].text)
            if iso is None:
                continue
            kind = self._kind_for_noun(doc[end - 1].lower_)
            found.append(Span(doc, start, end, label=ACTOR_LABEL, kb_id=f"{kind}:{iso}", span_id=RULE_DEMONYM))
        found.extend(self._fuzzy_demonyms(doc))
        for match_id, start, end in self.generic(doc):
            found.append(Span(doc, start, end, label=ACTOR_LABEL, kb_id=vocab.strings[match_id], span_id=RULE_GENERIC))
        spans = [s for s in (_trim(span) for span in filter_spans(found)) if s is not None and not _numbered_name(s)]
        doc.spans[SPAN_KEY] = spans
        if spans:
            taken: set[int] = set()
            for span in spans:
                taken.update(range(span.start, span.end))
            kept = [ent for ent in doc.ents if not any(i in taken for i in range(ent.start, ent.end))]
            doc.set_ents(filter_spans(kept + list(spans)))
        return doc

    def _demonym_phrases(self, doc: Doc) -> list[tuple[int, int]]:
        """Demonym, up to two modifiers, a military/government noun: "Russian attack submarine"."""
        out: list[tuple[int, int]] = []
        n = len(doc)
        for tok in doc:
            if tok.lower_ not in self.demonym_set:
                continue
            end = None
            for j in range(tok.i + 1, min(n, tok.i + 4)):
                nxt = doc[j]
                if nxt.lower_ in self.noun_set:
                    end = j + 1
                    if j + 1 < n and doc[j + 1].lower_ in self.noun_set:
                        end = j + 2  # "air force", "special forces"
                    break
                if nxt.is_punct or nxt.lower_ in GAP_STOP or nxt.is_title:
                    break  # "Syria Democratic Forces" is a name, not Syria's forces
            if end is not None:
                out.append((tok.i, end))
        return out

    def _fuzzy_demonyms(self, doc: Doc) -> list[Span]:
        """A misspelt demonym before a military noun: "Iraiq forces"."""
        spans: list[Span] = []
        for token in doc[:-1]:
            word = token.lower_
            if (
                not token.is_title
                or len(word) < 5
                or self.dictionary.country_of_demonym(word) is not None
                or doc[token.i + 1].lower_ not in self.noun_set
            ):
                continue
            for target in self.fuzzy_targets:
                if _damerau(word, target) <= 1:
                    iso = self.dictionary.country_of_demonym(target)
                    kind = self._kind_for_noun(doc[token.i + 1].lower_)
                    spans.append(
                        Span(doc, token.i, token.i + 2, label=ACTOR_LABEL, kb_id=f"{kind}:{iso}", span_id=RULE_FUZZY)
                    )
                    break
        return spans


ABBREVIATIONS = {"no", "mr", "mrs", "dr", "gen", "col", "lt", "maj", "capt", "sgt", "brig", "st", "vs", "approx",
                 "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k"}

_JOINERS = frozenset({",", "-", "–", "—", "(", "/", "&"})  # a sentence never starts right after these


@Language.component("warreport_sentence_starts")
def sentence_starts(doc: Doc) -> Doc:
    """Sentence and paragraph boundaries the parser misses: "... in Aleppo. 1 fighter was killed."
    starts a sentence at the digit; a paragraph break ("\n\n") always ends one; and no sentence starts right
    after a word, a number or a comma of the same line ("... shot and killed 1 Jaysh al Islam member in ...")."""
    for i in range(1, len(doc)):
        prev, tok = doc[i - 1], doc[i]
        paragraph_break = "\n" in prev.text_with_ws[len(prev.text):] or (prev.is_space and "\n" in prev.text)
        full_stop = (
            prev.text in (".", "!", "?")
            and (tok.is_title or tok.like_num or tok.is_upper)
            and not (i >= 2 and doc[i - 2].lower_.rstrip(".") in ABBREVIATIONS)
        )
        if paragraph_break or full_stop:
            tok.is_sent_start = True
        elif (prev.is_alpha or prev.like_num or prev.text.isalnum() or prev.text in _JOINERS) and not tok.is_space:
            # (a word of letters and digits too: "near the T4 Pumping Station")
            tok.is_sent_start = False
            if full_stop and tok.like_num and i + 1 < len(doc) and not doc[i + 1].is_punct:
                doc[i + 1].is_sent_start = False  # "... Kafr Nabu. 1 Ahrar al Sharqiya fighter ..."
    return doc


@Language.factory("warreport_actors", default_config={})
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    return ActorRuler(nlp, name)
