"""Page parsing throughput on the extraction benchmark's HTML (181 real news pages).

Rows: warreport's whole ``parse_page`` (decode, article, date, comment thread, boilerplate),
its parts, and ``trafilatura.extract`` with its defaults for reference; plus plain-text pages
(the seed page). One process, one core; pages are read into memory first, so disk is not timed.
"""

from __future__ import annotations

import contextlib
import gzip
import statistics
import time
from collections.abc import Callable, Sequence

from rich.table import Table

from bench.common import BenchArgs, BenchSkipped, make_table, shared_path

TITLE = "page parsing: pages/s on the Scrapinghub benchmark HTML"
ORDER = 20


def _pages(limit: int) -> list[tuple[str, bytes]]:
    html_dir = shared_path("data", "extraction", "scrapinghub-aeb", "html")
    files = sorted(html_dir.glob("*.html.gz"))[:limit]
    if not files:
        raise BenchSkipped(f"no pages in {html_dir}")
    return [(f.name, gzip.decompress(f.read_bytes())) for f in files]


def _time(func: Callable[[bytes], object], items: Sequence[bytes]) -> tuple[float, list[float]]:
    per_page: list[float] = []
    start = time.perf_counter()
    for data in items:
        t0 = time.perf_counter()
        func(data)
        per_page.append(time.perf_counter() - t0)
    return time.perf_counter() - start, per_page


def _row(what: str, items: Sequence[bytes], func: Callable[[bytes], object]) -> tuple[object, ...]:
    seconds, per_page = _time(func, items)
    size_mb = sum(len(d) for d in items) / 1e6
    ms = sorted(x * 1000 for x in per_page)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    return (what, len(items), seconds, len(items) / seconds, size_mb / seconds, statistics.median(ms), p95)


def run(args: BenchArgs) -> list[Table]:
    import trafilatura

    from warreport.errors import InputError
    from warreport.ingest.decode import decode_bytes
    from warreport.ingest.htmlpage import extract_article, parse_html_page
    from warreport.ingest.page import parse_page
    from warreport.ingest.threads import extract_comments_html
    from warreport.model import RawPage

    n = args.size(full=181, quick=25)
    pages = _pages(n)
    blobs = [data for _, data in pages]
    texts = [decode_bytes(b, origin="bench", max_bytes=50_000_000) for b in blobs]
    by_text = dict(zip(blobs, texts, strict=True))
    parse_page(RawPage(origin="warm-up", data=blobs[0]), max_bytes=50_000_000)  # imports, caches

    def full(data: bytes) -> None:
        with contextlib.suppress(InputError):  # a page without an article is a result too
            parse_page(RawPage(origin="bench", data=data), max_bytes=50_000_000)

    def html_only(data: bytes) -> None:
        with contextlib.suppress(InputError):
            parse_html_page(by_text[data], origin="bench")

    rows = [
        _row("warreport parse_page (everything)", blobs, full),
        _row("  decode bytes → text", blobs, lambda d: decode_bytes(d, origin="b", max_bytes=50_000_000)),
        _row("  parse_html_page (text in)", blobs, html_only),
        _row("  article: trafilatura precision + fallback", blobs, lambda d: extract_article(by_text[d])),
        _row("  comment thread (ingest.threads)", blobs, lambda d: extract_comments_html(by_text[d])),
        _row("trafilatura.extract() defaults", blobs, lambda d: trafilatura.extract(by_text[d])),
    ]
    try:
        seed = shared_path("seed", "war-report-2017-11-01.txt").read_bytes()
        copies = [seed] * args.size(full=500, quick=50)
        rows.append(_row("plain-text page (seed) parse_page", copies,
                         lambda d: parse_page(RawPage(origin="seed", data=d), max_bytes=50_000_000)))
    except BenchSkipped:
        pass
    columns = ["what", "pages", "seconds", "pages/s", "MB/s", "median ms", "p95 ms"]
    caption = f"{len(blobs)} HTML pages, {sum(len(b) for b in blobs) / 1e6:.1f} MB, one process"
    return [make_table("page parsing throughput", columns, rows, caption=caption)]
