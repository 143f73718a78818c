"""Telegram's webhook: a route that checks Telegram's secret header and hands the update to the Telegram adapter."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .body_limit import body_within

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
BODY_MAX = 1_000_000


#: the adapter's handling of one posted update: the Bot API method call the response is to carry for Telegram to
#: make ({"method": ..., and its parameters}), or an empty one; None when what was posted is not an update
Receive = Callable[[object], Awaitable[dict[str, Any] | None]]


def routes(path: str, secret: str, receive_update: Receive) -> list[BaseRoute]:
    """POST `path`: 403 without the right secret, 400 for what is not an update, else handled and 200, the body
    carrying the Bot API method the adapter left for Telegram to make, if any."""

    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return JSONResponse({"ok": False, "description": "forbidden"}, status_code=403)
        body = await body_within(request, BODY_MAX)
        if body is None:
            return JSONResponse({"ok": False, "description": "too large"}, status_code=413)
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        answer = await receive_update(payload) if payload is not None else None
        if answer is None:
            log.warning("the webhook received something that is not a Telegram update")
            return JSONResponse({"ok": False, "description": "not an update"}, status_code=400)
        return JSONResponse(answer or {"ok": True})

    return [Route(path, receive, methods=["POST"], name="telegram_webhook")]
