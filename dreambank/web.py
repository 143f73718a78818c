"""dreambank's one HTTP endpoint: Telegram's webhook and the links in mail, in one ASGI app."""

from __future__ import annotations

import asyncio
import logging

import uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import BaseRoute, Route

from .bootstrap import App

log = logging.getLogger(__name__)


def asgi_app(routes: list[BaseRoute]) -> Starlette:
    async def alive(_request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    return Starlette(routes=[*routes, Route("/healthz", alive)])


def mail_routes(app: App) -> list[BaseRoute]:
    """The unsubscribe links of mail, when mail is set up."""
    if app.settings.smtp_url is None:
        return []
    from bots.email.unsubscribe import unsubscribe_routes

    return list(unsubscribe_routes(app.uow, app.settings.resolved_secret()))


async def serve(app: App, routes: list[BaseRoute], stop: asyncio.Event) -> None:
    """Serve the routes on the configured address until `stop`."""
    host, port = app.settings.listen_address()
    server = uvicorn.Server(uvicorn.Config(asgi_app(routes), host=host, port=port, log_level="warning",
                                           log_config=None, lifespan="off"))  # its records pass the root's filter
    log.warning("HTTP: listening on %s:%s", host, port)
    serving = asyncio.create_task(server.serve())
    await stop.wait()
    server.should_exit = True
    await serving
