"""Load: the API under 50 concurrent clients for a bounded time, on loopback, with zero errors.

The API runs as ``uvicorn --factory warreport.web.app:create_app`` in a child process over a
store of synthetic documents and events; 50 asyncio clients request a mix of read endpoints
(filters, bounding boxes, cursors, single events and documents, GeoJSON) until the time is up.
Every response must be a 2xx and no request may fail at the transport level. (Latency and
throughput figures are in ``make bench``, benchmark ``api``.)
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator

import pytest

from scale.helpers import REPO
from warreport.scale.corpus import synthetic_reports
from warreport.store import Store

pytestmark = pytest.mark.timeout(300)

CLIENTS = 50
SECONDS = 10.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def store_ids(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str], list[str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.db'}"
    docs = [r.as_processed(4, comments=2) for r in synthetic_reports(300, words=200, seed=5)]
    Store(url).save_many(docs)
    return url, [d.document.doc_id for d in docs], [e.event_id for d in docs for e in d.events]


@pytest.fixture(scope="module")
def server(store_ids: tuple[str, list[str], list[str]]) -> Iterator[str]:
    pytest.importorskip("uvicorn")
    port = _free_port()
    env = {**os.environ, "WARREPORT_DB": store_ids[0], "WARREPORT_LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "warreport.web.app:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log", "--backlog", "512"],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the API server exited: {proc.stderr.read() if proc.stderr else ''}")
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the API server did not start in 120 s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _paths(rng: random.Random, doc_ids: list[str], event_ids: list[str]) -> str:
    lon, lat = rng.uniform(37, 40), rng.uniform(34, 36)
    choices = (
        "/api/events?limit=50",
        f"/api/events?bbox={lon:.2f},{lat:.2f},{lon + 1:.2f},{lat + 1:.2f}&date_from=2017-03-01&date_to=2017-09-30",
        "/api/events?country=Syria&event_type=Battles&limit=20",
        f"/api/events?actor=syria&q={rng.choice(('clash', 'report', 'sentence'))}",
        f"/api/events/{rng.choice(event_ids)}",
        "/api/events.geojson?limit=200",
        "/api/documents?limit=20",
        f"/api/documents/{rng.choice(doc_ids)}",
        "/api/stats",
        "/api/health",
        "/api/sources",
        "/api/places",
    )
    return rng.choice(choices)


async def _client(n: int, base: str, doc_ids: list[str], event_ids: list[str], until: float,
                  statuses: Counter[int | str]) -> None:
    import httpx

    rng = random.Random(n)
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.monotonic() < until:
            path = _paths(rng, doc_ids, event_ids)
            try:
                response = await client.get(path)
                statuses[response.status_code] += 1
                if response.status_code >= 300:
                    statuses[f"{response.status_code} {path}"] += 1
                cursor = response.headers.get("X-Next-Cursor") or (
                    response.json().get("next_cursor") if path.startswith("/api/events?") else None)
                if cursor:
                    follow = await client.get(path + f"&cursor={cursor}")
                    statuses[follow.status_code] += 1
            except httpx.HTTPError as exc:
                statuses[f"transport {type(exc).__name__}"] += 1


def test_fifty_concurrent_clients_get_no_errors(server: str, store_ids: tuple[str, list[str], list[str]]) -> None:
    _, doc_ids, event_ids = store_ids
    statuses: Counter[int | str] = Counter()

    async def main() -> None:
        until = time.monotonic() + SECONDS
        await asyncio.gather(*(_client(n, server, doc_ids, event_ids, until, statuses) for n in range(CLIENTS)))

    started = time.monotonic()
    asyncio.run(main())
    elapsed = time.monotonic() - started
    ok = sum(v for k, v in statuses.items() if isinstance(k, int) and 200 <= k < 300)
    errors = {k: v for k, v in statuses.items() if not (isinstance(k, int) and 200 <= k < 300)}
    print(f"\nAPI load: {CLIENTS} clients, {elapsed:.1f} s, {ok} responses 2xx ({ok / elapsed:.0f}/s), errors {errors}")
    assert errors == {}
    assert ok >= CLIENTS  # every client got through at least once
