"""Text features of the moderation model: hashed TF-IDF with plain numpy weights.

No vocabulary is stored. Word 1-2-grams and character 2-5-grams (inside word boundaries) are
hashed into fixed spaces by scikit-learn's :class:`HashingVectorizer`; the shipped artefact keeps
only, per used hash bucket, its IDF weight and each head's coefficient (numpy arrays in an
``.npz`` file, no pickle). Buckets unseen in training (or below the document-frequency floor)
have IDF 0 and drop out, as words outside a fitted vocabulary would.

Texts are prepared first (:func:`prepare`): links and user handles become placeholder tokens,
``&amp;`` is unescaped, and U+FFFD replacement characters — left where curly quotes or emoji
were lost on the way — become an apostrophe inside a word ("isn\\ufffdt" → "isn't") and a
space elsewhere, so they do not split or invent n-grams.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

MODEL_VERSION = 2  # of the .npz artefact (1 was a pickled scikit-learn vectoriser)
WORD_BITS = 20
CHAR_BITS = 20
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)

_URL = re.compile(r"https?://\S+|www\.\S+")
_USER = re.compile(r"@\w+|<user>")
_FFFD_INSIDE = re.compile(r"(?<=\w)\ufffd(?=\w)")


def prepare(text: str) -> str:
    """The text as the vectorisers see it (placeholders for links/handles, no U+FFFD)."""
    text = _URL.sub(" xurlx ", text)
    text = _USER.sub(" xuserx ", text)
    text = text.replace("&amp;", "&")
    text = _FFFD_INSIDE.sub("'", text)
    return text.replace("\ufffd", " ")


def _word_hasher() -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        ngram_range=WORD_NGRAMS, n_features=2**WORD_BITS, alternate_sign=False, norm=None, dtype=np.float32
    )


def _char_hasher() -> Any:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        analyzer="char_wb", ngram_range=CHAR_NGRAMS, n_features=2**CHAR_BITS, alternate_sign=False,
        norm=None, dtype=np.float32,
    )


@dataclass
class HashedTfidf:
    """Sublinear TF-IDF over hashed word and char n-grams; each block is L2-normalised.

    ``word_idf`` / ``char_idf`` are dense arrays over the hash space (0 = unused bucket).
    The output has ``2**WORD_BITS + 2**CHAR_BITS`` columns: words first, then chars.
    """

    word_idf: np.ndarray
    char_idf: np.ndarray

    def __post_init__(self) -> None:
        self._words = _word_hasher()
        self._chars = _char_hasher()

    @property
    def n_words(self) -> int:
        return int(self.word_idf.shape[0])

    @property
    def n_features(self) -> int:
        return int(self.word_idf.shape[0] + self.char_idf.shape[0])

    @classmethod
    def fit(cls, texts: list[str], *, word_min_df: int = 2, char_min_df: int = 3) -> HashedTfidf:
        prepared = [prepare(t) for t in texts]
        idfs = []
        for hasher, min_df in ((_word_hasher(), word_min_df), (_char_hasher(), char_min_df)):
            X = hasher.transform(prepared).tocsr()
            X.sum_duplicates()
            df = np.bincount(X.indices, minlength=X.shape[1])
            idf = np.log((1.0 + X.shape[0]) / (1.0 + df)) + 1.0
            idf[df < min_df] = 0.0
            idfs.append(idf.astype(np.float32))
        return cls(idfs[0], idfs[1])

    def _block(self, hasher: Any, idf: np.ndarray, prepared: list[str]) -> Any:
        import scipy.sparse as sp

        X = hasher.transform(prepared).tocsr()
        X.data = (1.0 + np.log(X.data)) * idf[X.indices]
        X.eliminate_zeros()
        sq = np.asarray(X.multiply(X).sum(axis=1)).ravel()
        sq[sq == 0] = 1.0
        return sp.diags((1.0 / np.sqrt(sq)).astype(np.float32)) @ X

    def transform(self, texts: list[str]) -> Any:
        """A CSR matrix (len(texts) × n_features), float32."""
        import scipy.sparse as sp

        prepared = [prepare(t) for t in texts]
        words = self._block(self._words, self.word_idf, prepared)
        chars = self._block(self._chars, self.char_idf, prepared)
        return sp.hstack([words, chars], format="csr", dtype=np.float32)

    def word_terms(self, text: str) -> list[tuple[str, int]]:
        """The word n-grams of ``text`` with their hashed column (for rationales)."""
        from sklearn.utils import murmurhash3_32

        analyse = self._words.build_analyzer()
        size = self.n_words
        return [(term, abs(int(murmurhash3_32(term, seed=0))) % size) for term in analyse(prepare(text))]


def sparse_arrays(prefix: str, dense: np.ndarray, dtype: Any = np.float32) -> dict[str, np.ndarray]:
    """A mostly-zero vector (or matrix, zero rows dropped) as index + value arrays for an .npz."""
    if dense.ndim == 1:
        idx = np.flatnonzero(dense)
        return {f"{prefix}_idx": idx.astype(np.int32), f"{prefix}_val": dense[idx].astype(dtype)}
    idx = np.flatnonzero(np.any(dense != 0, axis=1))
    return {f"{prefix}_idx": idx.astype(np.int32), f"{prefix}_val": dense[idx].astype(dtype)}


def dense_from(arrays: Any, prefix: str, size: int, width: int | None = None) -> np.ndarray:
    """The inverse of :func:`sparse_arrays` (float32)."""
    idx = arrays[f"{prefix}_idx"]
    val = arrays[f"{prefix}_val"].astype(np.float32)
    out = np.zeros(size if width is None else (size, width), dtype=np.float32)
    out[idx] = val
    return out
