"""Fixtures of the ingest tests: our own fixture pages, a local HTTP server, a CLI runner."""

from __future__ import annotations

import contextlib
import io
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHARED = (REPO / ".." / "shared").resolve()
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"
HTML_FIXTURE = FIXTURES / "orontes-courier-hama.html"
TEXT_FIXTURE = FIXTURES / "delta-dispatch-lake-chad.txt"

Route = Callable[[BaseHTTPRequestHandler], None]


def shared_path(*parts: str) -> Path:
    """A path under ../shared, read in place; the test is skipped when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str = "text/html",
          headers: dict[str, str] | None = None, length: bool = True) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


@dataclass
class LocalServer:
    """An HTTP server on 127.0.0.1 (a random port) that a test starts and stops."""

    base: str
    port: int
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def _default_routes() -> dict[str, Route]:
    page = HTML_FIXTURE.read_bytes()

    def page_route(h: BaseHTTPRequestHandler) -> None:
        _send(h, 200, page, "text/html; charset=utf-8")

    def echo(h: BaseHTTPRequestHandler) -> None:
        lines = [f"{k}: {v}" for k, v in h.headers.items()]
        _send(h, 200, "\n".join(lines).encode(), "text/plain; charset=utf-8")

    def big(h: BaseHTTPRequestHandler) -> None:
        _send(h, 200, b"<p>" + b"x" * 2_000_000 + b"</p>")

    def big_unannounced(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        for _ in range(200):
            h.wfile.write(b"y" * 10_000)

    def slow(h: BaseHTTPRequestHandler) -> None:
        time.sleep(2.0)
        _send(h, 200, b"<p>late</p>")

    def drip(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.end_headers()
        for _ in range(40):
            h.wfile.write(b"drip ")
            h.wfile.flush()
            time.sleep(0.1)

    def redirect(h: BaseHTTPRequestHandler) -> None:
        target = parse_qs(urlsplit(h.path).query).get("to", ["/page"])[0]
        _send(h, 302, b"", headers={"Location": target})

    def loop(h: BaseHTTPRequestHandler) -> None:
        _send(h, 301, b"", headers={"Location": "/loop"})

    def image(h: BaseHTTPRequestHandler) -> None:
        _send(h, 200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")

    def missing(h: BaseHTTPRequestHandler) -> None:
        _send(h, 404, b"not here", "text/plain")

    return {
        "/page": page_route,
        "/echo": echo,
        "/big": big,
        "/big-unannounced": big_unannounced,
        "/slow": slow,
        "/drip": drip,
        "/redirect": redirect,
        "/loop": loop,
        "/image.png": image,
        "/missing": missing,
    }


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """Start a local HTTP server for one test and stop it afterwards."""
    routes = _default_routes()
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            seen.append({k.lower(): v for k, v in self.headers.items()} | {"path": self.path})
            route = routes.get(urlsplit(self.path).path)
            if route is None:
                _send(self, 404, b"no route", "text/plain")
                return
            # the client may give up (size cap, timeout): that is what those tests want
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                route(self)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        yield LocalServer(base=f"http://127.0.0.1:{port}", port=port, routes=routes, requests=seen)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run ``warreport ...`` in this process (so it can reach the test's local server)."""
    from warreport import cli

    def run(*args: str, stdin: bytes | None = None) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["warreport", *args])
        if stdin is not None:
            fake = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
            monkeypatch.setattr(sys, "stdin", fake)
        capsys.readouterr()
        code = 0
        try:
            cli.main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return CliResult(code, out.out, out.err)

    return run
