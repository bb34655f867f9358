"""Comment moderation: seed gold, lexicon behaviour, the function API, store reviews, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warreport.model import Comment, Document, ModerationLabel, ProcessedDocument
from warreport.moderation import moderate_comments, moderate_text
from warreport.moderation.lexicon import lexicon, scan

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


# -- the seed page: 4 antisemitic comments, 1 insult, 9 ordinary ----------------------
def test_seed_comments_match_gold() -> None:
    if not (SHARED / "seed" / "gold.json").is_file():
        pytest.skip("../shared/seed not available")
    from warreport.moderation.datasets import seed_comments

    rows = seed_comments(SHARED / "seed")
    assert len(rows) == 14
    labelled = moderate_comments([Comment(index=i, text=r.text) for i, r in enumerate(rows)])
    for row, comment in zip(rows, labelled, strict=True):
        mod = comment.moderation
        assert mod is not None
        assert mod.label.value == row.label, (row.text, mod)
        if row.label == "hate":
            assert mod.target == "Jewish", (row.text, mod)
            assert mod.rationale, row.text
    counts = {lab: sum(1 for c in labelled if c.moderation and c.moderation.label.value == lab) for lab in ("hate", "insult", "ok")}
    assert counts == {"hate": 4, "insult": 1, "ok": 9}


# -- behaviour on sentences written for these tests -------------------------------------
@pytest.mark.parametrize(
    ("text", "label", "target"),
    [
        ("The Jews control the media and the banks, wake up people.", "hate", "Jewish"),
        ("Those fake Jews are not even real Semites.", "hate", "Jewish"),
        ("The Rothschild bankers of the Jewish tribe financed both world wars.", "hate", "Jewish"),
        ("Gas the Jews, all of them.", "hate", "Jewish"),
        ("Muslims are a cancer on Europe and must be removed.", "hate", "Muslim"),
        ("Gays are subhuman animals.", "hate", "LGBTQ"),
        ("I will kill you when I find you.", "threat", None),
        ("You are a pathetic idiot and everyone knows it.", "insult", None),
        ("Shut up, nobody asked for your garbage opinion.", "insult", None),
        ("Earn $500 per day working from home, click here!", "spam", None),
        ("The army retook the town after three days of fighting.", "ok", None),
        ("Jewish and Muslim leaders met in Berlin to discuss the refugee crisis.", "ok", None),
        ("The Kurds held the bridge against the attack.", "ok", None),
    ],
)
def test_labels(text: str, label: str, target: str | None) -> None:
    mod = moderate_text(text)
    assert mod.label.value == label, mod
    assert mod.target == target, mod
    assert 0.0 <= mod.score <= 1.0
    assert mod.rule


@pytest.mark.parametrize(
    "text",
    [
        "He called me a kike on the bus and nobody said anything.",
        'Calling someone a "kike" is an antisemitic slur and should be reported.',
        "The claim that Jews control the banks is an old antisemitic trope.",
    ],
)
def test_quoting_or_criticising_a_slur_is_not_hate(text: str) -> None:
    assert moderate_text(text).label != ModerationLabel.HATE


def test_rationale_spans_point_into_the_text() -> None:
    text = "Honestly, Zionism is the curse of humanity and everybody knows it."
    mod = moderate_text(text)
    assert mod.label == ModerationLabel.HATE
    for span in mod.rationale:
        assert text[span.start_char : span.end_char] == span.text
    assert any("curse of humanity" in s.text for s in mod.rationale)


def test_moderate_comments_returns_labelled_copies() -> None:
    comments = [Comment(index=0, text="Good report, thanks."), Comment(index=1, author="x", text="You are a moron.", reply_to=0)]
    out = moderate_comments(comments)
    assert [c.moderation.label.value for c in out if c.moderation] == ["ok", "insult"]
    assert all(c.moderation is None for c in comments)
    assert (out[1].author, out[1].reply_to, out[1].text) == ("x", 0, "You are a moron.")
    assert moderate_comments([]) == []


def test_lexicon_compiles_every_target() -> None:
    lex = lexicon()
    for group in ("Jewish", "Muslim", "Arab", "Kurdish", "Black", "LGBTQ", "women"):
        assert group in lex.groups


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_scan_spans_are_inside_any_text(text: str) -> None:
    for hit in scan(text).hits:
        assert 0 <= hit.start < hit.end <= len(text)
        assert text[hit.start : hit.end] == hit.text


# -- the store: machine labels on comment rows, moderator overrides as reviews -----------
def test_store_labels_and_override(tmp_path: Path) -> None:
    from warreport.errors import InputError, NotFoundError
    from warreport.moderation.store import labelled_comments, moderate_stored, override_label
    from warreport.store.db import Database
    from warreport.store.repository import Store

    db = Database(f"sqlite:///{tmp_path / 'store.db'}")
    doc = Document(
        title="t",
        body=["The army retook the town."],
        comments=[Comment(index=0, text="Thanks for the report."), Comment(index=1, text="You are a moron.")],
    )
    Store(db).save(ProcessedDocument(document=doc))
    assert moderate_stored(db, doc.doc_id) == 2
    assert moderate_stored(db, doc.doc_id) == 0  # already labelled
    before = labelled_comments(db, doc.doc_id)
    assert [c.label for c in before] == ["ok", "insult"]
    assert override_label(db, doc.doc_id, 1, "ok", author="mod1", note="banter between friends") == "ok"
    after = labelled_comments(db, doc.doc_id)
    assert after[1].machine_label == "insult"
    assert (after[1].label, after[1].reviewed_by) == ("ok", "mod1")
    assert not after[1].collapsed
    with pytest.raises(InputError):
        override_label(db, doc.doc_id, 1, "rude", author="mod1")
    with pytest.raises(NotFoundError):
        override_label(db, doc.doc_id, 7, "ok", author="mod1")
    with pytest.raises(NotFoundError):
        moderate_stored(db, "nope")


# -- CLI and eval ---------------------------------------------------------------------
def test_cli_moderate_json(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from warreport.cli import app

    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><h1>Invented</h1><p>The army retook the town after three days.</p>"
        "<p>Residents returned on Sunday.</p></article><div id='comments'><ol class='commentlist'>"
        "<li class='comment'><cite class='fn'>A</cite><div class='comment-content'><p>Thanks for this.</p></div></li>"
        "<li class='comment'><cite class='fn'>B</cite><div class='comment-content'><p>The Jews control the media.</p></div></li>"
        "</ol></div></body></html>",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["moderate", "--json", str(page)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.strip().splitlines()[-1])
    labels = [(c["author"], c["label"], c["target"]) for c in record["comments"]]
    assert labels == [("A", "ok", None), ("B", "hate", "Jewish")]


def test_eval_on_seed() -> None:
    if not (SHARED / "seed" / "gold.json").is_file():
        pytest.skip("../shared/seed not available")
    from warreport.eval.moderation import evaluate

    [result] = evaluate(only=["seed"])
    by_class = {s.positive: s for s in result.scores}
    assert by_class["hate"].f1 == 1.0 and by_class["insult"].f1 == 1.0 and by_class["hate:Jewish"].f1 == 1.0


def test_concurrent_calls_give_the_same_labels() -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = ["You are a pathetic idiot.", "The Jews control the media.", "Thanks for the report.", "I will kill you."]
    expected = [moderate_text(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: [moderate_text(t) for t in texts], range(8)))
    assert all(r == expected for r in results)


# -- the model artefact, features and splits --------------------------------------------
def test_model_is_a_plain_npz_without_pickles() -> None:
    import numpy as np

    from warreport.moderation.classifier import load_model, model_path

    with np.load(model_path(), allow_pickle=False) as raw:
        assert {"header", "used", "idf", "coef", "intercept"} <= set(raw.files)
    model = load_model()
    assert model.heads == ("toxic", "antisemitic", "hate")
    assert set(model.thresholds) >= {"toxic", "toxic_uncued", "antisemitic", "hate"}


def test_missing_or_broken_model_is_a_model_error(tmp_path: Path) -> None:
    from warreport.errors import ModelError
    from warreport.moderation.classifier import load_model

    with pytest.raises(ModelError, match="missing"):
        load_model(tmp_path / "nope.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match="cannot read"):
        load_model(bad)


def test_features_scores_match_a_sparse_product_and_rationale_columns() -> None:
    import numpy as np

    from warreport.moderation.features import WORD_BITS, HashedTfidf, prepare, term_bucket

    texts = ["The bridge fell on Sunday.", "Isn\ufffdt it odd \ufffd that they said so?", ""]
    vec = HashedTfidf.fit(texts * 3, word_min_df=1, char_min_df=1)
    X = vec.transform(texts)
    coef = np.random.default_rng(0).normal(size=(vec.n_features, 2)).astype(np.float32)
    dense = X.to_scipy(vec.n_features)
    assert np.allclose(X.scores(coef), dense @ coef, atol=1e-4)
    # each block is L2-normalised; the empty text has no features
    norms = np.asarray(dense.multiply(dense).sum(axis=1)).ravel()
    assert np.allclose(norms, [2.0, 2.0, 0.0], atol=1e-4)
    # U+FFFD inside a word is an apostrophe, elsewhere a space
    assert prepare("Isn\ufffdt it \ufffd odd") == "isn't it   odd"
    # the columns named for rationales are the ones the text fills
    row = X.row(0)
    for term, col in vec.word_columns(texts[0]):
        assert col == term_bucket(term) < 2**WORD_BITS
        assert col in row


def test_isca_held_out_part_is_stratified_seeded_and_keeps_copies_together() -> None:
    from warreport.moderation.datasets import copy_key, isca_test_keys

    items = []
    for keyword, n, share in (("Jews", 400, 0.1), ("ZioNazi", 120, 0.9)):
        for i in range(n):
            items.append((f"{keyword} tweet number {i}", keyword, i < n * share))
    items.append(("RT @a: Jews tweet number 5", "Jews", True))  # a copy of row 5
    held = isca_test_keys(items)
    assert held == isca_test_keys(list(reversed(items)))  # order does not matter
    assert held != isca_test_keys(items, seed=1)
    for keyword, hateful in (("Jews", True), ("Jews", False), ("ZioNazi", True), ("ZioNazi", False)):
        stratum = {copy_key(t) for t, k, h in items if k == keyword and h == hateful}
        share = len(stratum & held) / len(stratum)
        assert abs(share - 0.25) < 0.05, (keyword, hateful, share)
    assert copy_key("RT @a: Jews tweet number 5") == copy_key("Jews tweet number 5.")
    assert (copy_key("RT @a: Jews tweet number 5") in held) == (copy_key("Jews tweet number 5") in held)


def test_lexicon_patterns_must_be_lower_case() -> None:
    from warreport.errors import ModelError
    from warreport.moderation.lexicon import _compile

    assert _compile(r"\bjews?\W", "ok").search("the jews!")
    with pytest.raises(ModelError, match="upper-case"):
        _compile(r"\bJews?\b", "bad")


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=200))
def test_any_text_gets_a_label(text: str) -> None:
    mod = moderate_text(text)
    assert 0.0 <= mod.score <= 1.0
    for span in mod.rationale:
        assert text[span.start_char : span.end_char] == span.text


def test_lone_surrogates_and_replacement_characters() -> None:
    assert moderate_text("odd \ud800 text \ufffd\ufffd here").label == ModerationLabel.OK
