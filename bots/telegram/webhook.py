"""The webhook endpoint: an ASGI route that checks Telegram's secret header and hands the update on."""

from __future__ import annotations

import hmac
import json
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
BODY_MAX = 1_000_000


def webhook_route(path: str, application: Application, secret: str) -> Route:
    """POST `path`: 403 without the right secret, 400 for what is not an update, else handled and 200."""

    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return JSONResponse({"ok": False, "description": "forbidden"}, status_code=403)
        body = await body_within(request, BODY_MAX)
        if body is None:
            return JSONResponse({"ok": False, "description": "too large"}, status_code=413)
        try:
            update = Update.de_json(json.loads(body), application.bot)
        except Exception:  # anything that does not parse as an update is the sender's mistake
            log.warning("the webhook received something that is not a Telegram update")
            return JSONResponse({"ok": False, "description": "not an update"}, status_code=400)
        await application.process_update(update)
        return JSONResponse({"ok": True})

    return Route(path, receive, methods=["POST"])


async def body_within(request: Request, limit: int) -> bytes | None:
    """The request's body, or None as soon as it is known to be longer than `limit`.

    Refused on the declared Content-Length before reading anything, and counted while it streams in
    (a chunked body declares nothing), so a huge post costs no more memory than the limit.
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
