"""Fetching URLs safely: size cap, timeouts, a clear User-Agent, and an SSRF guard.

* Only ``http`` and ``https`` URLs, without credentials, are fetched.
* Unless ``allow_private`` is set, the host name is resolved once, every address it resolves
  to must be public (not private, loopback, link-local, multicast, reserved, shared or
  unspecified, also when wrapped in IPv6), and the connection goes to that checked address
  (the ``Host`` header and TLS server name stay the original host), so a DNS answer that
  changes between the check and the connection cannot redirect the request.
* Redirects are followed by hand (at most :data:`MAX_REDIRECTS`), each hop checked again.
* The body is streamed and abandoned as soon as it exceeds ``max_bytes`` (after
  decompression); ``timeout`` bounds connecting and each read, three times ``timeout`` the
  whole download (a server that drips bytes is cut off too).
* Content types that are certainly not pages (images, audio, video, archives, PDF) are
  refused before their body is read.
* Proxies from the environment are not used: the guard must see the real destination.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

import httpx

from warreport.errors import BinaryInputError, FetchError, TooLargeError, UnsafeURLError
from warreport.model import RawPage

MAX_REDIRECTS = 5
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NOT_PAGES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
              "application/gzip", "application/x-", "application/octet-stream", "application/vnd.")
_PAGE_EXCEPTIONS = ("application/xhtml", "application/x-rss", "application/x-atom")
ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,text/plain;q=0.9,*/*;q=0.5"


def _addresses(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from exc
    out: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if ip not in out:
            out.append(ip)
    if not out:
        raise FetchError(f"cannot resolve host {host!r}: no addresses")
    return out


def is_public(ip: IPAddress) -> bool:
    """A globally routable unicast address (IPv4 inside IPv6 is unwrapped first)."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None and not is_public(inner):
            return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _split(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise UnsafeURLError(f"{url}: only http and https URLs can be fetched (not {parts.scheme or 'no scheme'}:)")
    if not parts.hostname:
        raise UnsafeURLError(f"{url}: the URL has no host")
    if parts.username or parts.password:
        raise UnsafeURLError(f"{url}: credentials in URLs are not accepted")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise UnsafeURLError(f"{url}: invalid port") from exc
    return parts.scheme.lower(), parts.hostname, port


def check_url(url: str, *, allow_private: bool) -> IPAddress | None:
    """Raise UnsafeURLError unless the URL is http(s) to public addresses (or private is allowed).

    Returns the checked address to connect to, or None when private addresses are allowed.
    """
    _, host, port = _split(url)
    if allow_private:
        return None
    addresses = _addresses(host, port)
    for ip in addresses:
        if not is_public(ip):
            raise UnsafeURLError(
                f"{url}: {host} resolves to {ip}, a private/loopback/link-local address "
                "(use --allow-private to fetch it)"
            )
    return addresses[0]


def _pinned_request(client: httpx.Client, url: str, ip: IPAddress | None) -> httpx.Request:
    """A GET for ``url`` that connects to the checked address ``ip`` (when given)."""
    if ip is None:
        return client.build_request("GET", url)
    original = httpx.URL(url)
    target = original.copy_with(host=str(ip))
    default_port = 443 if original.scheme == "https" else 80
    host_header = original.host if original.port in (None, default_port) else f"{original.host}:{original.port}"
    request = client.build_request("GET", target, headers={"Host": host_header})
    if original.scheme == "https":
        request.extensions["sni_hostname"] = original.host
    return request


def _check_type(url: str, content_type: str | None) -> None:
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype.startswith(_NOT_PAGES) and not ctype.startswith(_PAGE_EXCEPTIONS):
        raise BinaryInputError(f"{url}: Content-Type {ctype} is not a text or HTML page")


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
        headers={"User-Agent": user_agent, "Accept": ACCEPT},
        follow_redirects=False,
        trust_env=False,
    )
    deadline = time.monotonic() + max(timeout, 0.001) * 3
    try:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            ip = check_url(current, allow_private=allow_private)
            response = http.send(_pinned_request(http, current, ip), stream=True)
            try:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"{current}: redirect without a Location header")
                    current = urljoin(current, location)
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"{current}: HTTP {response.status_code} {response.reason_phrase}".rstrip())
                content_type = response.headers.get("content-type")
                _check_type(current, content_type)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise TooLargeError(
                        f"{current}: {int(declared):,} bytes is over the limit of {max_bytes:,} bytes "
                        "(setting max_page_bytes)"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLargeError(
                            f"{current}: more than {max_bytes:,} bytes (setting max_page_bytes); download stopped"
                        )
                    if time.monotonic() > deadline:
                        raise FetchError(f"{current}: timed out (download took longer than {3 * timeout:g} s)")
                    chunks.append(chunk)
                return RawPage(origin=url, data=b"".join(chunks), url=current, content_type=content_type)
            finally:
                response.close()
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: timed out after {timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {exc.__class__.__name__}: {exc}") from exc
    finally:
        if own:
            http.close()
