"""Where pages come from: files, directories, URLs, stdin, RSS/Atom feeds, WARC, JSONL.

``iter_sources`` yields a :class:`RawPage` per page, or a :class:`Failure` for an item
that cannot even be read, so a batch goes on past one bad item. Nothing here raises for a
bad item; every size is checked against ``max_page_bytes`` before the bytes are kept.

* JSONL: one record per line, ``{"id", "text", "published", "source", "url"}`` (and an
  optional ``"title"``); the ``id`` becomes the document id, so re-ingesting is idempotent.
* RSS/Atom (feedparser): an entry's full content is parsed when the feed carries it
  (``content:encoded``, Atom ``content``); otherwise its link is fetched (same SSRF guard and
  limits as any URL); an entry with neither is parsed from its summary.
* WARC (warcio): the ``response`` records with a 2xx status and a text/HTML content type;
  an archived 4xx/5xx response is a failure, redirects are skipped.
"""

from __future__ import annotations

import gzip
import html as htmllib
import json
import re
import sys
import zlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from warreport.config import Config
from warreport.errors import InputError, WarreportError
from warreport.ingest.decode import check_size
from warreport.ingest.fetch import fetch
from warreport.model import Failure, RawPage

PAGE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".md"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
ARCHIVE_ENDINGS = (".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".arc", ".arc.gz", ".html.gz", ".htm.gz", ".txt.gz")
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
# Feed content shorter than this is a teaser; the entry's link is fetched instead.
MIN_FEED_CONTENT = 300
SourceItem = RawPage | Failure

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)


def _failure(origin: str, exc: WarreportError | OSError | ValueError, stage: str = "read") -> Failure:
    return Failure(origin=origin, reason=str(exc), error_type=type(exc).__name__, stage=stage)


def _parse_day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    for fmt in ("%d-%b-%y", "%d %B %Y", "%B %d, %Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError(f"unrecognised date {text!r} (use YYYY-MM-DD)")


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, (str, int)):
        raise InputError(f'"{key}" must be a string')
    return str(value)


def _bounded_lines(handle: BinaryIO, max_bytes: int | None) -> Iterator[bytes]:
    """The lines of a stream. With ``max_bytes``, a longer line comes back cut to ``max_bytes + 1``
    bytes (so the size check refuses it) and its rest is skipped, never held in memory."""
    if max_bytes is None:
        yield from handle
        return
    while line := handle.readline(max_bytes + 1):
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        yield line


def iter_jsonl(
    path: Path, stream: BinaryIO | None = None, first_line: int = 1, *, max_bytes: int | None = None
) -> Iterator[SourceItem]:
    """Records {"id","text","published","source","url","title"}; one bad line is one failure.

    ``first_line`` numbers the stream's first line (a stream that starts inside the file).
    """
    handle = stream or path.open("rb")
    try:
        for lineno, raw in enumerate(_bounded_lines(handle, max_bytes), first_line):
            origin = f"{path}:{lineno}"
            if not raw.strip():
                continue
            try:
                if max_bytes is not None:
                    check_size(len(raw), max_bytes, origin)
                record = json.loads(raw)
                if not isinstance(record, dict):
                    raise InputError("a JSONL line must be an object")
                text = record.get("text")
                if not isinstance(text, str):
                    raise InputError('the record has no "text" string')
                yield RawPage(
                    origin=origin,
                    text=text,
                    url=_optional_str(record, "url"),
                    published=_parse_day(record.get("published")),
                    source=_optional_str(record, "source"),
                    title=_optional_str(record, "title") or "",
                    external_id=_optional_str(record, "id"),
                )
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield Failure(origin=origin, reason=f"{origin}: invalid JSON: {exc}", error_type="InputError", stage="read")
            except InputError as exc:
                yield Failure(origin=origin, reason=f"{origin}: {exc}", error_type=type(exc).__name__, stage="read")
    finally:
        if stream is None:
            handle.close()


def _archive_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            head = handle.read(2)
        if head == b"\x1f\x8b":
            with gzip.open(path, "rb") as stream:
                return stream.read(16).lstrip()
        with path.open("rb") as handle:
            return handle.read(16).lstrip()
    except (OSError, EOFError, zlib.error):
        return b""


def iter_warc(path: Path, *, max_bytes: int | None = None) -> Iterator[SourceItem]:
    """The archived HTML/text responses of a WARC (or ARC) file, gzipped or not."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if not _archive_head(path).startswith((b"WARC/", b"filedesc://")):
        yield Failure(origin=str(path), reason=f"{path}: broken WARC: it does not start with a WARC record",
                      error_type="InputError", stage="read")
        return
    records = 0
    with path.open("rb") as handle:
        try:
            for n, record in enumerate(ArchiveIterator(handle, arc2warc=True)):
                records += 1
                if record.rec_type is None:
                    raise ValueError(f"record {n} has no WARC-Type")
                if record.rec_type not in ("response", "resource"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                origin = f"{path}#{n}:{url}"
                headers = record.http_headers
                ctype = (headers.get_header("Content-Type") if headers else None) or (
                    record.rec_headers.get_header("Content-Type") if record.rec_type == "resource" else None
                )
                if ctype and not any(t in ctype.lower() for t in ("html", "text", "xml")):
                    continue
                status = headers.get_statuscode() if headers else "200"
                if status and status.isdigit():
                    code = int(status)
                    if 300 <= code < 400:
                        continue
                    if code >= 400:
                        yield Failure(origin=origin, reason=f"{origin}: archived response is HTTP {code}",
                                      error_type="FetchError", stage="read")
                        continue
                limit = max_bytes if max_bytes is not None else 1 << 62
                data = record.content_stream().read(limit + 1)
                try:
                    check_size(len(data), limit, origin)
                except InputError as exc:
                    yield _failure(origin, exc)
                    continue
                yield RawPage(origin=origin, data=data, url=url, content_type=ctype)
        except (ArchiveLoadFailed, zlib.error, EOFError, ValueError) as exc:
            yield Failure(origin=str(path), reason=f"{path}: broken WARC: {exc}", error_type="InputError", stage="read")
            return
    if records == 0:
        yield Failure(origin=str(path), reason=f"{path}: broken WARC: no records found", error_type="InputError",
                      stage="read")


def _entry_date(entry: Any) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    except ValueError:
        return None


def _as_page(fragment: str) -> bytes:
    return f"<html><body><article>{fragment}</article></body></html>".encode()


def iter_feed(data: bytes, origin: str, config: Config) -> Iterator[SourceItem]:
    """One page per feed entry: its full content, else its fetched link, else its summary."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"{origin}: not an RSS/Atom feed, or a feed without entries"
        yield Failure(origin=origin, reason=reason, error_type="InputError", stage="read")
        return
    site = feed.feed.get("title") or None
    for n, entry in enumerate(feed.entries):
        entry_origin = f"{origin}#entry{n}"
        link = entry.get("link") or None
        title = htmllib.unescape(entry.get("title") or "") or None
        published = _entry_date(entry)
        content = entry.get("content") or []
        full = max((c.get("value") or "" for c in content), key=len, default="")
        summary = entry.get("summary") or ""
        if len(full) >= MIN_FEED_CONTENT or (full and not link):
            yield RawPage(origin=entry_origin, data=_as_page(full), url=link, content_type="text/html",
                          published=published, source=site, title=title)
        elif link:
            try:
                raw = _fetch(link, config)
            except WarreportError as exc:
                yield _failure(entry_origin, exc, stage="fetch")
                continue
            yield raw.model_copy(update={"origin": entry_origin, "published": published, "source": site})
        elif summary.strip():
            yield RawPage(origin=entry_origin, data=_as_page(summary), content_type="text/html",
                          published=published, source=site, title=title)
        else:
            yield Failure(origin=entry_origin, reason=f"{entry_origin}: feed entry without content or link",
                          error_type="EmptyInputError", stage="read")


def _fetch(url: str, config: Config) -> RawPage:
    return fetch(
        url,
        max_bytes=config.max_page_bytes,
        timeout=config.fetch_timeout,
        user_agent=config.user_agent,
        allow_private=config.allow_private,
    )


def is_feed(data: bytes, content_type: str | None = None) -> bool:
    """RSS, Atom or RDF, by content type or by the document's root element."""
    if content_type and content_type.split(";")[0].strip().lower() in FEED_TYPES:
        return True
    head = data[:4096].lstrip()
    if head.lower().startswith((b"<!doctype html", b"<html")):
        return False
    return bool(_FEED_ROOT.search(head[:2048]))


_is_feed = is_feed  # the older private name


def _read_gzip(path: Path, max_bytes: int) -> bytes:
    with gzip.open(path, "rb") as stream:
        data = stream.read(max_bytes + 1)
    check_size(len(data), max_bytes, f"{path} (decompressed)")
    return data


def iter_path(path: Path, config: Config) -> Iterator[SourceItem]:
    """The pages of one file: a page, a feed, a JSONL file or a WARC archive."""
    name = path.name.lower()
    max_bytes = config.max_page_bytes
    try:
        if name.endswith((".jsonl", ".jsonl.gz")):
            if name.endswith(".gz"):
                with gzip.open(path, "rb") as stream:
                    yield from iter_jsonl(path, stream, max_bytes=max_bytes)  # type: ignore[arg-type]
            else:
                yield from iter_jsonl(path, max_bytes=max_bytes)
            return
        if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
            yield from iter_warc(path, max_bytes=max_bytes)
            return
        if name.endswith(".gz"):
            data = _read_gzip(path, max_bytes)
        else:
            check_size(path.stat().st_size, max_bytes, str(path))
            data = path.read_bytes()
        if path.suffix.lower() in FEED_SUFFIXES and is_feed(data):
            yield from iter_feed(data, str(path), config)
            return
        yield RawPage(origin=str(path), data=data)
    except (WarreportError, OSError, EOFError, zlib.error) as exc:
        err = exc if isinstance(exc, (WarreportError, OSError)) else InputError(f"{path}: broken gzip: {exc}")
        reason = str(err) if str(path) in str(err) else f"{path}: {err}"
        yield Failure(origin=str(path), reason=reason, error_type=type(err).__name__, stage="read")


def directory_files(root: Path) -> list[Path]:
    """The files of a directory tree that ingest reads, in the order it reads them."""
    files = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
        name = path.name.lower()
        if name.startswith("readme."):  # a folder's documentation is not a page (e.g. data/samples)
            continue
        if path.suffix.lower() in PAGE_SUFFIXES | FEED_SUFFIXES or name.endswith(ARCHIVE_ENDINGS):
            files.append(path)
    return files


def iter_directory(root: Path, config: Config) -> Iterator[SourceItem]:
    for path in directory_files(root):
        yield from iter_path(path, config)


def _iter_stdin(config: Config) -> Iterator[SourceItem]:
    data = sys.stdin.buffer.read(config.max_page_bytes + 1)
    try:
        check_size(len(data), config.max_page_bytes, "stdin")
    except WarreportError as exc:
        yield _failure("stdin", exc)
        return
    if is_feed(data):
        yield from iter_feed(data, "stdin", config)
    else:
        yield RawPage(origin="stdin", data=data)


def iter_sources(sources: list[str], config: Config) -> Iterator[SourceItem]:
    """Every page of every source, in order; failures are yielded, never raised."""
    for source in sources:
        if source == "-":
            yield from _iter_stdin(config)
        elif source.lower().startswith(("http://", "https://")):
            try:
                raw = _fetch(source, config)
            except WarreportError as exc:
                yield _failure(source, exc, stage="fetch")
                continue
            if is_feed(raw.data, raw.content_type):
                yield from iter_feed(raw.data, source, config)
            else:
                yield raw
        elif "://" in source:
            scheme = source.split("://", 1)[0]
            yield Failure(origin=source,
                          reason=f"{source}: only http(s) URLs, files, directories and - are accepted (not {scheme}://)",
                          error_type="InputError", stage="read")
        else:
            path = Path(source)
            if path.is_dir():
                yield from iter_directory(path, config)
            elif path.is_file():
                yield from iter_path(path, config)
            else:
                yield Failure(origin=source, reason=f"{source}: no such file or directory",
                              error_type="InputError", stage="read")
