"""Channels and threads: read and edit a channel (forum tags, a thread's tags, archiving), forum posts, threads."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from tests.standins.discord.endpoints import Req, route
from tests.standins.discord.endpoints_messages import readable
from tests.standins.discord.records import DiscordError, JsonDict, invalid_form
from tests.standins.discord.snowflakes import iso_now, snowflake
from tests.standins.discord.validation import APPLIED_TAGS_MAX, THREAD_NAME_MAX, FormErrors, check_message
from tests.standins.discord.world import CATEGORY, FORUM, PRIVATE_THREAD, PUBLIC_THREAD, TEXT, THREADS

if TYPE_CHECKING:
    from tests.standins.discord.standin import DiscordStandIn

CHANNEL_FIELDS = (
    "name",
    "topic",
    "position",
    "nsfw",
    "rate_limit_per_user",
    "permission_overwrites",
    "flags",
    "default_auto_archive_duration",
    "default_reaction_emoji",
    "default_sort_order",
    "default_forum_layout",
    "default_thread_rate_limit_per_user",
)
THREAD_FIELDS = ("name", "rate_limit_per_user", "flags")
THREAD_METADATA = ("archived", "locked", "auto_archive_duration", "invitable")
TAG_NAME_MAX = 20
TAGS_MAX = 20
AUTO_ARCHIVE = frozenset({60, 1440, 4320, 10080})


def thread_payload(standin: DiscordStandIn, thread_id: int, parent: JsonDict, body: JsonDict, kind: int) -> JsonDict:
    now = iso_now()
    thread: JsonDict = {
        "id": str(thread_id),
        "type": kind,
        "guild_id": parent["guild_id"],
        "parent_id": parent["id"],
        "owner_id": str(standin.bot_user_id),
        "name": body["name"],
        "last_message_id": None,
        "message_count": 0,
        "total_message_sent": 0,
        "member_count": 1,
        "rate_limit_per_user": int(body.get("rate_limit_per_user") or 0),
        "flags": 0,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": int(body.get("auto_archive_duration") or 4320),
            "archive_timestamp": now,
            "locked": False,
            "create_timestamp": now,
        },
        "member": {"id": str(thread_id), "user_id": str(standin.bot_user_id), "join_timestamp": now, "flags": 1},
    }
    if kind == PRIVATE_THREAD:
        thread["thread_metadata"]["invitable"] = bool(body.get("invitable", True))
    if parent["type"] == FORUM:
        thread["applied_tags"] = [str(tag) for tag in body.get("applied_tags") or []]
    return thread


def check_thread(form: FormErrors, body: JsonDict, parent: JsonDict | None) -> None:
    if "name" in body or parent is not None:
        name = body.get("name")
        form.text(("name",), name, THREAD_NAME_MAX, required=True)
    if body.get("auto_archive_duration") is not None and int(body["auto_archive_duration"]) not in AUTO_ARCHIVE:
        form.add(("auto_archive_duration",), "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.")


def check_applied_tags(form: FormErrors, tags: list[Any], forum: JsonDict) -> None:
    available = {tag["id"] for tag in forum.get("available_tags") or []}
    if len(tags) > APPLIED_TAGS_MAX:
        form.too_long(("applied_tags",), APPLIED_TAGS_MAX)
    for index, tag in enumerate(tags):
        if str(tag) not in available:
            form.add(("applied_tags", index), "FORUM_TAG_INVALID", "Tag is not available in this forum")
    if forum.get("flags", 0) & (1 << 4) and not tags:
        form.add(
            ("applied_tags",), "FORUM_POST_REQUIRES_TAG", "A tag is required to create a forum post in this channel"
        )


@route("GET", "/channels/{channel_id}")
def get_channel(standin: DiscordStandIn, req: Req) -> Any:
    channel_id = req.id("channel_id")
    readable(standin, channel_id)
    return copy.deepcopy(standin.channels[channel_id])


@route("PATCH", "/channels/{channel_id}")
def edit_channel(standin: DiscordStandIn, req: Req) -> Any:
    channel_id = req.id("channel_id")
    readable(standin, channel_id)
    channel = standin.channels[channel_id]
    body = req.body
    form = FormErrors()
    if channel["type"] in THREADS:
        check_thread(form, body, None)
        parent = standin.channels[int(channel["parent_id"])]
        if "applied_tags" in body:
            if parent["type"] != FORUM:
                form.add(("applied_tags",), "BASE_TYPE_INVALID", "Only forum posts have tags")
            else:
                check_applied_tags(form, body["applied_tags"] or [], parent)
        form.raise_if_any()
        for key in THREAD_FIELDS:
            if key in body:
                channel[key] = body[key]
        if "applied_tags" in body:
            channel["applied_tags"] = [str(tag) for tag in body["applied_tags"] or []]
        for key in THREAD_METADATA:
            if key in body:
                channel["thread_metadata"][key] = body[key]
                if key == "archived":
                    channel["thread_metadata"]["archive_timestamp"] = iso_now()
        event = "THREAD_UPDATE"
    else:
        form.text(("name",), body.get("name"), 100, required="name" in body)
        if "available_tags" in body:
            if channel["type"] != FORUM:
                form.add(("available_tags",), "BASE_TYPE_INVALID", "Only forums have tags")
            tags = body["available_tags"] or []
            if len(tags) > TAGS_MAX:
                form.too_long(("available_tags",), TAGS_MAX)
            for index, tag in enumerate(tags):
                form.text(("available_tags", index, "name"), tag.get("name"), TAG_NAME_MAX, required=True)
        if body.get("parent_id") and int(body["parent_id"]) in standin.channels:
            if standin.channels[int(body["parent_id"])]["type"] != CATEGORY:
                form.add(("parent_id",), "CHANNEL_PARENT_INVALID_TYPE", "Parent must be a category")
        form.raise_if_any()
        for key in CHANNEL_FIELDS:
            if key in body:
                channel[key] = copy.deepcopy(body[key])
        if "parent_id" in body:
            channel["parent_id"] = str(body["parent_id"]) if body["parent_id"] else None
        if "available_tags" in body:
            channel["available_tags"] = [
                {
                    "id": str(tag.get("id") or snowflake()),
                    "name": tag["name"],
                    "moderated": bool(tag.get("moderated")),
                    "emoji_id": tag.get("emoji_id"),
                    "emoji_name": tag.get("emoji_name"),
                }
                for tag in body["available_tags"] or []
            ]
        event = "CHANNEL_UPDATE"
    standin._dispatch(event, copy.deepcopy(channel))
    return copy.deepcopy(channel)


@route("DELETE", "/channels/{channel_id}")
def delete_channel(standin: DiscordStandIn, req: Req) -> Any:
    channel_id = req.id("channel_id")
    readable(standin, channel_id)
    channel = standin.channels.pop(channel_id)
    standin.store.pop(channel_id, None)
    if channel["type"] in THREADS:
        standin._dispatch("THREAD_DELETE", {k: channel[k] for k in ("id", "guild_id", "parent_id", "type")})
    else:
        standin._dispatch("CHANNEL_DELETE", copy.deepcopy(channel))
    return channel


@route("POST", "/channels/{channel_id}/threads")
def start_thread(standin: DiscordStandIn, req: Req) -> Any:
    """In a forum: a post (a thread whose id is its starter message's); elsewhere: a thread without a message."""
    channel_id = req.id("channel_id")
    readable(standin, channel_id)
    parent = standin.channels[channel_id]
    body = req.body
    form = FormErrors()
    check_thread(form, body, parent)
    if parent["type"] == FORUM:
        check_applied_tags(form, body.get("applied_tags") or [], parent)
        form.raise_if_any()
        message_body: JsonDict = body.get("message") or {}
        try:
            check_message(message_body, files=len(req.files))
        except DiscordError as error:
            if error.errors:
                raise invalid_form({"message": error.errors}) from None
            raise
        thread_id = snowflake()
        thread = thread_payload(standin, thread_id, parent, body, PUBLIC_THREAD)
        standin.channels[thread_id] = thread
        standin.store[thread_id] = {}
        standin._dispatch("THREAD_CREATE", {**copy.deepcopy(thread), "newly_created": True})
        message = standin.create_message(thread_id, message_body, req.files, message_id=thread_id, validate=False)
        parent["last_message_id"] = str(thread_id)
        return {**copy.deepcopy(standin.channels[thread_id]), "message": message}
    if parent["type"] not in (TEXT, 5):
        raise DiscordError(400, 50024, "Cannot execute action on this channel type")
    kind = int(body.get("type") or PRIVATE_THREAD)
    if kind not in (PUBLIC_THREAD, PRIVATE_THREAD):
        form.add(("type",), "BASE_TYPE_CHOICES", "Value must be one of {10, 11, 12}.")
    form.raise_if_any()
    thread_id = snowflake()
    thread = thread_payload(standin, thread_id, parent, body, kind)
    standin.channels[thread_id] = thread
    standin.store[thread_id] = {}
    standin._dispatch("THREAD_CREATE", {**copy.deepcopy(thread), "newly_created": True})
    return copy.deepcopy(thread)


@route("POST", "/channels/{channel_id}/messages/{message_id}/threads")
def start_thread_from_message(standin: DiscordStandIn, req: Req) -> Any:
    """A thread on a message: the thread's id is the message's."""
    channel_id = req.id("channel_id")
    readable(standin, channel_id)
    parent = standin.channels[channel_id]
    message = standin.find_message(channel_id, req.id("message_id"))
    form = FormErrors()
    check_thread(form, req.body, parent)
    form.raise_if_any()
    thread_id = int(message["id"])
    if thread_id in standin.channels:
        raise DiscordError(400, 160004, "A thread has already been created for this message")
    thread = thread_payload(standin, thread_id, parent, req.body, PUBLIC_THREAD)
    standin.channels[thread_id] = thread
    standin.store[thread_id] = {}
    message["thread"] = copy.deepcopy(thread)
    standin._dispatch("THREAD_CREATE", {**copy.deepcopy(thread), "newly_created": True})
    return copy.deepcopy(thread)


@route("PUT", "/channels/{channel_id}/thread-members/@me")
def join_thread(standin: DiscordStandIn, req: Req) -> Any:
    channel_id = req.id("channel_id")
    readable(standin, channel_id)
    return None
