"""Fetching URLs safely: size cap, timeouts, a clear User-Agent, and an SSRF guard.

Requests to private, loopback, link-local, multicast or reserved addresses are refused
unless ``allow_private`` is set. Redirects are followed by hand so that every hop is
checked again.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from warreport.errors import FetchError, TooLargeError, UnsafeURLError
from warreport.model import RawPage

MAX_REDIRECTS = 5


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise UnsafeURLError unless the URL is http(s) to a public address (or private is allowed)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise UnsafeURLError(f"{url}: only http and https URLs can be fetched")
    if not parts.hostname:
        raise UnsafeURLError(f"{url}: the URL has no host")
    if parts.username or parts.password:
        raise UnsafeURLError(f"{url}: credentials in URLs are not accepted")
    if allow_private:
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for ip in _addresses(parts.hostname, port):
        if not _is_public(ip):
            raise UnsafeURLError(
                f"{url}: {parts.hostname} resolves to {ip}, a private/loopback/link-local address "
                "(use --allow-private to fetch it)"
            )


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    user_agent: str,
    allow_private: bool = False,
    client: httpx.Client | None = None,
) -> RawPage:
    """Fetch a page's bytes, refusing unsafe targets and anything over ``max_bytes``."""
    own = client is None
    http = client or httpx.Client(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        headers={"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"},
        follow_redirects=False,
    )
    try:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current, allow_private=allow_private)
            with http.stream("GET", current) as response:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"{current}: redirect without a Location header")
                    current = urljoin(current, location)
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"{current}: HTTP {response.status_code}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise TooLargeError(f"{current}: {int(declared):,} bytes is over the limit of {max_bytes:,} bytes")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLargeError(f"{current}: more than {max_bytes:,} bytes; download stopped")
                    chunks.append(chunk)
                return RawPage(
                    origin=url,
                    data=b"".join(chunks),
                    url=str(response.url),
                    content_type=response.headers.get("content-type"),
                )
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: timed out after {timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {exc.__class__.__name__}: {exc}") from exc
    finally:
        if own:
            http.close()
