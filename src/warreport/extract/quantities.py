"""Numbers of a sentence: killed, wounded, captured, weapons launched — and ACLED fatalities.

ACLED's rules for fatalities: the lowest figure when reports differ; "dozens" counts as 12,
"hundreds" as 100, an unknown or vague number ("several", "many") as 10; none stated is 0;
a total already coded in the text ("Unknown number of fatalities coded as 10 and split over
the 5 locations") is taken as written and divided over the locations it names.
"""

from __future__ import annotations

import re
import unicodedata
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
FATAL = {"succumb", "kill", "killing", "die", "dead", "death", "fatality", "fatalities", "slay", "martyr", "execute", "behead",
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
_N = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|both)"
_W = r"(?:[A-Z]|\d+(?:st|nd|rd|th)\b)[\w'’`\-]*"
_NAME = rf"(?:{_W}(?:\s+(?:-\s+)?(?:(?:al|el|as|ad|ar|ash|az|an|at|bin|ibn|of|the|wa)[\s-]+)?{_W})*(?:\s+(?:camp|front|axis|village|town|area|city|dam|field|airport|base|hill))?)"
_LIST = rf"{_NAME}(?:\s*,\s*{_NAME})*(?:\s*,?\s+and\s+{_NAME})?"
_TOTALS = (
    re.compile(rf"\btotal\s+(?:number\s+)?(?:of\s+)?(?:the\s+)?fatalities\s+(?:is\s+|are\s+|was\s+|were\s+|of\s+)?(?:coded\s+)?(?:as\s+|to\s+|at\s+)?{_N}\b", re.I),
    re.compile(rf"\b(?:a\s+)?total\s+(?:of\s+)?{_N}\s+(?:\w+\s+)?fatalities", re.I),
    re.compile(rf"\bfor\s+a\s+total\s+of\s+{_N}\b", re.I),
)
_CODED_TOTALS = (
    re.compile(rf"\bcoded\s+(?:as\s+|to\s+|at\s+)?{_N}\b(?!\s+(?:to|in|each)\b)", re.I),
    re.compile(rf"\bcoded\s+fatalities\s+(?:are\s+|is\s+|to\s+|as\s+|at\s+)?{_N}\b", re.I),
    re.compile(rf"\b{_N}\s+(?:\w+\s+)?fatalities\s*(?:,\s*the\s+lowest\s+estimate,\s*)?(?:from\s+both\s+sides\s+)?(?:were\s+|was\s+|are\s+)?(?:estimated|reported|recorded|confirmed|coded|split|distributed|divided)(?!\s+to\b)", re.I),
    re.compile(rf"\bthe\s+{_N}\s+fatalities\b", re.I),
    re.compile(rf"(?:^|[.;]\s+)\s*{_N}\s+(?:\w+\s+)?(?:fatalities|fatality|deaths?)\s*(?:reported|in\s+total)?\s*\.?\s*$", re.I),
    re.compile(rf"\b(?:resulted\s+in|leaving|left)\s+{_N}\s+fatalities", re.I),
)
_SPLIT = re.compile(
    rf"\b(?:split|distributed|divided|spread|allocated|coded)\b(?:\s+(?:the\s+)?(?:unknown\s+)?fatalities)?(?:\s+evenly)?(?:\s*,\s*{_N}\s+each\s*,)?\s+(?:over|across|between|among|on)\s+(?:the\s+)?(?:{_N}\s+)?(?:events|locations|activities|areas|villages|fronts|sites|places)?",
    re.I,
)
_EACH = re.compile(rf"\b{_N}\s+(?:fatalities\s+|fatality\s+)?each\b", re.I)
_ALLOC = (
    re.compile(rf"\b{_N}\s+(?:fatalities\s+|fatality\s+)?(?:each\s+)?(?:were\s+|was\s+)?(?:coded\s+|allocated\s+|assigned\s+|attributed\s+)?to\s+(?:the\s+)?(?:(?:fighting|clashes|events?|activities)\s+)?(?:(?:in|on|at|near)\s+)?(?:the\s+)?(?P<names>{_LIST})"),
    re.compile(rf"\b{_N}\s+(?:fatalities\s+)?(?:in|at|on)\s+(?:each\s+of\s+)?(?:the\s+)?(?P<names>{_LIST})"),
    re.compile(rf"(?P<names>{_LIST})\s+(?:each\s+)?allocated\s+{_N}\b"),
    re.compile(rf"(?P<names>{_NAME})\s*\(\s*{_N}\s*\)"),
)
_FOLLOWS = re.compile(r"\b(?:as\s+follows?|as\s+following)\s*:?", re.I)
_FOLLOW_ITEM = (
    re.compile(rf"^\s*(?:and\s+)?{_N}\s+(?:in\s+)?(?P<names>{_NAME})\s*$"),
    re.compile(rf"^\s*(?:and\s+)?(?P<names>{_NAME})\s+{_N}\s*$"),
)


def _num(raw: str) -> int | None:
    raw = raw.lower()
    if raw.isdigit():
        return int(raw)
    return WORD_NUMBERS.get(raw)


def fold_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’`]", "", text)
    text = re.sub(r"\b(?:al|el|the|as|ad|ar|ash|az|an|at)[\s-]+", "", text)
    text = re.sub(r"\b(?:camp|front|axis|village|town|area|city)\b", "", text)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _split_names(names: str) -> list[str]:
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", names)
    return [p.strip() for p in parts if p.strip()]


@dataclass(frozen=True)
class FatalityStatement:
    """What a sentence says about the event's fatalities as a whole (not counts of victims)."""

    total: int | None = None
    split: int | None = None  # number of events the total is split over (0: "split", count unknown)
    each: int | None = None
    by_place: tuple[tuple[str, int], ...] = ()
    zero: bool = False
    rule: str = ""
    text: str = ""
    start_char: int | None = None
    end_char: int | None = None

    def merge(self, other: FatalityStatement | None) -> FatalityStatement:
        if other is None:
            return self
        return FatalityStatement(
            total=other.total if other.total is not None else self.total,
            split=other.split if other.split is not None else self.split,
            each=other.each if other.each is not None else self.each,
            by_place=self.by_place + other.by_place,
            zero=self.zero or other.zero,
            rule="+".join(r for r in (self.rule, other.rule) if r),
            text=" ".join(t for t in (self.text, other.text) if t),
            start_char=self.start_char if self.start_char is not None else other.start_char,
            end_char=other.end_char if other.end_char is not None else self.end_char,
        )

    def for_place(self, names: list[str], sentence: str = "") -> int | None:
        """The count allotted to the event's place; else to the one allotted place its sentence names."""
        folded = [fold_name(n) for n in names if n]
        folded = [f for f in folded if f]
        for place, count in self.by_place:
            for f in folded:
                if place == f or (min(len(place), len(f)) >= 4 and (place in f or f in place)):
                    return count
        if sentence:
            text = fold_name(sentence)
            named = [(text.find(place), count) for place, count in self.by_place if len(place) >= 4 and place in text]
            if named:
                return min(named)[1]
        return None


def fatality_statement(text: str, offset: int = 0) -> FatalityStatement | None:
    """Totals, splits and per-place allocations a sentence states ("coded as 10 and split ...")."""
    total: int | None = None
    rule = ""
    span: tuple[int, int] | None = None
    for pattern in _TOTALS:
        m = pattern.search(text)
        if m:
            total, rule, span = _num(m.group(1)), "stated_total", (m.start(), m.end())
            break
    if total is None:
        last = None
        for pattern in _CODED_TOTALS:
            for m in pattern.finditer(text):
                if last is None or m.start() > last.start():
                    last = m
        if last is not None:
            total, rule, span = _num(last.group(1)), "coded_total", (last.start(), last.end())
    split: int | None = None
    sm = _SPLIT.search(text)
    if sm:
        k = sm.group(2) if sm.lastindex and sm.lastindex >= 2 else None
        split = _num(k) if k else 0
        if not split:
            # "split between events in Tulaylat and Khalsa", "split between T2 pumping station and Muaayzilah"
            rest = re.match(rf"\s*(?:events?\s+|the\s+activities\s+|activities\s+)?(?:in\s+|at\s+)?(?:the\s+)?(?P<names>{_LIST})",
                            text[sm.end():])
            if rest and " and " in rest.group("names"):
                split = len(_split_names(rest.group("names")))
    each: int | None = None
    em = _EACH.search(text)
    if em and not re.search(r"each\s+(?:allocated|of)\b", text[em.start():em.end() + 15]):
        each = _num(em.group(1))
    by_place: list[tuple[str, int]] = []
    for pattern in _ALLOC:
        for m in pattern.finditer(text):
            n = _num(m.group(1) if m.group(1) and not m.group(1)[0].isupper() else m.groups()[-1])
            if n is None:
                continue
            for name in _split_names(m.group("names")):
                if name.lower() in ("each", "both", "fighting") or name[:1].isdigit():
                    continue
                by_place.append((fold_name(name), n))
    fm = _FOLLOWS.search(text) or (re.compile(r"[;:]").search(text, sm.end()) if sm else None)
    if fm:
        for item in re.split(r",|;|\band\b", text[fm.end():]):
            for pattern in _FOLLOW_ITEM:
                im = pattern.match(item.strip().rstrip("."))
                if im:
                    nums = [g for g in im.groups() if g and (g.isdigit() or g.lower() in WORD_NUMBERS)]
                    if nums and _num(nums[0]) is not None:
                        by_place.append((fold_name(im.group("names")), _num(nums[0])))  # type: ignore[arg-type]
                    break
    zero = bool(_ZERO.search(text))
    if total is None and split is None and not by_place and not zero:
        return None
    if not rule:
        rule = "allocation" if by_place else ("stated_none" if zero else "split")
    return FatalityStatement(
        total=total, split=split, each=each, by_place=tuple(by_place), zero=zero and total is None,
        rule=rule, text=text[span[0]:span[1]] if span else "",
        start_char=offset + span[0] if span else None, end_char=offset + span[1] if span else None,
    )


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
        others = [token_number(c) for c in noun.children if c.dep_ in ("quantmod", "nummod", "conj") and c.like_num]
        values = [v for v in [value, *others] if v is not None]
        return (min(values) if values else None), False, noun  # "between 13 to 15": the lowest
    if noun.pos_ == "PRON":
        if noun.lower_ in ("him", "her", "he", "she", "himself"):
            return 1, False, noun
        return None, False, noun
    children = list(noun.children)
    for comp in [c for c in children if c.dep_ in ("compound", "amod", "nmod")]:
        children.extend(g for g in comp.children if g.dep_ == "nummod")  # "1 regime member"
    for child in children:
        if child.dep_ in ("nummod", "quantmod") or (child.dep_ == "compound" and child.like_num):
            value = token_number(child)
            lower: list[int] = [v for v in (token_number(g) for g in child.children
                                            if g.like_num and g.dep_ in ("quantmod", "conj", "nummod")) if v is not None]
            if value is not None and lower:
                value = min([value, *lower])  # "between 1 and 2 fighters"
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
    if not found and pred.dep_ == "conj" and pred.head.pos_ == "VERB" and any(c.dep_ == "auxpass" for c in pred.children):
        # "2 fighters were shot and killed", "the man resisted the detention and was killed"
        found = [c for c in pred.head.children if c.dep_ in ("nsubjpass", "nsubj")]
    if pred.lemma_.lower() == "succumb":
        found += [c for c in pred.children if c.dep_ == "nsubj"]
    passive_like = pred.pos_ != "VERB" or any(c.dep_ == "auxpass" for c in pred.children) or (
        pred.tag_ == "VBN" and not any(c.dep_ in ("dobj", "obj") for c in pred.children))
    if pred.lemma_.lower() in ("die", "perish") or (pred.lower_ in ("dead", "killed", "wounded", "injured") and passive_like):
        found += [c for c in pred.children if c.dep_ == "nsubj"]
    if pred.dep_ in ("acl", "amod", "relcl") and pred.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        found.append(pred.head)  # "8 fighters killed", "the killed soldiers"
    if pred.pos_ == "NOUN" and pred.lemma_.lower() in ("fatality", "death", "casualty") and any(
            c.dep_ == "nummod" for c in pred.children):
        found.append(pred)  # "three civilian fatalities"
    if pred.pos_ == "NOUN":  # "the death of 3 soldiers"
        for prep in (c for c in pred.children if c.dep_ == "prep" and c.lower_ in ("of", "among")):
            found += [c for c in prep.children if c.dep_ == "pobj"]
    if pred.dep_ in ("oprd", "xcomp", "acomp", "advmod", "ccomp") and pred.head.lemma_.lower() in (
            "leave", "result", "find", "shoot", "gun", "beat", "stab"):
        found += [c for c in pred.head.children if c.dep_ in ("dobj", "nsubjpass")]
    if pred.dep_ in ("xcomp", "oprd", "ccomp") and pred.head.lemma_.lower() in ("report", "confirm", "believe", "say"):
        found += [c for c in pred.head.children if c.dep_ in ("nsubjpass", "nsubj")]  # "7 were reported killed"
    if pred.lemma_.lower() in ("body", "corpse"):
        found += [c for c in pred.children if c.dep_ == "poss"]
        if not found:
            found.append(pred)  # "2 bodies were found", "a body was found"
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


ATTEMPT_HEADS = {"attempt", "try", "fail", "plan", "seek", "threaten"}


def _attempted(token: Token) -> bool:
    """"attempted to assassinate a commander": the killing did not happen."""
    return any(a.lemma_.lower() in ATTEMPT_HEADS for a in list(token.ancestors)[:3]) or any(
        c.dep_ == "neg" for c in token.children)


def sentence_quantities(sent: Span) -> list[Quantity]:
    """Killed, wounded and captured counts and launched weapons stated in the sentence."""
    out: list[Quantity] = []
    seen: set[tuple[str, int]] = set()
    for token in sent:
        kind = _kind(token.lemma_.lower()) or _kind(token.lower_)
        lemma = token.lemma_.lower()
        if kind is None and ((lemma == "shoot" and any(c.lower_ == "dead" for c in token.children))
                             or (lemma == "gun" and any(c.lower_ == "down" for c in token.children))
                             or any(c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children)
                                    for c in token.children)):
            kind = "fatalities"  # "shot dead a fighter", "gunned down", "stabbed to death"
        if kind is not None and not _attempted(token):
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


def zero_fatalities(text: str) -> bool:
    return bool(_ZERO.search(text))


def fatalities_from(quantities: list[Quantity]) -> int | None:
    """Sum of the killed counts of one event (None when none is stated)."""
    killed = [q.count for q in quantities if q.kind == "fatalities" and q.count is not None]
    if not killed:
        return None
    return sum(killed)
