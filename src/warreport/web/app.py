"""The FastAPI application: ``create_app(config)``.

One exception handler turns every error into the same JSON shape,
``{"error": {"type", "message", "status", "details"}}``: warreport's own errors carry their
HTTP status (errors.py), bad query values are 422, unknown paths 404. HTML pages get a strict
Content-Security-Policy (scripts only from this server), CORS is off unless origins are set.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warreport import __version__
from warreport.alerts import SubscriptionStore
from warreport.config import Config, load_config
from warreport.errors import WarreportError
from warreport.review import ReviewStore
from warreport.store import Store
from warreport.web.deps import AppContext
from warreport.web.security import RateLimiter, TokenStore

log = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")
DESCRIPTION = (
    "Conflict events extracted from war reports, geocoded and time-stamped, ACLED-style. "
    "Reads are public unless `public_read` is off; every write needs an API token "
    "(`Authorization: Bearer <token>`, made with `warreport token create --name NAME`)."
)


def error_body(status: int, kind: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"type": kind, "message": message, "status": status, "details": details}}


async def handle_error(request: Request, exc: Exception) -> JSONResponse:
    """The API's single exception handler (registered for each error family)."""
    if isinstance(exc, WarreportError):
        status, kind, message, details = exc.http_status, type(exc).__name__, exc.message, None
    elif isinstance(exc, RequestValidationError):
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()
        ]
        message = "; ".join(f"{'.'.join(d['loc'][1:] or d['loc'])}: {d['msg']}" for d in details)
        status, kind = 422, "ValidationError"
    elif isinstance(exc, StarletteHTTPException):
        status, kind, message, details = exc.status_code, "HTTPError", str(exc.detail), None
    else:
        log.exception("unhandled error on %s", request.url.path)
        status, kind, message, details = 500, "InternalError", "internal server error", None
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_body(status, kind, message, details), status_code=status, headers=headers)


def tile_origins(tiles_url: str) -> str:
    """CSP sources for the tile basemap ({s} subdomains become a wildcard)."""
    if not tiles_url:
        return ""
    parts = urlsplit(tiles_url.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.netloc
    if "{s}" in tiles_url:
        host = "*." + host.split(".", 1)[1] if "." in host else host
    return f"{parts.scheme}://{host}"


def _csp(config: Config) -> str:
    tiles = tile_origins(str(config.tiles_url))
    return (
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
        f"img-src 'self' data: {tiles}".rstrip()
        + "; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'"
    )


class SecurityHeaders:
    """Pure ASGI middleware: nosniff and referrer policy everywhere; CSP and frame denial on
    HTML pages (not on /docs, whose Swagger UI needs an inline script)."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.csp = csp.encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.startswith(b"text/html") and path != "/docs":
                    extra += [(b"content-security-policy", self.csp), (b"x-frame-options", b"DENY")]
                headers += [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _mount_static(app: FastAPI) -> None:
    from xstatic.pkg import leaflet as xleaflet

    app.mount("/static/leaflet", StaticFiles(directory=xleaflet.BASE_DIR), name="leaflet")
    app.mount("/static/app", StaticFiles(directory=STATIC), name="static")


def _docs(app: FastAPI) -> None:
    """Swagger UI served from the swagger-ui-bundle package, so /docs works offline."""
    from fastapi.openapi.docs import get_swagger_ui_html

    spec = importlib.util.find_spec("swagger_ui_bundle")
    if spec is None:
        return
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/static/swagger", StaticFiles(directory=str(swagger_ui_path)), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="warreport API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/app/favicon.svg",
        )


def create_app(config: Config | None = None, *, store: Store | None = None) -> FastAPI:
    """The web app over one store: REST API, map page, document pages, alerts."""
    config = config or load_config()
    store = store or Store(config.db)
    offline_docs = importlib.util.find_spec("swagger_ui_bundle") is not None
    app = FastAPI(
        title="warreport",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None if offline_docs else "/docs",
        redoc_url=None,
    )
    app.state.ctx = AppContext(
        config=config,
        store=store,
        reviews=ReviewStore(store.db),
        tokens=TokenStore(store.db),
        subscriptions=SubscriptionStore(store.db),
        limiter=RateLimiter(int(config.write_rate_limit)),
    )
    for family in (WarreportError, RequestValidationError, StarletteHTTPException):
        app.add_exception_handler(family, handle_error)

    app.add_middleware(SecurityHeaders, csp=_csp(config))

    origins = [o.strip() for o in str(config.cors_origins).split(",") if o.strip()]
    if origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-API-Token"],
        )

    from warreport.web import pages, routes_alerts, routes_docs, routes_events, routes_meta

    for module in (routes_events, routes_docs, routes_meta, routes_alerts, pages):
        app.include_router(module.router)
    if importlib.util.find_spec("warreport.web.routes_analysis") is not None:
        analysis = importlib.import_module("warreport.web.routes_analysis")
        app.include_router(analysis.router)
    _mount_static(app)
    if offline_docs:
        _docs(app)
    return app
