"""The moderation lexicon: target groups, slurs, tropes, insults, threats and spam.

The word lists and patterns live in ``data/moderation/lexicon.yaml`` (written by the project).
:func:`scan` finds every hit in a comment with its character span, so a label can always
show the words that triggered it. Slurs and tropes that are quoted, named or criticised
("he called me a ...", "the trope that ... is antisemitic") are marked ``countered`` and
do not make a comment hateful on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from warreport.errors import ModelError

# One character in, one character out: offsets in the normalised text are offsets in the input.
_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\ufffd": " ",
        "\u2026": ".",
    }
)

KINDS = ("slur", "trope", "insult", "threat", "spam")
VIOLENCE_RULE = "trope:exterminate_group"


def normalise(text: str) -> str:
    """Quotes, dashes and odd spaces made plain, keeping every character offset."""
    return text.translate(_CHAR_MAP)


@dataclass(frozen=True)
class Hit:
    """One lexicon match: what kind, which rule, the group it targets and where it is."""

    kind: str  # slur | trope | insult | threat | spam | mention
    rule: str
    start: int
    end: int
    text: str
    target: str | None = None
    why: str = ""
    countered: bool = False


@dataclass
class Scan:
    """Everything the lexicon found in one comment."""

    hits: list[Hit] = field(default_factory=list)
    mentions: dict[str, int] = field(default_factory=dict)  # group -> number of mentions
    counter_context: bool = False
    profane: bool = False
    second_person: bool = False

    def of(self, kind: str, *, countered: bool | None = False) -> list[Hit]:
        return [
            h
            for h in self.hits
            if h.kind == kind and (countered is None or h.countered == countered)
        ]

    @property
    def person_cue(self) -> bool:
        """Someone is addressed or sworn at, or a lexicon rule fired: a toxic score is about someone."""
        return self.second_person or self.profane or bool(self.hits)

    @property
    def targets(self) -> list[str]:
        """Groups mentioned, most mentioned first."""
        return sorted(self.mentions, key=lambda g: -self.mentions[g])


@dataclass(frozen=True)
class _Rule:
    kind: str
    rule: str
    pattern: re.Pattern[str]
    target: str | None
    why: str
    gate: str | None = None  # a group whose terms or proxies must occur, else the rule is skipped


@dataclass(frozen=True)
class Lexicon:
    groups: tuple[str, ...]
    mention_patterns: dict[str, re.Pattern[str]]
    gates: dict[str, re.Pattern[str]]  # group -> its terms and proxies
    rules: tuple[_Rule, ...]
    counter_before: tuple[re.Pattern[str], ...]
    counter_after: tuple[re.Pattern[str], ...]
    counter_context: re.Pattern[str]
    trope_counter: re.Pattern[str]
    profanity: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "(?:" + "|".join(str(w) for w in words) + ")"


_ESCAPE = re.compile(r"\\.")


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    """A pattern matched on lower-cased text (:func:`_lower`): faster than ``re.IGNORECASE``."""
    if any(c.isupper() for c in _ESCAPE.sub("", pattern)):
        raise ModelError(f"moderation lexicon: pattern in {where} has upper-case letters (text is lower-cased)")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ModelError(f"moderation lexicon: bad pattern in {where}: {exc}") from exc


def _lower(text: str) -> str:
    """Lower-cased text with the same character offsets (a letter whose lower case is longer
    than one character, such as U+0130, is kept as it is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _load_raw() -> dict[str, Any]:
    try:
        text = resources.files("warreport.data").joinpath("moderation/lexicon.yaml").read_text("utf-8")
        raw = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ModelError(f"cannot read the moderation lexicon: {exc}") from exc
    if not isinstance(raw, dict) or "targets" not in raw:
        raise ModelError("moderation lexicon: no 'targets' section")
    return raw


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The compiled lexicon (loaded once per process)."""
    raw = _load_raw()
    targets: dict[str, dict[str, list[str]]] = raw["targets"]
    groups = tuple(targets)
    bounded = {g: r"\b" + _alternation(t["terms"]) + r"\b" for g, t in targets.items()}
    with_proxy = {
        g: r"\b" + _alternation(list(t["terms"]) + list(t.get("proxies") or [])) + r"\b"
        for g, t in targets.items()
    }
    shared = {
        "{DEHUMANISE}": _alternation(raw["dehumanise"]),
        "{CONTROL}": _alternation(raw["control"]),
        "{INSULT_NOUN}": _alternation(raw["insults"]["nouns"]),
        "{INSULT_ADJ}": _alternation(raw["insults"]["adjectives"]),
        "{CONTEMPT}": _alternation(raw["insults"]["contempt"]),
    }

    def expand(pattern: str, group: str | None) -> str:
        for key, value in shared.items():
            pattern = pattern.replace(key, value)
        if group is not None:
            pattern = pattern.replace("{G}", bounded[group]).replace("{P}", with_proxy[group])
        return pattern

    rules: list[_Rule] = []
    for group, spec in targets.items():
        slurs = spec.get("slurs") or []
        if slurs:
            pat = r"(?<![\w-])" + _alternation(slurs) + r"(?![\w-])"
            rules.append(_Rule("slur", f"slur:{group}", _compile(pat, f"slurs of {group}"), group, f"slur against {group}"))
    for trope in raw["tropes"]:
        candidates = [trope["target"]] if trope.get("target") else list(groups)
        needs_group = ("{G}" in trope["pattern"] or "{P}" in trope["pattern"]) and not trope.get("ungated")
        for group in candidates:
            pat = expand(trope["pattern"], group)
            gate = group if needs_group else None
            rules.append(
                _Rule("trope", f"trope:{trope['id']}", _compile(pat, trope["id"]), group, trope["why"], gate)
            )
    for item in raw["insults"]["patterns"]:
        rules.append(
            _Rule("insult", f"insult:{item['id']}", _compile(expand(item["pattern"], None), item["id"]), None, item["why"])
        )
    for kind in ("threats", "spam"):
        for item in raw[kind]:
            name = "threat" if kind == "threats" else "spam"
            rules.append(
                _Rule(name, f"{name}:{item['id']}", _compile(expand(item["pattern"], None), item["id"]), None, item["why"])
            )
    return Lexicon(
        groups=groups,
        mention_patterns={g: _compile(bounded[g], f"terms of {g}") for g in groups},
        gates={g: _compile(with_proxy[g], f"gate of {g}") for g in groups},
        rules=tuple(rules),
        counter_before=tuple(_compile(p, "counter_speech") for p in raw["counter_speech"]),
        counter_after=tuple(_compile(p, "counter_after") for p in raw["counter_after"]),
        counter_context=_compile(raw["counter_context"], "counter_context"),
        profanity=_compile(r"(?<![\w-])" + _alternation(raw.get("profanity") or ["(?!x)x"]) + r"(?![\w-])", "profanity"),
        trope_counter=_compile(
            r"\b(?:antisemit\w*|anti-semit\w*|tropes?|canards?|myths?|smears?|racist)\b", "trope_counter"
        ),
    )


_SECOND_PERSON = re.compile(r"(?<!\w)(?:you|your|you're|ur|u|yourself|yourselves|<user>)(?!\w)")


def _is_countered(lex: Lexicon, text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    return any(p.search(before) for p in lex.counter_before) or any(
        p.search(after) for p in lex.counter_after
    )


def scan(text: str) -> Scan:
    """Every lexicon hit in ``text`` (offsets refer to ``text`` itself)."""
    lex = lexicon()
    norm = _lower(normalise(text))
    result = Scan(
        counter_context=bool(lex.counter_context.search(norm)),
        profane=bool(lex.profanity.search(norm)),
        second_person=bool(_SECOND_PERSON.search(norm)),
    )
    gates = {g: bool(p.search(norm)) for g, p in lex.gates.items()}  # terms or proxies of each group
    for group, pattern in lex.mention_patterns.items():
        n = sum(1 for _ in pattern.finditer(norm)) if gates[group] else 0
        if n:
            result.mentions[group] = n
    trope_countered = bool(lex.trope_counter.search(norm))
    seen: set[tuple[str, int, int]] = set()
    for rule in lex.rules:
        if rule.gate is not None and not gates[rule.gate]:
            continue
        for m in rule.pattern.finditer(norm):
            if m.end() <= m.start():
                continue
            key = (rule.rule, m.start(), m.end())
            if key in seen:
                continue
            seen.add(key)
            countered = False
            if rule.kind == "slur":
                countered = _is_countered(lex, norm, m.start(), m.end()) or result.counter_context
            elif rule.kind == "trope":
                countered = trope_countered or (
                    rule.rule == VIOLENCE_RULE and _is_countered(lex, norm, m.start(), m.end())
                )
            if rule.target and rule.kind in ("slur", "trope"):
                result.mentions.setdefault(rule.target, 1)
            result.hits.append(
                Hit(
                    kind=rule.kind,
                    rule=rule.rule,
                    start=m.start(),
                    end=m.end(),
                    text=text[m.start() : m.end()],
                    target=rule.target,
                    why=rule.why,
                    countered=countered,
                )
            )
    result.hits.sort(key=lambda h: (h.start, -h.end))
    return result


def feature_names() -> list[str]:
    """Names of the dense lexicon features, in the order :func:`features` returns them."""
    lex = lexicon()
    names = [f"mention:{g}" for g in lex.groups]
    names += [f"{k}" for k in KINDS] + [f"{k}:countered" for k in ("slur", "trope")]
    names += ["counter_context", "second_person", "caps_ratio", "exclaim"]
    return names


def features(text: str, found: Scan | None = None) -> list[float]:
    """Dense features for the classifier: mentions per group and hits per kind."""
    lex = lexicon()
    s = found if found is not None else scan(text)
    values = [min(s.mentions.get(g, 0), 3) / 3.0 for g in lex.groups]
    for kind in KINDS:
        values.append(min(len(s.of(kind)), 2) / 2.0)
    for kind in ("slur", "trope"):
        values.append(min(len(s.of(kind, countered=True)), 2) / 2.0)
    letters = [c for c in text if c.isalpha()]
    caps = sum(c.isupper() for c in letters) / len(letters) if letters else 0.0
    values += [
        float(s.counter_context),
        min(len(_SECOND_PERSON.findall(_lower(text))), 3) / 3.0,
        caps,
        min(text.count("!"), 3) / 3.0,
    ]
    return values
