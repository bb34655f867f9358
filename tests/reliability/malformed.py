"""Hypothesis strategies for malformed input: broken HTML, odd encodings, mangled real pages.

Shared by the property tests and the slow 10,000-page run. Nothing here is copied from a web
page: the seeds are the project's own sample reports.
"""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from scale.helpers import SAMPLES

SAMPLE_PAGES = [p.read_bytes() for p in sorted(SAMPLES.iterdir()) if p.suffix in {".html", ".txt"}]

TAGS = ("p", "div", "article", "main", "section", "span", "a", "h1", "h2", "li", "ul", "table", "td",
        "tr", "script", "style", "noscript", "iframe", "svg", "math", "template", "form", "time", "meta",
        "title", "head", "body", "html", "footer", "nav", "aside", "br", "img", "textarea", "xmp", "plaintext")
WORDS = ("troops", "shelled", "Deir", "Ezzor", "killed", "on", "Monday", "1", "November", "2017", "the",
         "army", "ISIS", "took", "control", "of", "al-Qaim", "reported", "civilians", "—", "«", "»", "‏",
         "\u200b", "\ufeff", "&amp;", "&nbsp;", "&#0;", "&#xD800;", "&#1114112;", "&bogus;", "<", ">", "]]>",
         "<!--", "-->", "\\", "'", '"', "\x0b", "\x0c", "\r", "\t", "𝕎𝕒𝕣", "العربية", "русский", "中文")
CHARSETS = ("utf-8", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "koi8-r", "shift_jis",
            "gb18030", "iso-8859-6", "bogus-charset", "", "utf-7")

text_runs = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=15).map(" ".join)
attributes = st.dictionaries(
    st.sampled_from(("class", "id", "href", "src", "style", "lang", "dir", "content", "property",
                     "name", "charset", "datetime", "itemprop", "on" + "load", "x")),
    st.text(max_size=30) | st.sampled_from(("comment", "article-body", "date", "2017-11-01",
                                            "9999-99-99", "javascript:void(0)", "\x00", "'\"<>")),
    max_size=4,
)


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> str:
    """One HTML element, sometimes unclosed, with text and children."""
    tag = draw(st.sampled_from(TAGS))
    attrs = "".join(f' {k}="{v}"' for k, v in draw(attributes).items())
    children = []
    if depth < 4:
        children = draw(st.lists(elements(depth + 1) | text_runs, max_size=3))
    inner = "".join(children)
    close = draw(st.sampled_from((f"</{tag}>", f"</{tag}>", "", f"</{tag}", "</x>")))
    return f"<{tag}{attrs}>{inner}{close}"


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(("", "<!doctype html>", "<!DOCTYPE html PUBLIC 'x'>", "<?xml version='1.0'?>",
                                 "\ufeff<!doctype html>", "<html")))
    charset = draw(st.sampled_from(CHARSETS))
    meta = f'<meta charset="{charset}">' if charset and draw(st.booleans()) else ""
    body = "".join(draw(st.lists(elements(), min_size=0, max_size=4)))
    nesting = draw(st.sampled_from((0,) * 8 + (40, 300)))  # deep nesting now and then (lxml stops at 256)
    return f"{head}<html><head>{meta}<title>{draw(text_runs)}</title></head><body>" + "<div>" * nesting + body


@st.composite
def encoded(draw: st.DrawFn, text: str) -> bytes:
    codec = draw(st.sampled_from(("utf-8", "utf-16", "utf-16-be", "latin-1", "cp1252", "koi8-r", "gb18030")))
    return text.encode(codec, errors="replace")


@st.composite
def mangled_samples(draw: st.DrawFn) -> bytes:
    """A real sample page, truncated, with bytes flipped, inserted or deleted."""
    data = bytearray(draw(st.sampled_from(SAMPLE_PAGES)))
    for _ in range(draw(st.integers(0, 12))):
        op = draw(st.sampled_from(("flip", "insert", "delete", "truncate", "dup")))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16) | st.sampled_from((b"<", b"</p>", b"\x00", b"\xff\xfe", b"<script>", b"<!--")))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 200))]
        elif op == "truncate":
            del data[pos:]
        elif op == "dup":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 400))]
    return bytes(data)


@st.composite
def malformed_pages(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """(bytes, declared content type) of a page that may be broken in any way."""
    kind = draw(st.sampled_from(("html", "html", "mangled", "mangled", "text", "binary")))
    if kind == "html":
        data = draw(encoded(draw(html_pages())))
    elif kind == "mangled":
        data = draw(mangled_samples())
    elif kind == "text":
        data = draw(encoded(draw(st.lists(text_runs, max_size=20).map("\n\n".join))))
    else:
        data = draw(st.binary(max_size=2048))
    ctype = draw(st.sampled_from((None, "text/html", "text/plain", "text/html; charset=utf-16",
                                  "text/html; charset=bogus", "application/octet-stream", "text/html; charset=")))
    return data, ctype


dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
plausible_dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))
