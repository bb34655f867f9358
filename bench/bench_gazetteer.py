"""Gazetteer speed: index open time, lookups/s (cold and cached), toponym finding, resolution."""

from __future__ import annotations

import time
from pathlib import Path

from rich.table import Table

from bench.common import BenchArgs, BenchSkipped, make_table, rate, timer

TITLE = "gazetteer: load, lookups/s, geoparse"
ORDER = 40

_NAMES = [
    "Deir Ezzor", "Dayr az Zawr", "al-Bukamal", "Abu Kamal", "al-Qaim", "Qa'im", "Faysh Khabur",
    "Fishkhabur", "Ibrahim al-Khalil", "Raqqa", "Ar-Raqqa", "Aleppo", "Idleb", "Menbij", "Sokhneh",
    "Tadmor", "Ras al-Ain", "Al-Hasakeh", "Kirkuk", "Mosul", "Tikrit", "Ramadi", "Fallujah",
    "Baghdad", "Damascus", "Homs", "Hama", "Daraa", "Latakia", "Tartus", "Afrin", "Azaz", "Jarabulus",
    "Qamishli", "Kobani", "Zakho", "Erbil", "Sulaymaniyah", "Beirut", "Amman", "Syria", "Iraq",
    "دير الزور", "البوكمال", "New York", "London", "Paris", "Springfield", "Lebanon", "Nowhereville",
]


def run(args: BenchArgs) -> list[Table]:
    from warreport.gazetteer.lookup import Gazetteer, default_path
    from warreport.gazetteer.resolve import geoparse

    path = default_path()
    if not path.is_file():
        raise BenchSkipped(f"no shipped gazetteer at {path}")
    started = time.perf_counter()
    gaz = Gazetteer(path)
    gaz.matches("Deir Ezzor")
    opened = time.perf_counter() - started
    n = args.size(full=20_000, quick=2_000)
    # Cold: every name distinct (suffix defeats the cache, like an archive of new names).
    cold_names = [f"{_NAMES[i % len(_NAMES)]}{' ' * (i // len(_NAMES) % 3)}" for i in range(n)]
    gaz._cached_lookup.cache_clear()
    with timer() as cold:
        for name in cold_names:
            gaz._matches(name, None)
    with timer() as warm:
        for i in range(n):
            gaz.lookup(_NAMES[i % len(_NAMES)])
    seed = Path(__file__).resolve().parents[1] / ".." / "shared" / "seed" / "war-report-2017-11-01.txt"
    rows = [
        ("open + first lookup", 1, opened, "-"),
        ("lookup (uncached)", n, cold.seconds, rate(n, cold.seconds)),
        ("lookup (cached)", n, warm.seconds, rate(n, warm.seconds)),
    ]
    if seed.is_file():
        text = seed.read_text(encoding="utf-8").split("Notify of")[0]
        reps = args.size(full=50, quick=5)
        with timer() as gp:
            for _ in range(reps):
                geoparse(text, gazetteer=gaz)
        rows.append(("geoparse seed report", reps, gp.seconds, rate(reps, gp.seconds)))
    return [
        make_table(
            f"gazetteer ({path.stat().st_size / 1e6:.1f} MB, {gaz.meta.get('places')} places)",
            ["what", "n", "seconds", "per second"],
            rows,
        )
    ]
