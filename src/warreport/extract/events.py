"""Sentence by sentence through a report: event candidates, coreference, merging, records.

For each sentence the extractor finds its triggers, decides their certainty, resolves the
actors (with the report's memory for "government troops" or "they"), reads the date against
the report's timeline, picks the event's locations among the report's resolved places and
classifies the event. A sentence that only adds to the event before it ("2 fatalities.",
"The missiles destroyed several command points", "Clashes were accompanied by shelling")
is merged into that event instead of making a new one. Predicted and negated statements
become records flagged with their certainty; exports leave them out by default.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from warreport.extract import classify as cls
from warreport.extract.certainty import (
    CertaintyResult,
    framing_words,
    party_claim,
    trigger_certainty,
)
from warreport.extract.dates import DateContext, DateInfo, sentence_date
from warreport.extract.geocode import PlaceHit, geoparse_report, without_datelines
from warreport.extract.lexicon import Lexicon, LexiconMatchers, get_lexicon, get_matchers
from warreport.extract.places import (
    EventLocation,
    choose_locations,
    has_anaphora,
    keep_to_the_story,
    near_anaphora,
    sentence_hits,
    without_launch_points,
)
from warreport.extract.quantities import FatalityStatement, fatality_statement, sentence_quantities
from warreport.extract.roles import (
    PRONOUNS,
    SOURCE,
    ActorMemory,
    ActorMention,
    RoleAssignment,
    assign_roles,
    compose,
    mention_head,
    order_parties,
    resolve_mention,
)
from warreport.extract.triggers import (
    TriggerHit,
    find_triggers,
    find_weapons,
    main_trigger,
    phrase_matches,
)
from warreport.model import Certainty, Document, Quantity
from warreport.nlp.actors import ActorDictionary, get_actor_dictionary
from warreport.nlp.components import SPAN_KEY
from warreport.taxonomy import EVENT_TYPE_OF, EventType, SubEventType, precedence_rank

SYMMETRIC_FRAMES = {"clash", "agree"}
# Words of two-sided fighting: both parties act, so the state of the country is listed first.
SYMMETRIC_LEMMAS = {"clash", "fight", "battle", "engage", "skirmish", "confront", "confrontation", "fighting",
                    "firefight", "gunfight", "shootout", "exchange", "hostility", "combat", "engagement", "gunbattle"}
# Relative dates that place one event without moving the report's "current day".
MOVES_NOT_TIMELINE = {"inherited", "relative:earlier", "relative:last_week", "relative:this_week",
                      "relative:last_month", "relative:recent_weeks", "relative:since_then"}
VIOLENT_TYPES = {EventType.BATTLES, EventType.EXPLOSIONS, EventType.VIOLENCE_AGAINST_CIVILIANS}
CONSEQUENCE_FRAMES = {"kill", "destroy"}
OWN_DATE_EXCLUDED = ("inherited", "relative:same_day", "publication_date")
DEFINITE_FORCE_NOUNS = {"force", "troop", "unit", "fighter", "soldier", "militant", "army"}
ARMED_KINDS = {"state_military", "police", "unit", "militia", "rebel", "coalition", "operation"}
TERRITORY_SUBS = {SubEventType.GOVERNMENT_REGAINS_TERRITORY, SubEventType.NON_STATE_OVERTAKES_TERRITORY,
                  SubEventType.NON_VIOLENT_TRANSFER}
SINGLE_LOCATION_TYPES = {EventType.STRATEGIC_DEVELOPMENTS, EventType.PROTESTS, EventType.RIOTS}


@dataclass
class Candidate:
    """An event in the making, before it becomes an :class:`~warreport.model.Event`."""

    sub: SubEventType
    class_rule: str
    class_conf: float
    trigger: TriggerHit
    certainty: CertaintyResult
    roles: RoleAssignment
    location: EventLocation | None
    date: DateInfo | None
    country: str | None
    sentence: Span
    paragraph: int
    quantities: list[Quantity] = field(default_factory=list)
    stated: FatalityStatement | None = None
    weapons: list[str] = field(default_factory=list)
    framing: list[tuple[str, int, int]] = field(default_factory=list)
    share: int = 1  # number of locations the sentence's fatalities are split over
    merged: list[Span] = field(default_factory=list)
    own_places: bool = False
    theatre: frozenset[str] = frozenset()  # the countries the report's war is in
    home: str | None = None  # the country the report is mostly about

    @property
    def factual(self) -> bool:
        return self.certainty.certainty.is_factual


@dataclass
class ReportState:
    """The report's discourse: timeline, actors named so far, country, last event."""

    dates: DateContext
    memory: ActorMemory = field(default_factory=ActorMemory)
    country: str | None = None
    last: list[Candidate] = field(default_factory=list)  # the previous event (one per location)
    last_location: EventLocation | None = None
    # the places of the last sentence naming one, event or not: (paragraph, places); its
    # location is chosen only when a later event sentence names none
    named_hits: tuple[int, list[PlaceHit]] | None = None
    # the places of the sentence just read when it held no event (None when it held one)
    eventless_hits: list[PlaceHit] | None = None
    theatre: frozenset[str] = frozenset()
    home: str | None = None


@dataclass
class DocContext:
    nlp: Language
    lexicon: Lexicon
    matchers: LexiconMatchers
    dictionary: ActorDictionary
    phrases: list[tuple[str, int, int]]
    dates_hits: list[tuple[str, int, int]]
    no_resistance: list[tuple[int, int]]
    places: list[PlaceHit]


def _paragraph_of(offsets: list[tuple[int, int]], char: int) -> int:
    for i, (_, end) in enumerate(offsets):
        if char <= end:
            return i
    return max(0, len(offsets) - 1)


def _doc_context(nlp: Language, doc: Document, sdoc: Doc) -> DocContext:
    lexicon = get_lexicon()
    matchers = get_matchers(nlp)
    dictionary = get_actor_dictionary()
    dates_hits = [(sdoc.vocab.strings[m], sdoc[s].idx, sdoc[e - 1].idx + len(sdoc[e - 1])) for m, s, e in matchers.dates(sdoc)]
    no_res = [(sdoc[s].idx, sdoc[e - 1].idx + len(sdoc[e - 1])) for _, s, e in matchers.no_resistance(sdoc)]
    theatre: list[str] = []
    areas: list[str] = []
    likely: list[str] = []  # where parties of no one country, or states' forces abroad, fight most
    zone: list[int] = []  # the strips of land the report's operations hold (GeoNames ids of their towns)
    for span in sdoc.spans.get(SPAN_KEY, []):
        entry = dictionary.entries.get(span.kb_id_)
        if entry is None:
            continue
        if entry.country and entry.country not in theatre and entry.kind != "government" and entry.inter != 8:
            theatre.append(entry.country)
        likely.extend(c for c in entry.countries if c not in likely)  # ("ISIS": Syria, Iraq)
        areas.extend(a for a in dictionary.areas_of(entry.key) if a not in areas)
        zone.extend(g for g in entry.zone if g not in zone)
    blocked = [(s.start_char, s.end_char) for s in sdoc.spans.get(SPAN_KEY, [])] + _tribe_name_spans(sdoc.text)
    return DocContext(nlp, lexicon, matchers, dictionary, phrase_matches(sdoc, matchers), dates_hits, no_res,
                      geoparse_report(without_datelines(doc.text, lexicon.dateline), sdoc, theatre[:3], blocked,
                                      areas, likely=likely, zone=zone))


def _victim_target(sent: Span, trigger: TriggerHit, lexicon: Lexicon) -> str | None:
    """armed | civilian, from the nouns the violence was done to."""
    cands = []
    for tok in sent:
        if tok.dep_ in ("dobj", "nsubjpass", "pobj") and tok.pos_ in ("NOUN", "PROPN"):
            head = tok.head if tok.dep_ != "pobj" else tok.head.head
            if head.i == trigger.token.i or head.lemma_.lower() in ("kill", "wound", "injure", "target", "attack", "shoot",
                                                                     "abduct", "kidnap", "arrest", "detain", "execute"):
                cands.append(tok)
    for tok in cands:
        lemma = tok.lemma_.lower()
        mods = {c.lemma_.lower() for c in tok.children}
        if lemma in lexicon.armed_targets or mods & {"military", "former", "armed"}:
            return "armed"
        if lemma in lexicon.civilian_targets or "civilian" in mods:
            return "civilian"
    return None


def _sentence_actors(sent: Span, state: ReportState, ctx: DocContext) -> list[ActorMention]:
    mentions: list[ActorMention] = []
    for span in ctx_spans(sent):
        mention = resolve_mention(span, state.memory, state.country, ctx.dictionary)
        if mentions and mention.key and mentions[-1].key == mention.key and span.start - mentions[-1].span.end <= 2:
            continue  # "Syrian Arab Army (SAA)"
        prev = mentions[-1] if mentions else None
        if (prev is not None and prev.key and mention.key and ctx.dictionary[mention.key].parent == prev.key
                and (span.start == prev.span.end
                     or (span.start - prev.span.end == 1 and sent.doc[prev.span.end].lower_ in ("'s", "’s")))):
            mentions.pop()  # "the regime's 4th Armored Division", "regime military security": the unit acts
        mentions.append(mention)
    return mentions


def ctx_spans(sent: Span) -> list[Span]:
    return [s for s in sent.doc.spans.get(SPAN_KEY, []) if s.start >= sent.start and s.end <= sent.end]


def _pronoun_subject(trigger: TriggerHit) -> bool:
    tok = trigger.token
    for cand in (tok, tok.head):
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in PRONOUNS for c in cand.children):
            return True
    return False


def _agreement_parties(roles: RoleAssignment, trigger: TriggerHit, dictionary: ActorDictionary) -> None:
    """"Erbil accepted that federal troops will be stationed at the crossings": the forces an
    agreement provides for are not its parties; their state's government is (in place)."""
    content = [c for c in trigger.token.children if c.dep_ == "ccomp"]
    if not content:
        return
    for attr in ("actor1", "actor2"):
        m = getattr(roles, attr)
        if m is None or not m.key or m.span.start == m.span.end:
            continue
        head = mention_head(m.span)
        entry = dictionary[dictionary.family(m.key)]
        if entry.kind != "state_military" or not entry.country or not any(a in content for a in head.ancestors):
            continue
        government = dictionary.country_actor(entry.country, "government")
        other = roles.actor2 if attr == "actor1" else roles.actor1
        if government and government in dictionary and not (other is not None and other.key == government):
            setattr(roles, attr, ActorMention(government, m.span, "role:government_of_provided_forces", 0.6))
            setattr(roles, "rule1" if attr == "actor1" else "rule2", "role:government_of_provided_forces")
            # the other forces it provides for ("alongside Peshmerga units") are no parties either, and
            # the government named as a party's partner is that party now
            for group in ("assoc1", "assoc2"):
                setattr(roles, group, [a for a in getattr(roles, group) if a.key != government and not any(
                    x in content for x in mention_head(a.span).ancestors)])


def _definite_force_subject(trigger: TriggerHit) -> bool:
    """"the forces", "these troops" as the subject: a force named before, not a new one."""
    verb = trigger.token if trigger.token.pos_ in ("VERB", "AUX") else trigger.token.head
    for c in verb.children:
        if c.dep_ == "nsubj" and c.lemma_.lower() in DEFINITE_FORCE_NOUNS and any(
                d.dep_ == "det" and d.lower_ in ("the", "these", "those") for d in c.children) and not any(
                d.dep_ in ("amod", "compound") for d in c.children):
            return True
    return False


def _announcing_party(trigger: TriggerHit, mentions: list[ActorMention], lexicon: Lexicon,
                      dictionary: ActorDictionary) -> ActorMention | None:
    """"The army's general command announced the capture of the town": an armed party announcing
    a capture it names no author for announces its own (ACLED codes it as that party's claim)."""
    tok = trigger.token
    if tok.pos_ != "NOUN" or tok.dep_ not in ("dobj", "obj") or tok.head.lemma_.lower() not in lexicon.party_statements:
        return None
    if any(c.lower_ == "by" for c in tok.children):
        return None
    for m in mentions:
        if m.key and m.role == SOURCE and dictionary[dictionary.family(m.key)].kind in ARMED_KINDS:
            return ActorMention(m.key, m.span, "role:announcing_party", 0.55, role="agent")
    return None


def _possessed_shooter(trigger: TriggerHit, mentions: list[ActorMention], lexicon: Lexicon,
                       dictionary: ActorDictionary) -> ActorMention | None:
    """"Russia's Defence Ministry said one of its submarines ... launched": what fired belongs to
    the state named before "its"; that state's military acted."""
    verb = trigger.token if trigger.token.pos_ in ("VERB", "AUX") else trigger.token.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    poss = next((t for t in subj.subtree if t.dep_ == "poss" and t.lower_ in ("its", "their")), None)
    if poss is None or poss.head.lemma_.lower() not in lexicon.shooters:
        return None
    for m in reversed([m for m in mentions if m.span.end <= poss.i]):
        prefix, _, iso = m.span.kb_id_.partition(":")
        if m.key:
            country = dictionary[dictionary.family(m.key)].country
        else:  # "Russia's Defence Ministry": a state's organ the dictionary has no entry for
            country = iso.upper() if prefix in ("government", "military", "police") else None
        key = dictionary.country_actor(country, "state_military") if country else None
        if key is not None and key in dictionary:
            return ActorMention(key, m.span, "coref:possessor_of_shooter", 0.6)
    return None


def _party_countries(roles: RoleAssignment, dictionary: ActorDictionary) -> set[str]:
    out = set()
    for m in (roles.actor1, roles.actor2, *roles.assoc1, *roles.assoc2):
        if m is not None and m.key:
            country = dictionary[dictionary.family(m.key)].country
            if country:
                out.add(country)
    return out


def _speaker_countries(mentions: list[ActorMention], dictionary: ActorDictionary) -> dict[int, str | None]:
    """Token index -> country of the actor mention it is part of (for "the Syrian army said")."""
    out: dict[int, str | None] = {}
    for m in mentions:
        prefix, _, iso = m.span.kb_id_.partition(":")
        country = dictionary[dictionary.family(m.key)].country if m.key else (
            iso.upper() if prefix in ("government", "military", "police") else None)
        for tok in m.span:
            out[tok.i] = country
    return out


def _country_for(hits: list[PlaceHit], state: ReportState) -> str | None:
    for h in hits:
        if h.place is not None and h.place.iso and not h.is_country:
            return h.place.iso
    for h in hits:
        if h.place is not None and h.place.iso:
            return h.place.iso
    return state.country


_FEUD = re.compile(r"\b(?:two|rival|local)?\s*(?:families|clans|family members|relatives|cousins|residents|locals|villagers|"
                   r"tribesmen|members of (?:the )?same (?:family|clan|tribe))\b", re.IGNORECASE)
_SETTLEMENT = re.compile(r"\b(?:in|at|near)\s+((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)\s+(?:village|town|city|neighbou?rhood)\b"
                         r"|\bthe\s+(?:village|town)\s+of\s+((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)")
_TRIBE = re.compile(r"\b(?:the\s+)?((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)\s+(tribe|clan)\b")


# "Al Faraj and Al Kassar tribal militiamen", "the Shaitat Tribal Militia", "two tribal militias"
_TRIBAL_NOUN = r"(?i:(?:tribal|tribe)\s+(?:militia|militias|militiamen|militants|fighters|gunmen|members))\b"
_TRIBE_NAME = r"(?:(?:Al|al|Albu|Abu|Bani|Beni)[ -])?[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?"
_TRIBAL_PAIR = re.compile(rf"(?:\bbetween\s+(?:the\s+)?|^|,\s*)({_TRIBE_NAME})\s+(?:[Tt]ribal\s+)?and\s+({_TRIBE_NAME})\s+(?:{_TRIBAL_NOUN}|tribes\b)")
_TRIBAL_ONE = re.compile(rf"\b({_TRIBE_NAME})\s+{_TRIBAL_NOUN}")
_TRIBAL_ANY = re.compile(rf"\b{_TRIBAL_NOUN}|\b(?:two|rival|unknown|armed)\s+(?:armed\s+)?tribes\b", re.IGNORECASE)
# Words before "tribal militia" that are no tribe's name ("Two tribal militias", "Local tribal fighters")
_NOT_TRIBE = {"the", "a", "an", "two", "three", "several", "rival", "local", "armed", "unknown", "unidentified",
              "some", "other", "another", "on", "in", "and", "bedouin", "bedouins", "arab", "kurdish", "pro"}


def _tribal_parties(text: str) -> list[str]:
    """The tribes whose militias a sentence names, in order ("Unidentified" for an unnamed one)."""
    names: list[str] = []

    def add(name: str) -> None:
        name = re.sub(r"\s+(?:[Tt]ribal|[Tt]ribe)$", "", name.strip())
        if name.split()[0].lower().strip("'’-") in _NOT_TRIBE or name.lower() in _NOT_TRIBE:
            return
        if name not in names:
            names.append(name)

    for m in _TRIBAL_PAIR.finditer(text):
        add(m.group(1))
        add(m.group(2))
    for m in _TRIBAL_ONE.finditer(text):
        add(m.group(1))
    if not names and _TRIBAL_ANY.search(text):
        names.append("Unidentified")
    return names


def _tribe_name_spans(text: str) -> list[tuple[int, int]]:
    """Where a text names a tribe by its militia ("the Al Sayad tribal militia"): no place there."""
    out: list[tuple[int, int]] = []
    for pattern in (_TRIBAL_PAIR, _TRIBAL_ONE):
        for m in pattern.finditer(text):
            for g in range(1, (m.lastindex or 0) + 1):
                if m.group(g).split()[0].lower() not in _NOT_TRIBE:
                    out.append((m.start(g), m.end(g)))
    return out


def _communal_actor(sent: Span, hits: list[PlaceHit], frames: set[str]) -> str | None:
    """A feud between families or tribes: ACLED names the militia after the tribe or the place."""
    if not frames & {"clash", "attack", "kill"}:
        return None
    tribes = _tribal_parties(sent.text)
    if tribes:
        return f"tribal:{tribes[0]}"
    m = _TRIBE.search(sent.text)
    if m:
        return f"{'clan' if m.group(2) == 'clan' else 'tribal'}:{m.group(1).strip()}"
    if _FEUD.search(sent.text):
        local = [h for h in hits if not h.is_country and not h.is_admin and h.cue not in ("countryside", "province", "region")]
        place = next((h for h in local if h.place is None or h.sub_location), None) or next(iter(local), None)
        name = (place.sub_location or place.mention) if place else None
        m = _SETTLEMENT.search(sent.text)
        if m and (name is None or place is not None and place.place is not None and place.rule.endswith("context")
                  and m.group(1) != name):
            name = m.group(1) or m.group(2)
        if name:
            return f"communal:{name}"
    return None


# "Dar'a governorate", "Deir ez Zor countryside": a province, which names its country more surely than a town
_PROVINCE_CUES = ("province", "countryside")


def _report_country(ctx: DocContext, sdoc: Doc) -> str | None:
    """The country a report is mostly about: its places, else the home of its state actors."""
    votes: Counter[str] = Counter()
    for hit in ctx.places:
        if hit.place is not None and hit.place.iso:
            votes[hit.place.iso] += 1 if hit.is_country else (3 if hit.cue in _PROVINCE_CUES else 2)
    if votes:
        return votes.most_common(1)[0][0]
    for span in sdoc.spans.get(SPAN_KEY, []):
        entry = ctx.dictionary.entries.get(span.kb_id_)
        if entry is not None and entry.country and entry.inter != 8 and entry.kind not in ("government", "coalition"):
            votes[entry.country] += 1 if entry.inter == 1 else 2
        elif span.kb_id_.startswith(("military:", "police:")):
            votes[span.kb_id_.split(":", 1)[1]] += 1
    return votes.most_common(1)[0][0] if votes else None


def _report_theatre(ctx: DocContext, sdoc: Doc) -> frozenset[str]:
    """The countries a report's war is in: countries it names, countries of two or more of its
    places (a lone namesake abroad, "Airport" in the United States, is no evidence), and the
    home countries of the armed actors it names."""
    votes: Counter[str] = Counter()
    for hit in ctx.places:
        if hit.place is None or not hit.place.iso or "fallback" in hit.rule or "anchored" in hit.rule:
            continue
        # a country, or a province named as one ("Dar'a governorate"), is evidence enough alone
        votes[hit.place.iso] += 2 if hit.is_country or hit.cue in _PROVINCE_CUES else 1
    out = {iso for iso, n in votes.items() if n >= 2}
    for span in sdoc.spans.get(SPAN_KEY, []):
        entry = ctx.dictionary.entries.get(span.kb_id_)
        if entry is not None and entry.country and entry.kind not in ("government", "coalition"):
            out.add(entry.country)
        elif span.kb_id_.startswith(("military:", "police:")):
            out.add(span.kb_id_.split(":", 1)[1].upper())
    return frozenset(out)


def _remember_named_places(state: ReportState, paragraph: int, hits: list[PlaceHit]) -> None:
    if any(h.place is not None for h in hits):
        state.named_hits = (paragraph, hits)


def _place_of_previous_sentence(state: ReportState, paragraph: int, text: str) -> EventLocation | None:
    if state.named_hits is None or state.named_hits[0] != paragraph:
        return None
    named = [loc for loc in choose_locations(state.named_hits[1], single=True, text=text) if loc.place is not None]
    return named[0] if named else None


def _candidate(sent: Span, paragraph: int, state: ReportState, ctx: DocContext) -> list[Candidate]:
    lexicon, dictionary = ctx.lexicon, ctx.dictionary
    triggers = find_triggers(sent, lexicon, ctx.phrases)
    sent_dates = [h for h in ctx.dates_hits if sent.start_char <= h[1] and h[2] <= sent.end_char]
    date_info = sentence_date(sent.text, sent.start_char, state.dates, sent_dates)
    mentions_spans = ctx_spans(sent)
    blocked = [(s.start_char, s.end_char) for s in mentions_spans]
    hits = sentence_hits(ctx.places, sent.start_char, sent.end_char, blocked)
    hits = without_launch_points(hits, sent, lexicon.launch_verbs, lexicon.shooters)
    if state.last:
        hits = keep_to_the_story(hits, state.last_location)
    state.country = _country_for(hits, state)
    mentions = _sentence_actors(sent, state, ctx)
    if date_info is not None and date_info.rule not in MOVES_NOT_TIMELINE:
        state.dates.current = date_info
    if not triggers:
        for m in mentions:
            if m.key and m.rule == "actor_alias":
                state.memory.remember(m.key, dictionary)
        _remember_named_places(state, paragraph, hits)
        state.eventless_hits = hits
        return []
    state.eventless_hits = None
    scored = [(t, _attempt_is_fighting(t, trigger_certainty(t.token, sent, lexicon, ctx.matchers))) for t in triggers]
    factual = [(t, c) for t, c in scored if c.certainty.is_factual]
    reported = [(t, c) for t, c in factual if c.certainty is Certainty.REPORTED]
    pool = reported or factual or scored
    main = main_trigger([t for t, _ in pool])
    assert main is not None
    certainty = next(c for t, c in pool if t is main)
    frames = {t.frame for t, _ in pool}
    assign_roles(mentions, main.frame, main.frame in SYMMETRIC_FRAMES or bool(frames & SYMMETRIC_FRAMES))
    if main.rule.startswith(("phrase:come under", "phrase:came under")):
        for m in mentions:  # "X came under fire from Y": X is the target
            tok = mention_head(m.span)
            while tok.dep_ in ("compound", "amod", "nmod") and tok.head is not tok:
                tok = tok.head
            if m.role == "agent" and tok.dep_ in ("nsubj", "nsubjpass"):
                m.role = "patient"
    symmetric = main.frame == "agree" or (
        main.frame == "clash" and (main.token.lemma_.lower() in SYMMETRIC_LEMMAS or main.rule.startswith("phrase:exchange"))
    )
    roles = compose(mentions, main.start, dictionary, symmetric, main.token,
                    allow_civilian_agents=bool(frames & {"protest", "riot", "mob"}), frame=main.frame)
    if state.last and main.token.pos_ == "NOUN" and state.last[0].roles.actor1 is not None and any(
            c.dep_ == "det" and c.lower_ in ("the", "these", "this", "those") for c in main.token.children):
        # "... were killed in the clashes": the clashes just reported, with their parties
        prev_roles = state.last[0].roles
        roles = RoleAssignment(prev_roles.actor1, list(prev_roles.assoc1), prev_roles.actor2, list(prev_roles.assoc2),
                               "coref:definite_event", "coref:definite_event")
    if roles.actor1 is None:
        owned = _possessed_shooter(main, mentions, lexicon, dictionary)
        if owned is not None:
            roles.actor1, roles.rule1 = owned, "coref:possessor_of_shooter"
    if roles.actor1 is None and _pronoun_subject(main) and state.memory.last_actor1:
        roles.actor1 = ActorMention(state.memory.last_actor1, sent[0:0], "coref:pronoun", 0.5)
        roles.rule1 = "coref:pronoun"
    if roles.actor1 is None and _definite_force_subject(main) and state.memory.last_actor1:
        # "Commanders said the forces also secured the crossing": the forces just named
        roles.actor1 = ActorMention(state.memory.last_actor1, sent[0:0], "coref:definite_subject", 0.5)
        roles.rule1 = "coref:definite_subject"
    if roles.actor1 is None:
        announcer = _announcing_party(main, mentions, lexicon, dictionary)
        if announcer is not None:
            roles.actor1, roles.rule1 = announcer, "role:announcing_party"
    if main.frame == "agree":
        _agreement_parties(roles, main, dictionary)
    country = state.country
    if symmetric:
        order_parties(roles, country, dictionary)
    communal = _communal_actor(sent, hits, frames)
    if communal is not None and (roles.actor1 is None or dictionary[roles.actor1.key or ""].kind in ("civilians", "unidentified")
                                 if roles.actor1 and roles.actor1.key else True):
        span = sent[0:0]
        roles.actor1 = ActorMention(communal, span, "communal_feud", 0.6)
        roles.rule1 = "role:communal_feud"
        if roles.actor2 is None or (roles.actor2.key and dictionary[roles.actor2.key].kind in ("civilians", "unidentified")):
            tribes = _tribal_parties(sent.text) if communal.startswith("tribal:") else []
            other = f"tribal:{tribes[1]}" if len(tribes) > 1 else communal  # "between the A and B tribal militias"
            roles.actor2 = ActorMention(other, span, "communal_feud", 0.6)
            roles.rule2 = "role:communal_feud"
    for m in mentions:
        if m.key and m.rule == "actor_alias":
            state.memory.remember(m.key, dictionary)
    if certainty.certainty is Certainty.REPORTED and certainty.rule == "default" and roles.actor1 is not None:
        claim = party_claim(sent, _party_countries(roles, dictionary), _speaker_countries(mentions, dictionary), lexicon,
                            dictionary.country_of_demonym)
        certainty = claim or certainty
    weapons = [w for w in find_weapons(sent, ctx.matchers)
               if not any(s.start <= w.start and w.end <= s.end for s in mentions_spans)]  # "Air Force Intelligence"
    lemmas = {t.lemma_.lower() for t in sent}
    inter1 = dictionary.inter_code(roles.actor1.key, country) if roles.actor1 and roles.actor1.key else None
    inter2 = dictionary.inter_code(roles.actor2.key, country) if roles.actor2 and roles.actor2.key else None
    no_res = any(sent.start_char <= a and b <= sent.end_char for a, b in ctx.no_resistance)
    fighting = bool(lemmas & lexicon.fighting_cues - {main.token.lemma_.lower()})
    decision = cls.classify(cls.ClassifyInput(
        frames=frames, main_frame=main.frame, weapons={w.category for w in weapons}, inter1=inter1, inter2=inter2,
        target=_victim_target(sent, main, lexicon), no_resistance=no_res, fighting=fighting, lemmas=lemmas,
        unrecognised_taker=roles.actor1 is None and _unrecognised_subject(main, [m.span for m in mentions if m.key]),
    ))
    event_type = EVENT_TYPE_OF[decision.sub_event_type]
    # a handover of several places is one change of control per place, like a capture
    single = (event_type in SINGLE_LOCATION_TYPES and decision.sub_event_type is not SubEventType.NON_VIOLENT_TRANSFER)
    locations = choose_locations(hits, single=single or not certainty.certainty.is_factual, text=sent.doc.text)
    own_places = any(loc.geo_precision != 3 for loc in locations)  # a country or province alone is no place of its own
    if not locations and state.last_location is not None and (has_anaphora(sent.text) or state.last):
        prev = state.last_location
        near = near_anaphora(sent.text)
        precision = max(prev.geo_precision or 1, 2) if near and prev.geo_precision != 3 else prev.geo_precision
        locations = [EventLocation(prev.place, prev.name, precision,
                                   "discourse:near_previous_location" if near else "discourse:previous_location",
                                   0.5, [], prev.mention)]
    elif not locations and not state.last and (before := _place_of_previous_sentence(state, paragraph, sent.doc.text)):
        # "Rebels stopped an IS attack in Hajar Aswad. The rebels demolished the tunnel.": an event
        # naming no place, after a sentence of the paragraph that names one and no event before
        locations = [EventLocation(before.place, before.name, before.geo_precision, "discourse:place_of_previous_sentence",
                                   0.4, list(before.sub_locations), before.mention)]
    _remember_named_places(state, paragraph, hits)
    quantities = sentence_quantities(sent)
    stated = fatality_statement(sent.text, sent.start_char)
    base = Candidate(
        sub=decision.sub_event_type, class_rule=decision.rule, class_conf=decision.confidence,
        trigger=main, certainty=certainty, roles=roles, location=None,
        date=date_info or state.dates.default(), country=country, sentence=sent, paragraph=paragraph,
        quantities=quantities, stated=stated,
        weapons=[w.text for w in weapons if w.category in ("air", "shell", "ied", "grenade", "chemical", "firearms")],
        framing=framing_words(sent, lexicon, ctx.matchers), share=max(1, len(locations)), own_places=own_places,
        theatre=state.theatre, home=state.home,
    )
    if not locations:
        return [base]
    out = []
    for loc in locations:
        cand = Candidate(**{
            **base.__dict__, "location": loc, "country": (loc.country or country),
            "quantities": list(base.quantities), "weapons": list(base.weapons), "framing": list(base.framing),
            "merged": [], "roles": copy.copy(base.roles),
        })
        out.append(cand)
    return out


ATTEMPT_RULES = ("intention:attempt", "intention:try", "intention:bid", "intention:effort")


def _attempt_is_fighting(trigger: TriggerHit, result: CertaintyResult) -> CertaintyResult:
    """An attempt to advance or attack is fighting that happened; an attempt to capture is not a capture."""
    if result.rule.startswith(ATTEMPT_RULES) and trigger.frame != "territory":
        return CertaintyResult(Certainty.REPORTED, "attempt_is_an_event", 0.7, result.cue)
    return result


def _is_consequence(cand: Candidate) -> bool:
    """A sentence that only adds outcomes to the event before it."""
    if cand.trigger.frame == "kill" and cand.trigger.token.pos_ == "NOUN" and cand.stated is not None:
        return True  # "Fatalities split between 7 locations as follows: ..."
    if cand.trigger.frame == "destroy" and cand.roles.actor1 is None:
        return True  # "A tank and a BMP were destroyed in the cemeteries area"
    if cand.own_places:
        return False
    if cand.trigger.frame in CONSEQUENCE_FRAMES or cand.stated is not None:
        return cand.roles.actor1 is None or cand.roles.rule1.startswith("coref")
    return False


def _unrecognised_subject(trigger: TriggerHit, actor_spans: list[Span]) -> bool:
    """The trigger's clause has a subject that holds no known actor ("Jaish al-Mujahideen
    clashed with JFS, taking control over it", "Pro-government forces captured the village")."""
    verb = trigger.token if trigger.token.pos_ in ("VERB", "AUX") else trigger.token.head
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "agent")), None)
        if subj is not None:
            if subj.lower_ in PRONOUNS or subj.pos_ == "PRON":
                return False
            words = {t.i for t in subj.subtree}
            return not any(sp.start in words or (sp.end - 1) in words for sp in actor_spans)
        if verb.dep_ not in ("advcl", "xcomp", "conj") or verb.head is verb:
            return False
        verb = verb.head
    return False


def _names_nothing(cand: Candidate) -> bool:
    """No party, no victims, no toll: nothing an event record could be about (the place aside)."""
    return (cand.roles.actor1 is None and cand.roles.actor2 is None and not cand.quantities and cand.stated is None
            and cand.trigger.frame not in ("protest", "riot"))


def _refers_back(cand: Candidate) -> bool:
    """A definite event noun ("the advance", "the renewed assault") with no place and no named
    actor of its own refers to an event already coded: it adds none."""
    tok = cand.trigger.token
    if tok.pos_ != "NOUN" or cand.own_places:
        return False
    if not any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "its", "their")
               for c in tok.children):
        return False
    if cand.date is not None and cand.date.rule not in OWN_DATE_EXCLUDED:
        return False  # "announced the capture of the town on 9 November": an event of its own day
    named = [m for m in (cand.roles.actor1, cand.roles.actor2) if m is not None and not m.rule.startswith("coref")]
    return not named


def _same_location(a: EventLocation | None, b: EventLocation | None) -> bool:
    if a is None or b is None or a.place is None or b.place is None:
        return False
    return a.place.geonameid == b.place.geonameid and a.name == b.name and a.sub_locations == b.sub_locations


def _same_side(a: str | None, b: str | None, dictionary: ActorDictionary) -> bool:
    """One force and one side: the Peshmerga are a unit of Iraq's forces in ACLED's names, but
    not on Baghdad's side when they hand Kirkuk over."""
    if a is None or b is None:
        return True
    return _same_family(a, b, dictionary) and dictionary[a].side == dictionary[b].side


def _same_family(a: str | None, b: str | None, dictionary: ActorDictionary) -> bool:
    if a is None or b is None:
        return True
    return dictionary.family(a) == dictionary.family(b)


def _should_merge(prev: Candidate, cand: Candidate, dictionary: ActorDictionary) -> bool:
    if prev.paragraph != cand.paragraph or not cand.factual or not prev.factual:
        return False
    if _elaborates(prev, cand, dictionary):
        return True
    if cand.own_places and (cand.location is None or prev.location is None or cand.location.name != prev.location.name
                            or cand.location.sub_locations):
        return False
    own_date = cand.date is not None and cand.date.rule not in OWN_DATE_EXCLUDED
    if own_date and (prev.date is None or cand.date is None or cand.date.event_date != prev.date.event_date):
        return False
    if _is_consequence(cand):
        return True
    if _elaborates(prev, cand, dictionary):
        return True
    a1 = cand.roles.actor1.key if cand.roles.actor1 else None
    p1 = prev.roles.actor1.key if prev.roles.actor1 else None
    p2 = prev.roles.actor2.key if prev.roles.actor2 else None
    a2 = cand.roles.actor2.key if cand.roles.actor2 else None
    same_actor = (a1 is None or _same_family(a1, p1, dictionary) or (p2 is not None and _same_family(a1, p2, dictionary))
                  or p2 is None or (a2 is not None and (_same_family(a2, p1, dictionary) or _same_family(a2, p2, dictionary))))
    kinds = {EVENT_TYPE_OF[prev.sub], EVENT_TYPE_OF[cand.sub]}
    return same_actor and kinds <= VIOLENT_TYPES


def _elaborates(prev: Candidate, cand: Candidate, dictionary: ActorDictionary) -> bool:
    """The sentence after a capture names what was taken or how, in the same place on the same
    day: "Syrian troops captured several neighbourhoods in the north of Dayr az-Zawr city. Tiger
    Forces units and the Republican Guard took the Kanamat, Khassarat and Badr districts."; "...
    took control of Kirkuk. Counter-Terrorism Service troops entered the governor's office."."""
    if prev.sub not in TERRITORY_SUBS or prev.location is None or prev.location.place is None:
        return False
    a1, p1 = (cand.roles.actor1.key if cand.roles.actor1 else None), (prev.roles.actor1.key if prev.roles.actor1 else None)
    if a1 is None or p1 is None or not _same_side(a1, p1, dictionary):
        return False
    if prev.date is not None and cand.date is not None and cand.date.event_date != prev.date.event_date:
        return False
    loc = cand.location
    if cand.sub in TERRITORY_SUBS and loc is not None and loc.place is not None:
        # the same place, its parts named now and not before
        return (loc.place.geonameid == prev.location.place.geonameid and bool(loc.sub_locations)
                and not prev.location.sub_locations)
    return cand.trigger.frame == "advance" and not cand.own_places


def _merge(prev: Candidate, cand: Candidate) -> None:
    if prev.location is None and cand.location is not None and cand.location.place is not None:
        # "Clashes ... killing 14 soldiers. A tank and a BMP were destroyed in ... Deir-Ez-Zor."
        prev.location, prev.country, prev.own_places = cand.location, cand.country, cand.own_places
    if (prev.sub in TERRITORY_SUBS and cand.sub in TERRITORY_SUBS and prev.location is not None
            and cand.location is not None and cand.location.sub_locations and not prev.location.sub_locations):
        # the capture's parts named in the next sentence: the record is about them
        prev.location = cand.location
        prev.own_places = True
    if cand.roles.actor1 is not None and prev.roles.actor1 is not None and cand.roles.actor1.key != prev.roles.actor1.key \
            and all(cand.roles.actor1.key != a.key for a in prev.roles.assoc1):
        prev.roles.assoc1.append(cand.roles.actor1)  # "Tiger Forces units ... took": a unit of the same side
    upgrades = cand.trigger.frame not in CONSEQUENCE_FRAMES and not cand.class_rule.startswith("default:")
    if EVENT_TYPE_OF[prev.sub] is EventType.EXPLOSIONS and not {cand.trigger.frame} & {"clash", "advance", "territory"}:
        upgrades = False  # "command posts and militants were hit": what the strike hit, not a ground battle
    if prev.sub in TERRITORY_SUBS:
        upgrades = False  # a takeover stays one, however its details are told
    if upgrades and EVENT_TYPE_OF[cand.sub] in VIOLENT_TYPES and precedence_rank(cand.sub) < precedence_rank(prev.sub):
        prev.sub, prev.class_rule, prev.class_conf = cand.sub, cand.class_rule + "+merged", cand.class_conf
        if prev.roles.actor1 is None and cand.roles.actor1 is not None:
            prev.roles.actor1, prev.roles.rule1 = cand.roles.actor1, cand.roles.rule1
    if prev.roles.actor1 is None and cand.roles.actor1 is not None:
        prev.roles.actor1, prev.roles.rule1 = cand.roles.actor1, cand.roles.rule1
    if prev.roles.actor2 is None and cand.roles.actor2 is not None:
        cand_a2 = cand.roles.actor2.key
        if not prev.roles.actor1 or cand_a2 != prev.roles.actor1.key:
            prev.roles.actor2, prev.roles.rule2 = cand.roles.actor2, cand.roles.rule2 + "+merged"
    for extra in cand.roles.assoc1:
        if all(extra.key != a.key for a in prev.roles.assoc1) and (not prev.roles.actor1 or extra.key != prev.roles.actor1.key):
            prev.roles.assoc1.append(extra)
    prev.quantities.extend(cand.quantities)
    if cand.stated is not None:
        prev.stated = cand.stated if prev.stated is None else prev.stated.merge(cand.stated)
    prev.weapons.extend(w for w in cand.weapons if not any(w.lower() in p.lower() for p in prev.weapons))
    prev.framing.extend(cand.framing)
    prev.merged.append(cand.sentence)


@dataclass
class ExtractionResult:
    candidates: list[Candidate]
    published: date | None


def run_document(nlp: Language, doc: Document, sdoc: Doc) -> ExtractionResult:
    """All event candidates of one parsed document, merged, in text order."""
    ctx = _doc_context(nlp, doc, sdoc)
    offsets = doc.paragraph_offsets()
    home = _report_country(ctx, sdoc)
    state = ReportState(DateContext(doc.published), country=home, theatre=_report_theatre(ctx, sdoc), home=home)
    out: list[Candidate] = []
    last_paragraph = -1
    for sent in sdoc.sents:
        if not sent.text.strip():
            continue
        paragraph = _paragraph_of(offsets, sent.start_char)
        if paragraph != last_paragraph:
            state.last = []
            last_paragraph = paragraph
        cands = _candidate(sent, paragraph, state, ctx)
        if not cands:
            _locate_from_next_sentence(state, sent)
            continue
        first = cands[0]
        if _is_consequence(first) and first.certainty.certainty is not Certainty.PREDICTED:
            for prev in state.last:  # "There were no fatalities." belongs to the event before it
                _merge(prev, first)
            continue
        if state.last and len(cands) == 1 and _should_merge(state.last[0], first, ctx.dictionary):
            for prev in state.last:
                _merge(prev, first)
            continue
        if _is_consequence(first) and not state.last:
            continue  # "There were no casualties." with nothing before it: not an event
        if not state.last and _refers_back(first):
            continue  # "The advance met little resistance inside the city.": the takeover already coded
        prev_here = state.last[0] if state.last else None
        if prev_here is not None and first.roles.actor1 is None and EVENT_TYPE_OF[first.sub] in VIOLENT_TYPES:
            for c in cands:  # "Clashes also took place in X": the same parties as just before
                c.roles.actor1, c.roles.rule1 = prev_here.roles.actor1, "coref:previous_event"
                if c.roles.actor2 is None or (c.roles.actor1 and c.roles.actor2.key == c.roles.actor1.key):
                    c.roles.actor2, c.roles.rule2 = prev_here.roles.actor2, "coref:previous_event"
        if first.roles.actor2 is None and EVENT_TYPE_OF[first.sub] is EventType.BATTLES:
            earlier = next((c for c in reversed(out) if c.factual and c.roles.actor2), None)
            if earlier and earlier.roles.actor2 and first.roles.actor1 and earlier.roles.actor1 and \
                    _same_family(first.roles.actor1.key, earlier.roles.actor1.key, ctx.dictionary):
                for c in cands:
                    c.roles.actor2, c.roles.rule2 = earlier.roles.actor2, "coref:previous_opponent"
        if first.roles.actor2 is None and first.roles.actor1 is not None and first.sub in TERRITORY_SUBS:
            # "IS fighters had retaken most of Abu Kamal": from whoever the report last had take it
            holder = next((c for c in reversed(out) if c.factual and c.sub in TERRITORY_SUBS and c.roles.actor1
                           and _same_location(c.location, first.location)), None)
            if holder is not None and holder.roles.actor1 is not None and not _same_side(
                    holder.roles.actor1.key, first.roles.actor1.key, ctx.dictionary):
                for c in cands:
                    c.roles.actor2, c.roles.rule2 = holder.roles.actor1, "coref:previous_holder"
        if first.factual and _names_nothing(first) and all(c.location is None for c in cands):
            continue  # neither who nor where ("The renewed assault was supported by air strikes."): no event
        out.extend(cands)
        if first.factual:
            state.last = cands
            state.dates.last_event = first.date
            if first.location is not None:
                state.last_location = first.location
            if first.roles.actor1 and first.roles.actor1.key:
                state.memory.last_actor1 = first.roles.actor1.key
            if first.roles.actor2 and first.roles.actor2.key:
                state.memory.last_actor2 = first.roles.actor2.key
    _share_fatality_statements(out)
    return ExtractionResult(out, doc.published)


def _locate_from_next_sentence(state: ReportState, sent: Span) -> None:
    """An event that names no place, located by the eventless sentence right after it in its
    paragraph: "... killed an Iraqi volunteer. The incident took place in Hole camp in Al-Hasakeh
    countryside."; "... against 3rd Corps supported by JaS: Levant Front in Kafr Ghan town" (a
    sentence the parser cut at a colon)."""
    hits = state.eventless_hits
    if not hits or not state.last or any(c.location is not None for c in state.last) or not state.last[0].factual:
        return
    prev = state.last[0]
    if prev.sentence.end_char > sent.start_char or sent.start_char - prev.sentence.end_char > 2:
        return  # (only the very next sentence)
    located = [loc for loc in choose_locations(hits, single=True, text=sent.doc.text) if loc.place is not None]
    if not located:
        return
    loc = replace(located[0], rule="discourse:place_of_next_sentence", confidence=0.5)
    for c in state.last:
        c.location, c.country = loc, loc.country or c.country
    state.last_location = loc


def _share_fatality_statements(cands: list[Candidate]) -> None:
    """A paragraph's fatality statement ("Unknown fatalities coded as 10 and split between 4
    locations") covers all its events, also those of sentences before it."""
    by_paragraph: dict[int, list[Candidate]] = {}
    for c in cands:
        if c.factual:
            by_paragraph.setdefault(c.paragraph, []).append(c)
    for group in by_paragraph.values():
        stated = [c.stated for c in group if c.stated is not None and (c.stated.total is not None or c.stated.by_place)]
        if not stated:
            continue
        shared = stated[0]
        for extra in stated[1:]:
            if extra is not shared:
                shared = shared.merge(extra)
        for c in group:
            if c.stated is None or (c.stated.total is None and not c.stated.by_place):
                c.stated = shared if c.stated is None else c.stated.merge(shared)
                if shared.split == 0:  # "split between the locations" without saying how many
                    c.share = max(c.share, len(group))
