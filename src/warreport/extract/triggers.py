"""Trigger words of a sentence, checked against their syntax, and the weapons it names.

A trigger is a word or phrase of the lexicon (``data/triggers.yaml``) whose frame says what
happened: ``clash``, ``territory``, ``air``, ``protest`` ... Lemma and part of speech pick the
candidates; dependency rules then drop uses that are not events: "the liberated area"
(an adjective), "an area controlled by ISIS" (a state, not a change), "captured weapons"
(property, not territory), "took place" (not "took control").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from warreport.extract.lexicon import Lexicon, LexiconMatchers

# Frames in the order that makes one of them the sentence's main trigger (strongest first).
FRAME_RANK: tuple[str, ...] = (
    "territory", "transfer", "clash", "advance", "suicide", "chemical", "disrupt", "air", "shell", "ied",
    "grenade", "sexual", "abduct", "attack", "arrest", "riot", "mob", "protest", "kill", "loot",
    "agree", "hq", "change", "destroy",
)
_RANK = {f: i for i, f in enumerate(FRAME_RANK)}
PERSON_OBJECTS = {"fighter", "member", "soldier", "militant", "civilian", "man", "woman", "child", "people",
                  "person", "individual", "officer", "commander", "leader", "prisoner", "hostage", "militiaman",
                  "recruit", "element", "gunman", "youth", "resident", "driver", "worker", "shepherd", "emir",
                  "suspect", "members", "journalist", "activist", "pilot", "crew", "personnel", "family", "boy",
                  "girl", "wife", "son", "brother", "relative", "teenager", "farmer", "trader", "smuggler",
                  "doctor", "nurse", "student", "teacher", "terrorist", "jihadist", "insurgent", "rebel"}
PROPERTY_OBJECTS = {"weapon", "ammunition", "tank", "vehicle", "truck", "car", "equipment", "arm", "depot",
                    "cache", "drone", "machine", "gun", "rifle", "motorcycle", "money", "oil", "tanker",
                    "document", "munition", "launcher", "missile", "rocket", "cattle", "sheep", "livestock",
                    "crop", "wheat", "convoy", "shipment", "cargo", "bulldozer", "item", "tunnel", "ied",
                    "explosive", "device", "mine", "bomb", "computer", "laptop", "phone", "drug"}
TERRITORY_VERBS_NEEDING_OBJECT = {"take", "clear", "secure", "gain", "win", "restore", "reclaim", "purge",
                                  "cleanse", "storm", "occupy", "control", "free", "conquer"}
ADJ_DEPS = {"amod", "compound", "acomp"}
PLACE_ENT_LABELS = {"GPE", "LOC", "FAC", "PLACE", "TOPONYM"}


@dataclass(frozen=True)
class TriggerHit:
    frame: str
    token: Token  # the head word of the trigger
    start: int  # token offsets in the doc
    end: int
    rule: str
    weight: float

    @property
    def rank(self) -> int:
        return _RANK.get(self.frame, len(FRAME_RANK))

    @property
    def start_char(self) -> int:
        return int(self.token.doc[self.start].idx)

    @property
    def end_char(self) -> int:
        last = self.token.doc[self.end - 1]
        return int(last.idx + len(last.text))

    @property
    def text(self) -> str:
        return str(self.token.doc[self.start : self.end].text)


@dataclass(frozen=True)
class WeaponHit:
    category: str  # air | shell | ied | grenade | chemical | firearms | vehicles
    start: int
    end: int
    text: str


def _misparsed_finite(token: Token) -> bool:
    """A finite verb the small model read as an adjective of its object: "QSD captured Mazloum
    village in Deir-ez-Zor" parses as the noun phrase "[QSD] [captured] [Mazloum village]". Right
    after a named force that opens its clause, a past-tense verb is the force's act ("in IS
    controlled areas" has a preposition before the force and stays an adjective)."""
    if token.pos_ != "VERB" or token.dep_ != "amod" or token.tag_ not in ("VBD", "VBN") or token.head.i < token.i:
        return False
    doc = token.doc
    prev = doc[token.i - 1] if token.i > 0 else None
    if prev is None or prev.ent_type_ != "ACTOR":
        return False
    first = prev
    while first.ent_iob_ == "I" and first.i > 0:
        first = doc[first.i - 1]
    before = doc[first.i - 1] if first.i > 0 else None
    return before is None or bool(before.is_sent_end) or before.is_punct or bool(first.is_sent_start)


def _adjectival(token: Token) -> bool:
    """The trigger word modifies a noun ("the captured village"), so names no act."""
    return token.dep_ in ADJ_DEPS and not _misparsed_finite(token)


def _objects(token: Token) -> list[Token]:
    """Direct objects of a verb, including objects of a verb-particle ("took over X")."""
    objs = [c for c in token.children if c.dep_ in ("dobj", "obj", "attr", "oprd")]
    if not objs and _misparsed_finite(token):
        objs = [token.head]  # "QSD captured [Mazloum village]"
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "over", "on"):
            objs.extend(c for c in child.children if c.dep_ == "pobj")
    if not objs:
        # "managed to control the village" parses well; "X was captured" has a passive subject ...
        objs = [c for c in token.children if c.dep_ in ("nsubjpass",)]
    if not objs and token.dep_ == "conj" and token.head.pos_ == "VERB":
        # ... as has "X were discovered and seized", through the verb it is joined to
        objs = [c for c in token.head.children if c.dep_ in ("nsubjpass",)]
    return objs


QUANTITY_NOUNS = {"quantity", "number", "amount", "lot", "kind", "type", "set", "series", "batch", "load",
                  "group", "cache", "stock", "dozen", "dozens", "hundreds", "couple", "pair", "total"}


def _object_head(token: Token) -> Token:
    """The noun a quantity phrase is about: "a large quantity of weapons" -> weapons."""
    if token.lemma_.lower() in QUANTITY_NOUNS:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return token


def _looks_like_place(token: Token, lexicon: Lexicon) -> bool:
    if token.lemma_.lower() in lexicon.territory_objects or token.lower_ in lexicon.territory_objects:
        return True
    if token.ent_type_ in PLACE_ENT_LABELS:
        return True
    if token.pos_ == "PROPN" and token.ent_type_ != "ACTOR":
        return True
    return any(
        c.lemma_.lower() in lexicon.territory_objects or c.ent_type_ in PLACE_ENT_LABELS
        for c in token.children
        if c.dep_ in ("compound", "amod", "conj", "appos", "nmod")
    )


def _is_person_or_property(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return (
        lemma in PERSON_OBJECTS
        or lemma in PROPERTY_OBJECTS
        or token.pos_ == "PRON"
        or (token.ent_type_ == "ACTOR" and token.pos_ != "PROPN")
        or token.like_num
        and any(c.lemma_.lower() in PERSON_OBJECTS for c in token.head.children)
    )


def _territory_ok(token: Token, lexicon: Lexicon) -> bool:
    lemma = token.lemma_.lower()
    if _adjectival(token):
        return False
    if token.pos_ in ("NOUN", "PROPN"):
        # "the liberation of X", "the capture of X", "the fall of X"
        preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
        targets = [p for prep in preps for p in prep.children if p.dep_ == "pobj"]
        if lemma in ("fall", "seizure", "capture") and not targets:
            return False
        return not targets or any(_looks_like_place(t, lexicon) or t.pos_ == "PROPN" for t in targets)
    if token.tag_ == "VBN" and token.dep_ in ("acl", "relcl") and not any(c.dep_ == "aux" for c in token.children):
        return False  # "an area controlled by ISIS", "the town liberated last year"
    if any(c.dep_ == "auxpass" for c in token.children) and lemma == "control":
        return False
    objs = [_object_head(o) for o in _objects(token)]
    direct = [_object_head(c) for c in token.children if c.dep_ in ("dobj", "obj")]
    if lemma == "take":
        if any(o.lemma_.lower() in ("place", "part", "advantage", "care", "refuge", "shelter") for o in direct):
            return False
        if any(c.dep_ == "prt" and c.lower_ == "over" for c in token.children):
            return True
        return any(o.lemma_.lower() == "control" or _looks_like_place(o, lexicon) for o in direct)
    if objs and all(_is_person_or_property(o) for o in objs):
        return False
    if lemma in TERRITORY_VERBS_NEEDING_OBJECT:
        return any(o.lemma_.lower() == "control" or _looks_like_place(o, lexicon) for o in objs)
    return True


def _advance_ok(token: Token, lexicon: Lexicon) -> bool:
    if _adjectival(token):
        return False
    lemma = token.lemma_.lower()
    if lemma in ("enter", "reach", "approach", "penetrate"):
        objs = _objects(token) + [
            p for c in token.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"
        ]
        return any(_looks_like_place(o, lexicon) for o in objs)
    if lemma == "push" and token.pos_ == "VERB":
        return any(c.lower_ in ("forward", "toward", "towards", "into", "on") for c in token.subtree)
    return True


def _attack_ok(token: Token, lexicon: Lexicon) -> bool:
    lemma = token.lemma_.lower()
    if token.dep_ == "amod" and lemma != "target" and _adjectival(token):
        return False
    if lemma == "launch":
        return any(
            o.lemma_.lower() in {"attack", "offensive", "missile", "rocket", "strike", "airstrike", "assault",
                                  "raid", "operation", "drone", "shell", "barrage", "salvo", "campaign", "advance"}
            or o.lower_ in {"missiles", "rockets", "airstrikes", "strikes", "drones", "shells"}
            for o in _objects(token)
        )
    if lemma in ("fire", "hit", "strike", "target", "pound") and token.pos_ == "VERB":
        return True
    return True


# "fighters were clearing mines", "seized explosive devices": handling explosives is no explosion
EXPLOSIVE_HANDLING_VERBS = {"clear", "remove", "dismantle", "sweep", "plant", "lay", "find", "discover", "seize",
                            "confiscate", "search", "collect", "store", "smuggle", "manufacture", "make"}


def _ied_ok(token: Token) -> bool:
    if token.pos_ != "NOUN":
        return True
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if token.dep_ in ("dobj", "obj", "pobj", "conj", "nsubjpass") and head.lemma_.lower() in EXPLOSIVE_HANDLING_VERBS:
        return False  # ... "IEDs were discovered" too
    # "clearing mines" parsed as a compound noun, "mine clearance"
    handling = {v + "ing" for v in EXPLOSIVE_HANDLING_VERBS} | {"clearance", "removal", "demining", "disposal"}
    return not any(c.dep_ in ("compound", "amod") and c.lower_ in handling for c in token.children) and not (
        token.dep_ == "compound" and token.head.lower_ in handling)


def _hq_ok(token: Token) -> bool:
    bases = {"base", "headquarters", "post", "position", "checkpoint", "outpost", "camp", "point", "barracks", "hq"}
    return any(o.lemma_.lower() in bases for o in _objects(token))


def _disrupt_ok(token: Token, lexicon: Lexicon) -> bool:
    if token.pos_ != "VERB":
        return True
    weapon_words = {w.lower() for cat in ("air", "shell", "ied", "grenade") for w in lexicon.weapons[cat]}
    objs = _objects(token)
    return any(o.lower_ in weapon_words or o.lemma_.lower() in weapon_words or o.lemma_.lower() in
               {"bomb", "mine", "device", "belt", "vehicle", "car", "projectile", "drone", "missile", "rocket",
                "aircraft", "plane", "helicopter", "warplane", "jet", "uav", "ied", "vbied", "explosive"}
               for o in objs)


def _agree_ok(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if lemma == "sign" and token.pos_ == "VERB":
        return any(o.lemma_.lower() in {"agreement", "deal", "accord", "memorandum", "truce", "ceasefire", "pact"}
                   for o in _objects(token))
    if lemma == "accept" and token.pos_ == "VERB":
        # "accepted that federal troops will be stationed at the crossings", "accepted the ceasefire"
        return any(c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                   for c in token.children) or any(
            o.lemma_.lower() in {"agreement", "deal", "accord", "truce", "ceasefire", "cease-fire", "terms", "proposal",
                                 "plan", "deployment", "settlement", "offer"} for o in _objects(token))
    if lemma == "deal" and token.pos_ == "NOUN":
        return not any(c.lower_ in ("great", "good") for c in token.children)
    return token.dep_ not in ("compound",)


def _valid(frame: str, token: Token, lexicon: Lexicon) -> bool:
    if frame == "territory":
        return _territory_ok(token, lexicon)
    if frame == "advance":
        return _advance_ok(token, lexicon)
    if frame == "attack":
        return _attack_ok(token, lexicon)
    if frame == "hq":
        return _hq_ok(token)
    if frame == "ied":
        return _ied_ok(token)
    if frame == "disrupt":
        return _disrupt_ok(token, lexicon)
    if frame == "agree":
        return _agree_ok(token)
    if frame in ("arrest", "abduct") and _adjectival(token):
        return False
    if frame == "kill" and token.lemma_.lower() == "die" and token.pos_ != "VERB":
        return False
    return not (frame == "change" and _adjectival(token))


def phrase_matches(doc: Doc, matchers: LexiconMatchers) -> list[tuple[str, int, int]]:
    """(frame, start, end) of every multi-word trigger of the document (run once per doc)."""
    return matchers.phrases(doc)


def find_triggers(sent: Span, lexicon: Lexicon, phrases: list[tuple[str, int, int]]) -> list[TriggerHit]:
    """Every trigger of the sentence that survives its syntax check, in text order."""
    hits: list[TriggerHit] = []
    covered: set[tuple[int, str]] = set()
    doc = sent.doc
    for frame, start, end in phrases:
        if start < sent.start or end > sent.end:
            continue
        span = doc[start:end]
        head = span.root
        if frame == "territory" and head.lemma_.lower() in ("take", "gain") and not any(
            t.lower_ in ("control", "over") for t in span
        ):
            continue
        hits.append(TriggerHit(frame, head, start, end, f"phrase:{span.text.lower()}", lexicon.frames[frame].weight))
        for i in range(start, end):
            covered.add((i, frame))
    for token in sent:
        if token.is_punct or token.ent_type_ == "ACTOR" and token.pos_ == "PROPN":
            continue
        lemma = token.lemma_.lower()
        pos = token.pos_
        if pos == "PROPN" and token.is_title and (token.i == sent.start or doc[token.i - 1].is_punct):
            pos = "NOUN"  # "On 10 January 2020, Infighting reported ...": a common noun capitalised
        for spec in lexicon.frames_for(lemma, pos, token.text.isupper()):
            if (token.i, spec.name) in covered:
                continue
            if not _valid(spec.name, token, lexicon):
                continue
            hits.append(TriggerHit(spec.name, token, token.i, token.i + 1, f"lemma:{lemma}/{token.pos_}", spec.weight))
    hits.sort(key=lambda h: (h.start, h.rank))
    return hits


def find_weapons(sent: Span, matchers: LexiconMatchers) -> list[WeaponHit]:
    doc = sent.doc
    found: list[WeaponHit] = []
    for match_id, s, e in matchers.weapons(doc[sent.start : sent.end]):
        found.append(WeaponHit(doc.vocab.strings[match_id], s, e, doc[s:e].text))
    # Keep the longest of overlapping hits ("cruise missiles" over "missiles").
    found.sort(key=lambda w: (w.start, -(w.end - w.start)))
    kept: list[WeaponHit] = []
    for hit in found:
        if kept and hit.start < kept[-1].end:
            continue
        if kept and hit.start == kept[-1].end and hit.category == kept[-1].category:
            prev = kept.pop()  # "Kalibr" + "cruise missiles" -> "Kalibr cruise missiles"
            hit = WeaponHit(hit.category, prev.start, hit.end, doc[prev.start : hit.end].text)
        kept.append(hit)
    return kept


def main_trigger(hits: list[TriggerHit]) -> TriggerHit | None:
    if not hits:
        return None
    return min(hits, key=lambda h: (h.rank, -h.weight, h.start))
