"""Text features of the moderation model: hashed TF-IDF in plain numpy.

No vocabulary is stored and nothing here needs scikit-learn or SciPy (they are only used for
training), so loading the model costs a numpy ``.npz`` read. Word 1-2-grams and byte 2-5-grams
inside word boundaries (of the UTF-8 text, each word padded with a space on either side) are
hashed with CRC-32 into two spaces of ``2**20`` buckets. The shipped artefact keeps, per used
bucket, its IDF weight and each head's coefficient. Buckets unseen in training (or below the
document-frequency floor) have IDF 0 and drop out, as words outside a fitted vocabulary would.
Term frequencies are sublinear (1 + log tf) and each block (words, bytes) is L2-normalised.

Texts are prepared first (:func:`prepare`): lower-cased, links and user handles become
placeholder tokens, ``&amp;`` is unescaped, and U+FFFD replacement characters — left where
curly quotes or emoji were lost on the way — become an apostrophe inside a word
("isn\\ufffdt" → "isn't") and a space elsewhere, so they neither split nor invent n-grams.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

MODEL_VERSION = 3  # of the .npz artefact (1: pickled scikit-learn vectoriser; 2: scikit-learn hashing)
WORD_BITS = 20
CHAR_BITS = 20
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)

_URL = re.compile(r"https?://\S+|www\.\S+")
_USER = re.compile(r"@\w+|<user>")
_FFFD_INSIDE = re.compile(r"(?<=\w)\ufffd(?=\w)")
_TOKEN = re.compile(r"\b\w\w+\b")


def prepare(text: str) -> str:
    """The text as the hashers see it (lower case, placeholders for links/handles, no U+FFFD)."""
    text = _URL.sub(" xurlx ", text)
    text = _USER.sub(" xuserx ", text)
    text = text.replace("&amp;", "&")
    text = _FFFD_INSIDE.sub("'", text)
    return text.replace("\ufffd", " ").lower()


def word_terms(prepared: str) -> list[str]:
    """Word unigrams and bigrams of a prepared text."""
    tokens = _TOKEN.findall(prepared)
    return tokens + [a + " " + b for a, b in zip(tokens, tokens[1:], strict=False)]


def term_bucket(term: str) -> int:
    """The word-space bucket of a word n-gram."""
    return zlib.crc32(term.encode("utf-8", "surrogatepass")) & (2**WORD_BITS - 1)


def _hash(prepared: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, count) of every distinct n-gram bucket, words then bytes, and the block
    of each entry (0 words, 1 bytes); columns of the byte block are offset by ``2**WORD_BITS``."""
    crc = zlib.crc32
    lo, hi = CHAR_NGRAMS
    words: list[int] = []
    word_rows: list[int] = []
    chars: list[int] = []
    char_rows: list[int] = []
    for row, text in enumerate(prepared):
        hashes = [crc(t.encode("utf-8", "surrogatepass")) for t in word_terms(text)]
        words.extend(hashes)
        word_rows.extend([row] * len(hashes))
        before = len(chars)
        for word in text.split():
            padded = (" " + word + " ").encode("utf-8", "surrogatepass")
            size = len(padded)
            for n in range(lo, hi + 1):
                if size < n:
                    break
                chars.extend([crc(padded[i : i + n]) for i in range(size - n + 1)])
        char_rows.extend([row] * (len(chars) - before))
    parts = []
    for block, (buckets, rows, bits, offset) in enumerate(
        ((words, word_rows, WORD_BITS, 0), (chars, char_rows, CHAR_BITS, 2**WORD_BITS))
    ):
        key = (np.asarray(rows, dtype=np.int64) << bits) | (np.asarray(buckets, dtype=np.int64) & (2**bits - 1))
        unique, counts = np.unique(key, return_counts=True)
        parts.append((unique >> bits, (unique & (2**bits - 1)) + offset, counts, np.full(unique.size, block)))
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(4))  # type: ignore[return-value]


@dataclass
class Features:
    """Sparse rows (COO, sorted by row within each block) of hashed TF-IDF values."""

    n_rows: int
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    _order: np.ndarray | None = field(default=None, repr=False, compare=False)
    _starts: np.ndarray | None = field(default=None, repr=False, compare=False)

    def scores(self, coef: np.ndarray) -> np.ndarray:
        """(n_rows, n_heads) of ``X @ coef``."""
        weighted = coef[self.cols] * self.vals[:, None]
        return np.stack(
            [np.bincount(self.rows, weights=weighted[:, k], minlength=self.n_rows) for k in range(coef.shape[1])],
            axis=1,
        )

    def row(self, i: int) -> dict[int, float]:
        """Column → value of one row."""
        if self._order is None:  # an index by row, built once per batch
            self._order = np.argsort(self.rows, kind="stable")
            self._starts = np.searchsorted(self.rows[self._order], np.arange(self.n_rows + 1))
        assert self._starts is not None
        picked = self._order[self._starts[i] : self._starts[i + 1]]
        return dict(zip(self.cols[picked].tolist(), self.vals[picked].tolist(), strict=True))

    def to_scipy(self, n_features: int) -> Any:
        """A SciPy CSR matrix (for training)."""
        import scipy.sparse as sp

        return sp.csr_matrix((self.vals, (self.rows, self.cols)), shape=(self.n_rows, n_features), dtype=np.float32)


@dataclass
class HashedTfidf:
    """Sublinear TF-IDF over hashed word and byte n-grams; ``idf`` is dense over both spaces
    (words first, then bytes), 0 for unused buckets."""

    idf: np.ndarray

    @property
    def n_features(self) -> int:
        return int(self.idf.shape[0])

    @classmethod
    def fit(cls, texts: list[str], *, word_min_df: int = 2, char_min_df: int = 3) -> HashedTfidf:
        _, cols, _, _ = _hash([prepare(t) for t in texts])
        size = 2**WORD_BITS + 2**CHAR_BITS
        df = np.bincount(cols, minlength=size)
        idf = np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
        floor = np.full(size, char_min_df)
        floor[: 2**WORD_BITS] = word_min_df
        idf[df < floor] = 0.0
        return cls(idf.astype(np.float32))

    def transform(self, texts: list[str]) -> Features:
        rows, cols, counts, block = _hash([prepare(t) for t in texts])
        vals = (1.0 + np.log(counts)).astype(np.float32) * self.idf[cols]
        keep = vals != 0
        rows, cols, vals, block = rows[keep], cols[keep], vals[keep], block[keep]
        n = len(texts)
        sq = np.bincount(rows * 2 + block, weights=vals.astype(np.float64) ** 2, minlength=2 * n)
        norm = np.sqrt(sq)
        norm[norm == 0] = 1.0
        vals = (vals / norm[rows * 2 + block]).astype(np.float32)
        return Features(n, rows, cols, vals)

    def word_columns(self, text: str) -> list[tuple[str, int]]:
        """The word n-grams of ``text`` with their column (for rationales)."""
        return [(term, term_bucket(term)) for term in word_terms(prepare(text))]
