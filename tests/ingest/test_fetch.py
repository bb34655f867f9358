"""Fetching URLs: SSRF guard, redirects, size cap, timeouts, User-Agent — against a local server."""

from __future__ import annotations

import ipaddress
import json

import pytest

from warreport.errors import BinaryInputError, FetchError, TooLargeError, UnsafeURLError
from warreport.ingest import fetch as fetch_module
from warreport.ingest.fetch import check_url, fetch, is_public

from .conftest import HTML_FIXTURE, LocalServer

UA = "warreport-test/1.0 (+https://example.org/tests)"


def get(url: str, *, allow_private: bool = True, max_bytes: int = 1_000_000, timeout: float = 5.0):  # type: ignore[no-untyped-def]
    return fetch(url, max_bytes=max_bytes, timeout=timeout, user_agent=UA, allow_private=allow_private)


@pytest.fixture
def loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend 127.0.0.1 (only) is a public address, to test what happens after the first hop."""
    real = fetch_module.is_public
    monkeypatch.setattr(fetch_module, "is_public", lambda ip: str(ip) == "127.0.0.1" or real(ip))


def test_loopback_is_refused_without_allow_private(http_server: LocalServer) -> None:
    with pytest.raises(UnsafeURLError, match=r"127\.0\.0\.1.*--allow-private"):
        get(http_server.url("/page"), allow_private=False)
    assert http_server.requests == []  # refused before any connection


def test_loopback_works_with_allow_private(http_server: LocalServer) -> None:
    raw = get(http_server.url("/page"))
    assert raw.data == HTML_FIXTURE.read_bytes()
    assert raw.content_type == "text/html; charset=utf-8"
    assert raw.url == http_server.url("/page")


def test_user_agent_is_sent(http_server: LocalServer) -> None:
    raw = get(http_server.url("/echo"))
    assert f"User-Agent: {UA}" in raw.data.decode()


def test_connection_goes_to_the_checked_address(http_server: LocalServer, loopback_is_public: None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The name is resolved once; the request goes to that address with the original Host."""
    calls: list[str] = []

    def resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        calls.append(host)
        return [ipaddress.ip_address("127.0.0.1")]

    monkeypatch.setattr(fetch_module, "_addresses", resolve)
    raw = get(f"http://news.test:{http_server.port}/echo", allow_private=False)
    assert f"Host: news.test:{http_server.port}" in raw.data.decode()
    assert calls == ["news.test"]


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/page",  # another loopback address
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
        "http://10.1.2.3/",
        "http://[::1]:{port}/page",
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/_",
    ],
)
def test_redirect_to_private_or_bad_scheme_is_refused(
    http_server: LocalServer, loopback_is_public: None, target: str
) -> None:
    start = http_server.url("/redirect?to=" + target.format(port=http_server.port))
    with pytest.raises(UnsafeURLError):
        get(start, allow_private=False)
    assert [r["path"] for r in http_server.requests] == [start[len(http_server.base):]]


def test_redirect_is_followed_when_safe(http_server: LocalServer) -> None:
    raw = get(http_server.url("/redirect?to=/page"))
    assert raw.url == http_server.url("/page")
    assert raw.data == HTML_FIXTURE.read_bytes()


def test_redirect_loop_stops(http_server: LocalServer) -> None:
    with pytest.raises(FetchError, match="redirects"):
        get(http_server.url("/loop"))


@pytest.mark.parametrize("path", ["/big", "/big-unannounced"])
def test_size_cap(http_server: LocalServer, path: str) -> None:
    with pytest.raises(TooLargeError, match="max_page_bytes"):
        get(http_server.url(path), max_bytes=100_000)


def test_timeout(http_server: LocalServer) -> None:
    with pytest.raises(FetchError, match="timed out"):
        get(http_server.url("/slow"), timeout=0.4)


def test_a_dripping_server_is_cut_off(http_server: LocalServer) -> None:
    with pytest.raises(FetchError, match="timed out"):
        get(http_server.url("/drip"), timeout=0.3)


def test_http_error_status(http_server: LocalServer) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        get(http_server.url("/missing"))


def test_non_page_content_type_is_refused(http_server: LocalServer) -> None:
    with pytest.raises(BinaryInputError, match="image/png"):
        get(http_server.url("/image.png"))


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "gopher://example.org:70/1",
        "ftp://example.org/file.txt",
        "javascript:alert(1)",
        "data:text/html,<p>hi</p>",
        "http://user:secret@example.org/",
        "http:///no-host",
        "http://127.0.0.1/",
        "http://localhost/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",  # shared address space (carrier-grade NAT)
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "http://0x7f.1/",
        "http://224.0.0.1/",
    ],
)
def test_unsafe_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsafeURLError):
        check_url(url, allow_private=False)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "93.184.216.34"])
def test_public_addresses(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["::ffff:10.0.0.1", "2002:c0a8:0101::1", "64:ff9b::7f00:1"])
def test_private_addresses_inside_ipv6(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


def test_cli_refuses_loopback_in_one_line(http_server: LocalServer, run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("parse", http_server.url("/page"), "--json")
    assert result.code == UnsafeURLError.exit_code
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--allow-private" in lines[0]
    assert http_server.requests == []


def test_cli_fetches_loopback_with_allow_private(http_server: LocalServer, run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("parse", http_server.url("/page"), "--json", "--allow-private")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["url"] == http_server.url("/page")
    assert doc["source"] == "Orontes Courier"
    assert doc["body"][0].startswith("Government artillery and aircraft struck")
