"""A small, dependency-free language guess: enough to refuse non-English pages clearly."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# The commonest function words of each language (facts about the languages, not copied lists).
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and to in a is that for on was with by as at from it were have has its their".split()),
    "fr": frozenset("le la les de des du et un une est dans pour que qui sur par au aux avec ont".split()),
    "de": frozenset("der die das und ist nicht ein eine zu den mit von im für auf dem des sich".split()),
    "es": frozenset("el la los las de del y en que un una por con para es se al fue".split()),
    "it": frozenset("il lo la gli le di del della e che un una per con non sono è nel".split()),
    "pt": frozenset("o a os as de do da e que um uma para com não em no na foi".split()),
    "tr": frozenset("ve bir bu da de için ile olarak olan çok daha gibi ama en".split()),
    "nl": frozenset("de het een en van is dat op te in voor met zijn niet".split()),
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


def _script(ch: str) -> str | None:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    for key in _SCRIPTS:
        if name.startswith(key):
            return key
    return "LATIN" if "LATIN" in name else None


def detect_language(text: str, sample: int = 5000) -> str | None:
    """ISO 639-1 code of the text's main language, or None when there is too little text."""
    chunk = text[:sample]
    letters = [ch for ch in chunk if ch.isalpha()]
    if len(letters) < 20:
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
    if scores[best] == 0:
        return None
    return best
