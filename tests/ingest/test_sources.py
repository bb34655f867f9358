"""Sources: RSS/Atom feeds, WARC archives, JSONL records, directories, stdin, gzip.

Every fixture is generated here (the WARC with warcio's own writer)."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from warreport.config import Config, load_config
from warreport.errors import InputError
from warreport.ingest.page import parse_page
from warreport.ingest.sources import is_feed, iter_sources
from warreport.model import Document, Failure, RawPage

from .conftest import HTML_FIXTURE, TEXT_FIXTURE, LocalServer

ARTICLE = (
    "<p>Militants attacked a checkpoint on the road between Tal Afar and Sinjar on Monday night, "
    "two police officers said, and fighting went on for about an hour.</p>"
    "<p>One policeman was killed and three were wounded, a hospital official said. The attackers "
    "withdrew toward the desert west of the road, where army helicopters later searched for them.</p>"
    "<p>No group said it was behind the attack, which followed two similar raids in the district "
    "this month.</p>"
)


def config(**overrides: object) -> Config:
    return load_config(environ={}, **overrides)


def items(sources: list[str], cfg: Config | None = None) -> list[RawPage | Failure]:
    return list(iter_sources(sources, cfg or config()))


def parse_all(sources: list[str], cfg: Config | None = None) -> tuple[list[Document], list[Failure]]:
    cfg = cfg or config()
    docs: list[Document] = []
    failures: list[Failure] = []
    for item in iter_sources(sources, cfg):
        if isinstance(item, Failure):
            failures.append(item)
        else:
            try:
                docs.append(parse_page(item, max_bytes=cfg.max_page_bytes))
            except InputError as exc:
                failures.append(Failure(origin=item.origin, reason=exc.message, error_type=type(exc).__name__))
    return docs, failures


# --------------------------------------------------------------------------- feeds


def rss(entries: str, declaration: bool = True) -> str:
    head = '<?xml version="1.0" encoding="utf-8"?>\n' if declaration else ""
    return (
        f'{head}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Sinjar Daily</title><link>https://sinjar-daily.example.org/</link>"
        f"<description>test feed</description>{entries}</channel></rss>"
    )


def rss_item(title: str, *, link: str | None = None, content: str | None = None,
             summary: str | None = None, date: str = "Tue, 07 Apr 2020 08:00:00 GMT") -> str:
    parts = [f"<title>{title}</title>", f"<pubDate>{date}</pubDate>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if summary:
        parts.append(f"<description><![CDATA[{summary}]]></description>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    return "<item>" + "".join(parts) + "</item>"


ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Nineveh Notes</title>
  <id>urn:uuid:3f1c0a9e-0000-4000-8000-000000000001</id>
  <updated>2020-04-08T10:00:00Z</updated>
  <entry>
    <title>Checkpoint attacked on the Sinjar road</title>
    <id>urn:uuid:3f1c0a9e-0000-4000-8000-000000000002</id>
    <link href="https://nineveh-notes.example.org/2020/04/08/checkpoint"/>
    <published>2020-04-08T09:30:00Z</published>
    <updated>2020-04-08T09:45:00Z</updated>
    <content type="html"><![CDATA[{ARTICLE}]]></content>
  </entry>
</feed>"""


@pytest.mark.parametrize("declaration", [True, False])
def test_rss_with_full_content(tmp_path: Path, declaration: bool) -> None:
    feed = tmp_path / "feed.rss"
    feed.write_text(rss(rss_item("Checkpoint attacked near Sinjar", link="https://sinjar-daily.example.org/a",
                                 content=ARTICLE), declaration))
    docs, failures = parse_all([str(feed)])
    assert failures == []
    [doc] = docs
    assert doc.title == "Checkpoint attacked near Sinjar"
    assert doc.source == "Sinjar Daily"
    assert str(doc.published) == "2020-04-07"
    assert doc.url == "https://sinjar-daily.example.org/a"
    assert len(doc.body) == 3 and doc.body[0].startswith("Militants attacked a checkpoint")
    assert doc.origin == f"{feed}#entry0"


def test_atom_feed(tmp_path: Path) -> None:
    feed = tmp_path / "notes.atom"
    feed.write_text(ATOM)
    docs, failures = parse_all([str(feed)])
    assert failures == []
    [doc] = docs
    assert (doc.title, doc.source, str(doc.published)) == (
        "Checkpoint attacked on the Sinjar road", "Nineveh Notes", "2020-04-08")
    assert doc.body[1].startswith("One policeman was killed")


def test_rss_entry_with_summary_only(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(rss_item("Short item", summary=ARTICLE)))
    docs, failures = parse_all([str(feed)])
    assert failures == [] and docs[0].body[0].startswith("Militants attacked")


def test_rss_entry_link_is_fetched_with_the_same_guard(tmp_path: Path, http_server: LocalServer) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(rss_item("Teaser only", link=http_server.url("/page"), summary="A short teaser.")))
    # Without --allow-private the link to 127.0.0.1 is refused and recorded as a failure.
    docs, failures = parse_all([str(feed)])
    assert docs == [] and len(failures) == 1
    assert failures[0].error_type == "UnsafeURLError" and failures[0].stage == "fetch"
    assert http_server.requests == []
    docs, failures = parse_all([str(feed)], config(allow_private=True))
    assert failures == []
    [doc] = docs
    assert doc.source == "Sinjar Daily" and str(doc.published) == "2020-04-07"
    assert doc.body[0].startswith("Government artillery and aircraft struck")


def test_feed_served_over_http(http_server: LocalServer) -> None:
    body = rss(rss_item("Served", link="https://sinjar-daily.example.org/b", content=ARTICLE)).encode()

    def route(h):  # type: ignore[no-untyped-def]
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    http_server.routes["/feed"] = route
    docs, failures = parse_all([http_server.url("/feed")], config(allow_private=True))
    assert failures == [] and docs[0].title == "Served"


def test_not_a_feed_is_a_failure(tmp_path: Path) -> None:
    feed = tmp_path / "empty.rss"
    feed.write_text(rss(""))
    [failure] = items([str(feed)])
    assert isinstance(failure, Failure) and "without entries" in failure.reason


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', True),
        (b"<rss version='2.0'><channel/></rss>", True),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', True),
        (b"<!DOCTYPE html><html><body><p>rss</p></body></html>", False),
        (b"Plain text about an RSS feed", False),
    ],
)
def test_is_feed(data: bytes, expected: bool) -> None:
    assert is_feed(data) is expected


# --------------------------------------------------------------------------- WARC


def write_warc(path: Path, gzipped: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)

        def response(url: str, status: str, ctype: str, body: bytes, extra: list[tuple[str, str]] | None = None) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype), *(extra or [])], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        request_headers = StatusAndHeaders("GET /hama HTTP/1.1", [("Host", "orontes-courier.example.org")],
                                           is_http_request=True)
        writer.write_record(writer.create_warc_record("https://orontes-courier.example.org/hama", "request",
                                                      http_headers=request_headers))
        response("https://orontes-courier.example.org/hama", "200 OK", "text/html; charset=utf-8",
                 HTML_FIXTURE.read_bytes())
        response("https://orontes-courier.example.org/old", "301 Moved Permanently", "text/html", b"",
                 [("Location", "https://orontes-courier.example.org/hama")])
        response("https://orontes-courier.example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n")
        response("https://orontes-courier.example.org/gone", "404 Not Found", "text/html", b"<p>gone</p>")
        response("https://delta-dispatch.example.org/monguno", "200 OK", "text/plain; charset=utf-8",
                 TEXT_FIXTURE.read_bytes())


@pytest.mark.parametrize("gzipped", [True, False])
def test_warc(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    write_warc(path, gzipped)
    docs, failures = parse_all([str(path)])
    assert [d.url for d in docs] == ["https://orontes-courier.example.org/hama",
                                     "https://delta-dispatch.example.org/monguno"]
    assert docs[0].source == "Orontes Courier" and docs[0].format == "html"
    assert docs[1].source == "Delta Dispatch" and docs[1].format == "text" and len(docs[1].comments) == 4
    # the redirect, the request and the image are skipped; the archived 404 is reported
    [failure] = failures
    assert "HTTP 404" in failure.reason and failure.origin.endswith("/gone")


@pytest.mark.parametrize(
    "data",
    [
        gzip.compress(b"WARC/1.0\r\nthis is not a record\r\n\r\n"),
        b"garbage, not an archive at all",
        gzip.compress(b"garbage"),
        b"\x1f\x8b\x08 truncated gzip",
    ],
    ids=["no-warc-type", "plain-garbage", "gzipped-garbage", "truncated-gzip"],
)
def test_broken_warc_is_a_failure(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(data)
    result = items([str(path)])
    assert len(result) == 1 and isinstance(result[0], Failure)
    assert "WARC" in result[0].reason


def test_warc_record_over_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, gzipped=False)
    result = items([str(path)], config(max_page_bytes=3000))
    failures = [i for i in result if isinstance(i, Failure)]
    assert any(f.error_type == "TooLargeError" and f.origin.endswith("/hama") for f in failures)


# --------------------------------------------------------------------------- JSONL


def jsonl_lines() -> list[str]:
    good = {"id": "rec-1", "text": "Two rockets hit the airport of Erbil on Tuesday night, officials said. "
            "Nobody was hurt, and flights were not interrupted.", "published": "2021-02-16",
            "source": "Erbil Bulletin", "url": "https://erbil-bulletin.example.org/1"}
    second = {"id": 2, "text": "Police said a car bomb exploded near a market in the town, wounding "
              "seven people, on Wednesday morning.", "published": "2021-02-17", "source": "Erbil Bulletin",
              "url": None}
    return [
        json.dumps(good),
        "",
        "{not json",
        json.dumps({"id": "rec-3", "published": "2021-02-18"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "rec-5", "text": "Some text of the record.", "published": "next Tuesday"}),
        json.dumps(second),
    ]


@pytest.mark.parametrize("gzipped", [False, True])
def test_jsonl(tmp_path: Path, gzipped: bool) -> None:
    content = "\n".join(jsonl_lines()) + "\n"
    path = tmp_path / ("records.jsonl.gz" if gzipped else "records.jsonl")
    path.write_bytes(gzip.compress(content.encode()) if gzipped else content.encode())
    result = items([str(path)])
    pages = [i for i in result if isinstance(i, RawPage)]
    failures = [i for i in result if isinstance(i, Failure)]
    assert [p.external_id for p in pages] == ["rec-1", "2"]
    assert [f.origin for f in failures] == [f"{path}:3", f"{path}:4", f"{path}:5", f"{path}:6"]
    assert "invalid JSON" in failures[0].reason
    assert '"text"' in failures[1].reason
    assert "object" in failures[2].reason
    assert "next Tuesday" in failures[3].reason
    doc = parse_page(pages[0], max_bytes=10_000)
    assert doc.doc_id == "rec-1"  # the record's id is the document id: re-ingesting is idempotent
    assert (doc.source, str(doc.published), doc.url) == ("Erbil Bulletin", "2021-02-16",
                                                         "https://erbil-bulletin.example.org/1")
    assert doc.body == [json.loads(jsonl_lines()[0])["text"]]
    assert doc.title == ""


# --------------------------------------------------------------------------- files, directories, stdin


def test_directory_reads_pages_and_skips_readme_and_hidden(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(HTML_FIXTURE.read_bytes())
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.txt").write_bytes(TEXT_FIXTURE.read_bytes())
    (sub / "c.html.gz").write_bytes(gzip.compress(HTML_FIXTURE.read_bytes()))
    (tmp_path / "README.md").write_text("# not a page\n\nabout this folder\n")
    (tmp_path / ".hidden.txt").write_text("hidden text page\n\nwith a paragraph\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    docs, failures = parse_all([str(tmp_path)])
    assert failures == []
    assert [Path(d.origin or "").name for d in docs] == ["a.html", "b.txt", "c.html.gz"]
    assert docs[0].doc_id == docs[2].doc_id  # same page, gzipped or not


def test_gzip_bomb_is_stopped_at_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000 + b"</p>"))
    [failure] = items([str(path)], config(max_page_bytes=1_000_000))
    assert isinstance(failure, Failure) and failure.error_type == "TooLargeError"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT_FIXTURE.read_bytes())))
    docs, failures = parse_all(["-"])
    assert failures == [] and docs[0].origin == "stdin" and docs[0].source == "Delta Dispatch"


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("ftp://example.org/report.txt", "only http(s)"),
        ("gopher://example.org/1", "only http(s)"),
        ("file:///etc/passwd", "only http(s)"),
        ("/definitely/not/here.txt", "no such file"),
    ],
)
def test_unusable_sources_are_failures(source: str, reason: str) -> None:
    [failure] = items([source])
    assert isinstance(failure, Failure) and reason in failure.reason


def test_one_bad_source_does_not_stop_the_others(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    docs, failures = parse_all([str(TEXT_FIXTURE), "gopher://x/", str(empty), str(HTML_FIXTURE)])
    assert [d.source for d in docs] == ["Delta Dispatch", "Orontes Courier"]
    assert len(failures) == 2
