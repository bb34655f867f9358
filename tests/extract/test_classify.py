"""ACLED precedence rules in the sub-event classifier."""

from __future__ import annotations

import pytest

from warreport.extract.classify import ClassifyInput, classify
from warreport.taxonomy import SubEventType as S


@pytest.mark.parametrize(
    ("inp", "expected"),
    [
        (ClassifyInput({"territory", "clash"}, "territory", set(), inter1=1), S.GOVERNMENT_REGAINS_TERRITORY),
        (ClassifyInput({"territory"}, "territory", set(), inter1=2), S.NON_STATE_OVERTAKES_TERRITORY),
        (ClassifyInput({"territory"}, "territory", set(), inter1=8), S.NON_STATE_OVERTAKES_TERRITORY),
        # the taker unknown: not a non-state actor by default, unless the place was taken from the state
        (ClassifyInput({"territory"}, "territory", set(), inter1=None, inter2=2), S.GOVERNMENT_REGAINS_TERRITORY),
        (ClassifyInput({"territory"}, "territory", set()), S.GOVERNMENT_REGAINS_TERRITORY),
        (ClassifyInput({"territory"}, "territory", set(), inter2=1), S.NON_STATE_OVERTAKES_TERRITORY),
        # a taker the text names but the dictionary does not know is a non-state group
        (ClassifyInput({"territory"}, "territory", set(), inter2=2, unrecognised_taker=True),
         S.NON_STATE_OVERTAKES_TERRITORY),
        (ClassifyInput({"territory"}, "territory", set(), inter1=2, no_resistance=True), S.NON_VIOLENT_TRANSFER),
        (ClassifyInput({"clash", "air"}, "clash", {"air"}), S.ARMED_CLASH),  # an air strike during a battle
        (ClassifyInput({"advance"}, "advance", set()), S.ARMED_CLASH),  # an advance without control
        (ClassifyInput({"air"}, "air", {"air"}), S.AIR_DRONE_STRIKE),
        (ClassifyInput({"attack"}, "attack", {"shell"}), S.SHELLING),
        (ClassifyInput({"attack"}, "attack", {"air", "shell"}), S.AIR_DRONE_STRIKE),
        (ClassifyInput({"disrupt", "shell"}, "disrupt", {"shell"}), S.DISRUPTED_WEAPONS_USE),  # interceptions
        (ClassifyInput({"suicide", "ied"}, "suicide", {"ied"}), S.SUICIDE_BOMB),
        (ClassifyInput({"attack"}, "attack", set(), inter2=7), S.ATTACK),
        (ClassifyInput({"attack"}, "attack", set(), target="armed"), S.ARMED_CLASH),
        (ClassifyInput({"abduct"}, "abduct", set(), target="civilian"), S.ABDUCTION),
        (ClassifyInput({"arrest"}, "arrest", set(), inter1=1, target="civilian"), S.ARRESTS),
        (ClassifyInput({"arrest"}, "arrest", set(), inter1=2, target="civilian"), S.ABDUCTION),
        (ClassifyInput({"protest"}, "protest", set()), S.PEACEFUL_PROTEST),
        (ClassifyInput({"protest"}, "protest", set(), lemmas={"disperse", "tear"}), S.PROTEST_WITH_INTERVENTION),
        (ClassifyInput({"protest", "riot"}, "riot", set()), S.VIOLENT_DEMONSTRATION),
        (ClassifyInput({"agree"}, "agree", set()), S.AGREEMENT),
        (ClassifyInput({"hq"}, "hq", set()), S.HEADQUARTERS_ESTABLISHED),
        (ClassifyInput({"change"}, "change", set()), S.CHANGE_TO_GROUP),
    ],
)
def test_precedence_rules(inp, expected) -> None:
    assert classify(inp).sub_event_type is expected
