"""How sure the source is that an event happened, and the loaded words it uses.

Certainty is decided for the trigger word in its clause: a negation or a denial governing it
makes it ``negated``; a modal, a future or an intention ("will likely focus on clearing", "is
expected to", "in order to set a foothold for an advance") makes it ``predicted``; "claimed"
``claimed``; hedges ("allegedly", "reportedly", "according to unconfirmed reports")
``alleged``; everything else ``reported``. Framing collects words like "liberated",
"terrorists" that carry the source's stance, so the neutral type stays in sub_event_type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from warreport.extract.lexicon import Lexicon, LexiconMatchers
from warreport.model import Certainty

MODALS = {"will", "would", "may", "might", "could", "should", "shall", "'ll", "wo", "ca", "must"}
INTENT_HEADS = {"attempt", "try", "bid", "effort", "expect", "plan", "intend", "prepare", "aim", "seek", "want", "threaten", "vow", "hope",
                "set", "likely", "going", "focus", "consider", "decide", "ready", "poised", "wish",
                "propose", "call", "urge", "demand", "warn", "order"}
STRONG_INTENT = {"likely", "expect", "plan", "intend", "prepare", "aim", "threaten", "vow", "want", "hope", "seek"}
DENY_HEADS = {"deny", "refute", "dismiss", "reject"}
CLAIM_HEADS = {"claim", "boast"}
HEDGE_WORDS = {"allegedly", "reportedly", "purportedly", "supposedly", "apparently", "unconfirmed", "alleged"}


@dataclass(frozen=True)
class CertaintyResult:
    certainty: Certainty
    rule: str
    confidence: float
    cue: str = ""


_TEMPORAL_MARKS = frozenset({"before", "after", "when", "while", "until", "once"})


def _clause_chain(token: Token) -> list[Token]:
    """The trigger and the words governing it, up to the sentence root."""
    chain = [token]
    cur = token
    while cur.head is not cur and len(chain) < 8:
        cur = cur.head
        chain.append(cur)
    return chain


def _protest_word(token: Token, lexicon: Lexicon) -> bool:
    """``token`` is a word of the lexicon's protest frame ("protesters", "demonstrated")."""
    frame = lexicon.frames.get("protest")
    lemma = token.lemma_.lower()
    return frame is not None and (lemma in frame.verbs or lemma in frame.nouns)


def _identity_hedge(tok: Token) -> bool:
    """ "gunmen likely to be IS shot and killed ...": who they were is hedged, not what they did."""
    doc = tok.doc
    nxt = doc[tok.i + 1 : tok.i + 5]
    return tok.lower_ == "likely" and len(nxt) >= 3 and nxt[0].lower_ == "to" and nxt[1].lower_ == "be" and (
        nxt[2].ent_type_ == "ACTOR" or (nxt[2].lower_ in ("a", "an") and len(nxt) > 3 and nxt[3].ent_type_ == "ACTOR"))


def trigger_certainty(trigger: Token, sent: Span, lexicon: Lexicon, matchers: LexiconMatchers) -> CertaintyResult:
    chain = _clause_chain(trigger)
    # Negation on the trigger or its verb ("did not attack", "no clashes took place").
    for tok in chain[:3]:
        for child in tok.children:
            if child.dep_ == "neg":
                return CertaintyResult(Certainty.NEGATED, "negation", 0.85, child.text)
            if child.dep_ == "det" and child.lower_ in ("no",) and tok is trigger:
                return CertaintyResult(Certainty.NEGATED, "negation:no", 0.8, child.text)
        if tok.pos_ in ("VERB", "AUX") and tok is not trigger:
            break
    for tok in chain[1:]:
        lemma = tok.lemma_.lower()
        if lemma in DENY_HEADS and not (lemma == "reject" and _protest_word(trigger, lexicon)):
            # ("protesters in Basra rejected the PM nominee": what they protest, not a denial)
            return CertaintyResult(Certainty.NEGATED, f"denial:{lemma}", 0.85, tok.text)
    # Future, modality, intention, purpose.
    for depth, tok in enumerate(chain):
        for child in tok.children:
            if child.dep_ == "aux" and (child.lower_ in MODALS or child.tag_ == "MD") and child.lower_ not in ("must", "ca"):
                return CertaintyResult(Certainty.PREDICTED, f"modal:{child.lower_}", 0.85, child.text)
            if child.dep_ == "aux" and child.lower_ == "to" and depth <= 3:
                gov = tok.head
                # ("hundreds gathered to protest", "took to the streets to demonstrate": the gathering
                # that happened is the protest, no purpose of it)
                assembled = tok.dep_ == "advcl" and gov.tag_ in ("VBD", "VBN") and _protest_word(tok, lexicon)
                if (gov.lemma_.lower() in INTENT_HEADS or (tok.dep_ == "advcl" and not assembled)
                        or gov.lemma_.lower() == "order") and not _identity_hedge(gov):
                    return CertaintyResult(Certainty.PREDICTED, f"intention:{gov.lemma_.lower()}", 0.7, gov.text)
        lemma = tok.lemma_.lower()
        if depth > 0 and lemma in STRONG_INTENT and tok.pos_ in ("VERB", "ADJ") and not _identity_hedge(tok):
            return CertaintyResult(Certainty.PREDICTED, f"intention:{lemma}", 0.75, tok.text)
        if lemma in ("order",) and depth > 0 and tok.dep_ == "pobj":
            return CertaintyResult(Certainty.PREDICTED, "purpose:in_order_to", 0.7, tok.text)
        if tok.dep_ == "advcl" and any(
                (c.dep_ == "mark" and c.lower_ in _TEMPORAL_MARKS)
                or (c.dep_ == "prep" and c.lower_ in ("after", "before") and any(g.lower_ == "which" for g in c.children))
                for c in tok.children):
            break  # "surrounded the house to detain him before he shot at them, after which they shot
            # and killed him": what happened before or after is no part of the purpose
    # Claims and hedges hold for the whole sentence.
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in CLAIM_HEADS and tok.pos_ == "VERB":
            return CertaintyResult(Certainty.CLAIMED, f"claim:{tok.lower_}", 0.8, tok.text)
    for tok in sent:
        if tok.lower_ in HEDGE_WORDS:
            return CertaintyResult(Certainty.ALLEGED, f"hedge:{tok.lower_}", 0.8, tok.text)
    doc = sent.doc
    for match_id, start, end in matchers.certainty(doc[sent.start : sent.end]):
        kind = doc.vocab.strings[match_id]
        text = doc[start:end].text
        if kind == "alleged":
            return CertaintyResult(Certainty.ALLEGED, f"hedge:{text.lower()}", 0.75, text)
        if kind == "claimed":
            return CertaintyResult(Certainty.CLAIMED, f"claim:{text.lower()}", 0.7, text)
    return CertaintyResult(Certainty.REPORTED, "default", 0.8)


def framing_words(sent: Span, lexicon: Lexicon, matchers: LexiconMatchers) -> list[tuple[str, int, int]]:
    """Loaded words of the source in the sentence: (text, start_char, end_char)."""
    found: list[tuple[str, int, int]] = []
    for tok in sent:
        if tok.lower_ in lexicon.framing or (tok.lemma_.lower() in lexicon.framing and tok.pos_ != "PROPN"):
            found.append((tok.text, tok.idx, tok.idx + len(tok.text)))
    doc = sent.doc
    for _, start, end in matchers.framing(doc[sent.start : sent.end]):
        span = doc[start:end]
        found.append((span.text, span.start_char, span.end_char))
    found.sort(key=lambda f: f[1])
    return found


def party_claim(sent: Span, parties: set[str], speaker_countries: dict[int, str | None],
                lexicon: Lexicon, country_of_demonym: Callable[[str], str | None]) -> CertaintyResult | None:
    """A party's own word: "Iraqi officers said", "Commanders said", "the army's general command
    announced the capture". ``parties`` are the countries (ISO2) of the event's parties;
    ``speaker_countries`` maps the index of a token inside an actor mention to the country of
    that actor (its family). A speaker naming another country ("Syrian officials" about an Iraqi
    gain) is no party; a speaker naming none speaks for the party at hand."""
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in lexicon.party_statements:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)  # "clashes were reported": no speaker
        if subj is None:
            continue
        words = list(subj.subtree)
        in_actor = [speaker_countries[w.i] for w in words if w.i in speaker_countries]
        if in_actor:
            if any(c in parties for c in in_actor if c):
                return CertaintyResult(Certainty.CLAIMED, f"party_statement:{tok.lower_}", 0.7, subj.text)
            continue
        if subj.lemma_.lower() not in lexicon.party_speakers:
            continue
        qualifiers = {w.lower_ for w in words if w.pos_ in ("ADJ", "PROPN") and w.i != subj.i}
        countries = {country_of_demonym(w) for w in qualifiers} - {None}
        if not countries or countries & parties:  # "Kurdish officials", "Iraqi officers"; not "Syrian officials"
            return CertaintyResult(Certainty.CLAIMED, f"party_statement:{tok.lower_}", 0.65, subj.text)
    return None

