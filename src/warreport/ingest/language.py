"""A small, dependency-free language guess: enough to refuse non-English pages clearly.

Pages in a non-Latin script are named by their script's main language (Arabic script →
``ar``, Cyrillic → ``ru``, ...). Latin-script pages are scored by the share of their words
that are among the commonest function words of each language; a text with enough words but
no clear winner is ``und`` (undetermined). Too little text gives ``None``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# The commonest function words of each language (facts about the languages, not copied lists).
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _set("the of and to in a is that for on was with by as at from it were have has its their"),
    "fr": _set("le la les de des du et un une est dans pour que qui sur par au aux avec ont"),
    "de": _set("der die das und ist nicht ein eine zu den mit von im für auf dem des sich"),
    "es": _set("el la los las de del y en que un una por con para es se al fue"),
    "it": _set("il lo la gli le di del della e che un una per con non sono è nel"),
    "pt": _set("o a os as de do da e que um uma para com não em no na foi"),
    "tr": _set("ve bir bu da de için ile olarak olan çok daha gibi ama en"),
    "nl": _set("de het een en van is dat op te in voor met zijn niet"),
    "id": _set("yang dan di ini itu dengan untuk dari dalam tidak akan pada adalah ke"),
    "pl": _set("i w na z się nie do że to jest o jak po przez przy"),
    "sv": _set("och att det som en på är av för med till den har inte"),
    "ro": _set("și în de la cu pe care nu a din un o este pentru"),
}

LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "tr": "Turkish", "nl": "Dutch", "id": "Indonesian", "pl": "Polish",
    "sv": "Swedish", "ro": "Romanian", "ar": "Arabic", "ru": "Russian (Cyrillic script)",
    "he": "Hebrew", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "el": "Greek",
    "hi": "Hindi", "hy": "Armenian", "ka": "Georgian", "fa": "Persian",
    "und": "an undetermined language",
}

_SCRIPTS = {
    "ARABIC": "ar",
    "CYRILLIC": "ru",
    "HEBREW": "he",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "GREEK": "el",
    "DEVANAGARI": "hi",
    "ARMENIAN": "hy",
    "GEORGIAN": "ka",
}

# Below this share of function words, a Latin-script text is not called any language.
_MIN_SHARE = 0.05
_MIN_LETTERS = 20
_MIN_WORDS_FOR_UND = 30


@lru_cache(maxsize=4096)
def _script(ch: str) -> str | None:
    if ch < "\u0250":  # Basic Latin .. Latin Extended-B
        return "LATIN"
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    for key in _SCRIPTS:
        if name.startswith(key):
            return key
    return "LATIN" if "LATIN" in name else None


def detect_language(text: str, sample: int = 5000) -> str | None:
    """ISO 639-1 code of the text's main language; ``und`` if unclear; None if too short."""
    chunk = text[:sample]
    letters = [ch for ch in chunk if ch.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return None
    scripts = Counter(s for s in map(_script, letters) if s)
    if scripts:
        top, count = scripts.most_common(1)[0]
        if top != "LATIN" and count > 0.5 * len(letters):
            return _SCRIPTS[top]
    words = [w.lower() for w in _WORD.findall(chunk)]
    if not words:
        return None
    scores = {lang: sum(1 for w in words if w in stops) for lang, stops in _STOPWORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < _MIN_SHARE * len(words):
        return "und" if len(words) >= _MIN_WORDS_FOR_UND else None
    return best


def language_name(code: str | None) -> str:
    if code is None:
        return "an unknown language"
    return LANGUAGE_NAMES.get(code, code)
