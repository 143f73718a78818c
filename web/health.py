"""`/healthz`: the process is up and serving. `/readyz`: it can do its work, for a load balancer to send it some.

Neither says anything about the deployment beyond ok or a short reason: no address, no version, no person.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import BaseRoute, Route

#: None when the process can serve; else a short reason, fit to show anyone
NotReady = Callable[[], Awaitable[str | None]]
_UNCACHED = {"Cache-Control": "no-store"}


async def alive(_request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def routes() -> list[BaseRoute]:
    return [Route("/healthz", alive, name="health")]


def readiness(not_ready: NotReady) -> list[BaseRoute]:
    """GET /readyz: 200 when `not_ready` finds nothing in the way, else 503 with its reason."""

    async def ready(_request: Request) -> JSONResponse:
        reason = await not_ready()
        if reason is not None:
            return JSONResponse({"ready": False, "reason": reason}, status_code=503, headers=_UNCACHED)
        return JSONResponse({"ready": True}, headers=_UNCACHED)

    return [Route("/readyz", ready, name="readiness")]
