"""The ACLED taxonomy: 6 event types, 25 sub-event types, precedence, inter codes, PLOVER."""

from __future__ import annotations

import pytest

from warreport.taxonomy import (
    EVENT_TYPE_OF,
    PLOVER,
    PRECEDENCE,
    EventType,
    SubEventType,
    disorder_type,
    interaction_code,
    parse_sub_event_type,
    plover_type,
    precedence_rank,
    territory_sub_event,
)


def test_sizes() -> None:
    assert len(EventType) == 6
    assert len(SubEventType) == 25
    assert set(EVENT_TYPE_OF) == set(SubEventType) == set(PRECEDENCE) == set(PLOVER)


@pytest.mark.parametrize(
    ("stronger", "weaker"),
    [
        (SubEventType.GOVERNMENT_REGAINS_TERRITORY, SubEventType.ARMED_CLASH),
        (SubEventType.ARMED_CLASH, SubEventType.AIR_DRONE_STRIKE),
        (SubEventType.SUICIDE_BOMB, SubEventType.REMOTE_EXPLOSIVE),
        (SubEventType.AIR_DRONE_STRIKE, SubEventType.SHELLING),
    ],
)
def test_precedence(stronger, weaker) -> None:
    assert precedence_rank(stronger) < precedence_rank(weaker)


def test_territory_by_actor_type() -> None:
    assert territory_sub_event(1) is SubEventType.GOVERNMENT_REGAINS_TERRITORY
    assert territory_sub_event(2) is SubEventType.NON_STATE_OVERTAKES_TERRITORY
    assert territory_sub_event(8) is SubEventType.NON_STATE_OVERTAKES_TERRITORY


def test_codes_and_names() -> None:
    assert interaction_code(2, 1) == 12
    assert interaction_code(6, None) == 60
    assert parse_sub_event_type("armed  CLASH") is SubEventType.ARMED_CLASH
    assert parse_sub_event_type("ART_MISS_ATTACK") is SubEventType.SHELLING
    assert disorder_type(SubEventType.PEACEFUL_PROTEST) == "Demonstrations"
    assert plover_type(SubEventType.AGREEMENT) == "AGREE"
    with pytest.raises(ValueError):
        parse_sub_event_type("Picnic")
