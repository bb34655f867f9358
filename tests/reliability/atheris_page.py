"""Coverage-guided fuzzing of the page parser with atheris (libFuzzer).

Run: ``python tests/reliability/atheris_page.py -runs=100000 CORPUS_DIR`` (CORPUS_DIR may hold
seed pages; libFuzzer adds the inputs that reach new code). Any exception other than a
WarreportError is a crash: libFuzzer stops, prints it and exits non-zero. The test suite runs
it briefly (``test_atheris.py``).
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports(include=["warreport"]):
    from warreport.errors import WarreportError
    from warreport.ingest.page import parse_page
    from warreport.model import RawPage

CONTENT_TYPES = [None, "text/html", "text/plain", "text/html; charset=utf-16", "text/html; charset=bogus"]


def one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    content_type = provider.PickValueInList(CONTENT_TYPES)
    as_text = provider.ConsumeBool()
    page = provider.ConsumeBytes(provider.remaining_bytes())
    raw = (RawPage(origin="atheris", text=page.decode("utf-8", errors="replace"), content_type=content_type)
           if as_text else RawPage(origin="atheris", data=page, content_type=content_type))
    with contextlib.suppress(WarreportError):
        parse_page(raw, max_bytes=2_000_000)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
