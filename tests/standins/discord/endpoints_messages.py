"""Messages in channels: send (JSON or multipart with files), edit, delete, read one or the history."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from tests.standins.discord.endpoints import Req, route
from tests.standins.discord.records import missing_access, not_author, unknown_channel

if TYPE_CHECKING:
    from tests.standins.discord.standin import DiscordStandIn


def readable(standin: DiscordStandIn, channel_id: int) -> None:
    if channel_id not in standin.channels:
        raise unknown_channel()
    if channel_id in standin.hidden_channels:
        raise missing_access()


@route("POST", "/channels/{channel_id}/messages")
def send_message(standin: DiscordStandIn, req: Req) -> Any:
    channel_id = req.id("channel_id")
    standin.sendable_channel(channel_id)
    return standin.create_message(channel_id, req.body, req.files)


@route("GET", "/channels/{channel_id}/messages")
def history(standin: DiscordStandIn, req: Req) -> Any:
    channel_id = req.id("channel_id")
    readable(standin, channel_id)
    limit = max(1, min(100, int(req.query.get("limit", 50))))
    messages = [m for m in standin.store[channel_id].values() if not m["flags"] & 64]
    messages.sort(key=lambda m: int(m["id"]), reverse=True)
    if "before" in req.query:
        messages = [m for m in messages if int(m["id"]) < int(req.query["before"])]
    if "after" in req.query:
        messages = [m for m in messages if int(m["id"]) > int(req.query["after"])]
        messages = messages[-limit:]
    return copy.deepcopy(messages[:limit])


@route("GET", "/channels/{channel_id}/messages/{message_id}")
def get_message(standin: DiscordStandIn, req: Req) -> Any:
    channel_id = req.id("channel_id")
    readable(standin, channel_id)
    return copy.deepcopy(standin.find_message(channel_id, req.id("message_id")))


@route("PATCH", "/channels/{channel_id}/messages/{message_id}")
def edit_message(standin: DiscordStandIn, req: Req) -> Any:
    channel_id = req.id("channel_id")
    readable(standin, channel_id)
    message = standin.find_message(channel_id, req.id("message_id"))
    if int(message["author"]["id"]) != standin.bot_user_id:
        raise not_author()
    return standin.edit_message(channel_id, req.id("message_id"), req.body, req.files)


@route("DELETE", "/channels/{channel_id}/messages/{message_id}")
def delete_message(standin: DiscordStandIn, req: Req) -> Any:
    channel_id = req.id("channel_id")
    readable(standin, channel_id)
    standin.delete_message(channel_id, req.id("message_id"))
    return None


@route("POST", "/channels/{channel_id}/typing")
def typing(standin: DiscordStandIn, req: Req) -> Any:
    channel_id = req.id("channel_id")
    readable(standin, channel_id)
    return None
