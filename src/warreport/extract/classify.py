"""The ACLED sub-event type of a sentence's event, with ACLED's precedence rules.

Input: the frames of the sentence's factual triggers, the weapons it names, who acted and
who was hit. The decision follows ACLED's codebook: a territorial change taken by force is
"Government regains territory" for state forces and "Non-state actor overtakes territory"
for anyone else, and outranks the fighting; a capture without resistance is a "Non-violent
transfer of territory"; a ground battle absorbs the air strikes and shelling that go with it
("Armed clash"); interceptions and defusals are "Disrupted weapons use"; violence against
armed people is a battle, against civilians "Violence against civilians"; remote violence is
typed by its weapon (air > artillery/missile > IED > grenade).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from warreport.taxonomy import Inter, SubEventType, territory_sub_event

S = SubEventType
ARMED_INTERS = {1, 2, 3, 4, 8}
PROTEST_VIOLENCE = {"burn", "throw", "stone", "storm", "torch", "attack", "clash", "smash", "vandalize",
                    "vandalise", "block", "blockade", "molotov", "riot", "set", "ablaze", "damage", "loot"}
PROTEST_INTERVENTION = {"disperse", "tear", "teargas", "arrest", "detain", "beat", "water", "baton", "rubber",
                        "intervene", "break", "prevent", "suppress", "crackdown"}
PROTEST_LETHAL = {"kill", "live", "shoot", "die", "dead", "death", "fatally"}
EXPLOSION_ORDER = ("air", "shell", "ied", "grenade")


@dataclass
class ClassifyInput:
    frames: set[str]  # frames of the factual triggers
    main_frame: str
    weapons: set[str]  # weapon categories named in the sentence
    inter1: int | None = None
    inter2: int | None = None
    target: str | None = None  # armed | civilian | None (from the victims' nouns)
    no_resistance: bool = False
    fighting: bool = False  # fighting words near a territorial gain
    lemmas: set[str] = field(default_factory=set)  # lemmas of the sentence (protest details)
    unrecognised_taker: bool = False  # the text names who acted, but no known actor ("Jaish X", "pro-government forces")


@dataclass(frozen=True)
class Classification:
    sub_event_type: SubEventType
    rule: str
    confidence: float


def _target_armed(inp: ClassifyInput) -> bool | None:
    if inp.target == "civilian" or inp.inter2 == Inter.CIVILIANS:
        return False
    if inp.target == "armed" or (inp.inter2 is not None and inp.inter2 in ARMED_INTERS):
        return True
    return None


def _explosion(inp: ClassifyInput) -> Classification | None:
    cats = set(inp.weapons)
    for frame in EXPLOSION_ORDER:
        if frame in inp.frames:
            cats.add(frame)
    attackish = inp.frames & {"attack", "kill", "air", "shell", "ied", "grenade", "destroy", "clash"}
    if not attackish:
        return None
    if "air" in cats:
        return Classification(S.AIR_DRONE_STRIKE, "weapon:air", 0.85)
    if "shell" in cats:
        return Classification(S.SHELLING, "weapon:artillery_missile", 0.85)
    if "ied" in cats:
        return Classification(S.REMOTE_EXPLOSIVE, "weapon:explosive_device", 0.8)
    if "grenade" in cats:
        return Classification(S.GRENADE, "weapon:grenade", 0.8)
    return None


def _protest(inp: ClassifyInput) -> Classification:
    if inp.lemmas & PROTEST_LETHAL and inp.frames & {"kill", "attack"}:
        return Classification(S.EXCESSIVE_FORCE, "protest:lethal_force", 0.7)
    if inp.lemmas & PROTEST_INTERVENTION:
        return Classification(S.PROTEST_WITH_INTERVENTION, "protest:intervention", 0.7)
    if "riot" in inp.frames or inp.lemmas & PROTEST_VIOLENCE:
        return Classification(S.VIOLENT_DEMONSTRATION, "protest:violence", 0.7)
    return Classification(S.PEACEFUL_PROTEST, "protest:peaceful", 0.8)


def classify(inp: ClassifyInput) -> Classification:
    f = inp.frames
    if "territory" in f:
        if inp.no_resistance and not inp.fighting and not (f & {"clash"}):
            return Classification(S.NON_VIOLENT_TRANSFER, "precedence:territory_without_resistance", 0.7)
        if inp.inter1 is None:
            # Who took it is unknown. A taker the text names but the actor dictionary does not know
            # is a non-state group (every state's forces are in it); taken from state forces, it was
            # taken by someone else; otherwise nothing says a non-state actor took it (state regains
            # are the commoner).
            if inp.unrecognised_taker or inp.inter2 == Inter.STATE_FORCES:
                return Classification(S.NON_STATE_OVERTAKES_TERRITORY, "precedence:territory_by_force:unknown_group", 0.5)
            return Classification(S.GOVERNMENT_REGAINS_TERRITORY, "precedence:territory_by_force:unknown_taker", 0.5)
        sub = territory_sub_event(inp.inter1)
        return Classification(sub, "precedence:territory_by_force", 0.85)
    if "transfer" in f:
        return Classification(S.NON_VIOLENT_TRANSFER, "frame:transfer", 0.7)
    if (f & {"protest", "riot"}) and (
        not (f & {"clash", "air", "shell", "ied"}) or inp.inter1 in (Inter.PROTESTERS, Inter.RIOTERS)
    ):
        return _protest(inp)
    if "mob" in f:
        return Classification(S.MOB_VIOLENCE, "frame:mob", 0.7)
    if f & {"clash", "advance"}:
        return Classification(S.ARMED_CLASH, "precedence:ground_battle", 0.85)
    if "disrupt" in f:
        return Classification(S.DISRUPTED_WEAPONS_USE, "precedence:interception", 0.75)
    if "suicide" in f:
        return Classification(S.SUICIDE_BOMB, "frame:suicide", 0.85)
    if "chemical" in f:
        return Classification(S.CHEMICAL_WEAPON, "frame:chemical", 0.8)
    explosion = _explosion(inp)
    if explosion is not None:
        return explosion
    armed = _target_armed(inp)
    if "sexual" in f:
        return Classification(S.SEXUAL_VIOLENCE, "frame:sexual", 0.8)
    if "abduct" in f:
        if armed:
            return Classification(S.ARMED_CLASH, "target:armed_abduction", 0.6)
        return Classification(S.ABDUCTION, "frame:abduction", 0.8)
    if "arrest" in f:
        if armed:
            return Classification(S.ARMED_CLASH, "target:armed_arrest", 0.6)
        if inp.inter1 == Inter.STATE_FORCES:
            return Classification(S.ARRESTS, "frame:arrest_by_state", 0.75)
        return Classification(S.ABDUCTION, "frame:detention_by_non_state", 0.6)
    if f & {"attack", "kill"}:
        if armed is False:
            return Classification(S.ATTACK, "target:civilians", 0.75)
        return Classification(S.ARMED_CLASH, "target:armed" if armed else "default:attack_is_battle", 0.7)
    if f & {"loot", "destroy"}:
        return Classification(S.LOOTING, "frame:property", 0.65)
    if "agree" in f:
        return Classification(S.AGREEMENT, "frame:agreement", 0.75)
    if "hq" in f:
        return Classification(S.HEADQUARTERS_ESTABLISHED, "frame:base_established", 0.7)
    if "change" in f:
        return Classification(S.CHANGE_TO_GROUP, "frame:change_to_group", 0.55)
    return Classification(S.OTHER, "default:other", 0.3)
