"""``ingest``: bad documents are recorded failures, the batch goes on, nothing stored is lost,
and ingesting the same pages again changes nothing.

Event extraction and comment moderation are other areas' stages; they are replaced here by
stand-ins so that these tests exercise ingest (sources, parsing, the batch runner, the store).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from warreport.config import Config, load_config
from warreport.errors import ModelError
from warreport.model import Comment, Document, Event
from warreport.pipeline import raise_errors, record_and_continue, run_batch
from warreport.store import Store

FIXTURES = Path(__file__).resolve().parent / "ingest" / "fixtures"
TEXT = FIXTURES / "delta-dispatch-lake-chad.txt"
HTML = FIXTURES / "orontes-courier-hama.html"

ARABIC = ("قالت مصادر محلية إن القوات الحكومية سيطرت على عدة أحياء في مدينة دير الزور يوم الثلاثاء "
          "بعد اشتباكات عنيفة مع مقاتلي التنظيم، وإن المدنيين بدأوا بالعودة إلى منازلهم.")
FRENCH = ("Les forces gouvernementales ont pris le contrôle de plusieurs quartiers de la ville mardi, "
          "a déclaré l'armée dans un communiqué. Les combats se poursuivent près de l'aéroport.")
THIRD = ("Clashes near Marib\n\nFighting between government forces and the Houthis went on for a third day "
         "near Marib on Monday, tribal sources said.\n\nAt least twelve fighters were killed on both sides, "
         "the sources said.\n")

BAD = {
    "b-empty.txt": (b"", "EmptyInputError", "empty"),
    "c-binary.html": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "BinaryInputError", "binary"),
    "d-arabic-cp1256.txt": (("Report\n\n" + ARABIC + "\n").encode("cp1256"), "UnsupportedLanguageError",
                            "Arabic"),
    "e-french.txt": (("Rapport\n\n" + FRENCH + "\n").encode("utf-8"), "UnsupportedLanguageError", "French"),
    "f-broken.html": (b"<html><body><div><span></div></p></html>", "EmptyInputError", "no article text"),
}


class StandInExtractor:
    """Replaces ``warreport.extract.extract_many``: no events, or a failure on a marked page."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.fail_on = fail_on
        self.seen: list[str] = []

    def __call__(self, docs: Iterable[Document], **_: object) -> list[tuple[Document, list[Event]]]:
        out = []
        for doc in docs:
            self.seen.append(doc.doc_id)
            if self.fail_on and self.fail_on in doc.text:
                raise ModelError(f"{doc.origin}: the extractor failed")
            out.append((doc, []))
        return out


@pytest.fixture
def extractor(monkeypatch: pytest.MonkeyPatch) -> StandInExtractor:
    stand_in = StandInExtractor()
    monkeypatch.setattr("warreport.extract.extract_many", stand_in, raising=False)

    def moderate(comments: list[Comment]) -> list[Comment]:
        return comments

    monkeypatch.setattr("warreport.moderation.moderate_comments", moderate, raising=False)
    return stand_in


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a-delta.txt").write_bytes(TEXT.read_bytes())
    for name, (data, _, _) in BAD.items():
        (root / name).write_bytes(data)
    (root / "g-orontes.html").write_bytes(HTML.read_bytes())
    (root / "h-marib.txt").write_text(THIRD, encoding="utf-8")
    return root


def cfg(batch_size: int = 50) -> Config:
    return load_config(environ={}, batch_size=batch_size)


def ingest(store: Store, sources: list[str], config: Config) -> object:
    from warreport.ingest.sources import iter_sources

    return run_batch(iter_sources(sources, config), store, config, on_error=record_and_continue)


@pytest.mark.parametrize("batch_size", [1, 3, 50])
def test_bad_documents_are_recorded_and_the_batch_goes_on(
    corpus: Path, sqlite_url: str, extractor: StandInExtractor, batch_size: int
) -> None:
    store = Store(sqlite_url)
    report = ingest(store, [str(corpus)], cfg(batch_size))
    assert (report.seen, report.new, report.duplicates) == (8, 3, 0)  # type: ignore[attr-defined]
    failures = {Path(f.origin).name: f for f in store.failures()}
    assert set(failures) == set(BAD)
    for name, (_, error_type, message) in BAD.items():
        assert failures[name].error_type == error_type
        assert message in failures[name].reason and "\n" not in failures[name].reason
        assert failures[name].stage == "parse"
    stats = store.stats()
    assert (stats.documents, stats.failures) == (3, 5)
    assert stats.comments == 4 + 3  # the text page's thread and the HTML page's thread


def test_same_pages_again_change_nothing(corpus: Path, sqlite_url: str, extractor: StandInExtractor) -> None:
    store = Store(sqlite_url)
    ingest(store, [str(corpus)], cfg())
    before = store.stats()
    docs_before = {d.doc_id: d.model_dump() for d in store.iter_documents()}
    report = ingest(store, [str(corpus), str(corpus / "a-delta.txt")], cfg())
    assert (report.new, report.duplicates) == (0, 4)  # type: ignore[attr-defined]
    after = store.stats()
    assert (after.documents, after.events, after.comments) == (before.documents, before.events, before.comments)
    assert {d.doc_id: d.model_dump() for d in store.iter_documents()} == docs_before


def test_same_page_from_another_file_is_the_same_document(tmp_path: Path, sqlite_url: str,
                                                          extractor: StandInExtractor) -> None:
    store = Store(sqlite_url)
    copy = tmp_path / "copy-of-delta.txt"
    copy.write_bytes(TEXT.read_bytes())
    report = ingest(store, [str(TEXT), str(copy)], cfg())
    assert (report.new, report.duplicates) == (1, 1)  # type: ignore[attr-defined]


def test_stored_document_is_the_parsed_page(sqlite_url: str, extractor: StandInExtractor) -> None:
    from warreport.ingest.page import parse_page
    from warreport.model import RawPage

    store = Store(sqlite_url)
    ingest(store, [str(TEXT)], cfg())
    parsed = parse_page(RawPage(origin=str(TEXT), data=TEXT.read_bytes()), max_bytes=1_000_000)
    stored = store.get_document(parsed.doc_id)
    assert (stored.title, stored.body, stored.source, stored.published) == (
        parsed.title, parsed.body, parsed.source, parsed.published)
    assert [(c.author, c.text, c.reply_to) for c in stored.comments] == [
        (c.author, c.text, c.reply_to) for c in parsed.comments]


def test_an_extraction_failure_is_isolated(corpus: Path, sqlite_url: str, extractor: StandInExtractor) -> None:
    extractor.fail_on = "Monguno"  # the Delta Dispatch page
    store = Store(sqlite_url)
    report = ingest(store, [str(corpus)], cfg())
    assert report.new == 2  # type: ignore[attr-defined]
    extract_failures = [f for f in store.failures() if f.stage == "extract"]
    assert len(extract_failures) == 1 and "extractor failed" in extract_failures[0].reason
    # fixed extractor: the page that failed is ingested now, nothing else changes
    extractor.fail_on = None
    report = ingest(store, [str(corpus)], cfg())
    assert (report.new, report.duplicates) == (1, 2)  # type: ignore[attr-defined]
    assert store.stats().documents == 3


def test_strict_mode_stops_at_the_first_bad_page(corpus: Path, sqlite_url: str,
                                                 extractor: StandInExtractor) -> None:
    from warreport.errors import EmptyInputError
    from warreport.ingest.sources import iter_sources

    store = Store(sqlite_url)
    config = cfg()
    with pytest.raises(EmptyInputError):
        run_batch(iter_sources([str(corpus)], config), store, config, on_error=raise_errors)


def test_cli_ingest_then_failures(corpus: Path, sqlite_url: str, extractor: StandInExtractor,
                                  capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from warreport import cli

    def run(*args: str) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", ["warreport", "--db", sqlite_url, *args])
        capsys.readouterr()
        try:
            cli.main()
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return code, capsys.readouterr().out

    code, _ = run("ingest", str(corpus), "--quiet")
    assert code == 0
    code, out = run("failures", "--json")
    assert code == 0
    recorded = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert {Path(r["origin"]).name for r in recorded} == set(BAD)
