"""Who did what to whom: actor mentions of a sentence resolved and given event roles.

Mentions come from the actor entity ruler. Generic ones ("government troops", "the army")
and pronouns resolve by coreference to the last named actor of that kind in the report, or
to the state of the country the report is talking about ("In Iraq, the army ...").
Roles come from the dependency parse: subjects and "by"-agents act, objects, passive
subjects and "against"/"on"/"from" phrases undergo, "between X and Y" names both sides,
"supported by"/"alongside" add associated actors, "operating under" names the operation
ACLED codes as the main actor, and "ISIS-held town" names the defender of a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from warreport.extract.lexicon import get_lexicon
from warreport.nlp.actors import ActorDictionary

AGENT, PATIENT, SIDE_A, SIDE_B, ASSOC, HOLDER, OPERATION, DESCRIPTOR, SOURCE, CONTEXT, UNKNOWN = (
    "agent", "patient", "side_a", "side_b", "assoc", "holder", "operation", "descriptor", "source", "context",
    "unknown",
)
VICTIM = "victim"
INTERNAL = "internal"
BELIEVED = re.compile(r"\b(?:believed to (?:be|belong to)|suspected(?: of being)?|affiliated (?:with|to)|"
                      r"belonging to|likely|reportedly|said to be)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)
REPEL_VERBS = {"repel", "repulse", "thwart", "foil", "counter", "confront", "resist"}
REPORT_VERBS = {"report", "say", "claim", "announce", "state", "confirm", "deny", "tell", "add", "note",
                "document", "accuse", "blame", "publish", "post", "allege", "indicate", "mention", "reveal"}
SUPPORT_VERBS = {"support", "back", "assist", "aid", "accompany", "join", "reinforce", "cover", "help",
                 "supply", "arm", "escort", "lead", "sponsor", "fund", "train", "ally", "affiliate"}
SUPPORT_NOUNS = {"support", "backing", "help", "assistance", "coordination", "cooperation", "cover", "aid",
                 "participation", "involvement"}
WITH_OPPONENT = {"clash", "fight", "battle", "engage", "skirmish", "confrontation", "exchange", "fighting",
                 "firefight", "gunfight", "war", "conflict", "dispute", "shootout", "combat", "engagement",
                 "altercation", "quarrel", "barrage", "fire", "shelling", "gunfire", "targeting", "rocket",
                 "shell", "strike", "salvo"}
TARGET_PREPS = {"against", "on", "upon", "at", "targeting", "toward", "towards", "into", "onto"}
ASSOC_PREPS = {"alongside", "along", "beside", "besides", "plus"}
HOLD_VERBS = {"hold", "control", "occupy"}
WITHDRAW_VERBS = {"withdraw", "leave", "pull", "retreat", "flee", "evacuate", "abandon", "depart", "vacate"}
HOLD_WORDS = {"held", "controlled", "occupied", "run", "dominated", "besieged"}
PART_NOUNS = {"position", "post", "checkpoint", "member", "fighter", "base", "convoy", "vehicle", "headquarters",
              "element", "cell", "point", "site", "unit", "patrol", "soldier", "commander", "leader", "officer",
              "militant", "group", "ranks", "gathering", "depot", "defence", "defense", "line", "fortification",
              "stronghold", "area", "personnel", "car", "tank", "truck", "camp", "prison", "outpost", "barracks"}
VICTIM_NOUNS = {"body", "corpse", "death", "casualty", "fatality", "loss", "remains"}
PRONOUNS = {"they", "it", "he", "she", "them", "we"}
VICTIM_FRAMES = {"kill", "attack", "abduct", "destroy", "arrest"}  # "an attempt on X's life": X is the target
MEMBER_NOUNS = {"member", "faction", "fighter", "element", "militant", "rank", "unit", "group"}
EACH_OTHER = re.compile(r"\b(?:one[- ]another|each other|among themselves|amongst themselves)\b", re.IGNORECASE)


@dataclass
class ActorMention:
    key: str | None
    span: Span
    rule: str
    confidence: float
    role: str = UNKNOWN
    anchor: int | None = None  # token an associated actor attaches to ("regime forces supported by QSD")

    @property
    def start(self) -> int:
        return int(self.span.start)

    @property
    def text(self) -> str:
        return str(self.span.text)


@dataclass
class RoleAssignment:
    actor1: ActorMention | None = None
    assoc1: list[ActorMention] = field(default_factory=list)
    actor2: ActorMention | None = None
    assoc2: list[ActorMention] = field(default_factory=list)
    rule1: str = ""
    rule2: str = ""


@dataclass
class ActorMemory:
    """What the report has said about actors so far (for coreference)."""

    last_by_kind: dict[str, str] = field(default_factory=dict)
    last_by_country_kind: dict[tuple[str, str], str] = field(default_factory=dict)
    last_actor1: str | None = None
    last_actor2: str | None = None
    last_paragraph: int = -1

    def remember(self, key: str, dictionary: ActorDictionary) -> None:
        """Note a named actor; generic mentions later resolve to its force as a whole."""
        kind = coref_kind(key, dictionary)
        if kind:
            root = dictionary.family(key)
            self.last_by_kind[kind] = root
            country = dictionary[root].country
            if country:
                self.last_by_country_kind[(country, kind)] = root


def coref_kind(key: str, dictionary: ActorDictionary) -> str | None:
    family = dictionary[dictionary.family(key)]
    if family.kind in ("state_military", "government", "police"):
        return family.kind
    return None


def resolve_mention(span: Span, memory: ActorMemory, country: str | None, dictionary: ActorDictionary) -> ActorMention:
    """An actor key for a mention from the ruler (alias, demonym, generic)."""
    kb = span.kb_id_
    rule = span.id_ or "actor_alias"
    if kb in dictionary:
        return ActorMention(kb, span, rule, 0.9 if rule == "actor_alias" else 0.75)
    if ":" in kb:
        prefix, value = kb.split(":", 1)
        if prefix in ("military", "government", "police"):
            kind = {"military": "state_military"}.get(prefix, prefix)
            key = dictionary.country_actor(value, kind)
            conf = 0.6 if rule.startswith("fuzzy") else 0.85
            return ActorMention(key if key in dictionary else None, span, rule, conf)
        if prefix == "generic":
            kind = value
            key = None
            how = "coref:"
            if country:
                key = memory.last_by_country_kind.get((country, kind))
                how += "last_named_in_country" if key else ""
                if key is None:
                    key = dictionary.country_actor(country, kind)
                    how += "country_of_report"
            if key is None:
                key = memory.last_by_kind.get(kind)
                how += "last_named"
            return ActorMention(key if key in dictionary else None, span, how, 0.6)
    return ActorMention(None, span, rule, 0.3)


MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
               "sept", "oct", "nov", "dec"}


def _is_date_phrase(prep: Token) -> bool:
    """"On 5 December 2019, regime forces ...": the parser may hang the subject on the date."""
    return prep.lower_ in ("on", "in", "since", "during", "around", "by") and any(
        t.lower_ in MONTH_WORDS or (t.like_num and len(t.text) == 4) for t in prep.subtree
    )


def _prep_role(mention_root: Token, prep: Token, frame: str, depth: int) -> tuple[str, Token | None]:
    p = prep.lower_
    gov = prep.head
    if _is_date_phrase(prep):
        return UNKNOWN, None
    if p in ("amid", "during", "despite", "following", "after", "before"):
        return CONTEXT, None
    if p == "by" or prep.dep_ == "agent":
        if gov.lemma_.lower() in SUPPORT_VERBS:
            return ASSOC, gov.head
        return AGENT, None
    if p == "between":
        return SIDE_A, None
    if p in ("under", "within", "in") and gov.lemma_.lower() in ("operate", "work", "fight", "act", "serve", "participate"):
        return OPERATION, gov.head
    if p == "of" and gov.lower_ == "part" and gov.head.lower_ in ("as", "within") :
        return OPERATION, None
    if p == "of" and gov.lemma_.lower() in SUPPORT_NOUNS:
        return ASSOC, None
    if p in TARGET_PREPS:
        if gov.lower_ in ("along", "together") or gov.lemma_.lower() in SUPPORT_NOUNS:
            return ASSOC, None
        return PATIENT, None
    if p == "from":
        if gov.lemma_.lower() in ("fire", "attack", "shelling", "strike", "gunfire", "targeting", "ambush"):
            return AGENT, None  # "came under fire from unidentified gunmen"
        return (PATIENT, None) if frame in ("territory", "transfer", "advance", "clash") else (UNKNOWN, None)
    if p in ("among", "amongst", "within") and (gov.lemma_.lower() in WITH_OPPONENT or frame == "clash"):
        return INTERNAL, None  # "clashes (took place) among pro-Iran militias": the group fought itself
    if p == "with":
        together = any(c.lower_ in ("together", "alongside", "jointly") for c in (*gov.children, *prep.children))
        if together and gov.dep_ in ("advcl", "acl", "relcl", "conj"):
            return ASSOC, gov.head  # "the Tiger Forces, fighting together with the Republican Guard, liberated ..."
        if gov.lemma_.lower() in WITH_OPPONENT or gov.lower_ in WITH_OPPONENT:
            return PATIENT, None
        if gov.lower_ in ("along", "together", "alongside") or gov.lemma_.lower() in SUPPORT_NOUNS:
            return ASSOC, gov.head
        return ASSOC, None
    if p in ASSOC_PREPS or (p == "including" and depth == 0):
        return ASSOC, None
    if (p == "of" and gov.dep_ == "pobj" and gov.head.lower_ == "between" and frame == "clash"
            and gov.lemma_.lower() in MEMBER_NOUNS
            and not any(c.dep_ == "conj" for c in (*gov.children, *mention_root.children))):
        return INTERNAL, None  # "clashes between members of the Sharqiya Army": the group fought itself
    if p == "of" and gov.pos_ in ("NOUN", "PROPN"):
        return _token_role(gov, frame, depth + 1)
    return UNKNOWN, None


@lru_cache(maxsize=1)
def event_nouns() -> frozenset[str]:
    """Nouns that name an event ("shelling", "attack"): a modifier of one is its agent."""
    lexicon = get_lexicon()
    words: set[str] = set()
    for frame in lexicon.frames.values():
        words |= frame.nouns
    for cat in ("air", "shell"):
        words |= {w.lower() for w in lexicon.weapons[cat] if " " not in w}
    return frozenset(words - PART_NOUNS - VICTIM_NOUNS)


def _token_role(tok: Token, frame: str, depth: int = 0) -> tuple[str, Token | None]:
    """Role of the word ``tok`` heads, and the token an associated actor attaches to."""
    if depth > 4:
        return UNKNOWN, None
    dep = tok.dep_
    head = tok.head
    if dep in ("aux", "auxpass") and tok.pos_ in ("AUX", "PROPN", "NOUN"):
        return AGENT, None  # "IS attacked ..." parsed with "IS" as the verb "is"
    if dep in ("nsubj", "csubj"):
        if (frame in ("territory", "transfer") and head.lemma_.lower() in WITHDRAW_VERBS and head.dep_ == "advcl"
                and any(c.dep_ == "mark" and c.lower_ in ("after", "as", "when", "once", "since") for c in head.children)):
            return PATIENT, None  # "took Kirkuk after Peshmerga units withdrew": who held it and left
        if (head.lemma_.lower() in HOLD_VERBS and head.dep_ in ("relcl", "acl", "conj", "ccomp")
                and (head.tag_ in ("VBZ", "VBP") or any(c.lower_ == "still" for c in head.children))):
            return HOLDER, None  # "around Albu Kamal, the last town ISIS still holds": the defender
        if head.lemma_.lower() in SUPPORT_VERBS and head.dep_ in ("relcl", "acl"):
            return ASSOC, head.head
        if head.lemma_.lower() in REPORT_VERBS:
            return SOURCE, None
        return AGENT, None
    if dep == "nsubjpass":
        return PATIENT, None
    if dep in ("dobj", "obj", "dative", "attr"):
        if head.lemma_.lower() == "ally" and head.dep_ == "conj":
            return ASSOC, head.head  # "Iraqi troops and allied Popular Mobilisation Forces" (mis-parsed as a verb)
        if head.lemma_.lower() in SUPPORT_VERBS:
            return UNKNOWN, None
        return PATIENT, None
    if dep == "pobj":
        if head.lower_ == "to" and head.head.lower_ == "according":
            return SOURCE, None
        return _prep_role(tok, head, frame, depth)
    if dep in ("compound", "amod", "nmod", "poss", "npadvmod"):
        if head.lemma_.lower() in VICTIM_NOUNS:
            return PATIENT, None  # "a QSD member's body", "regime casualties"
        if head.lemma_.lower() in event_nouns() or head.lower_ in event_nouns():
            # "regime shelling", "ISIS attack" act; "supported by Coalition airstrikes" assists
            outer, anchor = _token_role(head, frame, depth + 1)
            return (outer, anchor) if outer in (ASSOC, SOURCE, CONTEXT) else (AGENT, None)
        return _token_role(head, frame, depth + 1)  # "QSD military point", "ISIS fighters"
    if dep in ("conj", "appos"):
        return _token_role(head, frame, depth + 1)
    if dep == "ROOT" and tok.pos_ in ("NOUN", "PROPN"):
        return AGENT, None  # headline-like "ISIS fighters in X ..." / "SAA advance"
    return UNKNOWN, None


def _is_holder(span: Span) -> bool:
    doc = span.doc
    i = span.end
    if i + 1 < len(doc) and doc[i].text in ("-", "–") and doc[i + 1].lower_ in HOLD_WORDS:
        return True
    return i < len(doc) and doc[i].lower_.lstrip("-") in HOLD_WORDS and doc[i].idx == span.end_char


def _is_descriptor(span: Span) -> bool:
    doc = span.doc
    i = span.end
    return (
        i + 1 < len(doc)
        and doc[i].text in ("-", "–")
        and doc[i + 1].lower_ in ("backed", "supported", "aligned", "affiliated", "affiliate", "allied", "linked",
                                  "trained", "sponsored", "led", "run", "loyal")
    )


def mention_head(span: Span) -> Token:
    """The word that attaches a mention to the sentence: its last token whose head lies outside."""
    outside = [t for t in span if (t.head.i < span.start or t.head.i >= span.end or t.head is t) and t.pos_ not in ("DET", "PUNCT")]
    return outside[-1] if outside else span.root


def assign_roles(mentions: list[ActorMention], frame: str, symmetric: bool) -> None:
    """Set ``role`` on every mention (in place)."""
    for m in mentions:
        if _is_holder(m.span):
            m.role = HOLDER
            continue
        if _is_descriptor(m.span):
            m.role = DESCRIPTOR
            continue
        root = mention_head(m.span)
        role, anchor = _token_role(root, frame)
        m.anchor = anchor.i if anchor is not None else None
        if role == SIDE_A and root.dep_ == "conj":
            role = SIDE_B
        if role == SIDE_A:
            # "between X against Y": the "against" phrase is side B.
            pass
        m.role = role
    if symmetric:
        against = [m for m in mentions if m.role == PATIENT and mention_head(m.span).head.lower_ == "against"]
        if against and any(o.role == SIDE_A for o in mentions):
            # "between X and Y against Z": X and Y are one side, Z the other
            for m in mentions:
                if m.role == SIDE_B and m.start < against[0].start:
                    m.role = SIDE_A
        for m in mentions:
            if m.role == PATIENT and any(o.role == SIDE_A for o in mentions):
                m.role = SIDE_B


def _group_main(group: list[ActorMention], dictionary: ActorDictionary) -> tuple[ActorMention | None, list[ActorMention]]:
    named = [m for m in group if m.key]
    if not named:
        return None, []
    ops = [m for m in named if dictionary[m.key].operation]  # type: ignore[index]
    main = ops[0] if ops else None
    if main is not None:
        main = _leading_state(main, named, dictionary) or main
    if main is None:
        families = {dictionary.family(m.key) for m in named}  # type: ignore[arg-type]
        parents = [m for m in named if m.key in families]
        main = parents[0] if parents else named[0]
    assoc: list[ActorMention] = []
    seen = {main.key}
    for m in named:
        if m.key not in seen:
            seen.add(m.key)
            assoc.append(m)
    return main, assoc


def _leading_state(op: ActorMention, named: list[ActorMention], dictionary: ActorDictionary) -> ActorMention | None:
    """"Turkish forces and Olive Branch factions": the military of the state that leads the
    operation, named on its side, is the main actor (ACLED's convention for such operations)."""
    lead = dictionary[op.key].led_by  # type: ignore[index]
    state = dictionary.country_actor(lead, "state_military") if lead else None
    if state is None:
        return None
    named_state = next((m for m in named if m.key and dictionary.family(m.key) == state), None)
    return named_state or _leading_demonym(op, lead, state, dictionary)  # type: ignore[arg-type]


# Words that may stand between "Turkish and" and the operation in one noun phrase ("Turkish and
# allied rebel and Islamist Olive Branch factions"); anything else (a verb, "against") ends it.
_LEAD_GAP_STOP = {"against", "by", "from", "on", "in", "at", "near", "as", "while", "after", "to", "of", "between"}


def _leading_demonym(op: ActorMention, lead: str, state: str, dictionary: ActorDictionary) -> ActorMention | None:
    """"Turkish and JSH Olive Branch forces", "Turkish-led Operation Olive Branch forces": the
    leading state's bare demonym, joined to the operation's forces by "and", "along with" or
    "-led", names its military ("Turkish-backed" factions are not Turkey's military)."""
    doc = op.span.doc
    sent_start = op.span.sent.start
    for i in range(op.span.start - 1, max(sent_start, op.span.start - 12) - 1, -1):
        tok = doc[i]
        if tok.is_sent_start and i != sent_start:
            break
        if tok.lower_ in ("led", "-", "allied"):
            continue
        if tok.pos_ in ("VERB", "AUX") or tok.lower_ in _LEAD_GAP_STOP or tok.text in (".", ";", ":"):
            return None
        if dictionary.country_of_demonym(tok.text) != lead or not tok.is_title:
            continue
        nxt = [t.lower_ for t in doc[i + 1 : i + 3]]
        joined = nxt[:1] == ["and"] or nxt == ["along", "with"] or nxt == ["-", "led"] or nxt[:1] == ["led"]
        if not joined:
            return None
        return ActorMention(state, doc[i : i + 1], "leading_state_demonym", op.confidence, op.role, op.anchor)
    return None


def _subject_before_verb(mentions: list[ActorMention], trigger: Token | None) -> None:
    """A verb the parser left without a subject ("..., regime and allied militias advanced to ...")
    takes the actors written right before it, if nothing else acts."""
    if trigger is None or any(m.role in (AGENT, SIDE_A) for m in mentions):
        return
    verb = trigger if trigger.pos_ == "VERB" else trigger.head
    while verb.dep_ in ("xcomp", "ccomp", "conj") and verb.head.pos_ == "VERB" and verb.head.i < verb.i:
        verb = verb.head
    if verb.pos_ != "VERB" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return
    before = [m for m in mentions if m.key and 0 <= verb.i - m.span.end <= 1]
    if not before:
        return
    group = {before[-1].start}
    for m in reversed(mentions):  # the coordination the last mention closes: "regime and ... militias"
        if m.span.end <= before[-1].span.start and m.key:
            gap = before[-1].span.doc[m.span.end : before[-1].span.start]
            if all(t.lower_ in ("and", ",", "allied", "the", "its") or t.pos_ in ("ADJ", "DET") for t in gap):
                group.add(m.start)
    for m in mentions:
        if m.start in group:
            m.role = AGENT


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency arcs between two words of one sentence."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return 99


def _coordinated(m: ActorMention, group: list[ActorMention], dictionary: ActorDictionary) -> bool:
    """"X and Y", and "the Tiger Forces of the Syrian Arab Army": the unit's own force acts with it."""
    head = mention_head(m.span)
    tokens = {t.i for g in group for t in g.span}
    if head.dep_ == "conj" and head.head.i in tokens:
        return True
    if not (head.dep_ == "pobj" and head.head.lower_ == "of" and m.key):
        return False
    owners = [g for g in group if g.key and head.head.head.i in {t.i for t in g.span}]
    return any(g.key != m.key and dictionary.family(g.key) == m.key for g in owners)  # type: ignore[arg-type]


def compose(
    mentions: list[ActorMention],
    trigger_start: int,
    dictionary: ActorDictionary,
    symmetric: bool = False,
    trigger: Token | None = None,
    allow_civilian_agents: bool = False,
    frame: str = "",
) -> RoleAssignment:
    """actor1/assoc1/actor2/assoc2 from mentions with roles."""
    _subject_before_verb(mentions, trigger)
    by_role: dict[str, list[ActorMention]] = {}
    for m in mentions:
        if m.key is None or m.role in (DESCRIPTOR, SOURCE):
            continue
        role = m.role
        if role in (AGENT, SIDE_A, SIDE_B, PATIENT) and dictionary[m.key].kind == "civilians" and not allow_civilian_agents:
            role = VICTIM  # "1 civilian died due to clashes with the YPG": a victim, not a party
        by_role.setdefault(role, []).append(m)
    if trigger is not None and trigger.lemma_.lower() in REPEL_VERBS and len(by_role.get(AGENT, [])) > 1:
        # "rebels repelled an infiltration attempt by regime forces": the attempt's author attacked
        by_agent = [a for a in by_role[AGENT] if mention_head(a.span).head.lower_ == "by"]
        if by_agent:
            subjects = [a for a in by_role[AGENT] if a not in by_agent]
            by_role[AGENT] = by_agent
            by_role.setdefault(PATIENT, [])[:0] = subjects
    if trigger is not None and len(by_role.get(AGENT, [])) > 1:
        agents = by_role[AGENT]
        best = min(tree_distance(mention_head(a.span), trigger) for a in agents)
        near = [a for a in agents if tree_distance(mention_head(a.span), trigger) <= best + 1]
        by_role[AGENT] = near + [a for a in agents if a not in near and _coordinated(a, near, dictionary)]
    if not by_role.get(AGENT) and not by_role.get(SIDE_A) and not by_role.get(PATIENT) and by_role.get(INTERNAL):
        inner = by_role[INTERNAL][0]
        return RoleAssignment(inner, [], inner, [], "role:internal_fighting", "role:internal_fighting")
    if symmetric and by_role.get(SIDE_A) and by_role.get(AGENT) and trigger is not None and trigger.pos_ == "NOUN":
        # "clashes took place between X and Y as Turkish forces shelled ...": the parties are X and Y
        by_role.setdefault(ASSOC, []).extend(by_role.pop(AGENT))
    side1 = by_role.get(AGENT, []) or by_role.get(SIDE_A, [])
    rule1 = "role:subject" if by_role.get(AGENT) else ("role:between" if side1 else "")
    side2 = by_role.get(PATIENT, []) or by_role.get(SIDE_B, [])
    rule2 = "role:object" if by_role.get(PATIENT) else ("role:between" if side2 else "")
    if not side2 and by_role.get(VICTIM):
        side2, rule2 = by_role[VICTIM][:1], "role:victim"
    if by_role.get(AGENT) and by_role.get(SIDE_A) and not by_role.get(PATIENT):
        side2 = by_role[SIDE_A]
        rule2 = "role:between"
    if symmetric and side1 and not side2:
        fams = [dictionary.family(m.key) for m in side1 if m.key]
        if len(set(fams)) > 1:
            first = fams[0]
            side2 = [m for m in side1 if m.key and dictionary.family(m.key) != first]
            side1 = [m for m in side1 if m not in side2]
            rule1 = rule2 = "role:coordinated_parties"
    unknown = by_role.get(UNKNOWN, [])
    if symmetric and not side1 and side2:
        fams = [dictionary.family(m.key) for m in side2 if m.key]
        if len(set(fams)) > 1:  # "A rebel was killed in clashes with regime forces": both took part
            first = fams[0]
            side1 = [m for m in side2 if m.key and dictionary.family(m.key) == first]
            side2 = [m for m in side2 if m not in side1]
            rule1 = rule2 = "role:both_sides_of_clash"
    if not side1:
        before = [m for m in unknown if m.start < trigger_start]
        if before:
            side1, rule1 = [before[0]], "role:first_mention"
        elif not side2 and not by_role.get(HOLDER) and not by_role.get(ASSOC) and frame not in VICTIM_FRAMES:
            # "Movement of forces: a Russian convoy headed to X": the only actor named is the one acting
            only = [m for m in unknown if m.key and dictionary[m.key].kind != "civilians"]
            if only and len({dictionary.family(m.key) for m in only if m.key}) == 1:
                side1, rule1 = [only[0]], "role:only_actor"
    if symmetric and side1 and not side2 and mentions and EACH_OTHER.search(mentions[0].span.sent.text):
        inner = side1[0]  # "X members clashed with one another": the group fought itself
        return RoleAssignment(inner, [], inner, [], "role:internal_fighting", "role:internal_fighting")
    if not side2:
        fam1 = {dictionary.family(m.key) for m in side1 if m.key}
        rest = [m for m in unknown if m not in side1 and m.key and dictionary.family(m.key) not in fam1]
        holders = [m for m in by_role.get(HOLDER, []) if m.key and dictionary.family(m.key) not in fam1]
        if holders:
            side2, rule2 = [holders[0]], "role:holder_of_place"
        elif rest:
            side2, rule2 = [rest[0]], "role:other_mention"
    ops = by_role.get(OPERATION, [])
    assoc_all = by_role.get(ASSOC, [])
    if symmetric and side1 and not side2 and assoc_all:
        # "between regime forces backed by allied militias and Jaysh al Islam": the last one is the other side
        fam1 = {dictionary.family(m.key) for m in side1 if m.key}
        others = [m for m in assoc_all if m.key and dictionary.family(m.key) not in fam1
                  and mention_head(m.span).dep_ == "conj"]
        if others:
            side2, rule2 = [others[-1]], "role:between_after_support"
            assoc_all = [m for m in assoc_all if m is not others[-1]]
    main1, assoc1 = _group_main(side1 + [m for m in ops if not side2 or m.start < side2[0].start], dictionary)
    main2, assoc2 = _group_main(side2 + [m for m in ops if side2 and m.start > side2[0].start], dictionary)
    if main1 is not None and main2 is not None and main1.key == main2.key and main1.role in (SIDE_A, AGENT) and main2.role in (SIDE_B,):
        pass  # intra-group fighting ("QSD detained QSD members") keeps both
    # Associated actors attach to the side whose mention precedes them most closely.
    for m in assoc_all:
        anchor_side = 1
        if m.anchor is not None and (side1 or side2):
            in1 = any(s.span.start <= m.anchor < s.span.end for s in side1)
            in2 = any(s.span.start <= m.anchor < s.span.end for s in side2)
            anchor_side = 2 if in2 and not in1 else 1
        elif side2 and side1:
            d1 = min(abs(m.start - s.start) for s in side1)
            d2 = min(abs(m.start - s.start) for s in side2)
            anchor_side = 1 if d1 <= d2 else 2
        elif side2 and not side1:
            anchor_side = 2
        target = assoc1 if anchor_side == 1 else assoc2
        main = main1 if anchor_side == 1 else main2
        if main is None and anchor_side == 1:
            main1 = m
            continue
        if main is not None and m.key != main.key and all(m.key != a.key for a in target):
            target.append(m)
    if main1 is not None and main2 is not None and main1.key == main2.key and main1.start == main2.start:
        main2 = None
    if main1 is not None and main1.key and dictionary[main1.key].kind == "unidentified":
        # "unknown gunmen believed to be IS members": the suspected actor is coded
        for m in mentions:
            if m.key and m is not main1 and m.start > main1.start and m.key != (main2.key if main2 else None):
                left = m.span.doc[max(main1.span.end, m.span.start - 8) : m.span.start].text + " "
                if BELIEVED.search(left):
                    main1, rule1 = m, rule1 + "+suspected_actor"
                    break
    return RoleAssignment(main1, assoc1, main2, assoc2, rule1, rule2)


def party_rank(key: str, country: str | None, dictionary: ActorDictionary) -> int:
    """Order of the parties of a two-sided event: the state of the country first, then a regional
    government, then foreign states, then everyone else (ACLED lists the state as actor 1)."""
    family = dictionary[dictionary.family(key)]
    if family.kind in ("state_military", "government", "police") and country and family.country == country:
        return 0
    if family.kind == "regional_government":
        return 1
    return 3


NAMED_ARMED_KINDS = {"rebel", "militia", "operation"}


def order_parties(
    roles: RoleAssignment, country: str | None, dictionary: ActorDictionary, *, only_named_armed: bool = False
) -> None:
    """Swap the sides so the state of the country comes first: in a two-sided event (clash between,
    agreement) always; with ``only_named_armed``, in any battle with a named armed group (an
    attack by unidentified gunmen or by a foreign army keeps its attacker first, as ACLED does)."""
    if roles.actor1 is None or roles.actor2 is None or not roles.actor1.key or not roles.actor2.key:
        return
    if only_named_armed and dictionary[dictionary.family(roles.actor1.key)].kind not in NAMED_ARMED_KINDS:
        return
    if party_rank(roles.actor2.key, country, dictionary) < party_rank(roles.actor1.key, country, dictionary):
        roles.actor1, roles.actor2 = roles.actor2, roles.actor1
        roles.assoc1, roles.assoc2 = roles.assoc2, roles.assoc1
        roles.rule1, roles.rule2 = roles.rule2 + "+state_first", roles.rule1 + "+state_first"
