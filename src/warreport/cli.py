"""The `warreport` command line. Errors become one-line messages and exit codes here only.

Each area of the package registers its commands from its own ``commands`` module
(``register(app)``); heavy imports happen inside the commands, so ``--help`` is fast.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from warreport import __version__
from warreport.config import Config, load_config
from warreport.errors import WarreportError
from warreport.logs import setup_logging

app = typer.Typer(
    name="warreport",
    help="Turn conflict news (war reports) into a geocoded, time-stamped event database, "
    "a control timeline, maps and daily situation reports.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

err_console = Console(stderr=True)

# Modules that add commands to `app`. Each defines `register(app: typer.Typer) -> None`.
COMMAND_MODULES = (
    "warreport.ingest.commands",
    "warreport.extract.commands",
    "warreport.export.commands",
    "warreport.gazetteer.commands",
    "warreport.eval.commands",
    "warreport.moderation.commands",
    "warreport.web.commands",
    "warreport.alerts.commands",
    "warreport.scale.commands",
    "warreport.analysis.commands",
    "warreport.report.commands",
)


class State:
    """Options shared by every command, resolved once in the callback."""

    config: Config | None = None


state = State()


def get_config() -> Config:
    if state.config is None:
        state.config = load_config()
    return state.config


def _version(value: bool) -> None:
    if value:
        typer.echo(f"warreport {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    db: Annotated[
        str | None,
        typer.Option("--db", help="SQLAlchemy URL or SQLite path of the store (env WARREPORT_DB).", show_default=False),
    ] = None,
    config_file: Annotated[
        Path | None,
        typer.Option("--config", help="TOML settings file (default ./warreport.toml or WARREPORT_CONFIG).", show_default=False),
    ] = None,
    log_level: Annotated[
        str | None, typer.Option("--log-level", help="DEBUG, INFO, WARNING or ERROR (env WARREPORT_LOG_LEVEL).", show_default=False)
    ] = None,
    log_format: Annotated[
        str | None, typer.Option("--log-format", help="text or json log lines on stderr.", show_default=False)
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Settings are layered: defaults < config file < WARREPORT_* environment < these flags."""
    state.config = load_config(config_file=config_file, db=db, log_level=log_level, log_format=log_format)
    setup_logging(state.config.log_level, state.config.log_format)


def _register_all() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(app)


_register_all()


def main() -> None:
    """Entry point: run the app, turning WarreportError into a one-line message and exit code."""
    try:
        result = app(standalone_mode=False)
        if isinstance(result, int) and result:
            sys.exit(result)
    except WarreportError as exc:
        err_console.print(f"[bold red]error:[/] {exc.message}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - click usage errors arrive as ClickException
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise


if __name__ == "__main__":
    main()
