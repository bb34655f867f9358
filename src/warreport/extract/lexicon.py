"""The extractor's word lists (``data/triggers.yaml``, ``data/cues.yaml``) and their matchers.

:class:`Lexicon` holds the typed contents; :class:`LexiconMatchers` compiles the multi-word
entries into spaCy matchers for one vocabulary (built once per pipeline and cached).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from warreport.errors import ModelError

TRIGGERS_FILE = "triggers.yaml"
CUES_FILE = "cues.yaml"


@dataclass(frozen=True)
class Frame:
    name: str
    weight: float
    verbs: frozenset[str]
    nouns: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Lexicon:
    frames: dict[str, Frame]
    weapons: dict[str, tuple[str, ...]]  # category -> surface forms
    armed_targets: frozenset[str]
    civilian_targets: frozenset[str]
    fighting_cues: frozenset[str]
    no_resistance: tuple[str, ...]
    territory_objects: frozenset[str]
    certainty: dict[str, tuple[str, ...]]
    framing: frozenset[str]
    framing_phrases: tuple[str, ...]
    dates: dict[str, tuple[str, ...]]
    vague_numbers: dict[str, int]
    dateline: re.Pattern[str] | None = None
    launch_verbs: frozenset[str] = frozenset()
    shooters: frozenset[str] = frozenset()
    party_speakers: frozenset[str] = frozenset()
    party_statements: frozenset[str] = frozenset()

    def frames_for(self, lemma: str, pos: str, upper: bool = False) -> list[Frame]:
        """Frames a word triggers; proper nouns only when written in capitals (IED, VBIED, RPG)."""
        found = []
        noun = pos == "NOUN" or (pos == "PROPN" and upper)
        for frame in self.frames.values():
            if (pos in ("VERB", "AUX") and lemma in frame.verbs) or (noun and lemma in frame.nouns):
                found.append(frame)
        return found


def _read_yaml(name: str) -> dict[str, Any]:
    try:
        text = resources.files("warreport.data").joinpath(name).read_text("utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ModelError(f"cannot read the lexicon {name}: {exc}") from exc
    if not isinstance(data, dict):
        raise ModelError(f"{name}: expected a mapping at the top level")
    return data


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values or [])


def parse_lexicon(triggers: dict[str, Any], cues: dict[str, Any]) -> Lexicon:
    try:
        frames = {
            name: Frame(
                name=name,
                weight=float(spec.get("weight", 1.0)),
                verbs=_words(spec.get("verbs")),
                nouns=_words(spec.get("nouns")),
                phrases=tuple(tuple(str(w) for w in p) for p in spec.get("phrases", []) or []),
            )
            for name, spec in triggers["frames"].items()
        }
        weapons = {cat: tuple(str(w) for w in words) for cat, words in triggers["weapons"].items()}
        framing_all = [str(w) for w in cues.get("framing", [])]
        return Lexicon(
            frames=frames,
            weapons=weapons,
            armed_targets=_words(triggers["targets"]["armed"]),
            civilian_targets=_words(triggers["targets"]["civilian"]),
            fighting_cues=_words(triggers.get("fighting_cues")),
            no_resistance=tuple(str(w).lower() for w in triggers.get("no_resistance_cues", [])),
            territory_objects=_words(triggers.get("territory_objects")),
            certainty={k: tuple(str(w).lower() for w in v) for k, v in cues["certainty"].items()},
            framing=frozenset(w.lower() for w in framing_all if " " not in w),
            framing_phrases=tuple(w.lower() for w in framing_all if " " in w),
            dates={k: tuple(str(w).lower() for w in v) for k, v in cues["dates"].items()},
            vague_numbers={str(k).lower(): int(v) for k, v in cues["vague_numbers"].items()},
            party_speakers=_words(cues.get("party_speakers")),
            party_statements=_words(cues.get("party_statements")),
            launch_verbs=_words((triggers.get("launch") or {}).get("verbs")),
            shooters=_words((triggers.get("launch") or {}).get("shooters")),
            dateline=re.compile("|".join(f"(?:{p})" for p in cues["dateline"]), re.MULTILINE)
            if cues.get("dateline") else None,
        )
    except (KeyError, TypeError, ValueError, AttributeError, re.error) as exc:
        raise ModelError(f"malformed lexicon: {exc}") from exc


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    return parse_lexicon(_read_yaml(TRIGGERS_FILE), _read_yaml(CUES_FILE))


class LexiconMatchers:
    """spaCy matchers for the multi-word parts of the lexicon, for one pipeline's vocabulary."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.phrases = PhraseTriggers(lexicon)
        self.weapons = PhraseMatcher(nlp.vocab, attr="LOWER")
        for category, words in lexicon.weapons.items():
            self.weapons.add(category, [nlp.make_doc(w) for w in words])
        self.certainty = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind, words in lexicon.certainty.items():
            self.certainty.add(kind, [nlp.make_doc(w) for w in words if " " in w])
        self.dates = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind, words in lexicon.dates.items():
            self.dates.add(kind, [nlp.make_doc(w) for w in words])
        self.no_resistance = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.no_resistance.add("NO_RESISTANCE", [nlp.make_doc(w) for w in lexicon.no_resistance])
        self.vague = PhraseMatcher(nlp.vocab, attr="LOWER")
        for vague in lexicon.vague_numbers:
            self.vague.add(vague, [nlp.make_doc(vague)])
        self.framing = PhraseMatcher(nlp.vocab, attr="LOWER")
        if lexicon.framing_phrases:
            self.framing.add("FRAMING", [nlp.make_doc(w) for w in lexicon.framing_phrases])


class PhraseTriggers:
    """Multi-word triggers ("take control", "exchange of fire"): the first word by lemma or form,
    the rest by form, with one adjective or determiner allowed after the first ("took full
    control"). A dictionary lookup per token: much faster than a spaCy Matcher here."""

    NO_GAP = frozenset({"open", "opened", "air", "drone", "car"})

    def __init__(self, lexicon: Lexicon) -> None:
        self.by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for frame in lexicon.frames.values():
            for phrase in frame.phrases:
                words = tuple(w.lower() for w in phrase)
                self.by_first.setdefault(words[0], []).append((frame.name, words[1:]))

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        n = len(doc)
        for tok in doc:
            keys = {tok.lower_, tok.lemma_.lower()}
            for key in keys:
                for frame, rest in self.by_first.get(key, ()):
                    if not rest:
                        out.append((frame, tok.i, tok.i + 1))
                        continue
                    starts = [tok.i + 1]
                    if key not in self.NO_GAP and tok.i + 1 < n and doc[tok.i + 1].pos_ in ("ADJ", "DET"):
                        starts.append(tok.i + 2)
                    for s in starts:
                        if s + len(rest) <= n and all(doc[s + j].lower_ == w for j, w in enumerate(rest)):
                            out.append((frame, tok.i, s + len(rest)))
                            break
        return out


_MATCHERS: dict[int, LexiconMatchers] = {}
_LOCK = threading.Lock()


def get_matchers(nlp: Language) -> LexiconMatchers:
    with _LOCK:
        found = _MATCHERS.get(id(nlp))
        if found is None:
            found = LexiconMatchers(nlp, get_lexicon())
            _MATCHERS[id(nlp)] = found
        return found
