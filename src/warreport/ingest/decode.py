"""Bytes to text with clear errors: empty, binary, too large, undecodable."""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

from warreport.errors import BinaryInputError, EmptyInputError, EncodingError, TooLargeError

# Magic numbers of formats that are not text pages.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\x7fELF",
    b"MZ",
    b"\x00\x00\x01\x00",
    b"RIFF",
    b"OggS",
    b"ID3",
    b"7z\xbc\xaf",
    b"Rar!",
    b"SQLite format 3",
)

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


# What browsers decode these labels as (the WHATWG Encoding Standard maps them to windows-1252).
_WEB_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
                "ascii": "cp1252", "iso8859-1": "cp1252", "l1": "cp1252"}


def sniff_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta charset>`` or the XML declaration)."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def check_size(size: int, max_bytes: int, origin: str) -> None:
    if size > max_bytes:
        raise TooLargeError(
            f"{origin}: {size:,} bytes is over the limit of {max_bytes:,} bytes (setting max_page_bytes)"
        )


def decode_bytes(data: bytes, *, origin: str, max_bytes: int, declared: str | None = None) -> str:
    """Decode a page's bytes, refusing empty, binary, oversized or undecodable input."""
    check_size(len(data), max_bytes, origin)
    if not data.strip():
        raise EmptyInputError(f"{origin}: the page is empty")
    for magic in _BINARY_MAGIC:
        if data.startswith(magic):
            raise BinaryInputError(f"{origin}: binary data (starts like {magic[:4]!r}), not a text page")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _clean(data.decode(codec, errors="replace"), origin)
    head = data[:8192]
    if b"\x00" in head:
        raise BinaryInputError(f"{origin}: binary data (NUL bytes), not a text page")
    # Valid UTF-8 is almost never an accident, so it wins over a (often wrong) declaration.
    try:
        return _clean(data.decode("utf-8"), origin)
    except UnicodeDecodeError:
        pass
    for charset in dict.fromkeys(c for c in (declared, sniff_charset(data)) if c):
        try:
            return _clean(data.decode(_WEB_ALIASES.get(charset.lower(), charset)), origin)
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise EncodingError(f"{origin}: cannot decode the bytes as text in any known encoding")
    try:
        return _clean(data.decode(best.encoding, errors="replace"), origin)
    except LookupError as exc:
        raise EncodingError(f"{origin}: unknown encoding {best.encoding!r}") from exc


def _clean(text: str, origin: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInputError(f"{origin}: the page is empty")
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\n\t\f\v")
    if controls > max(10, len(text[:20000]) // 20):
        raise BinaryInputError(f"{origin}: mostly control characters, not a text page")
    return text
