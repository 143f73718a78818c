"""How the bot receives updates: long polling with getUpdates, or a webhook."""

from __future__ import annotations

import asyncio
import copy
import re
from typing import TYPE_CHECKING

from tests.standins.telegram.endpoints import Req, method
from tests.standins.telegram.records import POLL_CONFLICT, WEBHOOK_CONFLICT, ApiError, JsonDict, bad
from tests.standins.telegram.state import DEFAULT_UPDATE_TYPES, Queued
from tests.standins.telegram.values import as_bool, as_int

if TYPE_CHECKING:
    from tests.standins.telegram.standin import BotApiStandIn




@method("getUpdates")
async def get_updates(api: BotApiStandIn, req: Req) -> list[JsonDict]:
    if api.webhook:
        raise ApiError(409, WEBHOOK_CONFLICT)
    offset = as_int(req.get("offset") or 0, "offset")
    limit = min(max(as_int(req.get("limit") or 100, "limit"), 1), 100)
    try:
        timeout = min(max(float(req.get("timeout") or 0), 0.0), api.max_poll_seconds)
    except (TypeError, ValueError):
        raise bad('field "timeout" must be of type Integer') from None
    allowed = req.get("allowed_updates")
    if isinstance(allowed, list):
        api._allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
    api._poll_generation += 1
    generation = api._poll_generation
    api._wake_polls()  # an older long poll ends with 409
    _confirm(api, offset)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        if await req.request.is_disconnected():
            return []  # the poller went away (cancelled); nothing is handed out
        if generation != api._poll_generation:
            raise ApiError(409, POLL_CONFLICT)
        if api.webhook:
            raise ApiError(409, WEBHOOK_CONFLICT)
        batch = _batch(api, limit)
        remaining = deadline - loop.time()
        if batch or api._closing or remaining <= 0:
            break
        event = api._poll_event
        try:
            await asyncio.wait_for(event.wait(), timeout=min(remaining, 0.25))
        except TimeoutError:
            pass
    for queued in batch:
        queued.forced = False
    return [copy.deepcopy(queued.update) for queued in batch]


def _confirm(api: BotApiStandIn, offset: int) -> None:
    if offset > 0:
        api._queue = [q for q in api._queue if q.forced or q.update["update_id"] >= offset]
    elif offset < 0:
        api._queue = api._queue[offset:]


def _batch(api: BotApiStandIn, limit: int) -> list[Queued]:
    def kind(update: JsonDict) -> str:
        return next(key for key in update if key != "update_id")

    api._queue = [q for q in api._queue if kind(q.update) in api._allowed_updates]
    return api._queue[:limit]


@method("setWebhook")
def set_webhook(api: BotApiStandIn, req: Req) -> bool:
    url = req.get("url") or ""
    secret = req.get("secret_token")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
        raise bad("secret token contains unallowed characters")
    if as_bool(req.get("drop_pending_updates")):
        api._queue.clear()
    if not url:
        api.webhook = None
        return True
    if not re.match(r"^https?://[^\s/]+", url):
        raise bad("bad webhook: Failed to resolve host: Name or service not known")
    allowed = req.get("allowed_updates")
    if isinstance(allowed, list):
        api._allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
    api.webhook = {
        "url": url,
        "secret_token": secret,
        "max_connections": as_int(req.get("max_connections") or 40, "max_connections"),
        "ip_address": req.get("ip_address"),
        "allowed_updates": allowed,
    }
    api._webhook_error = None
    api._wake_polls()
    return True


@method("deleteWebhook")
def delete_webhook(api: BotApiStandIn, req: Req) -> bool:
    api.webhook = None
    if as_bool(req.get("drop_pending_updates")):
        api._queue.clear()
    return True


@method("getWebhookInfo")
def get_webhook_info(api: BotApiStandIn, req: Req) -> JsonDict:
    info: JsonDict = {
        "url": api.webhook["url"] if api.webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(api._queue),
    }
    if api.webhook:
        info["max_connections"] = api.webhook["max_connections"]
        info["ip_address"] = api.webhook.get("ip_address") or "127.0.0.1"
        if api.webhook.get("allowed_updates"):
            info["allowed_updates"] = list(api.webhook["allowed_updates"])
        if api._webhook_error:
            info["last_error_date"], info["last_error_message"] = api._webhook_error
    return info
