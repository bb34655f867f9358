"""The small protocol every benchmark module follows, and helpers they share.

A benchmark is a module ``bench/bench_<name>.py`` that defines::

    def run(args: BenchArgs) -> list[rich.table.Table]: ...

and optionally ``TITLE = "one line"`` and ``ORDER = <int>`` (lower runs first, default 50).
``python -m bench`` (``make bench``) discovers every such module, calls ``run`` and prints the
tables it returns. A benchmark that cannot run here (a missing model, data or server) raises
:class:`BenchSkipped` with the reason; any other exception is reported and the other
benchmarks still run. Benchmarks print numbers; they never assert timings.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()

T = TypeVar("T")


class BenchSkipped(Exception):  # noqa: N818 - a signal, not an error
    """Raised by a benchmark that cannot run on this machine; the reason is printed."""


@dataclass
class BenchArgs:
    """What ``python -m bench`` hands to every benchmark's ``run``."""

    quick: bool = False  # small sizes: seconds, not minutes
    seed: int = 7
    postgres: bool = True  # the ingest benchmark may start a local PostgreSQL
    workdir: Path = field(default_factory=lambda: REPO / "build" / "bench")
    extra: dict[str, Any] = field(default_factory=dict)  # free-form `--set key=value` options

    def size(self, full: int, quick: int) -> int:
        """Pick a corpus size: ``quick`` under ``--quick``, else ``full``."""
        return quick if self.quick else full

    def scratch(self, name: str) -> Path:
        """A fresh directory under the bench work dir for one benchmark's files."""
        path = self.workdir / name
        path.mkdir(parents=True, exist_ok=True)
        return path


class BenchModule(Protocol):
    def run(self, args: BenchArgs) -> list[Table]: ...


def shared_path(*parts: str) -> Path:
    """A path under ../shared; raises BenchSkipped when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise BenchSkipped(f"shared data not available: {path}")
    return path


def make_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], caption: str | None = None) -> Table:
    """A table with a title, right-aligned numeric columns and formatted numbers."""
    table = Table(title=title, caption=caption, title_justify="left")
    for i, col in enumerate(columns):
        table.add_column(col, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*(fmt(v) for v in row))
    return table


def fmt(value: Any) -> str:
    """Numbers the way a table shows them: thousands separators, 3 significant-ish digits."""
    if isinstance(value, bool) or value is None:
        return "-" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value != value:  # NaN
            return "-"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    return str(value)


def rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("nan")


@dataclass
class Timing:
    seconds: float = 0.0


@contextmanager
def timer() -> Iterator[Timing]:
    """``with timer() as t: ...`` then ``t.seconds`` (wall clock, perf_counter)."""
    timing = Timing()
    start = time.perf_counter()
    try:
        yield timing
    finally:
        timing.seconds = time.perf_counter() - start


def peak_rss_mb() -> float:
    """Peak resident memory of this process image so far, in MB.

    Linux's VmHWM; ``ru_maxrss`` would also count the peak of the process that started this one
    (it survives fork and exec), which is not what a fresh measurement process wants.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _isolated_entry(conn: Any, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result = func(*args)
        conn.send(("ok", result, peak_rss_mb()))
    except BaseException as exc:  # noqa: BLE001 - sent back to the parent and re-raised there
        conn.send(("error", f"{type(exc).__name__}: {exc}", peak_rss_mb()))
    finally:
        conn.close()


def isolated(func: Callable[..., T], *args: Any) -> tuple[T, float]:
    """Run ``func(*args)`` in a fresh (spawned) process; return its result and peak RSS in MB.

    ``func`` must be a module-level function (picklable). A fresh process is what makes a
    peak-memory figure mean something: nothing else has been loaded into it.
    """
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_isolated_entry, args=(child, func, args))
    proc.start()
    child.close()
    try:
        status, payload, peak = parent.recv()
    except EOFError as exc:
        proc.join()
        raise RuntimeError(f"benchmark process died (exit code {proc.exitcode})") from exc
    proc.join()
    if status != "ok":
        raise RuntimeError(payload)
    return payload, peak


@contextmanager
def local_postgres(name: str, port: int) -> Iterator[str]:
    """A throwaway PostgreSQL server from Debian's packages (``.ci/postgres.sh``), stopped after.

    Yields the admin URL (database ``postgres``). Its data directory is
    ``/tmp/warreport-bench-<name>-pg``; use a port no other benchmark or server uses.
    Raises BenchSkipped when PostgreSQL is not installed or does not start.
    """
    import subprocess

    script = REPO / ".ci" / "postgres.sh"
    if not script.exists() or not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        raise BenchSkipped("PostgreSQL is not installed (apt-get install postgresql)")
    pgdir = Path("/tmp") / f"warreport-bench-{name}-pg"
    started = subprocess.run(["bash", str(script), "start", str(pgdir), str(port)], capture_output=True,
                             text=True, check=False)
    if started.returncode != 0:
        raise BenchSkipped(f"could not start PostgreSQL: {started.stderr.strip()[:300]}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(["bash", str(script), "stop", str(pgdir)], capture_output=True, check=False)


def fresh_database(admin_url: str, name: str) -> str:
    """Drop and create database ``name`` on the server of ``admin_url``; its URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"
