"""Readers for the moderation gold sets in ``../shared/data/moderation`` and the seed page.

The data is read where it lies and never copied into the repository. Each reader returns
:class:`Example` rows with the data set's own label (``toxic``/``ok`` for HateXplain,
``hate``/``ok`` for ISCA antisemitism and ETHOS, ``hate``/``offensive``/``ok`` for Davidson)
and a split. Splits are fixed: HateXplain keeps its official train/val/test division. ISCA's held-out
part is 25 % of each (search keyword, label) stratum, drawn by a seeded hash over groups of
copies (retweets included, see :func:`isca_test_keys` and :func:`copy_key`), so every keyword keeps its share of antisemitic tweets in
both parts and retweets never straddle them. Davidson is split by a hash of the normalised
text. ETHOS (GPL-3.0) and the Jigsaw sample are test-only.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warreport.config import env_flag
from warreport.errors import InputError

ISCA_TEST_PERCENT = 25
ISCA_SPLIT_SEED = 0  # fixed once, before any model was scored on the split; never changed to suit a result
DAVIDSON_TEST_PERCENT = 20

_HANDLE = re.compile(r"@\w+|https?://\S+|\brt\b")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # the data set's own label
    split: str  # train | val | test
    target: str | None = None
    meta: str = ""  # e.g. ISCA's search keyword or HateXplain's post id


def repo_root() -> Path:
    return Path(__file__).resolve().parents[3]


def data_root() -> Path:
    """``../shared/data/moderation`` beside the repository, or $WARREPORT_MODERATION_DATA."""
    explicit = env_flag("WARREPORT_MODERATION_DATA")
    if explicit:
        return Path(explicit)
    return repo_root().parent / "shared" / "data" / "moderation"


def seed_dir() -> Path:
    return repo_root().parent / "shared" / "seed"


def text_key(text: str) -> str:
    """The text with handles, links and case removed: equal keys are copies of one text."""
    return _SPACES.sub(" ", _HANDLE.sub(" ", text.lower())).strip()


_RETWEET = re.compile(r"^\s*rt\s+@\w+:?")
_PUNCT = re.compile(r"[^\w\s]+")


def copy_key(text: str) -> str:
    """A stricter :func:`text_key`: also without a leading "RT @user:" and punctuation, so a
    retweet and its original (or copies that differ in quotes or emoji) share one key."""
    return _SPACES.sub(" ", _PUNCT.sub(" ", text_key(_RETWEET.sub(" ", text.lower())))).strip()


def hash_bucket(text: str) -> int:
    """A stable bucket 0..99 of the text, for splits that keep copies together."""
    return int(hashlib.sha1(text_key(text).encode("utf-8")).hexdigest()[:8], 16) % 100


def _require(path: Path) -> Path:
    if not path.is_file():
        raise InputError(f"moderation data file {path} is missing")
    return path


def hatexplain(root: Path | None = None) -> list[Example]:
    """HateXplain (MIT / CC BY 4.0), ERASER format: binary toxic (hate or offensive) vs ok."""
    path = _require((root or data_root()) / "hatexplain-eraser" / "hatexplain_labelled_posts.jsonl")
    rows: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            item = json.loads(line)
            rows.append(
                Example(
                    text=item["text"],
                    label="toxic" if item["label"] == "toxic" else "ok",
                    split=item["original_split"],
                    meta="hatexplain:" + item["post_id"],
                )
            )
    return rows


def isca_test_keys(items: list[tuple[str, str, bool]], *, percent: int = ISCA_TEST_PERCENT,
                   seed: int = ISCA_SPLIT_SEED) -> set[str]:
    """The text keys of ISCA's held-out part, from (text, keyword, antisemitic) rows.

    Copies of one text (same :func:`copy_key`) form a group; a group's stratum is the keyword of
    its first row and its majority label (ties count as antisemitic). In each stratum the groups
    are ordered by SHA-1 of ``"<seed>:<key>"`` and the first ``percent`` % (rounded) are held
    out. The result depends only on the data, ``percent`` and ``seed``.
    """
    groups: dict[str, list[tuple[str, bool]]] = {}
    for text, keyword, hateful in items:
        groups.setdefault(copy_key(text), []).append((keyword, hateful))
    strata: dict[tuple[str, bool], list[str]] = {}
    for key, members in groups.items():
        hateful = 2 * sum(h for _, h in members) >= len(members)
        strata.setdefault((members[0][0], hateful), []).append(key)
    held: set[str] = set()
    for stratum in sorted(strata):
        keys = sorted(strata[stratum], key=lambda k: hashlib.sha1(f"{seed}:{k}".encode()).hexdigest())
        held.update(keys[: round(len(keys) * percent / 100)])
    return held


def isca(root: Path | None = None) -> list[Example]:
    """ISCA antisemitism tweets (CC BY 4.0): ``hate`` (antisemitic, target Jewish) vs ``ok``."""
    path = _require((root or data_root()) / "isca-antisemitism" / "isca_antisemitism_tweets_2019_2021.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        items = [(item["Text"], item.get("Keyword", ""), item["Biased"].strip() == "1") for item in csv.DictReader(fh)]
    held = isca_test_keys(items)
    return [
        Example(
            text=text,
            label="hate" if hateful else "ok",
            split="test" if copy_key(text) in held else "train",
            target="Jewish" if hateful else None,
            meta=keyword,
        )
        for text, keyword, hateful in items
    ]


def davidson(root: Path | None = None) -> list[Example]:
    """Davidson et al. 2017 (MIT): ``hate`` / ``offensive`` / ``ok`` by majority vote."""
    path = _require((root or data_root()) / "davidson-hate-offensive" / "labeled_data.csv")
    names = {"0": "hate", "1": "offensive", "2": "ok"}
    rows: list[Example] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for item in csv.DictReader(fh):
            text = item["tweet"]
            rows.append(
                Example(
                    text=text,
                    label=names[item["class"].strip()],
                    split="test" if hash_bucket(text) < DAVIDSON_TEST_PERCENT else "train",
                )
            )
    return rows


def ethos(root: Path | None = None) -> list[Example]:
    """ETHOS binary (GPL-3.0): evaluation only, never used for training. Hate = share ≥ 0.5."""
    path = _require((root or data_root()) / "ethos" / "Ethos_Dataset_Binary.csv")
    rows: list[Example] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for item in csv.DictReader(fh, delimiter=";"):
            share = float(item["isHate"])
            rows.append(Example(text=item["comment"], label="hate" if share >= 0.5 else "ok", split="test"))
    return rows


def jigsaw_sample(root: Path | None = None) -> list[Example]:
    """101 Jigsaw test comments (CC0): ``toxic`` (any toxicity flag) vs ``ok``. Test only."""
    path = _require((root or data_root()) / "jigsaw-toxic-sample" / "test_examples.csv")
    flags = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
    rows: list[Example] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for item in csv.DictReader(fh):
            toxic = any(item[f].strip() == "1" for f in flags)
            rows.append(Example(text=item["comment_text"], label="toxic" if toxic else "ok", split="test"))
    return rows


def seed_comments(directory: Path | None = None) -> list[Example]:
    """The seed page's comments, split by the text-page parser, with gold.json's labels.

    Gold ``benign`` becomes ``ok``; ``also_accept`` labels are kept in ``meta``.
    """
    from warreport.ingest.textpage import parse_text_page

    base = directory or seed_dir()
    page = _require(base / "war-report-2017-11-01.txt")
    gold = json.loads(_require(base / "gold.json").read_text(encoding="utf-8"))["comments"]
    doc = parse_text_page(page.read_text(encoding="utf-8"), origin=str(page))
    rows: list[Example] = []
    for item in gold:
        comment = next((c for c in doc.comments if c.text.startswith(item["text_starts"])), None)
        if comment is None:
            raise InputError(f"seed comment starting {item['text_starts']!r} not found on the page")
        label = "ok" if item["label"] == "benign" else item["label"]
        rows.append(
            Example(
                text=comment.text,
                label=label,
                split="test",
                target=item.get("target"),
                meta=",".join(item.get("also_accept", [])),
            )
        )
    return rows


def split(rows: list[Example], *names: str) -> Iterator[Example]:
    wanted = set(names)
    return (r for r in rows if r.split in wanted)
