"""The shared spaCy pipeline: components, the actor ruler, sentence starts, the parse mask."""

from __future__ import annotations

import pytest

from warreport.nlp.components import SPAN_KEY
from warreport.nlp.pipeline import get_nlp, parse_text


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def test_components(nlp) -> None:
    assert "warreport_actors" in nlp.pipe_names
    assert nlp.pipe_names.index("warreport_sentence_starts") < nlp.pipe_names.index("parser")
    assert get_nlp() is nlp  # cached per process


def _mentions(nlp, text: str) -> list[tuple[str, str]]:
    doc = nlp(parse_text(text))
    return [(text[s.start_char : s.end_char], s.kb_id_) for s in doc.spans[SPAN_KEY]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Syrian Arab Army (SAA) Tiger Forces and the Republican Guard advanced",
         [("Syrian Arab Army", "syria.military"), ("SAA", "syria.military"), ("Tiger Forces", "syria.tiger"),
          ("Republican Guard", "syria.republican_guard")]),
        ("Iraiq forces launched an advance", [("Iraiq forces", "military:IQ")]),
        ("the Russian attack submarine launched missiles", [("Russian attack submarine", "russia.military")]),
        ("Government troops also advanced", [("Government troops", "generic:state_military")]),
        ("pro-regime militias clashed with IS fighters", [("pro-regime militias", "syria.pro_government_militia"),
                                                         ("IS", "islamic_state")]),
        ("after IS attacked QSD positions", [("IS", "islamic_state"), ("QSD", "sdf")]),
        ("the Syria Democratic Forces clashed with Daesh", [("Syria Democratic Forces", "sdf"), ("Daesh", "islamic_state")]),
        ("He is in Iraq.", []),
    ],
)
def test_actor_ruler(nlp, text, expected) -> None:
    assert _mentions(nlp, text) == expected


def test_parse_text_keeps_offsets() -> None:
    text = "After IS attacked, ISIS fled. THIS IS LOUD."
    masked = parse_text(text)
    assert len(masked) == len(text)
    assert masked.startswith("After IZ attacked, ISIS fled.")
    assert masked.endswith("THIS IS LOUD.")


def test_sentence_starts(nlp) -> None:
    doc = nlp("Clashes took place in Aleppo. 1 fighter was killed. The U.S. forces withdrew.\n\nIS attacked Mosul.")
    assert [s.text.strip() for s in doc.sents] == [
        "Clashes took place in Aleppo.", "1 fighter was killed.", "The U.S. forces withdrew.", "IS attacked Mosul."]


def test_no_sentence_starts_after_a_word_of_letters_and_digits(nlp) -> None:
    doc = nlp("Government forces clashed with ISIS near the T4 Pumping Station in Homs province. There were no "
              "reported fatalities.")
    assert [s.text.strip() for s in doc.sents] == [
        "Government forces clashed with ISIS near the T4 Pumping Station in Homs province.",
        "There were no reported fatalities."]
