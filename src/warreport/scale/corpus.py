"""Synthetic war reports for benchmarks, load tests and scale tests.

The reports are assembled from sentence templates written for this project, filled with
places, actors and numbers from small lists, deterministically from a seed: report ``i`` of
seed ``s`` is always the same text. They read like the daily front-line summaries warreport
ingests (clashes, shelling, air strikes, territory changing hands, casualties), so the NLP
pipeline does realistic work on them, but they describe no real events.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from warreport.model import (
    Comment,
    Document,
    Event,
    ProcessedDocument,
    Provenance,
    Quantity,
    RawPage,
    make_event_id,
)

PLACES = (
    "Deir Ezzor", "Abu Kamal", "al-Mayadin", "Raqqa", "Tabqa", "Manbij", "al-Qaim", "Rawa",
    "Anah", "Kirkuk", "Tuz Khurmatu", "Sinjar", "Mosul", "Tal Afar", "Hawija", "Palmyra",
    "al-Sukhnah", "Hama", "Idlib", "Saraqib", "Khan Shaykhun", "Aleppo", "al-Bab", "Afrin",
    "Douma", "Harasta", "Daraa", "Quneitra", "Homs", "al-Tanf", "Hajin", "al-Shafah",
)
ACTORS = (
    "the Syrian Arab Army", "the Syrian Democratic Forces", "Islamic State fighters",
    "the Iraqi army", "the Popular Mobilisation Forces", "Peshmerga units", "Russian aircraft",
    "coalition aircraft", "Turkish-backed rebels", "Hayat Tahrir al-Sham", "the Tiger Forces",
    "the Republican Guard", "Kurdish YPG fighters", "local tribal militias", "federal police units",
)
SOURCES = ("Euphrates Wire", "Tigris Ledger", "Levant Front Monitor", "Desert Bulletin", "Border Dispatch")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEAPONS = ("mortar rounds", "artillery shells", "rockets", "barrel bombs", "guided missiles", "drones")
DISTRICTS = ("the old airport district", "the industrial zone", "the northern outskirts",
             "the grain silos", "the eastern bank of the river", "the main bridge", "the hospital quarter")

TEMPLATES = (
    "{a1} clashed with {a2} near {p1} on {day}, and at least {n} fighters were killed, a local monitor said.",
    "{a1} shelled positions held by {a2} in {p1} with {weapon} on {day}, wounding {n} civilians.",
    "On {day}, {a1} took control of {p1} after {a2} withdrew towards {p2}.",
    "{a2} launched a counter-attack on {p1} overnight and retook {district}, according to {src}.",
    "Air strikes by {a1} hit {district} of {p1} on {day}; residents reported {n} dead.",
    "A car bomb exploded at a checkpoint in {p1} on {day}, killing {n} people, and no group claimed it.",
    "{a1} said it had destroyed {n} vehicles of {a2} east of {p2}, a claim that could not be verified.",
    "Fighting between {a1} and {a2} continued for a third day around {district} of {p1}.",
    "Hundreds of families fled {p1} for {p2} as {a1} advanced from the south.",
    "Protesters gathered in the centre of {p1} on {day} to demand the release of detainees held by {a1}.",
    "{a1} is expected to attack {p2} in the coming days, commanders told reporters.",
    "{a2} denied that it had lost {p1}, and said its fighters still held {district}.",
    "Engineers of {a1} cleared mines from the road between {p1} and {p2}, the ministry said.",
    "An officer of {a1} said {n} {weapon} had been fired at {p1} since the start of the week.",
)
FILLER = (
    "The situation in the area remains tense.",
    "Aid agencies said access to the town was still restricted.",
    "Independent confirmation was not possible because of the fighting.",
    "Communications with the area have been cut for several days.",
    "The road along the river is the only supply line into the pocket.",
)


@dataclass(frozen=True)
class SyntheticReport:
    index: int
    title: str
    text: str
    published: date
    source: str
    url: str

    @property
    def words(self) -> int:
        return len(self.text.split())

    def as_raw_page(self) -> RawPage:
        return RawPage(
            origin=f"synthetic:{self.index}",
            text=self.text,
            url=self.url,
            published=self.published,
            source=self.source,
            title=self.title,
        )

    def as_html(self) -> str:
        paras = "".join(f"<p>{p}</p>" for p in self.text.split("\n\n"))
        return (
            f"<!doctype html><html><head><title>{self.title}</title>"
            f'<meta property="article:published_time" content="{self.published.isoformat()}">'
            f'<meta property="og:site_name" content="{self.source}"></head><body>'
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{self.title}</h1>{paras}</article>"
            f"<footer>Subscribe to our newsletter. All rights reserved.</footer></body></html>"
        )

    def as_processed(self, n_events: int = 3, comments: int = 1) -> ProcessedDocument:
        """The report as a parsed Document with ``n_events`` made-up events (no NLP involved):
        for exercising the store and the loaders at the size real extraction produces."""
        doc = Document(
            title=self.title, published=self.published, source=self.source, url=self.url, language="en",
            body=self.text.split("\n\n"), origin=f"synthetic:{self.index}",
            comments=[Comment(index=k, author=f"reader{k}", text=f"Comment {k} on report {self.index}.")
                      for k in range(comments)],
        )
        rng = random.Random(self.index)
        events = []
        for k in range(n_events):
            place = rng.choice(PLACES)
            start = k * 40
            events.append(Event(
                event_id=make_event_id(doc.doc_id, start, "Armed clash", place),
                doc_id=doc.doc_id,
                event_date=self.published - timedelta(days=k),
                event_type="Battles",
                sub_event_type="Armed clash",
                actor1="Military Forces of Syria (2017-)",
                assoc_actor_1=["Tiger Forces"],
                actor2="Islamic State (Syria)",
                location=place,
                country="Syria",
                latitude=round(34.0 + rng.random() * 3, 4),
                longitude=round(37.0 + rng.random() * 4, 4),
                geo_precision=1,
                fatalities=k,
                quantities=[Quantity(kind="fatalities", count=k, text=f"{k} killed")],
                sentence=f"Sentence {k} of report {self.index} \u2014 with a tab\tand a backslash \\ inside.",
                start_char=start,
                end_char=start + 39,
                source=self.source,
                source_url=self.url,
                fields_provenance={"location": Provenance(rule="gazetteer", confidence=0.5, text=place)},
            ))
        return ProcessedDocument(document=doc, events=events)

    def as_json_record(self) -> dict[str, str]:
        return {
            "id": f"syn-{self.index:08d}",
            "title": self.title,
            "text": self.text,
            "published": self.published.isoformat(),
            "source": self.source,
            "url": self.url,
        }


def _sentence(rng: random.Random, place: str) -> str:
    a1, a2 = rng.sample(ACTORS, 2)
    p2 = rng.choice([p for p in PLACES if p != place])
    template = rng.choice(TEMPLATES) if rng.random() < 0.8 else rng.choice(FILLER)
    text = template.format(
        a1=a1, a2=a2, p1=place, p2=p2, day=rng.choice(WEEKDAYS), n=rng.randint(2, 60),
        weapon=rng.choice(WEAPONS), district=rng.choice(DISTRICTS), src=rng.choice(SOURCES),
    )
    return text[0].upper() + text[1:]


def synthetic_report(index: int, *, words: int = 500, seed: int = 0) -> SyntheticReport:
    """Report number ``index``: about ``words`` words (never fewer), 3-5 sentences a paragraph."""
    rng = random.Random(seed * 1_000_003 + index)
    place = rng.choice(PLACES)
    source = rng.choice(SOURCES)
    published = date(2017, 1, 1) + timedelta(days=rng.randint(0, 364))
    paragraphs: list[str] = []
    count = 0
    while count < words:
        sentences = [_sentence(rng, place if rng.random() < 0.6 else rng.choice(PLACES)) for _ in range(rng.randint(3, 5))]
        para = " ".join(sentences)
        paragraphs.append(para)
        count += len(para.split())
    title = f"Fighting around {place}: daily front-line summary no. {index}"
    slug = place.lower().replace(" ", "-")
    return SyntheticReport(
        index=index,
        title=title,
        text="\n\n".join(paragraphs),
        published=published,
        source=source,
        url=f"https://{source.lower().replace(' ', '')}.example/{published:%Y/%m/%d}/{slug}-{seed}-{index}",
    )


def synthetic_reports(n: int, *, words: int = 500, seed: int = 0, start: int = 0) -> Iterator[SyntheticReport]:
    for i in range(start, start + n):
        yield synthetic_report(i, words=words, seed=seed)


def write_jsonl(path: Path, n: int, *, words: int = 500, seed: int = 0, start: int = 0) -> Path:
    """A JSONL corpus of ``n`` synthetic reports (the `ingest` JSONL record shape)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for report in synthetic_reports(n, words=words, seed=seed, start=start):
            handle.write(json.dumps(report.as_json_record(), ensure_ascii=False) + "\n")
    return path


def write_html_dir(root: Path, n: int, *, words: int = 500, seed: int = 0) -> Path:
    """A directory of ``n`` synthetic HTML pages."""
    root.mkdir(parents=True, exist_ok=True)
    for report in synthetic_reports(n, words=words, seed=seed):
        (root / f"report-{report.index:06d}.html").write_text(report.as_html(), encoding="utf-8")
    return root
