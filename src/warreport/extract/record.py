"""Turn an event candidate into the ACLED-style :class:`~warreport.model.Event` record.

Names and inter codes come from the actor dictionary for the event's day and country; the
fatality count follows ACLED's rules; every field records the rule that set it, its
confidence and the text it came from (``fields_provenance``).
"""

from __future__ import annotations

from datetime import date

from warreport.extract.events import Candidate
from warreport.extract.roles import ActorMention, RoleAssignment
from warreport.model import Document, Event, Provenance, Quantity, make_event_id
from warreport.nlp.actors import ActorDictionary
from warreport.taxonomy import (
    EVENT_TYPE_OF,
    EventType,
    Inter,
    SubEventType,
    plover_type,
    territory_sub_event,
)

TERRITORY = {SubEventType.GOVERNMENT_REGAINS_TERRITORY, SubEventType.NON_STATE_OVERTAKES_TERRITORY}
NON_LETHAL = {SubEventType.PEACEFUL_PROTEST, SubEventType.PROTEST_WITH_INTERVENTION, SubEventType.AGREEMENT,
              SubEventType.HEADQUARTERS_ESTABLISHED, SubEventType.CHANGE_TO_GROUP, SubEventType.ARRESTS,
              SubEventType.NON_VIOLENT_TRANSFER}


def _mention_prov(m: ActorMention, role_rule: str, source: str) -> Provenance:
    span = m.span
    has_text = span.end > span.start
    return Provenance(
        rule=f"{role_rule}|{m.rule}" if role_rule else m.rule,
        confidence=round(m.confidence, 3),
        start_char=span.start_char if has_text else None,
        end_char=span.end_char if has_text else None,
        text=source[span.start_char : span.end_char] if has_text else None,
    )


def _text(source: str, m: ActorMention | None) -> str | None:
    if m is None or m.span.end <= m.span.start:
        return None
    return source[m.span.start_char : m.span.end_char]


def _default_actor(cand: Candidate, role: int, dictionary: ActorDictionary) -> tuple[str, str] | None:
    """ACLED's conventional actor when the text names none (protesters, victims, unknown attackers)."""
    event_type = EVENT_TYPE_OF[cand.sub]
    if role == 1:
        if event_type is EventType.PROTESTS:
            return "protesters", "default:protesters"
        if event_type is EventType.RIOTS:
            return "rioters", "default:rioters"
        if event_type in (EventType.EXPLOSIONS, EventType.VIOLENCE_AGAINST_CIVILIANS):
            if cand.sub is SubEventType.AIR_DRONE_STRIKE:
                return "unidentified_military", "default:unidentified_aircraft"
            return "unidentified_armed_group", "default:unidentified_perpetrator"
        if event_type is EventType.BATTLES and cand.roles.actor2 is not None and cand.trigger.frame in (
                "kill", "attack", "abduct", "destroy"):
            return "unidentified_armed_group", "default:unidentified_perpetrator"  # "a fighter's body was found"
    if role == 2 and event_type is EventType.VIOLENCE_AGAINST_CIVILIANS:
        return "civilians", "default:civilian_victims"
    if role == 2 and cand.class_rule == "target:civilians":
        return "civilians", "default:civilian_victims"
    return None


def _with_share(cand: Candidate, share: int) -> Candidate:
    import copy

    clone = copy.copy(cand)
    clone.share = share
    return clone


def _share(total: int, share: int, index: int) -> int:
    """ACLED spreads a total evenly over the events of a report; the first takes the remainder."""
    share = max(1, share)
    return total // share + (total % share if index == 0 else 0)


def _fatalities(cand: Candidate, index: int, doc: Document) -> tuple[int, Provenance]:
    stmt = cand.stated
    loc = cand.location
    if stmt is not None:
        def where(rule: str) -> Provenance:
            return Provenance(rule=rule, confidence=0.9, start_char=stmt.start_char, end_char=stmt.end_char,
                              text=stmt.text or None)

        names = [loc.mention, loc.name, *loc.sub_locations] if loc else []
        allotted = stmt.for_place(names, doc.text[cand.sentence.start_char : cand.sentence.end_char])
        if allotted is not None:
            return allotted, where("fatalities:allocated_to_place")
        if stmt.each is not None and (stmt.split is not None or cand.share > 1):
            return stmt.each, where("fatalities:each")
        if stmt.total is not None:
            parts = stmt.split if stmt.split else (cand.share if stmt.split == 0 or cand.share > 1 else 1)
            rule = f"fatalities:{stmt.rule}" + (f":split{parts}" if parts > 1 else "")
            return _share(stmt.total, parts, index), where(rule)
        if stmt.zero and not any(q.kind == "fatalities" and q.count for q in cand.quantities):
            return 0, Provenance(rule="fatalities:stated_none", confidence=0.9)
    killed = [q for q in cand.quantities if q.kind == "fatalities" and q.count is not None]
    if cand.sub in NON_LETHAL:
        killed = []  # a protest about an old fire, an agreement after a battle: not this event's dead
    if killed:
        total = sum(q.count or 0 for q in killed)
        vague = any("(vague)" in q.text for q in killed)
        if stmt is not None and stmt.split and stmt.split > cand.share:
            cand = _with_share(cand, stmt.split)  # "six and four were killed ... spread across the two events"
        rule = "fatalities:sum_of_killed" + (":acled_vague_number" if vague else "")
        rule += f":split{cand.share}" if cand.share > 1 else ""
        return _share(total, cand.share, index), Provenance(rule=rule, confidence=0.6 if vague else 0.75,
                                                          start_char=killed[0].start_char, end_char=killed[-1].end_char,
                                                          text="; ".join(q.text for q in killed))
    return 0, Provenance(rule="fatalities:none_stated", confidence=0.7)


def _requote(q: Quantity, source: str) -> Quantity:
    """The quantity's words as the document has them (the parser saw "IZ" for "IS")."""
    if q.start_char is None or q.end_char is None:
        return q
    suffix = " (vague)" if q.text.endswith("(vague)") else ""
    return q.model_copy(update={"text": source[q.start_char : q.end_char] + suffix})


def build_event(cand: Candidate, doc: Document, dictionary: ActorDictionary, index: int = 0) -> Event:
    loc = cand.location
    country = (loc.country if loc else None) or cand.country
    if country and cand.theatre and country not in cand.theatre and (cand.home or cand.country) in cand.theatre:
        # a place far outside the report's war (a namesake abroad) makes nobody foreign there:
        # names ("Islamic State (Syria)") and inter codes keep to the report's country
        country = cand.home if cand.home in cand.theatre else cand.country
    when: date | None = cand.date.event_date if cand.date else None
    prov: dict[str, Provenance] = {}
    roles = cand.roles

    # "Islamic State (Syria)": a per-country name takes the event's country, else (a place in a
    # country the dictionary cannot name, or none) the country the report is about
    named_in = country if dictionary.country_name(country) else (cand.home or cand.country)
    if not dictionary.country_name(named_in):
        # still none (the places lie in countries the dictionary cannot name): the one country
        # the report's actors are at home in ("Iraqi army" -> "Islamic State (Iraq)")
        homes = sorted(c for c in cand.theatre if dictionary.country_name(c))
        if len(homes) == 1:
            named_in = homes[0]

    def name(key: str) -> str:
        return dictionary.acled_name(key, when, named_in)

    a1_key = roles.actor1.key if roles.actor1 else None
    a2_key = roles.actor2.key if roles.actor2 else None
    if roles.actor1 is not None and a1_key:
        prov["actor1"] = _mention_prov(roles.actor1, roles.rule1, doc.text)
    else:
        default = _default_actor(cand, 1, dictionary)
        if default:
            a1_key = default[0]
            prov["actor1"] = Provenance(rule=default[1], confidence=0.5)
    if roles.actor2 is not None and a2_key:
        prov["actor2"] = _mention_prov(roles.actor2, roles.rule2, doc.text)
    else:
        default = _default_actor(cand, 2, dictionary)
        if default and default[0] != a1_key:
            a2_key = default[0]
            prov["actor2"] = Provenance(rule=default[1], confidence=0.5)
    event_type = EVENT_TYPE_OF[cand.sub]
    if event_type is EventType.PROTESTS and a1_key and dictionary[a1_key].kind in ("state_military", "police", "unit"):
        # "security forces dispersed a protest": the protesters are actor 1, the force intervenes
        a2_key, a1_key = a1_key, "protesters"
        prov["actor2"], prov["actor1"] = prov["actor1"], Provenance(rule="default:protesters_of_dispersed_protest",
                                                                    confidence=0.6)
        roles = RoleAssignment(None, [], roles.actor1, list(roles.assoc1), "", roles.rule1)
    if event_type in (EventType.PROTESTS, EventType.RIOTS) and a2_key and roles.actor2 is not None \
            and roles.actor2.rule.startswith("coref") and dictionary[a2_key].kind == "state_military":
        police = dictionary.country_actor(dictionary[a2_key].country or "", "police")
        if police:
            a2_key = police  # "security forces dispersed the protest": the police, as ACLED codes it
    if a1_key == "civilians" and event_type in (EventType.PROTESTS, EventType.RIOTS):
        a1_key = "protesters" if event_type is EventType.PROTESTS else "rioters"
        prov["actor1"] = Provenance(rule=prov["actor1"].rule + "|civilians_protesting", confidence=0.7,
                                    start_char=prov["actor1"].start_char, end_char=prov["actor1"].end_char,
                                    text=prov["actor1"].text)
    inter1 = dictionary.inter_code(a1_key, country) if a1_key else None
    inter2 = dictionary.inter_code(a2_key, country) if a2_key else None
    sub = cand.sub
    class_rule = cand.class_rule
    if sub in TERRITORY and inter1 is not None:
        sub = territory_sub_event(inter1)
    if sub is SubEventType.ARRESTS and inter1 is not None and inter1 != Inter.STATE_FORCES:
        sub, class_rule = SubEventType.ABDUCTION, class_rule + "+non_state_detention"
    assoc1 = [name(m.key) for m in roles.assoc1 if m.key and m.key != a1_key]
    assoc2 = [name(m.key) for m in roles.assoc2 if m.key and m.key != a2_key]
    for label, group, rule in (("assoc_actor_1", roles.assoc1, roles.rule1), ("assoc_actor_2", roles.assoc2, roles.rule2)):
        if group:
            prov[label] = Provenance(rule=f"{rule}|assoc", confidence=0.6,
                                     text="; ".join(doc.text[m.span.start_char:m.span.end_char] for m in group))
    if a1_key:
        prov["inter1"] = Provenance(rule="actor_dictionary:inter" + (":external" if inter1 == 8 else ""), confidence=0.9)
    if a2_key:
        prov["inter2"] = Provenance(rule="actor_dictionary:inter" + (":external" if inter2 == 8 else ""), confidence=0.9)
    trig = cand.trigger
    prov["sub_event_type"] = Provenance(rule=f"{class_rule}|trigger:{trig.rule}", confidence=round(cand.class_conf, 3),
                                        start_char=trig.start_char, end_char=trig.end_char,
                                        text=doc.text[trig.start_char:trig.end_char])
    prov["event_type"] = Provenance(rule="taxonomy:event_type_of_sub_event_type", confidence=round(cand.class_conf, 3))
    prov["plover_type"] = Provenance(rule="taxonomy:plover_mapping", confidence=round(cand.class_conf * 0.9, 3))
    if cand.date is None:
        prov["event_date"] = Provenance(rule="date:unknown_no_publication_date", confidence=0.0)
    else:
        d = cand.date
        prov["event_date"] = Provenance(rule=d.rule, confidence=d.confidence, start_char=d.start_char,
                                        end_char=d.end_char, text=d.text or None)
    if loc is not None:
        prov["location"] = Provenance(rule=loc.rule, confidence=loc.confidence, start_char=loc.start_char,
                                      end_char=loc.end_char, text=loc.mention or None)
        if loc.place is None:
            prov["latitude"] = Provenance(rule="geocode:unresolved", confidence=0.0)
    else:
        prov["location"] = Provenance(rule="place:none_found", confidence=0.0)
    fatalities, fprov = _fatalities(cand, index, doc)
    prov["fatalities"] = fprov
    c = cand.certainty
    prov["certainty"] = Provenance(rule=c.rule, confidence=c.confidence, text=c.cue or None)
    framing: list[str] = []
    for text, _, _ in cand.framing:
        if text.lower() not in (f.lower() for f in framing):
            framing.append(text)
    if framing:
        prov["framing"] = Provenance(rule="lexicon:framing", confidence=0.8, start_char=cand.framing[0][1],
                                     end_char=cand.framing[0][2], text=", ".join(framing))
    if cand.quantities:
        prov["quantities"] = Provenance(rule="parse:number_of_noun", confidence=0.7)
    if cand.weapons:
        prov["weapons"] = Provenance(rule="lexicon:weapons", confidence=0.8, text=", ".join(cand.weapons))
    sent = cand.sentence
    place = loc.place if loc else None
    location_name = loc.name if loc else None
    sentence_text = doc.text[sent.start_char : sent.end_char].strip()
    notes = " ".join([sentence_text] + [doc.text[s.start_char : s.end_char].strip() for s in cand.merged])
    return Event(
        event_id=make_event_id(doc.doc_id, sent.start_char, sub.value, location_name),
        doc_id=doc.doc_id,
        event_date=when,
        date_start=cand.date.start if cand.date else None,
        date_end=cand.date.end if cand.date else None,
        time_precision=cand.date.precision if cand.date else 3,
        event_type=EVENT_TYPE_OF[sub].value,
        sub_event_type=sub.value,
        plover_type=plover_type(sub),
        actor1=name(a1_key) if a1_key else None,
        assoc_actor_1=assoc1,
        actor2=name(a2_key) if a2_key else None,
        assoc_actor_2=assoc2,
        inter1=inter1,
        inter2=inter2,
        actor1_mention=_text(doc.text, roles.actor1),
        actor2_mention=_text(doc.text, roles.actor2),
        location=location_name,
        sub_locations=list(loc.sub_locations) if loc else [],
        admin1=place.admin1 if place else None,
        admin2=place.admin2 if place else None,
        country=place.country if place else dictionary.country_name(country),
        iso=place.iso if place else country,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        geo_precision=loc.geo_precision if loc else None,
        geonameid=place.geonameid if place else None,
        fatalities=fatalities,
        quantities=[_requote(q, doc.text) for q in cand.quantities],
        weapons=list(cand.weapons),
        certainty=c.certainty,
        framing=framing,
        sentence=sentence_text,
        start_char=sent.start_char,
        end_char=sent.end_char,
        source=doc.source,
        source_url=doc.url,
        notes=notes,
        fields_provenance=prov,
    )
