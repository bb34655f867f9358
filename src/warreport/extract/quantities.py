"""Numbers of a sentence: killed, wounded, captured, weapons launched — and ACLED fatalities.

ACLED's rules for fatalities: the lowest figure when reports differ; "dozens" counts as 12,
"hundreds" as 100, an unknown or vague number ("several", "many") as 10; none stated is 0;
a total already coded in the text ("Unknown number of fatalities coded as 10 and split over
the 5 locations") is taken as written and divided over the locations it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from warreport.model import Quantity

WORD_NUMBERS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12, "both": 2, "couple": 2, "pair": 2,
}
# ACLED's codes for vague fatality counts.
ACLED_VAGUE = {"dozens": 12, "dozen": 12, "hundreds": 100, "thousands": 1000, "scores": 20, "tens": 10,
               "several": 10, "many": 10, "numerous": 10, "number": 10, "some": 10, "multiple": 10,
               "unknown": 10, "unspecified": 10, "few": 3, "heavy": 10}
FATAL = {"kill", "die", "dead", "death", "fatality", "fatalities", "slay", "martyr", "execute", "behead",
         "perish", "body", "corpse", "massacre", "assassinate", "murder", "slain"}
WOUNDED = {"wound", "injure", "injury", "hurt", "wounded", "injured"}
CAPTURED = {"capture", "arrest", "detain", "abduct", "kidnap", "prisoner", "captive", "surrender", "hostage"}
LAUNCHES = {"missile", "rocket", "shell", "drone", "airstrike", "strike", "bomb", "mortar", "round", "raid",
            "projectile", "sortie", "barrel", "grenade", "ied", "mine", "landmine", "vbied"}
VEHICLES = {"vehicle", "tank", "apc", "bulldozer", "truck", "car", "technical", "humvee", "bmp"}
SUBSET_HEADS = {"including", "include", "among", "which", "whom"}

_ZERO = re.compile(
    r"\b(?:no|zero|neither|nor|without|none)\b[^.;]{0,40}?\b(?:fatalit|casualt|deaths?\b|killed|dead\b|losses|one\s+(?:was|were)\s+killed)"
    r"|\bno\s+(?:one|body)\s+(?:was|were)\s+(?:killed|hurt|injured)"
    r"|\bcasualties\s+(?:were\s+)?unknown|\bno\s+(?:reports?\s+(?:on|of)\s+)?(?:casualties|fatalities)",
    re.IGNORECASE,
)
_CODA = re.compile(r"\b(?P<n>\d+)\s+(?:fatalities|fatality|deaths?|killed)\s*(?:reported)?\s*\.?\s*$", re.IGNORECASE)
_CODED = re.compile(r"\bfatalities\s+(?:were\s+|was\s+)?coded\s+as\s+(?P<n>\d+)", re.IGNORECASE)
_SPLIT = re.compile(
    r"\b(?:split|distributed|divided|spread)\b[^.]{0,40}?\b(?:over|across|between|among)\s+(?:the\s+)?"
    r"(?P<k>\d+|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.IGNORECASE,
)
_SPLIT_ANY = re.compile(r"\b(?:split|distributed|divided)\s+(?:the\s+)?(?:fatalities\s+)?(?:over|across|between|among)\b",
                        re.IGNORECASE)


@dataclass(frozen=True)
class FatalityCount:
    count: int
    rule: str
    text: str
    start_char: int | None = None
    end_char: int | None = None
    confidence: float = 0.8


def token_number(token: Token) -> int | None:
    text = token.lower_.replace(",", "")
    if text.isdigit():
        value = int(text)
        return value if value < 100000 else None
    if token.like_num and text in WORD_NUMBERS:
        return WORD_NUMBERS[text]
    return WORD_NUMBERS.get(text) if text in ("both", "dozen", "couple", "pair") else None


def _np_count(noun: Token) -> tuple[int | None, bool, Token]:
    """(count, vague, anchor token) of a noun phrase: "3 soldiers", "a civilian", "several members"."""
    if noun.like_num:
        value = token_number(noun)
        return value, False, noun
    if noun.pos_ == "PRON":
        if noun.lower_ in ("him", "her", "he", "she", "himself"):
            return 1, False, noun
        return None, False, noun
    for child in noun.children:
        if child.dep_ in ("nummod", "quantmod") or (child.dep_ == "compound" and child.like_num):
            value = token_number(child)
            if value is not None:
                # "at least 6" keeps 6; ranges keep the lower bound via the first number.
                return value, False, child
        if child.dep_ in ("det", "amod", "advmod") and child.lower_ in ACLED_VAGUE:
            return ACLED_VAGUE[child.lower_], True, child
        if child.dep_ == "det" and child.lower_ in ("a", "an", "one"):
            return 1, False, child
        if child.dep_ == "prep" and child.lower_ == "of" and noun.lower_ in ACLED_VAGUE:
            return ACLED_VAGUE[noun.lower_], True, noun
    if noun.lower_ in ACLED_VAGUE:
        return ACLED_VAGUE[noun.lower_], True, noun
    if noun.tag_ in ("NN", "NNP") and noun.lemma_.lower() not in ("body",):
        # A bare singular victim ("killing the driver") is one person.
        return (1, False, noun) if any(c.dep_ == "det" for c in noun.children) else (None, False, noun)
    return None, False, noun


def _kind(lemma: str) -> str | None:
    if lemma in FATAL:
        return "fatalities"
    if lemma in WOUNDED:
        return "wounded"
    if lemma in CAPTURED:
        return "captured"
    return None


def _victims(pred: Token) -> list[Token]:
    """Who the predicate is about: objects, passive subjects, the subject of "die"."""
    deps = ("dobj", "obj", "nsubjpass")
    found = [c for c in pred.children if c.dep_ in deps]
    if pred.lemma_.lower() in ("die", "perish") or pred.lower_ in ("dead", "killed", "wounded", "injured"):
        found += [c for c in pred.children if c.dep_ == "nsubj"]
    if pred.dep_ in ("acl", "amod", "relcl") and pred.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        found.append(pred.head)  # "8 fighters killed", "the killed soldiers"
    if pred.pos_ == "NOUN":  # "the death of 3 soldiers"
        for prep in (c for c in pred.children if c.dep_ == "prep" and c.lower_ in ("of", "among")):
            found += [c for c in prep.children if c.dep_ == "pobj"]
    if pred.dep_ in ("oprd", "xcomp", "acomp") and pred.head.lemma_.lower() in ("leave", "result"):
        found += [c for c in pred.head.children if c.dep_ in ("dobj",)]
    expanded = []
    for tok in found:
        expanded.append(tok)
        expanded.extend(c for c in tok.children if c.dep_ == "conj")
    return expanded


def _in_subset(token: Token) -> bool:
    for anc in token.ancestors:
        if anc.lower_ in SUBSET_HEADS:
            return True
        if anc.dep_ in ("ROOT",):
            break
    return False


def sentence_quantities(sent: Span) -> list[Quantity]:
    """Killed, wounded and captured counts and launched weapons stated in the sentence."""
    out: list[Quantity] = []
    seen: set[tuple[str, int]] = set()
    for token in sent:
        kind = _kind(token.lemma_.lower()) or _kind(token.lower_)
        if kind is not None:
            for victim in _victims(token):
                count, vague, anchor = _np_count(victim)
                if count is None or (kind, victim.i) in seen or _in_subset(victim):
                    continue
                seen.add((kind, victim.i))
                lo = min(anchor.i, victim.i)
                hi = max(anchor.i, victim.i) + 1
                text = sent.doc[lo:hi].text
                out.append(Quantity(kind=kind, count=count, item=victim.lemma_ if not victim.like_num else None,
                                    text=text + (" (vague)" if vague else ""),
                                    start_char=sent.doc[lo].idx, end_char=sent.doc[hi - 1].idx + len(sent.doc[hi - 1])))
        lemma = token.lemma_.lower()
        if token.pos_ in ("NOUN", "PROPN") and (lemma in LAUNCHES or lemma in VEHICLES or token.lower_ in LAUNCHES):
            count, vague, anchor = _np_count(token)
            if count is None or anchor is token or (("weapons", token.i) in seen):
                continue
            seen.add(("weapons", token.i))
            left = min([anchor.i] + [c.i for c in token.children if c.dep_ in ("compound", "amod", "nummod")])
            item = sent.doc[left : token.i + 1]
            item_text = " ".join(t.text for t in item if not t.like_num and t.lower_ not in ("a", "an"))
            out.append(Quantity(kind="vehicles" if lemma in VEHICLES else "launches", count=count, item=item_text,
                                text=item.text, start_char=item.start_char, end_char=item.end_char))
    return out


def coded_fatalities(text: str, offset: int, n_locations: int) -> FatalityCount | None:
    """A total the text states outright: "2 fatalities.", "fatalities coded as 16", "no fatalities"."""
    coded = _CODED.search(text)
    if coded:
        total = int(coded.group("n"))
        split = _SPLIT.search(text)
        k = 1
        if split:
            raw = split.group("k").lower()
            k = int(raw) if raw.isdigit() else WORD_NUMBERS.get(raw, 1)
        elif _SPLIT_ANY.search(text):
            k = max(1, n_locations)
        return FatalityCount(total // max(k, 1), "coded_total" + (f"/split{k}" if k > 1 else ""), coded.group(0),
                             offset + coded.start(), offset + coded.end(), 0.95)
    coda = _CODA.search(text.strip())
    if coda:
        return FatalityCount(int(coda.group("n")), "stated_total", coda.group(0), None, None, 0.95)
    return None


def zero_fatalities(text: str) -> bool:
    return bool(_ZERO.search(text))


def fatalities_from(quantities: list[Quantity]) -> int | None:
    """Sum of the killed counts of one event (None when none is stated)."""
    killed = [q.count for q in quantities if q.kind == "fatalities" and q.count is not None]
    if not killed:
        return None
    return sum(killed)
