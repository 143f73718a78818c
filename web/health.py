"""`/healthz`: the process is up and serving."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import BaseRoute, Route


async def alive(_request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def routes() -> list[BaseRoute]:
    return [Route("/healthz", alive, name="health")]
