"""`/metrics`: what this process counts, in Prometheus's text format; behind a bearer token when one is set."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

#: the scrape's text
Exposition = Callable[[], Awaitable[bytes]]


def routes(exposition: Exposition, content_type: str, token: str | None = None) -> list[BaseRoute]:
    """GET /metrics; with `token`, a request without `Authorization: Bearer <token>` gets 401 and nothing else."""

    async def metrics(request: Request) -> Response:
        if token is not None and not _bears(request, token):
            return PlainTextResponse("a bearer token is needed", status_code=401,
                                     headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        return Response(await exposition(), media_type=content_type, headers={"Cache-Control": "no-store"})

    return [Route("/metrics", metrics, methods=["GET"], name="metrics")]


def _bears(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())
