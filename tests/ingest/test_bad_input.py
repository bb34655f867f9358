"""Bad input: each case gives a clear one-line error (parse) — or a decoded page where it can.

The same cases in a batch (``ingest``) are recorded failures: see tests/test_pipeline_ingest.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from warreport.errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    TooLargeError,
    UnsafeURLError,
)
from warreport.ingest.page import parse_page
from warreport.model import RawPage

ARABIC = ("قالت مصادر محلية إن القوات الحكومية سيطرت على عدة أحياء في مدينة دير الزور يوم الثلاثاء "
          "بعد اشتباكات عنيفة مع مقاتلي التنظيم، وإن المدنيين بدأوا بالعودة إلى منازلهم.")
FRENCH = ("Les forces gouvernementales ont pris le contrôle de plusieurs quartiers de la ville mardi, "
          "a déclaré l'armée dans un communiqué. Les combats se poursuivent près de l'aéroport.")
ENGLISH_ACCENTS = ("Government troops advanced on the café district of the old city on Tuesday, officials "
                   "said. The régime's forces met little resistance near the façade of the main mosque.")
HTML_WITH_TEXT = (b"<html><body><div><p>Troops advanced on the town on Tuesday, officials said, "
                  b"after two days of shelling.<p>Residents fled north<div></body>")


@dataclass(frozen=True)
class Bad:
    data: bytes
    error: type[InputError]
    message: str


BAD_PAGES = {
    "empty": Bad(b"", EmptyInputError, "empty"),
    "whitespace": Bad(b" \n\n\t \r\n", EmptyInputError, "empty"),
    "png": Bad(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, BinaryInputError, "binary"),
    "pdf": Bad(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", BinaryInputError, "binary"),
    "zip": Bad(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), BinaryInputError, "binary"),
    "nul-bytes": Bad(b"some text\x00\x00\x00\x01\x02 more" * 20, BinaryInputError, "binary"),
    "control-chars": Bad(bytes(range(1, 9)) * 300, BinaryInputError, "control characters"),
    "html-without-text": Bad(b"<html><body><div><span></div></p></span><script>x()</script></html>",
                             EmptyInputError, "no article text"),
    "title-only-text": Bad(b"Just a title line\n", EmptyInputError, "no article text"),
}


@pytest.mark.parametrize("case", list(BAD_PAGES), ids=list(BAD_PAGES))
def test_bad_page_is_a_clear_input_error(case: str) -> None:
    bad = BAD_PAGES[case]
    with pytest.raises(bad.error, match=bad.message) as info:
        parse_page(RawPage(origin=f"{case}.txt", data=bad.data), max_bytes=1_000_000)
    message = str(info.value)
    assert message.startswith(f"{case}.txt: ") and "\n" not in message


@pytest.mark.parametrize("case", list(BAD_PAGES), ids=list(BAD_PAGES))
def test_cli_prints_one_line_and_exits_with_the_input_code(case: str, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{case}.html"
    path.write_bytes(BAD_PAGES[case].data)
    result = run_cli("parse", str(path), "--json")
    assert result.code == InputError.exit_code
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(path) in lines[0]
    assert BAD_PAGES[case].message in lines[0]


def test_page_over_the_size_cap(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    """A 50 MB page (a sparse file: nothing is written or read) is refused before reading."""
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = run_cli("parse", str(path))
    assert result.code == TooLargeError.exit_code
    [line] = result.stderr.strip().splitlines()
    assert "52,428,800 bytes is over the limit of 20,000,000 bytes" in line and "max_page_bytes" in line


def test_in_memory_page_over_the_cap() -> None:
    with pytest.raises(TooLargeError, match="over the limit"):
        parse_page(RawPage(origin="big", data=b"<p>" + b"a" * 2_000 + b"</p>"), max_bytes=1_000)
    with pytest.raises(TooLargeError, match="over the limit"):
        parse_page(RawPage(origin="big-record", text="word " * 400), max_bytes=1_000)


@pytest.mark.parametrize(
    ("data", "expected", "language"),
    [
        (("A report from Deir ez-Zor\n\n" + ARABIC + "\n").encode("cp1256"), ARABIC, "ar"),
        (("<html><head><meta charset='windows-1256'></head><body><p>" + ARABIC + "</p><p>" + ARABIC
          + "</p></body></html>").encode("cp1256"), ARABIC, "ar"),
        (("Report\n\n" + ENGLISH_ACCENTS + "\n").encode("latin-1"), ENGLISH_ACCENTS, "en"),
        (("Report\n\n" + ENGLISH_ACCENTS + "\n").encode("cp1252"), ENGLISH_ACCENTS, "en"),
        # declared latin-1 but really UTF-8: valid UTF-8 wins
        (("<html><head><meta charset='iso-8859-1'></head><body><p>" + ENGLISH_ACCENTS
          + "</p></body></html>").encode("utf-8"), ENGLISH_ACCENTS, "en"),
        (("Rapport\n\n" + FRENCH + "\n").encode("utf-8"), FRENCH, "fr"),
        (("\ufeffReport\n\n" + ENGLISH_ACCENTS + "\n").encode("utf-8"), ENGLISH_ACCENTS, "en"),
        (("Report\n\n" + ENGLISH_ACCENTS + "\n").encode("utf-16"), ENGLISH_ACCENTS, "en"),
    ],
    ids=["cp1256-text", "cp1256-html-meta", "latin-1", "cp1252", "wrong-declaration", "french-utf8",
         "utf8-bom", "utf16-bom"],
)
def test_encodings_are_decoded_and_language_is_reported(data: bytes, expected: str, language: str) -> None:
    doc = parse_page(RawPage(origin="page", data=data), max_bytes=1_000_000)
    assert expected in doc.text
    assert doc.language == language


def test_declared_charset_from_http_header() -> None:
    data = ("<html><body><p>" + ARABIC + "</p></body></html>").encode("cp1256")
    doc = parse_page(RawPage(origin="page", data=data, content_type="text/html; charset=windows-1256"),
                     max_bytes=1_000_000)
    assert ARABIC in doc.text


def test_broken_html_with_text_is_parsed() -> None:
    doc = parse_page(RawPage(origin="broken.html", data=HTML_WITH_TEXT), max_bytes=1_000_000)
    assert doc.body[0].startswith("Troops advanced on the town")


@pytest.mark.parametrize(
    ("url", "code", "message"),
    [
        ("http://169.254.169.254/latest/meta-data/", UnsafeURLError.exit_code, "private/loopback/link-local"),
        ("http://127.0.0.1:9/admin", UnsafeURLError.exit_code, "--allow-private"),
        ("http://[::1]/", UnsafeURLError.exit_code, "--allow-private"),
        ("http://0x7f000001/", UnsafeURLError.exit_code, "--allow-private"),
        ("file:///etc/passwd", InputError.exit_code, "only http(s)"),
        ("gopher://127.0.0.1:6379/_FLUSHALL", InputError.exit_code, "only http(s)"),
        ("http://user:pass@example.org/", UnsafeURLError.exit_code, "credentials"),
    ],
)
def test_malicious_urls_give_one_line(url: str, code: int, message: str, run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("parse", url)
    assert result.code == code
    [line] = result.stderr.strip().splitlines()
    assert message in line and "Traceback" not in result.stderr


def test_several_bad_sources_list_each_and_exit_3(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run_cli("parse", str(empty), "file:///etc/passwd")
    assert result.code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("failed ") for line in lines)


def test_good_and_bad_sources_together(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    from .conftest import TEXT_FIXTURE

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run_cli("parse", str(empty), str(TEXT_FIXTURE), "--json")
    assert result.code == 0
    assert len(result.stdout.strip().splitlines()) == 1
    assert "empty" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX")
def test_unreadable_file(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "secret.txt"
    path.write_text("text\n\nmore text here\n")
    path.chmod(0)
    if os.access(path, os.R_OK):  # running as root: permissions do not apply
        pytest.skip("root can read any file")
    result = run_cli("parse", str(path))
    assert result.code != 0 and len(result.stderr.strip().splitlines()) == 1
