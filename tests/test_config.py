"""Settings are layered: defaults < file < WARREPORT_* environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from warreport.config import SETTINGS, load_config
from warreport.errors import ConfigError


def test_layers(tmp_path: Path) -> None:
    cfg_file = tmp_path / "warreport.toml"
    cfg_file.write_text('[warreport]\ndb = "sqlite:///file.db"\nworkers = 3\nport = 9000\n')
    env = {"WARREPORT_WORKERS": "5", "WARREPORT_PORT": "9100"}
    cfg = load_config(environ=env, config_file=cfg_file, port=9200)
    assert cfg.db == "sqlite:///file.db" and cfg.origins["db"] == str(cfg_file)
    assert cfg.workers == 5 and cfg.origins["workers"] == "env"
    assert cfg.port == 9200 and cfg.origins["port"] == "flag"
    assert cfg.max_page_bytes == next(s.default for s in SETTINGS if s.name == "max_page_bytes")


@pytest.mark.parametrize(
    ("env", "message"),
    [({"WARREPORT_WORKERS": "many"}, "expected int"), ({"WARREPORT_ALLOW_PRIVATE": "maybe"}, "true/false")],
)
def test_bad_values_are_clear(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(environ=env)


def test_unknown_key_in_file(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text("colour = 'red'\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_config(environ={}, config_file=path)


def test_every_setting_has_help() -> None:
    assert all(s.help.strip() for s in SETTINGS)
    assert len({s.name for s in SETTINGS}) == len(SETTINGS)
