"""`gazetteer build --download` against a GeoNames-shaped server on loopback (no internet)."""

from __future__ import annotations

import shutil
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from warreport.errors import GazetteerError
from warreport.gazetteer.build import build_gazetteer
from warreport.gazetteer.download import download_dumps
from warreport.gazetteer.lookup import Gazetteer

from .conftest import GEO


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture()
def dump_server(tmp_path: Path):
    if not GEO.is_dir():
        pytest.skip("../shared/data/geo/gazetteer is absent")
    root = tmp_path / "dump"
    (root / "alternatenames").mkdir(parents=True)
    for name in ("admin1CodesASCII.txt", "admin2Codes.txt", "countryInfo.txt"):
        shutil.copy(GEO / name, root / name)
    with zipfile.ZipFile(root / "IQ.zip", "w") as zf:
        zf.write(GEO / "geonames_IQ_extra_records.tsv", "IQ.txt")
        zf.writestr("readme.txt", "test dump")
    alt = "1\t96735\tar\tفيشخابور\t\t\t\t\t\t\n2\t96735\tlink\thttps://example.org\t\t\t\t\t\t\n"
    with zipfile.ZipFile(root / "alternatenames" / "IQ.zip", "w") as zf:
        zf.writestr("IQ.txt", alt)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_download_and_build(dump_server: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    inputs = download_dumps(cache, ["IQ"], None, alternate_names=True, base_url=dump_server)
    assert (cache / "IQ.zip").is_file() and inputs.admin1 is not None
    report = build_gazetteer(inputs, tmp_path / "g.sqlite")
    assert report.places >= 1
    gaz = Gazetteer(report.path)
    for name in ("Fishkhabur", "Faysh Khabur", "فيشخابور"):
        assert gaz.lookup(name, limit=1)[0].place.geonameid == 96735
    assert not gaz.has_name("https example org")
    # A second download reuses the cache: the server is not needed any more.
    again = download_dumps(cache, ["IQ"], None, alternate_names=True, base_url="http://127.0.0.1:9")
    assert again.geonames_tables == inputs.geonames_tables


def test_download_error_is_a_gazetteer_error(dump_server: str, tmp_path: Path) -> None:
    with pytest.raises(GazetteerError):
        download_dumps(tmp_path / "c", ["XX"], None, base_url=dump_server)
