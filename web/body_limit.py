"""A cap on request bodies for routes that read theirs whole, refused by declared length and while streaming: as
middleware around routes (BodyLimit, limited), or read by a route that answers a body too long its own way
(body_within)."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: a one-click unsubscribe posts 26 bytes; a little room for what else a mail client sends
MAIL_BODY_MAX = 16 * 1024


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: 413 for a declared Content-Length over `limit`, and for a body (chunked or lying
    about its length) that turns out longer while it is read, so no route holds more than `limit` bytes."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await _too_large(scope, receive, send)
            return
        received = 0
        started = False

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge()
            return message

        async def noting(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, noting)
        except _TooLarge:
            if started:
                raise
            await _too_large(scope, receive, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainTextResponse("request body too large", status_code=413)(scope, receive, send)


def limited(routes: list[BaseRoute], limit: int) -> list[BaseRoute]:
    """The same routes, each behind BodyLimit."""
    return [Route(r.path, r.endpoint, methods=list(r.methods or []), name=r.name,
                  middleware=[Middleware(BodyLimit, limit=limit)]) if isinstance(r, Route) else r for r in routes]


async def body_within(request: Request, limit: int) -> bytes | None:
    """The request's body, or None as soon as it is known to be longer than `limit`.

    Refused on the declared Content-Length before reading anything, and counted while it streams in
    (a chunked body declares nothing), so a huge post costs no more memory than the limit; the rest is never read.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)
