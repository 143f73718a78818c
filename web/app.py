"""The app: health, and the route tables of what the deployment serves, in one Starlette application.

Adding a feature's pages is adding its table: `web/<feature>.py` with `routes(...)`, built where the
composition root builds the others (dreambank/bootstrap.py `App.web_routes`). Every response carries the
security headers below; a page may send a stricter Content-Security-Policy of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import health

#: no script and nothing from another origin anywhere; the small mail pages keep their inline style
DEFAULT_POLICY = ("default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
                  "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": DEFAULT_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}


class SecurityHeaders:
    """Adds each of SECURITY_HEADERS that the response does not set itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.decode("latin-1").lower() for name, _value in headers}
                headers += [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
                            if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)


def web_app(*tables: Iterable[BaseRoute]) -> Starlette:
    """One application serving `/healthz` and every route of `tables`, each response with the security headers."""
    return Starlette(routes=[*health.routes(), *(route for table in tables for route in table)],
                     middleware=[Middleware(SecurityHeaders)])
