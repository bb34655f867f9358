"""Where pages come from: files, directories, URLs, stdin, RSS/Atom feeds, WARC, JSONL.

``iter_sources`` yields a :class:`RawPage` per page, or a :class:`Failure` for an item
that cannot even be read, so a batch goes on past one bad item.
"""

from __future__ import annotations

import gzip
import json
import sys
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
SourceItem = RawPage | Failure


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
    raise InputError(f"unrecognised date {text!r}")


def iter_jsonl(path: Path, stream: BinaryIO | None = None, first_line: int = 1) -> Iterator[SourceItem]:
    """Records {"id","text","published","source","url","title"}; one bad line is one failure.

    ``first_line`` numbers the stream's first line (a stream that starts inside the file).
    """
    handle = stream or path.open("rb")
    try:
        for lineno, raw in enumerate(handle, first_line):
            origin = f"{path}:{lineno}"
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                if not isinstance(record, dict):
                    raise InputError("a JSONL line must be an object")
                text = record.get("text")
                if not isinstance(text, str):
                    raise InputError('the record has no "text" string')
                yield RawPage(
                    origin=origin,
                    text=text,
                    url=record.get("url"),
                    published=_parse_day(record.get("published")),
                    source=record.get("source"),
                    title=record.get("title") or "",
                    external_id=str(record["id"]) if record.get("id") not in (None, "") else None,
                )
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield Failure(origin=origin, reason=f"invalid JSON: {exc}", error_type="InputError", stage="read")
            except InputError as exc:
                yield _failure(origin, exc)
    finally:
        if stream is None:
            handle.close()


def iter_warc(path: Path) -> Iterator[SourceItem]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with path.open("rb") as handle:
        try:
            for n, record in enumerate(ArchiveIterator(handle)):
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
                if ctype and not any(t in ctype.lower() for t in ("html", "text")):
                    continue
                origin = f"{path}#{n}:{url}"
                yield RawPage(
                    origin=origin,
                    data=record.content_stream().read(),
                    url=url,
                    content_type=ctype,
                )
        except ArchiveLoadFailed as exc:
            yield Failure(origin=str(path), reason=f"broken WARC: {exc}", error_type="InputError", stage="read")


def iter_feed(data: bytes, origin: str, config: Config) -> Iterator[SourceItem]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        yield Failure(origin=origin, reason="not a feed, or a feed without entries", error_type="InputError", stage="read")
        return
    site = feed.feed.get("title")
    for n, entry in enumerate(feed.entries):
        entry_origin = f"{origin}#entry{n}"
        link = entry.get("link")
        published = None
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed:
            published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
        content = entry.get("content")
        html = content[0].get("value") if content else None
        if html and len(html) > 500:
            yield RawPage(
                origin=entry_origin,
                data=f"<html><body><article><h1>{entry.get('title', '')}</h1>{html}</article></body></html>".encode(),
                url=link,
                content_type="text/html",
                published=published,
                source=site,
                title=entry.get("title"),
            )
        elif link:
            try:
                raw = _fetch(link, config)
            except WarreportError as exc:
                yield _failure(entry_origin, exc, stage="fetch")
                continue
            yield raw.model_copy(update={"published": published, "source": site, "origin": entry_origin})
        else:
            yield Failure(origin=entry_origin, reason="feed entry without content or link", error_type="InputError", stage="read")


def _fetch(url: str, config: Config) -> RawPage:
    return fetch(
        url,
        max_bytes=config.max_page_bytes,
        timeout=config.fetch_timeout,
        user_agent=config.user_agent,
        allow_private=config.allow_private,
    )


def _is_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def iter_path(path: Path, config: Config) -> Iterator[SourceItem]:
    name = path.name.lower()
    try:
        if name.endswith(".jsonl") or name.endswith(".jsonl.gz"):
            if name.endswith(".gz"):
                with gzip.open(path, "rb") as stream:
                    yield from iter_jsonl(path, stream)  # type: ignore[arg-type]
            else:
                yield from iter_jsonl(path)
            return
        if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
            yield from iter_warc(path)
            return
        size = path.stat().st_size
        check_size(size, config.max_page_bytes, str(path))
        data = path.read_bytes()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
            check_size(len(data), config.max_page_bytes, str(path))
        if path.suffix.lower() in FEED_SUFFIXES and _is_feed(data):
            yield from iter_feed(data, str(path), config)
            return
        yield RawPage(origin=str(path), data=data)
    except (WarreportError, OSError, EOFError, gzip.BadGzipFile) as exc:
        err = exc if isinstance(exc, (WarreportError, OSError)) else InputError(str(exc))
        yield _failure(str(path), err)


def directory_files(root: Path) -> list[Path]:
    """The files of a directory tree that ingest reads, in the order it reads them."""
    files = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")):
        name = path.name.lower()
        if name.startswith("readme."):  # a folder's documentation is not a page (e.g. data/samples)
            continue
        if (
            path.suffix.lower() in PAGE_SUFFIXES | FEED_SUFFIXES
            or name.endswith((".jsonl", ".jsonl.gz", ".warc", ".warc.gz", ".html.gz"))
        ):
            files.append(path)
    return files


def iter_directory(root: Path, config: Config) -> Iterator[SourceItem]:
    for path in directory_files(root):
        yield from iter_path(path, config)


def iter_sources(sources: list[str], config: Config) -> Iterator[SourceItem]:
    """Every page of every source, in order; failures are yielded, never raised."""
    for source in sources:
        if source == "-":
            data = sys.stdin.buffer.read(config.max_page_bytes + 1)
            try:
                check_size(len(data), config.max_page_bytes, "stdin")
            except WarreportError as exc:
                yield _failure("stdin", exc)
                continue
            yield RawPage(origin="stdin", data=data)
        elif source.startswith(("http://", "https://")):
            try:
                raw = _fetch(source, config)
            except WarreportError as exc:
                yield _failure(source, exc, stage="fetch")
                continue
            if _is_feed(raw.data) or (raw.content_type or "").split(";")[0].strip() in {
                "application/rss+xml",
                "application/atom+xml",
            }:
                yield from iter_feed(raw.data, source, config)
            else:
                yield raw
        elif "://" in source:
            yield Failure(origin=source, reason="only http(s) URLs, files, directories and - are accepted",
                          error_type="UnsafeURLError", stage="read")
        else:
            path = Path(source)
            if path.is_dir():
                yield from iter_directory(path, config)
            elif path.is_file():
                yield from iter_path(path, config)
            else:
                yield Failure(origin=source, reason="no such file or directory", error_type="InputError", stage="read")
