"""``python -m bench``: discover the ``bench_*`` modules, run them, print their tables.

Options: ``--quick`` (small sizes), ``--only NAME`` / ``--skip NAME`` (repeatable; NAME is the
part after ``bench_``), ``--list``, ``--no-postgres``, ``--set key=value`` (free-form options a
benchmark may read from ``args.extra``), ``--workdir DIR``, ``--seed N``.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import platform
import sys
import time
import traceback
from pathlib import Path
from types import ModuleType

from rich.console import Console

import bench
from bench.common import BenchArgs, BenchSkipped, cpu_count, fmt, make_table

console = Console(width=max(Console().width, 120))


def discover() -> dict[str, ModuleType | str]:
    """Every ``bench_<name>`` module by name; a module that fails to import maps to the error."""
    found: dict[str, ModuleType | str] = {}
    for info in pkgutil.iter_modules(bench.__path__):
        if not info.name.startswith("bench_"):
            continue
        name = info.name[len("bench_") :]
        try:
            module = importlib.import_module(f"bench.{info.name}")
        except Exception as exc:  # noqa: BLE001 - one broken module must not stop the others
            found[name] = f"import failed: {type(exc).__name__}: {exc}"
            continue
        if not callable(getattr(module, "run", None)):
            found[name] = "no run(args) function"
            continue
        found[name] = module
    return dict(sorted(found.items(), key=lambda kv: (_order(kv[1]), kv[0])))


def _order(module: ModuleType | str) -> int:
    return int(getattr(module, "ORDER", 50)) if isinstance(module, ModuleType) else 999


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description="warreport benchmarks (tables, no assertions)")
    parser.add_argument("--quick", action="store_true", help="small sizes (seconds instead of minutes)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run only these benchmarks")
    parser.add_argument("--skip", action="append", default=[], metavar="NAME", help="skip these benchmarks")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--no-postgres", action="store_true", help="do not start a PostgreSQL server")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="extra option for benchmarks")
    parser.add_argument("--workdir", type=Path, default=None, help="scratch directory (default build/bench)")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    extra: dict[str, str] = {}
    for item in opts.set:
        key, _, value = item.partition("=")
        extra[key.strip()] = value.strip()
    args = BenchArgs(quick=opts.quick, seed=opts.seed, postgres=not opts.no_postgres, extra=extra)
    if opts.workdir is not None:
        args.workdir = opts.workdir
    args.workdir.mkdir(parents=True, exist_ok=True)

    modules = discover()
    if opts.list:
        for name, module in modules.items():
            title = getattr(module, "TITLE", "") if isinstance(module, ModuleType) else module
            console.print(f"{name:14} {title}", highlight=False)
        return 0
    unknown = sorted(set(opts.only + opts.skip) - set(modules))
    if unknown:
        console.print(f"[red]unknown benchmark(s): {', '.join(unknown)}[/]; see --list")
        return 2

    console.print(
        f"[bold]warreport benchmarks[/] {'(quick) ' if opts.quick else ''}— python {platform.python_version()}, "
        f"{platform.machine()}, {cpu_count()} cores, {platform.platform(terse=True)}",
        highlight=False,
    )
    summary: list[tuple[str, str, float]] = []
    failed = 0
    for name, module in modules.items():
        if (opts.only and name not in opts.only) or name in opts.skip:
            continue
        if isinstance(module, str):
            summary.append((name, module, 0.0))
            failed += 1
            continue
        console.rule(f"[bold]{name}[/] {getattr(module, 'TITLE', '')}")
        start = time.perf_counter()
        try:
            tables = module.run(args)
        except BenchSkipped as exc:
            summary.append((name, f"skipped: {exc}", time.perf_counter() - start))
            console.print(f"[yellow]skipped[/]: {exc}", highlight=False)
            continue
        except Exception as exc:  # noqa: BLE001 - report and go on with the next benchmark
            failed += 1
            summary.append((name, f"error: {type(exc).__name__}: {exc}", time.perf_counter() - start))
            console.print(f"[red]error[/] in {name}:", highlight=False)
            console.print(traceback.format_exc(), highlight=False, markup=False)
            continue
        for table in tables:
            console.print(table)
        summary.append((name, f"{len(tables)} table(s)", time.perf_counter() - start))
    console.print(make_table("benchmarks run", ["benchmark", "result", "seconds"], [(n, r, fmt(s)) for n, r, s in summary]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
