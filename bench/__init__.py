"""warreport's benchmarks: ``python -m bench`` (``make bench``) runs every ``bench_*`` module.

See bench/README.md and :mod:`bench.common` for the protocol a benchmark module follows.
"""
