"""`warreport serve` (the map, the API and the docs) and `warreport token create|list|revoke`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()
token_app = typer.Typer(help="API tokens for writes (reviews, votes, subscriptions, uploads).",
                        no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
    app.add_typer(token_app, name="token")


def serve_cmd(
    host: Annotated[str | None, typer.Option("--host", help="Address to bind (env WARREPORT_HOST).", show_default=False)] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port to listen on (env WARREPORT_PORT).", show_default=False)] = None,
    tiles_url: Annotated[
        str | None,
        typer.Option("--tiles-url", help="Tile basemap URL template; '' for the offline outline map only.", show_default=False),
    ] = None,
    public_read: Annotated[
        bool | None,
        typer.Option("--public-read/--private-read", help="Serve reads without a token (env WARREPORT_PUBLIC_READ).", show_default=False),
    ] = None,
    log_level: Annotated[str, typer.Option("--access-log-level", help="uvicorn's log level.")] = "warning",
) -> None:
    """Serve the map, the REST API (docs at /docs) and the alert feeds until Ctrl-C."""
    import uvicorn

    from warreport.cli import get_config
    from warreport.web.app import create_app

    cfg = get_config().with_overrides(host=host, port=port, tiles_url=tiles_url, public_read=public_read)
    app = create_app(cfg)
    shown = "localhost" if cfg.host in ("127.0.0.1", "0.0.0.0", "::") else cfg.host
    console.print(f"warreport map:  http://{shown}:{cfg.port}/", highlight=False)
    console.print(f"API docs:       http://{shown}:{cfg.port}/docs", highlight=False)
    console.print(f"store:          {cfg.db}    (Ctrl-C to stop)", highlight=False)
    uvicorn.run(app, host=cfg.host, port=int(cfg.port), log_level=log_level)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Option("--name", help="Who the token is for; recorded as the author of reviews.")],
) -> None:
    """Create a token and print it once (only its hash is stored)."""
    from warreport.cli import get_config
    from warreport.store import Store
    from warreport.web.security import TokenStore

    token = TokenStore(Store(get_config().db).db).create(name)
    typer.echo(token)
    typer.echo(f"(token for {name!r}: keep it now, it cannot be shown again)", err=True)


@token_app.command("list")
def token_list() -> None:
    """Tokens by name, with when they were made, last used and revoked."""
    from warreport.cli import get_config
    from warreport.store import Store
    from warreport.web.security import TokenStore

    table = Table(title="API tokens")
    for col in ("name", "prefix", "created", "last used", "revoked"):
        table.add_column(col)
    def fmt(d: datetime | None) -> str:
        return d.strftime("%Y-%m-%d %H:%M") if d else ""

    for t in TokenStore(Store(get_config().db).db).list():
        table.add_row(t.name, t.prefix + "…", fmt(t.created_at), fmt(t.last_used_at), fmt(t.revoked_at))
    console.print(table)


@token_app.command("revoke")
def token_revoke(name: Annotated[str, typer.Argument(help="Name of the token to revoke.")]) -> None:
    """Revoke a token: writes with it are refused from now on."""
    from warreport.cli import get_config
    from warreport.store import Store
    from warreport.web.security import TokenStore

    TokenStore(Store(get_config().db).db).revoke(name)
    console.print(f"token {name!r} revoked", highlight=False)
