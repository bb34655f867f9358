"""Resource limits: size caps hold, and huge inputs are refused in bounded memory.

Fetch timeouts (a silent and a dripping server) are tested in tests/ingest/test_fetch.py and
the upload cap (HTTP 413) in tests/web/test_web_api.py; here the inputs that could exhaust
memory: a JSONL line of 100 MB, and an article body far longer than extraction can hold.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from warreport.config import load_config
from warreport.errors import TooLargeError
from warreport.model import RawPage
from warreport.pipeline import parse_stage, run_batch
from warreport.scale.corpus import synthetic_reports
from warreport.scale.pool import CollectingSink

pytestmark = pytest.mark.timeout(300)

# Peak RSS of this process image: VmHWM (ru_maxrss would carry the peak of the pytest process
# across fork and exec).
PEAK = """
def peak_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
"""

READ_AND_MEASURE = PEAK + """
import json, sys
from warreport.config import load_config
from warreport.ingest.sources import iter_sources
config = load_config(environ={}).with_overrides(max_page_bytes=1_000_000)
kinds = [(type(i).__name__, getattr(i, "error_type", "")) for i in iter_sources([sys.argv[1]], config)]
print(json.dumps({"kinds": kinds, "peak_mb": peak_mb()}))
"""


def test_a_100_mb_jsonl_line_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "a", "text": "A short report."}) + "\n")
        handle.write('{"id": "b", "text": "')
        for _ in range(100):
            handle.write("x" * 1_000_000)
        handle.write('"}\n')
        handle.write(json.dumps({"id": "c", "text": "Another short report."}) + "\n")
    out = subprocess.run([sys.executable, "-c", READ_AND_MEASURE, str(path)], capture_output=True, text=True,
                         timeout=240, check=True)
    result = json.loads(out.stdout)
    assert result["kinds"] == [["RawPage", ""], ["Failure", "TooLargeError"], ["RawPage", ""]]
    assert result["peak_mb"] < 250  # reading the line whole would take over 100 MB more than that


def test_an_overlong_body_is_refused_before_extraction() -> None:
    config = load_config(environ={}).with_overrides(max_body_chars=20_000)
    text = "\n\n".join(r.text for r in synthetic_reports(12, words=500, seed=1))  # ~40,000 characters
    with pytest.raises(TooLargeError, match="max_body_chars"):
        parse_stage(RawPage(origin="long.txt", text=text), config)
    sink = CollectingSink()
    report = run_batch([RawPage(origin="long.txt", text=text)], sink, config)
    assert sink.processed == []
    assert [(f.stage, f.error_type) for f in report.failures] == [("parse", "TooLargeError")]


EXTRACT_AND_MEASURE = PEAK + """
import json
from warreport.config import load_config
from warreport.model import RawPage
from warreport.pipeline import process_raw
from warreport.scale.corpus import synthetic_reports
config = load_config(environ={})
parts, size = [], 0
for report in synthetic_reports(1000, words=500, seed=4):
    if size + len(report.text) + 2 > config.max_body_chars:
        break
    parts.append(report.text)
    size += len(report.text) + 2
result = process_raw(RawPage(origin="long.txt", text="\\n\\n".join(parts)), config)
print(json.dumps({"chars": size, "events": len(result.events),
                  "peak_mb": peak_mb()}))
"""


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_a_body_at_the_limit_is_extracted_within_the_memory_target() -> None:
    out = subprocess.run([sys.executable, "-c", EXTRACT_AND_MEASURE], capture_output=True, text=True,
                         timeout=3500, check=True)
    result = json.loads(out.stdout)
    assert result["events"] > 0
    print(f"\nbody of {result['chars']:,} characters: {result['events']} events, peak {result['peak_mb']:.0f} MB")
    assert result["peak_mb"] < 1536, result
