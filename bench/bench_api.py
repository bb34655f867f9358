"""API latency: p50/p99 of a bounding-box + date-range query over synthetic events, with 50
concurrent clients, against SQLite and against PostgreSQL (a throwaway server this benchmark
starts from Debian's package via .ci/postgres.sh and stops again).

The API runs in its own process (``uvicorn --factory warreport.web.app:create_app``, one
worker); the clients are asyncio tasks sharing one httpx connection pool in this process.
Events are loaded straight into the tables (indexes dropped during the load and rebuilt after,
then ANALYZE), so the figures are about serving, not ingesting.

Options (``--set key=value``): ``events`` (default 1,000,000; --quick 20,000), ``requests``
per run (default 3,000; --quick 300), ``concurrency`` (default 50), ``limit`` (page size,
default 100).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.table import Table

from bench.common import REPO, BenchArgs, BenchSkipped, make_table, timer

TITLE = "API latency: bbox + date query, 50 concurrent clients, SQLite and PostgreSQL"
ORDER = 80

REGION = (35.5, 29.5, 48.5, 38.0)  # lon/lat box over Syria and Iraq
FIRST_DAY = date(2014, 1, 1)
DAYS = 6 * 365
TYPES = [
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Riots", "Violent demonstration"),
    ("Strategic developments", "Agreement"),
]
ACTORS = [
    "Military Forces of Syria (2000-)",
    "Islamic State (Syria)",
    "Military Forces of Iraq (2014-2018)",
    "Islamic State (Iraq)",
    "SDF: Syrian Democratic Forces",
    "Military Forces of Russia (2000-)",
    "Popular Mobilization Forces",
    "Civilians (Syria)",
]
CERTAINTY = ["reported"] * 8 + ["claimed", "alleged", "predicted"]
DOCS = 2000
PG_PORT = 54339


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- synthetic data ------------------------------------------------------------------------
def _hubs(rng: random.Random, n: int = 400) -> list[tuple[float, float, str]]:
    """Places events cluster around, as real conflict events do."""
    min_lon, min_lat, max_lon, max_lat = REGION
    return [(rng.uniform(min_lat, max_lat), rng.uniform(min_lon, max_lon), f"Place {i}") for i in range(n)]


def event_rows(n: int, seed: int, columns: list[str]) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(seed)
    hubs = _hubs(rng)
    created = datetime(2020, 1, 1)
    for i in range(n):
        lat, lon, place = hubs[int(rng.paretovariate(1.2)) % len(hubs)] if rng.random() < 0.7 else rng.choice(hubs)
        lat += rng.gauss(0, 0.08)
        lon += rng.gauss(0, 0.08)
        etype, sub = rng.choice(TYPES)
        a1, a2 = rng.sample(ACTORS, 2)
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        sentence = f"{a1} and {a2}: {sub.lower()} near {place} (synthetic event {i})."
        values = {
            "event_id": f"{i:020x}",
            "doc_id": f"doc{i % DOCS:017d}",
            "event_date": day,
            "date_start": day,
            "date_end": day,
            "time_precision": 1,
            "event_type": etype,
            "sub_event_type": sub,
            "actor1": a1,
            "actor2": a2,
            "assoc_actor_1": "[]",
            "assoc_actor_2": "[]",
            "inter1": 1,
            "inter2": 2,
            "location": place,
            "sub_locations": "[]",
            "admin1": f"Region {int(lat)}",
            "country": "Syria" if lon < 41.5 else "Iraq",
            "iso": "SY" if lon < 41.5 else "IQ",
            "latitude": round(lat, 5),
            "longitude": round(lon, 5),
            "geo_precision": 1,
            "fatalities": rng.choice([0, 0, 0, 1, 2, 5]),
            "quantities": "[]",
            "weapons": "[]",
            "certainty": rng.choice(CERTAINTY),
            "framing": "[]",
            "sentence": sentence,
            "start_char": 0,
            "end_char": len(sentence),
            "source": f"Outlet {i % 17}",
            "notes": "",
            "fields_provenance": "{}",
            "corroboration": 1 + (i % 4 == 0),
            "created_at": created,
        }
        yield tuple(values.get(c) for c in columns)


def document_rows() -> Iterator[tuple[Any, ...]]:
    for i in range(DOCS):
        yield (f"doc{i:017d}", f"Synthetic report {i}", "[]", "[]", "text", 0, datetime(2020, 1, 1))


DOC_COLUMNS = ["doc_id", "title", "body", "boilerplate", "format", "n_events", "ingested_at"]


def _event_columns() -> list[str]:
    from warreport.store.schema import EventRow

    return [c.name for c in EventRow.__table__.columns]


def load_sqlite(path: Path, n: int, seed: int) -> float:
    """Create the schema with the store's migrations, then bulk-insert; returns seconds."""
    from warreport.store import Store

    if path.exists():
        path.unlink()
    Store(f"sqlite:///{path}").db.dispose()
    columns = _event_columns()
    with timer() as t:
        con = sqlite3.connect(path)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=OFF")
        indexes = [r for r in con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='events' AND sql IS NOT NULL")]
        for name, _ in indexes:
            con.execute(f'DROP INDEX "{name}"')
        con.executemany(f"INSERT INTO documents ({','.join(DOC_COLUMNS)}) VALUES ({','.join('?' * len(DOC_COLUMNS))})",
                        ((*r[:6], r[6].isoformat(sep=" ")) for r in document_rows()))
        marks = ",".join("?" * len(columns))
        sql = f"INSERT INTO events ({','.join(columns)}) VALUES ({marks})"

        def adapt(row: tuple[Any, ...]) -> tuple[Any, ...]:
            return tuple(v.isoformat(sep=" ") if isinstance(v, datetime) else v.isoformat()
                         if isinstance(v, date) else v for v in row)

        batch: list[tuple[Any, ...]] = []
        for row in event_rows(n, seed, columns):
            batch.append(adapt(row))
            if len(batch) >= 20_000:
                con.executemany(sql, batch)
                batch = []
        if batch:
            con.executemany(sql, batch)
        con.commit()
        for _, ddl in indexes:
            con.execute(ddl)
        con.execute("ANALYZE")
        con.commit()
        con.close()
    return t.seconds


def load_postgres(url: str, n: int, seed: int) -> float:
    import psycopg

    from warreport.store import Store

    Store(url).db.dispose()
    columns = _event_columns()
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with timer() as t, psycopg.connect(conninfo, autocommit=False) as con:
        cur = con.cursor()
        cur.execute("TRUNCATE events, documents CASCADE")
        cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events' "
                    "AND indexname NOT IN (SELECT conname FROM pg_constraint)")
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        with cur.copy(f"COPY documents ({','.join(DOC_COLUMNS)}) FROM STDIN") as copy:
            for row in document_rows():
                copy.write_row(row)
        with cur.copy(f"COPY events ({','.join(columns)}) FROM STDIN") as copy:
            for row in event_rows(n, seed, columns):
                copy.write_row(row)
        for _, ddl in indexes:
            cur.execute(ddl)
        con.commit()
        cur.execute("ANALYZE")
        con.commit()
    return t.seconds


# -- the server and the clients ------------------------------------------------------------
class Server:
    """``uvicorn --factory warreport.web.app:create_app`` in a child process."""

    def __init__(self, db_url: str, workers: int = 1) -> None:
        self.port = _free_port()
        env = {**os.environ, "WARREPORT_DB": db_url, "WARREPORT_TILES_URL": "", "WARREPORT_LOG_LEVEL": "WARNING"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "warreport.web.app:create_app",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning", "--no-access-log",
             "--timeout-keep-alive", "60", "--backlog", "512", "--workers", str(workers)],
            env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        self.base = f"http://127.0.0.1:{self.port}"

    def wait(self, timeout: float = 120.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"API server exited: {self.proc.stderr.read() if self.proc.stderr else ''}")
            try:
                if httpx.get(self.base + "/api/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("API server did not start")

    def cpu_seconds(self) -> float:
        """User + system CPU of the server and its worker processes so far."""
        tick = os.sysconf("SC_CLK_TCK")
        pids = {self.proc.pid}
        stats: dict[int, list[str]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                stats[int(entry.name)] = fields
        changed = True
        while changed:
            changed = False
            for pid, fields in stats.items():
                if pid not in pids and int(fields[1]) in pids:
                    pids.add(pid)
                    changed = True
        return sum(int(stats[p][11]) + int(stats[p][12]) for p in pids if p in stats) / tick

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def query_params(rng: random.Random, limit: int) -> dict[str, Any]:
    """A bbox of about 1°×1° inside the region and a 30-day window, as a map view would ask."""
    min_lon, min_lat, max_lon, max_lat = REGION
    lon = rng.uniform(min_lon, max_lon - 1.0)
    lat = rng.uniform(min_lat, max_lat - 1.0)
    start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - 30))
    return {
        "bbox": f"{lon:.3f},{lat:.3f},{lon + 1.0:.3f},{lat + 1.0:.3f}",
        "date_from": start.isoformat(),
        "date_to": (start + timedelta(days=29)).isoformat(),
        "limit": limit,
    }


async def _drive(base: str, requests: int, concurrency: int, limit: int, seed: int) -> dict[str, Any]:
    import httpx

    rng = random.Random(seed)
    plans = [query_params(rng, limit) for _ in range(requests)]
    latencies: list[float] = []
    results: list[int] = []
    errors = 0
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for p in plans:
        queue.put_nowait(p)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors
            while True:
                try:
                    params = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                start = time.perf_counter()
                try:
                    resp = await client.get("/api/events", params=params)
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - start)
                if resp.status_code != 200:
                    errors += 1
                else:
                    results.append(len(resp.json()["events"]))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / wall,
        "p50": _pct(latencies, 50) * 1000,
        "p90": _pct(latencies, 90) * 1000,
        "p99": _pct(latencies, 99) * 1000,
        "max": latencies[-1] * 1000 if latencies else float("nan"),
        "mean_hits": statistics.fmean(results) if results else 0.0,
    }


def _pct(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, round(pct / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def measure(db_url: str, requests: int, concurrency: int, limit: int, seed: int, workers: int) -> list[dict[str, Any]]:
    server = Server(db_url, workers)
    try:
        server.wait()
        asyncio.run(_drive(server.base, min(200, requests), concurrency, limit, seed + 1))  # warm-up
        rows = []
        for clients in (1, concurrency):
            n = max(50, requests // 10) if clients == 1 else requests
            cpu = server.cpu_seconds()
            result = asyncio.run(_drive(server.base, n, clients, limit, seed + 2))
            result["cpu_ms"] = (server.cpu_seconds() - cpu) / max(1, result["requests"]) * 1000
            rows.append({"clients": clients, **result})
        return rows
    finally:
        server.stop()


# -- PostgreSQL ------------------------------------------------------------------------------
def start_postgres(workdir: Path) -> str:
    script = REPO / ".ci" / "postgres.sh"
    if not script.exists() or not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        raise BenchSkipped("PostgreSQL is not installed (apt-get install postgresql)")
    pgdir = Path("/tmp") / "warreport-bench-api-pg"
    out = subprocess.run(["bash", str(script), "start", str(pgdir), str(PG_PORT)], capture_output=True,
                         text=True, check=False)
    if out.returncode != 0:
        raise BenchSkipped(f"could not start PostgreSQL: {out.stderr.strip()[:300]}")
    admin = f"postgresql://postgres@127.0.0.1:{PG_PORT}/postgres"
    import psycopg

    with psycopg.connect(admin, autocommit=True) as con:
        exists = con.execute("SELECT 1 FROM pg_database WHERE datname = 'warreport_bench_api'").fetchone()
        if not exists:
            con.execute("CREATE DATABASE warreport_bench_api")
    return f"postgresql+psycopg://postgres@127.0.0.1:{PG_PORT}/warreport_bench_api"


def _pg_count(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as con:
            row = con.execute("SELECT count(*) FROM events").fetchone()
            return int(row[0]) if row else -1
    except psycopg.Error:
        return -1


def stop_postgres() -> None:
    subprocess.run(["bash", str(REPO / ".ci" / "postgres.sh"), "stop", "/tmp/warreport-bench-api-pg"],
                   capture_output=True, check=False)


def _head() -> str | None:
    from warreport.store.db import head_revision

    return head_revision()


def run(args: BenchArgs) -> list[Table]:
    n = int(args.extra.get("events", args.size(full=1_000_000, quick=20_000)))
    requests = int(args.extra.get("requests", args.size(full=3000, quick=300)))
    concurrency = int(args.extra.get("concurrency", 50))
    limit = int(args.extra.get("limit", 100))
    workers = int(args.extra.get("workers", 2))
    work = args.scratch("api")
    rows: list[tuple[Any, ...]] = []
    loads: list[tuple[Any, ...]] = []
    backends: list[str] = ["sqlite"] + (["postgresql"] if args.postgres else [])
    notes: list[str] = []
    for backend in backends:
        if backend == "sqlite":
            path = work / "events.db"
            marker = work / "events.db.json"
            wanted = {"events": n, "seed": args.seed, "revision": _head()}
            if path.exists() and marker.exists() and json.loads(marker.read_text()) == wanted:
                seconds = float("nan")  # reused from an earlier run with the same data
            else:
                marker.unlink(missing_ok=True)
                seconds = load_sqlite(path, n, args.seed)
                marker.write_text(json.dumps(wanted))
            url = f"sqlite:///{path}"
            stop = None
        else:
            try:
                url = start_postgres(work)
            except BenchSkipped as exc:
                notes.append(f"PostgreSQL skipped: {exc}")
                continue
            stop = stop_postgres
        try:
            if backend == "postgresql":
                marker = work / "postgres.json"
                wanted = {"events": n, "seed": args.seed, "revision": _head()}
                if marker.exists() and json.loads(marker.read_text()) == wanted and _pg_count(url) == n:
                    seconds = float("nan")
                else:
                    marker.unlink(missing_ok=True)
                    seconds = load_postgres(url, n, args.seed)
                    marker.write_text(json.dumps(wanted))
            loads.append((backend, n, seconds, n / seconds if seconds == seconds else None))
            for r in measure(url, requests, concurrency, limit, args.seed, workers):
                rows.append((backend, n, r["clients"], r["requests"], r["errors"], r["rps"], r["p50"], r["p90"],
                             r["p99"], r["max"], r["mean_hits"], r["cpu_ms"], os.getloadavg()[0]))
        finally:
            if stop is not None:
                stop()
    caption = (f"GET /api/events?bbox=<1°×1°>&date_from&date_to (30 days)&limit={limit}; {workers} uvicorn worker(s); "
               f"{os.cpu_count()} CPU cores shared by server, clients and database")
    if notes:
        caption += "; " + "; ".join(notes)
    return [
        make_table("API latency (ms)", ["backend", "events", "clients", "requests", "errors", "req/s", "p50",
                                        "p90", "p99", "max", "events/resp.", "server CPU ms/req", "load avg"], rows, caption=caption),
        make_table("API benchmark data load (indexes rebuilt, ANALYZE)", ["backend", "events", "seconds",
                                                                           "events/s"], loads),
    ]


if __name__ == "__main__":
    from rich.console import Console

    quick = "--quick" in sys.argv
    for table in run(BenchArgs(quick=quick, postgres="--no-postgres" not in sys.argv)):
        Console().print(table)
