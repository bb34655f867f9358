"""Label comments: ``hate`` (with target group), ``insult``, ``threat``, ``spam`` or ``ok``.

Two parts decide together:

* the lexicon (:mod:`warreport.moderation.lexicon`): slurs, coded tropes (control of banks
  and media, "fake Jews", dual loyalty, "Zionist Jew" as a label, dehumanising metaphors,
  calls for violence), insults, threats and spam, each with the words that matched;
* the shipped model (``data/moderation/model.npz``, built by
  :mod:`warreport.moderation.train`): hashed TF-IDF features and three logistic heads,
  ``toxic`` (hate or offensive), ``antisemitic`` and ``hate`` (hate vs offensive).

With the context model switched on (setting ``moderation_context_model``, off by default),
the ``antisemitic`` score of a comment that names Jews (or a proxy such as "Zionists") is a
blend of that head and a fine-tuned transformer that reads context
(:mod:`warreport.moderation.encoder`, ``data/moderation/encoder.npz``); the blend weight and the
thresholds of the antisemitism paths then come from that file.

The order of the decision is written out in :meth:`Moderator.decide`. Every label carries the
rule or model that set it, a score in [0, 1] and rationale spans (character offsets into the
comment text).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from warreport.errors import ModelError
from warreport.model import Comment, Moderation, ModerationLabel, RationaleSpan
from warreport.moderation.archive import read_archive
from warreport.moderation.encoder import Encoder, load_encoder
from warreport.moderation.features import CHAR_BITS, MODEL_VERSION, WORD_BITS, Features, HashedTfidf
from warreport.moderation.lexicon import VIOLENCE_RULE, Hit, Scan, scan

MODEL_RESOURCE = "moderation/model.npz"
FLAGGED = frozenset({ModerationLabel.HATE, ModerationLabel.INSULT, ModerationLabel.THREAT})

# Support a slur or trope needs from the model (the target's head), one rule / several distinct
# rules. For Jewish targets the model's ``thresholds["trope_support"]`` / ``["trope_support_many"]``
# (chosen by train.py on cross-validated ISCA train predictions) replace these defaults.
TROPE_SUPPORT = 0.40
TROPE_SUPPORT_MANY = 0.20
# Above this the toxic head alone is enough to flag a comment with a target group as hate.
HATE_WITH_TARGET = 0.80
# A toxic score makes an insult at the head's threshold when the text addresses someone, swears
# or fires a lexicon rule; without such a cue it must reach ``thresholds["toxic_uncued"]`` of the
# model (chosen by train.py on cross-validated HateXplain predictions), or this if it has none.
UNCUED_TOXIC = 0.60


@dataclass(frozen=True)
class Scores:
    toxic: float
    antisemitic: float
    hate: float


@dataclass
class Loaded:
    vectorizer: HashedTfidf
    heads: tuple[str, ...]  # column order of ``coef``
    coef: np.ndarray  # (n_features, n_heads) float32, zero rows for unused hash buckets
    intercept: np.ndarray  # (n_heads,)
    thresholds: dict[str, float]
    header: dict[str, Any]

    def probabilities(self, X: Features) -> np.ndarray:
        """(n_texts, n_heads) probabilities of the logistic heads."""
        z = X.scores(self.coef) + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def column(self, head: str) -> np.ndarray:
        return np.asarray(self.coef[:, self.heads.index(head)])


_lock = threading.Lock()
_cache: dict[str, Loaded] = {}


def model_path() -> Path:
    return Path(str(resources.files("warreport.data").joinpath(MODEL_RESOURCE)))


def load_model(path: Path | None = None) -> Loaded:
    """Load (once per process) the shipped artefact, or the one at ``path``."""
    where = path or model_path()
    key = str(where)
    with _lock:
        if key in _cache:
            return _cache[key]
        _cache[key] = loaded = _read(where)
        return loaded


def _read(where: Path) -> Loaded:
    header, raw = read_archive(where, "moderation model", "warreport.moderation.train")
    try:
        used = raw["used"].astype(np.int64)
        idf = raw["idf"].astype(np.float32)
        coef = raw["coef"].astype(np.float32)
        intercept = raw["intercept"].astype(np.float32)
    except KeyError as exc:
        raise ModelError(f"cannot read moderation model {where} ({exc}); rebuild it with "
                         "`python -m warreport.moderation.train`") from exc
    features = header.get("features", {})
    if header.get("version") != MODEL_VERSION or features.get("word_bits") != WORD_BITS or features.get("char_bits") != CHAR_BITS:
        raise ModelError(f"{where} is not a version-{MODEL_VERSION} warreport moderation model; "
                         "rebuild it with `python -m warreport.moderation.train`")
    n_all = 2**WORD_BITS + 2**CHAR_BITS
    dense_idf = np.zeros(n_all, dtype=np.float32)
    dense_idf[used] = idf
    dense_coef = np.zeros((n_all, coef.shape[1]), dtype=np.float32)
    dense_coef[used] = coef
    vectorizer = HashedTfidf(dense_idf)
    heads = tuple(header["heads"])
    return Loaded(vectorizer, heads, dense_coef, intercept, dict(header["thresholds"]), header)


def _span(hit: Hit) -> RationaleSpan:
    return RationaleSpan(start_char=hit.start, end_char=hit.end, text=hit.text, why=hit.why or hit.rule)


def _dedupe(spans: list[RationaleSpan]) -> list[RationaleSpan]:
    """Drop spans contained in a longer one; keep text order."""
    spans = sorted(spans, key=lambda s: (s.start_char, -(s.end_char - s.start_char)))
    kept: list[RationaleSpan] = []
    for s in spans:
        if any(k.start_char <= s.start_char and s.end_char <= k.end_char for k in kept):
            continue
        kept.append(s)
    return kept


class Moderator:
    """Labels texts with the lexicon, the shipped model and, if asked, the context model.

    ``use_encoder=True`` adds the shipped context model (``encoder`` replaces it); a
    :class:`~warreport.errors.ModelError` says what to install when it is missing.
    """

    def __init__(self, model: Loaded | None = None, encoder: Encoder | None = None, *, use_encoder: bool = False) -> None:
        self.model = model or load_model()
        if encoder is None and use_encoder:
            encoder = load_encoder()
        self.encoder = encoder if use_encoder else None
        self.thresholds = dict(self.model.thresholds)
        if self.encoder is not None:
            # the antisemitism paths are tuned on the blended score (train_encoder.py)
            self.thresholds.update(self.encoder.thresholds)

    # -- model ------------------------------------------------------------------------
    def scores(self, texts: list[str]) -> list[Scores]:
        """The three heads' probabilities for each text."""
        return self._scored(texts)[1]

    def _scored(self, texts: list[str], scans: list[Scan] | None = None) -> tuple[Any, list[Scores]]:
        """Features and head scores (``scans``: the texts' lexicon scans, made here if the
        context model needs them and they are not given)."""
        if not texts:
            return None, []
        X = self.model.vectorizer.transform(texts)
        probs = self.model.probabilities(X)
        col = {name: k for k, name in enumerate(self.model.heads)}
        antisemitic = probs[:, col["antisemitic"]].astype(np.float64)
        if self.encoder is not None:
            scans = scans if scans is not None else [scan(t) for t in texts]
            idx = [i for i, (t, f) in enumerate(zip(texts, scans, strict=True)) if needs_context(t, f)]
            if idx:
                w = float(self.encoder.header.get("blend", 0.5))
                context = self.encoder.probabilities([texts[i] for i in idx])
                antisemitic[idx] = w * context + (1.0 - w) * antisemitic[idx]
        return X, [
            Scores(float(row[col["toxic"]]), float(a), float(row[col["hate"]]))
            for row, a in zip(probs, antisemitic, strict=True)
        ]

    def _model_words(self, X: Any, row: int, text: str, head: str, limit: int = 3) -> list[RationaleSpan]:
        """The word n-grams of ``text`` that pushed ``head`` up the most."""
        if X is None:
            return []
        weight = X.row(row)
        coef = self.model.column(head)
        best: dict[str, float] = {}
        for term, col in self.model.vectorizer.word_columns(text):
            contrib = float(coef[col]) * weight.get(col, 0.0)
            if contrib > 0:
                best[term] = contrib
        spans: list[RationaleSpan] = []
        for term in sorted(best, key=lambda t: -best[t])[:limit]:
            pattern = r"\b" + r"\W+".join(re.escape(t) for t in term.split()) + r"\b"
            m = re.search(pattern, text, re.IGNORECASE)
            if m:
                spans.append(RationaleSpan(start_char=m.start(), end_char=m.end(), text=m.group(0), why=f"model:{head}"))
        return spans

    # -- decision ---------------------------------------------------------------------
    def decide(self, text: str, found: Scan, s: Scores, X: Any = None, row: int = 0) -> Moderation:
        """The label of one text from its lexicon scan and head scores (``X``: its features)."""
        th = self.thresholds
        tox_t = th.get("toxic", 0.5)
        as_t = th.get("antisemitic", 0.5)
        hate_t = th.get("hate", 0.5)

        # 1. slurs and tropes (incl. calls for violence) backed by the model: the head that
        #    knows the target (antisemitic for Jewish, toxic for the rest) must give some
        #    support, less when several distinct rules agree. Without it the words are
        #    usually quoted, reported or criticised (ISCA: many tweets report such words).
        attacks = [h for h in found.of("slur") + found.of("trope") if h.target]
        if attacks:
            target = _main_target(attacks)
            chosen = [h for h in attacks if h.target == target]
            rules = sorted({h.rule for h in chosen})
            backing = s.antisemitic if target == "Jewish" else max(s.toxic, s.hate)
            # the antisemitism head's support levels are learnt (ISCA); the others keep defaults
            fitted = th if target == "Jewish" else {}
            needed = (fitted.get("trope_support_many", TROPE_SUPPORT_MANY) if len(rules) > 1
                      else fitted.get("trope_support", TROPE_SUPPORT))
            if VIOLENCE_RULE in rules:
                needed = 0.0  # an explicit call to kill or expel a group needs no second opinion
            if backing >= needed:
                return Moderation(
                    label=ModerationLabel.HATE,
                    score=round(min(0.6 + 0.4 * backing, 1.0), 3),
                    target=target,
                    rationale=_dedupe([_span(h) for h in chosen]),
                    rule="lexicon:" + "+".join(r.split(":", 1)[1] for r in rules) + f"({backing:.2f})",
                )
        # 2. threats against a person
        threats = found.of("threat")
        if threats:
            return Moderation(
                label=ModerationLabel.THREAT,
                score=round(max(0.7, s.toxic), 3),
                rationale=_dedupe([_span(h) for h in threats]),
                rule="lexicon:" + "+".join(sorted({h.rule.split(":", 1)[1] for h in threats})),
            )
        # 3. antisemitism the model recognises where Jews (or a proxy) are named
        if s.antisemitic >= as_t and _names_jews(text, found) and not _named_only_in_countered_slurs(text, found):
            return Moderation(
                label=ModerationLabel.HATE,
                score=round(s.antisemitic, 3),
                target="Jewish",
                rationale=_dedupe(self._model_words(X, row, text, "antisemitic")),
                rule=f"model:antisemitic({s.antisemitic:.2f})",
            )
        # 4. toxic: hate when aimed at a named group; an insult when someone is addressed or
        #    sworn at, or when the score is high enough on its own
        if s.toxic >= tox_t:
            groups = [g for g in found.targets if not _only_countered(found, g)]
            if s.antisemitic < as_t:
                # the antisemitism head knows better than the generic one when Jews are named
                groups = [g for g in groups if g != "Jewish"]
            if groups and (s.hate >= hate_t or s.toxic >= HATE_WITH_TARGET):
                return Moderation(
                    label=ModerationLabel.HATE,
                    score=round(s.toxic, 3),
                    target=groups[0],
                    rationale=_dedupe(self._model_words(X, row, text, "toxic")),
                    rule=f"model:toxic({s.toxic:.2f})+hate({s.hate:.2f})",
                )
        if s.toxic >= tox_t and (found.person_cue or s.toxic >= th.get("toxic_uncued", UNCUED_TOXIC)):
            insults = found.of("insult")
            lexical = "+".join(sorted({h.rule.split(":", 1)[1] for h in insults}))
            return Moderation(
                label=ModerationLabel.INSULT,
                score=round(s.toxic, 3),
                rationale=_dedupe([_span(h) for h in insults] + self._model_words(X, row, text, "toxic")),
                rule=(f"lexicon:{lexical}+" if lexical else "") + f"model:toxic({s.toxic:.2f})",
            )
        # 5. insults the lexicon knows, even when the model is unsure
        insults = found.of("insult")
        if insults:
            return Moderation(
                label=ModerationLabel.INSULT,
                score=round(max(0.55, s.toxic), 3),
                rationale=_dedupe([_span(h) for h in insults]),
                rule="lexicon:" + "+".join(sorted({h.rule.split(":", 1)[1] for h in insults})),
            )
        # 6. spam
        spam = found.of("spam")
        if spam:
            return Moderation(
                label=ModerationLabel.SPAM,
                score=0.8,
                rationale=_dedupe([_span(h) for h in spam]),
                rule="lexicon:" + "+".join(sorted({h.rule.split(":", 1)[1] for h in spam})),
            )
        return Moderation(label=ModerationLabel.OK, score=round(1.0 - s.toxic, 3), rule=f"model:toxic({s.toxic:.2f})")

    def moderate_texts(self, texts: list[str]) -> list[Moderation]:
        """Labels of many texts (thread-safe: no state is kept between calls)."""
        scans = [scan(t) for t in texts]
        X, scored = self._scored(texts, scans)
        return [self.decide(t, f, s, X, i) for i, (t, f, s) in enumerate(zip(texts, scans, scored, strict=True))]


def _main_target(hits: list[Hit]) -> str | None:
    counts: dict[str, int] = {}
    for h in hits:
        if h.target:
            counts[h.target] = counts.get(h.target, 0) + 1
    return max(counts, key=lambda g: counts[g]) if counts else None


_JEWISH_PROXY = re.compile(r"\b(?:zionis[mt]s?|israel(?:i|is)?|rothschilds?|\(\(\()", re.IGNORECASE)


def needs_context(text: str, found: Scan) -> bool:
    """Whether the context model scores this text: Jews or a proxy named, or a lexicon hit aimed
    at Jews (elsewhere the antisemitism score decides nothing)."""
    return _names_jews(text, found) or any(h.target == "Jewish" for h in found.hits)


def _names_jews(text: str, found: Scan) -> bool:
    return "Jewish" in found.mentions or bool(_JEWISH_PROXY.search(text))


def _named_only_in_countered_slurs(text: str, found: Scan) -> bool:
    """Jews are named only by a slur that is quoted or reported ("he called me a ..."), no proxy."""
    slurs = [h for h in found.hits if h.kind == "slur" and h.target == "Jewish"]
    if not slurs or not all(h.countered for h in slurs) or _JEWISH_PROXY.search(text):
        return False
    return found.mentions.get("Jewish", 0) <= len(slurs)


def _only_countered(found: Scan, group: str) -> bool:
    """The group is named only in a slur that is quoted or criticised."""
    slurs = [h for h in found.hits if h.kind == "slur" and h.target == group]
    return bool(slurs) and all(h.countered for h in slurs) and found.counter_context


_defaults: dict[bool, Moderator] = {}
_defaults_lock = threading.Lock()  # not _lock: building a Moderator takes that one (load_model)


def default_moderator(context_model: bool | None = None) -> Moderator:
    """The shared moderator of this process; ``context_model`` None follows the setting."""
    if context_model is None:
        from warreport.config import load_config

        context_model = bool(load_config().moderation_context_model)
    with _defaults_lock:
        if context_model not in _defaults:
            _defaults[context_model] = Moderator(use_encoder=context_model)
        return _defaults[context_model]


def moderate_text(text: str) -> Moderation:
    """The label of one text."""
    return default_moderator().moderate_texts([text])[0]


def moderate_comments(comments: list[Comment], *, batch_size: int = 256,
                      context_model: bool | None = None) -> list[Comment]:
    """Copies of ``comments`` with ``.moderation`` set (the inputs are not changed)."""
    moderator = default_moderator(context_model)
    out: list[Comment] = []
    for start in range(0, len(comments), batch_size):
        chunk = comments[start : start + batch_size]
        labels = moderator.moderate_texts([c.text for c in chunk])
        out.extend(c.model_copy(update={"moderation": m}) for c, m in zip(chunk, labels, strict=True))
    return out


def is_flagged(moderation: Moderation | None) -> bool:
    return moderation is not None and moderation.label in FLAGGED
