"""Place-name normalisation: one set of rules instead of hand-listed spelling variants.

Every name in the gazetteer and every name looked up goes through the same functions, so
"Deir Ezzor", "Dayr az Zawr", "Deir ez-Zor" and "دير الزور" meet on common keys:

* :func:`fold` - NFKD, diacritics and the apostrophe family (ʿ ’ ‘ ` ' ʾ) stripped, lower case,
  hyphens/dots/underscores as spaces; Arabic script letters unified (alef forms, ta marbuta,
  alef maqsura, tashkeel and tatweel removed).
* :func:`strip_articles` - the Arabic article in its Latin spellings (al-, el-, as-, ad-, ar-,
  az-, ash-, an-, at-, ...), glued to its noun ("Alhasakah", "Ezzor") or not, dropped anywhere
  in the name; "Albu"/"Al Bu"/"Abu" folded to "bu"; "ال" dropped in Arabic script.
* :func:`skeleton` - a consonant skeleton of the article-free name for transliteration pairs
  (Qaim/Qa'im, Deir/Dayr, Zor/Zawr, Fishkhabur/Fish Xabur, Menbij/Manbij, Sokhneh/Sukhnah):
  vowels and semivowels dropped, kh/x, q/k, th/dh/t/d, sh/ch/s, p/b, v/f merged, doubles
  collapsed.

:func:`name_keys` gives the keys a name is indexed under, each with its level: a match on a
lower level is stronger.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Levels of a key match, strongest first.
LEVEL_EXACT: Final = 0  # folded name equal
LEVEL_ARTICLE: Final = 1  # equal without articles and spaces
LEVEL_SKELETON: Final = 2  # equal consonant skeleton

_APOSTROPHES = "ʿʾʼʻ’‘`´'′ʹ\u02bf\u02be\u02c8"
_PUNCT_AS_SPACE = re.compile(r"[\-\u2010-\u2015_./\\,;:()\[\]\"“”«»|+&]+")
_WS = re.compile(r"\s+")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ێ": "ي",
        "ک": "ك",
        "ؤ": "و",
        "ئ": "ي",
        "ء": "",
        "ھ": "ه",
        "ە": "ه",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ج",
        "گ": "ك",
        "ژ": "ز",
    }
)
# Letters that NFKD does not decompose into base + mark.
_LATIN_EXTRA = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ə": "e",
    }
)

# The Arabic article in Latin transliteration, as separate token.
ARTICLES: Final = frozenset(
    {"al", "el", "il", "ul", "as", "es", "ad", "ed", "ar", "er", "az", "ez", "an", "en", "at",
     "et", "ash", "esh", "adh", "ath", "ats", "aṣ", "ag", "l"}
)
# Sun letters (assimilating the article) in Latin spelling, longest first.
_SUN = ("sh", "th", "dh", "ts", "s", "d", "r", "z", "n", "t", "l")
_BU_PREFIXES: Final = ("albu", "abu", "abou", "abo", "bou", "abul", "aboul")
_GLUED_AL = re.compile(r"^(?:al|el)(?=[bcdfghjklmnpqrstvwxz]{1}[a-z]{3,})")


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def _fold_arabic(text: str) -> str:
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_MAP)
    return text


def fold(name: str) -> str:
    """Lower-case, diacritic-free, punctuation-as-space form of a name ('' for no letters)."""
    text = unicodedata.normalize("NFKC", name)
    if is_arabic(text):
        text = _fold_arabic(text)
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    text = unicodedata.normalize("NFKD", text.lower().translate(_LATIN_EXTRA))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _PUNCT_AS_SPACE.sub(" ", text)
    return _WS.sub(" ", text).strip()


def _strip_token_article(token: str) -> str:
    """'ezzor' -> 'zor', 'assukhnah' -> 'sukhnah', 'alhasakah' -> 'hasakah'."""
    if len(token) > 4 and token[0] in "ae":
        for sun in _SUN:
            if token[1:].startswith(sun + sun[-1]) or token[1:].startswith(sun + sun):
                rest = token[1 + len(sun) :]
                if len(rest) >= 3:
                    return rest
        glued = _GLUED_AL.match(token)
        if glued and len(token) >= 7:
            return token[2:]
    return token


def strip_articles(folded: str) -> str:
    """Drop the Arabic article (Latin or Arabic script) from a folded name; keep other words."""
    if not folded:
        return folded
    tokens = folded.split(" ")
    if is_arabic(folded):
        out = [t[2:] if t.startswith("ال") and len(t) > 3 else t for t in tokens]
        return " ".join(out)
    out = []
    for i, tok in enumerate(tokens):
        if tok in ARTICLES and len(tokens) > 1 and i < len(tokens) - 1:
            continue
        if tok in _BU_PREFIXES:  # also "abul"/"aboul": Abu + the article ("Abul Thohur")
            tok = "bu"
        elif tok.startswith("albu") and len(tok) > 6:
            tok = "bu" + tok[4:]
        elif tok.startswith("abu") and len(tok) > 6:
            tok = "bu" + tok[3:]
        else:
            tok = _strip_token_article(tok)
        out.append(tok)
    # "al bu kamal" -> "bu kamal"; "al bukamal" -> "bukamal"
    return " ".join(out)


_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"([aeiou])h\b", r"\1"),  # ta marbuta: -ah, -eh
        (r"kh", "x"),
        (r"gh", "g"),
        (r"sh|ch|sch|ş|ç", "s"),
        (r"th|dh", "t"),
        (r"ph", "f"),
        (r"ck|q|c", "k"),
        (r"d", "t"),
        (r"p", "b"),
        (r"v", "f"),
        (r"[aeiouyw]", ""),
        (r"([a-z])\1+", r"\1"),
    )
)


def skeleton(folded: str) -> str:
    """Consonant skeleton of an article-free folded Latin name ('' for Arabic script)."""
    if not folded or is_arabic(folded):
        return ""
    text = folded
    for pattern, repl in _SKELETON_RULES[:1]:
        text = pattern.sub(repl, text)
    text = text.replace(" ", "")
    for pattern, repl in _SKELETON_RULES[1:]:
        text = pattern.sub(repl, text)
    return text


def compact(text: str) -> str:
    return text.replace(" ", "")


def consonant_key(name: str) -> str:
    """The consonant skeleton of a raw name without its article: what its ``~`` key holds.

    >>> consonant_key("At Tibnī") == consonant_key("Tabni")
    True
    """
    return skeleton(strip_articles(fold(name)))


TRANSLIT_PREFIX: Final = "="  # keys of spelling-neutral forms (level 1, theatre places only)
SKELETON_PREFIX: Final = "~"


def name_keys(name: str, query: bool = False) -> dict[str, int]:
    """Keys a name is indexed under (and looked up by), each with its match level.

    Besides the folded name (level 0) and its article-free compact form (level 1): its
    spelling-neutral form (level 1, ``=``: Arabic's three vowels and merged consonant pairs,
    so "Karama"/"Al Karamah", "Sosa"/"As Susah", "Ein Issa"/"'Ayn 'Isa" meet; indexed only
    where it differs from the compact form, so a ``query`` also looks it up unprefixed) and its
    consonant skeleton (level 2, ``~``).

    >>> sorted(name_keys("Deir ez-Zor").items())
    [('=tairzur', 1), ('deir ez zor', 0), ('deirzor', 1), ('~trzr', 2)]
    """
    folded = fold(name)
    if not folded:
        return {}
    keys: dict[str, int] = {folded: LEVEL_EXACT}
    bare = compact(strip_articles(folded))
    if bare and bare not in keys:
        keys[bare] = LEVEL_ARTICLE
    if bare and not is_arabic(bare) and len(bare) >= 3:
        neutral = translit(bare)
        if neutral != bare or query:
            keys[TRANSLIT_PREFIX + neutral] = LEVEL_ARTICLE
        if query and neutral not in keys:
            keys[neutral] = LEVEL_ARTICLE
    skel = skeleton(strip_articles(folded))  # = consonant_key(name)
    # A one-consonant skeleton collides with too much; two ("rk" Raqqa, "tm" Duma) is kept
    # because resolution re-scores skeleton matches by string similarity.
    if len(skel) >= 2:
        keys[SKELETON_PREFIX + skel] = LEVEL_SKELETON
    return keys


def is_translit_key(key: str) -> bool:
    """A key made by a transliteration rule (spelling-neutral form or skeleton)."""
    return key.startswith((TRANSLIT_PREFIX, SKELETON_PREFIX))


_TRANSLIT_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"([aeiou])h$", r"\1"),  # ta marbuta: -ah, -eh
        (r"kh", "x"),
        (r"gh", "g"),
        (r"sh|ch|sch", "s"),
        (r"th|dh", "t"),
        (r"ph", "f"),
        (r"ck|q|c", "k"),
        (r"d", "t"),
        (r"p", "b"),
        (r"v", "f"),
        (r"ou|oo|o|w", "u"),
        (r"ee|y", "i"),
        (r"e", "a"),
        (r"([a-z])\1+", r"\1"),
    )
)


def translit(bare: str) -> str:
    """A spelling-neutral form of an article-free compact name: Arabic's three vowels, merged
    consonant pairs ("sokhneh" and "sukhnah" -> "suxna", "menbij" and "manbij" -> "manbij")."""
    if is_arabic(bare):
        return bare
    for pattern, repl in _TRANSLIT_RULES:
        bare = pattern.sub(repl, bare)
    return bare


def similarity(a: str, b: str) -> float:
    """0..1 similarity of two names on their article-free, spelling-neutral forms."""
    return bare_similarity(compact(strip_articles(fold(a))), compact(strip_articles(fold(b))))


def bare_similarity(x: str, y: str) -> float:
    """:func:`similarity` for names already article-free and compact."""
    from difflib import SequenceMatcher

    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    x, y = translit(x), translit(y)
    if x == y:
        return 0.97 if len(x) >= 5 else 0.85
    return SequenceMatcher(None, x, y, autojunk=False).ratio()


# "Eastern Maliha", "Lower Baqras", "Big Khwein": English qualifiers before a name that GeoNames
# writes as Arabic adjectives after it (Al Mulayḩah ash Sharqīyah, Khuwayn al Kabīr), in the
# masculine and the feminine.
_QUALIFIERS: Final[dict[str, tuple[str, ...]]] = {
    "eastern": ("sharqiyah", "sharqi"),
    "east": ("sharqiyah", "sharqi"),
    "western": ("gharbiyah", "gharbi"),
    "west": ("gharbiyah", "gharbi"),
    "northern": ("shamaliyah", "shamali"),
    "north": ("shamaliyah", "shamali"),
    "southern": ("janubiyah", "janubi", "qibliyah", "qibli"),
    "south": ("janubiyah", "janubi", "qibliyah", "qibli"),
    "upper": ("fawqani", "fawqaniyah", "fuqani", "fawqa"),
    "lower": ("tahtani", "tahtaniyah", "tahta"),
    "big": ("kabir", "kabirah"),
    "great": ("kabir", "kabirah"),
    "greater": ("kabir", "kabirah"),
    "small": ("saghir", "saghirah"),
    "little": ("saghir", "saghirah"),
}
_QUALIFIED_NAME = re.compile(r"^\s*(?P<q>[A-Za-z]+)\s+(?P<base>\S.*)$")


def qualified_variants(name: str) -> list[str]:
    """The Arabic-ordered spellings of a name with an English qualifier in front ("Eastern
    Maliha" -> "Maliha Sharqiyah", "Maliha Sharqi"); empty for any other name."""
    m = _QUALIFIED_NAME.match(name)
    if not m:
        return []
    words = _QUALIFIERS.get(m.group("q").lower())
    if not words:
        return []
    return [f"{m.group('base')} {w}" for w in words]
