"""Who the bot is: /users/@me, its application, the gateway's address, and DM channels."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from tests.standins.discord.endpoints import Req, route
from tests.standins.discord.records import invalid_form, unknown_user

if TYPE_CHECKING:
    from tests.standins.discord.standin import DiscordStandIn


@route("GET", "/users/@me")
def get_me(standin: DiscordStandIn, req: Req) -> Any:
    return {**copy.deepcopy(standin.bot), "verified": True, "mfa_enabled": False, "locale": "en-US", "email": None}


@route("GET", "/oauth2/applications/@me")
def get_application(standin: DiscordStandIn, req: Req) -> Any:
    return standin.application_payload()


@route("GET", "/applications/@me")
def get_current_application(standin: DiscordStandIn, req: Req) -> Any:
    return standin.application_payload()


@route("GET", "/gateway")
def get_gateway(standin: DiscordStandIn, req: Req) -> Any:
    return {"url": standin.gateway_url.rstrip("/")}


@route("GET", "/gateway/bot")
def get_gateway_bot(standin: DiscordStandIn, req: Req) -> Any:
    return {
        "url": standin.gateway_url.rstrip("/"),
        "shards": 1,
        "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 86_400_000, "max_concurrency": 1},
    }


@route("POST", "/users/@me/channels")
def open_dm(standin: DiscordStandIn, req: Req) -> Any:
    recipient = req.body.get("recipient_id")
    if recipient is None:
        raise invalid_form(
            {"recipient_id": {"_errors": [{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]}}
        )
    user_id = int(recipient)
    if user_id not in standin.users or user_id == standin.bot_user_id:
        raise unknown_user()
    return copy.deepcopy(standin.channels[standin.dm_channel(user_id)])


@route("GET", "/users/{user_id}")
def get_user(standin: DiscordStandIn, req: Req) -> Any:
    user = standin.users.get(req.id("user_id"))
    if user is None:
        raise unknown_user()
    return copy.deepcopy(user)
