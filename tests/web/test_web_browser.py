"""The map in headless Chromium (Debian's), driven by Playwright, with no internet: markers,
a popup with the sentence highlighted in its document, a correction that shows in the feed.
Screenshots go to build/ (kept as CI artifacts). No script payload may ever run."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from warreport.config import load_config
from warreport.web.security import TokenStore
from web_fixtures import build_store

CHROMIUM = Path("/usr/bin/chromium")
BUILD = Path(__file__).resolve().parents[2] / "build"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.timeout(180),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(sqlite_url: str) -> Iterator[dict[str, Any]]:
    import uvicorn

    from warreport.web.app import create_app

    store, doc, events = build_store(sqlite_url, hostile=True)
    token = TokenStore(store.db).create("browser")
    port = _free_port()
    # A tile server that cannot be reached: the map must fall back to the shipped outlines.
    cfg = load_config(environ={}, db=sqlite_url, tiles_url=f"http://127.0.0.1:{_free_port()}/{{z}}/{{x}}/{{y}}.png")
    srv = uvicorn.Server(uvicorn.Config(create_app(cfg, store=store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    try:
        yield {"base": f"http://127.0.0.1:{port}", "token": token, "doc": doc, "events": events}
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(server: dict[str, Any]) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            # CSP bypassed: waits evaluate script, and escaping must hold without CSP's help
            context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
            page = context.new_page()
            base = server["base"]
            blocked: list[str] = []
            dialogs: list[str] = []

            def offline(route: Any) -> None:
                if route.request.url.startswith(base):
                    route.continue_()
                else:  # no internet: everything else fails at once
                    blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", offline)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.blocked = blocked  # type: ignore[attr-defined]
            page.dialogs = dialogs  # type: ignore[attr-defined]
            yield page
        finally:
            browser.close()


def _open_marker(page: Any, event_id: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    selector = f'path.wr-marker[data-event="{event_id}"]'
    for _ in range(12):
        if page.locator(selector).count():
            page.locator(selector).first.click(force=True)
            return
        # the cluster layer redraws after every zoom and may detach the cluster being clicked:
        # a click that cannot land soon is tried again on the redrawn layer
        with contextlib.suppress(PlaywrightTimeoutError):
            page.locator(".wr-cluster").first.click(force=True, timeout=3000)
        page.wait_for_timeout(600)
    raise AssertionError("marker never appeared")


def test_map_offline_popup_correction_feed(server: dict[str, Any], page: Any) -> None:
    BUILD.mkdir(exist_ok=True)
    events = server["events"]
    target = events[1]  # Abu Kamal
    page.goto(server["base"] + "/")
    page.wait_for_selector(".wr-marker, .wr-cluster", timeout=20000)
    page.wait_for_function("document.querySelectorAll('.leaflet-overlay-pane path').length > 10", timeout=20000)
    page.wait_for_selector("#feed .feed-item")
    assert "offline" in (page.get_attribute("body", "class") or "")
    # the cluster layer redraws on every move/zoom (clearLayers, then adds), so wait for a
    # settled frame rather than counting at one instant
    page.wait_for_function(
        "document.querySelectorAll('.wr-marker, .wr-cluster').length >= 1", timeout=10000
    )
    assert page.locator("#feed .feed-item").count() == 3
    page.screenshot(path=str(BUILD / "browser-map.png"))

    page.fill("#token", server["token"])
    _open_marker(page, target.event_id)
    popup = page.locator(".leaflet-popup .event-card")
    popup.wait_for(timeout=10000)
    assert "Shelling/artillery/missile attack" in popup.locator("h3").inner_text()
    assert "reported" in popup.locator(".badges").inner_text()
    mark = popup.locator(".excerpt mark.sentence")
    page.wait_for_function("document.querySelector('.excerpt .doc-title') !== null", timeout=10000)
    assert mark.inner_text() == target.sentence
    assert not popup.locator("form.correct").is_visible()
    assert "Several command points were destroyed." in popup.locator(".excerpt").inner_text()
    page.wait_for_timeout(500)  # the popup's fade-in
    page.screenshot(path=str(BUILD / "browser-popup.png"))

    popup.locator("button.correct-toggle").click()
    popup.locator("form.correct select").select_option("fatalities")
    popup.locator("form.correct input").fill("42")
    popup.locator("form.correct button[type=submit]").click()
    item = page.locator(f'#feed .feed-item[data-event="{target.event_id}"]')
    page.wait_for_function(
        f"""(() => {{ const li = document.querySelector('#feed .feed-item[data-event="{target.event_id}"]');
                 return li && li.textContent.includes('fatalities 42'); }})()""",
        timeout=15000,
    )
    assert "corrected" in item.inner_text()
    page.wait_for_selector(".leaflet-popup .event-card dd.corrected", timeout=10000)
    page.wait_for_timeout(500)  # the popup's fade-in
    page.screenshot(path=str(BUILD / "browser-correction.png"))

    # votes feed the "Most voted" order
    page.locator(".leaflet-popup button.vote-up").click()
    page.wait_for_function("document.querySelector('.leaflet-popup .msg').textContent === 'voted'", timeout=10000)
    page.select_option("#order", "voted")
    page.wait_for_function(
        f"document.querySelector('#feed .feed-item')?.dataset.event === '{target.event_id}'", timeout=10000
    )
    page.wait_for_timeout(300)
    assert page.locator("#feed .feed-item").count() == 3  # no duplicates from overlapping reloads
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert any("127.0.0.1" in u for u in page.blocked)  # type: ignore[attr-defined]


def test_document_page_escapes_and_anchors_comments(server: dict[str, Any], page: Any) -> None:
    BUILD.mkdir(exist_ok=True)
    doc = server["doc"]
    target = server["events"][1]
    page.goto(server["base"] + "/")
    page.fill("#token", server["token"])
    page.goto(f"{server['base']}/documents/{doc.doc_id}?event={target.event_id}")
    assert "<script>alert(1)</script>" in page.locator("#doc-title").inner_text()  # shown as text
    assert page.locator(".body .focus mark").inner_text() == target.sentence
    hidden = page.locator(".comment.label-hate details")
    assert hidden.count() == 1 and not hidden.get_attribute("open")
    page.locator(".body .focus").click()
    page.fill("#annotate textarea", "Check this <b>count</b> <img src=x onerror=alert(2)>")
    page.click("#annotate button[type=submit]")
    page.wait_for_selector("#annotations li")
    assert "onerror=alert(2)" in page.locator("#annotations li p").first.inner_text()
    assert page.locator("#annotations img").count() == 0
    page.screenshot(path=str(BUILD / "browser-document.png"), full_page=True)
    assert page.dialogs == []  # type: ignore[attr-defined]
