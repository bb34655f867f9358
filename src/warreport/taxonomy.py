"""The ACLED event taxonomy: 6 event types, 25 sub-event types, inter codes, PLOVER alongside.

Names are ACLED's own spellings so that exports load in any ACLED workflow. The precedence
order (:data:`PRECEDENCE`) encodes ACLED's rules for one event described with several kinds
of violence: a territorial change outranks the fighting that produced it, a ground battle
absorbs the air strikes and shelling that accompany it, a suicide bombing outranks other
explosions, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class EventType(StrEnum):
    BATTLES = "Battles"
    EXPLOSIONS = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


class SubEventType(StrEnum):
    # Battles
    ARMED_CLASH = "Armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory"
    NON_STATE_OVERTAKES_TERRITORY = "Non-state actor overtakes territory"
    # Explosions/Remote violence
    CHEMICAL_WEAPON = "Chemical weapon"
    AIR_DRONE_STRIKE = "Air/drone strike"
    SUICIDE_BOMB = "Suicide bomb"
    SHELLING = "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED"
    GRENADE = "Grenade"
    # Violence against civilians
    SEXUAL_VIOLENCE = "Sexual violence"
    ATTACK = "Attack"
    ABDUCTION = "Abduction/forced disappearance"
    # Protests
    PEACEFUL_PROTEST = "Peaceful protest"
    PROTEST_WITH_INTERVENTION = "Protest with intervention"
    EXCESSIVE_FORCE = "Excessive force against protesters"
    # Riots
    VIOLENT_DEMONSTRATION = "Violent demonstration"
    MOB_VIOLENCE = "Mob violence"
    # Strategic developments
    AGREEMENT = "Agreement"
    ARRESTS = "Arrests"
    CHANGE_TO_GROUP = "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use"
    HEADQUARTERS_ESTABLISHED = "Headquarters or base established"
    LOOTING = "Looting/property destruction"
    NON_VIOLENT_TRANSFER = "Non-violent transfer of territory"
    OTHER = "Other"


S = SubEventType
E = EventType

EVENT_TYPE_OF: dict[SubEventType, EventType] = {
    S.ARMED_CLASH: E.BATTLES,
    S.GOVERNMENT_REGAINS_TERRITORY: E.BATTLES,
    S.NON_STATE_OVERTAKES_TERRITORY: E.BATTLES,
    S.CHEMICAL_WEAPON: E.EXPLOSIONS,
    S.AIR_DRONE_STRIKE: E.EXPLOSIONS,
    S.SUICIDE_BOMB: E.EXPLOSIONS,
    S.SHELLING: E.EXPLOSIONS,
    S.REMOTE_EXPLOSIVE: E.EXPLOSIONS,
    S.GRENADE: E.EXPLOSIONS,
    S.SEXUAL_VIOLENCE: E.VIOLENCE_AGAINST_CIVILIANS,
    S.ATTACK: E.VIOLENCE_AGAINST_CIVILIANS,
    S.ABDUCTION: E.VIOLENCE_AGAINST_CIVILIANS,
    S.PEACEFUL_PROTEST: E.PROTESTS,
    S.PROTEST_WITH_INTERVENTION: E.PROTESTS,
    S.EXCESSIVE_FORCE: E.PROTESTS,
    S.VIOLENT_DEMONSTRATION: E.RIOTS,
    S.MOB_VIOLENCE: E.RIOTS,
    S.AGREEMENT: E.STRATEGIC_DEVELOPMENTS,
    S.ARRESTS: E.STRATEGIC_DEVELOPMENTS,
    S.CHANGE_TO_GROUP: E.STRATEGIC_DEVELOPMENTS,
    S.DISRUPTED_WEAPONS_USE: E.STRATEGIC_DEVELOPMENTS,
    S.HEADQUARTERS_ESTABLISHED: E.STRATEGIC_DEVELOPMENTS,
    S.LOOTING: E.STRATEGIC_DEVELOPMENTS,
    S.NON_VIOLENT_TRANSFER: E.STRATEGIC_DEVELOPMENTS,
    S.OTHER: E.STRATEGIC_DEVELOPMENTS,
}

# ACLED 2023 "disorder_type" column, by sub-event type.
POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC = "Strategic developments"


def disorder_type(sub: SubEventType) -> str:
    event_type = EVENT_TYPE_OF[sub]
    if sub is S.EXCESSIVE_FORCE:
        return f"{POLITICAL_VIOLENCE}; {DEMONSTRATIONS}"
    if sub is S.MOB_VIOLENCE:
        return POLITICAL_VIOLENCE
    if event_type in (E.PROTESTS, E.RIOTS):
        return DEMONSTRATIONS
    if event_type is E.STRATEGIC_DEVELOPMENTS:
        return STRATEGIC
    return POLITICAL_VIOLENCE


# When one sentence describes several kinds of violence for one event, the earliest in this
# list wins (ACLED: territory change > battle > explosions; an air strike during a ground
# battle is one Battles event; interceptions are Disrupted weapons use).
PRECEDENCE: tuple[SubEventType, ...] = (
    S.GOVERNMENT_REGAINS_TERRITORY,
    S.NON_STATE_OVERTAKES_TERRITORY,
    S.EXCESSIVE_FORCE,
    S.ARMED_CLASH,
    S.SUICIDE_BOMB,
    S.CHEMICAL_WEAPON,
    S.AIR_DRONE_STRIKE,
    S.SHELLING,
    S.REMOTE_EXPLOSIVE,
    S.GRENADE,
    S.SEXUAL_VIOLENCE,
    S.ABDUCTION,
    S.ATTACK,
    S.MOB_VIOLENCE,
    S.VIOLENT_DEMONSTRATION,
    S.PROTEST_WITH_INTERVENTION,
    S.PEACEFUL_PROTEST,
    S.DISRUPTED_WEAPONS_USE,
    S.NON_VIOLENT_TRANSFER,
    S.LOOTING,
    S.ARRESTS,
    S.AGREEMENT,
    S.HEADQUARTERS_ESTABLISHED,
    S.CHANGE_TO_GROUP,
    S.OTHER,
)
_RANK = {sub: i for i, sub in enumerate(PRECEDENCE)}


def precedence_rank(sub: SubEventType) -> int:
    """Lower is stronger."""
    return _RANK[sub]


class Inter(IntEnum):
    """ACLED actor type codes (the "inter" columns)."""

    NONE = 0
    STATE_FORCES = 1
    REBEL_GROUPS = 2
    POLITICAL_MILITIAS = 3
    IDENTITY_MILITIAS = 4
    RIOTERS = 5
    PROTESTERS = 6
    CIVILIANS = 7
    EXTERNAL_OTHER_FORCES = 8


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction: the two inter codes, smaller first (a lone actor gives 10*inter)."""
    if not inter1:
        return None
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def civilian_targeting(sub: SubEventType, inter2: int | None) -> str:
    """ACLED 2023's civilian_targeting flag: set when civilians are the direct target."""
    if inter2 == Inter.CIVILIANS and EVENT_TYPE_OF[sub] in (E.VIOLENCE_AGAINST_CIVILIANS, E.EXPLOSIONS):
        return "Civilian targeting"
    return ""


@dataclass(frozen=True)
class PloverCode:
    event_type: str
    mode: str = ""


# PLOVER (Political Language Ontology for Verifiable Event Records) alongside ACLED.
PLOVER: dict[SubEventType, PloverCode] = {
    S.ARMED_CLASH: PloverCode("ASSAULT", "firearms"),
    S.GOVERNMENT_REGAINS_TERRITORY: PloverCode("ASSAULT", "seize"),
    S.NON_STATE_OVERTAKES_TERRITORY: PloverCode("ASSAULT", "seize"),
    S.CHEMICAL_WEAPON: PloverCode("ASSAULT", "cbrn"),
    S.AIR_DRONE_STRIKE: PloverCode("ASSAULT", "aerial"),
    S.SUICIDE_BOMB: PloverCode("ASSAULT", "suicide-bombing"),
    S.SHELLING: PloverCode("ASSAULT", "explosives"),
    S.REMOTE_EXPLOSIVE: PloverCode("ASSAULT", "explosives"),
    S.GRENADE: PloverCode("ASSAULT", "explosives"),
    S.SEXUAL_VIOLENCE: PloverCode("ASSAULT", "sexual"),
    S.ATTACK: PloverCode("ASSAULT", "firearms"),
    S.ABDUCTION: PloverCode("ASSAULT", "abduct"),
    S.PEACEFUL_PROTEST: PloverCode("PROTEST", "demonstrate"),
    S.PROTEST_WITH_INTERVENTION: PloverCode("PROTEST", "demonstrate"),
    S.EXCESSIVE_FORCE: PloverCode("COERCE", "repression"),
    S.VIOLENT_DEMONSTRATION: PloverCode("PROTEST", "riot"),
    S.MOB_VIOLENCE: PloverCode("ASSAULT", "beat"),
    S.AGREEMENT: PloverCode("AGREE"),
    S.ARRESTS: PloverCode("COERCE", "arrest"),
    S.CHANGE_TO_GROUP: PloverCode("MOBILIZE"),
    S.DISRUPTED_WEAPONS_USE: PloverCode("COERCE", "seize"),
    S.HEADQUARTERS_ESTABLISHED: PloverCode("MOBILIZE", "troops"),
    S.LOOTING: PloverCode("COERCE", "seize"),
    S.NON_VIOLENT_TRANSFER: PloverCode("RETREAT", "withdraw"),
    S.OTHER: PloverCode(""),
}


def plover_type(sub: SubEventType) -> str | None:
    code = PLOVER[sub]
    if not code.event_type:
        return None
    return f"{code.event_type}:{code.mode}" if code.mode else code.event_type


# CASE 2021 Task 2 codes of the 25 ACLED sub-event types (for scoring against that set).
CASE2021_CODES: dict[str, SubEventType] = {
    "ARMED_CLASH": S.ARMED_CLASH,
    "GOV_REGAINS_TERIT": S.GOVERNMENT_REGAINS_TERRITORY,
    "NON_STATE_ACTOR_OVERTAKES_TER": S.NON_STATE_OVERTAKES_TERRITORY,
    "CHEM_WEAPON": S.CHEMICAL_WEAPON,
    "AIR_STRIKE": S.AIR_DRONE_STRIKE,
    "SUIC_BOMB": S.SUICIDE_BOMB,
    "ART_MISS_ATTACK": S.SHELLING,
    "REM_EXPLOS": S.REMOTE_EXPLOSIVE,
    "GRENADE": S.GRENADE,
    "SEX_VIOL": S.SEXUAL_VIOLENCE,
    "ATTACK": S.ATTACK,
    "ABDUCT_DISSAP": S.ABDUCTION,
    "PEACE_PROTEST": S.PEACEFUL_PROTEST,
    "PROTEST_WITH_INTER": S.PROTEST_WITH_INTERVENTION,
    "EXCESSIVE_FORCE": S.EXCESSIVE_FORCE,
    "VIOL_DEMONSTR": S.VIOLENT_DEMONSTRATION,
    "MOB_VIOL": S.MOB_VIOLENCE,
    "AGREEMENT": S.AGREEMENT,
    "ARREST": S.ARRESTS,
    "CHANGE_TO_GROUP_ACT": S.CHANGE_TO_GROUP,
    "DISR_WEAP": S.DISRUPTED_WEAPONS_USE,
    "HQ_ESTABLISHED": S.HEADQUARTERS_ESTABLISHED,
    "PROPERTY_DISTRUCT": S.LOOTING,
    "NON_VIOL_TERRIT_TRANSFER": S.NON_VIOLENT_TRANSFER,
    "OTHER": S.OTHER,
}


def parse_sub_event_type(name: str) -> SubEventType:
    """A sub-event type from ACLED's spelling (case and spacing forgiven) or a CASE code."""
    key = " ".join(name.split()).lower()
    for sub in SubEventType:
        if sub.value.lower() == key:
            return sub
    code = CASE2021_CODES.get(name.strip().upper())
    if code is not None:
        return code
    raise ValueError(f"unknown ACLED sub-event type {name!r}")


def territory_sub_event(inter1: int | None) -> SubEventType:
    """Territory taken by force: governments regain it, everyone else overtakes it."""
    if inter1 == Inter.STATE_FORCES:
        return S.GOVERNMENT_REGAINS_TERRITORY
    return S.NON_STATE_OVERTAKES_TERRITORY
