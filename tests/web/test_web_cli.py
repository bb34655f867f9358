"""CLI: `token create|list|revoke`, `alerts list|add|remove|deliver`, and `serve`."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from warreport.web.security import TokenStore, hash_token
from web_fixtures import build_store

runner = CliRunner()


def cli(url: str, *args: str) -> object:
    from warreport.cli import app

    return runner.invoke(app, ["--db", url, *args])


def test_token_create_list_revoke(sqlite_url: str) -> None:
    store, _, _ = build_store(sqlite_url)
    result = cli(sqlite_url, "token", "create", "--name", "alice")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[0]
    assert token.startswith("wr_") and len(token) > 30
    assert TokenStore(store.db).verify(token) == "alice"
    with store.db.session() as s:
        from warreport.store.schema import ApiTokenRow

        row = s.query(ApiTokenRow).one()
        assert row.token_hash == hash_token(token) and token not in (row.token_hash, row.prefix)
    assert cli(sqlite_url, "token", "create", "--name", "alice").exit_code != 0  # names are unique
    listing = cli(sqlite_url, "token", "list")
    assert "alice" in listing.stdout and token not in listing.stdout
    assert cli(sqlite_url, "token", "revoke", "alice").exit_code == 0
    assert TokenStore(store.db).verify(token) is None
    assert cli(sqlite_url, "token", "revoke", "bob").exit_code != 0


def test_alerts_add_list_remove(sqlite_url: str) -> None:
    build_store(sqlite_url)
    added = cli(sqlite_url, "alerts", "add", "--name", "Deir ez-Zor", "--near", "35.33,40.14",
                "--radius-km", "50", "--actor", "ISIS", "--event-type", "Battles",
                "--webhook", "https://hooks.example.org/wr")
    assert added.exit_code == 0, added.output
    assert re.search(r"/alerts/[0-9a-f]{32}\.atom", added.stdout)
    assert "webhook secret" in added.stdout
    listing = cli(sqlite_url, "alerts", "list")
    assert "Deir ez-Zor" in listing.stdout and "50 km" in listing.stdout
    assert cli(sqlite_url, "alerts", "add", "--name", "x", "--bbox", "1,2,3").exit_code != 0
    assert cli(sqlite_url, "alerts", "add", "--name", "x", "--near", "35").exit_code != 0
    assert cli(sqlite_url, "alerts", "remove", "1").exit_code == 0
    assert cli(sqlite_url, "alerts", "remove", "1").exit_code != 0
    assert "(0)" in cli(sqlite_url, "alerts", "list").stdout


def test_alerts_deliver_reports_refused_private_hook(sqlite_url: str) -> None:
    build_store(sqlite_url)
    cli(sqlite_url, "alerts", "add", "--name", "local", "--webhook", "http://127.0.0.1:9/hook")
    result = cli(sqlite_url, "alerts", "deliver", "--attempts", "1")
    assert result.exit_code == 0 and "0 delivered" in result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_prints_the_url_and_serves(sqlite_url: str, tmp_path: Path) -> None:
    build_store(sqlite_url)
    port = _free_port()
    env = {**os.environ, "WARREPORT_DB": sqlite_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "warreport", "serve", "--port", str(port), "--tiles-url", ""],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 60
        ok = False
        while time.monotonic() < deadline and not ok:
            try:
                ok = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                time.sleep(0.3)
        assert ok, "server did not answer"
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert page.status_code == 200 and "/static/leaflet/leaflet.js" in page.text
        events = httpx.get(f"http://127.0.0.1:{port}/api/events", timeout=5).json()
        assert events["count"] == 3
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=20)
    assert f"http://localhost:{port}/" in out
